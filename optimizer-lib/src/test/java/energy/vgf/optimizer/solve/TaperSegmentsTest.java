package energy.vgf.optimizer.solve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import energy.vgf.optimizer.instance.Charger;
import energy.vgf.optimizer.instance.Instance;
import energy.vgf.optimizer.instance.InstanceJson;
import energy.vgf.optimizer.instance.InvalidInstanceException;
import energy.vgf.optimizer.instance.Prices;
import energy.vgf.optimizer.instance.Site;
import energy.vgf.optimizer.instance.Vehicle;
import energy.vgf.optimizer.plan.Plan;
import energy.vgf.optimizer.plan.VehiclePlan;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Plans for tapering batteries, checked against the battery's physics: each interval's setpoint is applied
 * to a battery that accepts at most maxKw * (C - e) / (C - K) above its taper start K, in small steps.
 */
class TaperSegmentsTest {
  private static final int HORIZON = 8;

  /** Expensive first half, cheap second half: a plan that ignores the taper defers everything to the end. */
  private static Instance depot(List<Vehicle> vehicles, double importLimitKw) {
    double[] limit = new double[HORIZON];
    double[] base = new double[HORIZON];
    double[] imp = new double[HORIZON];
    double[] exp = new double[HORIZON];
    for (int t = 0; t < HORIZON; t++) {
      limit[t] = importLimitKw;
      imp[t] = t < 4 ? 0.30 : 0.10;
      exp[t] = imp[t] - 0.05;
    }
    List<Charger> chargers = vehicles.stream().map(v -> new Charger(v.chargerId(), 50, 0, false, 0)).toList();
    return new Instance(60, HORIZON, Instant.parse("2025-01-15T00:00:00Z"), new Site(limit, 0, base, 0, 0),
        new Prices(imp, exp), 0.0, chargers, vehicles);
  }

  /** 100 kWh, 30 kWh now, 90 kWh needed at the end of the horizon, 20 kW, taper from 80 %. */
  private static Vehicle bus(String id, double taperStartSocPct) {
    return new Vehicle(id, 0, HORIZON, 30, 90, 100, 0, 20, 0, 1.0, "c-" + id, taperStartSocPct);
  }

  /** Energy after applying the plan's hourly setpoints to the physical battery (1-minute steps). */
  private static double physicalFinalKwh(Vehicle v, double[] setpointKw) {
    return physicalFinalKwh(v, setpointKw, 1.0);
  }

  /**
   * Energy after applying setpoints of {@code intervalHours} each to the physical battery, which tapers from 80 %
   * whatever the plan was told, in 60 steps per interval; the vehicle's own limit sits behind each setpoint.
   */
  private static double physicalFinalKwh(Vehicle v, double[] setpointKw, double intervalHours) {
    double e = v.energyKwh();
    double knee = v.capacityKwh() * 0.8;
    int steps = 60;
    double dtHours = intervalHours / steps;
    for (double p : setpointKw) {
      for (int s = 0; s < steps; s++) {
        double acceptKw = e <= knee ? v.maxChargeKw()
            : v.maxChargeKw() * (v.capacityKwh() - e) / (v.capacityKwh() - knee);
        e += Math.min(p, acceptKw) * v.efficiency() * dtHours;
      }
    }
    return e;
  }

  @Test
  void aPlanThatIgnoresTheTaperMissesTheDepartureAndOneThatModelsItMeetsIt() {
    Vehicle ignoring = bus("a", 100);
    Vehicle modelled = bus("b", 80);
    Plan naive = Optimizer.solve(depot(List.of(ignoring), 500), SolveOptions.defaults());
    Plan aware = Optimizer.solve(depot(List.of(modelled), 500), SolveOptions.defaults());

    assertThat(physicalFinalKwh(ignoring, naive.vehicle("a").powerKw())).as("the taper-blind plan, in physics")
        .isLessThan(89.5);
    VehiclePlan b = aware.vehicle("b");
    assertThat(physicalFinalKwh(modelled, b.powerKw())).as("the taper-aware plan, in physics")
        .isGreaterThanOrEqualTo(90 - 1e-3);
    assertThat(b.met()).isTrue();
    assertThat(b.finalKwh()).isCloseTo(90, offset(1e-3));
    assertThat(aware.vehicles()).extracting(VehiclePlan::id).containsExactly("b");
    // Bulk charging still waits for the cheap hours: nothing in the expensive first half.
    double[] p = b.powerKw();
    assertThat(p[0] + p[1] + p[2] + p[3]).isCloseTo(0, offset(1e-4));
    // The last interval is absorption at the power the taper allows at 90 %: 20 kW * (100 - 90) / 20.
    assertThat(p[7]).isCloseTo(10, offset(1e-4));
  }

