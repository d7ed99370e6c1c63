package energy.vgf.connectors.http;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with "equal jitter" (AWS Architecture Blog, "Exponential Backoff and Jitter"):
 * half the capped exponential delay is fixed, half random, so retries of many tasks spread out but
 * never retry immediately; and the parsing of RFC 9110 Retry-After (delay-seconds or HTTP-date).
 */
public final class RetryPolicy {

  private final Duration initial;
  private final Duration max;
  private final RandomGenerator random;

  public RetryPolicy(Duration initial, Duration max, RandomGenerator random) {
    this.initial = initial;
    this.max = max;
    this.random = random;
  }

  /** Delay before retry number {@code retry} (1 = first retry). */
  public Duration backoff(int retry) {
    long capped = Math.min(max.toMillis(), initial.toMillis() * (1L << Math.min(30, retry - 1)));
    long half = capped / 2;
    return Duration.ofMillis(half + (half == 0 ? 0 : random.nextLong(half + 1)));
  }

  /** RFC 9110 section 10.2.3: Retry-After is either delay-seconds or an HTTP-date. */
  public static Optional<Duration> parseRetryAfter(String header, Instant now) {
    if (header == null || header.isBlank()) {
      return Optional.empty();
    }
    String value = header.trim();
    try {
      return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(value))));
    } catch (NumberFormatException notSeconds) {
      try {
        Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        Duration d = Duration.between(now, at);
        return Optional.of(d.isNegative() ? Duration.ZERO : d);
      } catch (DateTimeParseException notDate) {
        return Optional.empty();
      }
    }
  }
}
