package energy.vgf.connectors.weather.nws;

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
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One location: GET /points/{lat},{lon} once for its forecastHourly URL (NWS API docs: resolve the grid
 * point first, do not build gridpoint URLs yourself), then the hourly forecast; the token is the
 * forecast's updateTime, so each issued forecast is written once.
 */
final class NwsFeedReader implements FeedReader {

  private static final Map<String, String> HEADERS = Map.of("Accept", "application/geo+json");

  private final HttpFetcher http;
  private final URI base;
  private final NwsConfig.Location location;
  private URI forecastHourly;

  NwsFeedReader(HttpFetcher http, URI base, NwsConfig.Location location) {
    this.http = http;
    this.base = base;
    this.location = location;
  }

  @Override
  public Map<String, String> partition() {
    return Map.of("source", "nws", "location", location.id());
  }

  @Override
  public String initialToken() {
    return "";
  }

  @Override
  public Page fetch(String token) throws HttpStatusException, HttpUnavailableException, MalformedPayloadException {
    if (forecastHourly == null) {
      // NWS wants at most 4 decimals in /points (it redirects otherwise).
      URI points = URI.create(base + String.format(Locale.ROOT, "/points/%.4f,%.4f", location.latitudeDeg(),
          location.longitudeDeg()));
      JsonNode p = JsonPayloads.parse(http.get(points, HEADERS).body(), "NWS points");
      String url = p.path("properties").path("forecastHourly").asText("");
      if (url.isEmpty()) {
        throw new MalformedPayloadException("NWS points answer without properties.forecastHourly", p.toString(), null);
      }
      forecastHourly = URI.create(url);
    }
    byte[] body = http.get(forecastHourly, HEADERS).body();
    JsonNode forecast = JsonPayloads.parse(body, "NWS hourly forecast");
    try {
      Instant updated = NwsForecastMapper.updateTime(forecast);
      if (!token.isEmpty() && !updated.isAfter(Instant.parse(token))) {
        return Page.empty(token);
      }
      List<FeedItem> items = NwsForecastMapper.map(forecast, location);
      // A forecast issued after the token's is a new version: the stored skip counted items of the older one.
      return new Page(items, updated.toString(), false, !token.isEmpty());
    } catch (MappingException e) {
      throw new MalformedPayloadException("NWS hourly forecast for " + location.id() + ": " + e.getMessage(),
          new String(body, StandardCharsets.UTF_8), e);
    }
  }
}
