package energy.vgf.optimizer.solve;

import energy.vgf.optimizer.instance.Instance;
import energy.vgf.optimizer.instance.Vehicle;
import energy.vgf.optimizer.plan.Requirements;
import java.util.ArrayList;
import java.util.List;
import org.ojalgo.optimisation.Expression;
import org.ojalgo.optimisation.ExpressionsBasedModel;
import org.ojalgo.optimisation.Optimisation;
import org.ojalgo.optimisation.Variable;

/**
 * An independent statement of the charging LP, written straight from the semantics and solved by
 * ojalgo: energy as cumulative sums (not the state variables of {@link ChargingLp}), hard requirements (no
 * shortfall), net load split into import and export. Its optimum is the reference for the 0.1% target.
 */
final class LpOracle {
    record Optimum(boolean feasible, double objective) {
    }

    private LpOracle() {
    }

    static Optimum solve(Instance in) {
        return solve(in, false);
    }

    /** @param relaxImpossible drop the requirement of vehicles that cannot make it even with the site to themselves */
    static Optimum solve(Instance in, boolean relaxImpossible) {
        ExpressionsBasedModel model = new ExpressionsBasedModel();
        double h = in.hours();
        int horizon = in.horizon();
        List<List<Variable>> charge = new ArrayList<>();
        List<List<Variable>> discharge = new ArrayList<>();
        Expression[] site = new Expression[horizon];
        for (int t = 0; t < horizon; t++) {
            site[t] = model.addExpression("site_" + t).level(-in.site().baseLoadKw(t));
        }
        for (int i = 0; i < in.vehicles().size(); i++) {
            Vehicle v = in.vehicles().get(i);
            int from = in.firstInterval(v);
            int to = in.endInterval(v);
            List<Variable> cs = new ArrayList<>();
            List<Variable> ds = new ArrayList<>();
            for (int t = from; t < to; t++) {
                Variable c = model.addVariable("c_" + i + "_" + t).lower(0).upper(in.maxChargeKw(v));
                Variable d = model.addVariable("d_" + i + "_" + t).lower(0).upper(in.maxDischargeKw(v))
                        .weight(in.degradationCostPerKwh() * h);
                site[t].set(c, 1).set(d, -1);
                cs.add(c);
                ds.add(d);
            }
            for (int k = 0; k < cs.size(); k++) {
                // Energy after interval from+k, as e0 + cumulative charge - cumulative discharge.
                double lower = v.floorKwh() - v.energyKwh();
                if (k == cs.size() - 1 && !(relaxImpossible && !Requirements.physicallyPossible(in, v))) {
                    lower = Math.max(lower, Requirements.targetKwh(in, v) - v.energyKwh());
                }
                Expression e = model.addExpression("e_" + i + "_" + k).lower(lower).upper(v.capacityKwh() - v.energyKwh());
                for (int s = 0; s <= k; s++) {
                    e.set(cs.get(s), h * v.efficiency()).set(ds.get(s), -h / v.efficiency());
                }
            }
            charge.add(cs);
            discharge.add(ds);
        }
        Variable peak = model.addVariable("peak").lower(in.site().existingPeakKw()).weight(in.site().demandChargePerKw());
        for (int t = 0; t < horizon; t++) {
            Variable imp = model.addVariable("imp_" + t).lower(0).upper(in.site().importLimitKw(t))
                    .weight(h * in.prices().importPerKwh(t));
            Variable exp = model.addVariable("exp_" + t).lower(0).upper(in.site().exportLimitKw())
                    .weight(-h * in.prices().exportPerKwh(t));
            site[t].set(imp, -1).set(exp, 1);
            model.addExpression("peak_" + t).upper(0).set(imp, 1).set(peak, -1);
        }
        Optimisation.Result result = model.minimise();
        return new Optimum(result.getState().isFeasible(), result.getValue());
    }
}
