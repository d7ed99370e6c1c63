package energy.vgf.connectors.meter.greenbutton;

import energy.vgf.connectors.http.HttpFetcher;
import energy.vgf.connectors.http.HttpStatusException;
import energy.vgf.connectors.http.HttpUnavailableException;
import energy.vgf.connectors.source.FeedItem;
import energy.vgf.connectors.source.FeedReader;
import energy.vgf.connectors.source.MalformedPayloadException;
import energy.vgf.connectors.source.Page;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the whole ESPI feed (following rel="next" pages, as ReadingTypes and IntervalBlocks may sit on
 * different pages) and writes the intervals that start at or after the token: the epoch second where
 * the last written interval ended.
 */
final class GreenButtonFeedReader implements FeedReader {

  private static final int MAX_PAGES = 1000;

  private final HttpFetcher http;
  private final URI base;
  private final String feedPath;
  private final String accessToken;
  private final String siteId;
  private final long startEpochS;

  GreenButtonFeedReader(HttpFetcher http, URI base, String feedPath, String accessToken, String siteId,
      long startEpochS) {
    this.http = http;
    this.base = base;
    this.feedPath = feedPath.startsWith("/") ? feedPath : "/" + feedPath;
    this.accessToken = accessToken;
    this.siteId = siteId;
    this.startEpochS = startEpochS;
  }

  @Override
  public Map<String, String> partition() {
    return Map.of("source", "greenbutton", "feed", feedPath);
  }

  @Override
  public String initialToken() {
    return Long.toString(startEpochS);
  }

  @Override
  public Page fetch(String token) throws HttpStatusException, HttpUnavailableException, MalformedPayloadException {
    Map<String, String> headers = new HashMap<>(Map.of("Accept", "application/atom+xml"));
    if (!accessToken.isEmpty()) {
      headers.put("Authorization", "Bearer " + accessToken);
    }
    EspiFeed feed = new EspiFeed();
    URI next = URI.create(base + feedPath);
    for (int page = 0; page < MAX_PAGES && next != null; page++) {
      byte[] body = http.get(next, headers).body();
      try {
        Optional<String> href = feed.addPage(body);
        next = href.map(h -> h.startsWith("http") ? URI.create(h) : URI.create(base + (h.startsWith("/") ? h : "/" + h)))
            .orElse(null);
      } catch (IOException e) {
        throw new MalformedPayloadException("Green Button feed page " + (page + 1) + " of " + feedPath + ": "
            + e.getMessage(), new String(body, StandardCharsets.UTF_8), e);
      }
    }
    EspiFeed.Readings readings = feed.read(siteId, Long.parseLong(token));
    List<FeedItem> items = readings.items();
    long end = readings.endEpochS();
    return new Page(items, Long.toString(end), false);
  }
}
