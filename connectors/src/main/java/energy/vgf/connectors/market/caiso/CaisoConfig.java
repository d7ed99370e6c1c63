package energy.vgf.connectors.market.caiso;

import energy.vgf.connectors.source.CommonConfig;
import energy.vgf.schemas.Topics;
import java.util.List;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;

/** Configuration of the CAISO OASIS PRC_LMP / PRC_INTVL_LMP connector. */
public final class CaisoConfig {

  public static final String GROUP = "CAISO OASIS";

  public static final String NODES_CONFIG = "caiso.nodes";
  private static final String NODES_DOC = "Pricing nodes (APNodes or PNodes), e.g. TH_SP15_GEN-APND. One feed per node "
      + "and market; spread over tasks.max tasks.";

  public static final String MARKETS_CONFIG = "caiso.markets";
  private static final String MARKETS_DOC = "Markets: DAM (PRC_LMP, hourly) and/or RTM (PRC_INTVL_LMP, 5-minute).";
  static final CommonConfig.Choice MARKETS = CommonConfig.Choice.of("DAM", "RTM");

  public static final String START_DATE_CONFIG = "caiso.start.date";
  private static final String START_DATE_DOC = "First trade date (YYYY-MM-DD, Pacific) to read when no offset is "
      + "stored. Empty: today's trade date.";

  public static final String END_DATE_CONFIG = "caiso.end.date";
  private static final String END_DATE_DOC = "Last trade date to read (for backfills). Empty: follow on forever.";

  public static final String RESULT_FORMAT_CONFIG = "caiso.result.format";
  private static final String RESULT_FORMAT_DOC = "OASIS result format: CSV (resultformat=6) or XML.";
  static final CommonConfig.Choice RESULT_FORMATS = CommonConfig.Choice.of("CSV", "XML");

  public static final ConfigDef CONFIG_DEF = define();

  private CaisoConfig() {}

  private static ConfigDef define() {
    // CAISO's acceptable-use rule: requests closer than about 5 s apart get HTTP 429 (see samples/caiso/PROVENANCE.md).
    ConfigDef def = CommonConfig.base("http://oasis.caiso.com/oasisapi", Topics.MARKET_PRICE, 300_000, 5_000);
    def.define(NODES_CONFIG, Type.LIST, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyStringWithoutControlChars() {
      @Override
      public void ensureValid(String name, Object value) {
        if (value instanceof List<?> l && l.isEmpty()) {
          throw new ConfigException(name, value, "at least one node is required");
        }
      }
    }, Importance.HIGH, NODES_DOC, GROUP, 1, Width.LONG, "Nodes");
    def.define(MARKETS_CONFIG, Type.LIST, List.of("DAM"), MARKETS, Importance.HIGH, MARKETS_DOC, GROUP, 2, Width.SHORT,
        "Markets", MARKETS);
    def.define(START_DATE_CONFIG, Type.STRING, "", new CommonConfig.OptionalDateValidator(), Importance.MEDIUM, START_DATE_DOC, GROUP,
        3, Width.SHORT, "Start trade date");
    def.define(END_DATE_CONFIG, Type.STRING, "", new CommonConfig.OptionalDateValidator(), Importance.LOW, END_DATE_DOC, GROUP, 4,
        Width.SHORT, "End trade date");
    def.define(RESULT_FORMAT_CONFIG, Type.STRING, "CSV", RESULT_FORMATS, Importance.LOW, RESULT_FORMAT_DOC, GROUP, 5,
        Width.SHORT, "Result format", RESULT_FORMATS);
    return def;
  }

}
