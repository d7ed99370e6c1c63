package energy.vgf.connectors.telematics;

import energy.vgf.connectors.source.CommonConfig;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;

/**
 * Turns a provider's vehicle id into the platform's vehicle_id (the topic's key): an explicit map
 * first, else a prefix plus the provider id, so two providers' ids never collide.
 */
public record VehicleIds(String prefix, Map<String, String> explicit, String fleetId) {

  public static final String VEHICLE_ID_PREFIX_CONFIG = "vehicle.id.prefix";
  private static final String VEHICLE_ID_PREFIX_DOC = "Prefix put before the provider's vehicle id to form the "
      + "platform's vehicle_id when vehicle.id.map has no entry for it.";

  public static final String VEHICLE_ID_MAP_CONFIG = "vehicle.id.map";
  private static final String VEHICLE_ID_MAP_DOC = "providerId=platformVehicleId pairs, comma-separated.";

  public static final String FLEET_ID_CONFIG = "fleet.id";
  private static final String FLEET_ID_DOC = "Fleet the vehicles belong to (fleet_id of the records); empty: none.";

  public static ConfigDef define(ConfigDef def, String defaultPrefix) {
    def.define(VEHICLE_ID_PREFIX_CONFIG, Type.STRING, defaultPrefix, Importance.MEDIUM, VEHICLE_ID_PREFIX_DOC,
        CommonConfig.GROUP_MAPPING, 1, Width.SHORT, "Vehicle id prefix");
    def.define(VEHICLE_ID_MAP_CONFIG, Type.LIST, List.of(), Importance.MEDIUM, VEHICLE_ID_MAP_DOC,
        CommonConfig.GROUP_MAPPING, 2, Width.LONG, "Vehicle id map");
    def.define(FLEET_ID_CONFIG, Type.STRING, "", Importance.LOW, FLEET_ID_DOC, CommonConfig.GROUP_MAPPING, 3,
        Width.SHORT, "Fleet id");
    return def;
  }

  public static VehicleIds from(AbstractConfig config) {
    String fleet = config.getString(FLEET_ID_CONFIG);
    return new VehicleIds(config.getString(VEHICLE_ID_PREFIX_CONFIG),
        CommonConfig.pairs(VEHICLE_ID_MAP_CONFIG, config.getList(VEHICLE_ID_MAP_CONFIG)),
        fleet == null || fleet.isBlank() ? null : fleet);
  }

  public String platformId(String providerId) {
    String mapped = explicit.get(providerId);
    return mapped != null ? mapped : prefix + providerId;
  }
}
