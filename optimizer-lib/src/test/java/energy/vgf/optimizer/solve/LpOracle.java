package energy.vgf.optimizer.solve;

import energy.vgf.optimizer.instance.Instance;
import energy.vgf.optimizer.instance.Vehicle;
import energy.vgf.optimizer.plan.RegulationModel;
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

  /**
   * The optimum of the model with grid services: demand response as a MIP (one binary per event interval:
   * below the baseline and paid, or not paid), regulation tried on and off (enrolment is all or nothing,
   * {@link RegulationModel}).
   *
   * @param relaxImpossible drop the requirement of vehicles that cannot make it even with the site to themselves
   */
  static Optimum solve(Instance in, boolean relaxImpossible) {
    Optimum off = solve(in, relaxImpossible, false);
    if (!in.hasRegulation()) {
      return off;
    }
    Optimum on = solve(in, relaxImpossible, true);
    if (!on.feasible()) {
      return off;
    }
    return !off.feasible() || on.objective() < off.objective() ? on : off;
  }

  private static Optimum solve(Instance in, boolean relaxImpossible, boolean regulation) {
    ExpressionsBasedModel model = new ExpressionsBasedModel();
    double h = in.hours();
    int horizon = in.horizon();
    List<List<Variable>> charge = new ArrayList<>();
    List<List<Variable>> discharge = new ArrayList<>();
    Expression[] site = new Expression[horizon];
    // Regulation: the enrolled vehicles' room to go down (sum of c - d + max discharge) and up.
    Expression[] roomDown = new Expression[horizon];
    Expression[] roomUp = new Expression[horizon];
    double[] roomDownKw = new double[horizon];
    double[] roomUpKw = new double[horizon];
    for (int t = 0; t < horizon; t++) {
      site[t] = model.addExpression("site_" + t).level(-in.site().baseLoadKw(t));
      roomDown[t] = model.addExpression("room_down_" + t);
      roomUp[t] = model.addExpression("room_up_" + t);
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
      boolean enrolled = regulation && RegulationModel.eligible(in, v);
      double buffer = enrolled ? RegulationModel.bufferKwh(in, v) : 0;
      if (enrolled) {
        for (int k = 0; k < cs.size(); k++) {
          int t = from + k;
          roomDown[t].set(cs.get(k), 1).set(ds.get(k), -1);
          roomUp[t].set(cs.get(k), -1).set(ds.get(k), 1);
          roomDownKw[t] += in.maxDischargeKw(v);
          roomUpKw[t] += in.maxChargeKw(v);
        }
      }
      for (int k = 0; k < cs.size(); k++) {
        // Energy after interval from+k, as e0 + cumulative charge - cumulative discharge.
        double lower = v.floorKwh() + buffer - v.energyKwh();
        if (k == cs.size() - 1 && !(relaxImpossible && !Requirements.physicallyPossible(in, v))) {
          lower = Math.max(lower, Requirements.targetKwh(in, v) + buffer - v.energyKwh());
        }
        Expression e = model.addExpression("e_" + i + "_" + k).lower(lower).upper(v.capacityKwh() - buffer - v.energyKwh());
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
      double pay = in.drPaymentPerKwh(t);
      if (pay > 0) {
        // Rebate r <= max(0, baseline - net): binary z chooses the side of the baseline.
        double baseline = in.drBaselineKw(t);
        double big = Math.abs(baseline) + in.site().importLimitKw(t) + in.site().exportLimitKw() + 1;
        Variable r = model.addVariable("dr_" + t).lower(0).weight(-pay * h);
        Variable z = model.addVariable("dr_on_" + t).binary();
        model.addExpression("dr_below_" + t).upper(baseline + big).set(r, 1).set(imp, 1).set(exp, -1).set(z, big);
        model.addExpression("dr_off_" + t).upper(0).set(r, 1).set(z, -big);
      }
      if (regulation) {
        Variable u = model.addVariable("reg_up_" + t).lower(0).weight(-in.regulation().upPricePerKw(t));
        Variable d = model.addVariable("reg_down_" + t).lower(0).weight(-in.regulation().downPricePerKw(t));
        // u <= sum_enrolled(c - d + max discharge), u <= net + export limit; d symmetric.
        roomDown[t].set(u, -1).lower(-roomDownKw[t]);
        roomUp[t].set(d, -1).lower(-roomUpKw[t]);
        model.addExpression("reg_up_site_" + t).upper(in.site().exportLimitKw()).set(u, 1).set(imp, -1).set(exp, 1);
        model.addExpression("reg_down_site_" + t).upper(in.site().importLimitKw(t)).set(d, 1).set(imp, 1).set(exp, -1);
      }
    }
    Optimisation.Result result = model.minimise();
    return new Optimum(result.getState().isFeasible(), result.getValue());
  }
}
