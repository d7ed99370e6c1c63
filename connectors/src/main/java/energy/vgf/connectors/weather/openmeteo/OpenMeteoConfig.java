package energy.vgf.connectors.weather.openmeteo;

import energy.vgf.connectors.source.CommonConfig;
import energy.vgf.schemas.Topics;
import java.util.List;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;

/** Configuration of the Open-Meteo hourly forecast connector. */
public final class OpenMeteoConfig {

  public static final String GROUP = "Open-Meteo";

  public static final String LOCATIONS_CONFIG = "openmeteo.locations";
  private static final String LOCATIONS_DOC = "Locations as location_id:latitude:longitude (WGS84 degrees), e.g. "
      + "depot-sj:37.3379:-121.8863. One forecast feed per location; spread over tasks.max tasks.";

  public static final String FORECAST_DAYS_CONFIG = "openmeteo.forecast.days";
  private static final String FORECAST_DAYS_DOC = "Days of hourly forecast per request (forecast_days, 1..16).";

  public static final String ISSUE_INTERVAL_MS_CONFIG = "openmeteo.issue.interval.ms";
  private static final String ISSUE_INTERVAL_MS_DOC = "Open-Meteo answers carry no issue time: the connector writes "
      + "one forecast per interval, issued_at = the start of the interval (UTC). Its models update at most hourly.";

  public static final String API_KEY_CONFIG = "openmeteo.api.key";
  private static final String API_KEY_DOC = "API key of a commercial Open-Meteo plan (apikey parameter, with base.url "
      + "https://customer-api.open-meteo.com); empty for the free API.";

  public static final ConfigDef CONFIG_DEF = define();

  private OpenMeteoConfig() {}

  private static ConfigDef define() {
    ConfigDef def = CommonConfig.base("https://api.open-meteo.com", Topics.WEATHER_FORECAST, 900_000, 0);
    int o = 0;
    def.define(LOCATIONS_CONFIG, Type.LIST, ConfigDef.NO_DEFAULT_VALUE, OpenMeteoConfig::validLocations,
        Importance.HIGH, LOCATIONS_DOC, GROUP, ++o, Width.LONG, "Locations");
    def.define(FORECAST_DAYS_CONFIG, Type.INT, 2, ConfigDef.Range.between(1, 16), Importance.MEDIUM,
        FORECAST_DAYS_DOC, GROUP, ++o, Width.SHORT, "Forecast days");
    def.define(ISSUE_INTERVAL_MS_CONFIG, Type.LONG, 3_600_000L, ConfigDef.Range.atLeast(1_000), Importance.LOW,
        ISSUE_INTERVAL_MS_DOC, GROUP, ++o, Width.SHORT, "Issue interval (ms)");
    def.define(API_KEY_CONFIG, Type.PASSWORD, "", Importance.LOW, API_KEY_DOC, GROUP, ++o, Width.MEDIUM, "API key");
    return def;
  }

  public record Location(String id, double latitudeDeg, double longitudeDeg) {}

  public static Location parse(String entry) {
    String[] p = entry.trim().split(":");
    if (p.length != 3) {
      throw new ConfigException(LOCATIONS_CONFIG, entry, "must be location_id:latitude:longitude");
    }
    try {
      double lat = Double.parseDouble(p[1]);
      double lon = Double.parseDouble(p[2]);
      if (lat < -90 || lat > 90 || lon < -180 || lon > 180) {
        throw new ConfigException(LOCATIONS_CONFIG, entry, "latitude must be in -90..90 and longitude in -180..180");
      }
      return new Location(p[0], lat, lon);
    } catch (NumberFormatException e) {
      throw new ConfigException(LOCATIONS_CONFIG, entry, "latitude and longitude must be decimal degrees");
    }
  }

  private static void validLocations(String name, Object value) {
    List<?> list = (List<?>) value;
    if (list == null || list.isEmpty()) {
      throw new ConfigException(name, value, "at least one location is required");
    }
    list.forEach(e -> parse(e.toString()));
  }
}
