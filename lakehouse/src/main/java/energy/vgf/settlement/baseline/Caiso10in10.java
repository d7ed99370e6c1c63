package energy.vgf.settlement.baseline;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;

/**
 * CAISO's 10-in-10 customer load baseline with the day-of (load point) adjustment, as published in the CAISO
 * Business Practice Manual for Metering, section "Performance Evaluation Methodologies" (Customer Load Baseline
 * methodology for Proxy Demand Resources), and the CAISO tariff section 4.13.4:
 *
 * <ul>
 *   <li>Weekday events: the 10 most recent non-event weekdays (holidays excluded) within a 45-day look-back;
 *       if fewer than 10 exist, as many as available down to a minimum of 5.</li>
 *   <li>Weekend and holiday events: the 4 most recent non-event weekend/holiday days ("4-in-4"), minimum 2.</li>
 *   <li>Baseline per interval: the simple average of the selected days at the same time of day.</li>
 *   <li>Day-of adjustment: ratio of the event day's average load to the baseline's average load over the first
 *       three of the four hours before the event start, capped at +/-20% (ratio within [0.8, 1.2]) and applied
 *       multiplicatively to every event interval.</li>
 * </ul>
 *
 * <p>Where the BPM lets the settlement fall back to event days when too few days exist, this implementation
 * reports INSUFFICIENT_HISTORY instead: a fleet's event days are its flexible days and would bias the baseline.
 */
final class Caiso10in10 {

  static final int WEEKDAY_DAYS = 10;
  static final int WEEKDAY_MIN_DAYS = 5;
  static final int WEEKEND_DAYS = 4;
  static final int WEEKEND_MIN_DAYS = 2;
  /** CAISO: the day-of adjustment is capped at +/-20%. */
  static final double CAP = 0.20;

  static BaselineResult compute(MeterHistory meter, DrEvent event, Set<LocalDate> eventDays, HolidayCalendar holidays) {
    LocalDate day = event.start().atZone(meter.zone()).toLocalDate();
    boolean weekendOrHoliday = LookBack.isWeekend(day) || holidays.isHoliday(day);
    List<LocalDate> candidates = LookBack.candidates(meter, event, day, eventDays,
        d -> (LookBack.isWeekend(d) || holidays.isHoliday(d)) == weekendOrHoliday);
    int want = weekendOrHoliday ? WEEKEND_DAYS : WEEKDAY_DAYS;
    int min = weekendOrHoliday ? WEEKEND_MIN_DAYS : WEEKDAY_MIN_DAYS;
    List<LocalDate> selected = List.copyOf(candidates.subList(0, Math.min(want, candidates.size())));
    if (selected.size() < min) {
      return BaselineResult.failed(BaselineMethod.CAISO_10_IN_10, event, day, BaselineStatus.INSUFFICIENT_HISTORY, selected);
    }
    List<Instant> intervals = event.intervals();
    double[] unadjusted = LookBack.average(meter, intervals, selected);

    List<Instant> window = LookBack.adjustmentWindow(event);
    double windowActual = LookBack.actualMean(meter, window);
    if (Double.isNaN(windowActual)) {
      return BaselineResult.failed(BaselineMethod.CAISO_10_IN_10, event, day, BaselineStatus.MISSING_ADJUSTMENT_DATA, selected);
    }
    double windowBaseline = LookBack.mean(LookBack.average(meter, window, selected));
    double ratio = adjustmentRatio(windowActual, windowBaseline);
    double[] adjusted = new double[unadjusted.length];
    for (int i = 0; i < adjusted.length; i++) {
      adjusted[i] = unadjusted[i] * ratio;
    }
    return new BaselineResult(BaselineMethod.CAISO_10_IN_10, event, day, BaselineStatus.OK, selected, intervals,
        unadjusted, adjusted, windowActual, windowBaseline, ratio);
  }

  /** actual / baseline over the adjustment window, capped to [1 - 20%, 1 + 20%]. */
  static double adjustmentRatio(double windowActualKwh, double windowBaselineKwh) {
    if (windowBaselineKwh <= 0) {
      // No baseline load to scale: a zero baseline stays zero whatever the ratio, so report no adjustment.
      return 1.0;
    }
    double ratio = windowActualKwh / windowBaselineKwh;
    return Math.max(1 - CAP, Math.min(1 + CAP, ratio));
  }

  private Caiso10in10() {
  }
}
