package energy.vgf.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ReportScheduleTest {

  static final ZoneId LA = ZoneId.of("America/Los_Angeles");

  @Test
  void readsTheCronInUtcWhenNoZoneIsGiven() {
    ReportSchedule s = ReportSchedule.of("0 6 2 * *", ZoneOffset.UTC);
    ReportSchedule.Firing f = s.next(Instant.parse("2026-10-15T00:00:00Z"));
    assertThat(f.at().toInstant()).isEqualTo(Instant.parse("2026-11-02T06:00:00Z"));
    assertThat(f.period()).isEqualTo(YearMonth.of(2026, 10));
  }

  @Test
  void followsTheGivenZoneAcrossTheFallBack() {
    ReportSchedule s = ReportSchedule.of("0 6 2 * *", LA);
    // October 2 is daylight time (UTC-7), November 2 is after the 2026-11-01 fall-back (UTC-8)
    assertThat(s.next(Instant.parse("2026-09-15T00:00:00Z")).at().toInstant()).isEqualTo(Instant.parse("2026-10-02T13:00:00Z"));
    assertThat(s.next(Instant.parse("2026-10-15T00:00:00Z")).at().toInstant()).isEqualTo(Instant.parse("2026-11-02T14:00:00Z"));
  }

  @Test
  void followsTheGivenZoneAcrossTheSpringForward() {
    // 2026-03-08 in Los Angeles: 02:30 does not exist; the statement run fires right after the gap, once
    ReportSchedule s = ReportSchedule.of("30 2 8 3 *", LA);
    ReportSchedule.Firing f = s.next(Instant.parse("2026-03-01T00:00:00Z"));
    assertThat(f.at().toInstant()).isEqualTo(Instant.parse("2026-03-08T10:00:00Z")); // 03:00 PDT
    assertThat(f.period()).isEqualTo(YearMonth.of(2026, 2));
    assertThat(s.next(f.at().toInstant()).at().toInstant()).isEqualTo(Instant.parse("2027-03-08T10:30:00Z")); // 02:30 PST
  }

  @Test
  void namesTheStatementMonthInTheScheduleZone() {
    // 00:30 on the 1st in Los Angeles is still the last day of the previous month in UTC... and vice versa:
    // the statement month is the one before the LOCAL firing date.
    ReportSchedule la = ReportSchedule.of("30 0 1 * *", LA);
    ReportSchedule.Firing f = la.next(Instant.parse("2026-07-15T00:00:00Z"));
    assertThat(f.at().toInstant()).isEqualTo(Instant.parse("2026-08-01T07:30:00Z"));
    assertThat(f.period()).isEqualTo(YearMonth.of(2026, 7));
    ReportSchedule utc = ReportSchedule.of("30 0 1 * *", ZoneOffset.UTC);
    assertThat(utc.next(Instant.parse("2026-07-15T00:00:00Z")).at().toInstant()).isEqualTo(Instant.parse("2026-08-01T00:30:00Z"));
  }
}
