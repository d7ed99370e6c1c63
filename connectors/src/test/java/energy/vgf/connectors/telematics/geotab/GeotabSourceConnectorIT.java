package energy.vgf.connectors.telematics.geotab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import energy.vgf.connectors.source.JsonPayloads;
import energy.vgf.connectors.testing.ConnectWorker;
import energy.vgf.connectors.testing.PluginMetricsProbe;
import energy.vgf.connectors.testing.ReplayServer;
import energy.vgf.connectors.testing.ReplayServer.Response;
import energy.vgf.connectors.testing.Topics;
import energy.vgf.ops.DeadLetter;
import energy.vgf.telemetry.VehicleTelemetry;
import energy.vgf.testing.PlatformExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(PlatformExtension.class)
class GeotabSourceConnectorIT {

  private static final String RPC = "/apiv1";
  // The reconstructed StatusData sample's two entities, served as GetFeed data.
  private static final String SOC = ReplayServer.sample("geotab/Get_StatusData_StateOfCharge_reconstructed.json");
  private static final String SOC_LATER = """
      {"data":63.0,"dateTime":"2026-11-25T22:10:11.000Z","device":{"id":"b1A"},
       "diagnostic":{"id":"DiagnosticStateOfChargeId"},"version":"00000000015a3c40","id":"a9"}""";
  private static final String SOC_BROKEN = """
      {"data":180.0,"dateTime":"2026-11-25T22:10:40.000Z","device":{"id":"b2C"},
       "diagnostic":{"id":"DiagnosticStateOfChargeId"},"version":"00000000015a3c41","id":"a10"}""";
  private static final String LOG = """
      {"id":"l1","dateTime":"2026-11-25T22:04:56.000Z","device":{"id":"b2C"},"latitude":37.3512,
       "longitude":-121.9533,"speed":52}""";

  @TempDir
  Path dir;

  private static Predicate<ReplayServer.Request> method(String m) {
    return r -> r.body().contains("\"method\":\"" + m + "\"");
  }

  private static Predicate<ReplayServer.Request> feed(String type, String fromVersion) {
    return r -> r.body().contains("\"method\":\"GetFeed\"") && r.body().contains("\"typeName\":\"" + type + "\"")
        && (fromVersion == null ? !r.body().contains("fromVersion")
            : r.body().contains("\"fromVersion\":\"" + fromVersion + "\""));
  }

  private static Response session(String id) {
    return Response.json("{\"result\":{\"credentials\":{\"database\":\"demo_fleet\",\"userName\":\"api@example.com\","
        + "\"sessionId\":\"" + id + "\"},\"path\":\"ThisServer\"},\"jsonrpc\":\"2.0\"}");
  }

  private static Response page(String toVersion, String... entities) {
    return Response.json("{\"result\":{\"data\":[" + String.join(",", entities) + "],\"toVersion\":\"" + toVersion
        + "\"},\"jsonrpc\":\"2.0\"}");
  }

