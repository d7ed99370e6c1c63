package energy.vgf.connectors.telematics.samsara;

import energy.vgf.connectors.http.HttpFetcher;
import energy.vgf.connectors.source.CommonConfig;
import energy.vgf.connectors.source.FeedReader;
import energy.vgf.connectors.source.FeedSourceTask;
import energy.vgf.connectors.telematics.VehicleIds;
import energy.vgf.telemetry.VehicleTelemetry;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;

public final class SamsaraSourceTask extends FeedSourceTask {

  @Override
  protected ConfigDef configDef() {
    return SamsaraConfig.CONFIG_DEF;
  }

  @Override
  protected String sourceName() {
    return "samsara";
  }

  @Override
  protected Schema valueContract() {
    return VehicleTelemetry.getClassSchema();
  }

  @Override
  protected List<FeedReader> openFeeds(AbstractConfig config, CommonConfig.Settings settings, HttpFetcher http) {
    return List.of(new SamsaraFeedReader(http, settings.baseUrl(),
        config.getPassword(SamsaraConfig.API_TOKEN_CONFIG).value(),
        config.getList(SamsaraConfig.STAT_TYPES_CONFIG), config.getList(SamsaraConfig.VEHICLE_IDS_CONFIG),
        new SamsaraStatsMapper(VehicleIds.from(config))));
  }
}
