package energy.vgf.connectors.meter.mdms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import energy.vgf.connectors.testing.ConnectWorker;
import energy.vgf.connectors.testing.ReplayServer;
import energy.vgf.connectors.testing.ReplayServer.Response;
import energy.vgf.connectors.testing.Topics;
import energy.vgf.metering.SiteMeterReading;
import energy.vgf.ops.DeadLetter;
import energy.vgf.testing.PlatformExtension;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The constructed export (resources/constructed) over HTTP and as a file an MDMS appends to. */
@ExtendWith(PlatformExtension.class)
class MdmsSourceConnectorIT {

  private static final String PATH = "/exports/depot-sj/intervals.csv";
  private static final String EXPORT = MdmsIntervalsTest.export();

  @TempDir
  Path dir;

  private static Map<String, String> config(String url, String topic, String dlq) {
    Map<String, String> c = new HashMap<>();
    c.put("connector.class", MdmsSourceConnector.class.getName());
    c.put("tasks.max", "1");
    c.put("mdms.url", url);
    c.put("mdms.authorization", "Bearer mdms-token-not-logged");
    c.put("mdms.site.id", "depot-sj");
    c.put("mdms.column.interval.start", "read_start");
    c.put("mdms.column.interval.end", "read_end");
    c.put("mdms.column.energy.import", "wh_delivered");
    c.put("mdms.column.energy.export", "wh_received");
    c.put("mdms.column.quality", "flag");
    c.put("mdms.energy.unit", "Wh");
    c.put("mdms.timestamp.format", "yyyy-MM-dd HH:mm");
    c.put("mdms.time.zone", "America/Los_Angeles");
    c.put("topic", topic);
    c.put("dead.letter.topic", dlq);
    c.put("poll.interval.ms", "300");
    c.put("http.backoff.initial.ms", "100");
    c.put("http.backoff.max.ms", "400");
    return c;
  }

  @Test
  void readsTheHttpExportThroughA429A5xxAndAMalformedExportAndDeadLettersTheBadRow() {
    String topic = Topics.create(bootstrap(), "it.mdms");
    String dlq = Topics.create(bootstrap(), "it.mdms.dlq");
    try (ReplayServer api = ReplayServer.start();
        ConnectWorker worker = ConnectWorker.start(bootstrap(), registry(), dir.resolve("offsets"))) {
      api.on(PATH, Response.status(429, Map.of("Retry-After", "1"), "busy"), Response.status(503, Map.of(), "down"),
          Response.of(200, "text/csv", "no,columns,here\n1,2,3\n".getBytes(StandardCharsets.UTF_8)));
      api.always(PATH, Response.of(200, "text/csv", EXPORT.getBytes(StandardCharsets.UTF_8)));
      worker.putConnector("mdms-flow", config(api.baseUrl() + PATH, topic, dlq));

      await().atMost(Duration.ofSeconds(30)).until(() -> Topics.values(bootstrap(), registry(), topic).size() >= 4);
      await().atMost(Duration.ofSeconds(10)).until(() -> Topics.values(bootstrap(), registry(), dlq).size() >= 2);

      assertThat(Topics.<SiteMeterReading>values(bootstrap(), registry(), topic))
          .extracting(r -> r.getMeterId() + "@" + r.getIntervalStart() + "=" + r.getEnergyImportKwh()).containsExactly(
              "MTR-100@2026-11-01T07:45:00Z=41.25", "MTR-200@2026-11-01T07:45:00Z=1.2",
              "MTR-100@2026-11-01T08:00:00Z=40.0", "MTR-100@2026-11-01T09:00:00Z=39.5");
      List<DeadLetter> dead = Topics.values(bootstrap(), registry(), dlq);
      assertThat(dead).extracting(DeadLetter::getError).containsExactly(
          dead.get(0).getError(), dead.get(1).getError());
      assertThat(dead.get(0).getError()).contains("no column 'meter_id'");
      assertThat(dead.get(1).getError()).contains("line 6").contains("wh_delivered 'n/a'");
      assertThat(api.requests(PATH)).allSatisfy(r ->
          assertThat(r.header("Authorization")).isEqualTo("Bearer mdms-token-not-logged"));
    }
  }

  @Test
  void resumesAfterTheLastWrittenIntervalOfAnAppendedFileAfterARestart() throws IOException {
    String topic = Topics.create(bootstrap(), "it.mdms");
    String dlq = Topics.create(bootstrap(), "it.mdms.dlq");
    Path offsets = dir.resolve("offsets-restart");
    Path file = dir.resolve("intervals.csv");
    List<String> lines = EXPORT.lines().toList();
    Files.writeString(file, String.join("\n", lines.subList(0, 4)) + "\n"); // header + 3 intervals
    Map<String, String> config = config(file.toString(), topic, dlq);
    try (ConnectWorker first = ConnectWorker.start(bootstrap(), registry(), offsets)) {
      first.putConnector("mdms-restart", config);
      await().atMost(Duration.ofSeconds(30)).until(() -> Topics.values(bootstrap(), registry(), topic).size() == 3);
    }
    // The MDMS appends the next intervals while the worker is down.
    Files.writeString(file, "MTR-100,2026-11-01 01:15,2026-11-01 01:30,38000,0,A\n", StandardOpenOption.APPEND);
    try (ConnectWorker second = ConnectWorker.start(bootstrap(), registry(), offsets)) {
      second.putConnector("mdms-restart", config);
      await().atMost(Duration.ofSeconds(30)).until(() -> Topics.values(bootstrap(), registry(), topic).size() >= 4);
    }
    assertThat(Topics.<SiteMeterReading>values(bootstrap(), registry(), topic))
        .extracting(r -> r.getMeterId() + "@" + r.getIntervalStart()).containsExactly(
            "MTR-100@2026-11-01T07:45:00Z", "MTR-200@2026-11-01T07:45:00Z", "MTR-100@2026-11-01T08:00:00Z",
            "MTR-100@2026-11-01T08:15:00Z");
  }

  private static String bootstrap() {
    return PlatformExtension.bootstrapServers();
  }

  private static String registry() {
    return PlatformExtension.registryUrl();
  }
}
