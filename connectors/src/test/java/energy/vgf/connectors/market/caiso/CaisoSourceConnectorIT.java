package energy.vgf.connectors.market.caiso;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import energy.vgf.connectors.testing.ConnectWorker;
import energy.vgf.connectors.testing.ReplayServer;
import energy.vgf.connectors.testing.ReplayServer.Response;
import energy.vgf.connectors.testing.Topics;
import energy.vgf.connectors.testing.Zips;
import energy.vgf.market.MarketPrice;
import energy.vgf.ops.DeadLetter;
import energy.vgf.testing.PlatformExtension;
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
class CaisoSourceConnectorIT {

  private static final String PATH = "/oasisapi/SingleZip";
  private static final String CSV = ReplayServer.sample("caiso/PRC_LMP_DAM_TH_SP15_GEN-APND_2026-07-14_excerpt.csv");
  // 2026-07-15: the 14th's rows moved one day on, one with an unreadable price (constructed from the sample).
  private static final String CSV_15 = CSV.lines().map(l -> l.replace("2026-07-15T", "2026-07-16T")
      .replace("2026-07-14T", "2026-07-15T").replace("2026-07-14,", "2026-07-15,")).reduce((a, b) -> a + "\n" + b)
      .orElseThrow().replace(",46.41399,", ",#VALUE!,");
  private static final String HTML_429 =
      "<html><body>CAISO Acceptable Use Policy Violation. Please retry your request after 5 seconds.</body></html>";

  @TempDir
  Path dir;

  private static Predicate<ReplayServer.Request> day(String yyyymmdd) {
    return r -> r.param("startdatetime") != null && r.param("startdatetime").startsWith(yyyymmdd + "T07:00");
  }

  private static Map<String, String> config(ReplayServer api, String topic, String dlq, String endDate) {
    Map<String, String> c = new HashMap<>();
    c.put("connector.class", CaisoSourceConnector.class.getName());
    c.put("tasks.max", "1");
    c.put("base.url", api.baseUrl() + "/oasisapi");
    c.put("caiso.nodes", "TH_SP15_GEN-APND");
    c.put("caiso.markets", "DAM");
    c.put("caiso.start.date", "2026-07-14");
    c.put("caiso.end.date", endDate);
    c.put("topic", topic);
    c.put("dead.letter.topic", dlq);
    c.put("poll.interval.ms", "300");
    c.put("http.min.request.interval.ms", "50");
    c.put("http.backoff.initial.ms", "100");
    c.put("http.backoff.max.ms", "400");
    return c;
  }

  @Test
  void readsTradeDaysThroughA429AndA5xxAndDeadLettersTheBadRow() {
    String topic = Topics.create(PlatformExtension.bootstrapServers(), "it.caiso");
    String dlq = Topics.create(PlatformExtension.bootstrapServers(), "it.caiso.dlq");
    try (ReplayServer api = ReplayServer.start();
        ConnectWorker worker = ConnectWorker.start(bootstrap(), registry(), dir.resolve("offsets"))) {
      api.on(PATH, day("20260714"), Response.status(429, Map.of("Content-Type", "text/html"), HTML_429),
          Response.status(500, Map.of(), "Internal Server Error"));
      api.always(PATH, day("20260714"), Response.of(200, "application/zip", Zips.zip("PRC_LMP.csv", CSV)));
      api.always(PATH, day("20260715"), Response.of(200, "application/zip", Zips.zip("PRC_LMP.csv", CSV_15)));
      worker.putConnector("caiso-flow", config(api, topic, dlq, "2026-07-15"));

      await().atMost(Duration.ofSeconds(30)).until(() -> Topics.values(bootstrap(), registry(), topic).size() >= 9);
      await().atMost(Duration.ofSeconds(10)).until(() -> !Topics.values(bootstrap(), registry(), dlq).isEmpty());

      List<MarketPrice> prices = Topics.values(bootstrap(), registry(), topic);
      assertThat(prices).extracting(p -> p.getIntervalStart() + "=" + p.getLmpPerMwh()).containsExactly(
          "2026-07-14T07:00:00Z=55.5152", "2026-07-14T08:00:00Z=48.61367", "2026-07-14T09:00:00Z=46.41399",
          "2026-07-14T10:00:00Z=43.25317", "2026-07-14T11:00:00Z=43.97726",
          "2026-07-15T07:00:00Z=55.5152", "2026-07-15T08:00:00Z=48.61367",
          "2026-07-15T10:00:00Z=43.25317", "2026-07-15T11:00:00Z=43.97726");
      List<DeadLetter> dead = Topics.values(bootstrap(), registry(), dlq);
      assertThat(dead).singleElement().satisfies(d -> {
        assertThat(d.getError()).contains("MW '#VALUE!' is not a number");
        assertThat(d.getStage()).isEqualTo("connector:caiso");
      });
      List<ReplayServer.Request> calls = api.requests(PATH);
      assertThat(calls).hasSize(4);
      assertThat(calls.get(0).param("queryname")).isEqualTo("PRC_LMP");
      assertThat(calls.get(0).param("enddatetime")).isEqualTo("20260715T07:00-0000");
      assertThat(calls.get(0).param("resultformat")).isEqualTo("6");
      assertThat(calls.get(3).param("startdatetime")).isEqualTo("20260715T07:00-0000");
    }
  }

  @Test
  void resumesWithTheNextTradeDateAfterARestart() {
    String topic = Topics.create(PlatformExtension.bootstrapServers(), "it.caiso");
    String dlq = Topics.create(PlatformExtension.bootstrapServers(), "it.caiso.dlq");
    Path offsets = dir.resolve("offsets-restart");
    try (ReplayServer api = ReplayServer.start()) {
      api.always(PATH, day("20260714"), Response.of(200, "application/zip", Zips.zip("PRC_LMP.csv", CSV)));
      api.always(PATH, day("20260715"), Response.of(200, "application/zip", Zips.zip("PRC_LMP.csv", CSV_15)));
      try (ConnectWorker first = ConnectWorker.start(bootstrap(), registry(), offsets)) {
        first.putConnector("caiso-restart", config(api, topic, dlq, "2026-07-14"));
        await().atMost(Duration.ofSeconds(30)).until(() -> Topics.values(bootstrap(), registry(), topic).size() == 5);
      }
      try (ConnectWorker second = ConnectWorker.start(bootstrap(), registry(), offsets)) {
        second.putConnector("caiso-restart", config(api, topic, dlq, "2026-07-15"));
        await().atMost(Duration.ofSeconds(30)).until(() -> Topics.values(bootstrap(), registry(), topic).size() >= 9);
      }
      assertThat(api.requests(PATH)).extracting(r -> r.param("startdatetime"))
          .containsExactly("20260714T07:00-0000", "20260715T07:00-0000");
      assertThat(Topics.<MarketPrice>values(bootstrap(), registry(), topic)).extracting(MarketPrice::getIntervalStart)
          .doesNotHaveDuplicates().hasSize(9);
    }
  }

  private static String bootstrap() {
    return PlatformExtension.bootstrapServers();
  }

  private static String registry() {
    return PlatformExtension.registryUrl();
  }
}
