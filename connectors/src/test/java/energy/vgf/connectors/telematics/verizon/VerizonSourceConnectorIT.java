package energy.vgf.connectors.telematics.verizon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import energy.vgf.connectors.testing.ConnectWorker;
import energy.vgf.connectors.testing.ReplayServer;
import energy.vgf.connectors.testing.ReplayServer.Response;
import energy.vgf.connectors.testing.Topics;
import energy.vgf.ops.DeadLetter;
import energy.vgf.telemetry.VehicleTelemetry;
import energy.vgf.testing.PlatformExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Verizon Connect Reveal: payloads reconstructed from its REST API reference (see resources/constructed). */
@ExtendWith(PlatformExtension.class)
class VerizonSourceConnectorIT {

  private static final String TOKEN = "/token";
  private static final String BUS_17 = "/rad/v1/vehicles/BUS-17/location";
  private static final String BUS_18 = "/rad/v1/vehicles/BUS-18/location";
  private static final String LOCATION = constructed();
  private static final String LOCATION_18 = LOCATION.replace("BUS-17", "BUS-18").replace("\"Speed\": 25.0",
      "\"Speed\": 0.0").replace("\"Moving\"", "\"Stop\"");
  private static final String LOCATION_LATER = LOCATION.replace("22:05:08Z", "22:06:08Z")
      .replace("37.3379", "37.3401");

  @TempDir
  Path dir;

  private static String constructed() {
    try (var in = VerizonSourceConnectorIT.class.getResourceAsStream("/constructed/verizon_location.json")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Map<String, String> config(ReplayServer api, String topic, String dlq) {
    Map<String, String> c = new HashMap<>();
    c.put("connector.class", VerizonSourceConnector.class.getName());
    c.put("tasks.max", "1");
    c.put("base.url", api.baseUrl());
    c.put("verizon.token.url", api.baseUrl() + TOKEN);
    c.put("verizon.username", "rest-user");
    c.put("verizon.password", "rest-pass-not-logged");
    c.put("verizon.app.id", "vgf-app");
    c.put("verizon.vehicle.numbers", "BUS-17,BUS-18");
    c.put("vehicle.id.map", "BUS-17=bus-17");
    c.put("topic", topic);
    c.put("dead.letter.topic", dlq);
    c.put("poll.interval.ms", "300");
    c.put("http.backoff.initial.ms", "100");
    c.put("http.backoff.max.ms", "400");
    return c;
  }

  @Test
  void pollsEachVehicleThroughA429A5xxAnExpiredTokenAndAMalformedAnswer() {
    String topic = Topics.create(bootstrap(), "it.verizon");
    String dlq = Topics.create(bootstrap(), "it.verizon.dlq");
    try (ReplayServer api = ReplayServer.start();
        ConnectWorker worker = ConnectWorker.start(bootstrap(), registry(), dir.resolve("offsets"))) {
      api.on(TOKEN, Response.status(200, Map.of("Content-Type", "text/plain"), "tok-1"),
          Response.status(200, Map.of("Content-Type", "text/plain"), "tok-2"));
      api.on(BUS_17, Response.status(429, Map.of("Retry-After", "1"), "slow down"),
          Response.status(500, Map.of(), "oops"), Response.json(LOCATION),
          Response.status(401, Map.of(), "token expired"), Response.json(LOCATION_LATER));
      api.always(BUS_17, Response.json(LOCATION_LATER));
      api.on(BUS_18, Response.of(200, "text/html", "<html>proxy error</html>".getBytes(StandardCharsets.UTF_8)));
      api.always(BUS_18, Response.json(LOCATION_18));
      worker.putConnector("verizon-flow", config(api, topic, dlq));

      await().atMost(Duration.ofSeconds(30)).until(() -> Topics.values(bootstrap(), registry(), topic).size() >= 3);
      await().atMost(Duration.ofSeconds(10)).until(() -> !Topics.values(bootstrap(), registry(), dlq).isEmpty());

      assertThat(Topics.<VehicleTelemetry>values(bootstrap(), registry(), topic))
          .extracting(t -> t.getVehicleId() + "@" + t.getTs() + " " + t.getLatitudeDeg() + " " + t.getStatus())
          .containsExactlyInAnyOrder("bus-17@2026-11-25T22:05:08Z 37.3379 DRIVING",
              "bus-17@2026-11-25T22:06:08Z 37.3401 DRIVING", "verizon-BUS-18@2026-11-25T22:05:08Z 37.3379 PARKED");
      assertThat(Topics.<DeadLetter>values(bootstrap(), registry(), dlq)).singleElement()
          .satisfies(d -> assertThat(d.getError()).contains("BUS-18").contains("is not JSON"));

      String basic = "Basic " + Base64.getEncoder().encodeToString("rest-user:rest-pass-not-logged"
          .getBytes(StandardCharsets.UTF_8));
      assertThat(api.requests(TOKEN)).hasSize(2).allSatisfy(r -> assertThat(r.header("Authorization")).isEqualTo(basic));
      List<ReplayServer.Request> bus17 = api.requests(BUS_17);
      assertThat(bus17.get(0).header("Authorization")).isEqualTo("Atmosphere atmosphere_app_id=vgf-app, Token tok-1");
      assertThat(bus17.get(4).header("Authorization")).isEqualTo("Atmosphere atmosphere_app_id=vgf-app, Token tok-2");
    }
  }

  @Test
  void resumesAfterTheLastWrittenPositionAfterARestart() {
    String topic = Topics.create(bootstrap(), "it.verizon");
    String dlq = Topics.create(bootstrap(), "it.verizon.dlq");
    Path offsets = dir.resolve("offsets-restart");
    try (ReplayServer api = ReplayServer.start()) {
      api.always(TOKEN, Response.status(200, Map.of("Content-Type", "text/plain"), "tok"));
      api.always(BUS_17, Response.json(LOCATION));
      api.always(BUS_18, Response.json(LOCATION_18));
      Map<String, String> config = config(api, topic, dlq);
      try (ConnectWorker first = ConnectWorker.start(bootstrap(), registry(), offsets)) {
        first.putConnector("verizon-restart", config);
        await().atMost(Duration.ofSeconds(30)).until(() -> Topics.values(bootstrap(), registry(), topic).size() == 2);
      }
      api.always(BUS_17, Response.json(LOCATION_LATER)); // moved while the worker was down
      int before = api.requests(BUS_17).size();
      try (ConnectWorker second = ConnectWorker.start(bootstrap(), registry(), offsets)) {
        second.putConnector("verizon-restart", config);
        await().atMost(Duration.ofSeconds(30)).until(() -> Topics.values(bootstrap(), registry(), topic).size() >= 3);
        await().atMost(Duration.ofSeconds(10)).until(() -> api.requests(BUS_18).size() >= 3);
      }
      assertThat(api.requests(BUS_17).size()).isGreaterThan(before);
      assertThat(Topics.<VehicleTelemetry>values(bootstrap(), registry(), topic))
          .extracting(t -> t.getVehicleId() + "@" + t.getTs()).containsExactlyInAnyOrder(
              "bus-17@2026-11-25T22:05:08Z", "verizon-BUS-18@2026-11-25T22:05:08Z", "bus-17@2026-11-25T22:06:08Z");
    }
  }

  private static String bootstrap() {
    return PlatformExtension.bootstrapServers();
  }

  private static String registry() {
    return PlatformExtension.registryUrl();
  }
}
