package energy.vgf.connectors.telematics.geotab;

import energy.vgf.connectors.source.FeedSourceConnector;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;

/**
 * MyGeotab GetFeed (StatusData state of charge and odometer, LogRecord GPS) into vgf.telemetry.vehicle. One task:
 * one session serves all feeds of the database.
 */
public final class GeotabSourceConnector extends FeedSourceConnector {

  @Override
  public Class<? extends Task> taskClass() {
    return GeotabSourceTask.class;
  }

  @Override
  public ConfigDef config() {
    return GeotabConfig.CONFIG_DEF;
  }
}
