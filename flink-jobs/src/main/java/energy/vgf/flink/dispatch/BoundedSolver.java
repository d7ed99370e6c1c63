package energy.vgf.flink.dispatch;

import energy.vgf.optimizer.instance.Instance;
import energy.vgf.optimizer.plan.Plan;
import energy.vgf.optimizer.solve.Optimizer;
import energy.vgf.optimizer.solve.SolveOptions;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Calls the optimizer with a hard wall-clock bound. The optimizer is anytime and honours its budget, but a
 * checkpoint barrier waits behind the timer that solves, so the bound is enforced here too: the solve runs
 * on a worker thread and, if it is not back within budget + grace, the least-laxity-first fallback (milliseconds)
 * is used and the worker is abandoned to finish on its own.
 */
final class BoundedSolver implements AutoCloseable {
  /** Time the optimizer may overrun its own budget before we stop waiting (JIT, GC pauses). */
  static final long GRACE_MS = 250;

  record Outcome(Plan plan, boolean fallback) {
  }

  private ExecutorService worker = newWorker();

  private static ExecutorService newWorker() {
    return Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "vgf-dispatch-solver");
      t.setDaemon(true);
      return t;
    });
  }

  Outcome solve(Instance instance, long budgetMs, Map<String, double[]> previous) {
    long start = System.nanoTime();
    SolveOptions options = SolveOptions.defaults().withTimeLimitMs(budgetMs).withPrevious(previous);
    Future<Plan> f = worker.submit(() -> Optimizer.solve(instance, options));
    try {
      Plan p = f.get(budgetMs + GRACE_MS, TimeUnit.MILLISECONDS);
      // The optimizer itself answers with its fallback when its budget ran out before the LP finished.
      return new Outcome(p, "least-laxity-first".equals(p.method()));
    } catch (TimeoutException e) {
      f.cancel(true);
      // The overrunning solve may ignore the interrupt: the next one must not queue behind it.
      worker.shutdownNow();
      worker = newWorker();
      Plan p = Optimizer.fallback(instance);
      return new Outcome(p.withSolveMs((System.nanoTime() - start) / 1_000_000L), true);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      f.cancel(true);
      return new Outcome(Optimizer.fallback(instance), true);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw new IllegalStateException("optimizer failed", e.getCause());
    }
  }

  @Override
  public void close() {
    worker.shutdownNow();
  }
}
