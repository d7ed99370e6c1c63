package energy.vgf.simulator.fleet;

import java.time.LocalDate;
import java.time.MonthDay;

/** A yearly range of local dates, both ends inclusive, as "MM-dd" (e.g. summer break 06-15 to 08-20). */
public record DateRange(String from, String to) {

  public DateRange {
    MonthDay.parse("--" + from);
    MonthDay.parse("--" + to);
  }

  public boolean contains(LocalDate date) {
    MonthDay d = MonthDay.from(date);
    MonthDay f = MonthDay.parse("--" + from);
    MonthDay t = MonthDay.parse("--" + to);
    return f.isAfter(t) ? !d.isBefore(f) || !d.isAfter(t) : !d.isBefore(f) && !d.isAfter(t);
  }
}
