package energy.vgf.connectors.http;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one HTTP client of the connectors: per-attempt timeouts, retries with exponential backoff and
 * jitter for 5xx/408/I-O errors, 429 and 503 answered by waiting Retry-After, and request pacing.
 * Logs the URI path only: query strings and headers may carry credentials.
 */
public final class HttpFetcher {

  private static final Logger log = LoggerFactory.getLogger(HttpFetcher.class);

  private final HttpClient client;
  private final HttpSettings settings;
  private final RetryPolicy retry;
  private final Pause pause;
  private final HttpListener listener;
  private final Clock clock;
  private Instant lastRequestAt = Instant.EPOCH;

  public HttpFetcher(HttpSettings settings, Pause pause, HttpListener listener) {
    this(settings, pause, listener, Clock.systemUTC());
  }

  HttpFetcher(HttpSettings settings, Pause pause, HttpListener listener, Clock clock) {
    this.settings = settings;
    this.pause = pause;
    this.listener = listener;
    this.clock = clock;
    this.retry = new RetryPolicy(settings.initialBackoff(), settings.maxBackoff(), ThreadLocalRandom.current());
    this.client = HttpClient.newBuilder()
        .connectTimeout(settings.connectTimeout())
        .followRedirects(HttpClient.Redirect.NORMAL)
        .build();
  }

  public HttpResponse<byte[]> get(URI uri, Map<String, String> headers)
      throws HttpStatusException, HttpUnavailableException {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).GET();
    headers.forEach(b::header);
    return send(b);
  }

  public HttpResponse<byte[]> post(URI uri, Map<String, String> headers, String body)
      throws HttpStatusException, HttpUnavailableException {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofString(body));
    headers.forEach(b::header);
    return send(b);
  }

  /** Sends with retries; returns a 2xx response or throws. */
  public HttpResponse<byte[]> send(HttpRequest.Builder builder) throws HttpStatusException, HttpUnavailableException {
    HttpRequest request = builder.timeout(settings.requestTimeout())
        .setHeader("User-Agent", settings.userAgent())
        .build();
    String where = describe(request.uri());
    for (int attempt = 0; ; attempt++) {
      pace();
      HttpResponse<byte[]> response;
      try {
        listener.requestSent();
        response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
      } catch (IOException e) {
        waitBeforeRetry(attempt, Optional.empty(), where, "I/O error " + e.getClass().getSimpleName(), 0, e);
        continue;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new HttpUnavailableException("interrupted while calling " + where, Duration.ZERO, e);
      }
      int status = response.statusCode();
      if (status >= 200 && status < 300) {
        return response;
      }
      Optional<Duration> retryAfter = RetryPolicy.parseRetryAfter(
          response.headers().firstValue("Retry-After").orElse(null), clock.instant());
      if (status == 429) {
        listener.throttled();
        waitBeforeRetry(attempt, retryAfter, where, "HTTP 429", status, null);
      } else if (status >= 500 || status == 408) {
        waitBeforeRetry(attempt, status == 503 ? retryAfter : Optional.empty(), where, "HTTP " + status, status, null);
      } else {
        throw new HttpStatusException(status, where, excerpt(response.body()));
      }
    }
  }

  private void waitBeforeRetry(int attempt, Optional<Duration> retryAfter, String where, String reason, int status,
      Throwable cause) throws HttpUnavailableException {
    if (attempt >= settings.maxRetries()) {
      throw new HttpUnavailableException(reason + " from " + where + " after " + (attempt + 1) + " attempt(s)",
          retryAfter.orElse(Duration.ZERO), cause);
    }
    Duration delay = retryAfter.orElseGet(() -> retry.backoff(attempt + 1));
    if (delay.compareTo(settings.maxRetryAfter()) > 0) {
      // A long Retry-After (ERCOT and PJM send minutes when a key's quota is spent) postpones the whole
      // fetch instead of holding poll(): the task stays responsive to stop() and rebalances.
      throw new HttpUnavailableException(reason + " from " + where + ": Retry-After " + delay + " exceeds "
          + settings.maxRetryAfter(), delay, cause);
    }
    listener.retried(status);
    log.info("{} from {}: retry {}/{} in {} ms", reason, where, attempt + 1, settings.maxRetries(), delay.toMillis());
    if (!pause.await(delay)) {
      throw new HttpUnavailableException("task stopping while waiting to retry " + where, Duration.ZERO, cause);
    }
  }

  private void pace() throws HttpUnavailableException {
    Duration since = Duration.between(lastRequestAt, clock.instant());
    Duration wait = settings.minRequestInterval().minus(since);
    if (!wait.isNegative() && !wait.isZero() && !pause.await(wait)) {
      throw new HttpUnavailableException("task stopping", Duration.ZERO, null);
    }
    lastRequestAt = clock.instant();
  }

  /** Scheme, host and path only: the query of e.g. a Data Miner or OASIS URL may carry keys. */
  public static String describe(URI uri) {
    return uri.getScheme() + "://" + uri.getAuthority() + (uri.getRawPath() == null ? "" : uri.getRawPath());
  }

  private static String excerpt(byte[] body) {
    String s = body == null ? "" : new String(body, 0, Math.min(body.length, 300), StandardCharsets.UTF_8);
    return s.replaceAll("\\s+", " ").trim();
  }
}
