package energy.vgf.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import energy.vgf.simulator.fleet.VehicleLedger;
import energy.vgf.simulator.scenario.Scenario;
import energy.vgf.simulator.scenario.ScenarioLoader;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the demo tells the Flink job about the twin's fleet and its own delays. */
class FleetConfigTest {
  private final Scenario scenario = ScenarioLoader.load(ScenarioLoader.DEFAULT);

  private static VehicleLedger ledger(String id, String archetype, double capacityKwh) {
    return new VehicleLedger(id, "fleet", archetype, "depot", capacityKwh, 0, 0, 0, 0, 0, 0, 0, 0, List.of());
  }

  @Test
  void eachVehicleAcceptsWhatItsArchetypeAcceptsNotTheJobsDefault() {
    // The job's default (150 kW) made a 60 kW school bus look able to take its DC charger's full 60 kW at 90 %,
    // where its taper allows 30: absorption planned too late.
    Map<String, String> m = FullPipeline.fleetConfig(scenario,
        List.of(ledger("sb-1", "school_bus", 196.0), ledger("van-1", "delivery_van", 75.5)));
    assertThat(m).containsEntry("fleet.vehicle.sb-1.max.charge.kw",
        Double.toString(scenario.archetypes().get("school_bus").maxChargeKw()));
    assertThat(m).containsEntry("fleet.vehicle.van-1.max.charge.kw",
        Double.toString(scenario.archetypes().get("delivery_van").maxChargeKw()));
    assertThat(m).containsEntry("fleet.vehicle.sb-1.capacity.kwh", "196.0");
    assertThat(scenario.archetypes().get("school_bus").maxChargeKw()).isLessThan(150);
  }

  @Test
  void everyChargerHasItsRangeIncludingTheAcMinimum() {
    Map<String, String> m = FullPipeline.fleetConfig(scenario, List.of());
    long chargers = m.keySet().stream().filter(k -> k.endsWith(".max.kw")).count();
    assertThat(chargers).isPositive();
    assertThat(m.keySet().stream().filter(k -> k.endsWith(".min.kw")).count()).isEqualTo(chargers);
    assertThat(m.entrySet().stream().filter(e -> e.getKey().endsWith(".min.kw"))
        .anyMatch(e -> Double.parseDouble(e.getValue()) > 0)).as("AC chargers have a minimum").isTrue();
  }

  @Test
  void plansAreDoneADispatchIntervalOrTwoBeforeEachDepartureDependingOnTheSpeed() {
    assertThat(FullPipeline.departureMarginMinutes(1500)).isEqualTo(30);
    assertThat(FullPipeline.departureMarginMinutes(600)).isEqualTo(15);
    assertThat(FullPipeline.departureMarginMinutes(1)).isEqualTo(15);
  }
}
