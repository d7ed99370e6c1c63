package energy.vgf.optimizer.solve;

import energy.vgf.optimizer.instance.Charger;
import energy.vgf.optimizer.instance.Instance;
import energy.vgf.optimizer.instance.Vehicle;
import energy.vgf.optimizer.plan.Plan;
import energy.vgf.optimizer.plan.PlanEvaluator;
import energy.vgf.optimizer.plan.PlanStatus;
import energy.vgf.optimizer.plan.Requirements;
import energy.vgf.optimizer.plan.VehiclePlan;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.chocosolver.solver.Model;
import org.chocosolver.solver.Solver;
import org.chocosolver.solver.search.SearchState;
import org.chocosolver.solver.search.strategy.Search;
import org.chocosolver.solver.variables.BoolVar;
import org.chocosolver.solver.variables.IntVar;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Charger minimum power when on and discrete steps (OCPP chargers cannot go below about 6 A, and some accept
 * only whole steps): Choco chooses, for every vehicle on such a charger and every interval, a setpoint among
 * 0 and the levels its hardware accepts, starting from the rounded-and-topped-up plan (a hint, so the first
 * solution is that plan).
 *
 * <p>Model, in integers: power in a unit u (1, 0.1, 0.01 or 0.001 kW, the coarsest that represents every
 * level and limit exactly), energy in Wh, money in a unit that keeps the objective within int range.
 * Per vehicle-interval an index into its levels, channelled to one-hot booleans; linear sums of those give
 * the power, the battery change (rounded down for lower bounds, up for the capacity, so a model-feasible plan is feasible)
 * and the degradation + churn cost; energy chains per vehicle between the floor (or target at departure)
 * and the capacity; per interval the site limits on base + fixed vehicles + modelled vehicles; objective =
 * per interval max(import price x net, export price x net) + demand charge x max(existing peak, net) -
 * demand-response payment x max(0, baseline - net) + degradation + churn. Vehicles on continuous chargers
 * keep their powers (the LP's, already optimal for them given the others).
 *
 * <p>Anytime: every solution Choco finds is evaluated exactly ({@link PlanEvaluator}) and kept only if it is
 * feasible and better, so the result is never worse than the incumbent. Only small models (at most
 * {@value #COMPLETE_SEARCH_BITS} decision bits) are searched, completely; larger ones keep the rounded plan. The plan is OPTIMAL only when
 * the complete search finished, the integer model is exact (no rounding), every plugged-in vehicle was
 * modelled and the instance has no regulation (not in the model).
 */
final class DiscretePower {
  private static final Logger LOG = LoggerFactory.getLogger(DiscretePower.class);
  // 1 Wh: coarse enough that bound propagation along the energy chains converges in few steps (it moves
  // bounds unit by unit around cycles); rounding is conservative and every solution is re-checked exactly.
  private static final double ENERGY_UNIT_KWH = 1e-3;
  /** Below this many decision bits (sum of log2 of the domain sizes) the search is complete. */
  private static final double COMPLETE_SEARCH_BITS = 48;
  private static final int CONTINUOUS_LEVELS = 8;
  private static final long MAX_BUDGET_MS = 2_000;

  private DiscretePower() {
  }

  /** A better plan than the incumbent, or null when none was found within the deadline. */
  static Plan improve(Instance in, Plan incumbent, Map<String, double[]> previous, double churn,
                      long deadlineNanos) {
    // Like the charger assignment, Choco gets at most MAX_BUDGET_MS of what is left: the plan is due.
    long budgetMs = Math.min(MAX_BUDGET_MS, (deadlineNanos - System.nanoTime()) / 1_000_000L - 5);
    if (budgetMs < 5) {
      return null;
    }
    int n = in.vehicles().size();
    int horizon = in.horizon();
    double h = in.hours();
    double[][] incumbentKw = new double[n][];
    for (int i = 0; i < n; i++) {
      incumbentKw[i] = incumbent.vehicles().get(i).powerKw();
    }
    List<Integer> modelled = new ArrayList<>();
    boolean everyVehicleModelled = true;
    for (int i = 0; i < n; i++) {
      Vehicle v = in.vehicles().get(i);
      if (in.firstInterval(v) >= in.endInterval(v)) {
        continue;
      }
      Charger c = v.chargerId() == null ? null : in.charger(v.chargerId());
      if (c != null && (c.minKw() > 0 || c.stepKw() > 0)) {
        modelled.add(i);
      } else {
        everyVehicleModelled = false;
      }
    }
    if (modelled.isEmpty()) {
      return null;
    }
    double[][] levels = new double[n][];
    double bits = 0;
    for (int i : modelled) {
      levels[i] = levels(in, in.vehicles().get(i), incumbentKw[i]);
      int dwell = in.endInterval(in.vehicles().get(i)) - in.firstInterval(in.vehicles().get(i));
      bits += dwell * Math.log(levels[i].length) / Math.log(2);
    }
    if (bits > COMPLETE_SEARCH_BITS) {
      // Large models: bound propagation along the energy chains can crawl unit by unit without reaching the
      // time-limit check, so until a decomposition is in place the rounded-and-topped-up plan stands.
      LOG.debug("discrete power model of {} decision bits is above the complete-search limit; keeping the rounded plan",
          Math.round(bits));
      return null;
    }
    // Fixed part of the net load: base load and the vehicles Choco does not touch.
    double[] fixedKw = in.site().baseLoadKw();
    for (int i = 0; i < n; i++) {
      if (levels[i] == null) {
        for (int t = 0; t < horizon; t++) {
          fixedKw[t] += incumbentKw[i][t];
        }
      }
    }
    double unitKw = powerUnit(in, levels, fixedKw);
    boolean exact = Double.isFinite(unitKw);
    if (!exact) {
      unitKw = 0.001;
    }

    Model model = new Model("discrete-power");
    IntVar[][] index = new IntVar[n][];
    List<IntVar> decisions = new ArrayList<>();
    List<IntVar> costTerms = new ArrayList<>();
    List<Integer> costCoefs = new ArrayList<>();
    List<List<Term>> upByT = new ArrayList<>();
    List<List<Term>> downByT = new ArrayList<>();
    for (int t = 0; t < horizon; t++) {
      upByT.add(new ArrayList<>());
      downByT.add(new ArrayList<>());
    }
    // Money unit: the largest cost of one interval at full swing must stay far inside int range.
    double swingKw = 0;
    double maxAbsKw = 0;
    for (int t = 0; t < horizon; t++) {
      double s = Math.abs(fixedKw[t]);
      for (int i : modelled) {
        s += Math.max(Math.abs(levels[i][0]), Math.abs(levels[i][levels[i].length - 1]));
      }
      maxAbsKw = Math.max(maxAbsKw, s);
    }
    swingKw = maxAbsKw;
    double maxPrice = 1e-9;
    for (int t = 0; t < horizon; t++) {
      maxPrice = Math.max(maxPrice, Math.abs(in.prices().importPerKwh(t)) + in.drPaymentPerKwh(t));
    }
    double worstCost = horizon * swingKw * h * maxPrice + in.site().demandChargePerKw() * swingKw
        + in.degradationCostPerKwh() * swingKw * h * horizon + churn * swingKw * swingKw * horizon * modelled.size();
    double moneyUnit = Math.max(1e-6, worstCost / 2e8);
    Scaler money = new Scaler(moneyUnit);

    for (int i : modelled) {
      Vehicle v = in.vehicles().get(i);
      double[] lv = levels[i];
      int from = in.firstInterval(v);
      int to = in.endInterval(v);
      index[i] = new IntVar[horizon];
      int[] up = new int[lv.length];
      int[] down = new int[lv.length];
      int[] deltaLow = new int[lv.length];
      int[] deltaHigh = new int[lv.length];
      for (int k = 0; k < lv.length; k++) {
        up[k] = (int) Math.ceil(lv[k] / unitKw - 1e-9);
        down[k] = (int) Math.floor(lv[k] / unitKw + 1e-9);
        double delta = (lv[k] >= 0 ? lv[k] * h * v.efficiency() : lv[k] * h / v.efficiency()) / ENERGY_UNIT_KWH;
        deltaLow[k] = (int) Math.floor(delta + 1e-6);
        deltaHigh[k] = (int) Math.ceil(delta - 1e-6);
        exact &= deltaLow[k] == deltaHigh[k];
      }
      double[] prev = previous.get(v.id());
      double e0 = v.energyKwh();
      IntVar low = null;
      IntVar high = null;
      int incLow = 0;
      int incHigh = 0;
      boolean incumbentMet = incumbent.vehicles().get(i).met();
      for (int t = from; t < to; t++) {
        int hint = indexOf(lv, incumbentKw[i][t]);
        IntVar x = model.intVar("x_" + v.id() + "_" + t, 0, lv.length - 1);
        index[i][t] = x;
        decisions.add(x);
        model.getSolver().addHint(x, hint);
        // One-hot levels: every quantity below is a linear sum over them (values span up to 1e8 units, where
        // element or table constraints would scan their whole range).
        BoolVar[] b = model.boolVarArray("b_" + v.id() + "_" + t, lv.length);
        model.boolsIntChanneling(b, x, 0).post();
        for (int k = 0; k < lv.length; k++) {
          upByT.get(t).add(new Term(b[k], up[k]));
          downByT.get(t).add(new Term(b[k], down[k]));
          // Degradation and churn of this setpoint, in money units.
          double c = in.degradationCostPerKwh() * h * Math.max(0, -lv[k]);
          if (prev != null && t < prev.length && !Double.isNaN(prev[t])) {
            c += churn * (lv[k] - prev[t]) * (lv[k] - prev[t]);
          }
          int cost = money.scale(c);
          if (cost != 0) {
            costTerms.add(b[k]);
            costCoefs.add(cost);
          }
        }
        incLow += deltaLow[hint];
        incHigh += deltaHigh[hint];
        boolean last = t == to - 1;
        double floorKwh = v.floorKwh();
        int lowBound = (int) Math.ceil((floorKwh - e0) / ENERGY_UNIT_KWH - 1e-6);
        if (last) {
          double target = Requirements.targetKwh(in, v);
          int targetBound = (int) Math.ceil((target - e0) / ENERGY_UNIT_KWH - 1e-6);
          // Never deliver less than the incumbent: its met requirements stay met, its shortfalls do not grow.
          lowBound = Math.max(lowBound, incumbentMet ? Math.min(targetBound, incLow) : incLow);
        }
        lowBound = Math.min(lowBound, incLow);
        int highBound = Math.max((int) Math.floor((v.capacityKwh() - e0) / ENERGY_UNIT_KWH + 1e-6), incHigh);
        int span = (int) Math.ceil(v.capacityKwh() / ENERGY_UNIT_KWH) + 1;
        IntVar nextLow = model.intVar(Math.max(lowBound, -span), Math.max(lowBound, span));
        IntVar nextHigh = model.intVar(-span - Math.abs(highBound), highBound);
        // Energy relative to arrival, lower (rounded down) and upper (rounded up) estimates.
        chain(model, low, b, deltaLow, nextLow);
        chain(model, high, b, deltaHigh, nextHigh);
        low = nextLow;
        high = nextHigh;
      }
    }
    // Site limits per interval and the cost of the net load.
    IntVar[] nets = new IntVar[horizon];
    int netRange = (int) Math.ceil(maxAbsKw / unitKw) + 1;
    for (int t = 0; t < horizon; t++) {
      double fixed = fixedKw[t] / unitKw;
      int fixedUp = (int) Math.ceil(fixed - 1e-9);
      int fixedDown = (int) Math.floor(fixed + 1e-9);
      List<Term> ups = upByT.get(t);
      List<Term> downs = downByT.get(t);
      int incUp = 0;
      int incDown = 0;
      for (int i : modelled) {
        if (index[i][t] != null) {
          incUp += (int) Math.ceil(incumbentKw[i][t] / unitKw - 1e-9);
          incDown += (int) Math.floor(incumbentKw[i][t] / unitKw + 1e-9);
        }
      }
      int importRoom = (int) Math.floor((in.site().importLimitKw(t)) / unitKw + 1e-9) - fixedUp;
      int exportRoom = (int) Math.ceil(-in.site().exportLimitKw() / unitKw - 1e-9) - fixedDown;
      IntVar net = model.intVar("net_" + t, -netRange, netRange);
      nets[t] = net;
      if (ups.isEmpty()) {
        model.arithm(net, "=", fixedUp).post();
      } else {
        model.scalar(Term.vars(ups), Term.coefs(ups), "<=", Math.max(importRoom, incUp)).post();
        model.scalar(Term.vars(downs), Term.coefs(downs), ">=", Math.min(exportRoom, incDown)).post();
        model.scalar(Term.vars(ups), Term.coefs(ups), "=", model.intOffsetView(net, -fixedUp)).post();
      }
      int importCoef = money.scale(in.prices().importPerKwh(t) * h * unitKw);
      int exportCoef = money.scale(in.prices().exportPerKwh(t) * h * unitKw);
      IntVar energyCost = model.intVar("energy_" + t, -Math.abs(importCoef) * netRange - Math.abs(exportCoef) * netRange,
          Math.abs(importCoef) * netRange + Math.abs(exportCoef) * netRange);
      // Convex because the export price never exceeds the import price: cost = max of the two lines.
      IntVar a = lineVar(model, net, importCoef, netRange);
      IntVar b = lineVar(model, net, exportCoef, netRange);
      model.max(energyCost, a, b).post();
      costTerms.add(energyCost);
      costCoefs.add(1);
      double pay = in.drPaymentPerKwh(t);
      if (pay > 0) {
        double baseline = in.drBaselineKw(t) / unitKw;
        int baselineUnits = (int) Math.round(baseline);
        exact &= Math.abs(baseline - baselineUnits) < 1e-6;
        IntVar below = model.intVar(0, 2 * netRange + Math.abs(baselineUnits));
        model.max(below, model.intVar(0), model.intOffsetView(model.intMinusView(net), baselineUnits)).post();
        costTerms.add(below);
        costCoefs.add(-money.scale(pay * h * unitKw));
      }
    }
    if (in.site().demandChargePerKw() > 0) {
      double existing = in.site().existingPeakKw() / unitKw;
      int existingUnits = (int) Math.ceil(existing - 1e-9);
      exact &= Math.abs(existing - existingUnits) < 1e-6;
      IntVar[] candidates = Arrays.copyOf(nets, horizon + 1);
      candidates[horizon] = model.intVar(existingUnits);
      IntVar peak = model.intVar("peak", -netRange, Math.max(netRange, existingUnits));
      model.max(peak, candidates).post();
      costTerms.add(peak);
      costCoefs.add(money.scale(in.site().demandChargePerKw() * unitKw));
    }
    exact &= money.exact && !in.hasRegulation() && everyVehicleModelled;
    int[] coefs = costCoefs.stream().mapToInt(Integer::intValue).toArray();
    IntVar[] terms = costTerms.toArray(new IntVar[0]);
    long lb = 0;
    long ub = 0;
    for (int k = 0; k < terms.length; k++) {
      long x1 = (long) coefs[k] * terms[k].getLB();
      long x2 = (long) coefs[k] * terms[k].getUB();
      lb += Math.min(x1, x2);
      ub += Math.max(x1, x2);
    }
    if (lb < Integer.MIN_VALUE / 2 || ub > Integer.MAX_VALUE / 2) {
      LOG.debug("discrete power model out of int range ({}..{}), keeping the rounded plan", lb, ub);
      return null;
    }
    IntVar objective = model.intVar("objective", (int) lb, (int) ub);
    model.scalar(terms, coefs, "=", objective).post();
    model.setObjective(Model.MINIMIZE, objective);

    Solver solver = model.getSolver();
    boolean complete = bits <= COMPLETE_SEARCH_BITS;
    IntVar[] x = decisions.toArray(new IntVar[0]);
    // Smallest domain first, lowest level first; the hints (the incumbent) are tried before anything else.
    solver.setSearch(Search.minDomLBSearch(x));
    solver.limitTime(budgetMs + "ms");
    Plan best = null;
    Plan reference = incumbent;
    int solutions = 0;
    while (solver.solve()) {
      solutions++;
      double[][] kw = new double[n][];
      for (int i = 0; i < n; i++) {
        kw[i] = incumbentKw[i].clone();
        if (levels[i] != null) {
          for (int t = 0; t < horizon; t++) {
            kw[i][t] = index[i][t] == null ? 0 : levels[i][index[i][t].getValue()];
          }
        }
      }
      Plan plan = PlanEvaluator.evaluate(in, kw, previous, churn, false, "choco-discrete", 0);
      if (plan.violations().isEmpty() && notWorse(plan, reference)) {
        best = plan;
        reference = plan;
      }
    }
    boolean proven = complete && exact && solver.getSearchState() == SearchState.TERMINATED;
    LOG.debug("choco discrete power: {} solutions, {} decision bits, complete {}, exact {}, proven {}", solutions,
        Math.round(bits), complete, exact, proven);
    if (best == null) {
      return proven && incumbent.status() == PlanStatus.FEASIBLE ? incumbent.withStatus(PlanStatus.OPTIMAL) : null;
    }
    return proven && best.status() == PlanStatus.FEASIBLE ? best.withStatus(PlanStatus.OPTIMAL) : best;
  }

  /** next = previous (or 0) + sum_k delta_k b_k. */
  private static void chain(Model model, IntVar previous, BoolVar[] b, int[] delta, IntVar next) {
    int extra = previous == null ? 0 : 1;
    IntVar[] vars = new IntVar[b.length + extra];
    int[] coefs = new int[b.length + extra];
    System.arraycopy(b, 0, vars, 0, b.length);
    System.arraycopy(delta, 0, coefs, 0, b.length);
    if (previous != null) {
      vars[b.length] = previous;
      coefs[b.length] = 1;
    }
    model.scalar(vars, coefs, "=", next).post();
  }

  private record Term(IntVar var, int coef) {
    static IntVar[] vars(List<Term> terms) {
      return terms.stream().map(Term::var).toArray(IntVar[]::new);
    }

    static int[] coefs(List<Term> terms) {
      return terms.stream().mapToInt(Term::coef).toArray();
    }
  }

  /** Same or less shortfall per vehicle, and no higher cost including churn. */
  private static boolean notWorse(Plan candidate, Plan reference) {
    for (int i = 0; i < candidate.vehicles().size(); i++) {
      VehiclePlan c = candidate.vehicles().get(i);
      VehiclePlan r = reference.vehicles().get(i);
      if (c.shortfallKwh() > r.shortfallKwh() + 1e-6 || (r.met() && !c.met())) {
        return false;
      }
    }
    return candidate.objective() + candidate.cost().churnPenalty()
        <= reference.objective() + reference.cost().churnPenalty() + 1e-9;
  }

  private static IntVar lineVar(Model model, IntVar net, int coef, int netRange) {
    long bound = (long) Math.abs(coef) * netRange;
    IntVar v = model.intVar((int) -bound, (int) bound);
    model.scalar(new IntVar[] {net}, new int[] {coef}, "=", v).post();
    return v;
  }

  /**
   * The setpoints the hardware accepts: 0, and the multiples of the step (or, without steps, a few evenly
   * spaced values) between the charger minimum and the vehicle's maximum, both ways; plus every value the
   * incumbent uses, so that it is a solution of the model.
   */
  static double[] levels(Instance in, Vehicle v, double[] incumbentKw) {
    Charger c = in.charger(v.chargerId());
    TreeSet<Double> set = new TreeSet<>();
    set.add(0.0);
    addRange(set, c, c.minKw(), in.maxChargeKw(v), 1);
    addRange(set, c, c.minKw(), in.maxDischargeKw(v), -1);
    for (int t = in.firstInterval(v); t < in.endInterval(v); t++) {
      set.add(incumbentKw[t] == 0 ? 0.0 : incumbentKw[t]);
    }
    return set.stream().mapToDouble(Double::doubleValue).toArray();
  }

  private static void addRange(TreeSet<Double> set, Charger c, double minKw, double maxKw, int sign) {
    if (maxKw <= 0 || maxKw < minKw - 1e-9) {
      return;
    }
    if (c.stepKw() > 0) {
      long first = (long) Math.ceil(Math.max(minKw, c.stepKw()) / c.stepKw() - 1e-9);
      long last = (long) Math.floor(maxKw / c.stepKw() + 1e-9);
      for (long k = first; k <= last; k++) {
        set.add(sign * k * c.stepKw());
      }
    } else {
      double lowKw = Math.max(minKw, 1e-3);
      for (int k = 0; k < CONTINUOUS_LEVELS; k++) {
        set.add(sign * (lowKw + (maxKw - lowKw) * k / (CONTINUOUS_LEVELS - 1)));
      }
    }
  }

  /** The coarsest of 1, 0.1, 0.01, 0.001 kW in which every level, load and limit is whole; NaN if none. */
  private static double powerUnit(Instance in, double[][] levels, double[] fixedKw) {
    for (double unit : new double[] {1, 0.1, 0.01, 0.001}) {
      boolean ok = true;
      for (double[] lv : levels) {
        if (lv != null) {
          for (double p : lv) {
            ok &= whole(p / unit);
          }
        }
      }
      for (int t = 0; t < fixedKw.length; t++) {
        ok &= whole(fixedKw[t] / unit) && whole(in.site().importLimitKw(t) / unit);
      }
      ok &= whole(in.site().exportLimitKw() / unit);
      if (ok) {
        return unit;
      }
    }
    return Double.NaN;
  }

  private static boolean whole(double x) {
    return Math.abs(x - Math.rint(x)) < 1e-6 && Math.abs(x) < 1e8;
  }

  private static int indexOf(double[] levels, double p) {
    int best = 0;
    for (int k = 1; k < levels.length; k++) {
      if (Math.abs(levels[k] - p) < Math.abs(levels[best] - p)) {
        best = k;
      }
    }
    return best;
  }

  /** Money to integer units; remembers whether any value was rounded. */
  private static final class Scaler {
    final double unit;
    boolean exact = true;

    Scaler(double unit) {
      this.unit = unit;
    }

    int scale(double dollars) {
      double x = dollars / unit;
      long r = Math.round(x);
      exact &= Math.abs(x - r) < 1e-6;
      return (int) r;
    }
  }
}
