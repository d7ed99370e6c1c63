package energy.vgf.connectors.weather.openmeteo;

import com.fasterxml.jackson.databind.JsonNode;
import energy.vgf.connectors.source.FeedItem;
import energy.vgf.connectors.source.MappingException;
import energy.vgf.weather.WeatherForecast;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Maps an Open-Meteo /v1/forecast answer to WeatherForecast, one record per hourly.time entry. The arrays are
 * column-oriented and share hourly.time's length; times are local without an offset (apply utc_offset_seconds)
 * or epoch seconds with timeformat=unixtime; units are in hourly_units. shortwave_radiation is the mean over the
 * preceding hour (Open-Meteo docs), written as the irradiance of the hour that ends at valid_at.
 */
public final class OpenMeteoForecasts {

  public static final List<String> HOURLY = List.of("temperature_2m", "shortwave_radiation", "wind_speed_10m",
      "cloud_cover");

  private OpenMeteoForecasts() {}

  public static List<FeedItem> map(JsonNode answer, OpenMeteoConfig.Location location, Instant issuedAt) {
    JsonNode hourly = answer.get("hourly");
    if (hourly == null || !hourly.path("time").isArray()) {
      throw new MappingException("answer has no hourly.time array");
    }
    JsonNode units = answer.path("hourly_units");
    JsonNode times = hourly.get("time");
    ZoneOffset offset = ZoneOffset.ofTotalSeconds(answer.path("utc_offset_seconds").asInt(0));
    for (String v : HOURLY) {
      JsonNode column = hourly.get(v);
      if (column != null && (!column.isArray() || column.size() != times.size())) {
        throw new MappingException("hourly." + v + " is not an array as long as hourly.time (" + times.size() + ")");
      }
    }
    List<FeedItem> out = new ArrayList<>();
    for (int i = 0; i < times.size(); i++) {
      try {
        Instant validAt = time(times.get(i), offset);
        Double temperature = value(hourly, "temperature_2m", i);
        if (temperature == null) {
          throw new MappingException("temperature_2m is null");
        }
        WeatherForecast f = WeatherForecast.newBuilder()
            .setLocationId(location.id())
            .setLatitudeDeg(location.latitudeDeg())
            .setLongitudeDeg(location.longitudeDeg())
            .setProvider("open-meteo")
            .setIssuedAt(issuedAt)
            .setValidAt(validAt)
            .setTemperatureC(celsius(temperature, units.path("temperature_2m").asText("°C")))
            .setIrradianceWPerM2(value(hourly, "shortwave_radiation", i))
            .setWindSpeedMPerS(metresPerSecond(value(hourly, "wind_speed_10m", i),
                units.path("wind_speed_10m").asText("km/h")))
            .setCloudCoverPct(value(hourly, "cloud_cover", i))
            .build();
        out.add(new FeedItem.Mapped(location.id(), f, validAt));
      } catch (MappingException e) {
        out.add(FeedItem.rejected(row(hourly, i), new MappingException("Open-Meteo hour " + times.get(i) + " of "
            + location.id() + ": " + e.getMessage())));
      }
    }
    return out;
  }

  static Instant time(JsonNode t, ZoneOffset offset) {
    if (t.isNumber()) {
      return Instant.ofEpochSecond(t.asLong()); // timeformat=unixtime: GMT epoch seconds
    }
    try {
      return LocalDateTime.parse(t.asText()).toInstant(offset);
    } catch (DateTimeParseException e) {
      throw new MappingException("time '" + t.asText() + "' is not yyyy-MM-ddTHH:mm");
    }
  }

  private static Double value(JsonNode hourly, String variable, int i) {
    JsonNode column = hourly.get(variable);
    if (column == null || column.get(i) == null || column.get(i).isNull()) {
      return null; // Open-Meteo writes null for missing data
    }
    if (!column.get(i).isNumber()) {
      throw new MappingException(variable + " '" + column.get(i).asText() + "' is not a number");
    }
    return column.get(i).asDouble();
  }

  static double celsius(double value, String unit) {
    return switch (unit) {
      case "°C" -> value;
      case "°F" -> (value - 32) * 5 / 9;
      default -> throw new MappingException("temperature_2m unit '" + unit + "' is neither °C nor °F");
    };
  }

  /** wind_speed_unit: kmh (default), ms, mph, kn. */
  static Double metresPerSecond(Double value, String unit) {
    if (value == null) {
      return null;
    }
    return switch (unit) {
      case "km/h" -> value / 3.6;
      case "m/s" -> value;
      case "mp/h", "mph" -> value * 0.44704;
      case "kn" -> value * 1852.0 / 3600.0;
      default -> throw new MappingException("wind_speed_10m unit '" + unit + "' is not km/h, m/s, mph or kn");
    };
  }

  private static String row(JsonNode hourly, int i) {
    StringBuilder b = new StringBuilder("{");
    hourly.fields().forEachRemaining(e -> {
      if (b.length() > 1) {
        b.append(',');
      }
      JsonNode v = e.getValue().get(i);
      b.append('"').append(e.getKey()).append("\":").append(v == null ? "null" : v.toString());
    });
    return b.append('}').toString();
  }
}
