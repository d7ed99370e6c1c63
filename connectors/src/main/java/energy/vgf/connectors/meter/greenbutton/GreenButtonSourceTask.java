package energy.vgf.connectors.meter.greenbutton;

import energy.vgf.connectors.http.HttpFetcher;
import energy.vgf.connectors.source.CommonConfig;
import energy.vgf.connectors.source.FeedReader;
import energy.vgf.connectors.source.FeedSourceTask;
import energy.vgf.metering.SiteMeterReading;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;

public final class GreenButtonSourceTask extends FeedSourceTask {

  @Override
  protected ConfigDef configDef() {
    return GreenButtonConfig.CONFIG_DEF;
  }

  @Override
  protected String sourceName() {
    return "greenbutton";
  }

  @Override
  protected Schema valueContract() {
    return SiteMeterReading.getClassSchema();
  }

  @Override
  protected List<FeedReader> openFeeds(AbstractConfig config, CommonConfig.Settings settings, HttpFetcher http) {
    return List.of(new GreenButtonFeedReader(http, settings.baseUrl(), config.getString(GreenButtonConfig.FEED_PATH_CONFIG),
        config.getPassword(GreenButtonConfig.ACCESS_TOKEN_CONFIG).value(),
        config.getString(GreenButtonConfig.SITE_ID_CONFIG), config.getLong(GreenButtonConfig.START_CONFIG)));
  }
}
