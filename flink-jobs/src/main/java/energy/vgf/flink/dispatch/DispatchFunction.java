package energy.vgf.flink.dispatch;

import energy.vgf.dispatch.DispatchPlan;
import energy.vgf.dispatch.DispatchSetpoint;
import energy.vgf.dispatch.PlanTrigger;
import energy.vgf.dispatch.PlannedVehicle;
import energy.vgf.dispatch.SetpointReason;
import energy.vgf.dispatch.SetpointStep;
import energy.vgf.flink.config.JobConfig;
import energy.vgf.flink.vehicle.AckEvent;
import energy.vgf.flink.vehicle.VehicleSnapshot;
import energy.vgf.grid.GridConstraint;
import energy.vgf.market.MarketPrice;
import energy.vgf.optimizer.instance.InvalidInstanceException;
import energy.vgf.optimizer.plan.Plan;
import energy.vgf.optimizer.plan.VehiclePlan;
import energy.vgf.optimizer.solve.Optimizer;
import energy.vgf.weather.WeatherForecast;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keyed by site: rolling-horizon dispatch. An event-time timer at every dispatch interval boundary builds
 * the optimizer instance (vehicles from keyed state; prices, weather and grid constraints from broadcast
 * state), solves it within {@code dispatch.solve.budget.ms} ({@link BoundedSolver}: the fallback plan when
 * over budget, so neither the pipeline nor a checkpoint waits longer than the budget), emits one setpoint per
 * charger covering the first {@code dispatch.setpoint.intervals} intervals (the later intervals' powers as
 * {@code steps}, so a setpoint that arrives late is applied at the plan's power for the time of arrival, not at
 * the power planned for an interval already past) with {@code valid_to} = their end + grace (after which the
 * charger's fail-safe default profile applies if dispatch has stopped), and publishes the rest of the plan as a
 * DispatchPlan.
 *
 * <p>The solve is asynchronous: the timer hands the site's dispatch to {@link BoundedSolver}'s pool
 * ({@code dispatch.solver.threads} workers per subtask, so sites due at the same boundary solve in parallel); a
 * processing-time timer polls every {@link #POLL_MS} ms and emits the plan when it is back. So records and
 * checkpoint barriers never wait behind a solve.
 *
 * <p>Timers may fire faster than solves complete (the watermark jumps several intervals after a catch-up; in
 * accelerated simulated time an interval is a second or two of wall time). Cancelling the solve in flight for
 * each newer timer would then starve the site: no plan would ever be emitted. Instead a site has at most one
 * solve on the pool, and dispatches that become due meanwhile are coalesced: only the newest is remembered
 * (the older waiting ones are counted as superseded). When the running solve finishes it is emitted (it is
 * newer than anything the site has), and the newest waiting dispatch is built from the state of that moment
 * and solved right away. Every budget is counted from the moment its dispatch became due, including the time
 * it waited, so after any timer the site gets setpoints for that interval or a newer one within
 * {@code dispatch.solve.budget.ms} + {@link BoundedSolver#GRACE_MS} of wall time: the optimizer's plan, or the
 * quick plan when the budget was spent (also when it was spent waiting): the plan in force continued (repaired
 * onto the new instance's limits, new vehicles topped up), or least-laxity-first where that misses less.
 *
 * <p>The newest dispatch not yet emitted is kept in keyed state ({@code pending-solve}); after a restore its
 * poll timer finds no solve running and solves again from the restored state (the setpoints of a solve that
 * was not finished at the checkpoint were never emitted).
 *
 * <p>Acks: a REJECTED, TIMEOUT, NOT_CONNECTED, NOT_SUPPORTED or ERROR answer to a setpoint of the current
 * plan holds that charger out of planning for {@code dispatch.rejected.charger.hold.ms} (its own default
 * profile is assumed to draw up to its maximum, so the site limit for the others shrinks by that much) and
 * triggers an immediate re-plan at the ack's event time. So does a vehicle plugging in
 * ({@code dispatch.replan.on.plug.in}): its setpoint comes at once instead of at the next boundary.
 */
public final class DispatchFunction extends KeyedBroadcastProcessFunction<String, SiteInput, MarketSignal, DispatchSetpoint> {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(DispatchFunction.class);

  public static final MapStateDescriptor<String, MarketPrice> PRICES =
      new MapStateDescriptor<>("prices", Types.STRING, new AvroTypeInfo<>(MarketPrice.class));
  public static final MapStateDescriptor<String, WeatherForecast> WEATHER =
      new MapStateDescriptor<>("weather", Types.STRING, new AvroTypeInfo<>(WeatherForecast.class));
  public static final MapStateDescriptor<String, GridConstraint> GRID =
      new MapStateDescriptor<>("grid-constraints", Types.STRING, new AvroTypeInfo<>(GridConstraint.class));
  public static final OutputTag<DispatchPlan> PLANS = new OutputTag<>("dispatch-plans", new AvroTypeInfo<>(DispatchPlan.class));

  /** Broadcast entries whose validity ended this long before the newest signal are dropped (bounded state). */
  static final long SIGNAL_RETENTION_MS = 2 * 86_400_000L;
  /** How often a solve in flight is checked for completion: bounds the latency the asynchronous solve adds. */
  static final long POLL_MS = 5;

  /** The dispatch a solve in flight belongs to (keyed state, so that a restore can redo it). A Flink POJO. */
  public static class PendingSolve {
    public long timerMs;
    public long startMs;
    public boolean replan;

    public PendingSolve() {
    }
  }

  /** A solve in flight on the pool, with what is needed to turn its plan into setpoints. */
  private record InFlight(PendingSolve key, BoundedSolver.Pending solve, InstanceBuilder.Built built) {
  }

  /** A site's solve on the pool and the newest dispatch that became due while it ran. */
  private static final class SiteSolves {
    InFlight running;
    PendingSolve waiting;
    /** When the oldest dispatch that {@code waiting} stands for became due: its budget counts from there. */
    long waitingDueNanos;
  }

  private final JobConfig config;
  private final InstanceBuilder builder;
  private final long intervalMs;

  private transient MapState<String, VehicleSnapshot> vehicles;
  private transient MapState<String, Long> heldUntil;
  private transient MapState<String, String> outstanding;
  private transient MapState<String, double[]> previousPowerKw;
  private transient ValueState<Long> previousStartMs;
  private transient ValueState<Long> nextDispatchMs;
  private transient ValueState<Long> replanAtMs;
  /** The event time of what triggered the pending re-plan: its setpoints start there, whenever the timer fires. */
  private transient ValueState<Long> replanAsOfMs;
  private transient ValueState<PendingSolve> pendingSolve;
  private transient BoundedSolver solver;
  /** Solves in flight by site; transient: after a restore {@code pending-solve} says what to redo. */
  private transient Map<String, SiteSolves> solves;
  private transient Counter plans;
  private transient Counter fallbacks;
  private transient Counter replans;
  private transient Counter setpointsOut;
  private transient Counter failures;
  private transient Counter superseded;
  private transient Histogram solveMs;
  private transient Map<String, double[]> costBySite;

  /** Synchronous solves (inside the timer), for operator tests that assert on the output right after a watermark. */
  private final boolean solveInTimer;
  private final BoundedSolver.SolveFn solveFn;

  public DispatchFunction(JobConfig config) {
    this(config, false);
  }

  DispatchFunction(JobConfig config, boolean solveInTimer) {
    this(config, solveInTimer, BoundedSolver.OPTIMIZER);
  }

  DispatchFunction(JobConfig config, boolean solveInTimer, BoundedSolver.SolveFn solveFn) {
    this.config = config;
    this.builder = new InstanceBuilder(config);
    this.intervalMs = config.dispatchIntervalMinutes() * 60_000L;
    this.solveInTimer = solveInTimer;
    this.solveFn = solveFn;
  }

  @Override
  public void open(OpenContext ctx) {
    var rc = getRuntimeContext();
    vehicles = rc.getMapState(new MapStateDescriptor<>("site-vehicles", Types.STRING, TypeInformation.of(VehicleSnapshot.class)));
    heldUntil = rc.getMapState(new MapStateDescriptor<>("held-chargers", Types.STRING, Types.LONG));
    outstanding = rc.getMapState(new MapStateDescriptor<>("outstanding-setpoints", Types.STRING, Types.STRING));
    previousPowerKw = rc.getMapState(new MapStateDescriptor<>("previous-power-kw", Types.STRING, PrimitiveArrayTypeInfo.DOUBLE_PRIMITIVE_ARRAY_TYPE_INFO));
    previousStartMs = rc.getState(new ValueStateDescriptor<>("previous-start", Types.LONG));
    nextDispatchMs = rc.getState(new ValueStateDescriptor<>("next-dispatch", Types.LONG));
    replanAtMs = rc.getState(new ValueStateDescriptor<>("replan-at", Types.LONG));
    replanAsOfMs = rc.getState(new ValueStateDescriptor<>("replan-as-of", Types.LONG));
    pendingSolve = rc.getState(new ValueStateDescriptor<>("pending-solve", TypeInformation.of(PendingSolve.class)));
    solver = new BoundedSolver(config.solverThreads(), solveFn);
    solves = new HashMap<>();
    var metrics = rc.getMetricGroup().addGroup("vgf");
    plans = metrics.counter("plans");
    fallbacks = metrics.counter("fallbackPlans");
    replans = metrics.counter("replans");
    setpointsOut = metrics.counter("setpointsOut");
    failures = metrics.counter("dispatchFailures");
    superseded = metrics.counter("supersededDispatches");
    solveMs = metrics.histogram("solveTimeMs", new DescriptiveStatisticsHistogram(500));
    costBySite = new HashMap<>();
  }

  @Override
  public void close() {
    if (solver != null) {
      solver.close();
    }
  }

  @Override
  public void processElement(SiteInput in, ReadOnlyContext ctx, Collector<DispatchSetpoint> out) throws Exception {
    if (in.vehicle != null) {
      VehicleSnapshot v = in.vehicle;
      if (v.present) {
        VehicleSnapshot known = vehicles.get(v.vehicleId);
        if (known == null || known.tsMs <= v.tsMs) {
          vehicles.put(v.vehicleId, v);
          if (config.replanOnPlugIn() && pluggedInNow(known, v)) {
            replanAt(v.tsMs, ctx);
          }
        }
      } else {
        vehicles.remove(v.vehicleId);
      }
      if (nextDispatchMs.value() == null) {
        // A timer at or behind the watermark would only fire on its next advance, which may never come (the
        // watermark can be ahead of a late vehicle's event time): the schedule starts after both.
        long after = Math.max(v.tsMs, ctx.timerService().currentWatermark());
        long next = Math.floorDiv(after, intervalMs) * intervalMs + intervalMs;
        nextDispatchMs.update(next);
        ctx.timerService().registerEventTimeTimer(next);
      }
    } else if (in.ack != null) {
      onAck(in.ack, ctx);
    }
  }

  private void onAck(AckEvent a, ReadOnlyContext ctx) throws Exception {
    String charger = outstanding.get(a.setpointId);
    if (a.accepted()) {
      outstanding.remove(a.setpointId);
      heldUntil.remove(a.chargerId); // it answers again: plan it from the next interval
      return;
    }
    if (charger == null) {
      LOG.debug("site {}: {} for setpoint {} of an earlier plan; nothing to re-plan", ctx.getCurrentKey(), a.status, a.setpointId);
      return;
    }
    outstanding.remove(a.setpointId);
    heldUntil.put(a.chargerId, a.tsMs + config.rejectedChargerHoldMs());
    LOG.info("site {}: charger {} answered {} to setpoint {} ({}); re-planning around it", ctx.getCurrentKey(),
        a.chargerId, a.status, a.setpointId, a.detail);
    replanAt(a.tsMs, ctx);
  }

  /**
   * A vehicle that plugs in (or moves to another charger) would otherwise charge at its charger's fail-safe until
   * the next boundary: up to a whole interval lost, which a vehicle with a short dwell cannot afford.
   */
  private static boolean pluggedInNow(VehicleSnapshot known, VehicleSnapshot v) {
    return v.pluggedIn && v.chargerId != null
        && (known == null || !known.pluggedIn || !v.chargerId.equals(known.chargerId));
  }

  /**
   * An event-time re-plan at {@code tsMs} (or just past the watermark). One re-plan pending per site: it reads the
   * state when it fires, so it already covers whatever arrives before then, and a burst of arrivals cannot
   * postpone it indefinitely.
   */
  private void replanAt(long tsMs, ReadOnlyContext ctx) throws Exception {
    Long pending = replanAtMs.value();
    long watermark = ctx.timerService().currentWatermark();
    if (pending != null && pending > watermark) {
      return;
    }
    long at = Math.max(tsMs, watermark + 1);
    if (at % intervalMs == 0) {
      at += 1; // a boundary timer already re-plans; keep the two apart
    }
    replanAtMs.update(at);
    replanAsOfMs.update(tsMs);
    ctx.timerService().registerEventTimeTimer(at);
  }

  @Override
  public void processBroadcastElement(MarketSignal s, Context ctx, Collector<DispatchSetpoint> out) throws Exception {
    if (s.price != null) {
      MarketPrice p = s.price;
      BroadcastState<String, MarketPrice> state = ctx.getBroadcastState(PRICES);
      state.put(p.getIso() + ":" + p.getNode() + "|" + p.getMarket() + "|" + p.getIntervalStart().toEpochMilli(), p);
      prune(state.iterator(), p.getIntervalStart().toEpochMilli(), e -> e.getIntervalEnd().toEpochMilli());
    } else if (s.weather != null) {
      WeatherForecast w = s.weather;
      BroadcastState<String, WeatherForecast> state = ctx.getBroadcastState(WEATHER);
      state.put(w.getLocationId() + "|" + w.getValidAt().toEpochMilli(), w);
      prune(state.iterator(), w.getValidAt().toEpochMilli(), e -> e.getValidAt().toEpochMilli() + 3_600_000L);
    } else if (s.grid != null) {
      GridConstraint g = s.grid;
      BroadcastState<String, GridConstraint> state = ctx.getBroadcastState(GRID);
      state.put(g.getConstraintId(), g); // a later record with the same id replaces the earlier one
      prune(state.iterator(), g.getIssuedAt().toEpochMilli(), e -> e.getValidTo().toEpochMilli());
    }
  }

  private static <T> void prune(Iterator<Map.Entry<String, T>> it, long newestMs, java.util.function.ToLongFunction<T> endMs) {
    while (it.hasNext()) {
      if (endMs.applyAsLong(it.next().getValue()) < newestMs - SIGNAL_RETENTION_MS) {
        it.remove();
      }
    }
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<DispatchSetpoint> out) throws Exception {
    try {
      onTimerGuarded(timestamp, ctx, out);
    } catch (RuntimeException e) {
      // A defect in planning one site must not fail the job (a restart would meet the same state again):
      // this site gets no setpoints this time and its chargers' fail-safe takes over at valid_to.
      failures.inc();
      LOG.error("site {}: dispatch at {} failed; no setpoints from it (the chargers' fail-safe applies at valid_to)",
          ctx.getCurrentKey(), Instant.ofEpochMilli(timestamp), e);
    }
  }

  private void onTimerGuarded(long timestamp, OnTimerContext ctx, Collector<DispatchSetpoint> out) throws Exception {
    if (ctx.timeDomain() == org.apache.flink.streaming.api.TimeDomain.PROCESSING_TIME) {
      poll(ctx, out);
      return;
    }
    Long replan = replanAtMs.value();
    boolean isReplan = replan != null && replan == timestamp;
    long asOfMs = timestamp;
    if (isReplan) {
      // From the trigger's event time, not the timer's: the timer sits just past the watermark when the trigger
      // came behind it, which depends on how the input was batched; the setpoints must not.
      Long asOf = replanAsOfMs.value();
      asOfMs = asOf == null ? timestamp : Math.min(asOf, timestamp);
      replanAtMs.clear();
      replanAsOfMs.clear();
      replans.inc();
    } else {
      Long scheduled = nextDispatchMs.value();
      if (scheduled == null || scheduled != timestamp) {
        return; // a superseded timer
      }
    }
    String site = ctx.getCurrentKey();
    long startMs = Math.floorDiv(timestamp, intervalMs) * intervalMs;
    Set<String> held = new HashSet<>();
    for (Iterator<Map.Entry<String, Long>> it = heldUntil.iterator(); it.hasNext(); ) {
      Map.Entry<String, Long> e = it.next();
      if (e.getValue() <= timestamp) {
        it.remove();
      } else {
        held.add(e.getKey());
      }
    }
    boolean anyPlugged = false;
    for (VehicleSnapshot v : vehicles.values()) {
      anyPlugged |= v.pluggedIn;
    }
    if (LOG.isDebugEnabled()) {
      LOG.debug("site {}: {} dispatch at {}, vehicles {}", site, isReplan ? "re-plan" : "scheduled",
          Instant.ofEpochMilli(timestamp), vehicles.values());
    }
    // The next boundary first: a failure below must not end the site's schedule.
    if (!isReplan) {
      if (vehicles.isEmpty()) {
        nextDispatchMs.clear(); // the next vehicle at this site starts the schedule again
      } else {
        nextDispatchMs.update(timestamp + intervalMs);
        ctx.timerService().registerEventTimeTimer(timestamp + intervalMs);
      }
    }
    if (anyPlugged) {
      PendingSolve key = new PendingSolve();
      key.timerMs = Math.max(startMs, asOfMs);
      key.startMs = startMs;
      key.replan = isReplan;
      dispatch(site, key, held, ctx, out);
    }
  }

  /** A dispatch timer: solve now, or coalesce behind the site's solve already on the pool. */
  private void dispatch(String site, PendingSolve key, Set<String> held, OnTimerContext ctx,
                        Collector<DispatchSetpoint> out) throws Exception {
    SiteSolves s = solves.get(site);
    if (!solveInTimer && s != null && s.running != null) {
      if (s.waiting == null) {
        s.waitingDueNanos = System.nanoTime();
      } else {
        superseded.inc(); // the newer one covers it; its budget still counts from the older one's timer
      }
      s.waiting = key;
      pendingSolve.update(key);
      return;
    }
    start(site, key, held, System.nanoTime(), ctx, out);
  }

  /**
   * Builds the site's instance from the state of this moment and solves it: submitted to the pool with the
   * budget left since {@code dueNanos}, or, with none left, answered with the fallback plan at once.
   */
  private void start(String site, PendingSolve key, Set<String> held, long dueNanos, OnTimerContext ctx,
                     Collector<DispatchSetpoint> out) throws Exception {
    long startMs = key.startMs;
    pendingSolve.clear();
    InstanceBuilder.Built built;
    try {
      built = builder.build(site, startMs, vehicles.values(), values(ctx.getBroadcastState(PRICES)),
          values(ctx.getBroadcastState(WEATHER)), values(ctx.getBroadcastState(GRID)), held);
    } catch (InvalidInstanceException e) {
      // No setpoints: the chargers' valid_to expires and their fail-safe profile applies.
      failures.inc();
      LOG.warn("site {}: cannot build a dispatch instance at {}: {}; chargers fall back to their fail-safe profile at valid_to."
          + " Check the fleet.* configuration of this site and its vehicles.", site, Instant.ofEpochMilli(startMs), e.getMessage());
      return;
    }
    if (built.instance().vehicles().isEmpty()) {
      return;
    }
    Map<String, double[]> previous = new HashMap<>();
    Long prevStart = previousStartMs.value();
    if (prevStart != null) {
      int elapsed = (int) ((startMs - prevStart) / intervalMs);
      for (Map.Entry<String, double[]> e : previousPowerKw.entries()) {
        double[] aligned = new double[config.dispatchHorizonIntervals()];
        for (int t = 0; t < aligned.length; t++) {
          int from = t + elapsed;
          aligned[t] = from >= 0 && from < e.getValue().length ? e.getValue()[from] : Double.NaN;
        }
        previous.put(e.getKey(), aligned);
      }
    }
    // A re-plan answers an event inside the interval (a plug-in, a rejection): it may have a shorter budget.
    long budgetMs = key.replan ? config.replanBudgetMs() : config.solveBudgetMs();
    if (solveInTimer) {
      BoundedSolver.Outcome outcome;
      try {
        outcome = budgetMs == 0 ? new BoundedSolver.Outcome(Optimizer.fallback(built.instance(), previous), true)
            : solver.solve(built.instance(), budgetMs, previous);
      } catch (RuntimeException e) {
        outcome = failed(site, built, previous, e);
      }
      emit(site, key, built, outcome, ctx, out);
      return;
    }
    long waitedMs = (System.nanoTime() - dueNanos) / 1_000_000L;
    if (waitedMs >= budgetMs) {
      if (budgetMs > 0) {
        LOG.warn("site {}: the dispatch of {} waited {} ms for the previous solve, over its {} ms budget; using the"
            + " quick plan (the plan in force continued, or least-laxity-first)", site, Instant.ofEpochMilli(startMs),
            waitedMs, budgetMs);
      }
      emit(site, key, built, new BoundedSolver.Outcome(
          Optimizer.fallback(built.instance(), previous).withSolveMs(waitedMs), true), ctx, out);
      return;
    }
    SiteSolves s = solves.computeIfAbsent(site, k -> new SiteSolves());
    s.running = new InFlight(key, solver.submit(built.instance(), budgetMs, previous, dueNanos), built);
    pendingSolve.update(key);
    ctx.timerService().registerProcessingTimeTimer(ctx.timerService().currentProcessingTime() + POLL_MS);
  }

  /** Chargers held out of planning at a dispatch's timer (they rejected or timed out on a setpoint). */
  private Set<String> heldAt(long timerMs) throws Exception {
    Set<String> held = new HashSet<>();
    for (Map.Entry<String, Long> e : heldUntil.entries()) {
      if (e.getValue() > timerMs) {
        held.add(e.getKey());
      }
    }
    return held;
  }

  /**
   * Processing-time poll of the site's solve on the pool: emit it when done, fall back when over its bound,
   * then start the newest dispatch that became due meanwhile.
   */
  private void poll(OnTimerContext ctx, Collector<DispatchSetpoint> out) throws Exception {
    String site = ctx.getCurrentKey();
    PendingSolve key = pendingSolve.value();
    SiteSolves s = solves.get(site);
    if (s == null || s.running == null) {
      if (key != null && (s == null || s.waiting == null)) {
        // Restored from a checkpoint taken while this dispatch was owed: solve again from the restored state.
        LOG.info("site {}: re-solving the dispatch of {} that was in flight at the last checkpoint", site,
            Instant.ofEpochMilli(key.startMs));
        start(site, key, heldAt(key.timerMs), System.nanoTime(), ctx, out);
      }
      return; // otherwise a stale poll: already emitted
    }
    InFlight f = s.running;
    BoundedSolver.Outcome outcome;
    if (f.solve().future.isDone()) {
      try {
        outcome = BoundedSolver.outcome(f.solve());
      } catch (RuntimeException e) {
        outcome = failed(site, f.built(), f.solve().previous, e);
      }
    } else if (f.solve().overrun(System.nanoTime())) {
      LOG.warn("site {}: the optimizer overran its budget by more than {} ms; using the quick plan",
          site, BoundedSolver.GRACE_MS);
      outcome = solver.abandon(f.solve());
    } else {
      ctx.timerService().registerProcessingTimeTimer(ctx.timerService().currentProcessingTime() + POLL_MS);
      return;
    }
    s.running = null;
    PendingSolve next = s.waiting;
    s.waiting = null;
    if (next == null) {
      solves.remove(site);
      pendingSolve.clear();
    }
    // Emitted even when a newer dispatch is waiting: it is the newest plan the site has.
    emit(site, f.key(), f.built(), outcome, ctx, out);
    if (next != null) {
      start(site, next, heldAt(next.timerMs), s.waitingDueNanos, ctx, out);
    }
  }

  private BoundedSolver.Outcome failed(String site, InstanceBuilder.Built built, Map<String, double[]> previous,
                                      RuntimeException e) {
    failures.inc();
    LOG.warn("site {}: optimizer failed ({}); using the quick plan", site, e.toString());
    return new BoundedSolver.Outcome(Optimizer.fallback(built.instance(), previous), true);
  }

  /** Setpoints for the first interval(s), the plan as a side output, and the state the next plan and acks need. */
  private void emit(String site, PendingSolve key, InstanceBuilder.Built built, BoundedSolver.Outcome outcome,
                    OnTimerContext ctx, Collector<DispatchSetpoint> out) throws Exception {
    long startMs = key.startMs;
    long nowMs = key.timerMs;
    boolean isReplan = key.replan;
    Plan plan = outcome.plan();
    plans.inc();
    if (outcome.fallback()) {
      fallbacks.inc();
    }
    solveMs.update(plan.solveMs());
    recordCost(site, plan.objective());

    String planId = site + "@" + Instant.ofEpochMilli(startMs) + (isReplan ? "/replan@" + nowMs : "");
    long createdMs = System.currentTimeMillis();
    SetpointReason reason = isReplan ? SetpointReason.REPLAN : outcome.fallback() ? SetpointReason.FALLBACK : SetpointReason.OPTIMIZER;
    outstanding.clear();
    previousPowerKw.clear();
    List<PlannedVehicle> planned = new ArrayList<>();
    Map<String, Double> firstIntervalKw = config.progressFloor()
        ? ProgressFloor.firstIntervalKw(built.instance(), plan) : Map.of();
    for (VehiclePlan vp : plan.vehicles()) {
      String charger = built.chargerByVehicle().get(vp.id());
      double[] powerKw = vp.powerKw();
      Double floored = firstIntervalKw.get(vp.id());
      if (floored != null && powerKw.length > 0 && floored != powerKw[0]) {
        powerKw = powerKw.clone();
        powerKw[0] = floored;
      }
      previousPowerKw.put(vp.id(), powerKw);
      planned.add(PlannedVehicle.newBuilder().setVehicleId(vp.id()).setChargerId(charger).setPowerKw(toList(powerKw))
          .setFinalKwh(vp.finalKwh()).setTargetKwh(vp.targetKwh()).setShortfallKwh(vp.shortfallKwh()).build());
      if (charger == null) {
        continue;
      }
      int intervals = Math.min(config.setpointIntervals(), powerKw.length);
      List<SetpointStep> steps = new ArrayList<>();
      double lastKw = round3(powerKw[0]);
      for (int k = 1; k < intervals; k++) {
        double kw = round3(powerKw[k]);
        if (kw != lastKw) {
          steps.add(new SetpointStep(Instant.ofEpochMilli(startMs + k * intervalMs), kw));
          lastKw = kw;
        }
      }
      String setpointId = planId + "/" + charger + "/0"; // the "/0" of interval 0: ids keep their earlier form
      out.collect(DispatchSetpoint.newBuilder()
          .setSetpointId(setpointId)
          .setPlanId(planId)
          .setSiteId(site)
          .setChargerId(charger)
          .setVehicleId(vp.id())
          .setPowerKw(round3(powerKw[0]))
          .setValidFrom(Instant.ofEpochMilli(Math.max(startMs, nowMs)))
          .setValidTo(Instant.ofEpochMilli(startMs + intervals * intervalMs + config.setpointGraceMs()))
          .setSteps(steps)
          .setReason(reason)
          .setCreatedAt(Instant.ofEpochMilli(createdMs))
          .build());
      setpointsOut.inc();
      outstanding.put(setpointId, charger);
    }
    previousStartMs.update(startMs);
    ctx.output(PLANS, DispatchPlan.newBuilder()
        .setPlanId(planId)
        .setSiteId(site)
        .setHorizonStart(Instant.ofEpochMilli(startMs))
        .setIntervalMinutes(config.dispatchIntervalMinutes())
        .setStatus(plan.status().name())
        .setMethod(plan.method())
        .setReason(isReplan ? PlanTrigger.REPLAN : PlanTrigger.SCHEDULED)
        .setSolveMs(plan.solveMs())
        .setFallback(outcome.fallback())
        .setCostTotal(plan.objective())
        .setPeakKw(plan.peakKw())
        .setNetLoadKw(toList(plan.netLoadKw()))
        .setVehicles(planned)
        .setCreatedAt(Instant.ofEpochMilli(createdMs))
        .build());
    if (!built.excluded().isEmpty()) {
      LOG.info("site {} plan {}: left out {}", site, planId, built.excluded());
    }
  }

  private static <T> List<T> values(ReadOnlyBroadcastState<String, T> state) throws Exception {
    List<T> out = new ArrayList<>();
    for (Map.Entry<String, T> e : state.immutableEntries()) {
      out.add(e.getValue());
    }
    return out;
  }

  /** Plan cost per site as a gauge: one metric group per site, registered on its first plan. */
  private void recordCost(String site, double cost) {
    double[] holder = costBySite.get(site);
    if (holder == null) {
      double[] h = new double[1];
      getRuntimeContext().getMetricGroup().addGroup("vgf").addGroup("site", site).gauge("planCostUsd", (org.apache.flink.metrics.Gauge<Double>) () -> h[0]);
      costBySite.put(site, h);
      holder = h;
    }
    holder[0] = cost;
  }

  private static double round3(double v) {
    return Math.round(v * 1000.0) / 1000.0;
  }

  private static List<Double> toList(double[] values) {
    List<Double> out = new ArrayList<>(values.length);
    for (double d : values) {
      out.add(round3(d));
    }
    return out;
  }
}
