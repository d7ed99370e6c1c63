package energy.vgf.connectors.market.pjm;

import energy.vgf.connectors.source.FeedSourceConnector;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;

/** PJM Data Miner 2 LMPs (day-ahead hourly, real-time five-minute) into vgf.market.price; pnodes spread over tasks. */
public final class PjmSourceConnector extends FeedSourceConnector {

  @Override
  public Class<? extends Task> taskClass() {
    return PjmSourceTask.class;
  }

  @Override
  public ConfigDef config() {
    return PjmConfig.CONFIG_DEF;
  }

  @Override
  protected String taskSplitKey() {
    return PjmConfig.PNODE_IDS_CONFIG;
  }
}
