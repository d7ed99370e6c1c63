package energy.vgf.connectors.market.pjm;

import com.fasterxml.jackson.databind.JsonNode;
import energy.vgf.connectors.http.HttpFetcher;
import energy.vgf.connectors.http.HttpStatusException;
import energy.vgf.connectors.http.HttpUnavailableException;
import energy.vgf.connectors.source.FeedItem;
import energy.vgf.connectors.source.FeedReader;
import energy.vgf.connectors.source.JsonPayloads;
import energy.vgf.connectors.source.MalformedPayloadException;
import energy.vgf.connectors.source.Page;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One pnode and Data Miner feed, one EPT operating day at a time, page by page: the token is
 * "operatingDay|startRow". Rows are requested sorted by datetime_beginning_utc, so a page at a token is
 * stable. A past day is complete; the current real-time day grows, so its last page is fetched again and
 * the rows already written are skipped.
 */
final class PjmFeedReader implements FeedReader {

  // Data Miner 2 query syntax for a range: "9/1/2025 00:00to9/1/2025 23:59" (EPT).
  private static final DateTimeFormatter DM_DAY = DateTimeFormatter.ofPattern("M/d/yyyy");

  private final HttpFetcher http;
  private final URI base;
  private final String subscriptionKey;
  private final String pnodeId;
  private final PjmLmps.Feed feed;
  private final LocalDate start;
  private final LocalDate end;
  private final int rowCount;
  private final Clock clock;

  PjmFeedReader(HttpFetcher http, URI base, String subscriptionKey, String pnodeId, PjmLmps.Feed feed,
      LocalDate start, LocalDate end, int rowCount, Clock clock) {
    this.http = http;
    this.base = base;
    this.subscriptionKey = subscriptionKey;
    this.pnodeId = pnodeId;
    this.feed = feed;
    this.start = start;
    this.end = end;
    this.rowCount = rowCount;
    this.clock = clock;
  }

  @Override
  public Map<String, String> partition() {
    return Map.of("source", "pjm", "feed", feed.feedName(), "pnode_id", pnodeId);
  }

  @Override
  public String initialToken() {
    return start + "|1";
  }

  @Override
  public Page fetch(String token) throws HttpStatusException, HttpUnavailableException, MalformedPayloadException {
    String[] t = token.split("\\|");
    LocalDate day = LocalDate.parse(t[0]);
    int startRow = t.length > 1 ? Integer.parseInt(t[1]) : 1;
    LocalDate today = LocalDate.now(clock.withZone(PjmLmps.EPT));
    // PJM posts the day-ahead results for the next operating day in the afternoon (EPT); real time up to now.
    LocalDate lastAvailable = feed == PjmLmps.Feed.DA_HRL_LMPS ? today.plusDays(1) : today;
    if ((end != null && day.isAfter(end)) || day.isAfter(lastAvailable)) {
      return Page.empty(token);
    }
    String range = DM_DAY.format(day) + " 00:00to" + DM_DAY.format(day) + " 23:59";
    URI uri = URI.create(base + "/" + feed.feedName() + "?rowCount=" + rowCount + "&startRow=" + startRow
        + "&sort=datetime_beginning_utc&order=Asc&pnode_id=" + pnodeId
        + "&datetime_beginning_ept=" + URLEncoder.encode(range, StandardCharsets.UTF_8));
    byte[] body = http.get(uri, Map.of("Ocp-Apim-Subscription-Key", subscriptionKey,
        "Accept", "application/json")).body();
    JsonNode page = JsonPayloads.parse(body, "PJM " + feed.feedName() + " page");
    JsonNode rows = page.isArray() ? page : page.get("items");
    if (rows == null || !rows.isArray()) {
      throw new MalformedPayloadException("PJM " + feed.feedName() + " answer has no 'items' array",
          new String(body, StandardCharsets.UTF_8), null);
    }
    List<FeedItem> items = new ArrayList<>();
    for (JsonNode row : rows) {
      FeedItem item = PjmLmps.map(fields(row), row.toString(), feed);
      if (item != null) {
        items.add(item);
      }
    }
    long total = page.path("totalRows").asLong(-1);
    boolean nextLink = false;
    for (JsonNode link : page.path("links")) {
      nextLink |= "next".equals(link.path("rel").asText());
    }
    // Data Miner 2 pages with startRow (1-based) and says so with a 'next' link and totalRows.
    boolean morePages = nextLink || (total >= 0 && startRow - 1L + rows.size() < total);
    if (morePages && rows.size() > 0) {
      return new Page(items, day + "|" + (startRow + rows.size()), true);
    }
    boolean complete = day.isBefore(today) || feed == PjmLmps.Feed.DA_HRL_LMPS && (rows.size() > 0 || startRow > 1);
    if (!complete) {
      return new Page(items, token, false); // today's real-time rows or tomorrow's day-ahead not posted yet
    }
    LocalDate next = day.plusDays(1);
    boolean more = !next.isAfter(lastAvailable) && (end == null || day.isBefore(end));
    return new Page(items, next + "|1", more);
  }

  private static Map<String, String> fields(JsonNode row) {
    Map<String, String> m = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = row.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      m.put(e.getKey(), e.getValue().isNull() ? null : e.getValue().asText());
    }
    return m;
  }
}
