package energy.vgf.connectors.grid.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import energy.vgf.connectors.testing.ConnectWorker;
import energy.vgf.connectors.testing.ReplayServer;
import energy.vgf.connectors.testing.ReplayServer.Response;
import energy.vgf.connectors.testing.Topics;
import energy.vgf.grid.GridConstraint;
import energy.vgf.ops.DeadLetter;
import energy.vgf.testing.PlatformExtension;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(PlatformExtension.class)
class TopologySourceConnectorIT {

  private static final String PATH = "/gis/topology.yaml";
  private static final String TOPOLOGY = TopologyLimitsTest.topology();

  @TempDir
  Path dir;

  private static Map<String, String> config(String url, String topic, String dlq) {
    Map<String, String> c = new HashMap<>();
    c.put("connector.class", TopologySourceConnector.class.getName());
    c.put("tasks.max", "1");
    c.put("topology.url", url);
    c.put("topic", topic);
    c.put("dead.letter.topic", dlq);
    c.put("poll.interval.ms", "300");
    c.put("http.backoff.initial.ms", "100");
    c.put("http.backoff.max.ms", "400");
    return c;
  }

  @Test
  void writesTheLimitsOnceThroughA429A5xxAndAMalformedFile() {
    String topic = Topics.create(bootstrap(), "it.topology");
    String dlq = Topics.create(bootstrap(), "it.topology.dlq");
    try (ReplayServer api = ReplayServer.start();
        ConnectWorker worker = ConnectWorker.start(bootstrap(), registry(), dir.resolve("offsets"))) {
      api.on(PATH, Response.status(429, Map.of("Retry-After", "1"), "busy"), Response.status(500, Map.of(), "oops"),
          Response.of(200, "application/yaml", "feeders: [ {id: FDR-1".getBytes(StandardCharsets.UTF_8)));
      api.always(PATH, Response.of(200, "application/yaml", TOPOLOGY.getBytes(StandardCharsets.UTF_8)));
      worker.putConnector("topology-flow", config(api.baseUrl() + PATH, topic, dlq));

      await().atMost(Duration.ofSeconds(30)).until(() -> Topics.values(bootstrap(), registry(), topic).size() >= 5);
      await().atMost(Duration.ofSeconds(10)).until(() -> api.requests(PATH).size() >= 6);

      List<GridConstraint> limits = Topics.values(bootstrap(), registry(), topic);
      assertThat(limits).extracting(g -> g.getScopeId() + "=" + g.getImportLimitKw()).containsExactly(
          "FDR-1203=9000.0", "TX-1203-07=1350.0", "depot-sj=1200.0", "TX-1203-09=450.0", "depot-sj-west=450.0");
      assertThat(Topics.readAll(bootstrap(), registry(), topic)).extracting(r -> r.key())
          .containsExactly("FDR-1203", "TX-1203-07", "depot-sj", "TX-1203-09", "depot-sj-west");
      assertThat(Topics.<DeadLetter>values(bootstrap(), registry(), dlq)).singleElement()
          .satisfies(d -> assertThat(d.getError()).contains("not YAML or JSON"));
    }
  }

  @Test
  void writesANewVersionOfTheFileOnceAndNothingAgainAfterARestart() throws IOException {
    String topic = Topics.create(bootstrap(), "it.topology");
    String dlq = Topics.create(bootstrap(), "it.topology.dlq");
    Path offsets = dir.resolve("offsets-restart");
    Path file = dir.resolve("topology.yaml");
    Files.writeString(file, TOPOLOGY);
    Map<String, String> config = config(file.toUri().toString(), topic, dlq);
    try (ConnectWorker first = ConnectWorker.start(bootstrap(), registry(), offsets)) {
      first.putConnector("topology-restart", config);
      await().atMost(Duration.ofSeconds(30)).until(() -> Topics.values(bootstrap(), registry(), topic).size() == 5);
    }
    // The planner uprates the west transformer while the worker is down.
    Files.writeString(file, TOPOLOGY.replace("rating_kva: 500", "rating_kva: 750"));
    try (ConnectWorker second = ConnectWorker.start(bootstrap(), registry(), offsets)) {
      second.putConnector("topology-restart", config);
      await().atMost(Duration.ofSeconds(30)).until(() -> Topics.values(bootstrap(), registry(), topic).size() >= 10);
    }
    List<GridConstraint> limits = Topics.values(bootstrap(), registry(), topic);
    assertThat(limits).hasSize(10);
    assertThat(limits.subList(5, 10)).filteredOn(g -> g.getScopeId().equals("TX-1203-09")).singleElement()
        .satisfies(g -> assertThat(g.getImportLimitKw()).isEqualTo(675.0));
  }

  private static String bootstrap() {
    return PlatformExtension.bootstrapServers();
  }

  private static String registry() {
    return PlatformExtension.registryUrl();
  }
}
