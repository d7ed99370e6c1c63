package energy.vgf.connectors.market.caiso;

import energy.vgf.connectors.source.FeedSourceConnector;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;

/** CAISO OASIS locational marginal prices (DAM hourly, RTM 5-minute) into vgf.market.price; nodes spread over tasks. */
public final class CaisoSourceConnector extends FeedSourceConnector {

  @Override
  public Class<? extends Task> taskClass() {
    return CaisoSourceTask.class;
  }

  @Override
  public ConfigDef config() {
    return CaisoConfig.CONFIG_DEF;
  }

  @Override
  protected String taskSplitKey() {
    return CaisoConfig.NODES_CONFIG;
  }
}
