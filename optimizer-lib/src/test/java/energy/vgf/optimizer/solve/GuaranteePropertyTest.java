package energy.vgf.optimizer.solve;

import static org.assertj.core.api.Assertions.assertThat;

import energy.vgf.optimizer.generate.InstanceGenerator;
import energy.vgf.optimizer.instance.Instance;
import energy.vgf.optimizer.instance.Site;
import energy.vgf.optimizer.plan.Plan;
import energy.vgf.optimizer.plan.VehiclePlan;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Property: on 1,000 random small instances, every plan respects every limit, and every requirement that
 * can be met (physically, and jointly under the site limit, as the independent LP confirms) is met.
 */
class GuaranteePropertyTest {

  @Test
  void meetsEveryFeasibleRequirementAndExceedsNoLimitOnOneThousandInstances() {
    SplittableRandom rnd = new SplittableRandom(20250115L);
    int unmetChecked = 0;
    for (int k = 0; k < 1000; k++) {
      int vehicles = 1 + rnd.nextInt(8);
      int horizon = rnd.nextBoolean() ? 24 : 48;
      Instance generated = InstanceGenerator.generate(vehicles, horizon, rnd.nextLong());
      // Half of the instances get a much tighter transformer so that the site limit binds.
      Instance in = rnd.nextBoolean() ? generated : tighten(generated, 0.3 + 0.5 * rnd.nextDouble());
      Plan plan = Optimizer.solve(in, SolveOptions.defaults());

      assertThat(plan.violations()).as("instance %d", k).isEmpty();
      boolean anyPossibleUnmet = plan.vehicles().stream().anyMatch(v -> !v.met() && v.physicallyPossible());
      if (anyPossibleUnmet) {
        unmetChecked++;
        assertThat(LpOracle.solve(in, true).feasible())
            .as("instance %d misses a requirement the LP says is reachable", k).isFalse();
      }
      for (VehiclePlan v : plan.vehicles()) {
        if (v.met()) {
          assertThat(v.finalKwh()).isGreaterThanOrEqualTo(v.targetKwh() - 1e-4);
        }
      }
    }
    System.out.println("instances with a reachable-looking requirement unmet, confirmed infeasible by the LP: " + unmetChecked);
  }

  private static Instance tighten(Instance in, double factor) {
    double[] limit = in.site().importLimitKw();
    for (int t = 0; t < limit.length; t++) {
      limit[t] = Math.max(in.site().baseLoadKw(t), limit[t] * factor);
    }
    Site s = in.site();
    return new Instance(in.intervalMinutes(), in.horizon(), in.start(),
        new Site(limit, s.exportLimitKw(), s.baseLoadKw(), s.demandChargePerKw(), s.existingPeakKw()),
        in.prices(), in.degradationCostPerKwh(), in.chargers(), in.vehicles());
  }
}
