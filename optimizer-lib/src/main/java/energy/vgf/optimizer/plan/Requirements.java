package energy.vgf.optimizer.plan;

import energy.vgf.optimizer.instance.Instance;
import energy.vgf.optimizer.instance.Vehicle;

/** What each vehicle must reach inside the horizon, and whether physics allows it at all. */
public final class Requirements {
  /** A requirement counts as met within 0.1 Wh: far below metering resolution, above float noise. */
  public static final double MET_TOLERANCE_KWH = 1e-4;

  private Requirements() {
  }

  /**
   * The energy the vehicle must hold after its last interval in the horizon. When it departs after the
   * horizon, the rolling horizon only has to keep the requirement reachable: the remaining intervals at
   * full power must be able to close the gap.
   */
  public static double targetKwh(Instance in, Vehicle v) {
    if (v.arrival() >= in.horizon() || v.departure() <= 0) {
      return Double.NEGATIVE_INFINITY;
    }
    double required = v.requiredKwh();
    if (v.departure() > in.horizon()) {
      double later = (v.departure() - Math.max(in.horizon(), v.arrival())) * in.hours() * v.efficiency()
          * in.maxChargeKw(v);
      required -= later;
    }
    return required;
  }

  /** The most energy it can hold at the end of its window with the site to itself. */
  public static double physicalMaxKwh(Instance in, Vehicle v) {
    int from = in.firstInterval(v);
    int to = in.endInterval(v);
    if (from >= to) {
      return v.energyKwh();
    }
    double gain = (to - from) * in.hours() * v.efficiency() * in.maxChargeKw(v);
    return Math.min(v.capacityKwh(), v.energyKwh() + gain);
  }

  /** True when the target can be reached ignoring the site limits (too little time or power otherwise). */
  public static boolean physicallyPossible(Instance in, Vehicle v) {
    return targetKwh(in, v) <= physicalMaxKwh(in, v) + MET_TOLERANCE_KWH;
  }

  /** How much a physically impossible requirement falls short even at full power from arrival. */
  public static double physicalShortfallKwh(Instance in, Vehicle v) {
    return Math.max(0.0, targetKwh(in, v) - physicalMaxKwh(in, v));
  }
}
