package energy.vgf.connectors.grid.openadr;

import energy.vgf.connectors.source.FeedSourceConnector;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;

/** OpenADR 3 VEN client: a VTN's events as site limits and demand-response events into vgf.grid.constraint. */
public final class OpenAdrSourceConnector extends FeedSourceConnector {

  @Override
  public Class<? extends Task> taskClass() {
    return OpenAdrSourceTask.class;
  }

  @Override
  public ConfigDef config() {
    return OpenAdrConfig.CONFIG_DEF;
  }
}
