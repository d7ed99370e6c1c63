package energy.vgf.connectors.meter.greenbutton;

import energy.vgf.connectors.source.FeedSourceConnector;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;

/** Green Button (ESPI) interval readings of a depot's meter into vgf.meter.site. */
public final class GreenButtonSourceConnector extends FeedSourceConnector {

  @Override
  public Class<? extends Task> taskClass() {
    return GreenButtonSourceTask.class;
  }

  @Override
  public ConfigDef config() {
    return GreenButtonConfig.CONFIG_DEF;
  }
}
