package energy.vgf.connectors.market.pjm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import energy.vgf.connectors.source.Csv;
import energy.vgf.connectors.source.JsonPayloads;
import energy.vgf.connectors.testing.ConnectWorker;
import energy.vgf.connectors.testing.ReplayServer;
import energy.vgf.connectors.testing.ReplayServer.Response;
import energy.vgf.connectors.testing.Topics;
import energy.vgf.market.MarketPrice;
import energy.vgf.ops.DeadLetter;
import energy.vgf.testing.PlatformExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(PlatformExtension.class)
class PjmSourceConnectorIT {

  private static final String PATH = "/api/v1/da_hrl_lmps";
  private static final DateTimeFormatter CSV_TIME = DateTimeFormatter.ofPattern("M/d/yyyy h:mm:ss a", Locale.US);
  // The real Data Miner export (2025-09-01 and -02 EPT, 24 rows each) served as the JSON API serves it.
  private static final List<Csv.Row> ROWS = Csv.parse(ReplayServer.sample("pjm/da_hrl_lmps_PJM-RTO_2025-09-01_02.csv"),
      ',');

  @TempDir
  Path dir;

  /** Rows [from, to) of the export as a Data Miner 2 JSON page: ISO times, numbers, totalRows and links. */
  private static Response page(int from, int to, int total, boolean next) {
    ObjectNode page = JsonPayloads.MAPPER.createObjectNode();
    ArrayNode items = page.putArray("items");
    for (Csv.Row r : ROWS.subList(from, to)) {
      ObjectNode item = items.addObject();
      r.fields().forEach((k, v) -> {
        if (k.startsWith("datetime")) {
          item.put(k, LocalDateTime.parse(v, CSV_TIME).toString() + ":00");
        } else if (k.endsWith("_da")) {
          item.put(k, Double.parseDouble(v));
        } else {
          item.put(k, v);
        }
      });
    }
    page.put("totalRows", total);
    ArrayNode links = page.putArray("links");
    links.addObject().put("rel", "self").put("href", "https://api.pjm.com/api/v1/da_hrl_lmps");
    if (next) {
      links.addObject().put("rel", "next").put("href", "https://api.pjm.com/api/v1/da_hrl_lmps?startRow=" + (to + 1));
    }
    return Response.json(page.toString());
  }

  private static Predicate<ReplayServer.Request> at(String day, int startRow) {
    return r -> r.param("datetime_beginning_ept") != null && r.param("datetime_beginning_ept").startsWith(day + " ")
        && String.valueOf(startRow).equals(r.param("startRow"));
  }

  private static Map<String, String> config(ReplayServer api, String topic, String dlq, String end) {
    Map<String, String> c = new HashMap<>();
    c.put("connector.class", PjmSourceConnector.class.getName());
    c.put("tasks.max", "1");
    c.put("base.url", api.baseUrl() + "/api/v1");
    c.put("pjm.subscription.key", "pjm-key-not-logged");
    c.put("pjm.pnode.ids", "1");
    c.put("pjm.start.date", "2025-09-01");
    c.put("pjm.end.date", end);
    c.put("pjm.row.count", "10");
    c.put("topic", topic);
    c.put("dead.letter.topic", dlq);
    c.put("poll.interval.ms", "300");
    c.put("http.min.request.interval.ms", "0");
    c.put("http.backoff.initial.ms", "100");
    c.put("http.backoff.max.ms", "400");
    return c;
  }

