package energy.vgf.settlement.baseline;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/** Rules both ISO methods share: the 45-day look-back, like days, and the adjustment window. */
final class LookBack {

  /** CAISO and PJM both search at most 45 calendar days back from the event day. */
  static final int LOOK_BACK_DAYS = 45;

  /**
   * The adjustment window: CAISO's "first three of the four hours prior to the event" and PJM's SAA "three
   * hours ending one hour prior to the event start" are the same interval, [start - 4 h, start - 1 h).
   */
  static List<Instant> adjustmentWindow(DrEvent event) {
    List<Instant> out = new ArrayList<>();
    Instant from = event.start().minus(Duration.ofHours(4));
    Instant to = event.start().minus(Duration.ofHours(1));
    for (Instant t = from; t.isBefore(to); t = t.plus(MeterHistory.INTERVAL)) {
      out.add(t);
    }
    return out;
  }

  static boolean isWeekend(LocalDate d) {
    return d.getDayOfWeek() == DayOfWeek.SATURDAY || d.getDayOfWeek() == DayOfWeek.SUNDAY;
  }

  /**
   * Candidate days, most recent first, within the look-back, that satisfy {@code like}, are not event days,
   * and have a usable reading for every interval the baseline needs (event intervals and adjustment window at
   * the same local times). Days with missing data are skipped, never filled.
   */
  static List<LocalDate> candidates(MeterHistory meter, DrEvent event, LocalDate eventDay, Set<LocalDate> eventDays,
                                    Predicate<LocalDate> like) {
    List<Instant> needed = new ArrayList<>(adjustmentWindow(event));
    needed.addAll(event.intervals());
    List<LocalDate> out = new ArrayList<>();
    for (int back = 1; back <= LOOK_BACK_DAYS; back++) {
      LocalDate d = eventDay.minusDays(back);
      if (eventDays.contains(d) || !like.test(d)) {
        continue;
      }
      boolean complete = true;
      for (Instant t : needed) {
        if (Double.isNaN(meter.usableKwh(meter.sameLocalTime(t, d)))) {
          complete = false;
          break;
        }
      }
      if (complete) {
        out.add(d);
      }
    }
    return out;
  }

  /** Per-interval average of {@code days} at the local times of {@code intervals}. */
  static double[] average(MeterHistory meter, List<Instant> intervals, List<LocalDate> days) {
    double[] avg = new double[intervals.size()];
    for (int i = 0; i < intervals.size(); i++) {
      double sum = 0;
      for (LocalDate d : days) {
        sum += meter.usableKwh(meter.sameLocalTime(intervals.get(i), d));
      }
      avg[i] = sum / days.size();
    }
    return avg;
  }

  /** Mean of the event day's own usable readings in the window, or NaN if any is missing. */
  static double actualMean(MeterHistory meter, List<Instant> window) {
    double sum = 0;
    for (Instant t : window) {
      double v = meter.usableKwh(t);
      if (Double.isNaN(v)) {
        return Double.NaN;
      }
      sum += v;
    }
    return sum / window.size();
  }

  static double mean(double[] values) {
    double sum = 0;
    for (double v : values) {
      sum += v;
    }
    return sum / values.length;
  }

  private LookBack() {
  }
}
