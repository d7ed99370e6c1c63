package energy.vgf.flink.dispatch;

import energy.vgf.optimizer.instance.Instance;
import energy.vgf.optimizer.plan.Plan;
import energy.vgf.optimizer.solve.Optimizer;
import energy.vgf.optimizer.solve.SolveOptions;
import java.io.Serializable;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the optimizer on a small pool of worker threads with a hard wall-clock bound per solve. The bound is
 * measured from the moment the dispatch became due ({@code dueNanos}, normally the submission), not from the
 * moment a worker picked the solve up: a solve queued behind other sites' solves eats into its own budget, so
 * budget + grace holds for every solve, running or queued. A worker starts a solve with what is left of the
 * budget as the optimizer's own time limit, and with nothing left it does not start the LP at all.
 *
 * <p>The optimizer is anytime and honours its limit; the bound here covers JIT and GC pauses and a solve that
 * ignores both its limit and the interrupt. Such a solve keeps its worker busy, so {@link #abandon} adds one
 * thread to the pool for as long as the abandoned solve still runs (at most {@code threads} extra): queued
 * solves keep their full pool.
 *
 * <p>{@link #submit} is what dispatch uses: the task thread never waits for a solve, so neither records nor
 * checkpoint barriers queue behind one. {@link #solve} (submit and wait) is kept for a synchronous caller.
 */
final class BoundedSolver implements AutoCloseable {
  /** Time the optimizer may overrun its own budget before we stop waiting (JIT, GC pauses). */
  static final long GRACE_MS = 250;

  /** The optimizer call; replaceable so that tests can stand in a solve that is slow or ignores interrupts. */
  @FunctionalInterface
  interface SolveFn extends Serializable {
    Plan solve(Instance instance, SolveOptions options);
  }

  static final SolveFn OPTIMIZER = Optimizer::solve;

  record Outcome(Plan plan, boolean fallback) {
  }

  /** A solve in flight: its future, when its dispatch became due, and whether a worker has picked it up. */
  static final class Pending {
    final FutureTask<Plan> future;
    final Instance instance;
    /** The plan in force, aligned to the instance: what the fallback continues. */
    final Map<String, double[]> previous;
    final long budgetMs;
    final long dueNanos;
    // Guarded by this: whether a worker runs it, and whether the pool lent a replacement thread for it.
    private boolean started;
    private boolean finished;
    private boolean borrowed;

    private Pending(Instance instance, Map<String, double[]> previous, long budgetMs, long dueNanos,
                    java.util.concurrent.Callable<Plan> call) {
      this.instance = instance;
      this.previous = previous;
      this.budgetMs = budgetMs;
      this.dueNanos = dueNanos;
      this.future = new FutureTask<>(call);
    }

    /** True once budget + grace have passed since the dispatch became due, queued or running. */
    boolean overrun(long nowNanos) {
      return nowNanos - dueNanos > TimeUnit.MILLISECONDS.toNanos(budgetMs + GRACE_MS);
    }

    /** Milliseconds since the dispatch became due. */
    long elapsedMs(long nowNanos) {
      return TimeUnit.NANOSECONDS.toMillis(nowNanos - dueNanos);
    }
  }

  private final int threads;
  private final SolveFn solveFn;
  private final ThreadPoolExecutor pool;
  /** Abandoned solves still running on a worker: the pool holds one extra thread for each (bounded). */
  private final AtomicInteger stuck = new AtomicInteger();

  BoundedSolver(int threads, SolveFn solveFn) {
    if (threads < 1) {
      throw new IllegalArgumentException("solver threads must be at least 1, got " + threads);
    }
    this.threads = threads;
    this.solveFn = solveFn;
    AtomicInteger n = new AtomicInteger();
    this.pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
      Thread t = new Thread(r, "vgf-dispatch-solver-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }

  /** Submits a solve whose dispatch became due now. */
  Pending submit(Instance instance, long budgetMs, Map<String, double[]> previous) {
    return submit(instance, budgetMs, previous, System.nanoTime());
  }

  /** Submits a solve whose dispatch became due at {@code dueNanos}: that is where its budget is counted from. */
  Pending submit(Instance instance, long budgetMs, Map<String, double[]> previous, long dueNanos) {
    Pending[] self = new Pending[1];
    Pending p = new Pending(instance, previous, budgetMs, dueNanos, () -> {
      Pending me = self[0];
      synchronized (me) {
        me.started = true;
      }
      try {
        long waitedMs = me.elapsedMs(System.nanoTime());
        long leftMs = budgetMs - waitedMs;
        if (leftMs <= 0) {
          // Waited out its budget in the queue (other sites' solves): the plan's time is that wait.
          return Optimizer.fallback(instance, previous).withSolveMs(waitedMs);
        }
        SolveOptions options = SolveOptions.defaults().withTimeLimitMs(leftMs).withPrevious(previous);
        return solveFn.solve(instance, options);
      } finally {
        synchronized (me) {
          me.finished = true;
          if (me.borrowed) {
            release();
          }
        }
      }
    });
    self[0] = p;
    pool.execute(p.future);
    return p;
  }

  /**
   * The outcome of a finished solve; the fallback when it failed. Call only when {@code p.future.isDone()}.
   * A RuntimeException of the optimizer is rethrown (the caller counts it and falls back).
   */
  static Outcome outcome(Pending p) {
    try {
      Plan plan = p.future.get();
      // The optimizer itself answers with a quick plan when its budget ran out before the LP finished.
      return new Outcome(plan, Optimizer.isFallback(plan));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Outcome(Optimizer.fallback(p.instance, p.previous), true);
    } catch (CancellationException e) {
      return new Outcome(Optimizer.fallback(p.instance, p.previous), true);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw new IllegalStateException("optimizer failed", e.getCause());
    }
  }

  /** Gives up on a solve (over its bound, or superseded): the fallback plan; a queued solve never starts. */
  Outcome abandon(Pending p) {
    cancel(p);
    long solveMs = p.elapsedMs(System.nanoTime());
    return new Outcome(Optimizer.fallback(p.instance, p.previous).withSolveMs(solveMs), true);
  }

  /**
   * Cancels a solve. A queued one is dropped; a running one is interrupted, and if it is still running after
   * that the pool gets a replacement thread until it ends (a solve may ignore the interrupt).
   */
  void cancel(Pending p) {
    p.future.cancel(true);
    pool.remove(p.future);
    synchronized (p) {
      if (p.started && !p.finished && !p.borrowed) {
        p.borrowed = borrow();
      }
    }
  }

  private synchronized boolean borrow() {
    if (stuck.get() >= threads) {
      return false; // bounded: past this, queued solves wait and hit their own bound (fallback)
    }
    int n = threads + stuck.incrementAndGet();
    pool.setMaximumPoolSize(n);
    pool.setCorePoolSize(n);
    return true;
  }

  private synchronized void release() {
    int n = threads + stuck.decrementAndGet();
    pool.setCorePoolSize(n);
    pool.setMaximumPoolSize(n);
  }

  /** Submits and waits, bounded by budget + grace after submission. */
  Outcome solve(Instance instance, long budgetMs, Map<String, double[]> previous) {
    Pending p = submit(instance, budgetMs, previous);
    try {
      p.future.get(budgetMs + GRACE_MS, TimeUnit.MILLISECONDS);
      return outcome(p);
    } catch (TimeoutException e) {
      return abandon(p);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      cancel(p);
      return new Outcome(Optimizer.fallback(instance, previous), true);
    } catch (ExecutionException | CancellationException e) {
      return outcome(p); // rethrows the optimizer's failure
    }
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
