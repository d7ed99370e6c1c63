package energy.vgf.connectors.http;

import java.time.Duration;

/**
 * The source could not be reached within the retry budget (5xx, timeouts, a Retry-After longer than
 * we wait inline) or the task is stopping. The caller postpones the fetch by {@link #retryAfter()}.
 */
public final class HttpUnavailableException extends Exception {

  private final Duration retryAfter;

  public HttpUnavailableException(String message, Duration retryAfter, Throwable cause) {
    super(message, cause);
    this.retryAfter = retryAfter;
  }

  /** How long the server asked us to stay away, or zero when it did not say. */
  public Duration retryAfter() {
    return retryAfter;
  }
}
