package energy.vgf.simulator.depot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import energy.vgf.simulator.CollectingSink;
import energy.vgf.simulator.RunSummary;
import energy.vgf.simulator.Simulation;
import energy.vgf.simulator.fleet.VehicleLedger;
import energy.vgf.simulator.output.Stream;
import energy.vgf.simulator.output.StreamSinks;
import energy.vgf.simulator.scenario.ChargerSpec;
import energy.vgf.simulator.scenario.DepotSpec;
import energy.vgf.simulator.scenario.Scenario;
import energy.vgf.simulator.scenario.ScenarioLoader;
import energy.vgf.telemetry.VehicleStatus;
import energy.vgf.telemetry.VehicleTelemetry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The depot twin's vehicle side with the uncontrolled baseline and with chargers that apply less. */
class UncontrolledBaselineTest {

  /** A vehicle on a charger, with the acceptance of a real battery's taper. */
  static final class TestVehicle implements PluggedVehicle {
    final String id;
    final double capacityKwh;
    final double maxKw;
    double socKwh;
    double chargedKwh;

    TestVehicle(String id, double capacityKwh, double socPct, double maxKw) {
      this.id = id;
      this.capacityKwh = capacityKwh;
      this.socKwh = capacityKwh * socPct / 100;
      this.maxKw = maxKw;
    }

    @Override public String vehicleId() { return id; }
    @Override public double capacityKwh() { return capacityKwh; }
    @Override public double socPct() { return 100 * socKwh / capacityKwh; }
    @Override public double acceptKw() { return socPct() <= 90 ? maxKw : maxKw * Math.max(0, (100 - socPct()) / 10); }
    @Override public long nextDepartureEpochS() { return Long.MAX_VALUE; }
    @Override public double requiredSocPct() { return 90; }

    @Override
    public void applyPower(double gridKw, double efficiency, int stepS) {
      double in = gridKw * stepS / 3600 * (gridKw >= 0 ? efficiency : 1 / efficiency);
      socKwh += in;
      chargedKwh += in;
    }
  }

  /** Chargers that apply a fixed power whatever is plugged in (a stand-in for a dispatched charger). */
  static ChargePointFactory fixed(double kw) {
    return (d, spec, id) -> new ChargePoint() {
      @Override public String chargerId() { return id; }
      @Override public double maxPowerKw() { return spec.powerKw(); }
      @Override public boolean bidirectional() { return spec.bidirectional(); }
      @Override public double efficiency() { return spec.efficiency(); }
      @Override public void plugIn(long epochS, PluggedVehicle vehicle) { }
      @Override public double plugOut(long epochS) { return 0; }
      @Override public double powerKw(long epochS, int stepS) { return kw; }
    };
  }

  private static DepotSpec depot(int chargers, double kw) {
    return new DepotSpec("d", "d", 34, -118, 0, null, List.of(), List.of(new ChargerSpec("DC", kw, chargers, false, 0.9)));
  }

  @Test
  void chargesAtFullPowerFromPlugIn() {
    Depot depot = new Depot(depot(1, 60), ChargePointFactory.UNCONTROLLED);
    TestVehicle v = new TestVehicle("v", 200, 20, 150);
    depot.arrive(0, v);
    double kw = depot.step(0, 30);
    assertThat(kw).isEqualTo(60.0);
    assertThat(v.chargedKwh).isCloseTo(60 * 30 / 3600.0 * 0.9, within(1e-12));
  }

  @Test
  void isLimitedByWhatTheVehicleAcceptsAndStopsWhenFull() {
    Depot depot = new Depot(depot(1, 150), ChargePointFactory.UNCONTROLLED);
    TestVehicle v = new TestVehicle("v", 100, 50, 50);
    depot.arrive(0, v);
    assertThat(depot.step(0, 30)).isCloseTo(50 / 0.9, within(1e-9));
    double total = 0;
    for (long t = 30; t < 6 * 3600; t += 30) {
      total += depot.step(t, 30);
    }
    assertThat(v.socPct()).isCloseTo(100, within(1e-6));
    assertThat(depot.step(6 * 3600, 30)).isCloseTo(0, within(1e-6));
    assertThat(v.chargedKwh).isCloseTo(50, within(1e-6));
    assertThat(total).isPositive();
  }

