package energy.vgf.flink.flexibility;

import static energy.vgf.flink.Fixtures.at;
import static energy.vgf.flink.Fixtures.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import energy.vgf.flexibility.FlexibilityWindow;
import energy.vgf.flink.config.JobConfig;
import energy.vgf.flink.vehicle.VehicleSnapshot;
import java.util.List;
import org.junit.jupiter.api.Test;

class FlexibilityCalculatorTest {

  /** Fixtures fleet: 100 kWh batteries, 50 kW on-board chargers and charge points, efficiency 0.92, floor 10 %. */
  static VehicleSnapshot plugged(String vehicle, String charger, double energyKwh, double powerKw, Double departureMinutes) {
    VehicleSnapshot v = new VehicleSnapshot();
    v.vehicleId = vehicle;
    v.siteId = "depot-a";
    v.present = true;
    v.pluggedIn = true;
    v.chargerId = charger;
    v.energyKwh = energyKwh;
    v.powerKw = powerKw;
    v.departureMs = departureMinutes == null ? null : at(departureMinutes).toEpochMilli();
    v.requiredSocPct = departureMinutes == null ? null : 90.0;
    v.capacityKwh = 100;
    v.maxChargeKw = 50;
    v.maxDischargeKw = 20;
    v.efficiency = 0.92;
    v.minSocPct = 10;
    return v;
  }

  static FlexibilityCalculator calculator(JobConfig c) {
    return new FlexibilityCalculator(c.fleet(), c.dispatchIntervalMinutes(), c.flexibilityHorizonIntervals());
  }

  @Test
  void computesTheMustChargeEnvelopeAndTheFlexibilityOfAChargingVehicle() {
    // 70 kWh short of 90 % with 3 h to go, drawing 10 kW of a possible 50 kW.
    VehicleSnapshot v = plugged("bus-1", "cp-1", 20, 10, 180.0);
    FlexibilityWindow w = calculator(config()).compute("depot-a", at(-5).toEpochMilli(), at(0).toEpochMilli(), List.of(v));

    assertThat(w.getPluggedInVehicles()).isEqualTo(1);
    assertThat(w.getMustChargeEnergyKwh()).isEqualTo(70.0);
    assertThat(w.getEarliestDeadline()).isEqualTo(at(180));
    assertThat(w.getCurrentPowerKw()).isEqualTo(10.0);
    assertThat(w.getUpwardFlexKw()).isEqualTo(40.0);
    // Delaying one interval still leaves time at full power: all 10 kW can be shed.
    assertThat(w.getDownwardFlexKw()).isEqualTo(10.0);
    assertThat(w.getV2gDischargeableKwh()).isEqualTo(0.0);
    double refKw = 70 / 0.92 / 3;
    assertThat(w.getHorizonUpKw()).hasSize(16);
    assertThat(w.getHorizonUpKw().get(0)).isCloseTo(50 - refKw, within(1e-9));
    assertThat(w.getHorizonDownKw().get(11)).isCloseTo(refKw, within(1e-9));
    // Gone after its departure (12 intervals of 15 min).
    assertThat(w.getHorizonUpKw().get(12)).isEqualTo(0.0);
  }

  @Test
  void leavesNoDownwardFlexibilityWhenDelayingWouldMissTheDeparture() {
    // 70 kWh in 1.5 h needs more than 50 kW x 0.92 x 1.25 h after one interval of delay.
    VehicleSnapshot v = plugged("bus-1", "cp-1", 20, 50, 90.0);
    FlexibilityWindow w = calculator(config()).compute("depot-a", at(-5).toEpochMilli(), at(0).toEpochMilli(), List.of(v));
    assertThat(w.getDownwardFlexKw()).isEqualTo(0.0);
    assertThat(w.getUpwardFlexKw()).isEqualTo(0.0);
  }

  @Test
  void countsDischargeableEnergyAboveTheFloorOnABidirectionalCharger() {
    VehicleSnapshot v = plugged("bus-1", "cp-9", 80, 0, null);
    FlexibilityWindow w = calculator(config("fleet.charger.cp-9.bidirectional", "true"))
        .compute("depot-a", at(-5).toEpochMilli(), at(0).toEpochMilli(), List.of(v));
    assertThat(w.getV2gDischargeableKwh()).isEqualTo(70.0); // 80 kWh above a 10 kWh floor
    assertThat(w.getDownwardFlexKw()).isEqualTo(20.0); // its discharge power
    assertThat(w.getMustChargeEnergyKwh()).isEqualTo(0.0);
    assertThat(w.getEarliestDeadline()).isNull();
  }

  @Test
  void ignoresVehiclesThatAreNotPluggedInOrHaveLeft() {
    VehicleSnapshot parked = plugged("bus-1", null, 20, 0, 180.0);
    parked.pluggedIn = false;
    VehicleSnapshot left = plugged("bus-2", "cp-2", 20, 10, 180.0);
    left.present = false;
    FlexibilityWindow w = calculator(config()).compute("depot-a", at(-5).toEpochMilli(), at(0).toEpochMilli(), List.of(parked, left));
    assertThat(w.getPluggedInVehicles()).isZero();
    assertThat(w.getUpwardFlexKw()).isZero();
    assertThat(w.getHorizonUpKw()).containsOnly(0.0);
  }

  @Test
  void mergesSiteWindowsIntoTheirFeederGroupWithTheEarliestDeadline() {
    FlexibilityCalculator calc = calculator(config("fleet.site.depot-a.feeder", "feeder-7", "fleet.site.depot-b.feeder", "feeder-7"));
    FlexibilityWindow a = calc.compute("depot-a", at(-5).toEpochMilli(), at(0).toEpochMilli(), List.of(plugged("bus-1", "cp-1", 20, 10, 180.0)));
    FlexibilityWindow b = calc.compute("depot-b", at(-5).toEpochMilli(), at(0).toEpochMilli(), List.of(plugged("bus-2", "cp-2", 40, 5, 120.0)));

    FlexibilityWindow feeder = FlexibilityCalculator.merge(FlexibilityCalculator.asFeeder(a), FlexibilityCalculator.asFeeder(b));
    assertThat(feeder.getSiteId()).isEqualTo("*");
    assertThat(feeder.getFeederId()).isEqualTo("feeder-7");
    assertThat(feeder.getPluggedInVehicles()).isEqualTo(2);
    assertThat(feeder.getMustChargeEnergyKwh()).isEqualTo(70.0 + 50.0);
    assertThat(feeder.getCurrentPowerKw()).isEqualTo(15.0);
    assertThat(feeder.getEarliestDeadline()).isEqualTo(at(120));
    assertThat(feeder.getHorizonUpKw().get(0)).isCloseTo(a.getHorizonUpKw().get(0) + b.getHorizonUpKw().get(0), within(1e-9));
  }
}
