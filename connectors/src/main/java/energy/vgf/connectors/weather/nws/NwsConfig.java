package energy.vgf.connectors.weather.nws;

import energy.vgf.connectors.source.CommonConfig;
import energy.vgf.schemas.Topics;
import java.util.List;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;

/** Configuration of the US National Weather Service hourly forecast connector. */
public final class NwsConfig {

  public static final String GROUP = "NWS";

  public static final String LOCATIONS_CONFIG = "nws.locations";
  private static final String LOCATIONS_DOC = "Locations as location_id:latitude:longitude (WGS84 degrees), e.g. "
      + "depot-sj:37.3379:-121.8863. One forecast feed per location; spread over tasks.max tasks.";

  public static final ConfigDef CONFIG_DEF = define();

  private NwsConfig() {}

  private static ConfigDef define() {
    // NWS regenerates gridpoint forecasts about hourly; 15 minutes keeps us current without load on api.weather.gov.
    ConfigDef def = CommonConfig.base("https://api.weather.gov", Topics.WEATHER_FORECAST, 900_000, 0);
    def.define(LOCATIONS_CONFIG, Type.LIST, ConfigDef.NO_DEFAULT_VALUE, NwsConfig::validLocations, Importance.HIGH,
        LOCATIONS_DOC, GROUP, 1, Width.LONG, "Locations");
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
