package energy.vgf.connectors.grid.topology;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Reads the topology file each poll; the token is the SHA-256 of its content, so each version of the file is
 * written once (whole: every limit of the new version, which replace the earlier ones by constraint_id).
 */
final class TopologyFeedReader implements FeedReader {

  private final HttpFetcher http;
  private final URI location;
  private final String authorization;
  private final double powerFactor;
  private final Clock clock;

  TopologyFeedReader(HttpFetcher http, URI location, String authorization, double powerFactor, Clock clock) {
    this.http = http;
    this.location = location;
    this.authorization = authorization;
    this.powerFactor = powerFactor;
    this.clock = clock;
  }

  @Override
  public Map<String, String> partition() {
    return Map.of("source", "topology-file", "file", Documents.describe(location));
  }

  @Override
  public String initialToken() {
    return "";
  }

  @Override
  public Page fetch(String token) throws HttpStatusException, HttpUnavailableException, MalformedPayloadException {
    Map<String, String> headers = new HashMap<>(Map.of("Accept", "application/yaml, application/json"));
    if (!authorization.isEmpty()) {
      headers.put("Authorization", authorization);
    }
    byte[] body = Documents.read(location, http, headers);
    String version = sha256(body);
    if (version.equals(token)) {
      return Page.empty(token);
    }
    String text = new String(body, StandardCharsets.UTF_8);
    try {
      JsonNode topology = TopologyLimits.parse(text);
      List<FeedItem> items = TopologyLimits.map(topology, powerFactor, clock.instant());
      return new Page(items, version, false, !token.isEmpty());
    } catch (MappingException e) {
      throw new MalformedPayloadException("topology file " + Documents.describe(location) + ": " + e.getMessage(),
          text, e);
    }
  }

  private static String sha256(byte[] body) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }
}
