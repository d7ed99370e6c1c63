package energy.vgf.connectors.telematics.geotab;

import energy.vgf.connectors.http.HttpFetcher;
import energy.vgf.connectors.source.CommonConfig;
import energy.vgf.connectors.source.FeedReader;
import energy.vgf.connectors.source.FeedSourceTask;
import energy.vgf.connectors.telematics.VehicleIds;
import energy.vgf.telemetry.VehicleTelemetry;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;

public final class GeotabSourceTask extends FeedSourceTask {

  @Override
  protected ConfigDef configDef() {
    return GeotabConfig.CONFIG_DEF;
  }

  @Override
  protected String sourceName() {
    return "geotab";
  }

  @Override
  protected Schema valueContract() {
    return VehicleTelemetry.getClassSchema();
  }

  @Override
  protected List<FeedReader> openFeeds(AbstractConfig config, CommonConfig.Settings settings, HttpFetcher http) {
    GeotabApi api = new GeotabApi(http, settings.baseUrl(), config.getString(GeotabConfig.DATABASE_CONFIG),
        config.getString(GeotabConfig.USERNAME_CONFIG), config.getPassword(GeotabConfig.PASSWORD_CONFIG).value());
    GeotabFeedMapper mapper = new GeotabFeedMapper(VehicleIds.from(config));
    String start = config.getString(GeotabConfig.START_TIME_CONFIG);
    int limit = config.getInt(GeotabConfig.RESULTS_LIMIT_CONFIG);
    List<FeedReader> feeds = new ArrayList<>();
    for (String diagnostic : config.getList(GeotabConfig.DIAGNOSTIC_IDS_CONFIG)) {
      feeds.add(new GeotabFeedReader(api, "StatusData", diagnostic, start, limit, mapper));
    }
    if (config.getBoolean(GeotabConfig.LOG_RECORDS_CONFIG)) {
      feeds.add(new GeotabFeedReader(api, "LogRecord", null, start, limit, mapper));
    }
    return feeds;
  }
}
