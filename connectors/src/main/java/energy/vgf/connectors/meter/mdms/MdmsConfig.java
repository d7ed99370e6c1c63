package energy.vgf.connectors.meter.mdms;

import energy.vgf.connectors.source.CommonConfig;
import energy.vgf.connectors.source.Documents;
import energy.vgf.schemas.Topics;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;

/** Configuration of the MDMS CSV interval export connector: where the export is and how its columns read. */
public final class MdmsConfig {

  public static final String GROUP = "MDMS export";
  public static final String GROUP_COLUMNS = "MDMS columns";

  public static final String URL_CONFIG = "mdms.url";
  private static final String URL_DOC = "The export: an absolute file path or file: URI (a file the MDMS rewrites or "
      + "appends to), or an http(s) URL it is served at.";

  public static final String AUTHORIZATION_CONFIG = "mdms.authorization";
  private static final String AUTHORIZATION_DOC = "Authorization header for an http(s) export (e.g. 'Bearer ...'); "
      + "empty: none. Use a config provider.";

  public static final String SITE_ID_CONFIG = "mdms.site.id";
  private static final String SITE_ID_DOC = "site_id (the record key) of every row, unless mdms.column.site.id names a "
      + "column that holds it.";

  public static final String DELIMITER_CONFIG = "mdms.delimiter";
  private static final String DELIMITER_DOC = "Field delimiter: one character (',' ';' or 'TAB').";

  public static final String COLUMN_SITE_CONFIG = "mdms.column.site.id";
  public static final String COLUMN_METER_CONFIG = "mdms.column.meter.id";
  public static final String COLUMN_START_CONFIG = "mdms.column.interval.start";
  public static final String COLUMN_END_CONFIG = "mdms.column.interval.end";
  public static final String COLUMN_IMPORT_CONFIG = "mdms.column.energy.import";
  public static final String COLUMN_EXPORT_CONFIG = "mdms.column.energy.export";
  public static final String COLUMN_QUALITY_CONFIG = "mdms.column.quality";

  public static final String INTERVAL_MINUTES_CONFIG = "mdms.interval.minutes";
  private static final String INTERVAL_MINUTES_DOC = "Interval length when there is no end column.";

  public static final String ENERGY_UNIT_CONFIG = "mdms.energy.unit";
  private static final String ENERGY_UNIT_DOC = "Unit of the energy columns: Wh, kWh or MWh.";
  static final CommonConfig.Choice ENERGY_UNITS = CommonConfig.Choice.of("Wh", "kWh", "MWh");

  public static final String TIMESTAMP_FORMAT_CONFIG = "mdms.timestamp.format";
  private static final String TIMESTAMP_FORMAT_DOC = "java.time pattern of the time columns, e.g. 'MM/dd/yyyy HH:mm'. "
      + "Empty: ISO-8601, with an offset (used as written) or without (read in mdms.time.zone).";

  public static final String TIME_ZONE_CONFIG = "mdms.time.zone";
  private static final String TIME_ZONE_DOC = "IANA zone of times written without an offset, e.g. America/Los_Angeles. "
      + "In the repeated hour of a DST fall-back the first row of a meter at a local time takes the earlier offset, "
      + "the second the later one (exports list intervals in time order).";

  public static final String START_EPOCH_S_CONFIG = "mdms.start.epoch.s";
  private static final String START_EPOCH_S_DOC = "Ignore intervals starting before this epoch second on first start.";

  public static final ConfigDef CONFIG_DEF = define();

  private MdmsConfig() {}

