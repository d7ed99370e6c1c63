package energy.vgf.connectors.market.pjm;

import energy.vgf.connectors.http.HttpFetcher;
import energy.vgf.connectors.source.CommonConfig;
import energy.vgf.connectors.source.FeedReader;
import energy.vgf.connectors.source.FeedSourceTask;
import energy.vgf.market.MarketPrice;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;

public final class PjmSourceTask extends FeedSourceTask {

  @Override
  protected ConfigDef configDef() {
    return PjmConfig.CONFIG_DEF;
  }

  @Override
  protected String sourceName() {
    return "pjm";
  }

  @Override
  protected Schema valueContract() {
    return MarketPrice.getClassSchema();
  }

  @Override
  protected List<FeedReader> openFeeds(AbstractConfig config, CommonConfig.Settings settings, HttpFetcher http) {
    Clock clock = Clock.systemUTC();
    String startText = config.getString(PjmConfig.START_DATE_CONFIG);
    String endText = config.getString(PjmConfig.END_DATE_CONFIG);
    LocalDate start = startText.isEmpty() ? LocalDate.now(clock.withZone(PjmLmps.EPT)) : LocalDate.parse(startText);
    LocalDate end = endText.isEmpty() ? null : LocalDate.parse(endText);
    String key = config.getPassword(PjmConfig.SUBSCRIPTION_KEY_CONFIG).value();
    List<FeedReader> feeds = new ArrayList<>();
    for (String node : config.getList(PjmConfig.PNODE_IDS_CONFIG)) {
      for (String feed : config.getList(PjmConfig.FEEDS_CONFIG)) {
        feeds.add(new PjmFeedReader(http, settings.baseUrl(), key, node.trim(), PjmLmps.Feed.of(feed), start, end,
            config.getInt(PjmConfig.ROW_COUNT_CONFIG), clock));
      }
    }
    return feeds;
  }
}
