package energy.vgf.settlement.savings;

import java.util.TreeMap;

/**
 * The uncontrolled counterfactual of a session: the same energy the vehicle kept, charged at a constant power
 * from plug-in until delivered (what the depot draws without managed charging), split over 15-minute intervals.
 */
public final class Counterfactual {

  public static final long INTERVAL_MS = 15 * 60_000L;

  private Counterfactual() {
  }

  /** kWh per interval start (epoch ms): the first interval is partial when plug-in is not on a quarter hour. */
  public static TreeMap<Long, Double> uncontrolled(long pluggedInMs, double energyKwh, double powerKw) {
    TreeMap<Long, Double> out = new TreeMap<>();
    double remaining = Math.max(0, energyKwh);
    long t = pluggedInMs;
    while (remaining > 1e-9) {
      long start = Math.floorDiv(t, INTERVAL_MS) * INTERVAL_MS;
      long end = start + INTERVAL_MS;
      double kwh = Math.min(remaining, powerKw * (end - t) / 3_600_000.0);
      out.merge(start, kwh, Double::sum);
      remaining -= kwh;
      t = end;
    }
    return out;
  }
}
