package energy.vgf.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import energy.vgf.simulator.scenario.DepotSpec;
import energy.vgf.simulator.scenario.Scenario;
import energy.vgf.simulator.scenario.ScenarioLoader;
import energy.vgf.simulator.twin.TwinCharger;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The limits the demo gives the bridge, derived from each depot's import limit and base load. */
class SiteLimitsTest {
  private final Scenario scenario = ScenarioLoader.load(ScenarioLoader.DEFAULT);
  private final Map<String, Double> importLimitKw = FullPipeline.siteLimitsKw(scenario, 1.0);

  @Test
  void everyDepotsChargersAtTheirFailSafeRateStayWithinItsLimit() {
    Map<String, Double> fractions = FullPipeline.siteFailSafeFractions(scenario, importLimitKw);
    for (DepotSpec d : scenario.depots()) {
      double chargersKw = TwinCharger.of(scenario).stream().filter(c -> c.depotId().equals(d.id()))
          .mapToDouble(TwinCharger::maxPowerKw).sum();
      // In the day shift too: a fail-safe rate is static, and the building draws 1.35 x its nominal load then.
      assertThat(fractions.get(d.id()) * chargersKw + FullPipeline.peakBaseLoadKw(d)).as(d.id())
          .isLessThanOrEqualTo(importLimitKw.get(d.id()));
    }
  }

  @Test
  void theChargingLimitLeavesRoomForTheBaseLoadAtItsPeakAndItsNoise() {
    Map<String, Double> charging = FullPipeline.siteChargingLimitsKw(scenario, importLimitKw);
    assertThat(charging.keySet()).isEqualTo(importLimitKw.keySet());
    for (DepotSpec d : scenario.depots()) {
      double limit = importLimitKw.get(d.id());
      assertThat(charging.get(d.id()) + FullPipeline.peakBaseLoadKw(d)).as(d.id()).isLessThan(limit)
          .isGreaterThan(0.95 * limit);
    }
  }

  @Test
  void thePeakBaseLoadIsTheDayShiftWithTwoStandardDeviationsOfNoise() {
    DepotSpec commerce = scenario.depots().stream().filter(d -> d.id().equals("depot-commerce")).findFirst().orElseThrow();
    assertThat(FullPipeline.peakBaseLoadKw(commerce)).isCloseTo(60 * 1.35 * 1.1, org.assertj.core.data.Offset.offset(1e-9));
  }
}
