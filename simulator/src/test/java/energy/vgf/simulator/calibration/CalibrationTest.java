package energy.vgf.simulator.calibration;

import static org.assertj.core.api.Assertions.assertThat;

import energy.vgf.simulator.fleet.Archetypes;
import energy.vgf.simulator.scenario.ScenarioLoader;
import org.junit.jupiter.api.Test;

class CalibrationTest {

  @Test
  void generatedMeansAreWithinFivePercentOfTheTargetsForEveryArchetype() {
    CalibrationReport report = Calibration.run(ScenarioLoader.load(Calibration.SCENARIO));
    assertThat(report.rows()).extracting(CalibrationReport.Row::archetype).containsAll(Archetypes.defaults().keySet());
    assertThat(report.rows()).allSatisfy(r -> {
      assertThat(r.samples()).as(r.archetype() + " " + r.metric()).isGreaterThan(30);
      assertThat(Math.abs(r.diffPct())).as(r.archetype() + " " + r.metric()).isLessThanOrEqualTo(5.0);
    });
    assertThat(report.table()).contains("RESULT: all means within 5%");
  }

  @Test
  void schoolBusTargetIsTheNrelTripFigure() {
    // Two routes of 28.5 mi (midpoint of 25-32 mi per weekday trip) per school day.
    double km = Archetypes.defaults().get(Archetypes.SCHOOL_BUS).dailyDistanceKm().mean();
    assertThat(km / 1.609344 / 2).isBetween(25.0, 32.0);
    double transitMi = Archetypes.defaults().get(Archetypes.TRANSIT_BUS).dailyDistanceKm().mean() / 1.609344;
    assertThat(transitMi).isBetween(95.0, 105.0);
  }
}
