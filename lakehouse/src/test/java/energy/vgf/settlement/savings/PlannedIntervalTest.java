package energy.vgf.settlement.savings;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PlannedIntervalTest {

  static final long H = 1_782_925_200_000L; // 2026-07-01T17:00Z
  static final long Q = 900_000L;

  @Test
  void takesAFifteenMinutePlanIntervalAsItIs() {
    assertThat(PlannedInterval.meanOver(new double[] {30, 44}, H, 15, H + Q)).isEqualTo(44.0);
  }

  @Test
  void averagesFiveMinuteIntervalsOverTheQuarterHour() {
    assertThat(PlannedInterval.meanOver(new double[] {3, 6, 9, 12}, H, 5, H)).isEqualTo(6.0);
  }

  @Test
  void weightsAnHourlyPlanThatStartsMidQuarter() {
    // plan from 17:05, hourly: [17:05, 18:05) = 10 kW, [18:05, 19:05) = 40 kW; 18:00-18:15 = 5 min x 10 + 10 min x 40
    long start = H + 5 * 60_000L;
    assertThat(PlannedInterval.meanOver(new double[] {10, 40}, start, 60, H + 4 * Q)).isEqualTo(30.0);
    // 17:00-17:15 starts before the horizon: not covered
    assertThat(PlannedInterval.meanOver(new double[] {10, 40}, start, 60, H)).isNaN();
  }

  @Test
  void coversNothingPastTheHorizon() {
    assertThat(PlannedInterval.meanOver(new double[] {30, 44}, H, 15, H + 2 * Q)).isNaN();
  }
}
