package energy.vgf.connectors.telematics.verizon;

import energy.vgf.connectors.http.HttpFetcher;
import energy.vgf.connectors.http.HttpStatusException;
import energy.vgf.connectors.http.HttpUnavailableException;
import energy.vgf.connectors.http.OAuth2ClientCredentials;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;

/**
 * The Authorization header of Reveal calls. TOKEN mode follows Verizon Connect's REST API guide: GET the token
 * service with HTTP Basic credentials, which answers the token as plain text, valid 20 minutes; calls then send
 * "Atmosphere atmosphere_app_id=<app id>, Token <token>". OAUTH2 mode uses the client credentials grant.
 */
interface RevealAuth {

  String authorization() throws HttpStatusException, HttpUnavailableException;

  void invalidate();

  static RevealAuth oauth2(OAuth2ClientCredentials oauth) {
    return new RevealAuth() {
      @Override
      public String authorization() throws HttpStatusException, HttpUnavailableException {
        return oauth.authorization();
      }

      @Override
      public void invalidate() {
        oauth.invalidate();
      }
    };
  }

  /** Reveal's own token service. */
  final class Atmosphere implements RevealAuth {
    // The token lives 20 minutes (Reveal REST API guide); renew a minute early.
    private static final Duration LIFETIME = Duration.ofMinutes(19);

    private final HttpFetcher http;
    private final URI tokenUrl;
    private final String basic;
    private final String appId;
    private final Clock clock = Clock.systemUTC();
    private String token;
    private Instant renewAt = Instant.EPOCH;

    Atmosphere(HttpFetcher http, URI tokenUrl, String username, String password, String appId) {
      this.http = http;
      this.tokenUrl = tokenUrl;
      this.basic = "Basic " + Base64.getEncoder().encodeToString((username + ":" + password)
          .getBytes(StandardCharsets.UTF_8));
      this.appId = appId;
    }

    @Override
    public synchronized String authorization() throws HttpStatusException, HttpUnavailableException {
      if (token == null || clock.instant().isAfter(renewAt)) {
        String t = new String(http.get(tokenUrl, Map.of("Authorization", basic, "Accept", "text/plain")).body(),
            StandardCharsets.UTF_8).trim();
        if (t.startsWith("\"") && t.endsWith("\"") && t.length() > 1) {
          t = t.substring(1, t.length() - 1); // some gateways answer the token as a JSON string
        }
        if (t.isEmpty()) {
          throw new HttpStatusException(401, HttpFetcher.describe(tokenUrl), "empty token");
        }
        token = t;
        renewAt = clock.instant().plus(LIFETIME);
      }
      return "Atmosphere atmosphere_app_id=" + appId + ", Token " + token;
    }

    @Override
    public synchronized void invalidate() {
      token = null;
    }
  }
}
