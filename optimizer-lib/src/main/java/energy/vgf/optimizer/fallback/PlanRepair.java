package energy.vgf.optimizer.fallback;

import energy.vgf.optimizer.instance.Instance;
import energy.vgf.optimizer.instance.Vehicle;
import energy.vgf.optimizer.plan.Requirements;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Turns any proposed power plan into one that respects every limit, then tops up vehicles that miss their
 * target where there is headroom left. Used on interior-point iterates (which satisfy the equalities only to
 * within 1e-9), on plans rounded to discrete setpoints and by the least-laxity-first fallback: the departure
 * guarantee and "no limit ever exceeded" live here, in one place.
 */
public final class PlanRepair {
  private PlanRepair() {
  }

  /**
   * @param proposalKw per vehicle per interval, signed; not modified
   * @param discrete   apply charger minimum power and step rules
   * @return a plan within every power, energy and site limit
   */
  public static double[][] repair(Instance in, double[][] proposalKw, boolean discrete) {
    int n = in.vehicles().size();
    int horizon = in.horizon();
    PowerRules[] rules = new PowerRules[n];
    double[][] p = new double[n][];
    double[] energy = new double[n];
    for (int i = 0; i < n; i++) {
      Vehicle v = in.vehicles().get(i);
      rules[i] = new PowerRules(in, v, discrete);
      p[i] = proposalKw[i].clone();
      energy[i] = v.energyKwh();
    }
    List<Integer> charging = new ArrayList<>();
    for (int t = 0; t < horizon; t++) {
      double net = in.site().baseLoadKw(t);
      for (int i = 0; i < n; i++) {
        Vehicle v = in.vehicles().get(i);
        if (t < in.firstInterval(v) || t >= in.endInterval(v)) {
          p[i][t] = 0;
          continue;
        }
        PowerRules r = rules[i];
        double pt = Math.max(-r.maxDischargeKw, Math.min(r.maxChargeKw, p[i][t]));
        if (pt > 0) {
          pt = Math.min(pt, Math.max(0, (v.capacityKwh() - energy[i]) / r.chargeGain));
        } else if (pt < 0) {
          pt = -Math.min(-pt, Math.max(0, (energy[i] - v.floorKwh()) / r.dischargeLoss));
        }
        p[i][t] = r.towardZero(pt);
        net += p[i][t];
      }
      double limit = in.site().importLimitKw(t);
      if (net > limit) {
        // Cut charging of the vehicles that can best afford to wait first.
        charging.clear();
        for (int i = 0; i < n; i++) {
          if (p[i][t] > 0) {
            charging.add(i);
          }
        }
        final int now = t;
        charging.sort(Comparator.comparingDouble(i -> -laxity(in, in.vehicles().get(i), rules[i], energy[i], now)));
        for (int i : charging) {
          if (net <= limit) {
            break;
          }
          double cut = Math.min(p[i][t], net - limit);
          double next = rules[i].towardZero(p[i][t] - cut);
          if (next > p[i][t] - cut + 1e-12) {
            // The step rounded up past the cut: go one step lower (or off).
            next = rules[i].towardZero(Math.max(0, next - Math.max(rules[i].stepKw, 1e-9)));
          }
          net -= p[i][t] - next;
          p[i][t] = next;
        }
      }
      double floor = -in.site().exportLimitKw();
      if (net < floor) {
        for (int i = 0; i < n && net < floor; i++) {
          if (p[i][t] < 0) {
            double cut = Math.min(-p[i][t], floor - net);
            double next = rules[i].towardZero(p[i][t] + cut);
            if (next < p[i][t] + cut - 1e-12) {
              next = rules[i].towardZero(Math.min(0, next + Math.max(rules[i].stepKw, 1e-9)));
            }
            net += next - p[i][t];
            p[i][t] = next;
          }
        }
      }
      for (int i = 0; i < n; i++) {
        energy[i] += rules[i].deltaKwh(p[i][t]);
      }
    }
    topUp(in, p, rules);
    return p;
  }

