package energy.vgf.optimizer.solve;

import energy.vgf.optimizer.instance.Instance;
import energy.vgf.optimizer.instance.Vehicle;
import energy.vgf.optimizer.plan.RegulationModel;
import energy.vgf.optimizer.plan.Requirements;
import java.util.Map;

/**
 * The continuous charging/V2G problem as a linear program with a block-angular structure, and a primal-dual
 * interior-point method (Mehrotra predictor-corrector) that exploits it.
 *
 * <p>Variables per vehicle j plugged in for L intervals: charge c_k in [0, max charge], discharge d_k in
 * [0, max discharge], energy E_k after interval k in [floor, capacity] (the last one at least the target),
 * and a shortfall s in [0, target - floor] priced at a penalty far above any energy value, so that an
 * unreachable requirement is delivered as much as possible instead of making the LP infeasible. Per interval
 * t: import np_t in [0, import limit], export nm_t in [0, export limit], and, with a demand charge, peak
 * slack q_t >= 0 and the peak P >= existing peak.
 *
 * <p>Rows: per vehicle the dynamics E_k - E_{k-1} - h*eff*c_k + h/eff*d_k (- s on the last) = 0; per interval
 * the site balance sum(c - d) - np + nm = -base; and np_t - P + q_t = 0.
 *
 * <p>Each Newton step solves (A Θ A^T) dy = r. Per vehicle the dynamics rows form a tridiagonal block that
 * couples to one site row per interval, so the system reduces to a dense Schur complement of size T (2T with
 * a demand charge) after O(L^2) work per vehicle: about 10 ms per iteration for 1,000 vehicles x 96 intervals,
 * against a general sparse LU in a general LP solver.
 *
 * <p>Demand response (peak-time rebate, reward payment * h * max(0, baseline - net)) is concave in the net
 * load, so the LP takes it in a <em>mode</em> per event interval: with the mode on, the rebate is settled
 * symmetrically, payment * h * (baseline - net), which is a linear term on the import and export variables;
 * with it off, no rebate. The true reward is the better of the two modes for each interval, so the optimum
 * over all modes is the true optimum ({@link Optimizer} searches the modes).
 *
 * <p>Regulation ({@code energy.vgf.optimizer.plan.RegulationModel}): with it on, the eligible vehicles'
 * energy bounds shrink by their call buffer and four rows per interval bound the reserved up/down headroom
 * U_t, D_t: U - sum_enrolled(c - d) + a = sum_enrolled max discharge, U - np + nm + b = export limit,
 * D + sum_enrolled(c - d) + c' = sum_enrolled max charge, D + np - nm + e = import limit (a, b, c', e >= 0).
 * An enrolled vehicle's charge and discharge then couple to three rows of its interval along the direction
 * (site +1, up -1, down +1), which {@link NormalEquations} keeps as a rank-one term.
 *
 * <p>Optional churn term w*((c - c_prev)^2 + (d - d_prev)^2) makes it a separable convex QP: it only adds w to
 * the diagonal Θ^{-1}.
 */
final class ChargingLp {
  /** Degenerate boxes are widened this much: an interior point needs lo < up. */
  private static final double MIN_WIDTH = 1e-6;

  final Instance in;
  final int horizon;
  final int[] vehicleIndex;       // LP vehicle j -> instance vehicle index
  final int[] from;
  final int[] length;
  final int[] varOffset;          // first variable of vehicle j
  final int[] rowOffset;          // first dynamics row of vehicle j
  final double[] gain;            // h * efficiency
  final double[] loss;            // h / efficiency
  final double[] initialKwh;
  final boolean[] enrolled;       // backs regulation reservations (its c - d also enters the up/down rows)
  final boolean demand;
  final boolean regulation;
  final int siteVar;              // first site-level variable (np_0)
  final int siteRow;              // first site row (== dynRows)
  final int peakRows;             // coupled-row offset of the peak rows (if demand)
  final int regRows;              // coupled-row offset of the 4T regulation rows (if regulation)
  final int n;                    // variables
  final int dynRows;
  final int m;                    // rows
  final int coupled;              // site (+ peak) (+ regulation) rows
  // Site-level variables (np, nm, peak slacks, P, U, D, regulation slacks): sparse columns on coupled rows.
  final int[] colStart;
  final int[] colRow;             // coupled-row index (0 = first site row)
  final double[] colVal;

  final double[] lo;
  final double[] up;
  final double[] cost;
  final double[] quad;
  final double[] rhs;
  final double costScale;

