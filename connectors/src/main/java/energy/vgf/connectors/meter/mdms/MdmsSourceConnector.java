package energy.vgf.connectors.meter.mdms;

import energy.vgf.connectors.source.FeedSourceConnector;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;

/** A meter data management system's CSV interval export (file or URL) into vgf.meter.site. One task per export. */
public final class MdmsSourceConnector extends FeedSourceConnector {

  @Override
  public Class<? extends Task> taskClass() {
    return MdmsSourceTask.class;
  }

  @Override
  public ConfigDef config() {
    return MdmsConfig.CONFIG_DEF;
  }
}
