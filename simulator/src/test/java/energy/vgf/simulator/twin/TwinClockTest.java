package energy.vgf.simulator.twin;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

class TwinClockTest {

  private static final Instant START = Instant.parse("2026-01-12T08:00:00Z");
  private static final long START_S = START.getEpochSecond();

  private static void sleepMs(long ms) {
    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(ms));
  }

  @Test
  void runsAtSpeedWhileTheTwinKeepsUp() {
    TwinClock clock = new TwinClock(1000, START, Duration.ofSeconds(60));
    clock.await(START_S);
    clock.await(START_S + 30);
    // 30 simulated s at 1,000 x is 30 ms of wall clock: the step waited for it.
    Duration sinceStart = Duration.between(clock.wallStart(), Instant.now());
    assertThat(sinceStart).isGreaterThanOrEqualTo(Duration.ofMillis(29));
    assertThat(clock.simulatedNow()).isAfterOrEqualTo(START.plusSeconds(30));
  }

  @Test
  void waitsForATwinThatFallsBehindInsteadOfRunningAway() {
    TwinClock clock = new TwinClock(1000, START, Duration.ofSeconds(60));
    clock.await(START_S);
    // The twin is stuck in its first step for 500 ms of wall clock: 500 simulated s at full speed, but the
    // clock may only lead the twin by 60 s.
    sleepMs(500);
    long stalled = clock.simulatedMillis();
    assertThat(stalled).isEqualTo(60_000);
    assertThat(clock.simulatedNow()).isEqualTo(START.plusSeconds(60));

    // The twin steps on: the clock moves again from where it stopped, not from where it would have been.
    clock.await(START_S + 30);
    sleepMs(20);
    long moved = clock.simulatedMillis();
    assertThat(moved).isGreaterThan(60_000).isLessThanOrEqualTo(90_000);
  }

  @Test
  void mapsPastWallInstantsThroughTheStall() {
    TwinClock clock = new TwinClock(1000, START, Duration.ofSeconds(60));
    clock.await(START_S);
    Instant wall0 = clock.wallStart();
    sleepMs(300); // stalls at +60 s after 60 ms
    clock.await(START_S + 30); // resumes at ~300 ms
    sleepMs(30);
    // During the stall (wall +100 ms .. +300 ms) the simulated time was the cap.
    // (Instant.now() and System.nanoTime() are read one after the other: allow 0.2 ms of wall clock, 0.2 s simulated.)
    assertThat(clock.toSim(wall0.plusMillis(20))).isBetween(START.plusMillis(19_800), START.plusMillis(20_200));
    assertThat(clock.toSim(wall0.plusMillis(150))).isEqualTo(START.plusSeconds(60));
    assertThat(clock.toSim(wall0.plusMillis(250))).isEqualTo(START.plusSeconds(60));
    // And back: a simulated instant before the stall maps to its wall instant, one after it to after the resume.
    assertThat(Duration.between(wall0, clock.toWall(START.plusSeconds(20))).toMillis()).isBetween(19L, 21L);
    assertThat(clock.toWall(START.plusSeconds(70))).isAfter(wall0.plusMillis(290));
    // Simulated time seen through the map never goes backwards.
    Instant previous = START;
    for (int ms = 0; ms <= 330; ms += 5) {
      Instant sim = clock.toSim(wall0.plusMillis(ms));
      assertThat(sim).isAfterOrEqualTo(previous);
      previous = sim;
    }
  }

  @Test
  void standsStillBeforeTheRunBegins() {
    TwinClock clock = new TwinClock(1000, START);
    sleepMs(20);
    assertThat(clock.simulatedMillis()).isZero();
    assertThat(clock.wallStart()).isNull();
  }
}
