package energy.vgf.connectors.telematics.samsara;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import energy.vgf.connectors.testing.ConnectWorker;
import energy.vgf.connectors.testing.Contracts;
import energy.vgf.connectors.testing.ReplayServer;
import energy.vgf.connectors.testing.ReplayServer.Response;
import energy.vgf.connectors.testing.Topics;
import energy.vgf.ops.DeadLetter;
import energy.vgf.telemetry.VehicleTelemetry;
import energy.vgf.testing.PlatformExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(PlatformExtension.class)
class SamsaraSourceConnectorIT {

  private static final String FEED = "/fleet/vehicles/stats/feed";
  private static final String PAGE_1 = ReplayServer.sample("samsara/fleet_vehicles_stats_feed_ev_reconstructed.json");
  private static final String CURSOR_1 = "7b1b9c3a-8e6b-4f0e-9d8c-2f1a0c3b5d11";
  // Page 2: built from the snapshot sample's van (feed shape: arrays) plus one vehicle whose SoC is not a number.
  private static final String VAN = """
      {"id":"281474977075412","name":"Van 31 (E-Transit)",
       "evStateOfChargeMilliPercent":[{"time":"2026-11-25T22:04:40Z","value":21000},
                                      {"time":"2026-11-25T22:09:40Z","value":22500}]}""";
  private static final String BROKEN = """
      {"id":"999","name":"Broken","evStateOfChargeMilliPercent":[{"time":"2026-11-25T22:05:00Z","value":"abc"}]}""";
  private static final String PAGE_2 = page("c2", VAN, BROKEN);
  private static final String EMPTY_AT_C2 = """
      {"data":[],"pagination":{"endCursor":"c2","hasNextPage":false}}""";

  @TempDir
  static Path dir;
  private static ConnectWorker worker;

  @BeforeAll
  static void startWorker() {
    worker = ConnectWorker.start(PlatformExtension.bootstrapServers(), PlatformExtension.registryUrl(),
        dir.resolve("offsets-shared"));
  }

  @AfterEach
  void deleteConnectors() {
    for (String name : List.of("samsara-flow", "samsara-malformed", "samsara-contract")) {
      worker.deleteConnector(name);
    }
  }

  @AfterAll
  static void stopWorker() {
    if (worker != null) {
      worker.close();
    }
  }

  private static Map<String, String> config(ReplayServer api, String topic, String dlq) {
    Map<String, String> c = new HashMap<>();
    c.put("connector.class", SamsaraSourceConnector.class.getName());
    c.put("tasks.max", "1");
    c.put("base.url", api.baseUrl());
    c.put("samsara.api.token", "test-token-not-logged");
    c.put("topic", topic);
    c.put("dead.letter.topic", dlq);
    c.put("poll.interval.ms", "300");
    c.put("http.backoff.initial.ms", "100");
    c.put("http.backoff.max.ms", "400");
    c.put("vehicle.id.map", "112=bus-07");
    return c;
  }

