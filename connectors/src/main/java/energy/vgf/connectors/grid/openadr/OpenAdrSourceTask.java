package energy.vgf.connectors.grid.openadr;

import energy.vgf.connectors.http.HttpFetcher;
import energy.vgf.connectors.http.OAuth2ClientCredentials;
import energy.vgf.connectors.source.CommonConfig;
import energy.vgf.connectors.source.FeedReader;
import energy.vgf.connectors.source.FeedSourceTask;
import energy.vgf.grid.GridConstraint;
import java.net.URI;
import java.util.HashSet;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;

public final class OpenAdrSourceTask extends FeedSourceTask {

  @Override
  protected ConfigDef configDef() {
    return OpenAdrConfig.CONFIG_DEF;
  }

  @Override
  protected String sourceName() {
    return "openadr3";
  }

  @Override
  protected Schema valueContract() {
    return GridConstraint.getClassSchema();
  }

  @Override
  protected List<FeedReader> openFeeds(AbstractConfig config, CommonConfig.Settings settings, HttpFetcher http) {
    OAuth2ClientCredentials oauth = new OAuth2ClientCredentials(http,
        URI.create(config.getString(OpenAdrConfig.TOKEN_URL_CONFIG)), config.getString(OpenAdrConfig.CLIENT_ID_CONFIG),
        config.getPassword(OpenAdrConfig.CLIENT_SECRET_CONFIG).value(), config.getString(OpenAdrConfig.SCOPE_CONFIG));
    OpenAdrEventMapper mapper = new OpenAdrEventMapper(
        CommonConfig.pairs(OpenAdrConfig.SCOPE_MAP_CONFIG, config.getList(OpenAdrConfig.SCOPE_MAP_CONFIG)),
        new HashSet<>(config.getList(OpenAdrConfig.IMPORT_LIMIT_TYPES_CONFIG)),
        new HashSet<>(config.getList(OpenAdrConfig.EXPORT_LIMIT_TYPES_CONFIG)));
    return List.of(new OpenAdrFeedReader(http, settings.baseUrl(), oauth,
        config.getList(OpenAdrConfig.PROGRAM_IDS_CONFIG), config.getInt(OpenAdrConfig.PAGE_SIZE_CONFIG), mapper));
  }
}
