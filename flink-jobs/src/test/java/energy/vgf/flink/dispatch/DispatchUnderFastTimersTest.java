package energy.vgf.flink.dispatch;

import static energy.vgf.flink.Fixtures.at;
import static energy.vgf.flink.Fixtures.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import energy.vgf.dispatch.DispatchPlan;
import energy.vgf.dispatch.DispatchSetpoint;
import energy.vgf.dispatch.SetpointReason;
import energy.vgf.flink.vehicle.VehicleSnapshot;
import energy.vgf.optimizer.instance.Instance;
import energy.vgf.optimizer.plan.Plan;
import energy.vgf.optimizer.solve.Optimizer;
import energy.vgf.optimizer.solve.SolveOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Dispatch when timers fire faster than solves complete (the full demo's accelerated time, a watermark that
 * catches up): every timer must be followed by setpoints within budget + grace of wall time, however slow or
 * stubborn the solver. Wall-clock bounds carry a generous slack because the test machine is shared; the
 * behaviour they catch (no plan at all, or a plan only after a second full budget) is far outside it.
 */
class DispatchUnderFastTimersTest {
  /** Scheduling slack for a loaded machine, on top of budget + grace. */
  private static final long SLACK_MS = 1_000;

  private KeyedBroadcastOperatorTestHarness<String, SiteInput, MarketSignal, DispatchSetpoint> harness;

  @AfterEach
  void close() throws Exception {
    Stubborn.release.set(true);
    if (harness != null) {
      harness.close();
    }
  }

  private static KeyedBroadcastOperatorTestHarness<String, SiteInput, MarketSignal, DispatchSetpoint> newHarness(
      BoundedSolver.SolveFn solveFn, long budgetMs, int threads) throws Exception {
    DispatchFunction fn = new DispatchFunction(config("dispatch.horizon.intervals", "32",
        "dispatch.solve.budget.ms", String.valueOf(budgetMs), "dispatch.solver.threads", String.valueOf(threads),
        // The boundary timers in isolation: a plug-in's re-plan would be one more dispatch to coalesce.
        "dispatch.replan.on.plug.in", "false"), false, solveFn);
    var h = new KeyedBroadcastOperatorTestHarness<>(
        new CoBroadcastWithKeyedOperator<>(fn, List.of(DispatchFunction.PRICES, DispatchFunction.WEATHER, DispatchFunction.GRID)),
        SiteInput::siteId, Types.STRING, 1, 1, 0);
    return h;
  }

  /**
   * A solve that takes {@code ms} of wall time whatever its limit, ignoring interrupts, then solves for real;
   * only for horizons starting at {@code onlyStart} when that is set (the others solve at once).
   */
  static final class Stubborn implements BoundedSolver.SolveFn {
    static final AtomicBoolean release = new AtomicBoolean();
    private final long ms;
    private final Instant onlyStart;

    Stubborn(long ms) {
      this(ms, null);
    }

    Stubborn(long ms, Instant onlyStart) {
      this.ms = ms;
      this.onlyStart = onlyStart;
      release.set(false);
    }

