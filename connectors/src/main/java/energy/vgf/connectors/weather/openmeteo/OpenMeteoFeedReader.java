package energy.vgf.connectors.weather.openmeteo;

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
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One location: GET /v1/forecast once per issue interval. The token is the issue time (the start of the
 * interval the forecast was fetched in), so each issued forecast is written once and a restart within the
 * interval writes nothing again.
 */
final class OpenMeteoFeedReader implements FeedReader {

  private final HttpFetcher http;
  private final URI base;
  private final OpenMeteoConfig.Location location;
  private final int forecastDays;
  private final Duration issueInterval;
  private final String apiKey;
  private final Clock clock;

  OpenMeteoFeedReader(HttpFetcher http, URI base, OpenMeteoConfig.Location location, int forecastDays,
      Duration issueInterval, String apiKey, Clock clock) {
    this.http = http;
    this.base = base;
    this.location = location;
    this.forecastDays = forecastDays;
    this.issueInterval = issueInterval;
    this.apiKey = apiKey;
    this.clock = clock;
  }

  @Override
  public Map<String, String> partition() {
    return Map.of("source", "open-meteo", "location", location.id());
  }

  @Override
  public String initialToken() {
    return "";
  }

  @Override
  public Page fetch(String token) throws HttpStatusException, HttpUnavailableException, MalformedPayloadException {
    long step = issueInterval.toMillis();
    Instant issued = Instant.ofEpochMilli(clock.millis() / step * step);
    if (!token.isEmpty() && !issued.isAfter(Instant.parse(token))) {
      return Page.empty(token); // this interval's forecast is written
    }
    // wind_speed_unit=ms and timezone=GMT ask for SI and UTC; the mapper still reads hourly_units and the offset.
    String q = String.format(Locale.ROOT, "latitude=%.4f&longitude=%.4f", location.latitudeDeg(),
        location.longitudeDeg())
        + "&hourly=" + String.join(",", OpenMeteoForecasts.HOURLY)
        + "&wind_speed_unit=ms&timezone=GMT&forecast_days=" + forecastDays
        + (apiKey.isEmpty() ? "" : "&apikey=" + URLEncoder.encode(apiKey, StandardCharsets.UTF_8));
    byte[] body = http.get(URI.create(base + "/v1/forecast?" + q), Map.of("Accept", "application/json")).body();
    JsonNode answer = JsonPayloads.parse(body, "Open-Meteo forecast");
    try {
      if (answer.path("error").asBoolean(false)) {
        throw new MappingException("error answer: " + answer.path("reason").asText());
      }
      List<FeedItem> items = OpenMeteoForecasts.map(answer, location, issued);
      return new Page(items, issued.toString(), false, !token.isEmpty());
    } catch (MappingException e) {
      throw new MalformedPayloadException("Open-Meteo forecast for " + location.id() + ": " + e.getMessage(),
          new String(body, StandardCharsets.UTF_8), e);
    }
  }
}
