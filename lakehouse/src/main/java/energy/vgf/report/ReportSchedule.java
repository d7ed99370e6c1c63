package energy.vgf.report;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Objects;

/**
 * When {@code ./vgf report --schedule} writes statements: the cron expression {@code report.schedule} read in an
 * explicit time zone (the {@code --time-zone} flag, UTC unless given), never the host's default zone, so the same
 * configuration fires at the same instants on every machine.
 */
public record ReportSchedule(CronSchedule cron, ZoneId zone) {

  /** One firing: when, and the month whose statements it writes (the month before the firing, local time). */
  public record Firing(ZonedDateTime at, YearMonth period) {
  }

  public ReportSchedule {
    Objects.requireNonNull(cron, "cron");
    Objects.requireNonNull(zone, "zone");
  }

  public static ReportSchedule of(String expression, ZoneId zone) {
    return new ReportSchedule(new CronSchedule(expression), zone);
  }

  /** The first firing strictly after {@code now}. */
  public Firing next(Instant now) {
    ZonedDateTime at = cron.next(now.atZone(zone));
    return new Firing(at, YearMonth.from(at).minusMonths(1));
  }
}
