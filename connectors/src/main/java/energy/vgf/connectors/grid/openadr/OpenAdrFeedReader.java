package energy.vgf.connectors.grid.openadr;

import com.fasterxml.jackson.databind.JsonNode;
import energy.vgf.connectors.http.HttpFetcher;
import energy.vgf.connectors.http.HttpStatusException;
import energy.vgf.connectors.http.HttpUnavailableException;
import energy.vgf.connectors.http.OAuth2ClientCredentials;
import energy.vgf.connectors.source.FeedItem;
import energy.vgf.connectors.source.FeedReader;
import energy.vgf.connectors.source.JsonPayloads;
import energy.vgf.connectors.source.MalformedPayloadException;
import energy.vgf.connectors.source.Page;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Polls GET /events (OpenADR 3 VEN side) page by page with skip/limit, and writes events modified after
 * the token "modificationDateTime|id" of the last event written, in (modificationDateTime, id) order;
 * a modified event is written again with the same constraint ids, which replace the earlier ones.
 */
final class OpenAdrFeedReader implements FeedReader {

  private final HttpFetcher http;
  private final URI base;
  private final OAuth2ClientCredentials oauth;
  private final List<String> programIds;
  private final int pageSize;
  private final OpenAdrEventMapper mapper;

  OpenAdrFeedReader(HttpFetcher http, URI base, OAuth2ClientCredentials oauth, List<String> programIds, int pageSize,
      OpenAdrEventMapper mapper) {
    this.http = http;
    this.base = base;
    this.oauth = oauth;
    this.programIds = programIds;
    this.pageSize = pageSize;
    this.mapper = mapper;
  }

  @Override
  public Map<String, String> partition() {
    return Map.of("source", "openadr3", "vtn", base.toString(), "programs", String.join(",", programIds));
  }

  @Override
  public String initialToken() {
    return "";
  }

  @Override
  public Page fetch(String token) throws HttpStatusException, HttpUnavailableException, MalformedPayloadException {
    List<JsonNode> events = new ArrayList<>();
    for (String program : programIds.isEmpty() ? List.of("") : programIds) {
      for (int skip = 0; ; skip += pageSize) {
        String q = (program.isEmpty() ? "" : "programID=" + URLEncoder.encode(program, StandardCharsets.UTF_8) + "&")
            + "skip=" + skip + "&limit=" + pageSize;
        JsonNode page = JsonPayloads.parse(get(URI.create(base + "/events?" + q)), "OpenADR events page");
        if (!page.isArray()) {
          throw new MalformedPayloadException("OpenADR /events did not answer an array", page.toString(), null);
        }
        page.forEach(events::add);
        if (page.size() < pageSize) {
          break;
        }
      }
    }
    events.sort(Comparator.comparing(OpenAdrFeedReader::version));
    List<FeedItem> items = new ArrayList<>();
    String next = token;
    for (JsonNode event : events) {
      String version = version(event);
      if (version.compareTo(token) > 0) {
        items.addAll(mapper.map(event));
        next = version;
      }
    }
    return new Page(items, next, false);
  }

  /** ISO-8601 UTC timestamps of one VTN share a format, so text order is time order. */
  private static String version(JsonNode event) {
    String modified = event.path("modificationDateTime").asText(event.path("createdDateTime").asText(""));
    return modified + "|" + event.path("id").asText("");
  }

  private byte[] get(URI uri) throws HttpStatusException, HttpUnavailableException {
    try {
      return http.get(uri, Map.of("Authorization", oauth.authorization(), "Accept", "application/json")).body();
    } catch (HttpStatusException e) {
      if (e.status() != 401) {
        throw e;
      }
      oauth.invalidate(); // token revoked or expired early: one fresh token, then give up
      return http.get(uri, Map.of("Authorization", oauth.authorization(), "Accept", "application/json")).body();
    }
  }
}