  /**
   * @param drModeOn   per interval: settle the demand-response rebate symmetrically (mode on) or not at all
   * @param regulationOn enrol the eligible vehicles and price reservations
   */
  ChargingLp(Instance in, Map<String, double[]> previousKw, double churnWeight, boolean[] drModeOn,
             boolean regulationOn) {
    this.in = in;
    this.horizon = in.horizon();
    double h = in.hours();
    int count = 0;
    for (Vehicle v : in.vehicles()) {
      if (in.firstInterval(v) < in.endInterval(v)) {
        count++;
      }
    }
    vehicleIndex = new int[count];
    from = new int[count];
    length = new int[count];
    varOffset = new int[count];
    rowOffset = new int[count];
    gain = new double[count];
    loss = new double[count];
    initialKwh = new double[count];
    enrolled = new boolean[count];
    regulation = regulationOn && in.hasRegulation();
    int var = 0;
    int row = 0;
    int j = 0;
    for (int i = 0; i < in.vehicles().size(); i++) {
      Vehicle v = in.vehicles().get(i);
      int f = in.firstInterval(v);
      int l = in.endInterval(v) - f;
      if (l <= 0) {
        continue;
      }
      vehicleIndex[j] = i;
      from[j] = f;
      length[j] = l;
      varOffset[j] = var;
      rowOffset[j] = row;
      gain[j] = h * v.efficiency();
      loss[j] = h / v.efficiency();
      initialKwh[j] = v.energyKwh();
      enrolled[j] = regulation && RegulationModel.eligible(in, v);
      var += 3 * l + 1;
      row += l;
      j++;
    }
    dynRows = row;
    demand = in.site().demandChargePerKw() > 0;
    siteRow = row;
    peakRows = demand ? horizon : -1;
    regRows = regulation ? (demand ? 2 : 1) * horizon : -1;
    coupled = (1 + (demand ? 1 : 0) + (regulation ? 4 : 0)) * horizon;
    m = dynRows + coupled;
    siteVar = var;
    // Site-level columns, per interval: np, nm (+ q) (+ U, D, four slacks); then P.
    int perInterval = 2 + (demand ? 1 : 0) + (regulation ? 6 : 0);
    int siteVars = perInterval * horizon + (demand ? 1 : 0);
    n = var + siteVars;
    colStart = new int[siteVars + 1];
    int nnz = horizon * (2 + (demand ? 2 : 0) + (regulation ? 12 : 0)) + (demand ? horizon : 0);
    colRow = new int[nnz];
    colVal = new double[nnz];

    lo = new double[n];
    up = new double[n];
    cost = new double[n];
    quad = new double[n];
    rhs = new double[m];
    double maxPrice = 0;
    double maxDr = 0;
    double maxReg = 0;
    for (int t = 0; t < horizon; t++) {
      maxPrice = Math.max(maxPrice, Math.max(Math.abs(in.prices().importPerKwh(t)), Math.abs(in.prices().exportPerKwh(t))));
      maxDr = Math.max(maxDr, in.drPaymentPerKwh(t));
      if (in.regulation() != null) {
        maxReg = Math.max(maxReg, Math.max(in.regulation().upPricePerKw(t), in.regulation().downPricePerKw(t)));
      }
    }
    double minEff = 1;
    for (Vehicle v : in.vehicles()) {
      minEff = Math.min(minEff, v.efficiency());
    }
    // Exact penalty: the shortfall price must exceed the marginal value of a kWh in any vehicle (energy,
    // demand-response payment, degradation, a whole interval's worth of demand charge and of regulation
    // price, through two efficiency losses), so that a reachable requirement is never traded for money.
    double marginalValue = (maxPrice + maxDr + in.degradationCostPerKwh() + (in.site().demandChargePerKw() + 2 * maxReg) / h
        + 0.01) / (minEff * minEff);
    // Feasible requirements are worth ten times more per kWh than impossible ones: the site's headroom
    // goes to vehicles that can make it before topping up one that cannot.
    double penaltyPossible = 100 * marginalValue;
    double penaltyImpossible = 10 * marginalValue;
    costScale = Math.max(1e-9, Math.max(h * (maxPrice + maxDr),
        Math.max(Math.max(in.site().demandChargePerKw(), maxReg), h * in.degradationCostPerKwh())));

    double[] enrolledMaxCh = new double[horizon];
    double[] enrolledMaxDis = new double[horizon];
    for (j = 0; j < count; j++) {
      Vehicle v = in.vehicles().get(vehicleIndex[j]);
      int o = varOffset[j];
      int l = length[j];
      double maxCh = Math.max(MIN_WIDTH, in.maxChargeKw(v));
      double maxDis = Math.max(MIN_WIDTH, in.maxDischargeKw(v));
      double[] prev = previousKw.get(v.id());
      for (int k = 0; k < l; k++) {
        int c = o + k;
        int d = o + l + k;
        up[c] = maxCh;
        up[d] = maxDis;
        cost[d] = in.degradationCostPerKwh() * h;
        int t = from[j] + k;
        if (prev != null && churnWeight > 0 && t < prev.length && !Double.isNaN(prev[t])) {
          double pc = Math.max(0, prev[t]);
          double pd = Math.max(0, -prev[t]);
          quad[c] = 2 * churnWeight;
          quad[d] = 2 * churnWeight;
          cost[c] -= 2 * churnWeight * pc;
          cost[d] -= 2 * churnWeight * pd;
        }
        if (enrolled[j]) {
          enrolledMaxCh[t] += in.maxChargeKw(v);
          enrolledMaxDis[t] += in.maxDischargeKw(v);
        }
      }
      // RegulationModel: an enrolled vehicle keeps its call buffer (plus a margin for solver residuals).
      double buffer = enrolled[j] ? RegulationModel.bufferKwh(in, v) + RegulationModel.LP_MARGIN_KWH : 0;
      double floor = v.floorKwh() + buffer;
      double cap = v.capacityKwh() - buffer;
      for (int k = 1; k <= l; k++) {
        int e = o + 2 * l + k - 1;
        lo[e] = floor;
        up[e] = cap;
        if (up[e] - lo[e] < MIN_WIDTH) {
          lo[e] = up[e] - MIN_WIDTH;
        }
      }
      double target = Requirements.targetKwh(in, v) + buffer;
      int last = o + 3 * l - 1;
      int s = o + 3 * l;
      lo[last] = Math.max(floor, Math.min(cap, target));
      if (up[last] - lo[last] < MIN_WIDTH) {
        lo[last] = up[last] - MIN_WIDTH;
      }
      up[s] = Math.max(MIN_WIDTH, lo[last] - floor);
      cost[s] = Requirements.physicallyPossible(in, v) ? penaltyPossible : penaltyImpossible;
      rhs[rowOffset[j]] = initialKwh[j];
    }

    int col = 0;
    int nz = 0;
    int v0 = siteVar;
    for (int t = 0; t < horizon; t++) {
      // Mode on: the rebate payment * h * (baseline - net) enters as + payment * h per kW of net load.
      double dr = drModeOn != null && drModeOn[t] ? in.drPaymentPerKwh(t) * h : 0;
      int upRow = regRows;
      int np = v0++;
      colStart[col++] = nz;
      colRow[nz] = t;
      colVal[nz++] = -1;
      if (demand) {
        colRow[nz] = peakRows + t;
        colVal[nz++] = 1;
      }
      if (regulation) {
        colRow[nz] = upRow + horizon + t;
        colVal[nz++] = -1;
        colRow[nz] = upRow + 3 * horizon + t;
        colVal[nz++] = 1;
      }
      up[np] = Math.max(MIN_WIDTH, in.site().importLimitKw(t));
      cost[np] = h * in.prices().importPerKwh(t) + dr;
      int nm = v0++;
      colStart[col++] = nz;
      colRow[nz] = t;
      colVal[nz++] = 1;
      if (regulation) {
        colRow[nz] = upRow + horizon + t;
        colVal[nz++] = 1;
        colRow[nz] = upRow + 3 * horizon + t;
        colVal[nz++] = -1;
      }
      up[nm] = Math.max(MIN_WIDTH, in.site().exportLimitKw());
      cost[nm] = -h * in.prices().exportPerKwh(t) - dr;
      rhs[siteRow + t] = -in.site().baseLoadKw(t);
      if (demand) {
        int q = v0++;
        colStart[col++] = nz;
        colRow[nz] = peakRows + t;
        colVal[nz++] = 1;
        up[q] = Double.POSITIVE_INFINITY;
      }
      if (regulation) {
        int reservedUp = v0++;
        colStart[col++] = nz;
        colRow[nz] = upRow + t;
        colVal[nz++] = 1;
        colRow[nz] = upRow + horizon + t;
        colVal[nz++] = 1;
        up[reservedUp] = Double.POSITIVE_INFINITY;
        cost[reservedUp] = -in.regulation().upPricePerKw(t);
        int reservedDown = v0++;
        colStart[col++] = nz;
        colRow[nz] = upRow + 2 * horizon + t;
        colVal[nz++] = 1;
        colRow[nz] = upRow + 3 * horizon + t;
        colVal[nz++] = 1;
        up[reservedDown] = Double.POSITIVE_INFINITY;
        cost[reservedDown] = -in.regulation().downPricePerKw(t);
        for (int r = 0; r < 4; r++) {
          int slack = v0++;
          colStart[col++] = nz;
          colRow[nz] = upRow + r * horizon + t;
          colVal[nz++] = 1;
          up[slack] = Double.POSITIVE_INFINITY;
        }
        rhs[siteRow + upRow + t] = enrolledMaxDis[t];
        rhs[siteRow + upRow + horizon + t] = in.site().exportLimitKw();
        rhs[siteRow + upRow + 2 * horizon + t] = enrolledMaxCh[t];
        rhs[siteRow + upRow + 3 * horizon + t] = in.site().importLimitKw(t);
      }
    }
    if (demand) {
      int peak = v0++;
      colStart[col++] = nz;
      for (int t = 0; t < horizon; t++) {
        colRow[nz] = peakRows + t;
        colVal[nz++] = -1;
      }
      lo[peak] = in.site().existingPeakKw();
      up[peak] = Double.POSITIVE_INFINITY;
      cost[peak] = in.site().demandChargePerKw();
    }
    colStart[col] = nz;
    for (int i = 0; i < n; i++) {
      cost[i] /= costScale;
      quad[i] /= costScale;
    }
  }

