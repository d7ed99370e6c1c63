package energy.vgf.settlement.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.LocalDate;
import java.time.LocalTime;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Hand-computed PJM CBL cases on the same fixture as {@link Caiso10in10Test}: the 5 most recent eligible
 * weekdays before Wednesday 2026-09-09 are Sep 8 (12), Sep 4 (11), Sep 3 (9), Sep 1 (10), Aug 31 (8) -- Labor
 * Day and the event day Sep 2 excluded. High 4 of 5 drops Aug 31: CBL = (12+11+9+10)/4 = 10.5 kWh.
 */
class PjmCblHigh4of5Test {

  static final LocalDate EVENT_DAY = Caiso10in10Test.EVENT_DAY;

  static BaselineResult run(MeterHistory meter) {
    return BaselineMethod.PJM_CBL_HIGH_4_OF_5.compute(meter,
        MeterFixture.event(EVENT_DAY, LocalTime.of(16, 0), LocalTime.of(18, 0)), Caiso10in10Test.EVENT_DAYS,
        Caiso10in10Test.NERC);
  }

  @Test
  void averagesTheHighestFourOfTheFiveMostRecentLikeDays() {
    BaselineResult r = run(Caiso10in10Test.eventDay(Caiso10in10Test.history(), 10.5, 6).build());
    assertThat(r.status()).isEqualTo(BaselineStatus.OK);
    assertThat(r.selectedDays()).containsExactly(LocalDate.of(2026, 9, 8), LocalDate.of(2026, 9, 4),
        LocalDate.of(2026, 9, 3), LocalDate.of(2026, 9, 1));
    assertThat(java.util.Arrays.stream(r.unadjustedKwh()).boxed().toList()).allSatisfy(v -> assertThat(v).isCloseTo(10.5, within(1e-9)));
    assertThat(r.adjustment()).isCloseTo(0.0, within(1e-12));
  }

  @Test
  void addsTheSymmetricAdjustmentUpward() {
    // window actual 11 vs CBL 10.5: SAA +0.5 -> 11.0
    BaselineResult r = run(Caiso10in10Test.eventDay(Caiso10in10Test.history(), 11, 6).build());
    assertThat(r.adjustment()).isCloseTo(0.5, within(1e-12));
    assertThat(java.util.Arrays.stream(r.adjustedKwh()).boxed().toList()).allSatisfy(v -> assertThat(v).isCloseTo(11.0, within(1e-9)));
  }

  @Test
  void addsTheSymmetricAdjustmentDownward() {
    // window actual 9 vs CBL 10.5: SAA -1.5 -> 9.0
    BaselineResult r = run(Caiso10in10Test.eventDay(Caiso10in10Test.history(), 9, 6).build());
    assertThat(r.adjustment()).isCloseTo(-1.5, within(1e-12));
    assertThat(java.util.Arrays.stream(r.adjustedKwh()).boxed().toList()).allSatisfy(v -> assertThat(v).isCloseTo(9.0, within(1e-9)));
  }

  @Test
  void doesNotCapTheAdditiveAdjustment() {
    // window actual 20: SAA +9.5 -> 20.0 (CAISO would cap at +20%)
    BaselineResult r = run(Caiso10in10Test.eventDay(Caiso10in10Test.history(), 20, 6).build());
    assertThat(java.util.Arrays.stream(r.adjustedKwh()).boxed().toList()).allSatisfy(v -> assertThat(v).isCloseTo(20.0, within(1e-9)));
  }

  @Test
  void replacesLowUsageDaysWithTheNextMostRecentDay() {
    // Sep 3 at 1 kWh: basis average (12+11+1+10+8)/5 = 8.4, 25% = 2.1 -> Sep 3 is low-usage and replaced by
    // Aug 28 (10). Basis Sep 8, 4, 1, Aug 31, 28 -> high 4: 12, 11, 10, 10 -> 10.75
    MeterHistory meter = Caiso10in10Test.eventDay(Caiso10in10Test.history().day(LocalDate.of(2026, 9, 3), 1), 10.75, 6)
        .build();
    BaselineResult r = run(meter);
    assertThat(r.selectedDays()).containsExactly(LocalDate.of(2026, 9, 8), LocalDate.of(2026, 9, 4),
        LocalDate.of(2026, 9, 1), LocalDate.of(2026, 8, 28));
    assertThat(r.unadjustedKwh()[0]).isCloseTo(10.75, within(1e-9));
  }

  @Test
  void usesHighTwoOfThreeSaturdaysForASaturdayEvent() {
    LocalDate saturday = LocalDate.of(2026, 9, 12);
    MeterHistory meter = new MeterFixture().days(LocalDate.of(2026, 8, 1), saturday, 100)
        .day(LocalDate.of(2026, 9, 5), 4).day(LocalDate.of(2026, 8, 29), 6).day(LocalDate.of(2026, 8, 22), 2)
        .span(saturday, LocalTime.of(12, 0), LocalTime.of(15, 0), 5, MeterQuality.VALID).build();
    BaselineResult r = BaselineMethod.PJM_CBL_HIGH_4_OF_5.compute(meter,
        MeterFixture.event(saturday, LocalTime.of(16, 0), LocalTime.of(17, 0)), Set.of(), Caiso10in10Test.NERC);
    assertThat(r.selectedDays()).containsExactly(LocalDate.of(2026, 9, 5), LocalDate.of(2026, 8, 29));
    assertThat(r.unadjustedKwh()[0]).isCloseTo(5.0, within(1e-9)); // (4+6)/2
    assertThat(r.adjustedKwh()[0]).isCloseTo(5.0, within(1e-9));
  }

  @Test
  void neverReturnsANegativeAdjustedBaseline() {
    BaselineResult r = run(Caiso10in10Test.eventDay(Caiso10in10Test.history(), 0, 0).build());
    // SAA = 0 - 10.5 -> CBL 10.5 - 10.5 = 0, not below
    assertThat(java.util.Arrays.stream(r.adjustedKwh()).boxed().toList()).allSatisfy(v -> assertThat(v).isGreaterThanOrEqualTo(0.0));
  }
}