  @Test
  void theFallbackPlanAlsoMeetsTheDepartureInPhysics() {
    Vehicle v = bus("c", 80);
    Plan plan = Optimizer.fallback(depot(List.of(v), 500));
    assertThat(physicalFinalKwh(v, plan.vehicle("c").powerKw())).isGreaterThanOrEqualTo(90 - 1e-3);
  }

  @Test
  void theSiteLimitHoldsForTheMergedPlan() {
    List<Vehicle> fleet = List.of(bus("d", 80), bus("e", 80), bus("f", 80));
    Instance in = depot(fleet, 45);
    Plan plan = Optimizer.solve(in, SolveOptions.defaults());
    for (int t = 0; t < HORIZON; t++) {
      double sum = 0;
      for (VehiclePlan vp : plan.vehicles()) {
        sum += vp.powerKw()[t];
      }
      assertThat(sum).as("interval %d", t).isLessThanOrEqualTo(45 + 1e-6);
      assertThat(plan.netLoadKw()[t]).isCloseTo(sum, offset(1e-6));
    }
    for (Vehicle v : fleet) {
      assertThat(physicalFinalKwh(v, plan.vehicle(v.id()).powerKw())).as(v.id()).isGreaterThanOrEqualTo(90 - 1e-3);
    }
  }

  @Test
  void aVehicleAlreadyInTheTaperZoneIsPlannedAtThePowerItCanTakeAtItsRequirement() {
    Vehicle v = new Vehicle("g", 0, HORIZON, 85, 95, 100, 0, 20, 0, 1.0, "c-g", 80);
    Plan plan = Optimizer.solve(depot(List.of(v), 500), SolveOptions.defaults());
    for (double p : plan.vehicle("g").powerKw()) {
      assertThat(p).isLessThanOrEqualTo(20 * (100 - 95) / 20.0 + 1e-6);
    }
    assertThat(physicalFinalKwh(v, plan.vehicle("g").powerKw())).isGreaterThanOrEqualTo(95 - 1e-3);
  }

  @Test
  void aVehicleTooLateForTheAbsorptionPowerIsChargedAtFullPowerAndMakesItOnTheTrueCurve() {
    // 81 of 100 kWh, 95 needed in 2 hours: at f(95) = 5 kW that is 14 h of absorption, but the battery's true
    // curve at 20 kW takes 20/20 * ln(19/5) = 1.3 h. The expensive first hour must not defer any of it.
    Vehicle late = new Vehicle("m", 0, 2, 81, 95, 100, 0, 20, 0, 1.0, "c-m", 80);
    // 70 kWh, 95 needed in 3 hours: bulk to 80 then absorption at f(95) does not fit either; full power does.
    Vehicle belowKnee = new Vehicle("n", 0, 3, 70, 95, 100, 0, 20, 0, 1.0, "c-n", 80);
    for (Plan plan : List.of(Optimizer.solve(depot(List.of(late, belowKnee), 500), SolveOptions.defaults()),
        Optimizer.fallback(depot(List.of(late, belowKnee), 500)))) {
      assertThat(plan.vehicle("m").powerKw()[0]).as(plan.method()).isCloseTo(20, offset(1e-4));
      assertThat(plan.vehicle("m").powerKw()[1]).as(plan.method()).isCloseTo(20, offset(1e-4));
      assertThat(physicalFinalKwh(late, plan.vehicle("m").powerKw())).as(plan.method()).isGreaterThanOrEqualTo(95);
      assertThat(physicalFinalKwh(belowKnee, plan.vehicle("n").powerKw())).as(plan.method())
          .isGreaterThanOrEqualTo(95);
      // Reported against the true requirement, not the full-power ask that made the plan urgent.
      assertThat(plan.vehicle("m").targetKwh()).isEqualTo(95);
      assertThat(plan.vehicle("m").met()).isTrue();
      assertThat(plan.status()).isNotEqualTo(energy.vgf.optimizer.plan.PlanStatus.INFEASIBLE_REQUIREMENTS);
    }
  }

