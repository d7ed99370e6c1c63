package energy.vgf.settlement.savings;

import java.util.Map;
import java.util.TreeMap;

/**
 * One dispatch plan's figures for one site and 15-minute interval (Flink POJO): the planned site net load, the
 * planned EV power (every vehicle of the plan, assigned to a charger or not) and the planned power per charger.
 */
public class PlannedInterval {
  public String siteId;
  public long startMs;
  public String planId;
  public long horizonStartMs;
  public long createdMs;
  public double netLoadKw;
  public double evKw;
  /** Chargers with a vehicle planned on them, sorted; {@code chargerKw[i]} is the sum over their vehicles. */
  public String[] chargerIds;
  public double[] chargerKw;

  public PlannedInterval() {
  }

  /**
   * The mean of a plan series over [startMs, startMs + 15 min), weighted by overlap, or NaN when the plan's
   * horizon does not cover the whole interval (a plan whose intervals are 5, 15, 30 or 60 minutes long).
   */
  static double meanOver(double[] perInterval, long horizonStartMs, int intervalMinutes, long startMs) {
    long step = intervalMinutes * 60_000L;
    long endMs = startMs + Counterfactual.INTERVAL_MS;
    if (step <= 0 || startMs < horizonStartMs || endMs > horizonStartMs + step * perInterval.length) {
      return Double.NaN;
    }
    double sum = 0;
    for (int k = (int) ((startMs - horizonStartMs) / step); k < perInterval.length; k++) {
      long s = Math.max(startMs, horizonStartMs + k * step);
      long e = Math.min(endMs, horizonStartMs + (k + 1) * step);
      if (s >= endMs) {
        break;
      }
      sum += perInterval[k] * (e - s);
    }
    return sum / Counterfactual.INTERVAL_MS;
  }

  static PlannedInterval of(String siteId, long startMs, String planId, long horizonStartMs, long createdMs,
                            double netLoadKw, double evKw, Map<String, Double> byCharger) {
    PlannedInterval p = new PlannedInterval();
    p.siteId = siteId;
    p.startMs = startMs;
    p.planId = planId;
    p.horizonStartMs = horizonStartMs;
    p.createdMs = createdMs;
    p.netLoadKw = netLoadKw;
    p.evKw = evKw;
    TreeMap<String, Double> sorted = new TreeMap<>(byCharger);
    p.chargerIds = sorted.keySet().toArray(new String[0]);
    p.chargerKw = sorted.values().stream().mapToDouble(Double::doubleValue).toArray();
    return p;
  }
}