  /** Intervals of slack: how long the vehicle could stay idle and still reach its target at full power. */
  static double laxity(Instance in, Vehicle v, PowerRules r, double energyKwh, int t) {
    double need = Requirements.targetKwh(in, v) - energyKwh;
    double intervalsNeeded = need <= 0 ? 0 : r.maxChargeKw <= 0 ? Double.POSITIVE_INFINITY : need / (r.maxChargeKw * r.chargeGain);
    return (in.endInterval(v) - t) - intervalsNeeded;
  }

  /**
   * Adds energy to vehicles below target where the site, the vehicle and its battery still have room:
   * first by cancelling discharge, then by charging in the cheapest intervals.
   */
  static void topUp(Instance in, double[][] p, PowerRules[] rules) {
    int horizon = in.horizon();
    double[] headroom = new double[horizon];
    for (int t = 0; t < horizon; t++) {
      double net = in.site().baseLoadKw(t);
      for (double[] pv : p) {
        net += pv[t];
      }
      headroom[t] = Math.max(0, in.site().importLimitKw(t) - net);
    }
    Integer[] order = new Integer[horizon];
    for (int i = 0; i < p.length; i++) {
      Vehicle v = in.vehicles().get(i);
      int from = in.firstInterval(v);
      int to = in.endInterval(v);
      if (from >= to) {
        continue;
      }
      PowerRules r = rules[i];
      double[] e = trajectory(v, p[i], r, horizon);
      double target = Requirements.targetKwh(in, v);
      if (e[to] >= target) {
        continue;
      }
      int k = 0;
      for (int t = from; t < to; t++) {
        order[k++] = t;
      }
      // Cancel discharge first (latest first keeps early V2G value), then the cheapest charging slots.
      final double[] pv = p[i];
      java.util.Arrays.sort(order, 0, k, Comparator.comparingDouble(
          (Integer t) -> pv[t] < 0 ? -1e9 - t : in.prices().importPerKwh(t)));
      for (int idx = 0; idx < k && e[to] < target; idx++) {
        int t = order[idx];
        double maxAfter = Double.NEGATIVE_INFINITY;
        for (int s = t + 1; s <= to; s++) {
          maxAfter = Math.max(maxAfter, e[s]);
        }
        double capRoom = v.capacityKwh() - maxAfter;
        double old = p[i][t];
        double upper = Math.min(r.maxChargeKw, old + headroom[t]);
        // Highest setpoint that keeps the battery under capacity at every later instant.
        double gainAtUpper = r.deltaKwh(upper) - r.deltaKwh(old);
        if (gainAtUpper > capRoom) {
          upper = inverseDelta(r, r.deltaKwh(old) + Math.max(0, capRoom));
        }
        double wanted = inverseDelta(r, r.deltaKwh(old) + (target - e[to]));
        double next = Math.min(upper, wanted);
        if (r.stepKw > 0 || r.minOnKw > 0) {
          double up = next;
          if (r.stepKw > 0) {
            up = Math.ceil(next / r.stepKw - 1e-9) * r.stepKw;
          }
          if (up > 0 && up < r.minOnKw) {
            up = r.minOnKw;
          }
          next = up <= upper + 1e-12 ? up : r.towardZero(upper);
          if (next < 0) {
            next = r.towardZero(next);
          }
        }
        if (next <= old || next > upper + 1e-12) {
          continue;
        }
        double gain = r.deltaKwh(next) - r.deltaKwh(old);
        p[i][t] = next;
        headroom[t] -= next - old;
        for (int s = t + 1; s <= horizon; s++) {
          e[s] += gain;
        }
      }
    }
  }

  private static double inverseDelta(PowerRules r, double deltaKwh) {
    return deltaKwh >= 0 ? deltaKwh / r.chargeGain : deltaKwh / r.dischargeLoss;
  }

  static double[] trajectory(Vehicle v, double[] p, PowerRules r, int horizon) {
    double[] e = new double[horizon + 1];
    e[0] = v.energyKwh();
    for (int t = 0; t < horizon; t++) {
      e[t + 1] = e[t] + r.deltaKwh(p[t]);
    }
    return e;
  }
}