  /**
   * A depot of 15-minute intervals with AC chargers (19.2 kW, 4.14 kW minimum: 6 A on three phases), night prices
   * falling towards the morning, for vans whose batteries accept far more than the charger gives.
   */
  private static Instance acDepot(List<Vehicle> vehicles, int horizon) {
    double[] limit = new double[horizon];
    double[] base = new double[horizon];
    double[] imp = new double[horizon];
    double[] exp = new double[horizon];
    for (int t = 0; t < horizon; t++) {
      limit[t] = 46.2;
      base[t] = 3.0;
      imp[t] = 0.08 - 0.0005 * t;
      exp[t] = imp[t];
    }
    List<Charger> chargers = vehicles.stream().map(v -> new Charger(v.chargerId(), 19.2, 4.14, false, 0)).toList();
    return new Instance(15, horizon, Instant.parse("2026-01-12T08:30:00Z"), new Site(limit, 0, base, 0, 0),
        new Prices(imp, exp), 0.0, chargers, vehicles);
  }

  @Test
  void aVanJustBelowItsKneeOnAnAcChargerIsPlannedWithItsChargersPower() {
    // Seen in the demo: 75.5 kWh, 79.4 % (just below the 80 % knee), 90 % needed in 7.75 hours, a 150 kW battery
    // limit behind a 19.2 kW charger. Absorption was sized at the battery's f(90 %) = 75 kW (one interval of the
    // 19.2 kW charger, which brings 4 of the 7.5 kWh) and the 0.5 kWh to the knee was under the charger's minimum:
    // every plan gave it nothing but that last interval, and it left at 79.4 %.
    Vehicle van = new Vehicle("van-2", 0, 31, 59.94, 67.95, 75.5, 7.55, 150, 0, 0.85, "cp-2", 80);
    for (Plan plan : List.of(Optimizer.solve(acDepot(List.of(van), 64), SolveOptions.defaults()),
        Optimizer.fallback(acDepot(List.of(van), 64)))) {
      VehiclePlan vp = plan.vehicle("van-2");
      assertThat(vp.met()).as(plan.method()).isTrue();
      assertThat(physicalFinalKwh(van, vp.powerKw(), 0.25)).as(plan.method()).isGreaterThanOrEqualTo(67.95 - 1e-3);
      for (double p : vp.powerKw()) {
        assertThat(p == 0 || p >= 4.14 - 1e-9).as(plan.method() + ": setpoints are 0 or at least the minimum: " + p)
            .isTrue();
      }
    }
  }

  @Test
  void aLastTopUpSmallerThanTheChargersMinimumStillFitsUnderTheSegmentsCap() {
    // 88.9 kWh at 84.6 % (above the knee), 90 % needed: 4.8 kWh, one interval of 19.2 kW brings 4.08. The 0.73 kWh
    // left needs 3.4 kW, under the 4.14 kW minimum; a segment capped at exactly 80.01 kWh could not take 4.14 kW
    // and the plan stayed 0.73 kWh short.
    Vehicle van = new Vehicle("van-1", 0, 26, 75.2, 80.01, 88.9, 8.89, 150, 0, 0.85, "cp-1", 80);
    Plan plan = Optimizer.solve(acDepot(List.of(van), 64), SolveOptions.defaults());
    VehiclePlan vp = plan.vehicle("van-1");
    assertThat(vp.met()).as(vp.toString()).isTrue();
    assertThat(plan.status()).isNotEqualTo(energy.vgf.optimizer.plan.PlanStatus.INFEASIBLE_REQUIREMENTS);
    assertThat(physicalFinalKwh(van, vp.powerKw(), 0.25)).isGreaterThanOrEqualTo(80.01 - 1e-3);
  }

  @Test
  void aVehicleAboveItsRequirementInTheTaperZoneIsAValidInstance() {
    // 92 kWh on board, 90 required: the segment's capacity must not fall below what it holds.
    Vehicle v = new Vehicle("k", 0, HORIZON, 92, 90, 100, 0, 20, 0, 1.0, "c-k", 80);
    Plan plan = Optimizer.solve(depot(List.of(v), 500), SolveOptions.defaults());
    assertThat(plan.vehicle("k").met()).isTrue();
    assertThat(Optimizer.fallback(depot(List.of(v), 500)).vehicle("k").met()).isTrue();
  }

  @Test
  void taperStartIsValidatedAndTravelsThroughJson() {
    assertThatThrownBy(() -> depot(List.of(bus("h", 0)), 500)).isInstanceOf(InvalidInstanceException.class)
        .hasMessageContaining("taper_start_soc_pct");
    Instance in = depot(List.of(bus("i", 80)), 500);
    Instance back = InstanceJson.parse(InstanceJson.toJson(in));
    assertThat(back.vehicles().get(0).taperStartSocPct()).isEqualTo(80.0);
    assertThat(InstanceJson.parse(InstanceJson.toJson(depot(List.of(bus("j", 100)), 500))).vehicles().get(0).tapers())
        .isFalse();
  }
}
