package energy.vgf.settlement.baseline;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.Month;
import java.time.temporal.TemporalAdjusters;
import java.util.HashSet;
import java.util.Set;

/**
 * Which local days count as holidays for baselines. Both ISOs treat holidays as non-like days for weekday
 * baselines (CAISO BPM for Metering, baseline methodology; PJM Manual 11 section 10.2: "NERC holidays").
 */
public interface HolidayCalendar {

  boolean isHoliday(LocalDate day);

  /**
   * The six NERC holidays (New Year's Day, Memorial Day, Independence Day, Labor Day, Thanksgiving Day,
   * Christmas Day); a fixed-date holiday on a Sunday is observed the following Monday (NERC's rule; a
   * Saturday holiday is not moved). {@code extra} adds program-specific days.
   */
  static HolidayCalendar nerc(Set<LocalDate> extra) {
    Set<LocalDate> fixed = Set.copyOf(extra);
    return day -> fixed.contains(day) || nercHolidays(day.getYear()).contains(day);
  }

  static HolidayCalendar of(Set<LocalDate> days) {
    Set<LocalDate> copy = Set.copyOf(days);
    return copy::contains;
  }

  static Set<LocalDate> nercHolidays(int year) {
    Set<LocalDate> h = new HashSet<>();
    h.add(observed(LocalDate.of(year, Month.JANUARY, 1)));
    h.add(LocalDate.of(year, Month.MAY, 31).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)));
    h.add(observed(LocalDate.of(year, Month.JULY, 4)));
    h.add(LocalDate.of(year, Month.SEPTEMBER, 1).with(TemporalAdjusters.firstInMonth(DayOfWeek.MONDAY)));
    h.add(LocalDate.of(year, Month.NOVEMBER, 1).with(TemporalAdjusters.dayOfWeekInMonth(4, DayOfWeek.THURSDAY)));
    h.add(observed(LocalDate.of(year, Month.DECEMBER, 25)));
    return h;
  }

  private static LocalDate observed(LocalDate d) {
    return d.getDayOfWeek() == DayOfWeek.SUNDAY ? d.plusDays(1) : d;
  }
}
