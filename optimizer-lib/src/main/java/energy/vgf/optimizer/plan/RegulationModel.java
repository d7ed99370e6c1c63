package energy.vgf.optimizer.plan;

import energy.vgf.optimizer.instance.Instance;
import energy.vgf.optimizer.instance.Vehicle;

/**
 * When a regulation reservation is safe: the conservative model shared by the optimizer, the evaluator and
 * the independent LP in the tests.
 *
 * <p>A reservation may be called for a whole interval before the next re-solve. A call moves a vehicle's
 * setpoint anywhere within its power range, so it changes the battery by at most (max charge + max discharge)
 * x h / efficiency kWh (going from full charge to full discharge, counted at the discharge loss). A vehicle
 * backs reservations only if it keeps that buffer at all times: energy after every interval it is plugged in
 * within [floor + buffer, capacity - buffer] and its target plus the buffer at the end. Then a call in any one
 * interval never breaks the floor, the capacity or the departure requirement.
 *
 * <p>Enrolment is all or nothing: the <em>eligible</em> vehicles (plugged in within the horizon, starting
 * inside the buffered range, and able to reach target + buffer at full power) either all keep their buffers
 * and back the site's reservations, or the site reserves nothing. Reserved up headroom in interval t is at
 * most the enrolled vehicles' room to go down (sum of power + max discharge) and the site's room to export
 * (net + export limit); down headroom is at most their room to go up (sum of max charge - power) and the
 * import limit minus the net load.
 */
public final class RegulationModel {
  /** The optimizer keeps this much more than the buffer, so that solver residuals never eat into it. */
  public static final double LP_MARGIN_KWH = 1e-3;

  private RegulationModel() {
  }

  /** The energy a full-interval call can move the battery by, either way. */
  public static double bufferKwh(Instance in, Vehicle v) {
    return (in.maxChargeKw(v) + in.maxDischargeKw(v)) * in.hours() / v.efficiency();
  }

  public static boolean eligible(Instance in, Vehicle v) {
    int from = in.firstInterval(v);
    int to = in.endInterval(v);
    if (from >= to || !in.hasRegulation()) {
      return false;
    }
    double b = bufferKwh(in, v) + LP_MARGIN_KWH;
    double target = Requirements.targetKwh(in, v);
    double low = v.floorKwh() + b;
    double high = v.capacityKwh() - b;
    double reachable = v.energyKwh() + (to - from) * in.hours() * v.efficiency() * in.maxChargeKw(v);
    return v.energyKwh() >= low && v.energyKwh() <= high && target + b <= high && target + b <= reachable;
  }

  /** Whether the trajectory (energy at the start of each interval, horizon + 1 values) keeps the buffers. */
  public static boolean keepsBuffers(Instance in, Vehicle v, double[] energyKwh) {
    double b = bufferKwh(in, v);
    double tol = PlanEvaluator.ENERGY_TOLERANCE_KWH;
    int from = in.firstInterval(v);
    int to = in.endInterval(v);
    for (int k = from; k < to; k++) {
      double e = energyKwh[k + 1];
      if (e < v.floorKwh() + b - tol || e > v.capacityKwh() - b + tol) {
        return false;
      }
    }
    return energyKwh[to] >= Requirements.targetKwh(in, v) + b - tol;
  }
}
