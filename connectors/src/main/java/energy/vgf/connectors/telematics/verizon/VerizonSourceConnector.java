package energy.vgf.connectors.telematics.verizon;

import energy.vgf.connectors.source.FeedSourceConnector;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;

/** Verizon Connect Reveal vehicle locations into vgf.telemetry.vehicle; vehicles spread over tasks. */
public final class VerizonSourceConnector extends FeedSourceConnector {

  @Override
  public void start(Map<String, String> props) {
    super.start(props);
    VerizonConfig.checkAuthentication(new AbstractConfig(config(), props));
  }

  @Override
  public Class<? extends Task> taskClass() {
    return VerizonSourceTask.class;
  }

  @Override
  public ConfigDef config() {
    return VerizonConfig.CONFIG_DEF;
  }

  @Override
  protected String taskSplitKey() {
    return VerizonConfig.VEHICLE_NUMBERS_CONFIG;
  }
}