  int chargeVar(int j, int k) {
    return varOffset[j] + k;
  }

  int dischargeVar(int j, int k) {
    return varOffset[j] + length[j] + k;
  }

  /** y = A x. */
  void multiply(double[] x, double[] y) {
    java.util.Arrays.fill(y, 0);
    for (int j = 0; j < from.length; j++) {
      int o = varOffset[j];
      int l = length[j];
      int r0 = rowOffset[j];
      int e0 = o + 2 * l;
      for (int k = 0; k < l; k++) {
        double c = x[o + k];
        double d = x[o + l + k];
        double v = x[e0 + k] - gain[j] * c + loss[j] * d;
        if (k > 0) {
          v -= x[e0 + k - 1];
        }
        y[r0 + k] = v;
        int t = from[j] + k;
        y[siteRow + t] += c - d;
        if (enrolled[j]) {
          y[siteRow + regRows + t] -= c - d;
          y[siteRow + regRows + 2 * horizon + t] += c - d;
        }
      }
      y[r0 + l - 1] -= x[o + 3 * l];
    }
    for (int i = siteVar; i < n; i++) {
      double xi = x[i];
      int c = i - siteVar;
      for (int p = colStart[c]; p < colStart[c + 1]; p++) {
        y[siteRow + colRow[p]] += colVal[p] * xi;
      }
    }
  }