    @Override
    public Plan solve(Instance instance, SolveOptions options) {
      if (onlyStart == null || onlyStart.equals(instance.start())) {
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ms);
        while (System.nanoTime() < until && !release.get()) {
          LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5)); // an interrupt only wakes it early
        }
        Thread.interrupted();
      }
      return Optimizer.solve(instance, options);
    }
  }

  /** Two solves that only finish when both run at the same time. */
  static final class Rendezvous implements BoundedSolver.SolveFn {
    static CountDownLatch both;
    static final AtomicBoolean metInTime = new AtomicBoolean(true);

    @Override
    public Plan solve(Instance instance, SolveOptions options) {
      both.countDown();
      try {
        if (!both.await(5, TimeUnit.SECONDS)) {
          metInTime.set(false);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return Optimizer.solve(instance, options);
    }
  }

  private static VehicleSnapshot pluggedAt(String site, String vehicle, String charger) {
    VehicleSnapshot v = DispatchFunctionTest.plugged(vehicle, charger, 1, 20, 24 * 60);
    v.siteId = site;
    return v;
  }

  private void vehicle(VehicleSnapshot v) throws Exception {
    harness.processElement(new StreamRecord<>(SiteInput.of(v), v.tsMs));
  }

  /** Plans seen so far with the wall time at which each was first seen. */
  private final List<DispatchPlan> plans = new ArrayList<>();
  private final List<Long> seenNanos = new ArrayList<>();

  /** Advances processing time in poll steps for {@code wallMs}, recording when each plan comes out. */
  private void pollFor(long wallMs) {
    long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(wallMs);
    do {
      pollOnce();
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(DispatchFunction.POLL_MS));
    } while (System.nanoTime() < until);
  }

  private void pollOnce() {
    try {
      harness.setProcessingTime(harness.getProcessingTime() + DispatchFunction.POLL_MS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    var out = harness.getSideOutput(DispatchFunction.PLANS);
    if (out == null) {
      return;
    }
    List<DispatchPlan> all = new ArrayList<>();
    out.forEach(r -> all.add(r.getValue()));
    long now = System.nanoTime();
    for (int i = plans.size(); i < all.size(); i++) {
      plans.add(all.get(i));
      seenNanos.add(now);
    }
  }

  private void awaitPlan(String site, Instant horizonStart) {
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(DispatchFunction.POLL_MS)).until(() -> {
      pollOnce();
      return plans.stream().anyMatch(p -> p.getSiteId().equals(site) && !p.getHorizonStart().isBefore(horizonStart));
    });
  }

  /** The wall time after {@code firedNanos} at which the site had a plan for {@code interval} or later; MAX if none. */
  private long msUntilCovered(String site, Instant interval, long firedNanos) {
    for (int i = 0; i < plans.size(); i++) {
      DispatchPlan p = plans.get(i);
      if (p.getSiteId().equals(site) && !p.getHorizonStart().isBefore(interval) && seenNanos.get(i) >= firedNanos) {
        return TimeUnit.NANOSECONDS.toMillis(seenNanos.get(i) - firedNanos);
      }
    }
    return Long.MAX_VALUE;
  }

  @Test
  void keepsEmittingPlansWhenDispatchTimersFireFasterThanSolvesComplete() throws Exception {
    long budgetMs = 1_500;
    harness = newHarness(new Stubborn(300), budgetMs, 1);
    harness.open();
    vehicle(pluggedAt("depot-a", "bus-1", "cp-1"));

    // One 15-min interval every 100 ms of wall time, each solve 300 ms: the pace of a fast simulated clock.
    int intervals = 40;
    long[] firedNanos = new long[intervals];
    for (int i = 0; i < intervals; i++) {
      harness.watermark(at(15 * (i + 1)).toEpochMilli());
      firedNanos[i] = System.nanoTime();
      pollFor(100);
    }
    awaitPlan("depot-a", at(15 * intervals));

    for (int i = 0; i < intervals; i++) {
      assertThat(msUntilCovered("depot-a", at(15 * (i + 1)), firedNanos[i]))
          .as("wall ms from the timer of interval %d until a plan for it or a newer one", i + 1)
          .isLessThanOrEqualTo(budgetMs + BoundedSolver.GRACE_MS + SLACK_MS);
    }
    // Coalesced, not starved: most plans are the optimizer's, and the last one is for the newest interval.
    assertThat(plans).filteredOn(p -> !p.getFallback()).hasSizeGreaterThan(plans.size() / 2);
    assertThat(plans.get(plans.size() - 1).getHorizonStart()).isEqualTo(at(15 * intervals));
    assertThat(plans).extracting(DispatchPlan::getHorizonStart).isSorted();
  }

  @Test
  void boundsASolveQueuedBehindAnotherSitesSolveThatIgnoresItsBudget() throws Exception {
    long budgetMs = 2_000;
    // Both sites' first solves hang: one runs, the other waits for the single worker.
    harness = newHarness(new Stubborn(8_000, at(15)), budgetMs, 1);
    harness.open();
    vehicle(pluggedAt("depot-a", "bus-1", "cp-1"));
    vehicle(pluggedAt("depot-b", "bus-2", "cp-2"));

    harness.watermark(at(15).toEpochMilli());
    long fired = System.nanoTime();
    awaitPlan("depot-a", at(15));
    awaitPlan("depot-b", at(15));

    long bound = budgetMs + BoundedSolver.GRACE_MS + SLACK_MS;
    assertThat(msUntilCovered("depot-a", at(15), fired)).isLessThanOrEqualTo(bound);
    assertThat(msUntilCovered("depot-b", at(15), fired)).as("the queued site's budget counts from its timer").isLessThanOrEqualTo(bound);
    assertThat(plans).hasSize(2);

    // The hung solve still occupies its worker; the pool lends a thread, so the next interval is optimized.
    harness.watermark(at(30).toEpochMilli());
    long next = System.nanoTime();
    awaitPlan("depot-a", at(30));
    awaitPlan("depot-b", at(30));
    assertThat(msUntilCovered("depot-a", at(30), next)).isLessThanOrEqualTo(bound);
    assertThat(msUntilCovered("depot-b", at(30), next)).isLessThanOrEqualTo(bound);
    assertThat(plans.subList(2, 4)).allSatisfy(p -> assertThat(p.getFallback()).isFalse());
  }

  @Test
  void solvesSitesDueAtTheSameBoundaryInParallel() throws Exception {
    Rendezvous.both = new CountDownLatch(2);
    Rendezvous.metInTime.set(true);
    harness = newHarness(new Rendezvous(), 20_000, 2);
    harness.open();
    vehicle(pluggedAt("depot-a", "bus-1", "cp-1"));
    vehicle(pluggedAt("depot-b", "bus-2", "cp-2"));

    harness.watermark(at(15).toEpochMilli());
    awaitPlan("depot-a", at(15));
    awaitPlan("depot-b", at(15));
    assertThat(Rendezvous.metInTime).as("both sites' solves ran at the same time").isTrue();
    assertThat(plans).allSatisfy(p -> assertThat(p.getFallback()).isFalse());
  }

  @Test
  void restoresTheNewestOwedDispatchWhenACheckpointCaughtOneRunningAndOneWaiting() throws Exception {
    harness = newHarness(new Stubborn(5_000), 20_000, 1);
    harness.open();
    vehicle(pluggedAt("depot-a", "bus-1", "cp-1"));
    harness.watermark(at(15).toEpochMilli()); // on the pool
    harness.watermark(at(30).toEpochMilli()); // waits behind it
    OperatorSubtaskState snapshot = harness.snapshot(1L, at(30).toEpochMilli());
    Stubborn.release.set(true);
    harness.close();

    harness = newHarness(BoundedSolver.OPTIMIZER, 20_000, 1);
    harness.initializeState(snapshot);
    harness.open();
    awaitPlan("depot-a", at(30));
    assertThat(plans).extracting(DispatchPlan::getHorizonStart).containsExactly(at(30));
    assertThat(harness.extractOutputValues()).extracting(DispatchSetpoint::getReason).containsOnly(SetpointReason.OPTIMIZER);
  }
}
