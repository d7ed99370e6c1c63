package energy.vgf.connectors.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

  private final RetryPolicy policy = new RetryPolicy(Duration.ofMillis(500), Duration.ofSeconds(8), new SplittableRandom(7));

  @Test
  void doublesTheBackoffPerRetryWithHalfOfItRandom() {
    for (int retry = 1; retry <= 4; retry++) {
      long cap = 500L << (retry - 1);
      for (int i = 0; i < 50; i++) {
        assertThat(policy.backoff(retry).toMillis()).isBetween(cap / 2, cap);
      }
    }
  }

  @Test
  void capsTheBackoff() {
    assertThat(policy.backoff(30).toMillis()).isBetween(4_000L, 8_000L);
  }

  @Test
  void readsRetryAfterAsSecondsOrAsAnHttpDate() {
    Instant now = Instant.parse("2026-11-26T12:00:00Z");
    assertThat(RetryPolicy.parseRetryAfter("5", now)).contains(Duration.ofSeconds(5));
    assertThat(RetryPolicy.parseRetryAfter("Thu, 26 Nov 2026 12:00:30 GMT", now)).contains(Duration.ofSeconds(30));
    assertThat(RetryPolicy.parseRetryAfter("Thu, 26 Nov 2026 11:00:00 GMT", now)).contains(Duration.ZERO);
    assertThat(RetryPolicy.parseRetryAfter("soon", now)).isEmpty();
    assertThat(RetryPolicy.parseRetryAfter(null, now)).isEmpty();
  }
}
