package energy.vgf.connectors.http;

import java.time.Duration;

/**
 * How a connector talks HTTP: timeouts, retry budget, backoff bounds and request pacing.
 *
 * @param connectTimeout     TCP connect timeout
 * @param requestTimeout     whole-response timeout per attempt
 * @param maxRetries         retries after the first attempt for 5xx, 408, 429 and I/O errors
 * @param initialBackoff     first backoff; doubles per retry (exponential), with jitter
 * @param maxBackoff         cap of one backoff
 * @param maxRetryAfter      longest Retry-After honoured inline; longer ones postpone the whole fetch
 * @param minRequestInterval least time between two requests (e.g. CAISO OASIS refuses requests closer than ~5 s)
 * @param userAgent          User-Agent header (NWS requires an identifying one)
 */
public record HttpSettings(Duration connectTimeout, Duration requestTimeout, int maxRetries, Duration initialBackoff,
    Duration maxBackoff, Duration maxRetryAfter, Duration minRequestInterval, String userAgent) {

  public HttpSettings {
    if (maxRetries < 0) {
      throw new IllegalArgumentException("maxRetries must be >= 0, was " + maxRetries);
    }
    if (initialBackoff.compareTo(maxBackoff) > 0) {
      throw new IllegalArgumentException("initialBackoff " + initialBackoff + " exceeds maxBackoff " + maxBackoff);
    }
  }

  public static HttpSettings defaults() {
    return new HttpSettings(Duration.ofSeconds(10), Duration.ofSeconds(30), 5, Duration.ofMillis(500),
        Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ZERO, "vgf-connectors");
  }
}