  @Test
  void followsTheCursorThroughA429AndA5xxAndDeadLettersTheUnmappableVehicle() {
    String topic = Topics.create(PlatformExtension.bootstrapServers(), "it.samsara");
    String dlq = Topics.create(PlatformExtension.bootstrapServers(), "it.samsara.dlq");
    try (ReplayServer api = ReplayServer.start()) {
      api.on(FEED, r -> r.param("after") == null,
          Response.status(429, Map.of("Retry-After", "1"), "rate limited"), Response.json(PAGE_1));
      api.on(FEED, r -> CURSOR_1.equals(r.param("after")),
          Response.status(503, Map.of(), "upstream down"), Response.json(PAGE_2));
      api.always(FEED, r -> "c2".equals(r.param("after")), Response.json(EMPTY_AT_C2));
      worker.putConnector("samsara-flow", config(api, topic, dlq));

      await().atMost(Duration.ofSeconds(30)).until(() -> Topics.values(bootstrap(), registry(), topic).size() >= 5);
      await().atMost(Duration.ofSeconds(10)).until(() -> !Topics.values(bootstrap(), registry(), dlq).isEmpty());
      await().atMost(Duration.ofSeconds(10)).until(() -> api.requests().stream()
          .anyMatch(r -> "c2".equals(r.param("after"))));

      List<VehicleTelemetry> records = Topics.values(bootstrap(), registry(), topic);
      assertThat(records).extracting(t -> t.getVehicleId() + "@" + t.getTs() + "=" + t.getSocPct()).containsExactly(
          "bus-07@2026-11-25T21:48:30Z=null", "bus-07@2026-11-25T21:50:00Z=58.0", "bus-07@2026-11-25T22:05:11Z=63.5",
          "samsara-281474977075412@2026-11-25T22:04:40Z=21.0", "samsara-281474977075412@2026-11-25T22:09:40Z=22.5");
      assertThat(Topics.readAll(bootstrap(), registry(), topic)).extracting(r -> r.key())
          .startsWith("bus-07", "bus-07", "bus-07", "samsara-281474977075412");

      List<DeadLetter> dead = Topics.values(bootstrap(), registry(), dlq);
      assertThat(dead).hasSize(1);
      assertThat(dead.get(0).getStage()).isEqualTo("connector:samsara");
      assertThat(dead.get(0).getSourceTopic()).isEqualTo(topic);
      assertThat(dead.get(0).getError()).contains("Samsara vehicle 999").contains("not a number");
      assertThat(StandardCharsets.UTF_8.decode(dead.get(0).getRaw()).toString()).contains("\"abc\"");

      List<ReplayServer.Request> calls = api.requests(FEED);
      assertThat(calls.get(0).param("after")).isNull();
      assertThat(calls.get(0).header("Authorization")).isEqualTo("Bearer test-token-not-logged");
      assertThat(calls.get(0).param("types")).isEqualTo(String.join(",", SamsaraConfig.STAT_TYPES_DEFAULT));
      // 429 then the same request again, after at least the 1 s of Retry-After; 503 then the same cursor again.
      assertThat(calls.get(1).param("after")).isNull();
      assertThat(calls.get(2).param("after")).isEqualTo(CURSOR_1);
      assertThat(calls.get(3).param("after")).isEqualTo(CURSOR_1);
    }
  }

  @Test
  void deadLettersAPageThatIsNotJsonAndReadsOnWhenTheSourceRecovers() {
    String topic = Topics.create(PlatformExtension.bootstrapServers(), "it.samsara");
    String dlq = Topics.create(PlatformExtension.bootstrapServers(), "it.samsara.dlq");
    try (ReplayServer api = ReplayServer.start()) {
      api.on(FEED, r -> r.param("after") == null,
          Response.of(200, "text/html", "<html><body>Gateway maintenance</body></html>".getBytes(StandardCharsets.UTF_8)),
          Response.json(PAGE_1));
      api.always(FEED, r -> CURSOR_1.equals(r.param("after")), Response.json(
          "{\"data\":[],\"pagination\":{\"endCursor\":\"" + CURSOR_1 + "\",\"hasNextPage\":false}}"));
      worker.putConnector("samsara-malformed", config(api, topic, dlq));

      await().atMost(Duration.ofSeconds(30)).until(() -> Topics.values(bootstrap(), registry(), topic).size() >= 3);
      List<DeadLetter> dead = Topics.values(bootstrap(), registry(), dlq);
      assertThat(dead).hasSize(1);
      assertThat(dead.get(0).getError()).contains("is not JSON");
      assertThat(StandardCharsets.UTF_8.decode(dead.get(0).getRaw()).toString()).contains("Gateway maintenance");
      assertThat(Topics.<VehicleTelemetry>values(bootstrap(), registry(), topic)).hasSize(3);
    }
  }

