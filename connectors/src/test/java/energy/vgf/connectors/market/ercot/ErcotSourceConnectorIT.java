package energy.vgf.connectors.market.ercot;

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
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ERCOT public API's JSON shape (_meta, fields, positional data) as PROVENANCE.md reconstructs it, holding the
 * sample DAM row (7RNCHSLR_ALL, 08/05/2025 HE 01:00, 23.94) and one constructed row per further hour.
 */
@ExtendWith(PlatformExtension.class)
class ErcotSourceConnectorIT {

  private static final String PATH = "/api/public-reports/np4-190-cd/dam_stlmnt_pnt_prices";
  private static final String TOKEN = "/b2c/token";
  private static final Csv.Row SAMPLE = Csv.parse(ReplayServer.sample("ercot/NP4-190-CD_dam_spp_excerpt.csv"), ',')
      .get(0);
  private static final String POINT = SAMPLE.get("SettlementPoint");
  private static final double PRICE = Double.parseDouble(SAMPLE.get("SettlementPointPrice").trim());

  @TempDir
  Path dir;

  /** Hours [fromHe, toHe] of a delivery date as page {page} of {pages}; price = sample price + (HE - 1). */
  private static Response page(String date, int fromHe, int toHe, int page, int pages) {
    ObjectNode json = JsonPayloads.MAPPER.createObjectNode();
    json.putObject("_meta").put("totalRecords", 24).put("pageSize", 10).put("totalPages", pages)
        .put("currentPage", page);
    json.putObject("report").put("reportEMILId", "NP4-190-CD");
    ArrayNode fields = json.putArray("fields");
    for (String f : List.of("deliveryDate", "hourEnding", "settlementPoint", "settlementPointPrice", "DSTFlag")) {
      fields.addObject().put("name", f).put("label", f);
    }
    ArrayNode data = json.putArray("data");
    for (int he = toHe; he >= fromHe; he--) { // newest first: the connector sorts
      data.addArray().add(date).add(String.format("%02d:00", he)).add(POINT)
          .add(Math.round((PRICE + he - 1) * 100) / 100.0).add(false);
    }
    return Response.json(json.toString());
  }

  private static Predicate<ReplayServer.Request> at(String date, int page) {
    return r -> date.equals(r.param("deliveryDateFrom")) && String.valueOf(page).equals(r.param("page"));
  }

  private static Map<String, String> config(ReplayServer api, String topic, String dlq, String end) {
    Map<String, String> c = new HashMap<>();
    c.put("connector.class", ErcotSourceConnector.class.getName());
    c.put("tasks.max", "1");
    c.put("base.url", api.baseUrl() + "/api/public-reports");
    c.put("ercot.subscription.key", "ercot-key-not-logged");
    c.put("ercot.username", "ops@example.com");
    c.put("ercot.password", "ercot-pass-not-logged");
    c.put("ercot.token.url", api.baseUrl() + TOKEN);
    c.put("ercot.settlement.points", POINT);
    c.put("ercot.start.date", "2025-08-05");
    c.put("ercot.end.date", end);
    c.put("ercot.page.size", "10");
    c.put("topic", topic);
    c.put("dead.letter.topic", dlq);
    c.put("poll.interval.ms", "300");
    c.put("http.min.request.interval.ms", "0");
    c.put("http.backoff.initial.ms", "100");
    c.put("http.backoff.max.ms", "400");
    return c;
  }

  private static void serve(ReplayServer api, String date) {
    api.always(PATH, at(date, 1), page(date, 1, 10, 1, 3));
    api.always(PATH, at(date, 2), page(date, 11, 20, 2, 3));
    api.always(PATH, at(date, 3), page(date, 21, 24, 3, 3));
  }

