package energy.vgf.flink.dispatch;

import energy.vgf.optimizer.instance.Instance;
import energy.vgf.optimizer.plan.Plan;
import energy.vgf.optimizer.solve.Optimizer;
import energy.vgf.optimizer.solve.SolveOptions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs the optimizer on a worker thread with a hard wall-clock bound. The optimizer is anytime and honours its
 * budget; the bound here covers JIT and GC pauses and a solve that ignores its budget: past budget + grace the
 * least-laxity-first fallback (milliseconds) is used and the worker is replaced (the overrunning solve may ignore
 * the interrupt; solves queued behind it move to the new worker).
 *
 * <p>{@link #submit} is what dispatch uses: the task thread never waits for a solve, so neither records nor
 * checkpoint barriers queue behind one. {@link #solve} (submit and wait) is kept for a synchronous caller.
 */
final class BoundedSolver implements AutoCloseable {
  /** Time the optimizer may overrun its own budget before we stop waiting (JIT, GC pauses). */
  static final long GRACE_MS = 250;

  record Outcome(Plan plan, boolean fallback) {
  }

  /** A solve in flight: its future and when the worker started it (0 while queued behind other sites' solves). */
  static final class Pending {
    final Future<Plan> future;
    final Instance instance;
    final long budgetMs;
    private final AtomicLong startNanos;

    private Pending(Future<Plan> future, Instance instance, long budgetMs, AtomicLong startNanos) {
      this.future = future;
      this.instance = instance;
      this.budgetMs = budgetMs;
      this.startNanos = startNanos;
    }

    /** True once the worker has run this solve for longer than budget + grace (a queued solve never is). */
    boolean overrun(long nowNanos) {
      long s = startNanos.get();
      return s != 0 && nowNanos - s > TimeUnit.MILLISECONDS.toNanos(budgetMs + GRACE_MS);
    }
  }

  private ExecutorService worker = newWorker();

  private static ExecutorService newWorker() {
    return Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "vgf-dispatch-solver");
      t.setDaemon(true);
      return t;
    });
  }

  Pending submit(Instance instance, long budgetMs, Map<String, double[]> previous) {
    SolveOptions options = SolveOptions.defaults().withTimeLimitMs(budgetMs).withPrevious(previous);
    AtomicLong start = new AtomicLong();
    Future<Plan> f = worker.submit(() -> {
      start.set(System.nanoTime());
      return Optimizer.solve(instance, options);
    });
    return new Pending(f, instance, budgetMs, start);
  }

  /**
   * The outcome of a finished solve; the fallback when it failed. Call only when {@code p.future.isDone()}.
   * A RuntimeException of the optimizer is rethrown (the caller counts it and falls back).
   */
  static Outcome outcome(Pending p) {
    try {
      Plan plan = p.future.get();
      // The optimizer itself answers with its fallback when its budget ran out before the LP finished.
      return new Outcome(plan, "least-laxity-first".equals(plan.method()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Outcome(Optimizer.fallback(p.instance), true);
    } catch (CancellationException e) {
      return new Outcome(Optimizer.fallback(p.instance), true);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw new IllegalStateException("optimizer failed", e.getCause());
    }
  }

  /** Gives up on an overrunning solve: the fallback plan, and a fresh worker for the solves queued behind it. */
  Outcome abandon(Pending p) {
    p.future.cancel(true);
    List<Runnable> queued = worker.shutdownNow();
    worker = newWorker();
    for (Runnable r : queued) {
      if (r instanceof FutureTask<?> task && !task.isDone()) {
        worker.execute(task); // the same future completes on the new worker
      }
    }
    long solveMs = (System.nanoTime() - p.startNanos.get()) / 1_000_000L;
    return new Outcome(Optimizer.fallback(p.instance).withSolveMs(solveMs), true);
  }

  /** Submits and waits, bounded by budget + grace after the solve started. */
  Outcome solve(Instance instance, long budgetMs, Map<String, double[]> previous) {
    Pending p = submit(instance, budgetMs, previous);
    try {
      p.future.get(budgetMs + GRACE_MS, TimeUnit.MILLISECONDS);
      return outcome(p);
    } catch (TimeoutException e) {
      return abandon(p);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.future.cancel(true);
      return new Outcome(Optimizer.fallback(instance), true);
    } catch (ExecutionException e) {
      return outcome(p); // rethrows the optimizer's failure
    }
  }

  @Override
  public void close() {
    worker.shutdownNow();
  }
}
