package energy.vgf.optimizer.solve;

import energy.vgf.optimizer.fallback.LeastLaxityFirst;
import energy.vgf.optimizer.fallback.PlanRepair;
import energy.vgf.optimizer.instance.Charger;
import energy.vgf.optimizer.instance.Instance;
import energy.vgf.optimizer.plan.Plan;
import energy.vgf.optimizer.plan.PlanEvaluator;
import energy.vgf.optimizer.plan.VehiclePlan;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The entry point: plans one site over the horizon.
 *
 * <ol>
 *   <li>When vehicles outnumber chargers, Choco assigns chargers ({@link ChargerAssignment}).</li>
 *   <li>The least-laxity-first fallback gives a feasible plan within milliseconds.</li>
 *   <li>The interior-point method solves the continuous LP within the remaining budget.</li>
 *   <li>Its power plan is repaired onto every limit (and onto charger minimum power and steps when the
 *       hardware has them) and topped up where a requirement is missed by rounding.</li>
 *   <li>The better plan wins: fewer missed kWh first, then lower cost including churn.</li>
 * </ol>
 */
public final class Optimizer {
    private static final Logger LOG = LoggerFactory.getLogger(Optimizer.class);

    private Optimizer() {
    }

    public static Plan solve(Instance instance, SolveOptions options) {
        long startNanos = System.nanoTime();
        long deadline = startNanos + options.timeLimitMs() * 1_000_000L;
        Instance in = instance.needsChargerAssignment() ? ChargerAssignment.assign(instance, deadline) : instance;
        boolean discrete = hasDiscreteChargers(in);
        Map<String, double[]> previous = options.previousPowerKw();
        double churn = options.churnWeightPerKw2();

        double[][] fallbackKw = PlanRepair.repair(in, LeastLaxityFirst.plan(in, discrete), discrete);
        Plan best = PlanEvaluator.evaluate(in, fallbackKw, previous, churn, false, "least-laxity-first", 0);

        if (System.nanoTime() < deadline) {
            ChargingLp lp = new ChargingLp(in, previous, churn);
            InteriorPoint.Result result = InteriorPoint.solve(lp, deadline);
            double[][] lpKw = lp.powerKw(result.x());
            double[][] repairedKw = PlanRepair.repair(in, lpKw, discrete);
            boolean optimal = result.converged() && !discrete;
            Plan lpPlan = PlanEvaluator.evaluate(in, repairedKw, previous, churn, optimal,
                    discrete ? "interior-point+discrete-repair" : "interior-point", 0);
            LOG.debug("interior point: {} iterations, converged {}, objective {}", result.iterations(),
                    result.converged(), lpPlan.objective());
            if (!result.converged()) {
                LOG.warn("interior point stopped after {} iterations without proving optimality (time budget {} ms)",
                        result.iterations(), options.timeLimitMs());
            }
            if (better(lpPlan, best)) {
                best = lpPlan;
            }
        }
        long ms = (System.nanoTime() - startNanos) / 1_000_000L;
        return best.withSolveMs(ms);
    }

    /** The least-laxity-first plan alone, repaired and evaluated: what dispatch uses when time is up. */
    public static Plan fallback(Instance instance) {
        long startNanos = System.nanoTime();
        Instance in = instance.needsChargerAssignment() ? ChargerAssignment.greedy(instance) : instance;
        boolean discrete = hasDiscreteChargers(in);
        double[][] kw = PlanRepair.repair(in, LeastLaxityFirst.plan(in, discrete), discrete);
        long ms = (System.nanoTime() - startNanos) / 1_000_000L;
        return PlanEvaluator.evaluate(in, kw, Map.of(), 0, false, "least-laxity-first", ms);
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
