package energy.vgf.report;

import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;

/**
 * A standard 5-field cron expression (minute hour day-of-month month day-of-week; *, lists, ranges, steps;
 * day-of-week 0-7 with 0 and 7 = Sunday; day-of-month OR day-of-week when both are restricted), evaluated in the
 * report's time zone: statements are due on local days, DST included.
 */
public final class CronSchedule {

  private final BitSet minutes;
  private final BitSet hours;
  private final BitSet days;
  private final BitSet months;
  private final BitSet weekdays;
  /** Vixie cron: a day field is unrestricted when it starts with a star (a bare star, or a star with a step). */
  private final boolean anyDayOfMonth;
  private final boolean anyDayOfWeek;
  private final String expression;

  public CronSchedule(String expression) {
    String[] f = expression.trim().split("\\s+");
    if (f.length != 5) {
      throw new IllegalArgumentException("report.schedule=" + expression + " is invalid: 5 cron fields expected");
    }
    this.expression = expression;
    minutes = parse(f[0], 0, 59);
    hours = parse(f[1], 0, 23);
    days = parse(f[2], 1, 31);
    months = parse(f[3], 1, 12);
    weekdays = parse(f[4], 0, 7);
    if (weekdays.get(7)) {
      weekdays.set(0); // 0 and 7 are both Sunday
    }
    anyDayOfMonth = f[2].startsWith("*");
    anyDayOfWeek = f[4].startsWith("*");
  }

  private BitSet parse(String field, int min, int max) {
    BitSet b = new BitSet();
    for (String part : field.split(",")) {
      int step = 1;
      String range = part;
      if (part.contains("/")) {
        step = Integer.parseInt(part.substring(part.indexOf('/') + 1));
        range = part.substring(0, part.indexOf('/'));
      }
      int lo;
      int hi;
      if (range.equals("*")) {
        lo = min;
        hi = max;
      } else if (range.contains("-")) {
        lo = Integer.parseInt(range.split("-")[0]);
        hi = Integer.parseInt(range.split("-")[1]);
      } else {
        lo = Integer.parseInt(range);
        hi = part.contains("/") ? max : lo;
      }
      if (lo < min || hi > max || lo > hi) {
        throw new IllegalArgumentException("report.schedule=" + expression + ": field " + field + " outside " + min + ".." + max);
      }
      for (int v = lo; v <= hi; v += step) {
        b.set(v);
      }
    }
    return b;
  }

  /**
   * The first firing strictly after {@code after}, in its zone. Daylight-saving transitions follow cron's
   * convention: a local time that occurs twice (fall back) fires once, at its first occurrence; a local time
   * that does not exist (spring forward) fires at the first minute after the gap, so a statement is never lost.
   */
  public ZonedDateTime next(ZonedDateTime after) {
    ZonedDateTime t = after.truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
    java.time.LocalDateTime previous = t.minusMinutes(1).toLocalDateTime();
    for (int i = 0; i < 4 * 366 * 24 * 60; i++) { // four years: a 29 February schedule fires
      java.time.LocalDateTime local = t.toLocalDateTime();
      boolean repeat = !t.isEqual(t.withEarlierOffsetAtOverlap()); // second pass through a fall-back hour
      if (!repeat && matches(local)) {
        return t;
      }
      // Spring forward: local minutes between the previous instant's and this one's never happened.
      for (java.time.LocalDateTime skipped = previous.plusMinutes(1); skipped.isBefore(local); skipped = skipped.plusMinutes(1)) {
        if (matches(skipped)) {
          return t;
        }
      }
      previous = local.isAfter(previous) ? local : previous;
      t = t.plusMinutes(1);
    }
    throw new IllegalArgumentException("report.schedule=" + expression + " never fires");
  }

  private boolean matches(java.time.LocalDateTime t) {
    return months.get(t.getMonthValue()) && dayMatches(t) && hours.get(t.getHour()) && minutes.get(t.getMinute());
  }

  /**
   * POSIX crontab: when both day-of-month and day-of-week are restricted, a day matching EITHER fires
   * ("0 6 1 * 1" = the 1st and every Monday); when one of them is '*', only the other one decides.
   */
  private boolean dayMatches(java.time.LocalDateTime t) {
    boolean dom = days.get(t.getDayOfMonth());
    boolean dow = weekdays.get(t.getDayOfWeek().getValue() % 7);
    if (!anyDayOfMonth && !anyDayOfWeek) {
      return dom || dow;
    }
    return dom && dow;
  }
}
