package energy.vgf.connectors.market.caiso;

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

public final class CaisoSourceTask extends FeedSourceTask {

  @Override
  protected ConfigDef configDef() {
    return CaisoConfig.CONFIG_DEF;
  }

  @Override
  protected String sourceName() {
    return "caiso";
  }

  @Override
  protected Schema valueContract() {
    return MarketPrice.getClassSchema();
  }

  @Override
  protected List<FeedReader> openFeeds(AbstractConfig config, CommonConfig.Settings settings, HttpFetcher http) {
    Clock clock = Clock.systemUTC();
    String startText = config.getString(CaisoConfig.START_DATE_CONFIG);
    String endText = config.getString(CaisoConfig.END_DATE_CONFIG);
    LocalDate start = startText.isEmpty() ? LocalDate.now(clock.withZone(CaisoFeedReader.PACIFIC))
        : LocalDate.parse(startText);
    LocalDate end = endText.isEmpty() ? null : LocalDate.parse(endText);
    boolean xml = config.getString(CaisoConfig.RESULT_FORMAT_CONFIG).equals("XML");
    List<FeedReader> feeds = new ArrayList<>();
    for (String node : config.getList(CaisoConfig.NODES_CONFIG)) {
      for (String market : config.getList(CaisoConfig.MARKETS_CONFIG)) {
        feeds.add(new CaisoFeedReader(http, settings.baseUrl(), node, market, start, end, xml, clock));
      }
    }
    return feeds;
  }
}
