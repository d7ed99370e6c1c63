package energy.vgf.connectors.telematics.geotab;

import energy.vgf.connectors.source.CommonConfig;
import energy.vgf.connectors.telematics.VehicleIds;
import energy.vgf.schemas.Topics;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;

/** Configuration of the MyGeotab GetFeed connector. */
public final class GeotabConfig {

  public static final String GROUP = "Geotab";

  public static final String DATABASE_CONFIG = "geotab.database";
  private static final String DATABASE_DOC = "MyGeotab database (company) name.";

  public static final String USERNAME_CONFIG = "geotab.username";
  private static final String USERNAME_DOC = "MyGeotab user (a service account with read access to the devices).";

  public static final String PASSWORD_CONFIG = "geotab.password";
  private static final String PASSWORD_DOC = "Password of the MyGeotab user; sent only to Authenticate. Use a config "
      + "provider.";

  public static final String DIAGNOSTIC_IDS_CONFIG = "geotab.diagnostic.ids";
  private static final String DIAGNOSTIC_IDS_DOC = "StatusData diagnostics to follow, one GetFeed each: "
      + "DiagnosticStateOfChargeId (%), DiagnosticOdometerId and DiagnosticOdometerAdjustmentId (m).";
  static final CommonConfig.Choice DIAGNOSTICS = CommonConfig.Choice.of("DiagnosticStateOfChargeId",
      "DiagnosticOdometerId", "DiagnosticOdometerAdjustmentId");

  public static final String LOG_RECORDS_CONFIG = "geotab.log.records";
  private static final String LOG_RECORDS_DOC = "Also follow the LogRecord feed (GPS position and speed).";

  public static final String START_TIME_CONFIG = "geotab.start.time";
  private static final String START_TIME_DOC = "ISO-8601 UTC time the feeds start from (search.fromDate) when no "
      + "offset is stored. Empty: Geotab's default for a feed without fromVersion.";

  public static final String RESULTS_LIMIT_CONFIG = "geotab.results.limit";
  private static final String RESULTS_LIMIT_DOC = "resultsLimit per GetFeed call (Geotab allows up to 50000); a full "
      + "page is followed at once from its toVersion.";

  public static final ConfigDef CONFIG_DEF = define();

  private GeotabConfig() {}

  private static ConfigDef define() {
    // Geotab's rate limits allow GetFeed about once a second per type; polling every 10 s stays well inside.
    ConfigDef def = CommonConfig.base("https://my.geotab.com", Topics.VEHICLE_TELEMETRY, 10_000, 0);
    int o = 0;
    def.define(DATABASE_CONFIG, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(),
        Importance.HIGH, DATABASE_DOC, GROUP, ++o, Width.MEDIUM, "Database");
    def.define(USERNAME_CONFIG, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(),
        Importance.HIGH, USERNAME_DOC, GROUP, ++o, Width.MEDIUM, "User name");
    def.define(PASSWORD_CONFIG, Type.PASSWORD, ConfigDef.NO_DEFAULT_VALUE, Importance.HIGH, PASSWORD_DOC, GROUP, ++o,
        Width.MEDIUM, "Password");
    def.define(DIAGNOSTIC_IDS_CONFIG, Type.LIST, List.of("DiagnosticStateOfChargeId"), DIAGNOSTICS, Importance.MEDIUM,
        DIAGNOSTIC_IDS_DOC, GROUP, ++o, Width.LONG, "Diagnostics", DIAGNOSTICS);
    def.define(LOG_RECORDS_CONFIG, Type.BOOLEAN, true, Importance.MEDIUM, LOG_RECORDS_DOC, GROUP, ++o, Width.SHORT,
        "Follow LogRecord");
    def.define(START_TIME_CONFIG, Type.STRING, "", GeotabConfig::validTime, Importance.LOW, START_TIME_DOC, GROUP,
        ++o, Width.MEDIUM, "Start time");
    def.define(RESULTS_LIMIT_CONFIG, Type.INT, 5_000, ConfigDef.Range.between(1, 50_000), Importance.LOW,
        RESULTS_LIMIT_DOC, GROUP, ++o, Width.SHORT, "Results limit");
    return VehicleIds.define(def, "geotab-");
  }

  private static void validTime(String name, Object value) {
    if (value == null || value.toString().isEmpty()) {
      return;
    }
    try {
      Instant.parse(value.toString());
    } catch (DateTimeParseException e) {
      throw new ConfigException(name, value, "must be an ISO-8601 UTC time such as 2026-11-25T00:00:00Z, or empty");
    }
  }
}