  private static String sampleEntities() {
    try {
      JsonNode result = JsonPayloads.MAPPER.readTree(SOC).get("result");
      return result.get(0) + "," + result.get(1);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static Map<String, String> config(ReplayServer api, String topic, String dlq, boolean logRecords) {
    Map<String, String> c = new HashMap<>();
    c.put("connector.class", GeotabSourceConnector.class.getName());
    c.put("tasks.max", "1");
    c.put("base.url", api.baseUrl());
    c.put("geotab.database", "demo_fleet");
    c.put("geotab.username", "api@example.com");
    c.put("geotab.password", "secret-not-logged");
    c.put("geotab.log.records", Boolean.toString(logRecords));
    c.put("geotab.results.limit", "2");
    c.put("vehicle.id.map", "b1A=bus-07");
    c.put("topic", topic);
    c.put("dead.letter.topic", dlq);
    c.put("poll.interval.ms", "300");
    c.put("http.backoff.initial.ms", "100");
    c.put("http.backoff.max.ms", "400");
    return c;
  }

  @Test
  void followsBothFeedsThroughA429A5xxAnExpiredSessionAndMalformedPayloadsAndCountsItInMetrics() {
    String topic = Topics.create(bootstrap(), "it.geotab");
    String dlq = Topics.create(bootstrap(), "it.geotab.dlq");
    try (ReplayServer api = ReplayServer.start();
        ConnectWorker worker = ConnectWorker.start(bootstrap(), registry(), dir.resolve("offsets"))) {
      api.on(RPC, method("Authenticate"), session("s1"), session("s2"));
      // StatusData: 429, then a full page (resultsLimit 2: more now); at v2 the session has expired, then a 503;
      // then one new reading and one impossible one (a full page again), then nothing new.
      api.on(RPC, feed("StatusData", null), Response.status(429, Map.of("Retry-After", "1"), "{}"),
          page("v2", sampleEntities()));
      api.on(RPC, feed("StatusData", "v2"), Response.json("{\"error\":{\"code\":-32000,\"message\":\"Incorrect login "
          + "credentials\",\"data\":{\"type\":\"InvalidUserException\"}},\"jsonrpc\":\"2.0\"}"),
          Response.status(503, Map.of(), "maintenance"), page("v4", SOC_LATER, SOC_BROKEN));
      api.always(RPC, feed("StatusData", "v4"), page("v4"));
      // LogRecord: first an HTML error page (malformed), then one position.
      api.on(RPC, feed("LogRecord", null), Response.of(200, "text/html",
          "<html>Service Unavailable</html>".getBytes(StandardCharsets.UTF_8)), page("L1", LOG));
      api.always(RPC, feed("LogRecord", "L1"), page("L1"));
      worker.putConnector("geotab-flow", config(api, topic, dlq, true));

      await().atMost(Duration.ofSeconds(40)).until(() -> Topics.values(bootstrap(), registry(), topic).size() >= 4);
      await().atMost(Duration.ofSeconds(10)).until(() -> Topics.values(bootstrap(), registry(), dlq).size() >= 2);

      List<VehicleTelemetry> records = Topics.values(bootstrap(), registry(), topic);
      assertThat(records).extracting(t -> t.getVehicleId() + "@" + t.getTs() + " soc=" + t.getSocPct() + " v="
          + t.getSpeedKmh()).containsExactlyInAnyOrder(
              "bus-07@2026-11-25T22:05:11Z soc=63.5 v=null", "geotab-b2C@2026-11-25T22:04:40Z soc=21.0 v=null",
              "bus-07@2026-11-25T22:10:11Z soc=63.0 v=null", "geotab-b2C@2026-11-25T22:04:56Z soc=null v=52.0");
      List<DeadLetter> dead = Topics.values(bootstrap(), registry(), dlq);
      assertThat(dead).extracting(DeadLetter::getError).anySatisfy(e -> assertThat(e).contains("is not JSON"))
          .anySatisfy(e -> assertThat(e).contains("StatusData a10").contains("outside 0..100"));

      List<ReplayServer.Request> calls = api.requests(RPC);
      assertThat(calls.stream().filter(method("Authenticate"))).hasSize(2)
          .allSatisfy(r -> assertThat(r.body()).contains("\"password\":\"secret-not-logged\""));
      assertThat(calls.stream().filter(feed("StatusData", "v2")))
          .extracting(r -> r.body().contains("\"sessionId\":\"s2\"")).containsExactly(false, true, true);
      assertThat(calls.stream().filter(method("GetFeed")))
          .allSatisfy(r -> assertThat(r.body()).doesNotContain("secret-not-logged"));

      // Connector metrics (KIP-877 plugin metrics in JMX): registered, and they moved with what happened.
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
        assertThat(PluginMetricsProbe.value("geotab-flow", "records-mapped-total")).isEqualTo(4);
        assertThat(PluginMetricsProbe.value("geotab-flow", "records-dead-lettered-total")).isEqualTo(2);
        assertThat(PluginMetricsProbe.value("geotab-flow", "http-throttled-total")).isEqualTo(1);
        assertThat(PluginMetricsProbe.value("geotab-flow", "http-retries-total")).isEqualTo(2);
        assertThat(PluginMetricsProbe.value("geotab-flow", "http-requests-total")).isGreaterThanOrEqualTo(10);
        assertThat(PluginMetricsProbe.value("geotab-flow", "last-successful-fetch-ms")).isPositive();
      });
    }
  }

  @Test
  void resumesFromTheStoredFeedVersionAfterARestart() {
    String topic = Topics.create(bootstrap(), "it.geotab");
    String dlq = Topics.create(bootstrap(), "it.geotab.dlq");
    Path offsets = dir.resolve("offsets-restart");
    try (ReplayServer api = ReplayServer.start()) {
      api.always(RPC, method("Authenticate"), session("s1"));
      api.always(RPC, feed("StatusData", null), page("v2", sampleEntities()));
      api.always(RPC, feed("StatusData", "v2"), page("v2"));
      Map<String, String> config = config(api, topic, dlq, false);
      config.put("geotab.results.limit", "5");
      try (ConnectWorker first = ConnectWorker.start(bootstrap(), registry(), offsets)) {
        first.putConnector("geotab-restart", config);
        await().atMost(Duration.ofSeconds(30)).until(() -> Topics.values(bootstrap(), registry(), topic).size() == 2);
        await().atMost(Duration.ofSeconds(10)).until(() -> api.requests(RPC).stream().anyMatch(feed("StatusData", "v2")));
      }
      // While the worker is down a new reading arrives after v2.
      api.always(RPC, feed("StatusData", "v2"), page("v3", SOC_LATER));
      api.always(RPC, feed("StatusData", "v3"), page("v3"));
      int before = api.requests(RPC).size();
      try (ConnectWorker second = ConnectWorker.start(bootstrap(), registry(), offsets)) {
        second.putConnector("geotab-restart", config);
        await().atMost(Duration.ofSeconds(30)).until(() -> Topics.values(bootstrap(), registry(), topic).size() >= 3);
        await().atMost(Duration.ofSeconds(10)).until(() -> api.requests(RPC).stream().anyMatch(feed("StatusData", "v3")));
      }
      List<ReplayServer.Request> after = api.requests(RPC).subList(before, api.requests(RPC).size());
      assertThat(after.stream().filter(feed("StatusData", null))).isEmpty();
      assertThat(Topics.<VehicleTelemetry>values(bootstrap(), registry(), topic))
          .extracting(t -> t.getVehicleId() + "@" + t.getTs()).containsExactly("bus-07@2026-11-25T22:05:11Z",
              "geotab-b2C@2026-11-25T22:04:40Z", "bus-07@2026-11-25T22:10:11Z");
    }
  }

  private static String bootstrap() {
    return PlatformExtension.bootstrapServers();
  }

  private static String registry() {
    return PlatformExtension.registryUrl();
  }
}
