package energy.vgf.connectors.weather.nws;

import energy.vgf.connectors.source.FeedSourceConnector;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;

/** NWS hourly forecasts into vgf.weather.forecast; locations spread over tasks. */
public final class NwsSourceConnector extends FeedSourceConnector {

  @Override
  public Class<? extends Task> taskClass() {
    return NwsSourceTask.class;
  }

  @Override
  public ConfigDef config() {
    return NwsConfig.CONFIG_DEF;
  }

  @Override
  protected String taskSplitKey() {
    return NwsConfig.LOCATIONS_CONFIG;
  }
}
