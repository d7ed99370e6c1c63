package energy.vgf.optimizer.solve;

import energy.vgf.optimizer.fallback.LeastLaxityFirst;
import energy.vgf.optimizer.fallback.PlanRepair;
import energy.vgf.optimizer.instance.Charger;
import energy.vgf.optimizer.instance.Instance;
import energy.vgf.optimizer.instance.Vehicle;
import energy.vgf.optimizer.plan.Plan;
import energy.vgf.optimizer.plan.PlanEvaluator;
import energy.vgf.optimizer.plan.PlanStatus;
import energy.vgf.optimizer.plan.VehiclePlan;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The entry point: plans one site over the horizon.
 *
 * <ol>
 *   <li>When vehicles outnumber chargers, Choco assigns chargers ({@link ChargerAssignment}).</li>
 *   <li>Vehicles whose charging tapers are planned as bulk and absorption segments ({@link TaperSegments}),
 *       merged back into one plan per vehicle at the end.</li>
 *   <li>The least-laxity-first fallback, or the plan in force continued, gives a feasible plan within
 *       milliseconds.</li>
 *   <li>The interior-point method solves the continuous LP within the remaining budget.</li>
 *   <li>Its power plan is repaired onto every limit (and onto charger minimum power and steps when the
 *       hardware has them) and topped up where a requirement is missed by rounding.</li>
 *   <li>The better plan wins: fewer missed kWh first, then lower cost including churn.</li>
 *   <li>With demand response or regulation, the LP is re-solved over the event modes and regulation
 *       settings ({@link ModeSearch}).</li>
 *   <li>With charger minimum power or steps, Choco searches on/off and step levels from the best plan
 *       ({@link DiscretePower}).</li>
 * </ol>
 */
public final class Optimizer {
  private static final Logger LOG = LoggerFactory.getLogger(Optimizer.class);

  /** {@link Plan#method()} of the least-laxity-first plan. */
  public static final String LEAST_LAXITY_FIRST = "least-laxity-first";
  /** {@link Plan#method()} of the plan in force continued onto a new horizon. */
  public static final String CONTINUED = "continued";

  private Optimizer() {
  }

  public static Plan solve(Instance instance, SolveOptions options) {
    long startNanos = System.nanoTime();
    long deadline = startNanos + options.timeLimitMs() * 1_000_000L;
    Instance assigned = instance.needsChargerAssignment() ? ChargerAssignment.assign(instance, deadline) : instance;
    TaperSegments taper = TaperSegments.of(assigned);
    Instance in = taper.split();
    boolean discrete = hasDiscreteChargers(in);
    Map<String, double[]> previous = taper.previous(options.previousPowerKw());
    double churn = options.churnWeightPerKw2();

    Plan best = quickPlan(in, previous, churn, discrete);

    if (System.nanoTime() < deadline) {
      ModeSearch search = new ModeSearch(in, previous, churn, discrete, deadline);
      Plan lpPlan = search.run();
      if (lpPlan != null && better(lpPlan, best)) {
        best = lpPlan;
      }
      if (discrete && options.discreteSearch() && System.nanoTime() < deadline) {
        // Charger minimum power and steps: Choco improves the rounded plan (never returns a worse one).
        Plan improved = DiscretePower.improve(in, best, previous, churn, deadline);
        if (improved != null && better(improved, best)) {
          best = improved;
        }
      }
    }
    long ms = (System.nanoTime() - startNanos) / 1_000_000L;
    return taper.merge(best.withSolveMs(ms));
  }

