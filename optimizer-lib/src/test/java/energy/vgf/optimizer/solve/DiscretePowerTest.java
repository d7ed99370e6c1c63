package energy.vgf.optimizer.solve;

import static org.assertj.core.api.Assertions.assertThat;

import energy.vgf.optimizer.instance.Charger;
import energy.vgf.optimizer.instance.DemandResponseEvent;
import energy.vgf.optimizer.instance.Instance;
import energy.vgf.optimizer.instance.Prices;
import energy.vgf.optimizer.instance.Site;
import energy.vgf.optimizer.instance.Vehicle;
import energy.vgf.optimizer.plan.Plan;
import energy.vgf.optimizer.plan.PlanEvaluator;
import energy.vgf.optimizer.plan.PlanStatus;
import energy.vgf.optimizer.plan.VehiclePlan;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/** Charger minimum power and steps: the Choco search against the rounding heuristic and brute force. */
class DiscretePowerTest {

  @Test
  void provesTheBruteForceOptimumOnATinyInstance() {
    // Two vehicles x 3 intervals, chargers of 6..10 kW in 2 kW steps, one of them bidirectional; a demand
    // charge and a demand-response event make the objective non-separable (and the latter non-convex).
    int horizon = 3;
    List<Charger> chargers = List.of(new Charger("c-1", 10, 6, false, 2), new Charger("c-2", 10, 6, true, 2));
    List<Vehicle> vehicles = List.of(
        new Vehicle("van-1", 0, 3, 10, 24, 60, 0, 10, 0, 1.0, "c-1"),
        new Vehicle("van-2", 0, 3, 30, 30, 60, 10, 10, 10, 1.0, "c-2"));
    Instance in = new Instance(60, horizon, Instant.parse("2025-01-15T00:00:00Z"),
        new Site(new double[] {16, 16, 16}, 10, new double[] {2, 3, 2}, 1.5, 0),
        new Prices(new double[] {0.25, 0.40, 0.10}, new double[] {0.20, 0.30, 0.05}), 0.02, chargers, vehicles,
        List.of(new DemandResponseEvent(1, 2, new double[] {4}, 0.5)), null);

    Plan plan = Optimizer.solve(in, SolveOptions.defaults().withDiscreteSearch(true));
    Plan brute = bruteForce(in);

    assertThat(plan.violations()).isEmpty();
    assertThat(plan.vehicles()).allMatch(VehiclePlan::met);
    assertThat(plan.status()).isEqualTo(PlanStatus.OPTIMAL);
    assertThat(plan.objective() + plan.cost().churnPenalty())
        .isCloseTo(brute.objective() + brute.cost().churnPenalty(), Offset.offset(1e-9));
  }

  /** Every combination of hardware setpoints; the best plan with the least shortfall, then the least cost. */
  private static Plan bruteForce(Instance in) {
    int n = in.vehicles().size();
    int horizon = in.horizon();
    double[][] levels = new double[n][];
    for (int i = 0; i < n; i++) {
      levels[i] = DiscretePower.levels(in, in.vehicles().get(i), new double[horizon]);
    }
    int cells = n * horizon;
    int[] digit = new int[cells];
    Plan best = null;
    while (true) {
      double[][] kw = new double[n][horizon];
      for (int c = 0; c < cells; c++) {
        kw[c / horizon][c % horizon] = levels[c / horizon][digit[c]];
      }
      Plan p = PlanEvaluator.evaluate(in, kw, Map.of(), 0, false, "brute-force", 0);
      if (p.violations().isEmpty() && (best == null || shortfall(p) < shortfall(best) - 1e-9
          || Math.abs(shortfall(p) - shortfall(best)) <= 1e-9 && p.objective() < best.objective())) {
        best = p;
      }
      int c = 0;
      while (c < cells && ++digit[c] == levels[c / horizon].length) {
        digit[c++] = 0;
      }
      if (c == cells) {
        return best;
      }
    }
  }

  private static double shortfall(Plan p) {
    return p.vehicles().stream().mapToDouble(VehiclePlan::shortfallKwh).sum();
  }
}
