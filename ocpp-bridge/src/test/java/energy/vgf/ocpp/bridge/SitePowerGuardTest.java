package energy.vgf.ocpp.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import energy.vgf.ocpp.bridge.SitePowerGuard.ConnectorKey;
import energy.vgf.ocpp.profile.PowerStep;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SitePowerGuardTest {
  private static final Instant NOW = Instant.parse("2026-01-12T18:00:00Z");
  private static final Instant LATER = NOW.plus(Duration.ofMinutes(30));
  private final SitePowerGuard guard = new SitePowerGuard(Map.of("depot", 100.0));
  private final ConnectorKey a = new ConnectorKey("cp-a", 1);
  private final ConnectorKey b = new ConnectorKey("cp-b", 1);
  private final ConnectorKey c = new ConnectorKey("cp-c", 1);

  @Test
  void aSessionWithoutAValidProfileCountsAtItsFailSafeRate() {
    guard.started(a, "depot", 40);
    guard.started(b, "depot", 40);
    assertThat(guard.reserveInterim(b, 150, 0, NOW, LATER)).isEqualTo(60.0);

    guard.granted(a, 25, LATER);
    assertThat(guard.spareKw("depot", c, NOW)).isEqualTo(100 - 25 - 60.0);
    // After a's profile expires, its charger is back on the fail-safe rate.
    assertThat(guard.spareKw("depot", c, LATER)).isEqualTo(20.0); // 100 - 40 - 40 (b's interim expired too)
  }

  @Test
  void dischargeFreesNothingAndEndedSessionsFreeTheirShare() {
    guard.started(a, "depot", 40);
    guard.granted(a, -30, LATER); // V2G: counted as 0, not as 30 kW more room
    guard.started(b, "depot", 40);
    assertThat(guard.reserveInterim(b, 150, 0, NOW, LATER)).isEqualTo(100.0);
    guard.ended(b);
    guard.started(c, "depot", 40);
    assertThat(guard.reserveInterim(c, 22, 0, NOW, LATER)).isEqualTo(22.0); // its charger's own maximum
  }

  @Test
  void spareBelowTheChargersMinimumIsZeroNotRoundedUp() {
    guard.started(a, "depot", 40);
    guard.granted(a, 97, LATER);
    guard.started(b, "depot", 40);
    assertThat(guard.reserveInterim(b, 22, 4.14, NOW, LATER)).isZero();
    guard.granted(a, 90, LATER);
    assertThat(guard.reserveInterim(b, 22, 4.14, NOW, LATER)).isEqualTo(10.0);
  }

  @Test
  void otherSitesAndRebootedChargersDoNotCount() {
    SitePowerGuard two = new SitePowerGuard(Map.of("depot", 100.0, "yard", 50.0));
    two.started(a, "yard", 50);
    two.started(b, "depot", 40);
    assertThat(two.reserveInterim(b, 150, 0, NOW, LATER)).isEqualTo(100.0);
    two.started(c, "depot", 40);
    assertThat(two.spareKw("depot", c, NOW)).isZero();
    two.rebooted("cp-b");
    assertThat(two.spareKw("depot", c, NOW)).isEqualTo(100.0);
  }

  @Test
  void aPlanThatRaisesTheOtherSessionsLowersTheNewestInterimGrantsByTheExcess() {
    guard.started(a, "depot", 40);
    guard.granted(a, 20, LATER);
    guard.started(b, "depot", 40);
    assertThat(guard.reserveInterim(b, 150, 4.14, NOW, LATER)).isEqualTo(80.0);
    assertThat(guard.yieldInterims("depot", NOW)).as("nothing over the limit").isEmpty();
    guard.started(c, "depot", 40);
    guard.granted(c, 0, LATER); // dispatch planned c at 0 before b plugged in

    // The next plan, made without b, gives a 50 kW: 50 + 80 = 130 kW may be drawn. b yields the 30 kW excess.
    guard.granted(a, 50, LATER);
    assertThat(guard.yieldInterims("depot", NOW)).containsExactly(Map.entry(b, 50.0));
    assertThat(guard.spareKw("depot", c, NOW)).isZero();
    // Dispatch's own setpoints are never lowered, and a grant that dispatch replaced is no longer interim.
    guard.granted(b, 30, LATER);
    guard.granted(c, 40, LATER);
    assertThat(guard.yieldInterims("depot", NOW)).isEmpty();
  }

  @Test
  void theNewestInterimGrantYieldsFirstAndGoesToZeroRatherThanBelowItsChargersMinimum() {
    guard.started(a, "depot", 40);
    guard.granted(a, 30, LATER);
    guard.started(b, "depot", 40);
    assertThat(guard.reserveInterim(b, 22, 4.14, NOW, LATER)).isEqualTo(22.0);
    guard.started(c, "depot", 40);
    assertThat(guard.reserveInterim(c, 22, 4.14, NOW, LATER.plusSeconds(1))).isEqualTo(22.0);
    // a's next setpoint takes 49 kW: 49 + 22 + 22 = 93, within 100: nothing yields.
    guard.granted(a, 49, LATER);
    assertThat(guard.yieldInterims("depot", NOW)).isEmpty();
    // 75 kW: 19 over. c (newest) would keep 3 kW, under its 4.14 kW minimum: it goes to 0, b keeps its 22.
    guard.granted(a, 75, LATER);
    assertThat(guard.yieldInterims("depot", NOW)).containsExactly(Map.entry(c, 0.0));
    // 90 kW: 12 over; c has nothing left to give, b drops to 10.
    guard.granted(a, 90, LATER);
    assertThat(guard.yieldInterims("depot", NOW)).containsExactly(Map.entry(b, 10.0));
    assertThat(guard.spareKw("depot", new ConnectorKey("cp-x", 1), NOW)).isZero();
  }

  @Test
  void unguardedSitesAreNotTracked() {
    guard.started(a, "elsewhere", 40);
    assertThat(guard.guards("elsewhere")).isFalse();
    assertThat(guard.guards(null)).isFalse();
    assertThatThrownBy(() -> guard.reserveInterim(a, 22, 0, NOW, LATER)).isInstanceOf(IllegalStateException.class);
  }
  @Test
  void aSteppedProfileCountsThePowerOfThePeriodInForce() {
    guard.started(a, "depot", 40);
    Instant step = NOW.plus(Duration.ofMinutes(15));
    guard.granted(a, List.of(new PowerStep(NOW, 30), new PowerStep(step, 70)), LATER, false);
    guard.started(b, "depot", 40);
    assertThat(guard.spareKw("depot", b, NOW)).isEqualTo(70.0);
    assertThat(guard.spareKw("depot", b, step)).isEqualTo(30.0);
    assertThat(guard.spareKw("depot", b, LATER)).as("expired: the fail-safe rate").isEqualTo(60.0);
  }
}
