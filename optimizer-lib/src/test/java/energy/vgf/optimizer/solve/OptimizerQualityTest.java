package energy.vgf.optimizer.solve;

import static org.assertj.core.api.Assertions.assertThat;

import energy.vgf.optimizer.generate.InstanceGenerator;
import energy.vgf.optimizer.instance.Instance;
import energy.vgf.optimizer.plan.Plan;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OptimizerQualityTest {

  @ParameterizedTest(name = "N={0} T={1} seed={2}")
  @CsvSource({"5,24,1", "10,24,2", "12,48,3", "20,48,4", "30,48,5", "30,48,6", "25,48,7", "30,24,8"})
  void matchesTheIndependentLpOptimumWithinOneThousandth(int vehicles, int horizon, long seed) {
    assertMatchesOracle(InstanceGenerator.generate(vehicles, horizon, seed), vehicles, horizon, seed);
  }

  @ParameterizedTest(name = "N={0} T={1} seed={2} {3}")
  @CsvSource({"5,24,11,DR", "10,24,12,DR", "12,48,13,DR", "14,48,14,DR", "16,48,15,DR",
      "5,24,21,REG", "10,24,22,REG", "12,48,23,REG", "20,48,24,REG",
      "8,24,31,ALL", "10,48,32,ALL", "12,48,33,ALL"})
  void matchesTheIndependentOptimumWithDemandResponseAndRegulation(int vehicles, int horizon, long seed,
                                                                    String services) {
    InstanceGenerator.GridServices grid = new InstanceGenerator.GridServices(!services.equals("REG"),
        !services.equals("DR"));
    assertMatchesOracle(InstanceGenerator.generate(vehicles, horizon, seed, grid), vehicles, horizon, seed);
  }

  private static void assertMatchesOracle(Instance in, int vehicles, int horizon, long seed) {
    LpOracle.Optimum oracle = LpOracle.solve(in);
    Plan plan = Optimizer.solve(in, SolveOptions.defaults());
    System.out.printf("N=%d T=%d seed=%d oracle feasible=%s %.6f plan %s %.6f %s %d ms dr %.4f reg %.4f%n", vehicles,
        horizon, seed, oracle.feasible(), oracle.objective(), plan.status(), plan.objective(), plan.method(),
        plan.solveMs(), plan.cost().drRevenue(), plan.cost().regulationRevenue());

    assertThat(plan.violations()).isEmpty();
    if (oracle.feasible()) {
      assertThat(plan.vehicles()).allMatch(v -> v.met());
      double tolerance = 1e-3 * Math.max(1.0, Math.abs(oracle.objective()));
      assertThat(plan.objective()).isCloseTo(oracle.objective(), org.assertj.core.data.Offset.offset(tolerance));
    }
  }
}
