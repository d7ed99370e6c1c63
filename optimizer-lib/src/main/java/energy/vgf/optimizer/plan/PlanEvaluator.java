package energy.vgf.optimizer.plan;

import energy.vgf.optimizer.instance.Charger;
import energy.vgf.optimizer.instance.Instance;
import energy.vgf.optimizer.instance.Vehicle;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The single source of truth for what a power plan costs and whether it respects every limit: the optimizer,
 * the fallback, the tests and the bench all evaluate plans here, following the cost semantics of the issue.
 */
public final class PlanEvaluator {
  public static final double LIMIT_TOLERANCE_KW = 1e-6;
  public static final double ENERGY_TOLERANCE_KWH = 1e-6;

  private PlanEvaluator() {
  }

  /**
   * @param powerKw       per vehicle (instance order) per interval, signed
   * @param previousKw    previous setpoints by vehicle id aligned to this horizon (may be empty)
   * @param churnWeight   $ per kW^2 per interval of setpoint change
   * @param provenOptimal whether the producer proved optimality
   */
  public static Plan evaluate(Instance in, double[][] powerKw, Map<String, double[]> previousKw,
                              double churnWeight, boolean provenOptimal, String method, long solveMs) {
    int horizon = in.horizon();
    double h = in.hours();
    double[] net = in.site().baseLoadKw();
    List<String> violations = new ArrayList<>();
    List<VehiclePlan> vehiclePlans = new ArrayList<>();
    double dischargedKwh = 0;
    double churn = 0;
    boolean allMet = true;
    for (int i = 0; i < in.vehicles().size(); i++) {
      Vehicle v = in.vehicles().get(i);
      double[] p = powerKw[i];
      int from = in.firstInterval(v);
      int to = in.endInterval(v);
      double maxCh = in.maxChargeKw(v);
      double maxDis = in.maxDischargeKw(v);
      Charger charger = v.chargerId() == null ? null : in.charger(v.chargerId());
      double[] energy = new double[horizon + 1];
      double e = v.energyKwh();
      double floor = v.floorKwh();
      String at = "vehicles[" + i + "] (" + v.id() + ")";
      for (int t = 0; t < horizon; t++) {
        energy[t] = e;
        double pt = p[t];
        boolean present = t >= from && t < to;
        if (!present && pt != 0.0) {
          violations.add(at + ".power_kw[" + t + "] " + pt + " while not plugged in");
        }
        if (pt > maxCh + LIMIT_TOLERANCE_KW || pt < -maxDis - LIMIT_TOLERANCE_KW) {
          violations.add(at + ".power_kw[" + t + "] " + pt + " outside [" + (-maxDis) + ", " + maxCh + "]");
        }
        if (charger != null && pt != 0.0 && Math.abs(pt) < charger.minKw() - LIMIT_TOLERANCE_KW) {
          violations.add(at + ".power_kw[" + t + "] " + pt + " below charger min_kw " + charger.minKw());
        }
        if (charger != null && charger.stepKw() > 0 && pt != 0.0) {
          double steps = Math.abs(pt) / charger.stepKw();
          if (Math.abs(steps - Math.rint(steps)) > 1e-6) {
            violations.add(at + ".power_kw[" + t + "] " + pt + " not a multiple of step_kw " + charger.stepKw());
          }
        }
        e += pt >= 0 ? pt * h * v.efficiency() : pt * h / v.efficiency();
        if (present && (e > v.capacityKwh() + ENERGY_TOLERANCE_KWH || e < floor - ENERGY_TOLERANCE_KWH)) {
          violations.add(at + ".energy after interval " + t + " " + e + " outside [" + floor + ", " + v.capacityKwh() + "]");
        }
        net[t] += pt;
        if (pt < 0) {
          dischargedKwh += -pt * h;
        }
        double[] prev = previousKw.get(v.id());
        if (prev != null && t < prev.length && !Double.isNaN(prev[t])) {
          double diff = pt - prev[t];
          churn += churnWeight * diff * diff;
        }
      }
      energy[horizon] = e;
      double finalKwh = energy[Math.max(from, Math.min(to, horizon))];
      double target = Requirements.targetKwh(in, v);
      boolean met = finalKwh >= target - Requirements.MET_TOLERANCE_KWH;
      allMet &= met;
      vehiclePlans.add(new VehiclePlan(v.id(), p, energy, finalKwh, Double.isInfinite(target) ? finalKwh : target,
          met, met ? 0.0 : target - finalKwh, Requirements.physicallyPossible(in, v)));
    }
    double importCost = 0;
    double exportRevenue = 0;
    double peak = Double.NEGATIVE_INFINITY;
    for (int t = 0; t < horizon; t++) {
      if (net[t] > in.site().importLimitKw(t) + LIMIT_TOLERANCE_KW) {
        violations.add("net_load_kw[" + t + "] " + net[t] + " above import_limit_kw " + in.site().importLimitKw(t));
      }
      if (net[t] < -in.site().exportLimitKw() - LIMIT_TOLERANCE_KW) {
        violations.add("net_load_kw[" + t + "] " + net[t] + " exports beyond export_limit_kw " + in.site().exportLimitKw());
      }
      if (net[t] > 0) {
        importCost += h * in.prices().importPerKwh(t) * net[t];
      } else {
        exportRevenue += h * in.prices().exportPerKwh(t) * -net[t];
      }
      peak = Math.max(peak, net[t]);
    }
    double demand = in.site().demandChargePerKw() * Math.max(in.site().existingPeakKw(), peak);
    double drRevenue = 0;
    for (int t = 0; t < horizon; t++) {
      // Peak-time rebate: only load below the baseline is paid, load above it is not charged extra.
      double pay = in.drPaymentPerKwh(t);
      if (pay > 0) {
        drRevenue += pay * h * Math.max(0, in.drBaselineKw(t) - net[t]);
      }
    }
    double[] upKw = new double[horizon];
    double[] downKw = new double[horizon];
    double regulationRevenue = reserve(in, powerKw, vehiclePlans, net, upKw, downKw);
    CostBreakdown cost = new CostBreakdown(importCost - exportRevenue, importCost, exportRevenue, demand,
        in.degradationCostPerKwh() * dischargedKwh, drRevenue, regulationRevenue, churn);
    PlanStatus status = !allMet ? PlanStatus.INFEASIBLE_REQUIREMENTS
        : provenOptimal ? PlanStatus.OPTIMAL : PlanStatus.FEASIBLE;
    return new Plan(status, cost.total(), cost, peak, net, upKw, downKw, vehiclePlans, solveMs, method,
        violations);
  }

