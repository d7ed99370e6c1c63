package energy.vgf.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import energy.vgf.simulator.depot.PlugIn;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class DepartureFeasibilityTest {

  private static final Instant MORNING = Instant.parse("2026-01-13T06:00:00Z");
  private static final Instant EVENING = Instant.parse("2026-01-13T21:30:00Z");

  /** A 460 kWh transit bus on a 150 kW charger (94 %), plugged in at {@code socPct}. */
  private static PlugIn bus(Instant at, double socPct) {
    return new PlugIn("bus-1", "cp-1", at.getEpochSecond(), socPct, 460, 150, 150, 0.94);
  }

  private static PipelineKpis.Departure departure(Instant at, double requiredPct, double reachedPct) {
    return new PipelineKpis.Departure("bus-1", at, requiredPct, reachedPct);
  }

  @Test
  void judgesEachDepartureFromTheVehiclesLastPlugInBeforeIt() {
    PlugIn overnight = bus(MORNING.minusSeconds(8 * 3600), 30);
    PlugIn layover = bus(EVENING.minusSeconds(50 * 60), 76.9);
    DepartureFeasibility f = new DepartureFeasibility(List.of(layover, overnight), 30);

    PipelineKpis.Departure morning = departure(MORNING, 95, 95.2);
    assertThat(f.plugInBefore(morning)).isEqualTo(overnight);
    assertThat(f.feasible(morning)).isTrue();

    // 50 minutes from 76.9 % into the taper: short of 95 % even at full power, whatever a schedule does.
    PipelineKpis.Departure evening = departure(EVENING, 95, 94.4);
    assertThat(f.plugInBefore(evening)).isEqualTo(layover);
    assertThat(f.fullPowerSocPct(evening)).isCloseTo(layover.fullPowerSocPctAt(EVENING.getEpochSecond(), 30),
        within(1e-12)).isLessThan(94.5);
    assertThat(f.feasible(evening)).isFalse();
  }

  @Test
  void aRequirementWithinTheToleranceOfWhatFullPowerReachesIsFeasible() {
    PlugIn layover = bus(EVENING.minusSeconds(50 * 60), 76.9);
    DepartureFeasibility f = new DepartureFeasibility(List.of(layover), 30);
    double reach = f.fullPowerSocPct(departure(EVENING, 95, 0));
    assertThat(f.feasible(departure(EVENING, reach + PipelineKpis.SOC_TOLERANCE_PCT - 0.01, 0))).isTrue();
    assertThat(f.feasible(departure(EVENING, reach + PipelineKpis.SOC_TOLERANCE_PCT + 0.01, 0))).isFalse();
  }

  @Test
  void aVehicleThatNeverPluggedInHadNoFeasibleRequirement() {
    DepartureFeasibility f = new DepartureFeasibility(List.of(bus(EVENING.plusSeconds(60), 20)), 30);
    PipelineKpis.Departure before = departure(EVENING, 50, 20);
    assertThat(f.plugInBefore(before)).isNull();
    assertThat(f.fullPowerSocPct(before)).isNull();
    assertThat(f.feasible(before)).isFalse();
    assertThat(new DepartureFeasibility(List.of(), 30).feasible(before)).isFalse();
  }
}
