package energy.vgf.connectors.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;

/**
 * OAuth 2.0 client credentials grant (RFC 6749 section 4.4), as OpenADR 3 VTNs and Verizon Connect
 * require. The client authenticates with HTTP Basic (section 2.3.1, the method servers MUST support);
 * the token is reused until 30 s before {@code expires_in} and refreshed after a 401.
 */
public final class OAuth2ClientCredentials {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration EARLY_REFRESH = Duration.ofSeconds(30);

  private final HttpFetcher http;
  private final URI tokenUrl;
  private final String clientId;
  private final String clientSecret;
  private final String scope;
  private final Clock clock;
  private String accessToken;
  private Instant expiresAt = Instant.EPOCH;

  public OAuth2ClientCredentials(HttpFetcher http, URI tokenUrl, String clientId, String clientSecret, String scope) {
    this.http = http;
    this.tokenUrl = tokenUrl;
    this.clientId = clientId;
    this.clientSecret = clientSecret;
    this.scope = scope;
    this.clock = Clock.systemUTC();
  }

  /** The Authorization header value, fetching a token first when needed. */
  public synchronized String authorization() throws HttpStatusException, HttpUnavailableException {
    if (accessToken == null || clock.instant().isAfter(expiresAt.minus(EARLY_REFRESH))) {
      refresh();
    }
    return "Bearer " + accessToken;
  }

  /** Forget the token, e.g. after a 401 from the resource server. */
  public synchronized void invalidate() {
    accessToken = null;
  }

  private void refresh() throws HttpStatusException, HttpUnavailableException {
    String basic = Base64.getEncoder().encodeToString(
        (form(clientId) + ":" + form(clientSecret)).getBytes(StandardCharsets.UTF_8));
    String body = "grant_type=client_credentials" + (scope == null || scope.isBlank() ? "" : "&scope=" + form(scope));
    byte[] response = http.post(tokenUrl, Map.of("Authorization", "Basic " + basic,
        "Content-Type", "application/x-www-form-urlencoded", "Accept", "application/json"), body).body();
    try {
      JsonNode json = JSON.readTree(response);
      JsonNode token = json.get("access_token");
      if (token == null || !token.isTextual()) {
        throw new HttpStatusException(200, HttpFetcher.describe(tokenUrl), "token response without access_token");
      }
      accessToken = token.asText();
      long expiresIn = json.path("expires_in").asLong(3600);
      expiresAt = clock.instant().plusSeconds(expiresIn);
    } catch (IOException e) {
      throw new HttpStatusException(200, HttpFetcher.describe(tokenUrl), "token response is not JSON");
    }
  }

  private static String form(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
