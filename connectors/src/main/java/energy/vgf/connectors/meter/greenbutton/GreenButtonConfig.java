package energy.vgf.connectors.meter.greenbutton;

import energy.vgf.connectors.source.CommonConfig;
import energy.vgf.schemas.Topics;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;

/** Configuration of the Green Button (NAESB ESPI) interval data connector. */
public final class GreenButtonConfig {

  public static final String GROUP = "Green Button";

  public static final String FEED_PATH_CONFIG = "greenbutton.feed.path";
  private static final String FEED_PATH_DOC = "Path of the ESPI feed under base.url, e.g. "
      + "/DataCustodian/espi/1_1/resource/Batch/Subscription/5 (a Batch/Subscription or UsagePoint feed).";

  public static final String ACCESS_TOKEN_CONFIG = "greenbutton.access.token";
  private static final String ACCESS_TOKEN_DOC = "OAuth 2.0 access token the Data Custodian granted to this third "
      + "party (sent as 'Authorization: Bearer'). Empty for a file host without authentication.";

  public static final String SITE_ID_CONFIG = "greenbutton.site.id";
  private static final String SITE_ID_DOC = "Depot site the feed's usage points serve (site_id, the topic's key).";

  public static final String START_CONFIG = "greenbutton.start.epoch.s";
  private static final String START_DOC = "Intervals starting before this UTC epoch second are ignored when no "
      + "offset is stored (0: all).";

  public static final ConfigDef CONFIG_DEF = define();

  private GreenButtonConfig() {}

  private static ConfigDef define() {
    // Utilities publish interval data daily at best; hourly polling is plenty.
    ConfigDef def = CommonConfig.base("https://services.greenbuttondata.org", Topics.SITE_METER, 3_600_000, 0);
    def.define(FEED_PATH_CONFIG, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(),
        Importance.HIGH, FEED_PATH_DOC, GROUP, 1, Width.LONG, "Feed path");
    def.define(ACCESS_TOKEN_CONFIG, Type.PASSWORD, "", Importance.HIGH, ACCESS_TOKEN_DOC, GROUP, 2, Width.LONG,
        "Access token");
    def.define(SITE_ID_CONFIG, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(),
        Importance.HIGH, SITE_ID_DOC, GROUP, 3, Width.SHORT, "Site id");
    def.define(START_CONFIG, Type.LONG, 0L, ConfigDef.Range.atLeast(0), Importance.LOW, START_DOC, GROUP, 4,
        Width.SHORT, "Start (epoch s)");
    return def;
  }
}
