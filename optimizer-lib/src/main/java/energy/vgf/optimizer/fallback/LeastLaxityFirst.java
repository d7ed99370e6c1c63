package energy.vgf.optimizer.fallback;

import energy.vgf.optimizer.instance.Instance;
import energy.vgf.optimizer.instance.Vehicle;
import energy.vgf.optimizer.plan.Requirements;
import java.util.Arrays;

/**
 * The always-available fallback: interval by interval, the vehicles with the least laxity (slack time before
 * they must charge at full power to make their departure) get the site headroom first. No discharging, no
 * price awareness, only what the requirements need; every limit respected. O(T * N log N): a few
 * milliseconds for 1,000 vehicles over 96 intervals.
 */
public final class LeastLaxityFirst {
  private LeastLaxityFirst() {
  }

  public static double[][] plan(Instance in, boolean discrete) {
    int n = in.vehicles().size();
    int horizon = in.horizon();
    PowerRules[] rules = new PowerRules[n];
    double[] energy = new double[n];
    double[] target = new double[n];
    double[][] p = new double[n][horizon];
    for (int i = 0; i < n; i++) {
      Vehicle v = in.vehicles().get(i);
      rules[i] = new PowerRules(in, v, discrete);
      energy[i] = v.energyKwh();
      target[i] = Requirements.targetKwh(in, v);
    }
    int[] present = new int[n];
    double[] laxity = new double[n];
    Integer[] sorted = new Integer[n];
    for (int t = 0; t < horizon; t++) {
      int k = 0;
      for (int i = 0; i < n; i++) {
        Vehicle v = in.vehicles().get(i);
        if (t >= in.firstInterval(v) && t < in.endInterval(v) && energy[i] < target[i]) {
          present[k] = i;
          laxity[i] = PlanRepair.laxity(in, v, rules[i], energy[i], t);
          sorted[k++] = i;
        }
      }
      Arrays.sort(sorted, 0, k, (a, b) -> Double.compare(laxity[a], laxity[b]));
      double headroom = in.site().importLimitKw(t) - in.site().baseLoadKw(t);
      for (int j = 0; j < k && headroom > 0; j++) {
        int i = sorted[j];
        Vehicle v = in.vehicles().get(i);
        PowerRules r = rules[i];
        double need = (target[i] - energy[i]) / r.chargeGain;
        double room = (v.capacityKwh() - energy[i]) / r.chargeGain;
        double wanted = Math.min(r.maxChargeKw, Math.min(need, room));
        double setpoint = r.towardZero(Math.min(wanted, headroom));
        if (setpoint < wanted && r.stepKw > 0) {
          // Finish the requirement on a whole step when the site and battery allow it.
          double up = Math.ceil(wanted / r.stepKw - 1e-9) * r.stepKw;
          if (up <= Math.min(Math.min(r.maxChargeKw, room), headroom) + 1e-12) {
            setpoint = Math.max(setpoint, r.towardZero(up + 1e-12));
          }
        }
        p[i][t] = setpoint;
        headroom -= setpoint;
      }
      for (int j = 0; j < k; j++) {
        int i = sorted[j];
        energy[i] += rules[i].deltaKwh(p[i][t]);
      }
    }
    return p;
  }

  /**
   * The reference the optimizer is measured against: every vehicle at full power from arrival until it
   * holds its requirement, ignoring prices and the site limit.
   */
  public static double[][] uncontrolled(Instance in) {
    int n = in.vehicles().size();
    double[][] p = new double[n][in.horizon()];
    for (int i = 0; i < n; i++) {
      Vehicle v = in.vehicles().get(i);
      PowerRules r = new PowerRules(in, v, false);
      double e = v.energyKwh();
      double target = Math.min(v.capacityKwh(), Math.max(Requirements.targetKwh(in, v), v.energyKwh()));
      for (int t = in.firstInterval(v); t < in.endInterval(v) && e < target; t++) {
        p[i][t] = Math.min(r.maxChargeKw, (target - e) / r.chargeGain);
        e += r.deltaKwh(p[i][t]);
      }
    }
    return p;
  }
}
