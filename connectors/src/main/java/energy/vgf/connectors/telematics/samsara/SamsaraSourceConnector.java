package energy.vgf.connectors.telematics.samsara;

import energy.vgf.connectors.source.FeedSourceConnector;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;

/** Samsara vehicle stats (state of charge, GPS, odometer) into vgf.telemetry.vehicle. One task: one feed cursor. */
public final class SamsaraSourceConnector extends FeedSourceConnector {

  @Override
  public Class<? extends Task> taskClass() {
    return SamsaraSourceTask.class;
  }

  @Override
  public ConfigDef config() {
    return SamsaraConfig.CONFIG_DEF;
  }
}