  /**
   * Solves the LP in the demand-response modes and regulation settings that matter, keeping the best plan.
   * Per event interval the true rebate is the better of the mode on (symmetric settlement) and off (none),
   * so for a fixed plan the best modes are "on where the net load is below the baseline"; re-solving the LP
   * in those modes can only lower the true objective (an alternating descent). Regulation is tried on and
   * off (enrolment is all or nothing, {@code RegulationModel}). The result is proven optimal only when every
   * event interval's mode is forced by the site's power range or the few open ones were enumerated, both
   * regulation settings were solved, and each LP converged.
   */
  private static final class ModeSearch {
    private final Instance in;
    private final Map<String, double[]> previous;
    private final double churn;
    private final boolean discrete;
    private final long deadline;
    private final boolean[] forcedOn;
    private final boolean[] forcedOff;
    /** Up to 2^5 LP solves per regulation setting prove the demand-response optimum by enumeration. */
    private static final int MAX_ENUMERATED_INTERVALS = 5;
    private final Set<String> seen = new HashSet<>();
    private boolean allConverged = true;
    private int solved;

    ModeSearch(Instance in, Map<String, double[]> previous, double churn, boolean discrete, long deadline) {
      this.in = in;
      this.previous = previous;
      this.churn = churn;
      this.discrete = discrete;
      this.deadline = deadline;
      int horizon = in.horizon();
      forcedOn = new boolean[horizon];
      forcedOff = new boolean[horizon];
      double[] lowKw = new double[horizon];
      double[] highKw = new double[horizon];
      for (int t = 0; t < horizon; t++) {
        lowKw[t] = in.site().baseLoadKw(t);
        highKw[t] = in.site().baseLoadKw(t);
      }
      for (Vehicle v : in.vehicles()) {
        for (int t = in.firstInterval(v); t < in.endInterval(v); t++) {
          lowKw[t] -= in.maxDischargeKw(v);
          highKw[t] += in.maxChargeKw(v);
        }
      }
      for (int t = 0; t < horizon; t++) {
        if (in.drPaymentPerKwh(t) <= 0) {
          continue;
        }
        double low = Math.max(-in.site().exportLimitKw(), lowKw[t]);
        double high = Math.min(in.site().importLimitKw(t), highKw[t]);
        double baseline = in.drBaselineKw(t);
        forcedOn[t] = baseline >= high;    // the net load can never exceed the baseline: the rebate is linear
        forcedOff[t] = baseline <= low;    // it can never go below: no rebate possible
      }
    }

    Plan run() {
      Plan best = null;
      boolean hasDr = in.hasDemandResponse();
      boolean hasReg = in.hasRegulation();
      List<Integer> open = new ArrayList<>();
      for (int t = 0; t < in.horizon(); t++) {
        if (in.drPaymentPerKwh(t) > 0 && !forcedOn[t] && !forcedOff[t]) {
          open.add(t);
        }
      }
      // Few undecided event intervals: enumerate every mode, which proves the optimum.
      boolean enumerate = open.size() <= MAX_ENUMERATED_INTERVALS;
      boolean[] regSettings = hasReg ? new boolean[] {true, false} : new boolean[] {false};
      boolean complete = true;
      for (boolean reg : regSettings) {
        List<boolean[]> starts = new ArrayList<>();
        if (enumerate) {
          for (int bits = 0; bits < 1 << open.size(); bits++) {
            boolean[] mode = modes(false);
            for (int k = 0; k < open.size(); k++) {
              mode[open.get(k)] = (bits >> k & 1) == 1;
            }
            starts.add(mode);
          }
        } else {
          starts.add(modes(true));
          starts.add(modes(false));
        }
        Plan bestHere = null;
        for (boolean[] start : starts) {
          boolean[] mode = start;
          if (System.nanoTime() >= deadline) {
            complete = false;
          }
          while (mode != null && System.nanoTime() < deadline) {
            if (!seen.add(key(mode, reg))) {
              break;
            }
            Plan plan = solveOnce(mode, reg);
            if (bestHere == null || better(plan, bestHere)) {
              bestHere = plan;
            }
            mode = hasDr && !enumerate ? modesFor(plan.netLoadKw()) : null;
          }
        }
        if (hasDr && !enumerate && bestHere != null) {
          bestHere = flipSearch(bestHere, reg);
        }
        if (bestHere != null && (best == null || better(bestHere, best))) {
          best = bestHere;
        }
      }
      if (best != null && best.status() == PlanStatus.FEASIBLE && !discrete && allConverged && enumerate
          && complete) {
        best = best.withStatus(PlanStatus.OPTIMAL);
      }
      LOG.debug("{} LP solve(s) over demand-response modes and regulation settings", solved);
      return best;
    }

