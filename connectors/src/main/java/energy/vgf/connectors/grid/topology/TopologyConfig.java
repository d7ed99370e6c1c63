package energy.vgf.connectors.grid.topology;

import energy.vgf.connectors.source.CommonConfig;
import energy.vgf.connectors.source.Documents;
import energy.vgf.schemas.Topics;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;

/** Configuration of the topology/limits file connector. */
public final class TopologyConfig {

  public static final String GROUP = "Topology file";

  public static final String URL_CONFIG = "topology.url";
  private static final String URL_DOC = "The topology file (YAML or JSON: feeders > transformers > sites with kVA "
      + "ratings and kW limits): an absolute path, a file: URI or an http(s) URL.";

  public static final String AUTHORIZATION_CONFIG = "topology.authorization";
  private static final String AUTHORIZATION_DOC = "Authorization header for an http(s) file; empty: none.";

  public static final String POWER_FACTOR_CONFIG = "topology.power.factor";
  private static final String POWER_FACTOR_DOC = "Power factor that turns a kVA rating into a kW limit (kW = kVA x PF) "
      + "when the file does not give power_factor itself.";

  public static final ConfigDef CONFIG_DEF = define();

  private TopologyConfig() {}

  private static ConfigDef define() {
    ConfigDef def = CommonConfig.base(null, Topics.GRID_CONSTRAINT, 60_000, 0);
    int o = 0;
    def.define(URL_CONFIG, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, Documents.LOCATION, Importance.HIGH, URL_DOC, GROUP,
        ++o, Width.LONG, "Topology file");
    def.define(AUTHORIZATION_CONFIG, Type.PASSWORD, "", Importance.LOW, AUTHORIZATION_DOC, GROUP, ++o, Width.LONG,
        "Authorization header");
    def.define(POWER_FACTOR_CONFIG, Type.DOUBLE, 0.95, ConfigDef.Range.between(0.5, 1.0), Importance.MEDIUM,
        POWER_FACTOR_DOC, CommonConfig.GROUP_MAPPING, 1, Width.SHORT, "Power factor");
    return def;
  }
}
