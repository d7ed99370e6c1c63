package energy.vgf.connectors.market.caiso;

import energy.vgf.connectors.http.HttpFetcher;
import energy.vgf.connectors.http.HttpStatusException;
import energy.vgf.connectors.http.HttpUnavailableException;
import energy.vgf.connectors.source.FeedItem;
import energy.vgf.connectors.source.FeedReader;
import energy.vgf.connectors.source.MalformedPayloadException;
import energy.vgf.connectors.source.MappingException;
import energy.vgf.connectors.source.Page;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

/**
 * One node and market, one Pacific trade date per request; the token is the trade date. A DAM day is
 * complete once published, so the next day follows; the current RTM day grows during the day, so it is
 * fetched again and the rows already written are skipped (rows are sorted by interval start).
 */
final class CaisoFeedReader implements FeedReader {

  static final ZoneId PACIFIC = ZoneId.of("America/Los_Angeles");
  private static final DateTimeFormatter OASIS_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HH:mm'-0000'");

  private final HttpFetcher http;
  private final URI base;
  private final String node;
  private final String market;
  private final LocalDate start;
  private final LocalDate end;
  private final boolean xml;
  private final Clock clock;

  CaisoFeedReader(HttpFetcher http, URI base, String node, String market, LocalDate start, LocalDate end, boolean xml,
      Clock clock) {
    this.http = http;
    this.base = base;
    this.node = node;
    this.market = market;
    this.start = start;
    this.end = end;
    this.xml = xml;
    this.clock = clock;
  }

  @Override
  public Map<String, String> partition() {
    return Map.of("source", "caiso", "node", node, "market", market);
  }

  @Override
  public String initialToken() {
    return start.toString();
  }

  @Override
  public Page fetch(String token) throws HttpStatusException, HttpUnavailableException, MalformedPayloadException {
    LocalDate day = LocalDate.parse(token);
    LocalDate today = LocalDate.now(clock.withZone(PACIFIC));
    // The day-ahead market for tomorrow clears around 13:00 PT today; RTM data exists up to now.
    LocalDate lastAvailable = market.equals("DAM") ? today.plusDays(1) : today;
    if ((end != null && day.isAfter(end)) || day.isAfter(lastAvailable)) {
      return Page.empty(token);
    }
    byte[] body = http.get(uri(day), Map.of("Accept", "application/zip")).body();
    OasisReports.Answer answer;
    try {
      answer = OasisReports.open(body);
    } catch (IOException e) {
      throw new MalformedPayloadException("OASIS answer for " + node + " " + market + " " + day + ": "
          + e.getMessage(), new String(body, StandardCharsets.ISO_8859_1), e);
    }
    boolean complete = day.isBefore(today) || market.equals("DAM");
    String next = complete ? day.plusDays(1).toString() : token;
    boolean more = complete && !day.plusDays(1).isAfter(lastAvailable) && (end == null || day.isBefore(end));
    if (answer.errorCode().isPresent()) {
      if (!answer.errorCode().get().equals(OasisReports.NO_DATA)) {
        throw new HttpUnavailableException("OASIS error " + answer.errorCode().get() + " (" + answer.errorDescription()
            + ") for " + node + " " + market + " " + day, Duration.ZERO, null);
      }
      // No data: a future day is not published yet (wait); a past day has none (move on, as OASIS will not add it).
      return day.isBefore(today) ? new Page(List.of(), next, more) : Page.empty(token);
    }
    try {
      List<FeedItem> items = xml ? OasisReports.mapXml(answer.text()) : OasisReports.mapCsv(answer.text(), day);
      return new Page(items, next, more);
    } catch (MappingException | IOException e) {
      throw new MalformedPayloadException("OASIS " + answer.fileName() + " for " + node + " " + market + " " + day
          + ": " + e.getMessage(), answer.text(), e);
    }
  }

  private URI uri(LocalDate day) {
    ZonedDateTime from = day.atStartOfDay(PACIFIC);
    ZonedDateTime to = day.plusDays(1).atStartOfDay(PACIFIC);
    boolean dam = market.equals("DAM");
    // OASIS Interface Specification: PRC_LMP (DAM, hourly, version 12) and PRC_INTVL_LMP (RTM, 5-minute,
    // version 3); windows in GMT; a trade day starts at 07:00 GMT in PDT and 08:00 GMT in PST.
    String q = "queryname=" + (dam ? "PRC_LMP" : "PRC_INTVL_LMP")
        + "&market_run_id=" + market
        + "&node=" + URLEncoder.encode(node, StandardCharsets.UTF_8)
        + "&startdatetime=" + OASIS_TIME.format(from.withZoneSameInstant(ZoneId.of("UTC")))
        + "&enddatetime=" + OASIS_TIME.format(to.withZoneSameInstant(ZoneId.of("UTC")))
        + "&version=" + (dam ? "12" : "3")
        + (xml ? "" : "&resultformat=6");
    return URI.create(base + "/SingleZip?" + q);
  }
}