    /**
     * The alternating descent stops at a fixed point; single-interval mode flips from the best plan leave it
     * (first improvement, repeated while the budget lasts).
     */
    private Plan flipSearch(Plan best, boolean reg) {
      boolean improved = true;
      while (improved && System.nanoTime() < deadline) {
        improved = false;
        boolean[] base = modesFor(best.netLoadKw());
        for (int t = 0; t < base.length && System.nanoTime() < deadline; t++) {
          if (in.drPaymentPerKwh(t) <= 0 || forcedOn[t] || forcedOff[t]) {
            continue;
          }
          boolean[] mode = base.clone();
          mode[t] = !mode[t];
          if (!seen.add(key(mode, reg))) {
            continue;
          }
          Plan plan = solveOnce(mode, reg);
          if (better(plan, best) && plan.objective() < best.objective() - 1e-9) {
            best = plan;
            improved = true;
            break;
          }
        }
      }
      return best;
    }

    private Plan solveOnce(boolean[] mode, boolean reg) {
      ChargingLp lp = new ChargingLp(in, previous, churn, mode, reg);
      InteriorPoint.Result result = InteriorPoint.solve(lp, deadline);
      solved++;
      allConverged &= result.converged();
      double[][] repairedKw = PlanRepair.repair(in, lp.powerKw(result.x()), discrete);
      Plan plan = PlanEvaluator.evaluate(in, repairedKw, previous, churn, false,
          discrete ? "interior-point+discrete-repair" : "interior-point", 0);
      // Not a warning when it stopped on the deadline: a time budget is how the solver is meant to be used, and the
      // plan's status (FEASIBLE, not OPTIMAL) says it (a dispatch service would log it for every site and interval).
      LOG.debug("interior point: {} iterations, converged {}, objective {}", result.iterations(),
          result.converged(), plan.objective());
      return plan;
    }

    /** The modes where forced, {@code on} elsewhere. */
    private boolean[] modes(boolean on) {
      boolean[] mode = new boolean[in.horizon()];
      for (int t = 0; t < mode.length; t++) {
        mode[t] = in.drPaymentPerKwh(t) > 0 && !forcedOff[t] && (forcedOn[t] || on);
      }
      return mode;
    }

    /** The best modes for a given net load: on where it is below the baseline. */
    private boolean[] modesFor(double[] netKw) {
      boolean[] mode = new boolean[in.horizon()];
      for (int t = 0; t < mode.length; t++) {
        mode[t] = in.drPaymentPerKwh(t) > 0 && !forcedOff[t] && (forcedOn[t] || netKw[t] < in.drBaselineKw(t));
      }
      return mode;
    }

    private static String key(boolean[] mode, boolean reg) {
      StringBuilder sb = new StringBuilder(reg ? "R" : "-");
      for (boolean b : mode) {
        sb.append(b ? '1' : '0');
      }
      return sb.toString();
    }
  }

  /** The least-laxity-first plan alone, repaired and evaluated: what dispatch uses when time is up and no plan is in force. */
  public static Plan fallback(Instance instance) {
    return fallback(instance, Map.of());
  }

  /**
   * What dispatch uses when time is up: the plan in force continued where there is one ({@link #CONTINUED}), else
   * the least-laxity-first plan, whichever misses fewer kWh (then costs less). Millisecond-fast.
   *
   * @param previous the plan in force per vehicle, aligned to this instance's horizon (NaN where it has no power),
   *                 as {@link #alignPrevious} gives it
   */
  public static Plan fallback(Instance instance, Map<String, double[]> previous) {
    long startNanos = System.nanoTime();
    TaperSegments taper = TaperSegments.of(
        instance.needsChargerAssignment() ? ChargerAssignment.greedy(instance) : instance);
    Instance in = taper.split();
    Plan plan = quickPlan(in, taper.previous(previous), SolveOptions.DEFAULT_CHURN_WEIGHT_PER_KW2,
        hasDiscreteChargers(in));
    long ms = (System.nanoTime() - startNanos) / 1_000_000L;
    return taper.merge(plan.withSolveMs(ms));
  }

