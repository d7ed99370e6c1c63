package energy.vgf.connectors.grid.topology;

import energy.vgf.connectors.http.HttpFetcher;
import energy.vgf.connectors.source.CommonConfig;
import energy.vgf.connectors.source.Documents;
import energy.vgf.connectors.source.FeedReader;
import energy.vgf.connectors.source.FeedSourceTask;
import energy.vgf.grid.GridConstraint;
import java.time.Clock;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;

public final class TopologySourceTask extends FeedSourceTask {

  @Override
  protected ConfigDef configDef() {
    return TopologyConfig.CONFIG_DEF;
  }

  @Override
  protected String sourceName() {
    return "topology-file";
  }

  @Override
  protected Schema valueContract() {
    return GridConstraint.getClassSchema();
  }

  @Override
  protected List<FeedReader> openFeeds(AbstractConfig config, CommonConfig.Settings settings, HttpFetcher http) {
    return List.of(new TopologyFeedReader(http, Documents.location(config.getString(TopologyConfig.URL_CONFIG)),
        config.getPassword(TopologyConfig.AUTHORIZATION_CONFIG).value(),
        config.getDouble(TopologyConfig.POWER_FACTOR_CONFIG), Clock.systemUTC()));
  }
}
