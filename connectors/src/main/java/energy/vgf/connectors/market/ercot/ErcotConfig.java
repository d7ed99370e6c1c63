package energy.vgf.connectors.market.ercot;

import energy.vgf.connectors.source.CommonConfig;
import energy.vgf.schemas.Topics;
import java.util.List;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;

/** Configuration of the ERCOT public API settlement point price connector. */
public final class ErcotConfig {

  public static final String GROUP = "ERCOT";

  public static final String SUBSCRIPTION_KEY_CONFIG = "ercot.subscription.key";
  private static final String SUBSCRIPTION_KEY_DOC = "ERCOT API Explorer subscription key, sent as the "
      + "Ocp-Apim-Subscription-Key header. Use a config provider.";

  public static final String USERNAME_CONFIG = "ercot.username";
  private static final String USERNAME_DOC = "ERCOT API Explorer account (e-mail) for the ID token; empty: no "
      + "Authorization header (for gateways that only check the subscription key).";

  public static final String PASSWORD_CONFIG = "ercot.password";
  private static final String PASSWORD_DOC = "Password of the ERCOT API Explorer account. Use a config provider.";

  public static final String TOKEN_URL_CONFIG = "ercot.token.url";
  private static final String TOKEN_URL_DOC = "Token endpoint of ERCOT's Azure AD B2C resource-owner password flow.";
  public static final String TOKEN_URL_DEFAULT =
      "https://ercotb2c.b2clogin.com/ercotb2c.onmicrosoft.com/B2C_1_PUBAPI-ROPC-FLOW/oauth2/v2.0/token";

  public static final String CLIENT_ID_CONFIG = "ercot.client.id";
  private static final String CLIENT_ID_DOC = "Client id of ERCOT's public API application (from ERCOT's API docs).";
  public static final String CLIENT_ID_DEFAULT = "fec253ea-0d06-4272-a5e6-b478baeecd70";

  public static final String MARKETS_CONFIG = "ercot.markets";
  private static final String MARKETS_DOC = "DAM (NP4-190-CD, hourly day-ahead settlement point prices) and/or RT "
      + "(NP6-905-CD, 15-minute real-time settlement point prices).";
  static final CommonConfig.Choice MARKETS = CommonConfig.Choice.of("DAM", "RT");

  public static final String SETTLEMENT_POINTS_CONFIG = "ercot.settlement.points";
  private static final String SETTLEMENT_POINTS_DOC = "Settlement points (hubs, load zones or resource nodes), e.g. "
      + "HB_NORTH, LZ_HOUSTON. One feed per point and market; spread over tasks.max tasks.";

  public static final String START_DATE_CONFIG = "ercot.start.date";
  private static final String START_DATE_DOC = "First delivery date (YYYY-MM-DD, Central Prevailing Time) when no "
      + "offset is stored. Empty: today's.";

  public static final String END_DATE_CONFIG = "ercot.end.date";
  private static final String END_DATE_DOC = "Last delivery date to read (for backfills). Empty: follow on forever.";

  public static final String PAGE_SIZE_CONFIG = "ercot.page.size";
  private static final String PAGE_SIZE_DOC = "Rows per request ('size'); further pages follow with 'page' until "
      + "_meta.totalPages.";

  public static final ConfigDef CONFIG_DEF = define();

  private ErcotConfig() {}

  private static ConfigDef define() {
    // ERCOT's public API answers 429 beyond about 30 requests a minute per key: 2 s pacing stays under it.
    ConfigDef def = CommonConfig.base("https://api.ercot.com/api/public-reports", Topics.MARKET_PRICE, 300_000, 2_000);
    int o = 0;
    def.define(SUBSCRIPTION_KEY_CONFIG, Type.PASSWORD, ConfigDef.NO_DEFAULT_VALUE, Importance.HIGH,
        SUBSCRIPTION_KEY_DOC, GROUP, ++o, Width.LONG, "Subscription key");
    def.define(USERNAME_CONFIG, Type.STRING, "", Importance.HIGH, USERNAME_DOC, GROUP, ++o, Width.MEDIUM, "Username");
    def.define(PASSWORD_CONFIG, Type.PASSWORD, "", Importance.HIGH, PASSWORD_DOC, GROUP, ++o, Width.MEDIUM,
        "Password");
    def.define(TOKEN_URL_CONFIG, Type.STRING, TOKEN_URL_DEFAULT, new CommonConfig.UrlValidator(), Importance.LOW,
        TOKEN_URL_DOC, GROUP, ++o, Width.LONG, "Token URL");
    def.define(CLIENT_ID_CONFIG, Type.STRING, CLIENT_ID_DEFAULT, new ConfigDef.NonEmptyString(), Importance.LOW,
        CLIENT_ID_DOC, GROUP, ++o, Width.MEDIUM, "Client id");
    def.define(SETTLEMENT_POINTS_CONFIG, Type.LIST, ConfigDef.NO_DEFAULT_VALUE, ErcotConfig::validPoints,
        Importance.HIGH, SETTLEMENT_POINTS_DOC, GROUP, ++o, Width.LONG, "Settlement points");
    def.define(MARKETS_CONFIG, Type.LIST, List.of("DAM"), MARKETS, Importance.HIGH, MARKETS_DOC, GROUP, ++o,
        Width.SHORT, "Markets", MARKETS);
    def.define(START_DATE_CONFIG, Type.STRING, "", new CommonConfig.OptionalDateValidator(), Importance.MEDIUM, START_DATE_DOC, GROUP,
        ++o, Width.SHORT, "Start delivery date");
    def.define(END_DATE_CONFIG, Type.STRING, "", new CommonConfig.OptionalDateValidator(), Importance.LOW, END_DATE_DOC, GROUP, ++o,
        Width.SHORT, "End delivery date");
    def.define(PAGE_SIZE_CONFIG, Type.INT, 1_000, ConfigDef.Range.between(1, 100_000), Importance.LOW, PAGE_SIZE_DOC,
        GROUP, ++o, Width.SHORT, "Page size");
    return def;
  }

  private static void validPoints(String name, Object value) {
    List<?> list = (List<?>) value;
    if (list == null || list.isEmpty()) {
      throw new ConfigException(name, value, "at least one settlement point is required");
    }
  }

}
