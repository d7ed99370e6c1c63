package energy.vgf.connectors.telematics.samsara;

import com.fasterxml.jackson.databind.JsonNode;
import energy.vgf.connectors.http.HttpFetcher;
import energy.vgf.connectors.http.HttpStatusException;
import energy.vgf.connectors.http.HttpUnavailableException;
import energy.vgf.connectors.source.FeedItem;
import energy.vgf.connectors.source.FeedReader;
import energy.vgf.connectors.source.JsonPayloads;
import energy.vgf.connectors.source.MalformedPayloadException;
import energy.vgf.connectors.source.MappingException;
import energy.vgf.connectors.source.Page;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Follows GET /fleet/vehicles/stats/feed. Samsara's feed contract: the first call (no 'after') returns
 * the latest value of each stat and a cursor; each call with after=endCursor returns what changed since,
 * and hasNextPage=true means more is ready now. The cursor is the source offset.
 */
final class SamsaraFeedReader implements FeedReader {

  private final HttpFetcher http;
  private final URI base;
  private final String token;
  private final List<String> types;
  private final List<String> vehicleIds;
  private final SamsaraStatsMapper mapper;

  SamsaraFeedReader(HttpFetcher http, URI base, String token, List<String> types, List<String> vehicleIds,
      SamsaraStatsMapper mapper) {
    this.http = http;
    this.base = base;
    this.token = token;
    this.types = types;
    this.vehicleIds = vehicleIds;
    this.mapper = mapper;
  }

  @Override
  public Map<String, String> partition() {
    return Map.of("source", "samsara", "feed", "vehicle-stats", "types", String.join(",", types));
  }

  @Override
  public String initialToken() {
    return "";
  }

  @Override
  public Page fetch(String cursor) throws HttpStatusException, HttpUnavailableException, MalformedPayloadException {
    StringBuilder q = new StringBuilder("types=").append(enc(String.join(",", types)));
    if (!vehicleIds.isEmpty()) {
      q.append("&vehicleIds=").append(enc(String.join(",", vehicleIds)));
    }
    if (!cursor.isEmpty()) {
      q.append("&after=").append(enc(cursor));
    }
    URI uri = URI.create(base + "/fleet/vehicles/stats/feed?" + q);
    byte[] body = http.get(uri, Map.of("Authorization", "Bearer " + token, "Accept", "application/json")).body();
    JsonNode page = JsonPayloads.parse(body, "Samsara stats feed page");
    JsonNode pagination = page.path("pagination");
    String endCursor = pagination.path("endCursor").asText("");
    List<FeedItem> items;
    try {
      items = mapper.map(page);
    } catch (MappingException e) {
      throw new MalformedPayloadException("Samsara stats feed page: " + e.getMessage(),
          new String(body, StandardCharsets.UTF_8), e);
    }
    if (endCursor.isEmpty()) {
      throw new MalformedPayloadException("Samsara stats feed page without pagination.endCursor",
          new String(body, StandardCharsets.UTF_8), null);
    }
    return new Page(items, endCursor, pagination.path("hasNextPage").asBoolean(false));
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
