package energy.vgf.settlement.baseline;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * PJM's Customer Baseline Load "High 4 of 5" with the Symmetric Additive Adjustment, as published in PJM
 * Manual 11 (Energy and Ancillary Services Market Operations), section 10.2 "Customer Baseline Load":
 *
 * <ul>
 *   <li>Weekday events: the CBL basis is the 5 most recent eligible weekdays within a 45-day look-back;
 *       NERC holidays, event days and low-usage days are not eligible and are replaced by the next most recent
 *       eligible day. A day is low-usage when its average event-period usage is below 25% of the average
 *       event-period usage of the basis days. Of the 5 days, the 4 with the highest average event-period usage
 *       are averaged per interval.</li>
 *   <li>Saturday events: "High 2 of 3" Saturdays. Sunday and holiday events: "High 2 of 3" Sundays/holidays.</li>
 *   <li>Symmetric Additive Adjustment: the average of (metered - CBL) over the three hours ending one hour before
 *       the event start is added to every CBL interval, up or down (no cap); an adjusted CBL below zero is
 *       zero (there is no negative load to reduce).</li>
 * </ul>
 */
final class PjmCblHigh4of5 {

  /** PJM: days below 25% of the basis average event-period usage are low-usage days. */
  static final double LOW_USAGE_FRACTION = 0.25;

  static BaselineResult compute(MeterHistory meter, DrEvent event, Set<LocalDate> eventDays, HolidayCalendar holidays) {
    LocalDate day = event.start().atZone(meter.zone()).toLocalDate();
    int basis;
    int keep;
    Predicate<LocalDate> like;
    if (holidays.isHoliday(day) || day.getDayOfWeek() == DayOfWeek.SUNDAY) {
      basis = 3;
      keep = 2;
      like = d -> holidays.isHoliday(d) || d.getDayOfWeek() == DayOfWeek.SUNDAY;
    } else if (day.getDayOfWeek() == DayOfWeek.SATURDAY) {
      basis = 3;
      keep = 2;
      like = d -> d.getDayOfWeek() == DayOfWeek.SATURDAY && !holidays.isHoliday(d);
    } else {
      basis = 5;
      keep = 4;
      like = d -> !LookBack.isWeekend(d) && !holidays.isHoliday(d);
    }
    List<Instant> intervals = event.intervals();
    List<LocalDate> candidates = LookBack.candidates(meter, event, day, eventDays, like);
    if (candidates.size() < basis) {
      return BaselineResult.failed(BaselineMethod.PJM_CBL_HIGH_4_OF_5, event, day, BaselineStatus.INSUFFICIENT_HISTORY,
          List.copyOf(candidates));
    }
    // Low-usage screen: the average of the first `basis` days sets the threshold; days under 25% of it are
    // replaced by the next most recent candidates (which face the same threshold).
    double threshold = 0;
    for (LocalDate d : candidates.subList(0, basis)) {
      threshold += eventPeriodUsage(meter, intervals, d);
    }
    threshold = threshold / basis * LOW_USAGE_FRACTION;
    List<LocalDate> basisDays = new ArrayList<>();
    for (LocalDate d : candidates) {
      if (basisDays.size() == basis) {
        break;
      }
      if (eventPeriodUsage(meter, intervals, d) >= threshold) {
        basisDays.add(d);
      }
    }
    if (basisDays.size() < basis) {
      return BaselineResult.failed(BaselineMethod.PJM_CBL_HIGH_4_OF_5, event, day, BaselineStatus.INSUFFICIENT_HISTORY,
          List.copyOf(basisDays));
    }
    // High `keep` of `basis`: highest average event-period usage; a tie goes to the more recent day.
    List<LocalDate> ranked = new ArrayList<>(basisDays);
    ranked.sort(Comparator.comparingDouble((LocalDate d) -> -eventPeriodUsage(meter, intervals, d))
        .thenComparing(Comparator.reverseOrder()));
    List<LocalDate> selected = ranked.subList(0, keep).stream().sorted(Comparator.reverseOrder()).toList();

    double[] cbl = LookBack.average(meter, intervals, selected);
    List<Instant> window = LookBack.adjustmentWindow(event);
    double windowActual = LookBack.actualMean(meter, window);
    if (Double.isNaN(windowActual)) {
      return BaselineResult.failed(BaselineMethod.PJM_CBL_HIGH_4_OF_5, event, day, BaselineStatus.MISSING_ADJUSTMENT_DATA,
          selected);
    }
    double windowCbl = LookBack.mean(LookBack.average(meter, window, selected));
    double saa = windowActual - windowCbl;
    double[] adjusted = new double[cbl.length];
    for (int i = 0; i < cbl.length; i++) {
      adjusted[i] = Math.max(0, cbl[i] + saa);
    }
    return new BaselineResult(BaselineMethod.PJM_CBL_HIGH_4_OF_5, event, day, BaselineStatus.OK, selected, intervals,
        cbl, adjusted, windowActual, windowCbl, saa);
  }

  /** Average usage of the day over the event period's local times. */
  static double eventPeriodUsage(MeterHistory meter, List<Instant> eventIntervals, LocalDate d) {
    double sum = 0;
    for (Instant t : eventIntervals) {
      sum += meter.usableKwh(meter.sameLocalTime(t, d));
    }
    return sum / eventIntervals.size();
  }

  private PjmCblHigh4of5() {
  }
}
