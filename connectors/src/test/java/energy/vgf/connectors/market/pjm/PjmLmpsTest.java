package energy.vgf.connectors.market.pjm;

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

class PjmLmpsTest {

  private static final String CSV = ReplayServer.sample("pjm/da_hrl_lmps_PJM-RTO_2025-09-01_02.csv");

  private static List<MarketPrice> mapCsv() {
    return Csv.parse(CSV, ',').stream().map(r -> PjmLmps.map(r.fields(), r.raw(), PjmLmps.Feed.DA_HRL_LMPS))
        .map(i -> (MarketPrice) ((FeedItem.Mapped) i).value()).toList();
  }

  @Test
  void mapsEveryRowOfTheDataMinerExportWithItsComponents() {
    List<MarketPrice> prices = mapCsv();

    assertThat(prices).hasSize(48);
    // First row: 9/1/2025 4:00:00 AM UTC (midnight EPT), 14.70 + 0.028871 + 0.018843 = 14.747714.
    MarketPrice first = prices.get(0);
    assertThat(first.getIso()).isEqualTo(Iso.PJM);
    assertThat(first.getNode()).isEqualTo("PJM-RTO");
    assertThat(first.getMarket()).isEqualTo(MarketType.DAY_AHEAD);
    assertThat(first.getIntervalStart()).isEqualTo(Instant.parse("2025-09-01T04:00:00Z"));
    assertThat(first.getIntervalEnd()).isEqualTo(Instant.parse("2025-09-01T05:00:00Z"));
    assertThat(first.getLmpPerMwh()).isEqualTo(14.747714);
    assertThat(first.getEnergyPerMwh()).isEqualTo(14.70);
    assertThat(first.getCongestionPerMwh()).isEqualTo(0.028871);
    assertThat(first.getLossPerMwh()).isEqualTo(0.018843);
    assertThat(prices.get(2).getLossPerMwh()).isEqualTo(-0.001025);
    assertThat(prices).extracting(MarketPrice::getIntervalStart).isSorted().doesNotHaveDuplicates();
  }

  @Test
  void readsTheJsonApisIsoTimesAndSkipsSupersededRows() {
    Map<String, String> row = Map.of("datetime_beginning_utc", "2025-09-01T04:00:00",
        "datetime_beginning_ept", "2025-09-01T00:00:00", "pnode_id", "1", "pnode_name", "PJM-RTO",
        "total_lmp_rt", "21.5", "system_energy_price_rt", "21.0", "congestion_price_rt", "0.3",
        "marginal_loss_price_rt", "0.2", "row_is_current", "true");
    MarketPrice rt = (MarketPrice) ((FeedItem.Mapped) PjmLmps.map(row, "", PjmLmps.Feed.RT_FIVEMIN_HRL_LMPS)).value();
    assertThat(rt.getMarket()).isEqualTo(MarketType.REAL_TIME);
    assertThat(rt.getIntervalEnd()).isEqualTo(Instant.parse("2025-09-01T04:05:00Z"));
    assertThat(rt.getLmpPerMwh()).isEqualTo(21.5);

    Map<String, String> old = new java.util.HashMap<>(row);
    old.put("row_is_current", "False");
    assertThat(PjmLmps.map(old, "", PjmLmps.Feed.RT_FIVEMIN_HRL_LMPS)).isNull();
  }

  @Test
  void fallsBackToEasternPrevailingTimeWhenTheUtcColumnIsAbsent() {
    assertThat(PjmLmps.start(Map.of("datetime_beginning_ept", "9/1/2025 12:00:00 AM")))
        .isEqualTo(Instant.parse("2025-09-01T04:00:00Z"));
  }

  @Test
  void rejectsARowWhosePriceIsNotANumber() {
    FeedItem item = PjmLmps.map(Map.of("datetime_beginning_utc", "2025-09-01T04:00:00", "pnode_name", "PJM-RTO",
        "total_lmp_da", "n/a"), "raw-row", PjmLmps.Feed.DA_HRL_LMPS);
    assertThat(item).isInstanceOfSatisfying(FeedItem.Rejected.class, r -> {
      assertThat(r.reason()).contains("total_lmp_da 'n/a' is not a number");
      assertThat(r.raw()).isEqualTo("raw-row");
    });
  }
}
