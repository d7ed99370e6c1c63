package energy.vgf.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import energy.vgf.metering.ReadingQuality;
import energy.vgf.metering.SiteMeterReading;
import energy.vgf.simulator.fleet.VehicleLedger;
import energy.vgf.simulator.metering.SiteMeter;
import energy.vgf.simulator.output.Stream;
import energy.vgf.simulator.scenario.Scenario;
import energy.vgf.simulator.scenario.ScenarioLoader;
import energy.vgf.telemetry.VehicleStatus;
import energy.vgf.telemetry.VehicleTelemetry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Energy balance of vehicles and depots over three days of the default scenario. */
class SimulationEnergyBalanceTest {

  private static Scenario scenario;
  private static RunSummary run;
  private static CollectingSink sink;

  @BeforeAll
  static void runThreeDays() {
    scenario = ScenarioLoader.loadDefault().withDays(3);
    sink = new CollectingSink();
    run = new Simulation(scenario).run(sink);
  }

  @Test
  void socChangeEqualsChargedMinusDrivenForEveryVehicle() {
    assertThat(run.ledgers()).hasSize(scenario.vehicleCount());
    for (VehicleLedger l : run.ledgers()) {
      double change = l.finalSocKwh() - l.initialSocKwh();
      assertThat(change).as(l.vehicleId())
          .isCloseTo(l.chargedKwh() - l.dischargedKwh() - l.drivenKwh() + l.shortfallKwh(), within(1e-6));
      assertThat(l.shortfallKwh()).as("routes fit the battery in the uncontrolled baseline").isZero();
      assertThat(l.drivenKwh()).as(l.vehicleId() + " drove").isPositive();
      assertThat(l.chargedKwh()).as(l.vehicleId() + " charged").isPositive();
    }
  }

  @Test
  void batteryGetsTheGridEnergyTimesTheChargerEfficiency() {
    for (VehicleLedger l : run.ledgers()) {
      // Efficiencies in the default scenario are between 0.92 and 0.94.
      assertThat(l.chargedKwh()).as(l.vehicleId()).isBetween(0.92 * l.gridKwh() - 1e-6, 0.94 * l.gridKwh() + 1e-6);
    }
  }

  @Test
  void telemetryOdometerAndSocFollowTheLedger() {
    Map<String, VehicleTelemetry> first = new LinkedHashMap<>();
    Map<String, VehicleTelemetry> last = new LinkedHashMap<>();
    for (VehicleTelemetry t : sink.values(Stream.VEHICLE_TELEMETRY, VehicleTelemetry.class)) {
      first.putIfAbsent(t.getVehicleId(), t);
      last.put(t.getVehicleId(), t);
      assertThat(t.getSocPct()).isBetween(0.0, 100.0);
    }
    for (VehicleLedger l : run.ledgers()) {
      double km = l.trips().stream().mapToDouble(trip -> trip.distanceKm()).sum();
      double odometer = last.get(l.vehicleId()).getOdometerKm() - first.get(l.vehicleId()).getOdometerKm();
      assertThat(odometer).as(l.vehicleId()).isCloseTo(km, within(0.01));
      assertThat(first.get(l.vehicleId()).getSocPct()).isCloseTo(100 * l.initialSocKwh() / l.capacityKwh(), within(0.006));
    }
  }

  @Test
  void siteMeterIsChargerEnergyPlusBaseLoad() {
    Map<String, Double> chargerByDepot = new LinkedHashMap<>();
    run.ledgers().forEach(l -> chargerByDepot.merge(l.depotId(), l.gridKwh(), Double::sum));
    List<SiteMeterReading> readings = sink.values(Stream.SITE_METER, SiteMeterReading.class);
    assertThat(readings).hasSize(3 * 96 * scenario.depots().size());
    for (SiteMeter.MeterTotals m : run.meters()) {
      assertThat(m.chargerKwh()).isCloseTo(chargerByDepot.get(m.depotId()), within(1e-6));
      double importKwh = readings.stream().filter(r -> r.getSiteId().equals(m.depotId()))
          .mapToDouble(SiteMeterReading::getEnergyImportKwh).sum();
      double exportKwh = readings.stream().filter(r -> r.getSiteId().equals(m.depotId()))
          .mapToDouble(SiteMeterReading::getEnergyExportKwh).sum();
      // Readings are rounded to Wh: 288 intervals x 0.0005 kWh at most.
      assertThat(importKwh - exportKwh).isCloseTo(m.chargerKwh() + m.baseKwh(), within(0.2));
      assertThat(m.baseKwh()).isPositive();
    }
    assertThat(readings).allSatisfy(r -> {
      assertThat(r.getQuality()).isEqualTo(ReadingQuality.VALID);
      assertThat(r.getIntervalEnd().getEpochSecond() - r.getIntervalStart().getEpochSecond()).isEqualTo(900);
    });
  }

  @Test
  void everyStreamComesOutInEventTimeOrder() {
    for (Stream s : Stream.values()) {
      List<CollectingSink.Emitted> emitted = sink.emitted(s);
      assertThat(emitted).as(s.name()).isNotEmpty();
      for (int i = 1; i < emitted.size(); i++) {
        assertThat(emitted.get(i).timestampMs()).as(s.name()).isGreaterThanOrEqualTo(emitted.get(i - 1).timestampMs());
      }
    }
  }

  @Test
  void vehiclesReportEveryTickWhileDrivingAndEveryFewMinutesWhileParked() {
    Map<String, VehicleTelemetry> previous = new LinkedHashMap<>();
    int drivingStep = scenario.telemetry().drivingIntervalS();
    int parkedStep = scenario.telemetry().parkedIntervalS();
    for (VehicleTelemetry t : sink.values(Stream.VEHICLE_TELEMETRY, VehicleTelemetry.class)) {
      VehicleTelemetry p = previous.put(t.getVehicleId(), t);
      if (p == null) {
        continue;
      }
      long gap = t.getTs().getEpochSecond() - p.getTs().getEpochSecond();
      assertThat(gap).isPositive();
      if (p.getStatus() == VehicleStatus.DRIVING) {
        assertThat(gap).isEqualTo(drivingStep);
      } else {
        assertThat(gap).isLessThanOrEqualTo(parkedStep);
      }
    }
  }
}
