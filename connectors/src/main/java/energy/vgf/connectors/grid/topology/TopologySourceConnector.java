package energy.vgf.connectors.grid.topology;

import energy.vgf.connectors.source.FeedSourceConnector;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;

/** Feeder, transformer and site limits from a topology file into vgf.grid.constraint. One task per file. */
public final class TopologySourceConnector extends FeedSourceConnector {

  @Override
  public Class<? extends Task> taskClass() {
    return TopologySourceTask.class;
  }

  @Override
  public ConfigDef config() {
    return TopologyConfig.CONFIG_DEF;
  }
}
