package energy.vgf.settlement.performance;

import energy.vgf.settlement.baseline.MeterQuality;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * Performance of one event interval: baseline minus metered load, and what it is paid.
 * {@code meteredKwh} and {@code reductionKwh} are null when the reading is missing: never filled.
 */
public record IntervalPerformance(Instant intervalStart, Double unadjustedBaselineKwh, Double baselineKwh,
                                  Double meteredKwh, Double reductionKwh, MeterQuality quality, boolean paid,
                                  BigDecimal ratePerKwh, BigDecimal paymentUsd) {

  /** Flagged for the settlement team: estimated (paid) or missing/questionable (unpaid) readings. */
  public boolean flagged() {
    return quality != MeterQuality.VALID;
  }
}
