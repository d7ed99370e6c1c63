package energy.vgf.connectors.market.ercot;

import com.fasterxml.jackson.databind.JsonNode;
import energy.vgf.connectors.http.HttpFetcher;
import energy.vgf.connectors.http.HttpStatusException;
import energy.vgf.connectors.http.HttpUnavailableException;
import energy.vgf.connectors.source.JsonPayloads;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * ERCOT public API authentication ("ERCOT Public API: Authentication"): an ID token from its Azure AD B2C
 * resource-owner password flow, sent as "Authorization: Bearer", valid one hour. The credentials go in the
 * form body, never in a URL that could be logged.
 */
final class ErcotIdToken {

  private static final Duration EARLY_REFRESH = Duration.ofMinutes(5);

  private final HttpFetcher http;
  private final URI tokenUrl;
  private final String username;
  private final String password;
  private final String clientId;
  private final Clock clock = Clock.systemUTC();
  private String token;
  private Instant expiresAt = Instant.EPOCH;

  ErcotIdToken(HttpFetcher http, URI tokenUrl, String username, String password, String clientId) {
    this.http = http;
    this.tokenUrl = tokenUrl;
    this.username = username;
    this.password = password;
    this.clientId = clientId;
  }

  synchronized String authorization() throws HttpStatusException, HttpUnavailableException {
    if (token == null || clock.instant().isAfter(expiresAt.minus(EARLY_REFRESH))) {
      String body = "grant_type=password&username=" + form(username) + "&password=" + form(password)
          + "&scope=" + form("openid " + clientId + " offline_access") + "&client_id=" + form(clientId)
          + "&response_type=id_token";
      byte[] response = http.post(tokenUrl, Map.of("Content-Type", "application/x-www-form-urlencoded",
          "Accept", "application/json"), body).body();
      try {
        JsonNode json = JsonPayloads.MAPPER.readTree(response);
        String t = json.path("id_token").asText(json.path("access_token").asText(""));
        if (t.isEmpty()) {
          throw new HttpStatusException(401, HttpFetcher.describe(tokenUrl), "token response without id_token");
        }
        token = t;
        expiresAt = clock.instant().plusSeconds(json.path("expires_in").asLong(3600));
      } catch (IOException e) {
        throw new HttpStatusException(401, HttpFetcher.describe(tokenUrl), "token response is not JSON");
      }
    }
    return "Bearer " + token;
  }

  synchronized void invalidate() {
    token = null;
  }

  private static String form(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