  @Test
  void readsEveryPageOfADeliveryDateThroughA429A5xxAndAMalformedPage() {
    String topic = Topics.create(bootstrap(), "it.ercot");
    String dlq = Topics.create(bootstrap(), "it.ercot.dlq");
    try (ReplayServer api = ReplayServer.start();
        ConnectWorker worker = ConnectWorker.start(bootstrap(), registry(), dir.resolve("offsets"))) {
      api.always(TOKEN, Response.json("{\"id_token\":\"idt-1\",\"expires_in\":3600,\"token_type\":\"Bearer\"}"));
      api.on(PATH, at("2025-08-05", 1), Response.status(429, Map.of("Retry-After", "1"), "{\"statusCode\":429}"));
      api.on(PATH, at("2025-08-05", 2), Response.status(502, Map.of(), "Bad Gateway"));
      api.on(PATH, at("2025-08-06", 1), Response.of(200, "text/html",
          "<html>Service Unavailable</html>".getBytes(StandardCharsets.UTF_8)));
      serve(api, "2025-08-05");
      serve(api, "2025-08-06");
      worker.putConnector("ercot-flow", config(api, topic, dlq, "2025-08-06"));

      await().atMost(Duration.ofSeconds(40)).until(() -> Topics.values(bootstrap(), registry(), topic).size() >= 48);

      List<MarketPrice> prices = Topics.values(bootstrap(), registry(), topic);
      assertThat(prices).hasSize(48).extracting(MarketPrice::getIntervalStart).isSorted().doesNotHaveDuplicates();
      // HE 01:00 CDT on 08/05/2025 = 05:00Z, at the sample's price.
      assertThat(prices.get(0).getIntervalStart()).isEqualTo(Instant.parse("2025-08-05T05:00:00Z"));
      assertThat(prices.get(0).getLmpPerMwh()).isEqualTo(PRICE);
      assertThat(prices.get(0).getNode()).isEqualTo(POINT);
      assertThat(prices.get(23).getIntervalStart()).isEqualTo(Instant.parse("2025-08-06T04:00:00Z"));
      assertThat(Topics.<DeadLetter>values(bootstrap(), registry(), dlq)).singleElement()
          .satisfies(d -> assertThat(d.getError()).contains("page 1").contains("is not JSON"));
      assertThat(api.requests(TOKEN)).singleElement().satisfies(r -> {
        assertThat(r.body()).contains("grant_type=password").contains("username=ops%40example.com");
        assertThat(r.query()).isNull(); // the password travels in the body, not in a URL
      });
      assertThat(api.requests(PATH)).allSatisfy(r -> {
        assertThat(r.header("Ocp-Apim-Subscription-Key")).isEqualTo("ercot-key-not-logged");
        assertThat(r.header("Authorization")).isEqualTo("Bearer idt-1");
      });
    }
  }

  @Test
  void resumesWithTheNextDeliveryDateAfterARestart() {
    String topic = Topics.create(bootstrap(), "it.ercot");
    String dlq = Topics.create(bootstrap(), "it.ercot.dlq");
    Path offsets = dir.resolve("offsets-restart");
    try (ReplayServer api = ReplayServer.start()) {
      api.always(TOKEN, Response.json("{\"id_token\":\"idt\",\"expires_in\":3600}"));
      serve(api, "2025-08-05");
      serve(api, "2025-08-06");
      try (ConnectWorker first = ConnectWorker.start(bootstrap(), registry(), offsets)) {
        first.putConnector("ercot-restart", config(api, topic, dlq, "2025-08-05"));
        await().atMost(Duration.ofSeconds(30)).until(() -> Topics.values(bootstrap(), registry(), topic).size() == 24);
      }
      int before = api.requests(PATH).size();
      try (ConnectWorker second = ConnectWorker.start(bootstrap(), registry(), offsets)) {
        second.putConnector("ercot-restart", config(api, topic, dlq, "2025-08-06"));
        await().atMost(Duration.ofSeconds(30)).until(() -> Topics.values(bootstrap(), registry(), topic).size() >= 48);
      }
      assertThat(api.requests(PATH).subList(before, api.requests(PATH).size()))
          .allSatisfy(r -> assertThat(r.param("deliveryDateFrom")).isEqualTo("2025-08-06"));
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
