package energy.vgf.connectors.weather.openmeteo;

import energy.vgf.connectors.http.HttpFetcher;
import energy.vgf.connectors.source.CommonConfig;
import energy.vgf.connectors.source.FeedReader;
import energy.vgf.connectors.source.FeedSourceTask;
import energy.vgf.weather.WeatherForecast;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;

public final class OpenMeteoSourceTask extends FeedSourceTask {

  @Override
  protected ConfigDef configDef() {
    return OpenMeteoConfig.CONFIG_DEF;
  }

  @Override
  protected String sourceName() {
    return "open-meteo";
  }

  @Override
  protected Schema valueContract() {
    return WeatherForecast.getClassSchema();
  }

  @Override
  protected List<FeedReader> openFeeds(AbstractConfig config, CommonConfig.Settings settings, HttpFetcher http) {
    Duration issue = Duration.ofMillis(config.getLong(OpenMeteoConfig.ISSUE_INTERVAL_MS_CONFIG));
    String key = config.getPassword(OpenMeteoConfig.API_KEY_CONFIG).value();
    return config.getList(OpenMeteoConfig.LOCATIONS_CONFIG).stream()
        .map(e -> (FeedReader) new OpenMeteoFeedReader(http, settings.baseUrl(), OpenMeteoConfig.parse(e),
            config.getInt(OpenMeteoConfig.FORECAST_DAYS_CONFIG), issue, key, Clock.systemUTC()))
        .toList();
  }
}
