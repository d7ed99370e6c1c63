package energy.vgf.optimizer.solve;

import static org.assertj.core.api.Assertions.assertThat;

import energy.vgf.optimizer.generate.InstanceGenerator;
import energy.vgf.optimizer.instance.Instance;
import energy.vgf.optimizer.instance.Prices;
import energy.vgf.optimizer.instance.Site;
import energy.vgf.optimizer.instance.Vehicle;
import energy.vgf.optimizer.plan.Plan;
import energy.vgf.optimizer.plan.PlanEvaluator;
import energy.vgf.optimizer.plan.VehiclePlan;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Rolling horizon: one interval after a plan, the site re-solves with fresh state and something new (a
 * perturbed price forecast, or a vehicle that just arrived). With the churn penalty against the previous
 * plan, the setpoints about to be sent change less than without it, and the cost stays within what the
 * penalty can explain.
 */
class ChurnTest {
  /** Large enough to matter against prices of 0.1 $/kWh x 0.25 h per kW, small against a whole plan. */
  private static final double WEIGHT_PER_KW2 = 2e-3;

  @Test
  void penalisedResolveChangesTheNextSetpointsLessAtABoundedCost() {
    double freeTotal = 0;
    double penalisedTotal = 0;
    String[] changes = {"price", "price", "price", "vehicle", "vehicle", "vehicle"};
    for (int k = 0; k < changes.length; k++) {
      long seed = k + 1;
      String change = changes[k];
      SplittableRandom rnd = new SplittableRandom(seed);
      // Start the rolling horizon at 22:00 (interval 40 of the generated day): the fleet is plugged in.
      Instance day = InstanceGenerator.generate(40, 96, seed);
      Instance first = roll(day, Optimizer.solve(day, SolveOptions.defaults()), 40, "none", rnd);
      Plan plan = Optimizer.solve(first, SolveOptions.defaults());
      Instance next = roll(first, plan, 1, change, rnd);
      Map<String, double[]> previous = Optimizer.alignPrevious(plan, 1, next.horizon());

      Plan free = Optimizer.solve(next, SolveOptions.defaults().withChurnWeightPerKw2(0));
      Plan penalised = Optimizer.solve(next, SolveOptions.defaults().withPrevious(previous)
          .withChurnWeightPerKw2(WEIGHT_PER_KW2));

      double freeChange = firstIntervalChangeKw(free, previous);
      double penalisedChange = firstIntervalChangeKw(penalised, previous);
      // The penalised optimum minimises cost + churn, so its extra cost is at most the churn the free plan
      // would have paid: cost(pen) + churn(pen) <= cost(free) + churn(free).
      double freeChurn = PlanEvaluator.evaluate(next, powers(free), previous, WEIGHT_PER_KW2, false, "", 0)
          .cost().churnPenalty();
      System.out.printf("%s seed %d: first-interval change %.2f kW free, %.2f kW penalised; cost %.4f free, %.4f"
          + " penalised (bound %.4f)%n", change, seed, freeChange, penalisedChange, free.objective(),
          penalised.objective(), free.objective() + freeChurn);

      assertThat(penalised.violations()).isEmpty();
      assertThat(penalised.vehicles()).filteredOn(VehiclePlan::physicallyPossible).allMatch(VehiclePlan::met);
      assertThat(penalisedChange).as("%s seed %d", change, seed).isLessThanOrEqualTo(freeChange + 1e-6);
      assertThat(penalised.objective()).isLessThanOrEqualTo(free.objective() + freeChurn + 1e-6);
      assertThat(penalised.objective() - free.objective()).isLessThanOrEqualTo(0.01 * Math.abs(free.objective()));
      freeTotal += freeChange;
      penalisedTotal += penalisedChange;
    }
    assertThat(freeTotal).isGreaterThan(1.0);
    assertThat(penalisedTotal).isLessThan(freeTotal);
  }

  private static double firstIntervalChangeKw(Plan plan, Map<String, double[]> previous) {
    double sum = 0;
    for (VehiclePlan v : plan.vehicles()) {
      double[] prev = previous.get(v.id());
      if (prev == null || Double.isNaN(prev[0])) {
        continue; // a vehicle that just arrived has no previous setpoint to keep
      }
      sum += Math.abs(v.powerKw()[0] - prev[0]);
    }
    return sum;
  }

  private static double[][] powers(Plan plan) {
    double[][] kw = new double[plan.vehicles().size()][];
    for (int i = 0; i < kw.length; i++) {
      kw[i] = plan.vehicles().get(i).powerKw();
    }
    return kw;
  }

  /**
   * The instance one interval later: every series shifted by one (the last value repeated), vehicles at the
   * energy the plan gave them, intervals renumbered; then the change: the import and export prices of the
   * next eight hours perturbed by up to 30%, or one more vehicle plugged in now.
   */
  private static Instance roll(Instance in, Plan plan, int elapsed, String change, SplittableRandom rnd) {
    int horizon = in.horizon();
    double[] limit = shift(in.site().importLimitKw(), elapsed);
    double[] base = shift(in.site().baseLoadKw(), elapsed);
    double[] imp = shift(in.prices().importPerKwh(), elapsed);
    double[] exp = shift(in.prices().exportPerKwh(), elapsed);
    if (change.equals("price")) {
      for (int t = 0; t < 32; t++) {
        double factor = 0.7 + 0.6 * rnd.nextDouble();
        double spread = imp[t] - exp[t];
        imp[t] *= factor;
        exp[t] = imp[t] - spread;
      }
    }
    List<Vehicle> vehicles = new ArrayList<>();
    for (Vehicle v : in.vehicles()) {
      double energy = plan.vehicle(v.id()).energyKwh()[elapsed];
      if (v.departure() <= elapsed) {
        continue;
      }
      vehicles.add(new Vehicle(v.id(), v.arrival() - elapsed, v.departure() - elapsed, Math.min(v.capacityKwh(), energy),
          v.requiredKwh(), v.capacityKwh(), v.minKwh(), v.maxChargeKw(), v.maxDischargeKw(), v.efficiency(),
          v.chargerId()));
    }
    if (change.equals("vehicle")) {
      // A transit bus back early and plugged in now, needing most of its battery by the morning.
      vehicles.add(new Vehicle("transit-bus-new", 0, 70, 80, 380, 450, 70, 150, 0, 0.93, null));
      for (int t = 0; t < horizon; t++) {
        limit[t] += 150;
      }
    }
    Site s = in.site();
    return new Instance(in.intervalMinutes(), horizon, in.start().plusSeconds(60L * elapsed * in.intervalMinutes()),
        new Site(limit, s.exportLimitKw(), base, s.demandChargePerKw(), Math.max(s.existingPeakKw(), max(plan.netLoadKw(), elapsed))),
        new Prices(imp, exp), in.degradationCostPerKwh(), in.chargers(), vehicles);
  }

  private static double[] shift(double[] a, int elapsed) {
    double[] out = new double[a.length];
    for (int t = 0; t < a.length; t++) {
      out[t] = a[Math.min(a.length - 1, t + elapsed)];
    }
    return out;
  }

  private static double max(double[] a, int count) {
    double m = Double.NEGATIVE_INFINITY;
    for (int t = 0; t < count; t++) {
      m = Math.max(m, a[t]);
    }
    return m;
  }
}
