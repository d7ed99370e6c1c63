package energy.vgf.connectors.source;

import energy.vgf.connectors.http.HttpListener;
import java.util.LinkedHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.metrics.Gauge;
import org.apache.kafka.common.metrics.PluginMetrics;

/**
 * Per-task counters, registered through Connect's plugin metrics (KIP-877), so they appear beside the
 * worker's own source-task metrics in JMX and every configured metrics reporter.
 */
public final class ConnectorMetrics implements HttpListener {

  final AtomicLong recordsMapped = new AtomicLong();
  final AtomicLong recordsDeadLettered = new AtomicLong();
  final AtomicLong httpRequests = new AtomicLong();
  final AtomicLong httpRetries = new AtomicLong();
  final AtomicLong httpThrottled = new AtomicLong();
  final AtomicLong fetchFailures = new AtomicLong();
  final AtomicLong lastSuccessfulFetchMs = new AtomicLong();

  public ConnectorMetrics(PluginMetrics metrics) {
    if (metrics == null) {
      return;
    }
    register(metrics, "records-mapped-total", "Records mapped to a platform contract.", recordsMapped);
    register(metrics, "records-dead-lettered-total", "Payloads written to the dead-letter topic.", recordsDeadLettered);
    register(metrics, "http-requests-total", "HTTP requests sent, retries included.", httpRequests);
    register(metrics, "http-retries-total", "HTTP retries after 5xx, 408, 429 or I/O errors.", httpRetries);
    register(metrics, "http-throttled-total", "HTTP 429 answers.", httpThrottled);
    register(metrics, "fetch-failures-total", "Fetches postponed because the source was unavailable.", fetchFailures);
    register(metrics, "last-successful-fetch-ms", "Epoch ms of the last successful fetch.", lastSuccessfulFetchMs);
  }

  private static void register(PluginMetrics metrics, String name, String doc, AtomicLong value) {
    metrics.addMetric(metrics.metricName(name, doc, new LinkedHashMap<>()), (Gauge<Long>) (config, now) -> value.get());
  }

  @Override
  public void requestSent() {
    httpRequests.incrementAndGet();
  }

  @Override
  public void retried(int status) {
    httpRetries.incrementAndGet();
  }

  @Override
  public void throttled() {
    httpThrottled.incrementAndGet();
  }

  public long recordsMapped() {
    return recordsMapped.get();
  }

  public long recordsDeadLettered() {
    return recordsDeadLettered.get();
  }

  public long httpRetries() {
    return httpRetries.get();
  }

  public long httpThrottled() {
    return httpThrottled.get();
  }
}
