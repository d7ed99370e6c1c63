package energy.vgf.optimizer.solve;

import energy.vgf.optimizer.instance.Instance;
import energy.vgf.optimizer.instance.Vehicle;
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
    final boolean demand;
    final int siteVar;              // np_0
    final int siteRow;              // first site row
    final int peakRow;              // first peak row (if demand)
    final int peakVar;              // P (if demand)
    final int n;                    // variables
    final int dynRows;
    final int m;                    // rows
    final int coupled;              // site (+ peak) rows

    final double[] lo;
    final double[] up;
    final double[] cost;
    final double[] quad;
    final double[] rhs;
    final double costScale;

    ChargingLp(Instance in, Map<String, double[]> previousKw, double churnWeight) {
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
            var += 3 * l + 1;
            row += l;
            j++;
        }
        dynRows = row;
        demand = in.site().demandChargePerKw() > 0;
        siteVar = var;
        var += 2 * horizon;
        peakVar = demand ? var + horizon : -1;
        if (demand) {
            var += horizon + 1;
        }
        n = var;
        siteRow = row;
        row += horizon;
        peakRow = demand ? row : -1;
        if (demand) {
            row += horizon;
        }
        m = row;
        coupled = m - dynRows;

        lo = new double[n];
        up = new double[n];
        cost = new double[n];
        quad = new double[n];
        rhs = new double[m];
        double maxPrice = 0;
        for (int t = 0; t < horizon; t++) {
            maxPrice = Math.max(maxPrice, Math.max(Math.abs(in.prices().importPerKwh(t)), Math.abs(in.prices().exportPerKwh(t))));
        }
        double minEff = 1;
        for (Vehicle v : in.vehicles()) {
            minEff = Math.min(minEff, v.efficiency());
        }
        // Exact penalty: the shortfall price must exceed the marginal value of a kWh in any vehicle (energy,
        // degradation and a whole interval's worth of demand charge, through two efficiency losses), so that
        // a reachable requirement is never traded for money.
        double marginalValue = (maxPrice + in.degradationCostPerKwh() + in.site().demandChargePerKw() / h + 0.01)
                / (minEff * minEff);
        // Feasible requirements are worth ten times more per kWh than impossible ones: the site's headroom
        // goes to vehicles that can make it before topping up one that cannot.
        double penaltyPossible = 100 * marginalValue;
        double penaltyImpossible = 10 * marginalValue;
        costScale = Math.max(1e-9, Math.max(h * maxPrice, Math.max(in.site().demandChargePerKw(), h * in.degradationCostPerKwh())));

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
            }
            double floor = v.floorKwh();
            double cap = v.capacityKwh();
            for (int k = 1; k <= l; k++) {
                int e = o + 2 * l + k - 1;
                lo[e] = floor;
                up[e] = cap;
                if (up[e] - lo[e] < MIN_WIDTH) {
                    lo[e] = up[e] - MIN_WIDTH;
                }
            }
            double target = Requirements.targetKwh(in, v);
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
        for (int t = 0; t < horizon; t++) {
            up[siteVar + t] = Math.max(MIN_WIDTH, in.site().importLimitKw(t));
            up[siteVar + horizon + t] = Math.max(MIN_WIDTH, in.site().exportLimitKw());
            cost[siteVar + t] = h * in.prices().importPerKwh(t);
            cost[siteVar + horizon + t] = -h * in.prices().exportPerKwh(t);
            rhs[siteRow + t] = -in.site().baseLoadKw(t);
        }
        if (demand) {
            for (int t = 0; t < horizon; t++) {
                up[peakVar - horizon + t] = Double.POSITIVE_INFINITY;
            }
            lo[peakVar] = in.site().existingPeakKw();
            up[peakVar] = Double.POSITIVE_INFINITY;
            cost[peakVar] = in.site().demandChargePerKw();
        }
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
                y[siteRow + from[j] + k] += c - d;
            }
            y[r0 + l - 1] -= x[o + 3 * l];
        }
        for (int t = 0; t < horizon; t++) {
            y[siteRow + t] += -x[siteVar + t] + x[siteVar + horizon + t];
            if (demand) {
                y[peakRow + t] = x[siteVar + t] - x[peakVar] + x[peakVar - horizon + t];
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
                double ys = y[siteRow + from[j] + k];
                double yd = y[r0 + k];
                x[o + k] = -gain[j] * yd + ys;
                x[o + l + k] = loss[j] * yd - ys;
                x[e0 + k] = yd - (k + 1 < l ? y[r0 + k + 1] : 0);
            }
            x[o + 3 * l] = -y[r0 + l - 1];
        }
        double sumPeak = 0;
        for (int t = 0; t < horizon; t++) {
            x[siteVar + t] = -y[siteRow + t] + (demand ? y[peakRow + t] : 0);
            x[siteVar + horizon + t] = y[siteRow + t];
            if (demand) {
                x[peakVar - horizon + t] = y[peakRow + t];
                sumPeak += y[peakRow + t];
            }
        }
        if (demand) {
            x[peakVar] = -sumPeak;
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
}
