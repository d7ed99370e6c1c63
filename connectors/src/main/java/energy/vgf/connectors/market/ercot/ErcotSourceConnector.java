package energy.vgf.connectors.market.ercot;

import energy.vgf.connectors.source.FeedSourceConnector;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;

/** ERCOT settlement point prices (DAM hourly, RT 15-minute) into vgf.market.price; points spread over tasks. */
public final class ErcotSourceConnector extends FeedSourceConnector {

  @Override
  public Class<? extends Task> taskClass() {
    return ErcotSourceTask.class;
  }

  @Override
  public ConfigDef config() {
    return ErcotConfig.CONFIG_DEF;
  }

  @Override
  protected String taskSplitKey() {
    return ErcotConfig.SETTLEMENT_POINTS_CONFIG;
  }
}