  @Test
  void aWaitingVehicleGetsTheChargerWhenTheFirstLeaves() {
    Depot depot = new Depot(depot(1, 60), ChargePointFactory.UNCONTROLLED);
    TestVehicle a = new TestVehicle("a", 200, 20, 150);
    TestVehicle b = new TestVehicle("b", 200, 20, 150);
    depot.arrive(0, a);
    depot.arrive(0, b);
    assertThat(depot.waitingCount()).isEqualTo(1);
    depot.step(0, 30);
    assertThat(b.chargedKwh).isZero();
    depot.depart(30, a);
    assertThat(depot.chargerOf(b)).isNotNull();
    depot.step(30, 30);
    assertThat(b.chargedKwh).isPositive();
  }

  @Test
  void aChargerThatIsNotBidirectionalMayNotDischarge() {
    ChargePointFactory discharging = fixed(-10);
    Depot depot = new Depot(depot(1, 60), discharging);
    depot.arrive(0, new TestVehicle("v", 100, 50, 50));
    assertThatThrownBy(() -> depot.step(0, 30)).hasMessageContaining("not bidirectional");
  }

  @Test
  void parkedVehiclesChargeFromTheirFirstReportAfterArrival() {
    Scenario s = ScenarioLoader.loadDefault().withDays(2).withVehicles(60);
    CollectingSink sink = new CollectingSink();
    new Simulation(s).run(sink);
    Map<String, VehicleTelemetry> previous = new LinkedHashMap<>();
    Map<String, VehicleTelemetry> beforePrevious = new LinkedHashMap<>();
    int arrivals = 0;
    for (VehicleTelemetry t : sink.values(Stream.VEHICLE_TELEMETRY, VehicleTelemetry.class)) {
      VehicleTelemetry atArrival = previous.put(t.getVehicleId(), t);
      VehicleTelemetry lastDriving = atArrival == null ? null : beforePrevious.put(t.getVehicleId(), atArrival);
      if (lastDriving != null && lastDriving.getStatus() == VehicleStatus.DRIVING
          && atArrival.getStatus() == VehicleStatus.PARKED && t.getStatus() != VehicleStatus.DRIVING
          && atArrival.getSocPct() < 90) {
        // The report after plug-in: charging at full power, so SoC rose and the status says so.
        assertThat(atArrival.getDepotId()).isNotNull();
        assertThat(t.getStatus()).as(t.getVehicleId() + " at " + t.getTs()).isEqualTo(VehicleStatus.CHARGING);
        assertThat(t.getSocPct()).isGreaterThan(atArrival.getSocPct());
        arrivals++;
      }
    }
    assertThat(arrivals).isPositive();
  }

  @Test
  void socFollowsThePowerTheChargerActuallyApplies() {
    Scenario s = ScenarioLoader.loadDefault().withDays(2).withVehicles(30);
    // A charger held at a third of its rating (as a dispatch setpoint would hold it).
    ChargePointFactory third = (d, spec, id) -> new UncontrolledChargePoint(id,
        new ChargerSpec(spec.type(), spec.powerKw() / 3, spec.count(), spec.bidirectional(), spec.efficiency()));
    RunSummary full = new Simulation(s).run(StreamSinks.discard());
    RunSummary limited = new Simulation(s, third).run(StreamSinks.discard());
    double fullGrid = full.ledgers().stream().mapToDouble(VehicleLedger::gridKwh).sum();
    double limitedGrid = limited.ledgers().stream().mapToDouble(VehicleLedger::gridKwh).sum();
    assertThat(limitedGrid).isLessThan(fullGrid);
    for (VehicleLedger l : limited.ledgers()) {
      assertThat(l.imbalanceKwh()).isCloseTo(0, within(1e-6));
    }
    // Peak depot power falls with the cap: the uncontrolled baseline is the worst case.
    ChargePointFactory none = fixed(0);
    RunSummary idle = new Simulation(s, none).run(StreamSinks.discard());
    assertThat(idle.ledgers()).allSatisfy(l -> assertThat(l.chargedKwh()).isZero());
    assertThat(idle.ledgers()).allSatisfy(l -> assertThat(l.finalSocKwh()).isLessThanOrEqualTo(l.initialSocKwh()));
  }
}
