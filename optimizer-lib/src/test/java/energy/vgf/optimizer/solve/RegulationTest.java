package energy.vgf.optimizer.solve;

import static org.assertj.core.api.Assertions.assertThat;

import energy.vgf.optimizer.instance.Instance;
import energy.vgf.optimizer.instance.Prices;
import energy.vgf.optimizer.instance.Regulation;
import energy.vgf.optimizer.instance.Site;
import energy.vgf.optimizer.instance.Vehicle;
import energy.vgf.optimizer.plan.Plan;
import energy.vgf.optimizer.plan.RegulationModel;
import energy.vgf.optimizer.plan.Requirements;
import energy.vgf.optimizer.plan.VehiclePlan;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.assertj.core.data.Offset;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Regulation on a depot where it pays: school buses with large batteries and modest requirements. The plan
 * matches the independent optimum, earns regulation revenue, and no full-interval call of what it reserved
 * can break a floor, a capacity or a departure requirement.
 */
class RegulationTest {

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3})
  void reservesOnlyWhatAFullIntervalCallCannotTurnIntoAMissedDeparture(long seed) {
    Instance in = depot(new SplittableRandom(seed));
    Plan plan = Optimizer.solve(in, SolveOptions.defaults());
    LpOracle.Optimum oracle = LpOracle.solve(in);
    System.out.printf("seed %d: plan %s %.4f (regulation %.4f), oracle %.4f%n", seed, plan.status(), plan.objective(),
        plan.cost().regulationRevenue(), oracle.objective());

    assertThat(plan.violations()).isEmpty();
    assertThat(plan.vehicles()).allMatch(VehiclePlan::met);
    assertThat(plan.cost().regulationRevenue()).isPositive();
    assertThat(plan.objective()).isCloseTo(oracle.objective(), Offset.offset(1e-3 * Math.abs(oracle.objective())));

    double[] up = plan.regulationUpKw();
    double[] down = plan.regulationDownKw();
    double[] net = plan.netLoadKw();
    for (int t = 0; t < in.horizon(); t++) {
      // The site can deliver the reservation within its limits.
      assertThat(net[t] - up[t]).isGreaterThanOrEqualTo(-in.site().exportLimitKw() - 1e-6);
      assertThat(net[t] + down[t]).isLessThanOrEqualTo(in.site().importLimitKw(t) + 1e-6);
      double roomDown = 0;
      double roomUp = 0;
      for (int i = 0; i < in.vehicles().size(); i++) {
        Vehicle v = in.vehicles().get(i);
        if (!RegulationModel.eligible(in, v) || t < in.firstInterval(v) || t >= in.endInterval(v)) {
          continue;
        }
        double[] p = plan.vehicles().get(i).powerKw();
        roomDown += p[t] + in.maxDischargeKw(v);
        roomUp += in.maxChargeKw(v) - p[t];
        // Called for the whole interval, to full discharge or full charge, the vehicle still keeps every
        // limit and its departure requirement with the rest of the plan unchanged.
        assertCallIsSafe(in, v, p, t, -in.maxDischargeKw(v));
        assertCallIsSafe(in, v, p, t, in.maxChargeKw(v));
      }
      assertThat(up[t]).isLessThanOrEqualTo(roomDown + 1e-6);
      assertThat(down[t]).isLessThanOrEqualTo(roomUp + 1e-6);
    }
  }

  private static void assertCallIsSafe(Instance in, Vehicle v, double[] planKw, int t, double calledKw) {
    double[] p = planKw.clone();
    p[t] = calledKw;
    double e = v.energyKwh();
    double h = in.hours();
    for (int s = 0; s < in.horizon(); s++) {
      e += p[s] >= 0 ? p[s] * h * v.efficiency() : p[s] * h / v.efficiency();
      if (s >= in.firstInterval(v) && s < in.endInterval(v)) {
        assertThat(e).as("%s called at %d, energy after %d", v.id(), t, s)
            .isBetween(v.floorKwh() - 1e-6, v.capacityKwh() + 1e-6);
      }
      if (s == in.endInterval(v) - 1) {
        assertThat(e).as("%s called at %d, at departure", v.id(), t)
            .isGreaterThanOrEqualTo(Requirements.targetKwh(in, v) - Requirements.MET_TOLERANCE_KWH);
      }
    }
  }

  /** 8 school buses (60 kW V2G, 300-400 kWh) plugged in 16:30-6:30, needing 60-70% at departure; T=48. */
  private static Instance depot(SplittableRandom rnd) {
    int horizon = 48;
    List<Vehicle> buses = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      double capacity = Math.rint(300 + 100 * rnd.nextDouble());
      int arrival = 9 + rnd.nextInt(3);
      int departure = 36 + rnd.nextInt(3);
      buses.add(new Vehicle("school-bus-" + i, arrival, departure, Math.rint(0.5 * capacity),
          Math.rint((0.6 + 0.1 * rnd.nextDouble()) * capacity), capacity, Math.rint(0.2 * capacity), 60, 60, 0.93, null));
    }
    double[] limit = new double[horizon];
    double[] base = new double[horizon];
    double[] imp = new double[horizon];
    double[] exp = new double[horizon];
    double[] upPrice = new double[horizon];
    double[] downPrice = new double[horizon];
    for (int t = 0; t < horizon; t++) {
      double hour = (12 + (t + 0.5) * 0.5) % 24;
      limit[t] = 400;
      base[t] = hour >= 7 && hour < 19 ? 40 : 15;
      imp[t] = hour >= 17 && hour < 21 ? 0.35 : hour >= 7 && hour < 17 ? 0.18 : 0.10;
      exp[t] = imp[t] - 0.04;
      // $40-60/MW-h capacity prices, per kW reserved for a 30-minute interval.
      upPrice[t] = Math.rint((0.04 + 0.02 * rnd.nextDouble()) * 0.5 * 1e6) / 1e6;
      downPrice[t] = Math.rint((0.04 + 0.02 * rnd.nextDouble()) * 0.5 * 1e6) / 1e6;
    }
    return new Instance(30, horizon, Instant.parse("2025-01-15T12:00:00Z"), new Site(limit, 200, base, 0, 0),
        new Prices(imp, exp), 0.03, List.of(), buses, List.of(), new Regulation(upPrice, downPrice));
  }
}