  /** x = A^T y. */
  void multiplyTransposed(double[] y, double[] x) {
    for (int j = 0; j < from.length; j++) {
      int o = varOffset[j];
      int l = length[j];
      int r0 = rowOffset[j];
      int e0 = o + 2 * l;
      for (int k = 0; k < l; k++) {
        int t = from[j] + k;
        double ys = y[siteRow + t];
        if (enrolled[j]) {
          ys += -y[siteRow + regRows + t] + y[siteRow + regRows + 2 * horizon + t];
        }
        double yd = y[r0 + k];
        x[o + k] = -gain[j] * yd + ys;
        x[o + l + k] = loss[j] * yd - ys;
        x[e0 + k] = yd - (k + 1 < l ? y[r0 + k + 1] : 0);
      }
      x[o + 3 * l] = -y[r0 + l - 1];
    }
    for (int i = siteVar; i < n; i++) {
      int c = i - siteVar;
      double sum = 0;
      for (int p = colStart[c]; p < colStart[c + 1]; p++) {
        sum += colVal[p] * y[siteRow + colRow[p]];
      }
      x[i] = sum;
    }
  }

  /** Grid-side signed power per instance vehicle per interval: c - d. */
  double[][] powerKw(double[] x) {
    double[][] p = new double[in.vehicles().size()][horizon];
    for (int j = 0; j < from.length; j++) {
      double[] pv = p[vehicleIndex[j]];
      for (int k = 0; k < length[j]; k++) {
        pv[from[j] + k] = x[chargeVar(j, k)] - x[dischargeVar(j, k)];
      }
    }
    return p;
  }

  /** Net load per interval of an iterate: base + sum(c - d). */
  double[] netKw(double[] x) {
    double[] net = in.site().baseLoadKw();
    for (int j = 0; j < from.length; j++) {
      for (int k = 0; k < length[j]; k++) {
        net[from[j] + k] += x[chargeVar(j, k)] - x[dischargeVar(j, k)];
      }
    }
    return net;
  }
}
