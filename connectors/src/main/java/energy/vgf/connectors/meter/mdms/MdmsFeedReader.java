package energy.vgf.connectors.meter.mdms;

import energy.vgf.connectors.http.HttpFetcher;
import energy.vgf.connectors.http.HttpStatusException;
import energy.vgf.connectors.http.HttpUnavailableException;
import energy.vgf.connectors.source.Documents;
import energy.vgf.connectors.source.FeedItem;
import energy.vgf.connectors.source.FeedReader;
import energy.vgf.connectors.source.MalformedPayloadException;
import energy.vgf.connectors.source.MappingException;
import energy.vgf.connectors.source.Page;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the whole export each poll and writes the intervals that start at or after the token: the epoch second
 * where the last written interval ended (the Green Button rule). MDMS exports append intervals in time order; a
 * late reading for an interval before the token is not written (it would be a correction: re-export it whole
 * under a new start).
 */
final class MdmsFeedReader implements FeedReader {

  private final HttpFetcher http;
  private final URI location;
  private final String authorization;
  private final MdmsIntervals.Layout layout;
  private final long startEpochS;

  MdmsFeedReader(HttpFetcher http, URI location, String authorization, MdmsIntervals.Layout layout, long startEpochS) {
    this.http = http;
    this.location = location;
    this.authorization = authorization;
    this.layout = layout;
    this.startEpochS = startEpochS;
  }

  @Override
  public Map<String, String> partition() {
    return Map.of("source", "mdms-csv", "export", Documents.describe(location));
  }

  @Override
  public String initialToken() {
    return Long.toString(startEpochS);
  }

  @Override
  public Page fetch(String token) throws HttpStatusException, HttpUnavailableException, MalformedPayloadException {
    Map<String, String> headers = new HashMap<>(Map.of("Accept", "text/csv"));
    if (!authorization.isEmpty()) {
      headers.put("Authorization", authorization);
    }
    byte[] body = Documents.read(location, http, headers);
    String csv = new String(body, StandardCharsets.UTF_8);
    List<MdmsIntervals.Interval> intervals;
    try {
      intervals = MdmsIntervals.read(csv, layout);
    } catch (MappingException e) {
      throw new MalformedPayloadException("MDMS export " + Documents.describe(location) + ": " + e.getMessage(), csv, e);
    }
    Instant from = Instant.ofEpochSecond(Long.parseLong(token));
    long end = Long.parseLong(token);
    List<FeedItem> items = new ArrayList<>();
    for (MdmsIntervals.Interval i : intervals) {
      if (i.start().isBefore(from)) {
        continue;
      }
      items.add(i.item());
      if (i.item() instanceof FeedItem.Mapped) {
        end = Math.max(end, i.end().getEpochSecond());
      }
    }
    return new Page(items, Long.toString(end), false);
  }
}
