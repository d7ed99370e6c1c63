package energy.vgf.connectors.market.ercot;

import static org.assertj.core.api.Assertions.assertThat;

import energy.vgf.connectors.source.Csv;
import energy.vgf.connectors.source.FeedItem;
import energy.vgf.connectors.testing.ReplayServer;
import energy.vgf.market.Iso;
import energy.vgf.market.MarketPrice;
import energy.vgf.market.MarketType;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ErcotPricesTest {

  private static List<MarketPrice> map(String sample, ErcotPrices.Market market) {
    return Csv.parse(ReplayServer.sample(sample), ',').stream()
        .map(r -> ErcotPrices.map(ErcotPrices.normalise(r.fields()), r.raw(), market))
        .map(i -> (MarketPrice) ((FeedItem.Mapped) i).value()).toList();
  }

  @Test
  void mapsTheDayAheadFileWithItsLeadingSpaceBeforeThePrice() {
    List<MarketPrice> dam = map("ercot/NP4-190-CD_dam_spp_excerpt.csv", ErcotPrices.Market.DAM);

    // 08/05/2025 hour ending 01:00 CPT (CDT, UTC-5) = 05:00Z..06:00Z
    assertThat(dam).extracting(MarketPrice::getNode).containsExactly("7RNCHSLR_ALL", "A4_DGR1_RN");
    assertThat(dam).extracting(MarketPrice::getLmpPerMwh).containsExactly(23.94, 24.67);
    assertThat(dam.get(0).getIso()).isEqualTo(Iso.ERCOT);
    assertThat(dam.get(0).getMarket()).isEqualTo(MarketType.DAY_AHEAD);
    assertThat(dam.get(0).getIntervalStart()).isEqualTo(Instant.parse("2025-08-05T05:00:00Z"));
    assertThat(dam.get(0).getIntervalEnd()).isEqualTo(Instant.parse("2025-08-05T06:00:00Z"));
    assertThat(dam.get(0).getEnergyPerMwh()).isNull();
  }

  @Test
  void mapsTheRealTimeFileToFifteenMinuteIntervals() {
    List<MarketPrice> rt = map("ercot/NP6-905-CD_rt_spp_excerpt.csv", ErcotPrices.Market.RT);

    // 07/30/2025 hour 9 interval 3 = 08:30 CDT = 13:30Z, the price 19.27 $/MWh
    assertThat(rt).hasSize(2).allSatisfy(p -> {
      assertThat(p.getIntervalStart()).isEqualTo(Instant.parse("2025-07-30T13:30:00Z"));
      assertThat(p.getIntervalEnd()).isEqualTo(Instant.parse("2025-07-30T13:45:00Z"));
      assertThat(p.getLmpPerMwh()).isEqualTo(19.27);
      assertThat(p.getMarket()).isEqualTo(MarketType.REAL_TIME);
    });
  }

  @Test
  void placesTheRepeatedFallBackHourByItsDstFlag() {
    // 2025-11-02: hour ending 2 twice; the repeated (CST) one is flagged Y.
    Map<String, String> first = Map.of("deliverydate", "2025-11-02", "hourending", "02:00", "settlementpoint",
        "HB_NORTH", "settlementpointprice", "21.5", "dstflag", "N");
    Map<String, String> repeated = Map.of("deliverydate", "2025-11-02", "hourending", "02:00", "settlementpoint",
        "HB_NORTH", "settlementpointprice", "20.1", "dstflag", "true");
    assertThat(ErcotPrices.intervalStart(first, ErcotPrices.Market.DAM)).isEqualTo(Instant.parse("2025-11-02T06:00:00Z"));
    assertThat(ErcotPrices.intervalStart(repeated, ErcotPrices.Market.DAM))
        .isEqualTo(Instant.parse("2025-11-02T07:00:00Z"));
  }

  @Test
  void rejectsAnIntervalOutsideOneToFour() {
    FeedItem item = ErcotPrices.map(Map.of("deliverydate", "2025-07-30", "deliveryhour", "9", "deliveryinterval", "5",
        "settlementpointname", "HB_NORTH", "settlementpointprice", "19.27"), "raw", ErcotPrices.Market.RT);
    assertThat(((FeedItem.Rejected) item).reason()).contains("deliveryInterval 5 is outside 1..4");
  }
}
