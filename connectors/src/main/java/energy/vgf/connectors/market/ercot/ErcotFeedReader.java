package energy.vgf.connectors.market.ercot;

import com.fasterxml.jackson.databind.JsonNode;
import energy.vgf.connectors.http.HttpFetcher;
import energy.vgf.connectors.http.HttpStatusException;
import energy.vgf.connectors.http.HttpUnavailableException;
import energy.vgf.connectors.source.FeedItem;
import energy.vgf.connectors.source.FeedReader;
import energy.vgf.connectors.source.JsonPayloads;
import energy.vgf.connectors.source.MalformedPayloadException;
import energy.vgf.connectors.source.Page;
import energy.vgf.market.MarketPrice;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One settlement point and market, one CPT delivery date per fetch; the token is the date. Every page of the
 * date (page=1..._meta.totalPages) is read and the rows sorted by interval, as the API does not promise an
 * order: a day of one point is at most 100 rows. A past date is complete; today's RT rows grow, so the date is
 * fetched again and the rows already written are skipped.
 */
final class ErcotFeedReader implements FeedReader {

  private static final int MAX_PAGES = 1000;

  private final HttpFetcher http;
  private final URI base;
  private final String subscriptionKey;
  private final ErcotIdToken idToken;
  private final String point;
  private final ErcotPrices.Market market;
  private final LocalDate start;
  private final LocalDate end;
  private final int pageSize;
  private final Clock clock;

  ErcotFeedReader(HttpFetcher http, URI base, String subscriptionKey, ErcotIdToken idToken, String point,
      ErcotPrices.Market market, LocalDate start, LocalDate end, int pageSize, Clock clock) {
    this.http = http;
    this.base = base;
    this.subscriptionKey = subscriptionKey;
    this.idToken = idToken;
    this.point = point;
    this.market = market;
    this.start = start;
    this.end = end;
    this.pageSize = pageSize;
    this.clock = clock;
  }

  @Override
  public Map<String, String> partition() {
    return Map.of("source", "ercot", "market", market.name(), "settlement_point", point);
  }

  @Override
  public String initialToken() {
    return start.toString();
  }

  @Override
  public Page fetch(String token) throws HttpStatusException, HttpUnavailableException, MalformedPayloadException {
    LocalDate day = LocalDate.parse(token);
    LocalDate today = LocalDate.now(clock.withZone(ErcotPrices.CPT));
    // The DAM for the next operating day is published early afternoon CPT; RT prices up to now.
    LocalDate lastAvailable = market == ErcotPrices.Market.DAM ? today.plusDays(1) : today;
    if ((end != null && day.isAfter(end)) || day.isAfter(lastAvailable)) {
      return Page.empty(token);
    }
    List<Row> rows = new ArrayList<>();
    int totalPages = 1;
    for (int page = 1; page <= totalPages && page <= MAX_PAGES; page++) {
      URI uri = URI.create(base + "/" + market.endpoint() + "?deliveryDateFrom=" + day + "&deliveryDateTo=" + day
          + "&settlementPoint=" + URLEncoder.encode(point, StandardCharsets.UTF_8) + "&page=" + page
          + "&size=" + pageSize);
      byte[] body = get(uri);
      JsonNode json = JsonPayloads.parse(body, "ERCOT " + market.endpoint() + " page " + page);
      JsonNode fields = json.get("fields");
      JsonNode data = json.get("data");
      if (fields == null || !fields.isArray() || data == null || !data.isArray()) {
        throw new MalformedPayloadException("ERCOT " + market.endpoint() + " page " + page
            + " has no 'fields' and 'data' arrays", new String(body, StandardCharsets.UTF_8), null);
      }
      List<String> names = new ArrayList<>();
      fields.forEach(f -> names.add(f.path("name").asText()));
      for (JsonNode values : data) {
        Map<String, String> row = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
          JsonNode v = values.get(i);
          row.put(names.get(i), v == null || v.isNull() ? null : v.asText());
        }
        rows.add(new Row(ErcotPrices.map(ErcotPrices.normalise(row), values.toString(), market)));
      }
      totalPages = json.path("_meta").path("totalPages").asInt(1);
    }
    rows.sort(Comparator.comparing(Row::sortKey));
    List<FeedItem> items = rows.stream().map(Row::item).toList();
    boolean complete = day.isBefore(today) || market == ErcotPrices.Market.DAM && !items.isEmpty();
    if (!complete) {
      return new Page(items, token, false);
    }
    LocalDate next = day.plusDays(1);
    return new Page(items, next.toString(), !next.isAfter(lastAvailable) && (end == null || day.isBefore(end)));
  }

  private byte[] get(URI uri) throws HttpStatusException, HttpUnavailableException {
    Map<String, String> headers = new HashMap<>(Map.of("Ocp-Apim-Subscription-Key", subscriptionKey,
        "Accept", "application/json"));
    if (idToken == null) {
      return http.get(uri, headers).body();
    }
    headers.put("Authorization", idToken.authorization());
    try {
      return http.get(uri, headers).body();
    } catch (HttpStatusException e) {
      if (e.status() != 401) {
        throw e;
      }
      idToken.invalidate(); // the ID token expired early: one fresh one, then give up
      headers.put("Authorization", idToken.authorization());
      return http.get(uri, headers).body();
    }
  }

  /** Mapped rows by interval start; rejected ones (no usable start) last, in arrival order. */
  private record Row(FeedItem item) {
    String sortKey() {
      return item instanceof FeedItem.Mapped m ? "0" + ((MarketPrice) m.value()).getIntervalStart() : "1";
    }
  }
}
