package energy.vgf.simulator.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PacerTest {

  @Test
  void replaysEventTimeAtTheGivenSpeed() {
    Pacer pacer = Pacer.realTime(3600, 1_000_000);
    long start = System.nanoTime();
    pacer.await(1_000_000 + 1800); // half an hour of event time at 3600x: half a second
    double elapsedS = (System.nanoTime() - start) / 1e9;
    assertThat(elapsedS).isBetween(0.45, 3.0);
  }

  @Test
  void doesNotWaitForEventTimeAlreadyDue() {
    Pacer pacer = Pacer.realTime(600, 1_000_000);
    long start = System.nanoTime();
    pacer.await(999_000);
    assertThat((System.nanoTime() - start) / 1e9).isLessThan(0.2);
  }

  @Test
  void rejectsANonPositiveSpeed() {
    assertThatThrownBy(() -> Pacer.realTime(0, 0)).hasMessageContaining("speed");
  }
}
