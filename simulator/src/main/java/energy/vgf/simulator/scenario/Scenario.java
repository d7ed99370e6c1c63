package energy.vgf.simulator.scenario;

import energy.vgf.simulator.fleet.ArchetypeSpec;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A run of the simulator: depots with fleets and chargers, the dates (local, in {@code timeZone}),
 * the seed, and the models of prices, weather, grid signals and faults. Load it with
 * {@link ScenarioLoader}; it is validated on construction.
 *
 * @param start first local date of the run (ISO, e.g. 2026-01-12); the run starts at local midnight
 * @param archetypes archetypes by name after the scenario's overrides are applied
 */
public record Scenario(String name, String start, int days, String timeZone, long seed,
    TelemetrySpec telemetry, MarketSpec market, WeatherSpec weather, FaultSpec faults,
    Map<String, ArchetypeSpec> archetypes, List<DepotSpec> depots, GridSpec grid) {

  public Scenario {
    LocalDate.parse(start);
    ZoneId.of(timeZone);
    if (days < 1) {
      throw new IllegalArgumentException("days must be >= 1, got " + days);
    }
    archetypes = new LinkedHashMap<>(archetypes);
    depots = List.copyOf(depots);
    grid = grid == null ? GridSpec.NONE : grid;
    Set<String> depotIds = new HashSet<>();
    Set<String> fleetIds = new HashSet<>();
    for (int d = 0; d < depots.size(); d++) {
      DepotSpec depot = depots.get(d);
      if (!depotIds.add(depot.id())) {
        throw new IllegalArgumentException("depots[" + d + "].id " + depot.id() + " is used twice");
      }
      for (int f = 0; f < depot.fleets().size(); f++) {
        FleetSpec fleet = depot.fleets().get(f);
        if (!fleetIds.add(fleet.id())) {
          throw new IllegalArgumentException("depots[" + d + "].fleets[" + f + "].id " + fleet.id() + " is used twice");
        }
        if (!archetypes.containsKey(fleet.archetype())) {
          throw new IllegalArgumentException("depots[" + d + "].fleets[" + f + "].archetype '" + fleet.archetype()
              + "' is not one of " + archetypes.keySet());
        }
      }
    }
    Set<String> feeders = new HashSet<>();
    grid.feeders().forEach(f -> feeders.add(f.id()));
    for (GridSpec.DemandResponseEvent e : grid.demandResponse()) {
      if (!feeders.contains(e.feeder())) {
        throw new IllegalArgumentException("grid.demand_response[" + e.id() + "].feeder '" + e.feeder()
            + "' is not one of grid.feeders " + feeders);
      }
    }
  }

  public ZoneId zone() {
    return ZoneId.of(timeZone);
  }

  public LocalDate startDate() {
    return LocalDate.parse(start);
  }

  public Instant startInstant() {
    return startDate().atStartOfDay(zone()).toInstant();
  }

  public Instant endInstant() {
    return startDate().plusDays(days).atStartOfDay(zone()).toInstant();
  }

  public int vehicleCount() {
    return depots.stream().flatMap(d -> d.fleets().stream()).mapToInt(FleetSpec::count).sum();
  }

  public Scenario withSeed(long newSeed) {
    return new Scenario(name, start, days, timeZone, newSeed, telemetry, market, weather, faults, archetypes, depots, grid);
  }

  public Scenario withDays(int newDays) {
    return new Scenario(name, start, newDays, timeZone, seed, telemetry, market, weather, faults, archetypes, depots, grid);
  }

  public Scenario withStart(String newStart) {
    return new Scenario(name, newStart, days, timeZone, seed, telemetry, market, weather, faults, archetypes, depots, grid);
  }

  public Scenario withFaults(FaultSpec newFaults) {
    return new Scenario(name, start, days, timeZone, seed, telemetry, market, weather, newFaults, archetypes, depots, grid);
  }

  /**
   * The same scenario with every fleet scaled so the total is {@code vehicles} (largest-remainder
   * rounding, so the total is exact and the result does not depend on map order). Chargers scale
   * with their depot's fleet.
   */
  public Scenario withVehicles(int vehicles) {
    int current = vehicleCount();
    if (vehicles < 1 || current == 0) {
      throw new IllegalArgumentException("vehicles must be >= 1 and the scenario must have fleets, got " + vehicles);
    }
    double factor = (double) vehicles / current;
    List<int[]> index = new ArrayList<>();
    List<Double> remainders = new ArrayList<>();
    int[][] counts = new int[depots.size()][];
    int assigned = 0;
    for (int d = 0; d < depots.size(); d++) {
      List<FleetSpec> fleets = depots.get(d).fleets();
      counts[d] = new int[fleets.size()];
      for (int f = 0; f < fleets.size(); f++) {
        double exact = fleets.get(f).count() * factor;
        counts[d][f] = (int) Math.floor(exact);
        assigned += counts[d][f];
        index.add(new int[] {d, f});
        remainders.add(exact - counts[d][f]);
      }
    }
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < index.size(); i++) {
      order.add(i);
    }
    order.sort((a, b) -> {
      int c = Double.compare(remainders.get(b), remainders.get(a));
      return c != 0 ? c : Integer.compare(a, b);
    });
    for (int k = 0; assigned < vehicles; k = (k + 1) % order.size(), assigned++) {
      int[] df = index.get(order.get(k));
      counts[df[0]][df[1]]++;
    }
    List<DepotSpec> scaled = new ArrayList<>();
    for (int d = 0; d < depots.size(); d++) {
      DepotSpec depot = depots.get(d);
      List<FleetSpec> fleets = new ArrayList<>();
      int before = 0;
      int after = 0;
      for (int f = 0; f < depot.fleets().size(); f++) {
        fleets.add(depot.fleets().get(f).withCount(counts[d][f]));
        before += depot.fleets().get(f).count();
        after += counts[d][f];
      }
      double chargerFactor = before == 0 ? 1 : (double) after / before;
      List<ChargerSpec> chargers = depot.chargers().stream()
          .map(c -> new ChargerSpec(c.type(), c.powerKw(), (int) Math.ceil(c.count() * chargerFactor),
              c.bidirectional(), c.efficiency()))
          .toList();
      scaled.add(new DepotSpec(depot.id(), depot.name(), depot.latitudeDeg(), depot.longitudeDeg(),
          depot.baseLoadKw() * chargerFactor, depot.feeder(), fleets, chargers));
    }
    return new Scenario(name, start, days, timeZone, seed, telemetry, market, weather, faults, archetypes, scaled, grid);
  }
}
