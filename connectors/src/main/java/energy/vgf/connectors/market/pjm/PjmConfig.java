package energy.vgf.connectors.market.pjm;

import energy.vgf.connectors.source.CommonConfig;
import energy.vgf.schemas.Topics;
import java.util.List;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;

/** Configuration of the PJM Data Miner 2 LMP connector. */
public final class PjmConfig {

  public static final String GROUP = "PJM Data Miner 2";

  public static final String SUBSCRIPTION_KEY_CONFIG = "pjm.subscription.key";
  private static final String SUBSCRIPTION_KEY_DOC = "Data Miner 2 API key, sent as the Ocp-Apim-Subscription-Key "
      + "header (PJM API Portal, 'Data Miner 2 API' product). Use a config provider.";

  public static final String FEEDS_CONFIG = "pjm.feeds";
  private static final String FEEDS_DOC = "Data Miner 2 feeds: da_hrl_lmps (day-ahead hourly) and/or "
      + "rt_fivemin_hrl_lmps (real-time five-minute).";
  static final CommonConfig.Choice FEEDS = CommonConfig.Choice.of("da_hrl_lmps", "rt_fivemin_hrl_lmps");

  public static final String PNODE_IDS_CONFIG = "pjm.pnode.ids";
  private static final String PNODE_IDS_DOC = "Pricing node ids (pnode_id), e.g. 1 (PJM-RTO) or 51291 (AECO). One "
      + "feed per node and Data Miner feed; spread over tasks.max tasks.";

  public static final String START_DATE_CONFIG = "pjm.start.date";
  private static final String START_DATE_DOC = "First operating day (YYYY-MM-DD, Eastern Prevailing Time) to read "
      + "when no offset is stored. Empty: today's.";

  public static final String END_DATE_CONFIG = "pjm.end.date";
  private static final String END_DATE_DOC = "Last operating day to read (for backfills). Empty: follow on forever.";

  public static final String ROW_COUNT_CONFIG = "pjm.row.count";
  private static final String ROW_COUNT_DOC = "Rows per request (rowCount; Data Miner 2 allows up to 50000); further "
      + "rows of the day follow with startRow.";

  public static final ConfigDef CONFIG_DEF = define();

  private PjmConfig() {}

  private static ConfigDef define() {
    // Data Miner 2 allows a non-member 6 requests per minute: the 10 s pacing stays under it.
    ConfigDef def = CommonConfig.base("https://api.pjm.com/api/v1", Topics.MARKET_PRICE, 300_000, 10_000);
    int o = 0;
    def.define(SUBSCRIPTION_KEY_CONFIG, Type.PASSWORD, ConfigDef.NO_DEFAULT_VALUE, Importance.HIGH,
        SUBSCRIPTION_KEY_DOC, GROUP, ++o, Width.LONG, "Subscription key");
    def.define(PNODE_IDS_CONFIG, Type.LIST, ConfigDef.NO_DEFAULT_VALUE, PjmConfig::validNodes, Importance.HIGH,
        PNODE_IDS_DOC, GROUP, ++o, Width.LONG, "Pnode ids");
    def.define(FEEDS_CONFIG, Type.LIST, List.of("da_hrl_lmps"), FEEDS, Importance.HIGH, FEEDS_DOC, GROUP, ++o,
        Width.MEDIUM, "Feeds", FEEDS);
    def.define(START_DATE_CONFIG, Type.STRING, "", new CommonConfig.OptionalDateValidator(), Importance.MEDIUM, START_DATE_DOC, GROUP,
        ++o, Width.SHORT, "Start operating day");
    def.define(END_DATE_CONFIG, Type.STRING, "", new CommonConfig.OptionalDateValidator(), Importance.LOW, END_DATE_DOC, GROUP, ++o,
        Width.SHORT, "End operating day");
    def.define(ROW_COUNT_CONFIG, Type.INT, 5_000, ConfigDef.Range.between(1, 50_000), Importance.LOW, ROW_COUNT_DOC,
        GROUP, ++o, Width.SHORT, "Rows per request");
    return def;
  }

  private static void validNodes(String name, Object value) {
    List<?> list = (List<?>) value;
    if (list == null || list.isEmpty()) {
      throw new ConfigException(name, value, "at least one pnode id is required");
    }
    for (Object id : list) {
      if (!id.toString().trim().matches("\\d+")) {
        throw new ConfigException(name, value, "pnode id '" + id + "' is not a number");
      }
    }
  }

}
