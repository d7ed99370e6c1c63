package energy.vgf.optimizer.solve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import energy.vgf.optimizer.instance.Instance;
import energy.vgf.optimizer.instance.Prices;
import energy.vgf.optimizer.instance.Site;
import energy.vgf.optimizer.instance.Vehicle;
import energy.vgf.optimizer.plan.Plan;
import energy.vgf.optimizer.plan.VehiclePlan;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The quick plan when a solve runs out of time: the plan in force continued, so that an overrun does not swing a
 * site from the course its last plan set (deferring to cheap hours) to least-laxity-first's "everything now".
 */
class ContinuedPlanTest {
  private static final int HORIZON = 24;
  private static final double LIMIT_KW = 200;

  /** Vans needing 40 kWh by interval 20; the evening peak (intervals 0-5) is expensive, the night cheap. */
  private static Instance evening(int vans, Instant start) {
    double[] limit = new double[HORIZON];
    double[] base = new double[HORIZON];
    double[] importPrice = new double[HORIZON];
    double[] exportPrice = new double[HORIZON];
    Arrays.fill(limit, LIMIT_KW);
    Arrays.fill(base, 20);
    for (int t = 0; t < HORIZON; t++) {
      importPrice[t] = t < 6 ? 0.40 : 0.08;
      exportPrice[t] = importPrice[t] * 0.5;
    }
    List<Vehicle> vehicles = new ArrayList<>();
    for (int i = 0; i < vans; i++) {
      vehicles.add(new Vehicle("van-" + i, 0, 20, 20, 60, 100, 10, 19.2, 0, 0.92, null));
    }
    return new Instance(15, HORIZON, start, new Site(limit, 0, base, 0, 0), new Prices(importPrice, exportPrice), 0,
        List.of(), vehicles);
  }

  private static double firstIntervalKw(Plan plan) {
    return plan.vehicles().stream().mapToDouble(v -> v.powerKw()[0]).sum();
  }

  @Test
  void anOverrunKeepsTheCourseOfThePlanInForce() {
    Instant start = Instant.parse("2026-01-13T01:00:00Z");
    Plan inForce = Optimizer.solve(evening(8, start), SolveOptions.defaults());
    assertThat(inForce.method()).isNotEqualTo(Optimizer.CONTINUED);
    assertThat(firstIntervalKw(inForce)).as("the optimizer defers past the peak").isLessThan(1);

    Instance next = evening(8, start.plusSeconds(900));
    Plan leastLaxity = Optimizer.fallback(next);
    Plan quick = Optimizer.fallback(next, Optimizer.alignPrevious(inForce, 1, HORIZON));

    assertThat(leastLaxity.method()).isEqualTo(Optimizer.LEAST_LAXITY_FIRST);
    assertThat(firstIntervalKw(leastLaxity)).as("least-laxity-first charges now").isGreaterThan(100);
    assertThat(quick.method()).isEqualTo(Optimizer.CONTINUED);
    assertThat(Optimizer.isFallback(quick)).isTrue();
    assertThat(firstIntervalKw(quick)).isLessThan(1);
    for (VehiclePlan v : quick.vehicles()) {
      double[] before = inForce.vehicle(v.id()).powerKw();
      for (int t = 0; t + 1 < HORIZON; t++) {
        assertThat(v.powerKw()[t]).as(v.id() + " at " + t).isCloseTo(before[t + 1], within(1e-6));
      }
    }
    assertThat(quick.vehicles()).allMatch(VehiclePlan::met);
    assertThat(quick.violations()).isEmpty();
    assertThat(quick.objective()).isLessThan(leastLaxity.objective());
  }

  @Test
  void aVehicleThePlanInForceDidNotKnowIsToppedUpInTheCheapestIntervals() {
    Instant start = Instant.parse("2026-01-13T01:00:00Z");
    Plan inForce = Optimizer.solve(evening(6, start), SolveOptions.defaults());
    Instance next = evening(8, start.plusSeconds(900)); // two vans plugged in since
    Plan quick = Optimizer.fallback(next, Optimizer.alignPrevious(inForce, 1, HORIZON));

    assertThat(quick.method()).isEqualTo(Optimizer.CONTINUED);
    assertThat(quick.vehicles()).allMatch(VehiclePlan::met);
    assertThat(quick.violations()).isEmpty();
    for (String newcomer : List.of("van-6", "van-7")) {
      double[] kw = quick.vehicle(newcomer).powerKw();
      assertThat(Arrays.stream(kw, 0, 5).sum()).as(newcomer + " in the peak").isZero();
      assertThat(Arrays.stream(kw).sum()).isPositive();
    }
  }

  @Test
  void whatThePlanInForceCannotCoverStillFitsTheSiteLimit() {
    Instant start = Instant.parse("2026-01-13T01:00:00Z");
    // A plan in force at every charger's full power: twelve vans at 19.2 kW and the base load break the limit.
    Instance next = evening(12, start.plusSeconds(900));
    double[] everythingNow = new double[HORIZON];
    Arrays.fill(everythingNow, 19.2);
    Map<String, double[]> previous = new java.util.HashMap<>();
    next.vehicles().forEach(v -> previous.put(v.id(), everythingNow));
    Plan quick = Optimizer.fallback(next, previous);
    assertThat(12 * 19.2 + 20).isGreaterThan(LIMIT_KW);
    assertThat(quick.violations()).isEmpty();
    assertThat(quick.vehicles()).allMatch(VehiclePlan::met);
    for (int t = 0; t < HORIZON; t++) {
      assertThat(quick.netLoadKw()[t]).isLessThanOrEqualTo(LIMIT_KW + 1e-6);
    }
  }

  @Test
  void withoutAPlanInForceTheQuickPlanIsLeastLaxityFirst() {
    Instance in = evening(8, Instant.parse("2026-01-13T01:00:00Z"));
    assertThat(Optimizer.fallback(in, Map.of()).method()).isEqualTo(Optimizer.LEAST_LAXITY_FIRST);
    Map<String, double[]> unknownVehicles = Map.of("bus-elsewhere", new double[HORIZON]);
    assertThat(Optimizer.fallback(in, unknownVehicles).method()).isEqualTo(Optimizer.LEAST_LAXITY_FIRST);
  }
}