  private static ConfigDef define() {
    ConfigDef def = CommonConfig.base(null, Topics.SITE_METER, 300_000, 0);
    int o = 0;
    def.define(URL_CONFIG, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, Documents.LOCATION, Importance.HIGH, URL_DOC,
        GROUP, ++o, Width.LONG, "Export location");
    def.define(AUTHORIZATION_CONFIG, Type.PASSWORD, "", Importance.MEDIUM, AUTHORIZATION_DOC, GROUP, ++o, Width.LONG,
        "Authorization header");
    def.define(SITE_ID_CONFIG, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(),
        Importance.HIGH, SITE_ID_DOC, GROUP, ++o, Width.MEDIUM, "Site id");
    def.define(DELIMITER_CONFIG, Type.STRING, ",", MdmsConfig::validDelimiter, Importance.LOW, DELIMITER_DOC, GROUP,
        ++o, Width.SHORT, "Delimiter");
    def.define(ENERGY_UNIT_CONFIG, Type.STRING, "kWh", ENERGY_UNITS, Importance.HIGH, ENERGY_UNIT_DOC, GROUP, ++o,
        Width.SHORT, "Energy unit", ENERGY_UNITS);
    def.define(TIMESTAMP_FORMAT_CONFIG, Type.STRING, "", MdmsConfig::validPattern, Importance.MEDIUM,
        TIMESTAMP_FORMAT_DOC, GROUP, ++o, Width.MEDIUM, "Timestamp format");
    def.define(TIME_ZONE_CONFIG, Type.STRING, "UTC", MdmsConfig::validZone, Importance.HIGH, TIME_ZONE_DOC, GROUP, ++o,
        Width.MEDIUM, "Time zone");
    def.define(INTERVAL_MINUTES_CONFIG, Type.INT, 15, ConfigDef.Range.between(1, 1440), Importance.MEDIUM,
        INTERVAL_MINUTES_DOC, GROUP, ++o, Width.SHORT, "Interval (min)");
    def.define(START_EPOCH_S_CONFIG, Type.LONG, 0L, ConfigDef.Range.atLeast(0), Importance.LOW, START_EPOCH_S_DOC,
        GROUP, ++o, Width.SHORT, "Start (epoch s)");
    int c = 0;
    column(def, COLUMN_METER_CONFIG, "meter_id", "Column of the meter id (meter_id of the records).", ++c, true);
    column(def, COLUMN_START_CONFIG, "interval_start", "Column of the interval start.", ++c, true);
    column(def, COLUMN_END_CONFIG, "", "Column of the interval end; empty: start + mdms.interval.minutes.", ++c, false);
    column(def, COLUMN_IMPORT_CONFIG, "kwh_delivered", "Column of the energy imported from the grid.", ++c, true);
    column(def, COLUMN_EXPORT_CONFIG, "", "Column of the energy exported to the grid; empty: 0.", ++c, false);
    column(def, COLUMN_QUALITY_CONFIG, "", "Column of the reading quality (A/ACTUAL/VALID, E/ESTIMATED, M/MISSING; "
        + "anything else QUESTIONABLE); empty: VALID.", ++c, false);
    column(def, COLUMN_SITE_CONFIG, "", "Column of the site id; empty: mdms.site.id.", ++c, false);
    return def;
  }

  private static void column(ConfigDef def, String key, String dflt, String doc, int order, boolean required) {
    def.define(key, Type.STRING, dflt, required ? new ConfigDef.NonEmptyString() : null, Importance.MEDIUM, doc,
        GROUP_COLUMNS, order, Width.MEDIUM, key.substring("mdms.column.".length()));
  }

  static char delimiter(String value) {
    return value.equals("TAB") || value.equals("\\t") ? '\t' : value.charAt(0);
  }

  private static void validDelimiter(String name, Object value) {
    String v = value == null ? "" : value.toString();
    if (!(v.length() == 1 || v.equals("TAB") || v.equals("\\t")) || v.equals("\"")) {
      throw new ConfigException(name, value, "must be one character other than '\"', or TAB");
    }
  }

  private static void validPattern(String name, Object value) {
    if (value == null || value.toString().isEmpty()) {
      return;
    }
    try {
      DateTimeFormatter.ofPattern(value.toString());
    } catch (IllegalArgumentException e) {
      throw new ConfigException(name, value, "is not a java.time pattern: " + e.getMessage());
    }
  }

  private static void validZone(String name, Object value) {
    try {
      ZoneId.of(value.toString());
    } catch (RuntimeException e) {
      throw new ConfigException(name, value, "is not an IANA zone id such as America/Chicago or UTC");
    }
  }
}
