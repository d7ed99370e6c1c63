package energy.vgf.connectors.weather.openmeteo;

import energy.vgf.connectors.source.FeedSourceConnector;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;

/** Open-Meteo hourly forecasts into vgf.weather.forecast; locations spread over tasks. */
public final class OpenMeteoSourceConnector extends FeedSourceConnector {

  @Override
  public Class<? extends Task> taskClass() {
    return OpenMeteoSourceTask.class;
  }

  @Override
  public ConfigDef config() {
    return OpenMeteoConfig.CONFIG_DEF;
  }

  @Override
  protected String taskSplitKey() {
    return OpenMeteoConfig.LOCATIONS_CONFIG;
  }
}
