package energy.vgf.connectors.market.ercot;

import energy.vgf.connectors.http.HttpFetcher;
import energy.vgf.connectors.source.CommonConfig;
import energy.vgf.connectors.source.FeedReader;
import energy.vgf.connectors.source.FeedSourceTask;
import energy.vgf.market.MarketPrice;
import java.net.URI;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;

public final class ErcotSourceTask extends FeedSourceTask {

  @Override
  protected ConfigDef configDef() {
    return ErcotConfig.CONFIG_DEF;
  }

  @Override
  protected String sourceName() {
    return "ercot";
  }

  @Override
  protected Schema valueContract() {
    return MarketPrice.getClassSchema();
  }

  @Override
  protected List<FeedReader> openFeeds(AbstractConfig config, CommonConfig.Settings settings, HttpFetcher http) {
    Clock clock = Clock.systemUTC();
    String startText = config.getString(ErcotConfig.START_DATE_CONFIG);
    String endText = config.getString(ErcotConfig.END_DATE_CONFIG);
    LocalDate start = startText.isEmpty() ? LocalDate.now(clock.withZone(ErcotPrices.CPT)) : LocalDate.parse(startText);
    LocalDate end = endText.isEmpty() ? null : LocalDate.parse(endText);
    String user = config.getString(ErcotConfig.USERNAME_CONFIG);
    ErcotIdToken idToken = user.isBlank() ? null : new ErcotIdToken(http,
        URI.create(config.getString(ErcotConfig.TOKEN_URL_CONFIG)), user,
        config.getPassword(ErcotConfig.PASSWORD_CONFIG).value(), config.getString(ErcotConfig.CLIENT_ID_CONFIG));
    String key = config.getPassword(ErcotConfig.SUBSCRIPTION_KEY_CONFIG).value();
    List<FeedReader> feeds = new ArrayList<>();
    for (String point : config.getList(ErcotConfig.SETTLEMENT_POINTS_CONFIG)) {
      for (String market : config.getList(ErcotConfig.MARKETS_CONFIG)) {
        feeds.add(new ErcotFeedReader(http, settings.baseUrl(), key, idToken, point.trim(),
            ErcotPrices.Market.valueOf(market), start, end, config.getInt(ErcotConfig.PAGE_SIZE_CONFIG), clock));
      }
    }
    return feeds;
  }
}
