package energy.vgf.connectors.grid.openadr;

import energy.vgf.connectors.source.CommonConfig;
import energy.vgf.schemas.Topics;
import java.util.List;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;

/** Configuration of the OpenADR 3 VEN client connector. */
public final class OpenAdrConfig {

  public static final String GROUP = "OpenADR 3";

  public static final String TOKEN_URL_CONFIG = "openadr.token.url";
  private static final String TOKEN_URL_DOC = "OAuth 2.0 token endpoint of the VTN's authorization server "
      + "(client credentials grant, as OpenADR 3.0 section 'Security' requires).";

  public static final String CLIENT_ID_CONFIG = "openadr.client.id";
  private static final String CLIENT_ID_DOC = "OAuth 2.0 client id of this VEN.";

  public static final String CLIENT_SECRET_CONFIG = "openadr.client.secret";
  private static final String CLIENT_SECRET_DOC = "OAuth 2.0 client secret of this VEN; use a config provider.";

  public static final String SCOPE_CONFIG = "openadr.scope";
  private static final String SCOPE_DOC = "OAuth 2.0 scope to request (e.g. read_all); empty: none.";

  public static final String PROGRAM_IDS_CONFIG = "openadr.program.ids";
  private static final String PROGRAM_IDS_DOC = "VTN program ids whose events are read (programID query); empty: all.";

  public static final String SCOPE_MAP_CONFIG = "openadr.target.scope.map";
  private static final String SCOPE_MAP_DOC = "target=scope_id pairs: an event target value (3.0 RESOURCE_NAME "
      + "values or 3.1 target strings) to the site id it constrains. Unmapped: the first target value.";

  public static final String IMPORT_LIMIT_TYPES_CONFIG = "openadr.import.limit.types";
  private static final String IMPORT_LIMIT_TYPES_DOC = "Payload types read as an import limit (kW). "
      + "CONSUMPTION_POWER_LIMIT is a private type of Dutch grid-congestion profiles; OpenADR allows such types.";

  public static final String EXPORT_LIMIT_TYPES_CONFIG = "openadr.export.limit.types";
  private static final String EXPORT_LIMIT_TYPES_DOC = "Payload types read as an export limit (kW).";

  public static final String PAGE_SIZE_CONFIG = "openadr.page.size";
  private static final String PAGE_SIZE_DOC = "Events per request (OpenADR 3 'limit'; pages follow with 'skip').";

  public static final ConfigDef CONFIG_DEF = define();

  private OpenAdrConfig() {}

  private static ConfigDef define() {
    ConfigDef def = CommonConfig.base("https://vtn.example.com/openadr3/3.0.1", Topics.GRID_CONSTRAINT, 60_000, 0);
    int o = 0;
    def.define(TOKEN_URL_CONFIG, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new CommonConfig.UrlValidator(),
        Importance.HIGH, TOKEN_URL_DOC, GROUP, ++o, Width.LONG, "Token URL");
    def.define(CLIENT_ID_CONFIG, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(),
        Importance.HIGH, CLIENT_ID_DOC, GROUP, ++o, Width.MEDIUM, "Client id");
    def.define(CLIENT_SECRET_CONFIG, Type.PASSWORD, ConfigDef.NO_DEFAULT_VALUE, Importance.HIGH, CLIENT_SECRET_DOC,
        GROUP, ++o, Width.MEDIUM, "Client secret");
    def.define(SCOPE_CONFIG, Type.STRING, "", Importance.LOW, SCOPE_DOC, GROUP, ++o, Width.SHORT, "Scope");
    def.define(PROGRAM_IDS_CONFIG, Type.LIST, List.of(), Importance.MEDIUM, PROGRAM_IDS_DOC, GROUP, ++o, Width.LONG,
        "Program ids");
    def.define(SCOPE_MAP_CONFIG, Type.LIST, List.of(), Importance.MEDIUM, SCOPE_MAP_DOC, CommonConfig.GROUP_MAPPING,
        1, Width.LONG, "Target to scope map");
    def.define(IMPORT_LIMIT_TYPES_CONFIG, Type.LIST, List.of("IMPORT_CAPACITY_LIMIT", "CONSUMPTION_POWER_LIMIT"),
        Importance.LOW, IMPORT_LIMIT_TYPES_DOC, CommonConfig.GROUP_MAPPING, 2, Width.LONG, "Import limit types");
    def.define(EXPORT_LIMIT_TYPES_CONFIG, Type.LIST, List.of("EXPORT_CAPACITY_LIMIT", "PRODUCTION_POWER_LIMIT"),
        Importance.LOW, EXPORT_LIMIT_TYPES_DOC, CommonConfig.GROUP_MAPPING, 3, Width.LONG, "Export limit types");
    def.define(PAGE_SIZE_CONFIG, Type.INT, 50, ConfigDef.Range.between(1, 1000), Importance.LOW, PAGE_SIZE_DOC, GROUP,
        ++o, Width.SHORT, "Page size");
    return def;
  }
}
