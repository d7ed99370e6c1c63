package energy.vgf.connectors.telematics.samsara;

import energy.vgf.connectors.source.CommonConfig;
import energy.vgf.connectors.telematics.VehicleIds;
import energy.vgf.schemas.Topics;
import java.util.List;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;

/** Configuration of the Samsara vehicle stats feed connector. */
public final class SamsaraConfig {

  public static final String GROUP = "Samsara";

  public static final String API_TOKEN_CONFIG = "samsara.api.token";
  private static final String API_TOKEN_DOC = "Samsara API token (sent as 'Authorization: Bearer'). Needs the "
      + "'Read Vehicle Statistics' scope. Use a config provider, e.g. ${file:/etc/vgf/secrets.properties:samsara}.";

  public static final String STAT_TYPES_CONFIG = "samsara.stat.types";
  private static final String STAT_TYPES_DOC = "Stat types requested from /fleet/vehicles/stats/feed. Samsara caps "
      + "the number of types per request (see its docs); the mapped ones are listed here.";
  public static final List<String> STAT_TYPES_DEFAULT =
      List.of("evStateOfChargeMilliPercent", "evChargingStatus", "gps", "obdOdometerMeters");
  static final CommonConfig.Choice STAT_TYPES = CommonConfig.Choice.of("evStateOfChargeMilliPercent",
      "evChargingStatus", "gps", "obdOdometerMeters", "gpsOdometerMeters", "ambientAirTemperatureMilliC");

  public static final String VEHICLE_IDS_CONFIG = "samsara.vehicle.ids";
  private static final String VEHICLE_IDS_DOC = "Samsara vehicle ids to follow (vehicleIds parameter); empty: all.";

  public static final ConfigDef CONFIG_DEF = define();

  private SamsaraConfig() {}

  private static ConfigDef define() {
    ConfigDef def = CommonConfig.base("https://api.samsara.com", Topics.VEHICLE_TELEMETRY, 10_000, 0);
    def.define(API_TOKEN_CONFIG, Type.PASSWORD, ConfigDef.NO_DEFAULT_VALUE, Importance.HIGH, API_TOKEN_DOC, GROUP, 1,
        Width.LONG, "API token");
    def.define(STAT_TYPES_CONFIG, Type.LIST, STAT_TYPES_DEFAULT, STAT_TYPES, Importance.MEDIUM, STAT_TYPES_DOC,
        GROUP, 2, Width.LONG, "Stat types", STAT_TYPES);
    def.define(VEHICLE_IDS_CONFIG, Type.LIST, List.of(), Importance.LOW, VEHICLE_IDS_DOC, GROUP, 3, Width.LONG,
        "Vehicle ids");
    return VehicleIds.define(def, "samsara-");
  }
}
