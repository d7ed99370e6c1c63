package energy.vgf.flink;

import static energy.vgf.flink.Fixtures.at;
import static org.assertj.core.api.Assertions.assertThat;

import energy.vgf.market.Iso;
import energy.vgf.market.MarketPrice;
import energy.vgf.market.MarketType;
import org.junit.jupiter.api.Test;

/** Prices enter event time when they are known: a day-ahead price must not carry the watermark into tomorrow. */
class PriceEventTimeTest {

  private static MarketPrice.Builder tomorrowsDayAheadPrice() {
    return MarketPrice.newBuilder().setIso(Iso.CAISO).setNode("NODE_A").setMarket(MarketType.DAY_AHEAD)
        .setIntervalStart(at(24 * 60)).setIntervalEnd(at(25 * 60)).setLmpPerMwh(40);
  }

  @Test
  void aPublishedPriceCountsFromItsPublication() {
    assertThat(CoreJob.priceKnownAt(tomorrowsDayAheadPrice().setPublishedAt(at(13 * 60)).build())).isEqualTo(at(13 * 60));
  }

  @Test
  void withoutAPublicationTimeTheIntervalStartIsAllThereIs() {
    assertThat(CoreJob.priceKnownAt(tomorrowsDayAheadPrice().build())).isEqualTo(at(24 * 60));
  }
}