  @Test
  void registersTheSamePlatformContractInTheRegistry() throws Exception {
    String topic = Topics.create(PlatformExtension.bootstrapServers(), "it.samsara");
    try (ReplayServer api = ReplayServer.start()) {
      api.always(FEED, Response.json(PAGE_1.replace("\"hasNextPage\": true", "\"hasNextPage\": false")));
      worker.putConnector("samsara-contract", config(api, topic, Topics.create(bootstrap(), "it.samsara.dlq")));
      await().atMost(Duration.ofSeconds(30)).until(() -> Topics.values(bootstrap(), registry(), topic).size() >= 3);

      HttpResponse<String> latest = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
          URI.create(registry() + "/subjects/" + topic + "-value/versions/latest/schema")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(new Schema.Parser().parse(latest.body())).isEqualTo(Contracts.avsc("VehicleTelemetry"));
    }
  }

  @Test
  void resumesFromTheStoredCursorAfterAWorkerRestartWithoutGapsOrDuplicates() {
    String topic = Topics.create(PlatformExtension.bootstrapServers(), "it.samsara");
    String dlq = Topics.create(PlatformExtension.bootstrapServers(), "it.samsara.dlq");
    Path offsets = dir.resolve("offsets-restart");
    try (ReplayServer api = ReplayServer.start()) {
      api.always(FEED, r -> r.param("after") == null,
          Response.json(PAGE_1.replace("\"hasNextPage\": true", "\"hasNextPage\": false")));
      api.always(FEED, r -> CURSOR_1.equals(r.param("after")), Response.json(
          "{\"data\":[],\"pagination\":{\"endCursor\":\"" + CURSOR_1 + "\",\"hasNextPage\":false}}"));
      Map<String, String> config = config(api, topic, dlq);
      try (ConnectWorker first = ConnectWorker.start(bootstrap(), registry(), offsets)) {
        first.putConnector("samsara-restart", config);
        await().atMost(Duration.ofSeconds(30)).until(() -> Topics.values(bootstrap(), registry(), topic).size() == 3);
      }
      int requestsBeforeRestart = api.requests(FEED).size();

      // While the worker is down the vehicle reports on: the feed after cursor 1 now has two new SoC points.
      api.on(FEED, r -> CURSOR_1.equals(r.param("after")), Response.json(page("c2", VAN)));
      api.always(FEED, r -> "c2".equals(r.param("after")), Response.json(EMPTY_AT_C2));
      try (ConnectWorker second = ConnectWorker.start(bootstrap(), registry(), offsets)) {
        second.putConnector("samsara-restart", config);
        await().atMost(Duration.ofSeconds(30)).until(() -> Topics.values(bootstrap(), registry(), topic).size() >= 5);
        await().atMost(Duration.ofSeconds(10)).until(() -> api.requests().stream()
            .anyMatch(r -> "c2".equals(r.param("after"))));
      }

      List<ReplayServer.Request> afterRestart = api.requests(FEED).subList(requestsBeforeRestart, api.requests(FEED).size());
      assertThat(afterRestart).isNotEmpty().allSatisfy(r -> assertThat(r.param("after")).isNotNull());
      assertThat(afterRestart.get(0).param("after")).isEqualTo(CURSOR_1);
      assertThat(Topics.<VehicleTelemetry>values(bootstrap(), registry(), topic))
          .extracting(t -> t.getVehicleId() + "@" + t.getTs())
          .containsExactly("bus-07@2026-11-25T21:48:30Z", "bus-07@2026-11-25T21:50:00Z", "bus-07@2026-11-25T22:05:11Z",
              "samsara-281474977075412@2026-11-25T22:04:40Z", "samsara-281474977075412@2026-11-25T22:09:40Z");
    }
  }

  private static String page(String endCursor, String... vehicles) {
    return "{\"data\":[" + String.join(",", vehicles) + "],\"pagination\":{\"endCursor\":\"" + endCursor
        + "\",\"hasNextPage\":false}}";
  }

  private static String bootstrap() {
    return PlatformExtension.bootstrapServers();
  }

  private static String registry() {
    return PlatformExtension.registryUrl();
  }
}
