package energy.vgf.report;

import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;

/**
 * A standard 5-field cron expression (minute hour day-of-month month day-of-week; *, lists, ranges, steps),
 * evaluated in the report's time zone: statements are due on local days, DST included.
 */
public final class CronSchedule {

  private final BitSet minutes;
  private final BitSet hours;
  private final BitSet days;
  private final BitSet months;
  private final BitSet weekdays;
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
    weekdays = parse(f[4].replace("7", "0"), 0, 6);
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

  /** The first matching minute strictly after {@code after}. */
  public ZonedDateTime next(ZonedDateTime after) {
    ZonedDateTime t = after.truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
    for (int i = 0; i < 366 * 24 * 60; i++) {
      if (months.get(t.getMonthValue()) && days.get(t.getDayOfMonth())
          && weekdays.get(t.getDayOfWeek().getValue() % 7) && hours.get(t.getHour()) && minutes.get(t.getMinute())) {
        return t;
      }
      t = t.plusMinutes(1);
    }
    throw new IllegalArgumentException("report.schedule=" + expression + " never fires");
  }
}
