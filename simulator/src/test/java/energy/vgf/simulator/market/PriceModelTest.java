package energy.vgf.simulator.market;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import energy.vgf.market.Iso;
import energy.vgf.market.MarketPrice;
import energy.vgf.market.MarketType;
import energy.vgf.simulator.scenario.Scenario;
import energy.vgf.simulator.scenario.ScenarioLoader;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

class PriceModelTest {

  private final Scenario scenario = ScenarioLoader.loadDefault();
  private final PriceModel model = new PriceModel(scenario);

  @Test
  void dayAheadCoversEveryHourOfTheRunAndTheNextDayPublishedTheDayBeforeAt13() {
    List<MarketPrice> da = model.dayAhead();
    assertThat(da).hasSize(24 * (scenario.days() + 1));
    for (int i = 0; i < da.size(); i++) {
      MarketPrice p = da.get(i);
      assertThat(Duration.between(p.getIntervalStart(), p.getIntervalEnd())).isEqualTo(Duration.ofHours(1));
      if (i > 0) {
        assertThat(p.getIntervalStart()).isEqualTo(da.get(i - 1).getIntervalEnd());
      }
      ZonedDateTime published = p.getPublishedAt().atZone(scenario.zone());
      assertThat(published.getHour()).isEqualTo(13);
      assertThat(published.toLocalDate()).isEqualTo(p.getIntervalStart().atZone(scenario.zone()).toLocalDate().minusDays(1));
    }
  }

  @Test
  void dayAheadHasTheDuckShapeEveningPeakAboveMiddaySolarTrough() {
    List<MarketPrice> da = model.dayAhead();
    double evening = mean(da, 18, 21);
    double midday = mean(da, 10, 15);
    assertThat(evening).isGreaterThan(2 * midday);
    assertThat(da.stream().mapToDouble(MarketPrice::getLmpPerMwh).average().orElseThrow())
        .isCloseTo(scenario.market().dayAheadMeanPerMwh(), within(0.15 * scenario.market().dayAheadMeanPerMwh()));
  }

  private double mean(List<MarketPrice> prices, int fromHour, int toHour) {
    return prices.stream().filter(p -> {
      int h = p.getIntervalStart().atZone(scenario.zone()).getHour();
      return h >= fromHour && h < toHour;
    }).mapToDouble(MarketPrice::getLmpPerMwh).average().orElseThrow();
  }

  @Test
  void realTimeIsFiveMinutelyAroundDayAheadAndComponentsAddUp() {
    List<MarketPrice> da = model.dayAhead();
    List<MarketPrice> rt = model.realTime(da);
    assertThat(rt).hasSize(288 * scenario.days());
    double meanDiff = 0;
    for (MarketPrice p : rt) {
      assertThat(Duration.between(p.getIntervalStart(), p.getIntervalEnd())).isEqualTo(Duration.ofMinutes(5));
      assertThat(p.getPublishedAt()).isEqualTo(p.getIntervalEnd());
      assertThat(p.getEnergyPerMwh() + p.getCongestionPerMwh() + p.getLossPerMwh()).isCloseTo(p.getLmpPerMwh(), within(1e-4));
      MarketPrice hour = da.stream().filter(d -> !d.getIntervalStart().isAfter(p.getIntervalStart())
          && d.getIntervalEnd().isAfter(p.getIntervalStart())).findFirst().orElseThrow();
      meanDiff += Math.min(100, p.getLmpPerMwh() - hour.getLmpPerMwh()); // spikes capped for the mean
    }
    assertThat(meanDiff / rt.size()).isCloseTo(0, within(5.0));
  }

  @Test
  void replaysAnOasisCsvFile() throws Exception {
    Path csv = Path.of(getClass().getResource("/samples/PRC_LMP_DAM_TH_SP15_GEN-APND_2026-07-14_excerpt.csv").toURI());
    List<MarketPrice> prices = OasisPriceFile.read(csv, Iso.CAISO);
    assertThat(prices).hasSize(5);
    assertThat(prices.get(0).getMarket()).isEqualTo(MarketType.DAY_AHEAD);
    assertThat(prices.get(0).getNode()).isEqualTo("TH_SP15_GEN-APND");
    assertThat(prices.get(0).getIntervalStart().toString()).isEqualTo("2026-07-14T07:00:00Z");
    assertThat(prices.get(0).getLmpPerMwh()).isEqualTo(55.5152);
    assertThat(prices).isSortedAccordingTo((a, b) -> a.getIntervalStart().compareTo(b.getIntervalStart()));
  }
}
