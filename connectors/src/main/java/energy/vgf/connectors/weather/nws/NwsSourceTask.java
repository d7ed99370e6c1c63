package energy.vgf.connectors.weather.nws;

import energy.vgf.connectors.http.HttpFetcher;
import energy.vgf.connectors.source.CommonConfig;
import energy.vgf.connectors.source.FeedReader;
import energy.vgf.connectors.source.FeedSourceTask;
import energy.vgf.weather.WeatherForecast;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;

public final class NwsSourceTask extends FeedSourceTask {

  @Override
  protected ConfigDef configDef() {
    return NwsConfig.CONFIG_DEF;
  }

  @Override
  protected String sourceName() {
    return "nws";
  }

  @Override
  protected Schema valueContract() {
    return WeatherForecast.getClassSchema();
  }

  @Override
  protected List<FeedReader> openFeeds(AbstractConfig config, CommonConfig.Settings settings, HttpFetcher http) {
    return config.getList(NwsConfig.LOCATIONS_CONFIG).stream()
        .map(e -> (FeedReader) new NwsFeedReader(http, settings.baseUrl(), NwsConfig.parse(e))).toList();
  }
}
