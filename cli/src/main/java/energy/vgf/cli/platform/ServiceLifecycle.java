package energy.vgf.cli.platform;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Runs services until the process is told to stop (SIGTERM, Ctrl-C): resources are closed in reverse
 * order of start from the JVM's shutdown hook, so a broker is never stopped under a registry using it.
 */
public final class ServiceLifecycle {

  private final List<AutoCloseable> resources = new ArrayList<>();
  private final CountDownLatch stopped = new CountDownLatch(1);

  public <T extends AutoCloseable> T manage(T resource) {
    synchronized (resources) {
      resources.add(resource);
    }
    return resource;
  }

  /** Blocks until SIGTERM/SIGINT, then closes everything and returns. */
  public void awaitTermination() {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      closeAll();
      stopped.countDown();
    }, "vgf-shutdown"));
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  public void closeAll() {
    synchronized (resources) {
      for (int i = resources.size() - 1; i >= 0; i--) {
        try {
          resources.get(i).close();
        } catch (Exception e) {
          System.err.println("vgf: error while stopping " + resources.get(i).getClass().getSimpleName() + ": " + e);
        }
      }
      resources.clear();
    }
  }
}
