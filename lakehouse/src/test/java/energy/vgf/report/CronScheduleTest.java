package energy.vgf.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

class CronScheduleTest {

  static final ZoneId LA = ZoneId.of("America/Los_Angeles");

  static ZonedDateTime la(String local) {
    return LocalDateTime.parse(local).atZone(LA);
  }

  @Test
  void firesMonthlyStatementsOnTheSecondAtSixLocalTime() {
    CronSchedule cron = new CronSchedule("0 6 2 * *");
    assertThat(cron.next(la("2026-07-15T10:00"))).isEqualTo(la("2026-08-02T06:00"));
    assertThat(cron.next(la("2026-08-02T06:00"))).isEqualTo(la("2026-09-02T06:00"));
    assertThat(cron.next(la("2026-12-02T07:00"))).isEqualTo(la("2027-01-02T06:00"));
  }

  @Test
  void keepsLocalTimeAcrossDaylightSavingChanges() {
    CronSchedule cron = new CronSchedule("0 6 2 * *");
    // 2026-11-02 is after the fall-back of 2026-11-01: still 06:00 local, now UTC-8
    ZonedDateTime nov = cron.next(la("2026-10-15T00:00"));
    assertThat(nov).isEqualTo(la("2026-11-02T06:00"));
    assertThat(nov.getOffset().getTotalSeconds()).isEqualTo(-8 * 3600);
    assertThat(cron.next(la("2026-11-02T06:00")).toLocalDateTime()).isEqualTo(LocalDateTime.parse("2026-12-02T06:00"));
  }

  @Test
  void firesOnceInTheHourThatRepeatsWhenClocksFallBack() {
    CronSchedule cron = new CronSchedule("30 1 * * *");
    ZonedDateTime first = cron.next(la("2026-11-01T00:00"));
    assertThat(first.toLocalDateTime()).isEqualTo(LocalDateTime.parse("2026-11-01T01:30"));
    assertThat(first.getOffset().getTotalSeconds()).isEqualTo(-7 * 3600);
    assertThat(cron.next(first).toLocalDateTime()).isEqualTo(LocalDateTime.parse("2026-11-02T01:30"));
  }

  @Test
  void firesRightAfterTheGapWhenTheTimeDoesNotExist() {
    // 2026-03-08 02:00 -> 03:00 in Los Angeles: 02:30 never happens that day
    CronSchedule cron = new CronSchedule("30 2 * * *");
    ZonedDateTime fired = cron.next(la("2026-03-08T00:00"));
    assertThat(fired.toLocalDateTime()).isEqualTo(LocalDateTime.parse("2026-03-08T03:00"));
    assertThat(cron.next(fired).toLocalDateTime()).isEqualTo(LocalDateTime.parse("2026-03-09T02:30"));
  }

  @Test
  void understandsListsRangesAndSteps() {
    CronSchedule cron = new CronSchedule("*/15 8-9 * * 1-5");
    assertThat(cron.next(la("2026-07-03T09:50"))).isEqualTo(la("2026-07-06T08:00")); // Friday 09:50 -> Monday
    assertThat(cron.next(la("2026-07-06T08:00"))).isEqualTo(la("2026-07-06T08:15"));
    assertThat(new CronSchedule("0 6 1,15 * *").next(la("2026-07-02T00:00"))).isEqualTo(la("2026-07-15T06:00"));
  }

  @Test
  void firesOnEitherDayWhenDayOfMonthAndDayOfWeekAreBothRestricted() {
    // POSIX cron: "the 1st of the month, and every Monday" (not "a Monday that is the 1st")
    CronSchedule cron = new CronSchedule("0 6 1 * 1");
    assertThat(cron.next(la("2026-07-02T00:00"))).isEqualTo(la("2026-07-06T06:00")); // Monday
    assertThat(cron.next(la("2026-07-27T06:00"))).isEqualTo(la("2026-08-01T06:00")); // Saturday the 1st
    assertThat(cron.next(la("2026-08-01T06:00"))).isEqualTo(la("2026-08-03T06:00")); // Monday again
  }

  @Test
  void letsTheRestrictedDayFieldDecideWhenTheOtherIsAStar() {
    assertThat(new CronSchedule("0 6 * * 1").next(la("2026-07-02T00:00"))).isEqualTo(la("2026-07-06T06:00"));
    assertThat(new CronSchedule("0 6 2 * *").next(la("2026-07-03T00:00"))).isEqualTo(la("2026-08-02T06:00"));
    // Vixie cron: a field starting with '*' counts as unrestricted even with a step, so both must match
    assertThat(new CronSchedule("0 6 */2 * 1").next(la("2026-07-02T00:00"))).isEqualTo(la("2026-07-13T06:00"));
  }

  @Test
  void readsSevenAsSundayWithoutManglingOtherNumbers() {
    assertThat(new CronSchedule("0 6 * * 7").next(la("2026-07-02T00:00"))).isEqualTo(la("2026-07-05T06:00"));
    assertThat(new CronSchedule("0 17 17 * *").next(la("2026-07-02T00:00"))).isEqualTo(la("2026-07-17T17:00"));
  }

  @Test
  void findsALeapDayScheduleYearsAhead() {
    assertThat(new CronSchedule("0 6 29 2 *").next(la("2026-07-02T00:00"))).isEqualTo(la("2028-02-29T06:00"));
  }

  @Test
  void rejectsMalformedExpressionsNamingTheKey() {
    assertThatThrownBy(() -> new CronSchedule("0 6 2 *")).hasMessageContaining("report.schedule");
    assertThatThrownBy(() -> new CronSchedule("0 25 2 * *")).hasMessageContaining("0..23");
    assertThatThrownBy(() -> new CronSchedule("0 6 31 2 *").next(la("2026-01-01T00:00"))).hasMessageContaining("never fires");
  }
}
