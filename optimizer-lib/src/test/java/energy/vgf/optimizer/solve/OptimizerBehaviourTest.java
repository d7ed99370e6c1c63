package energy.vgf.optimizer.solve;

import static org.assertj.core.api.Assertions.assertThat;

import energy.vgf.optimizer.generate.InstanceGenerator;
import energy.vgf.optimizer.instance.Charger;
import energy.vgf.optimizer.instance.Instance;
import energy.vgf.optimizer.instance.Prices;
import energy.vgf.optimizer.instance.Site;
import energy.vgf.optimizer.instance.Vehicle;
import energy.vgf.optimizer.plan.Plan;
import energy.vgf.optimizer.plan.PlanStatus;
import energy.vgf.optimizer.plan.VehiclePlan;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OptimizerBehaviourTest {

  private static Instance depot(List<Charger> chargers, List<Vehicle> vehicles, double importLimitKw) {
    int horizon = 8;
    double[] limit = new double[horizon];
    double[] base = new double[horizon];
    double[] imp = new double[horizon];
    double[] exp = new double[horizon];
    for (int t = 0; t < horizon; t++) {
      limit[t] = importLimitKw;
      imp[t] = t < 4 ? 0.30 : 0.10;
      exp[t] = imp[t] - 0.05;
    }
    return new Instance(60, horizon, Instant.parse("2025-01-15T00:00:00Z"),
        new Site(limit, 0, base, 0, 0), new Prices(imp, exp), 0.05, chargers, vehicles);
  }

  @Test
  void reportsAPhysicallyImpossibleRequirementWithItsShortfallAndStillChargesAtFullPower() {
    Vehicle bus = new Vehicle("bus-1", 0, 2, 10, 200, 300, 0, 50, 0, 1.0, null);
    Plan plan = Optimizer.solve(depot(List.of(), List.of(bus), 500), SolveOptions.defaults());
    VehiclePlan v = plan.vehicle("bus-1");
    assertThat(plan.status()).isEqualTo(PlanStatus.INFEASIBLE_REQUIREMENTS);
    assertThat(v.physicallyPossible()).isFalse();
    assertThat(v.shortfallKwh()).isCloseTo(90, org.assertj.core.data.Offset.offset(1e-3));
    assertThat(v.powerKw()[0]).isCloseTo(50, org.assertj.core.data.Offset.offset(1e-6));
  }

  @Test
  void chargesInTheCheapIntervalsWhenTimeAllows() {
    Vehicle van = new Vehicle("van-1", 0, 8, 10, 30, 60, 0, 10, 0, 1.0, null);
    Plan plan = Optimizer.solve(depot(List.of(), List.of(van), 100), SolveOptions.defaults());
    double[] p = plan.vehicle("van-1").powerKw();
    assertThat(p[0] + p[1] + p[2] + p[3]).isCloseTo(0, org.assertj.core.data.Offset.offset(1e-6));
    assertThat(plan.status()).isEqualTo(PlanStatus.OPTIMAL);
  }

  @Test
  void respectsChargerMinimumPowerAndStepsAndStillMeetsTheRequirement() {
    Charger c = new Charger("c-1", 22, 6, false, 2);
    Vehicle van = new Vehicle("van-1", 0, 8, 10, 33.3, 60, 0, 22, 0, 0.9, "c-1");
    Plan plan = Optimizer.solve(depot(List.of(c), List.of(van), 100), SolveOptions.defaults());
    assertThat(plan.violations()).isEmpty();
    assertThat(plan.vehicle("van-1").met()).isTrue();
    for (double p : plan.vehicle("van-1").powerKw()) {
      assertThat(p == 0 || p >= 6 - 1e-9).isTrue();
      assertThat(Math.abs(p / 2 - Math.rint(p / 2))).isLessThan(1e-6);
    }
  }

  @Test
  void assignsSharedChargersSoThatEveryVehicleThatFitsGetsOne() {
    List<Charger> chargers = List.of(new Charger("c-1", 22, 0, false, 0), new Charger("c-2", 22, 0, true, 0));
    List<Vehicle> vans = new ArrayList<>();
    vans.add(new Vehicle("van-1", 0, 4, 10, 30, 60, 0, 22, 0, 1.0, null));
    vans.add(new Vehicle("van-2", 0, 4, 10, 30, 60, 0, 22, 22, 1.0, null));
    vans.add(new Vehicle("van-3", 4, 8, 10, 30, 60, 0, 22, 0, 1.0, null));
    Plan plan = Optimizer.solve(depot(chargers, vans, 100), SolveOptions.defaults());
    assertThat(plan.violations()).isEmpty();
    assertThat(plan.vehicles()).allMatch(VehiclePlan::met);
  }

  @Test
  void keepsSetpointsCloserToThePreviousPlanWhenChurnIsPenalised() {
    Instance in = InstanceGenerator.generate(30, 48, 9);
    Plan first = Optimizer.solve(in, SolveOptions.defaults());
    Plan again = Optimizer.solve(in, SolveOptions.defaults().withPrevious(Optimizer.alignPrevious(first, 0, in.horizon())));
    assertThat(again.cost().churnPenalty()).isLessThan(1e-3);
    assertThat(again.objective()).isCloseTo(first.objective(), org.assertj.core.data.Offset.offset(1e-3 * Math.abs(first.objective())));
  }

  @Test
  void returnsTheFallbackWhenTheBudgetIsZero() {
    Instance in = InstanceGenerator.generate(50, 96, 5);
    Plan plan = Optimizer.solve(in, SolveOptions.defaults().withTimeLimitMs(0));
    assertThat(plan.method()).isEqualTo("least-laxity-first");
    assertThat(plan.violations()).isEmpty();
  }
}
