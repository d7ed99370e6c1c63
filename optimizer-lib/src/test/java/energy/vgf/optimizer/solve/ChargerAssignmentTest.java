package energy.vgf.optimizer.solve;

import static org.assertj.core.api.Assertions.assertThat;

import energy.vgf.optimizer.instance.Charger;
import energy.vgf.optimizer.instance.Instance;
import energy.vgf.optimizer.instance.Prices;
import energy.vgf.optimizer.instance.Site;
import energy.vgf.optimizer.instance.Vehicle;
import energy.vgf.optimizer.plan.Plan;
import energy.vgf.optimizer.plan.Requirements;
import energy.vgf.optimizer.plan.VehiclePlan;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Charger assignment at depot size: 60 vehicles in three overlapping shifts on 40 chargers, 20 of them fast
 * (60 kW DC) and 20 slow (11 kW AC). At most 40 vehicles are present at once and at most 20 of them are
 * heavy (they can only make their departure on a fast charger), so an assignment meeting every requirement
 * exists; the greedy one by arrival is not guaranteed to find it.
 */
class ChargerAssignmentTest {
  private static final int HORIZON = 96;
  private static final long BUDGET_MS = 3_000;

  @Test
  void assignsSixtyVehiclesToFortyChargersWithoutDoubleBookingAndMeetsEveryRequirement() {
    Instance in = depot(new SplittableRandom(60));
    long deadline = System.nanoTime() + BUDGET_MS * 1_000_000L;
    long t0 = System.nanoTime();
    Instance assigned = ChargerAssignment.assign(in, deadline);
    long assignMs = (System.nanoTime() - t0) / 1_000_000L;

    Map<String, List<int[]>> use = new HashMap<>();
    for (Vehicle v : assigned.vehicles()) {
      assertThat(v.chargerId()).as("vehicle %s gets a charger", v.id()).isNotNull();
      for (int[] other : use.computeIfAbsent(v.chargerId(), k -> new ArrayList<>())) {
        assertThat(v.arrival() < other[1] && other[0] < v.departure())
            .as("%s double-booked by %s", v.chargerId(), v.id()).isFalse();
      }
      use.get(v.chargerId()).add(new int[] {v.arrival(), v.departure()});
      assertThat(Requirements.physicallyPossible(assigned, v)).as("%s on %s", v.id(), v.chargerId()).isTrue();
    }
    assertThat(assignMs).isLessThanOrEqualTo(BUDGET_MS);

    Plan plan = Optimizer.solve(in, SolveOptions.defaults().withTimeLimitMs(BUDGET_MS * 2));
    System.out.printf("assignment %d ms; plan %s in %d ms%n", assignMs, plan.status(), plan.solveMs());
    assertThat(plan.violations()).isEmpty();
    assertThat(plan.vehicles()).allMatch(VehiclePlan::met);
    assertThat(plan.solveMs()).isLessThanOrEqualTo(BUDGET_MS * 2 + 500);
  }

  private static Instance depot(SplittableRandom rnd) {
    List<Charger> chargers = new ArrayList<>();
    for (int c = 0; c < 40; c++) {
      boolean fast = c % 2 == 0;
      chargers.add(new Charger((fast ? "dc-" : "ac-") + c, fast ? 60 : 11, fast ? 0 : 6, false, 0));
    }
    // Shifts: [0, 40), [20, 70), [50, 96): at most two overlap at any time.
    int[][] shifts = {{0, 40}, {20, 70}, {50, 96}};
    List<Vehicle> vehicles = new ArrayList<>();
    for (int s = 0; s < shifts.length; s++) {
      for (int k = 0; k < 20; k++) {
        int arrival = shifts[s][0];
        int departure = shifts[s][1];
        double hours = (departure - arrival) * 0.25;
        boolean heavy = k % 2 == 0;
        String id = (heavy ? "bus-" : "van-") + s + "-" + k;
        if (heavy) {
          // Needs more than an 11 kW charger delivers in its stay, well within 60 kW.
          double energy = 40 + 20 * rnd.nextDouble();
          double required = energy + (1.5 + 0.5 * rnd.nextDouble()) * 11 * hours * 0.95;
          vehicles.add(new Vehicle(id, arrival, departure, round(energy), round(Math.min(300, required)), 300, 30, 60,
              0, 0.95, null));
        } else {
          double energy = 20 + 10 * rnd.nextDouble();
          vehicles.add(new Vehicle(id, arrival, departure, round(energy), round(energy + 0.5 * 11 * hours * 0.95), 120, 10,
              11, 0, 0.95, null));
        }
      }
    }
    double[] limit = new double[HORIZON];
    double[] base = new double[HORIZON];
    double[] imp = new double[HORIZON];
    double[] exp = new double[HORIZON];
    for (int t = 0; t < HORIZON; t++) {
      limit[t] = 20 * 60 + 20 * 11 + 50;
      base[t] = 30;
      imp[t] = t % 32 < 16 ? 0.12 : 0.30;
      exp[t] = imp[t] - 0.04;
    }
    return new Instance(15, HORIZON, Instant.parse("2025-01-15T12:00:00Z"), new Site(limit, 0, base, 0, 0),
        new Prices(imp, exp), 0.05, chargers, vehicles);
  }

  private static double round(double v) {
    return Math.rint(v * 1000) / 1000;
  }
}
