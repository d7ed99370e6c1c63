package energy.vgf.optimizer.fallback;

import energy.vgf.optimizer.instance.Charger;
import energy.vgf.optimizer.instance.Instance;
import energy.vgf.optimizer.instance.Vehicle;

/** Per-vehicle hardware rules for one setpoint: power range, charger minimum when on, discrete steps. */
final class PowerRules {
  final double maxChargeKw;
  final double maxDischargeKw;
  final double minOnKw;
  final double stepKw;
  final double chargeGain;
  final double dischargeLoss;

  PowerRules(Instance in, Vehicle v, boolean discrete) {
    maxChargeKw = in.maxChargeKw(v);
    maxDischargeKw = in.maxDischargeKw(v);
    Charger c = v.chargerId() == null ? null : in.charger(v.chargerId());
    minOnKw = discrete && c != null ? c.minKw() : 0.0;
    stepKw = discrete && c != null ? c.stepKw() : 0.0;
    chargeGain = in.hours() * v.efficiency();
    dischargeLoss = in.hours() / v.efficiency();
  }

  /** Battery energy change of setpoint p. */
  double deltaKwh(double p) {
    return p >= 0 ? p * chargeGain : p * dischargeLoss;
  }

  /**
   * The setpoint closest to p towards zero that the hardware accepts: a multiple of the step, and either
   * zero or at least the charger minimum (OCPP chargers cannot deliver below about 6 A).
   */
  double towardZero(double p) {
    double a = Math.abs(p);
    if (stepKw > 0) {
      // The small epsilon keeps 21.9999999 (float noise) on the step of 22.
      a = Math.floor(a / stepKw + 1e-9) * stepKw;
    }
    if (a < minOnKw - 1e-9) {
      a = 0;
    }
    return Math.copySign(a, p);
  }
}
