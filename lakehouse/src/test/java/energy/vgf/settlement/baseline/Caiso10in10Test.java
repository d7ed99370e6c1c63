package energy.vgf.settlement.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.LocalDate;
import java.time.LocalTime;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Hand-computed CAISO 10-in-10 cases. The event is Wednesday 2026-09-09 16:00-18:00 PDT. Labor Day (Monday
 * 2026-09-07, a NERC holiday) and the event day 2026-09-02 carry 100 kWh per interval: if either leaked into
 * the look-back the averages below would move. The 10 like days are Sep 8, 4, 3, 1, Aug 31, 28, 27, 26, 25, 24
 * with loads 12+11+9+10+8+10+12+9+10+9 = 100 kWh, so the unadjusted baseline is 10.0 kWh per interval.
 */
class Caiso10in10Test {

  static final LocalDate EVENT_DAY = LocalDate.of(2026, 9, 9);
  static final HolidayCalendar NERC = HolidayCalendar.nerc(Set.of());
  static final Set<LocalDate> EVENT_DAYS = Set.of(LocalDate.of(2026, 9, 2), EVENT_DAY);

  static MeterFixture history() {
    return new MeterFixture()
        .days(LocalDate.of(2026, 7, 20), LocalDate.of(2026, 9, 13), 100.0) // everything not selected is 100
        .day(LocalDate.of(2026, 9, 8), 12).day(LocalDate.of(2026, 9, 4), 11).day(LocalDate.of(2026, 9, 3), 9)
        .day(LocalDate.of(2026, 9, 1), 10).day(LocalDate.of(2026, 8, 31), 8).day(LocalDate.of(2026, 8, 28), 10)
        .day(LocalDate.of(2026, 8, 27), 12).day(LocalDate.of(2026, 8, 26), 9).day(LocalDate.of(2026, 8, 25), 10)
        .day(LocalDate.of(2026, 8, 24), 9);
  }

  static MeterFixture eventDay(MeterFixture m, double windowKwh, double eventKwh) {
    return m.span(EVENT_DAY, LocalTime.of(0, 0), LocalTime.MIDNIGHT, 50, MeterQuality.VALID)
        .span(EVENT_DAY, LocalTime.of(12, 0), LocalTime.of(15, 0), windowKwh, MeterQuality.VALID)
        .span(EVENT_DAY, LocalTime.of(16, 0), LocalTime.of(18, 0), eventKwh, MeterQuality.VALID);
  }

  static BaselineResult run(MeterHistory meter) {
    return BaselineMethod.CAISO_10_IN_10.compute(meter, MeterFixture.event(EVENT_DAY, LocalTime.of(16, 0),
        LocalTime.of(18, 0)), EVENT_DAYS, NERC);
  }

  @Test
  void averagesTheTenMostRecentWeekdaysExcludingHolidaysAndEventDays() {
    BaselineResult r = run(eventDay(history(), 10, 6).build());
    assertThat(r.status()).isEqualTo(BaselineStatus.OK);
    assertThat(r.selectedDays()).containsExactly(LocalDate.of(2026, 9, 8), LocalDate.of(2026, 9, 4),
        LocalDate.of(2026, 9, 3), LocalDate.of(2026, 9, 1), LocalDate.of(2026, 8, 31), LocalDate.of(2026, 8, 28),
        LocalDate.of(2026, 8, 27), LocalDate.of(2026, 8, 26), LocalDate.of(2026, 8, 25), LocalDate.of(2026, 8, 24));
    assertThat(r.intervals()).hasSize(8);
    assertThat(java.util.Arrays.stream(r.unadjustedKwh()).boxed().toList()).allSatisfy(v -> assertThat(v).isCloseTo(10.0, within(1e-9)));
  }

  @Test
  void appliesTheSameDayRatioFromTheFirstThreeOfTheFourHoursBeforeTheEvent() {
    // window 12:00-15:00 at 11 kWh against a 10 kWh baseline: ratio 1.1, baseline 11.0
    BaselineResult r = run(eventDay(history(), 11, 6).build());
    assertThat(r.adjustment()).isCloseTo(1.1, within(1e-12));
    assertThat(r.windowActualKwh()).isCloseTo(11.0, within(1e-12));
    assertThat(r.windowBaselineKwh()).isCloseTo(10.0, within(1e-12));
    assertThat(java.util.Arrays.stream(r.adjustedKwh()).boxed().toList()).allSatisfy(v -> assertThat(v).isCloseTo(11.0, within(1e-9)));
  }

