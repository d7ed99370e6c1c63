package energy.vgf.flink.dispatch;

import static energy.vgf.flink.Fixtures.at;
import static energy.vgf.flink.Fixtures.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import energy.vgf.flink.dispatch.ProgressFloor.Share;
import energy.vgf.optimizer.instance.Instance;
import energy.vgf.optimizer.instance.Vehicle;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ProgressFloorTest {

  @Test
  void aDeferredVehicleIsRaisedToItsFloorFromTheRoomLeftUnderTheLimit() {
    Map<String, Double> kw = ProgressFloor.apply(List.of(new Share("a", 0, 10), new Share("b", 20, 5)), 15);
    assertThat(kw).containsEntry("a", 10.0).containsEntry("b", 20.0);
  }

  @Test
  void withoutEnoughRoomTheRaiseIsTakenFromVehiclesAboveTheirFloorInProportion() {
    // 4 kW of room; the other 6 kW come from b (15 kW above its floor) and c (5 kW above): 4.5 and 1.5 kW.
    Map<String, Double> kw = ProgressFloor.apply(List.of(new Share("a", 0, 10), new Share("b", 20, 5),
        new Share("c", 5, 0)), 4);
    assertThat(kw.get("a")).isCloseTo(10.0, within(1e-9));
    assertThat(kw.get("b")).isCloseTo(15.5, within(1e-9));
    assertThat(kw.get("c")).isCloseTo(3.5, within(1e-9));
    assertThat(kw.values().stream().mapToDouble(Double::doubleValue).sum()).isCloseTo(25 + 4, within(1e-9));
  }

  @Test
  void whenTheFloorsDoNotFitEveryRaiseIsCutByTheSameFractionAndTheSiteDrawsNoMore() {
    Map<String, Double> kw = ProgressFloor.apply(List.of(new Share("a", 0, 30), new Share("b", 20, 15),
        new Share("c", 0, 10)), 0);
    // 40 kW of raises, 5 kW to take from b: each raise gets an eighth.
    assertThat(kw.get("a")).isCloseTo(3.75, within(1e-9));
    assertThat(kw.get("c")).isCloseTo(1.25, within(1e-9));
    assertThat(kw.get("b")).isCloseTo(15.0, within(1e-9));
  }

  @Test
  void aVehicleWithNothingToCatchUpKeepsItsPlannedPowerDischargeIncluded() {
    Map<String, Double> kw = ProgressFloor.apply(List.of(new Share("v2g", -7, 0), new Share("a", 3, 2)), 0);
    assertThat(kw).containsEntry("v2g", -7.0).containsEntry("a", 3.0);
  }

  @Test
  void theFloorIsTheAverageRateToTheRequirementAtTheDepartureWithinTheMaximum() {
    // 70 kWh short of 90 % of 100 kWh with 2 h to its departure; the other has 1 h, more than its charger gives.
    Instance in = new InstanceBuilder(config()).build("depot-a", at(0).toEpochMilli(),
        List.of(DispatchFunctionTest.plugged("bus-1", "cp-1", 0, 20, 120),
            DispatchFunctionTest.plugged("bus-2", "cp-2", 0, 20, 60)), List.of(), List.of(), List.of(), Set.of())
        .instance();
    Vehicle bus1 = in.vehicles().stream().filter(v -> v.id().equals("bus-1")).findFirst().orElseThrow();
    Vehicle bus2 = in.vehicles().stream().filter(v -> v.id().equals("bus-2")).findFirst().orElseThrow();
    assertThat(ProgressFloor.floorKw(in, bus1)).isCloseTo(70 / (bus1.efficiency() * 2), within(1e-9));
    assertThat(ProgressFloor.floorKw(in, bus2)).as("capped at its maximum").isEqualTo(in.maxChargeKw(bus2));
  }
}