  /** Whether a plan is one of the quick plans ({@link #LEAST_LAXITY_FIRST}, {@link #CONTINUED}) rather than a solve's. */
  public static boolean isFallback(Plan plan) {
    return LEAST_LAXITY_FIRST.equals(plan.method()) || CONTINUED.equals(plan.method());
  }

  /**
   * The plans that need no solve: least-laxity-first, and the previous plan continued (its powers for the vehicles
   * it planned, repaired onto this instance's limits, and topped up in the cheapest intervals where a requirement
   * would be missed, new vehicles included). The continued plan wins ties: a site whose solve overran keeps the
   * course its last plan set (deferring to cheaper hours, say) instead of swinging to least-laxity-first, which
   * charges everything now up to the site's limit. (Seen in the week-long demo: evening plans at Commerce
   * alternated between deferring and the full limit when every few solves overran.)
   */
  private static Plan quickPlan(Instance in, Map<String, double[]> previous, double churn, boolean discrete) {
    double[][] llfKw = PlanRepair.repair(in, LeastLaxityFirst.plan(in, discrete), discrete);
    Plan best = PlanEvaluator.evaluate(in, llfKw, previous, churn, false, LEAST_LAXITY_FIRST, 0);
    if (previous.isEmpty()) {
      return best;
    }
    int horizon = in.horizon();
    double[][] proposalKw = new double[in.vehicles().size()][horizon];
    boolean anyKnown = false;
    for (int i = 0; i < proposalKw.length; i++) {
      double[] before = previous.get(in.vehicles().get(i).id());
      if (before == null) {
        continue;
      }
      anyKnown = true;
      for (int t = 0; t < horizon && t < before.length; t++) {
        proposalKw[i][t] = Double.isNaN(before[t]) ? 0 : before[t];
      }
    }
    if (!anyKnown) {
      return best;
    }
    double[][] continuedKw = PlanRepair.repair(in, proposalKw, discrete);
    Plan continued = PlanEvaluator.evaluate(in, continuedKw, previous, churn, false, CONTINUED, 0);
    return better(continued, best) ? continued : best;
  }

  /**
   * The previous plan's setpoints shifted to a horizon that starts {@code intervalsElapsed} later, for the
   * churn penalty of the next rolling-horizon solve. Intervals it did not cover are NaN (no preference).
   */
  public static Map<String, double[]> alignPrevious(Plan previous, int intervalsElapsed, int horizon) {
    Map<String, double[]> out = new HashMap<>();
    for (VehiclePlan v : previous.vehicles()) {
      double[] old = v.powerKw();
      double[] aligned = new double[horizon];
      Arrays.fill(aligned, Double.NaN);
      for (int t = 0; t < horizon && t + intervalsElapsed < old.length; t++) {
        aligned[t] = old[t + intervalsElapsed];
      }
      out.put(v.id(), aligned);
    }
    return out;
  }

  private static boolean hasDiscreteChargers(Instance in) {
    for (Charger c : in.chargers()) {
      if (c.minKw() > 0 || c.stepKw() > 0) {
        return true;
      }
    }
    return false;
  }

  private static boolean better(Plan candidate, Plan incumbent) {
    double a = totalShortfall(candidate);
    double b = totalShortfall(incumbent);
    if (Math.abs(a - b) > 1e-3) {
      return a < b;
    }
    return candidate.objective() + candidate.cost().churnPenalty()
        <= incumbent.objective() + incumbent.cost().churnPenalty() + 1e-9;
  }

  private static double totalShortfall(Plan p) {
    double s = 0;
    for (VehiclePlan v : p.vehicles()) {
      s += v.shortfallKwh();
    }
    return s;
  }
}