  @Test
  void capsTheUpwardAdjustmentAtTwentyPercent() {
    // 15 / 10 = 1.5 -> capped at 1.2: baseline 12.0
    BaselineResult r = run(eventDay(history(), 15, 6).build());
    assertThat(r.adjustment()).isEqualTo(1.2);
    assertThat(java.util.Arrays.stream(r.adjustedKwh()).boxed().toList()).allSatisfy(v -> assertThat(v).isCloseTo(12.0, within(1e-9)));
  }

  @Test
  void capsTheDownwardAdjustmentAtTwentyPercent() {
    // 5 / 10 = 0.5 -> capped at 0.8: baseline 8.0
    BaselineResult r = run(eventDay(history(), 5, 6).build());
    assertThat(r.adjustment()).isEqualTo(0.8);
    assertThat(java.util.Arrays.stream(r.adjustedKwh()).boxed().toList()).allSatisfy(v -> assertThat(v).isCloseTo(8.0, within(1e-9)));
  }

  @Test
  void skipsLookBackDaysWithAMissingIntervalInsteadOfFillingThem() {
    // Sep 8 loses one event-time interval: it drops out and Aug 21 (100 kWh) becomes the tenth day:
    // (100 - 12 + 100) / 10 = 18.8
    BaselineResult r = run(eventDay(history().missing(LocalDate.of(2026, 9, 8), LocalTime.of(16, 30)), 10, 6).build());
    assertThat(r.selectedDays()).doesNotContain(LocalDate.of(2026, 9, 8)).contains(LocalDate.of(2026, 8, 21));
    assertThat(r.unadjustedKwh()[0]).isCloseTo(18.8, within(1e-9));
  }

  @Test
  void usesFourInFourWeekendAndHolidayDaysForASundayEvent() {
    // Sunday Sep 13: like days Sep 12 (Sat), Sep 7 (Labor Day), Sep 6 (Sun), Sep 5 (Sat)
    LocalDate sunday = LocalDate.of(2026, 9, 13);
    MeterHistory meter = new MeterFixture().days(LocalDate.of(2026, 8, 1), sunday, 100)
        .day(LocalDate.of(2026, 9, 12), 4).day(LocalDate.of(2026, 9, 7), 6).day(LocalDate.of(2026, 9, 6), 5)
        .day(LocalDate.of(2026, 9, 5), 1)
        .span(sunday, LocalTime.of(12, 0), LocalTime.of(15, 0), 4, MeterQuality.VALID).build();
    BaselineResult r = BaselineMethod.CAISO_10_IN_10.compute(meter,
        MeterFixture.event(sunday, LocalTime.of(16, 0), LocalTime.of(17, 0)), Set.of(), NERC);
    assertThat(r.selectedDays()).containsExactly(LocalDate.of(2026, 9, 12), LocalDate.of(2026, 9, 7),
        LocalDate.of(2026, 9, 6), LocalDate.of(2026, 9, 5));
    assertThat(r.unadjustedKwh()[0]).isCloseTo(4.0, within(1e-9)); // (4+6+5+1)/4
    assertThat(r.adjustment()).isCloseTo(1.0, within(1e-12));
  }

  @Test
  void reportsInsufficientHistoryBelowFiveWeekdays() {
    MeterHistory meter = eventDay(new MeterFixture().days(LocalDate.of(2026, 9, 3), LocalDate.of(2026, 9, 8), 10), 10, 6)
        .build(); // Sep 3, 4, 8 are eligible weekdays: 3 < 5
    BaselineResult r = run(meter);
    assertThat(r.status()).isEqualTo(BaselineStatus.INSUFFICIENT_HISTORY);
    assertThat(r.adjustedKwh()).isNull();
  }

  @Test
  void refusesToAdjustWhenTheEventDayWindowIsMissing() {
    MeterHistory meter = eventDay(history(), 10, 6).missing(EVENT_DAY, LocalTime.of(13, 0)).build();
    assertThat(run(meter).status()).isEqualTo(BaselineStatus.MISSING_ADJUSTMENT_DATA);
  }
}