  @Test
  void pagesThroughTwoOperatingDaysThroughA429A5xxAndAMalformedPage() {
    String topic = Topics.create(bootstrap(), "it.pjm");
    String dlq = Topics.create(bootstrap(), "it.pjm.dlq");
    try (ReplayServer api = ReplayServer.start();
        ConnectWorker worker = ConnectWorker.start(bootstrap(), registry(), dir.resolve("offsets"))) {
      api.on(PATH, at("9/1/2025", 1), Response.status(429, Map.of("Retry-After", "1"), "{\"statusCode\":429}"));
      api.always(PATH, at("9/1/2025", 1), page(0, 10, 24, true));
      api.on(PATH, at("9/1/2025", 11), Response.status(500, Map.of(), "{\"statusCode\":500}"));
      api.always(PATH, at("9/1/2025", 11), page(10, 20, 24, true));
      api.always(PATH, at("9/1/2025", 21), page(20, 24, 24, false));
      api.on(PATH, at("9/2/2025", 1), Response.of(200, "text/html",
          "<html>Request blocked</html>".getBytes(StandardCharsets.UTF_8)));
      api.always(PATH, at("9/2/2025", 1), page(24, 34, 24, true));
      api.always(PATH, at("9/2/2025", 11), page(34, 44, 24, true));
      api.always(PATH, at("9/2/2025", 21), page(44, 48, 24, false));
      worker.putConnector("pjm-flow", config(api, topic, dlq, "2025-09-02"));

      await().atMost(Duration.ofSeconds(40)).until(() -> Topics.values(bootstrap(), registry(), topic).size() >= 48);

      List<MarketPrice> prices = Topics.values(bootstrap(), registry(), topic);
      assertThat(prices).hasSize(48).extracting(MarketPrice::getIntervalStart).isSorted().doesNotHaveDuplicates();
      assertThat(prices.get(0).getLmpPerMwh()).isEqualTo(14.747714);
      assertThat(prices.get(0).getIntervalStart()).hasToString("2025-09-01T04:00:00Z");
      assertThat(prices.get(47).getIntervalStart()).hasToString(
          LocalDateTime.parse(ROWS.get(47).get("datetime_beginning_utc"), CSV_TIME) + ":00Z");
      assertThat(prices.get(47).getLmpPerMwh()).isEqualTo(Double.parseDouble(ROWS.get(47).get("total_lmp_da")));
      assertThat(Topics.<DeadLetter>values(bootstrap(), registry(), dlq)).singleElement()
          .satisfies(d -> assertThat(d.getError()).contains("is not JSON"));
      assertThat(api.requests(PATH)).allSatisfy(r -> {
        assertThat(r.header("Ocp-Apim-Subscription-Key")).isEqualTo("pjm-key-not-logged");
        assertThat(r.param("pnode_id")).isEqualTo("1");
        assertThat(r.param("rowCount")).isEqualTo("10");
      });
    }
  }

  @Test
  void resumesWithTheNextOperatingDayAfterARestart() {
    String topic = Topics.create(bootstrap(), "it.pjm");
    String dlq = Topics.create(bootstrap(), "it.pjm.dlq");
    Path offsets = dir.resolve("offsets-restart");
    try (ReplayServer api = ReplayServer.start()) {
      api.always(PATH, at("9/1/2025", 1), page(0, 10, 24, true));
      api.always(PATH, at("9/1/2025", 11), page(10, 20, 24, true));
      api.always(PATH, at("9/1/2025", 21), page(20, 24, 24, false));
      api.always(PATH, at("9/2/2025", 1), page(24, 34, 24, true));
      api.always(PATH, at("9/2/2025", 11), page(34, 44, 24, true));
      api.always(PATH, at("9/2/2025", 21), page(44, 48, 24, false));
      try (ConnectWorker first = ConnectWorker.start(bootstrap(), registry(), offsets)) {
        first.putConnector("pjm-restart", config(api, topic, dlq, "2025-09-01"));
        await().atMost(Duration.ofSeconds(30)).until(() -> Topics.values(bootstrap(), registry(), topic).size() == 24);
      }
      int before = api.requests(PATH).size();
      try (ConnectWorker second = ConnectWorker.start(bootstrap(), registry(), offsets)) {
        second.putConnector("pjm-restart", config(api, topic, dlq, "2025-09-02"));
        await().atMost(Duration.ofSeconds(30)).until(() -> Topics.values(bootstrap(), registry(), topic).size() >= 48);
      }
      assertThat(api.requests(PATH).subList(before, api.requests(PATH).size()))
          .allSatisfy(r -> assertThat(r.param("datetime_beginning_ept")).startsWith("9/2/2025 "));
      assertThat(Topics.<MarketPrice>values(bootstrap(), registry(), topic)).extracting(MarketPrice::getIntervalStart)
          .hasSize(48).doesNotHaveDuplicates().isSorted();
    }
  }

  private static String bootstrap() {
    return PlatformExtension.bootstrapServers();
  }

  private static String registry() {
    return PlatformExtension.registryUrl();
  }
}
