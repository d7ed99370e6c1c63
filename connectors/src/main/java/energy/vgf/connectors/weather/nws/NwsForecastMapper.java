package energy.vgf.connectors.weather.nws;

import com.fasterxml.jackson.databind.JsonNode;
import energy.vgf.connectors.source.FeedItem;
import energy.vgf.connectors.source.JsonPayloads;
import energy.vgf.connectors.source.MappingException;
import energy.vgf.weather.WeatherForecast;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maps /gridpoints/{wfo}/{x},{y}/forecast/hourly periods to WeatherForecast. NWS gives temperature as
 * an integer in temperatureUnit (F or C; or, with the forecast_temperature_qv feature flag, a
 * {unitCode, value} object), and wind speed as a string such as "10 mph" or "5 to 10 mph".
 */
public final class NwsForecastMapper {

  private static final Pattern SPEED = Pattern.compile("(\\d+(?:\\.\\d+)?)(?:\\s*to\\s*(\\d+(?:\\.\\d+)?))?\\s*(mph|km/h)?");
  private static final double M_PER_S_PER_MPH = 0.44704;

  private NwsForecastMapper() {}

  /** The forecast's version: updateTime (when the forecaster last changed it), else generatedAt. */
  public static Instant updateTime(JsonNode forecast) {
    JsonNode p = forecast.path("properties");
    return JsonPayloads.instant(p, p.hasNonNull("updateTime") ? "updateTime" : "generatedAt");
  }

  public static List<FeedItem> map(JsonNode forecast, NwsConfig.Location location) {
    JsonNode periods = forecast.path("properties").path("periods");
    if (!periods.isArray()) {
      throw new MappingException("forecast has no properties.periods array");
    }
    Instant issued = updateTime(forecast);
    List<FeedItem> out = new ArrayList<>();
    for (JsonNode period : periods) {
      try {
        Instant validAt = JsonPayloads.instant(period, "startTime");
        WeatherForecast f = WeatherForecast.newBuilder()
            .setLocationId(location.id())
            .setLatitudeDeg(location.latitudeDeg())
            .setLongitudeDeg(location.longitudeDeg())
            .setProvider("nws")
            .setIssuedAt(issued)
            .setValidAt(validAt)
            .setTemperatureC(temperatureC(period))
            .setIrradianceWPerM2(null)
            .setWindSpeedMPerS(windSpeedMPerS(period.path("windSpeed")))
            .setCloudCoverPct(null)
            .build();
        out.add(new FeedItem.Mapped(location.id(), f, validAt));
      } catch (MappingException e) {
        out.add(FeedItem.rejected(period.toString(), new MappingException("NWS period "
            + period.path("number").asText("?") + ": " + e.getMessage())));
      }
    }
    return out;
  }

  static double temperatureC(JsonNode period) {
    JsonNode t = period.get("temperature");
    if (t != null && t.isObject()) {
      double v = JsonPayloads.number(t, "value");
      return t.path("unitCode").asText().endsWith("degF") ? (v - 32) * 5 / 9 : v;
    }
    double v = JsonPayloads.number(period, "temperature");
    String unit = period.path("temperatureUnit").asText("F");
    return switch (unit) {
      case "F" -> (v - 32) * 5 / 9;
      case "C" -> v;
      default -> throw new MappingException("temperatureUnit '" + unit + "' is neither F nor C");
    };
  }

  /** A range is taken at its midpoint; null when NWS leaves the speed empty. */
  static Double windSpeedMPerS(JsonNode wind) {
    if (wind == null || wind.isNull() || wind.isMissingNode() || wind.asText().isBlank()) {
      return null;
    }
    if (wind.isObject()) {
      JsonNode v = wind.get("value");
      return v == null || v.isNull() ? null
          : wind.path("unitCode").asText().endsWith("km_h-1") ? v.asDouble() / 3.6 : v.asDouble();
    }
    Matcher m = SPEED.matcher(wind.asText().trim());
    if (!m.matches()) {
      throw new MappingException("windSpeed '" + wind.asText() + "' is not like '10 mph' or '5 to 10 mph'");
    }
    double low = Double.parseDouble(m.group(1));
    double speed = m.group(2) == null ? low : (low + Double.parseDouble(m.group(2))) / 2;
    return "km/h".equals(m.group(3)) ? speed / 3.6 : speed * M_PER_S_PER_MPH;
  }
}
