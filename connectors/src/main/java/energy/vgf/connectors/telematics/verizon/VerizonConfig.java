package energy.vgf.connectors.telematics.verizon;

import energy.vgf.connectors.source.CommonConfig;
import energy.vgf.connectors.telematics.VehicleIds;
import energy.vgf.schemas.Topics;
import java.util.List;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;

/** Configuration of the Verizon Connect Reveal vehicle location connector. */
public final class VerizonConfig {

  public static final String GROUP = "Verizon Connect";
  public static final String GROUP_AUTH = "Verizon Connect authentication";

  public static final String AUTH_MODE_CONFIG = "verizon.auth.mode";
  private static final String AUTH_MODE_DOC = "TOKEN: Reveal's token service (Basic credentials for a token, then "
      + "'Authorization: Atmosphere atmosphere_app_id=..., Token ...'); OAUTH2: client credentials grant, Bearer token.";
  static final CommonConfig.Choice AUTH_MODES = CommonConfig.Choice.of("TOKEN", "OAUTH2");

  public static final String USERNAME_CONFIG = "verizon.username";
  private static final String USERNAME_DOC = "REST API user (TOKEN mode).";
  public static final String PASSWORD_CONFIG = "verizon.password";
  private static final String PASSWORD_DOC = "REST API password (TOKEN mode). Use a config provider.";
  public static final String APP_ID_CONFIG = "verizon.app.id";
  private static final String APP_ID_DOC = "Atmosphere application id issued with the REST API credentials (TOKEN mode).";
  public static final String TOKEN_URL_CONFIG = "verizon.token.url";
  private static final String TOKEN_URL_DOC = "Token service URL (TOKEN mode) or OAuth 2.0 token endpoint (OAUTH2).";

  public static final String CLIENT_ID_CONFIG = "verizon.client.id";
  private static final String CLIENT_ID_DOC = "OAuth 2.0 client id (OAUTH2 mode).";
  public static final String CLIENT_SECRET_CONFIG = "verizon.client.secret";
  private static final String CLIENT_SECRET_DOC = "OAuth 2.0 client secret (OAUTH2 mode). Use a config provider.";
  public static final String SCOPE_CONFIG = "verizon.scope";
  private static final String SCOPE_DOC = "OAuth 2.0 scope (OAUTH2 mode); empty: none.";

  public static final String VEHICLE_NUMBERS_CONFIG = "verizon.vehicle.numbers";
  private static final String VEHICLE_NUMBERS_DOC = "Vehicle numbers as configured in Reveal; one location feed "
      + "each, spread over tasks.max tasks.";

  public static final String SPEED_UNIT_CONFIG = "verizon.speed.unit";
  private static final String SPEED_UNIT_DOC = "Unit of 'Speed' in location answers, which follows the account's "
      + "unit setting: MPH (US accounts) or KMH.";
  static final CommonConfig.Choice SPEED_UNITS = CommonConfig.Choice.of("MPH", "KMH");

  public static final ConfigDef CONFIG_DEF = define();

  private VerizonConfig() {}

  private static ConfigDef define() {
    ConfigDef def = CommonConfig.base("https://fim.api.us.fleetmatics.com", Topics.VEHICLE_TELEMETRY, 30_000, 0);
    int a = 0;
    def.define(AUTH_MODE_CONFIG, Type.STRING, "TOKEN", AUTH_MODES, Importance.HIGH, AUTH_MODE_DOC, GROUP_AUTH, ++a,
        Width.SHORT, "Authentication", AUTH_MODES);
    def.define(TOKEN_URL_CONFIG, Type.STRING, "https://fim.api.us.fleetmatics.com/token",
        new CommonConfig.UrlValidator(), Importance.MEDIUM, TOKEN_URL_DOC, GROUP_AUTH, ++a, Width.LONG, "Token URL");
    def.define(USERNAME_CONFIG, Type.STRING, "", Importance.HIGH, USERNAME_DOC, GROUP_AUTH, ++a, Width.MEDIUM,
        "User name");
    def.define(PASSWORD_CONFIG, Type.PASSWORD, "", Importance.HIGH, PASSWORD_DOC, GROUP_AUTH, ++a, Width.MEDIUM,
        "Password");
    def.define(APP_ID_CONFIG, Type.STRING, "", Importance.HIGH, APP_ID_DOC, GROUP_AUTH, ++a, Width.MEDIUM, "App id");
    def.define(CLIENT_ID_CONFIG, Type.STRING, "", Importance.HIGH, CLIENT_ID_DOC, GROUP_AUTH, ++a, Width.MEDIUM,
        "Client id");
    def.define(CLIENT_SECRET_CONFIG, Type.PASSWORD, "", Importance.HIGH, CLIENT_SECRET_DOC, GROUP_AUTH, ++a,
        Width.MEDIUM, "Client secret");
    def.define(SCOPE_CONFIG, Type.STRING, "", Importance.LOW, SCOPE_DOC, GROUP_AUTH, ++a, Width.SHORT, "Scope");
    int o = 0;
    def.define(VEHICLE_NUMBERS_CONFIG, Type.LIST, ConfigDef.NO_DEFAULT_VALUE, (name, value) -> {
      if (value instanceof List<?> l && l.isEmpty()) {
        throw new ConfigException(name, value, "at least one vehicle number is required");
      }
    }, Importance.HIGH, VEHICLE_NUMBERS_DOC, GROUP, ++o, Width.LONG, "Vehicle numbers");
    def.define(SPEED_UNIT_CONFIG, Type.STRING, "MPH", SPEED_UNITS, Importance.MEDIUM, SPEED_UNIT_DOC, GROUP, ++o,
        Width.SHORT, "Speed unit", SPEED_UNITS);
    return VehicleIds.define(def, "verizon-");
  }

  /** The keys the chosen authentication mode needs, named when missing. */
  static void checkAuthentication(AbstractConfig config) {
    boolean token = config.getString(AUTH_MODE_CONFIG).equals("TOKEN");
    List<String> required = token ? List.of(USERNAME_CONFIG, PASSWORD_CONFIG, APP_ID_CONFIG)
        : List.of(CLIENT_ID_CONFIG, CLIENT_SECRET_CONFIG);
    for (String key : required) {
      Object v = config.values().get(key);
      String s = v instanceof org.apache.kafka.common.config.types.Password p ? p.value() : v == null ? "" : v.toString();
      if (s.isBlank()) {
        throw new ConfigException(key, "", "is required when " + AUTH_MODE_CONFIG + "="
            + config.getString(AUTH_MODE_CONFIG));
      }
    }
  }
}
