package energy.vgf.settlement.performance;

import energy.vgf.settlement.baseline.BaselineResult;
import energy.vgf.settlement.baseline.IntervalReading;
import energy.vgf.settlement.baseline.MeterHistory;
import energy.vgf.settlement.baseline.MeterQuality;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Performance = baseline - metered load per event interval, paid at the program rate or the LMP.
 *
 * <p>Rules, and why:
 * <ul>
 *   <li>A negative reduction (load above baseline) is paid as zero, not charged: the programs settled here
 *       (CAISO PDR/Emergency Load Reduction, PJM economic DR) pay for delivered reductions; penalties for
 *       under-performance are a separate, capacity-program matter.</li>
 *   <li>MISSING (or absent) and QUESTIONABLE readings are not paid and are flagged; ESTIMATED readings are paid
 *       and flagged. Nothing is interpolated.</li>
 *   <li>Money is BigDecimal: kWh x USD/kWh rounded half-even to 4 decimals (the statement's precision).</li>
 * </ul>
 */
public final class EventPerformance {

  public static final int MONEY_SCALE = 4;

  private EventPerformance() {
  }

  /** {@code ratePerKwh} gives the rate for an interval start (program rate, or LMP / 1000). */
  public static List<IntervalPerformance> compute(BaselineResult baseline, MeterHistory meter,
                                                  Function<Instant, BigDecimal> ratePerKwh) {
    List<IntervalPerformance> out = new ArrayList<>();
    List<Instant> intervals = baseline.intervals();
    for (int i = 0; i < intervals.size(); i++) {
      Instant t = intervals.get(i);
      IntervalReading r = meter.at(t);
      MeterQuality q = r == null ? MeterQuality.MISSING : r.quality();
      Double metered = r == null || q == MeterQuality.MISSING ? null : r.importKwh();
      Double unadj = baseline.ok() ? baseline.unadjustedKwh()[i] : null;
      Double base = baseline.ok() ? baseline.adjustedKwh()[i] : null;
      Double reduction = base != null && metered != null ? base - metered : null;
      boolean paid = reduction != null && q.usable();
      BigDecimal rate = ratePerKwh.apply(t);
      BigDecimal payment = paid
          ? BigDecimal.valueOf(Math.max(0, reduction)).multiply(rate).setScale(MONEY_SCALE, RoundingMode.HALF_EVEN)
          : BigDecimal.ZERO.setScale(MONEY_SCALE);
      out.add(new IntervalPerformance(t, unadj, base, metered, reduction, q, paid, rate, payment));
    }
    return out;
  }
}
