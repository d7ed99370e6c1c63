package energy.vgf.simulator.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import energy.vgf.simulator.fleet.Archetypes;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ScenarioLoaderTest {

  private static Scenario parse(String yaml) {
    return ScenarioLoader.parse(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test.yaml");
  }

  private static final String MINIMAL = """
      name: t
      start: 2026-03-02
      days: 2
      time_zone: America/New_York
      seed: 1
      depots:
        - id: d1
          latitude_deg: 40.7
          longitude_deg: -74.0
          base_load_kw: 10
          fleets: [{id: f1, archetype: delivery_van, count: 3}]
          chargers: [{type: AC, power_kw: 19.2, count: 3}]
      """;

  @Test
  void defaultScenarioHasTheDemoFleetAtThreeDepots() {
    Scenario s = ScenarioLoader.loadDefault();
    Map<String, Integer> byArchetype = s.depots().stream().flatMap(d -> d.fleets().stream())
        .collect(Collectors.groupingBy(FleetSpec::archetype, Collectors.summingInt(FleetSpec::count)));
    assertThat(s.depots()).hasSize(3);
    assertThat(byArchetype).containsEntry(Archetypes.SCHOOL_BUS, 40).containsEntry(Archetypes.DELIVERY_VAN, 60)
        .containsEntry(Archetypes.TRANSIT_BUS, 20);
    assertThat(s.depots().stream().flatMap(d -> d.chargers().stream()).anyMatch(ChargerSpec::bidirectional)).isTrue();
    assertThat(s.grid().feeders()).isNotEmpty();
    assertThat(s.grid().demandResponse()).hasSize(1);
  }

  @Test
  void leftOutSectionsTakeTheirDefaults() {
    Scenario s = parse(MINIMAL);
    assertThat(s.telemetry()).isEqualTo(TelemetrySpec.DEFAULT);
    assertThat(s.market()).isEqualTo(MarketSpec.DEFAULT);
    assertThat(s.faults()).isEqualTo(FaultSpec.NONE);
    assertThat(s.archetypes()).containsKeys(Archetypes.defaults().keySet().toArray(String[]::new));
  }

  @Test
  void archetypeOverrideChangesOnlyTheGivenFields() {
    Scenario s = parse(MINIMAL + """
        archetypes:
          delivery_van:
            daily_distance_km: {mean: 80}
            required_soc_pct: 70
        """);
    var van = s.archetypes().get(Archetypes.DELIVERY_VAN);
    var builtIn = Archetypes.defaults().get(Archetypes.DELIVERY_VAN);
    assertThat(van.dailyDistanceKm().mean()).isEqualTo(80);
    assertThat(van.dailyDistanceKm().sd()).isEqualTo(builtIn.dailyDistanceKm().sd());
    assertThat(van.requiredSocPct()).isEqualTo(70);
    assertThat(van.blocks()).isEqualTo(builtIn.blocks());
  }

  @Test
  void unknownKeyIsNamedInTheError() {
    assertThatThrownBy(() -> parse(MINIMAL.replace("base_load_kw: 10", "base_load_kw: 10\n    colour: red")))
        .isInstanceOf(ScenarioException.class).hasMessageContaining("depots[0]").hasMessageContaining("colour");
  }

  @Test
  void unknownArchetypeNamesThePathAndTheChoices() {
    assertThatThrownBy(() -> parse(MINIMAL.replace("archetype: delivery_van", "archetype: tram")))
        .isInstanceOf(ScenarioException.class).hasMessageContaining("depots[0].fleets[0].archetype 'tram'")
        .hasMessageContaining("school_bus");
  }

  @Test
  void parkedIntervalMustBeAMultipleOfTheTick() {
    assertThatThrownBy(() -> parse(MINIMAL + "telemetry: {driving_interval_s: 30, parked_interval_s: 100}\n"))
        .isInstanceOf(ScenarioException.class).hasMessageContaining("parked_interval_s");
  }

  @Test
  void scalingToAVehicleCountIsExactAndKeepsTheMix() {
    Scenario s = ScenarioLoader.loadDefault().withVehicles(1000);
    assertThat(s.vehicleCount()).isEqualTo(1000);
    int buses = s.depots().get(0).fleets().get(0).count();
    assertThat(buses).isBetween(332, 335); // 40/120 of 1000
    assertThat(s.depots().get(0).chargers().stream().mapToInt(ChargerSpec::count).sum()).isGreaterThanOrEqualTo(buses);
  }
}