  /**
   * The most regulation headroom the plan can safely back ({@link RegulationModel}), reserved wherever it is
   * paid; fills upKw/downKw and returns the revenue. Nothing is reserved when an eligible vehicle breaks its
   * buffer.
   */
  private static double reserve(Instance in, double[][] powerKw, List<VehiclePlan> plans, double[] net,
                                double[] upKw, double[] downKw) {
    if (!in.hasRegulation()) {
      return 0;
    }
    int horizon = in.horizon();
    double[] roomDown = new double[horizon];
    double[] roomUp = new double[horizon];
    boolean any = false;
    for (int i = 0; i < in.vehicles().size(); i++) {
      Vehicle v = in.vehicles().get(i);
      if (!RegulationModel.eligible(in, v)) {
        continue;
      }
      if (!RegulationModel.keepsBuffers(in, v, plans.get(i).energyKwh())) {
        return 0;
      }
      any = true;
      for (int t = in.firstInterval(v); t < in.endInterval(v); t++) {
        roomDown[t] += powerKw[i][t] + in.maxDischargeKw(v);
        roomUp[t] += in.maxChargeKw(v) - powerKw[i][t];
      }
    }
    if (!any) {
      return 0;
    }
    double revenue = 0;
    for (int t = 0; t < horizon; t++) {
      if (in.regulation().upPricePerKw(t) > 0) {
        upKw[t] = Math.max(0, Math.min(net[t] + in.site().exportLimitKw(), roomDown[t]));
        revenue += in.regulation().upPricePerKw(t) * upKw[t];
      }
      if (in.regulation().downPricePerKw(t) > 0) {
        downKw[t] = Math.max(0, Math.min(in.site().importLimitKw(t) - net[t], roomUp[t]));
        revenue += in.regulation().downPricePerKw(t) * downKw[t];
      }
    }
    return revenue;
  }
}
