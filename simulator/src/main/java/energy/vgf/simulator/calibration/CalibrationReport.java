package energy.vgf.simulator.calibration;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;

/** Generated versus target statistics per archetype; {@link #table()} is what --calibrate prints. */
public record CalibrationReport(String scenario, long seed, int days, List<Row> rows) {

  /** One statistic: the mean generated over {@code samples} against its target. */
  public record Row(String archetype, String metric, String unit, double target, double generated, long samples,
      String source) {

    /** Relative difference, percent of the target. */
    public double diffPct() {
      return target == 0 ? 0 : 100 * (generated - target) / target;
    }
  }

  public boolean allWithin(double pct) {
    return rows.stream().allMatch(r -> Math.abs(r.diffPct()) <= pct);
  }

  public String table() {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "Calibration of scenario %s, seed %d, %d days (target: means within 5%%)%n",
        scenario, seed, days));
    sb.append(String.format(Locale.ROOT, "%-14s %-28s %-5s %10s %10s %8s %6s %4s%n",
        "archetype", "metric", "unit", "target", "generated", "diff", "n", "ok"));
    Map<String, String> sources = new LinkedHashMap<>();
    for (Row r : rows) {
      sb.append(String.format(Locale.ROOT, "%-14s %-28s %-5s %10.2f %10.2f %+7.2f%% %6d %4s%n",
          r.archetype(), r.metric(), r.unit(), r.target(), r.generated(), r.diffPct(), r.samples(),
          Math.abs(r.diffPct()) <= 5 ? "yes" : "NO"));
      if (!r.source().equals("archetype calendar")) {
        sources.putIfAbsent(r.archetype(), r.source());
      }
    }
    sb.append("times are minutes after local midnight; km on days the vehicle drove (1 mi = 1.609 km)\n");
    sb.append("sources of the targets:\n");
    sources.forEach((a, src) -> sb.append("  ").append(a).append(": ").append(src).append('\n'));
    sb.append(allWithin(5) ? "RESULT: all means within 5% of their targets\n" : "RESULT: some means are off by more than 5%\n");
    return sb.toString();
  }
}
