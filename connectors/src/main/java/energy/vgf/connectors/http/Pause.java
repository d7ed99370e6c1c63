package energy.vgf.connectors.http;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Waits that end early when the owning task stops: a Connect task must return from poll() soon after
 * stop() (task.shutdown.graceful.timeout.ms), so backoffs and Retry-After waits never block it.
 */
public final class Pause {

  private final CountDownLatch stopped = new CountDownLatch(1);

  /** Waits for the duration, or until {@link #stop()}; returns false if stopped. */
  public boolean await(Duration duration) {
    if (duration.isNegative() || duration.isZero()) {
      return !stopped();
    }
    try {
      return !stopped.await(duration.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  public void stop() {
    stopped.countDown();
  }

  public boolean stopped() {
    return stopped.getCount() == 0;
  }
}
