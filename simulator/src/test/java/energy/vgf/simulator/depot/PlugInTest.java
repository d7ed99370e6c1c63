package energy.vgf.simulator.depot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import energy.vgf.simulator.CollectingSink;
import energy.vgf.simulator.RunSummary;
import energy.vgf.simulator.Simulation;
import energy.vgf.simulator.fleet.Trip;
import energy.vgf.simulator.fleet.VehicleLedger;
import energy.vgf.simulator.output.Stream;
import energy.vgf.simulator.scenario.Scenario;
import energy.vgf.simulator.scenario.ScenarioLoader;
import energy.vgf.telemetry.VehicleTelemetry;
import java.util.HashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** What full power from a plug-in reaches: the counterfactual behind "a feasible departure". */
class PlugInTest {

  @Test
  void belowTheTaperTheBatteryTakesItsOwnLimitWhateverTheChargerGives() {
    // A 60 kW battery on a 150 kW charger: 60 kW at the battery for 30 min, 30 kWh of 100.
    PlugIn p = new PlugIn("v", "cp", 0, 40, 100, 60, 150, 0.9);
    assertThat(p.fullPowerSocPctAt(1800, 30)).isCloseTo(70, within(1e-9));
    // On a 19.2 kW AC charger the charger is the limit: 19.2 x 0.9 kW at the battery.
    PlugIn ac = new PlugIn("v", "cp", 0, 40, 100, 60, 19.2, 0.9);
    assertThat(ac.fullPowerSocPctAt(3600, 30)).isCloseTo(40 + 19.2 * 0.9, within(1e-9));
  }

  @Test
  void theTaperSlowsTheLastPointsAndNothingGoesAboveFull() {
    PlugIn p = new PlugIn("v", "cp", 0, 80, 100, 60, 150, 0.9);
    double afterTenMinutes = p.fullPowerSocPctAt(600, 30);
    assertThat(afterTenMinutes - 80).isLessThan(60 * 600 / 3600.0); // less than the untapered 10 points
    assertThat(afterTenMinutes).isGreaterThan(85);
    assertThat(p.fullPowerSocPctAt(48 * 3600, 30)).isLessThanOrEqualTo(100).isGreaterThan(99.9);
    assertThat(p.fullPowerSocPctAt(0, 30)).isEqualTo(80);
  }

  @Test
  void rejectsAnImpossibleEfficiency() {
    assertThatThrownBy(() -> new PlugIn("v", "cp", 0, 40, 100, 60, 150, 1.2)).hasMessageContaining("efficiency");
  }

  /**
   * The uncontrolled run is full power from every plug-in, so at each departure its vehicles are where the plug-in's
   * counterfactual says: the counterfactual is the baseline's own charge curve.
   */
  @Test
  void reproducesTheUncontrolledRunAtEveryDeparture() {
    Scenario s = ScenarioLoader.loadDefault().withDays(2).withVehicles(60);
    CollectingSink sink = new CollectingSink();
    RunSummary run = new Simulation(s).run(sink);
    Map<String, NavigableMap<Long, Double>> socByVehicle = new HashMap<>();
    for (VehicleTelemetry t : sink.values(Stream.VEHICLE_TELEMETRY, VehicleTelemetry.class)) {
      socByVehicle.computeIfAbsent(t.getVehicleId(), v -> new TreeMap<>()).put(t.getTs().getEpochSecond(), t.getSocPct());
    }
    Map<String, NavigableMap<Long, PlugIn>> plugIns = new HashMap<>();
    run.plugIns().forEach(p -> plugIns.computeIfAbsent(p.vehicleId(), v -> new TreeMap<>()).put(p.epochS(), p));
    assertThat(run.plugIns()).hasSizeGreaterThan(60); // one at the start per vehicle, and the arrivals

    int checked = 0;
    for (VehicleLedger l : run.ledgers()) {
      for (Trip trip : l.trips()) {
        var plugIn = plugIns.get(l.vehicleId()).lowerEntry(trip.departEpochS());
        Double reported = socByVehicle.get(l.vehicleId()).get(trip.departEpochS());
        if (plugIn == null || reported == null) {
          continue;
        }
        int step = s.telemetry().drivingIntervalS();
        assertThat(plugIn.getValue().fullPowerSocPctAt(trip.departEpochS(), step))
            .as(l.vehicleId() + " leaving at " + trip.departEpochS()).isCloseTo(reported, within(0.006));
        checked++;
      }
    }
    assertThat(checked).isGreaterThan(60);
  }
}
