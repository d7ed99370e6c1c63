package energy.vgf.optimizer.solve;

/**
 * Mehrotra predictor-corrector primal-dual interior-point method for
 * min c^T x + 1/2 x^T Q x  s.t.  A x = b,  lo <= x <= up  (Q diagonal, every lo finite),
 * on the structure of {@link ChargingLp}.
 */
final class InteriorPoint {
  // Relative to the largest right-hand side (kW, kWh): 1e-8 of a 500 kWh battery is 5 mWh; the plan is
  // repaired onto the exact limits afterwards anyway. Tighter stalls on rounding in the Schur complement.
  static final double FEASIBILITY_TOLERANCE = 1e-8;
  static final double GAP_TOLERANCE = 1e-10;
  /** Accepted once the gap is closed and the barrier is gone: the repair absorbs a residual this small. */
  static final double STALLED_FEASIBILITY = 1e-6;
  private static final int MAX_ITERATIONS = 150;
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(InteriorPoint.class);

  /** The outcome: the last iterate, and whether it met the optimality tolerances. */
  record Result(double[] x, boolean converged, int iterations, double primalObjective) {
  }

  private InteriorPoint() {
  }

  static Result solve(ChargingLp lp, long deadlineNanos) {
    int n = lp.n;
    int m = lp.m;
    double[] x = new double[n];
    double[] zl = new double[n];
    double[] zu = new double[n];
    boolean[] hasUp = new boolean[n];
    double[] y = new double[m];
    double scaleKw = 1;
    for (int t = 0; t < lp.horizon; t++) {
      scaleKw = Math.max(scaleKw, lp.in.site().importLimitKw(t));
    }
    int pairs = 0;
    for (int i = 0; i < n; i++) {
      hasUp[i] = Double.isFinite(lp.up[i]);
      x[i] = hasUp[i] ? 0.5 * (lp.lo[i] + lp.up[i]) : lp.lo[i] + 0.1 * scaleKw;
      double mag = Math.max(1e-2, Math.abs(lp.cost[i]));
      zl[i] = mag;
      zu[i] = hasUp[i] ? mag : 0;
      pairs += hasUp[i] ? 2 : 1;
    }
    double[] ax = new double[m];
    double[] aty = new double[n];
    double[] rp = new double[m];
    double[] rd = new double[n];
    double[] theta = new double[n];
    double[] rhat = new double[n];
    double[] dyAff = new double[m];
    double[] dxAff = new double[n];
    double[] dzlAff = new double[n];
    double[] dzuAff = new double[n];
    double[] dy = new double[m];
    double[] dx = new double[n];
    double[] dzl = new double[n];
    double[] dzu = new double[n];
    double[] rl = new double[n];
    double[] ru = new double[n];
    NormalEquations normal = new NormalEquations(lp);
    double bNorm = 1 + maxAbs(lp.rhs);
    double cNorm = 1 + maxAbs(lp.cost);
    boolean quadratic = false;
    for (double q : lp.quad) {
      quadratic |= q != 0;
    }
    boolean converged = false;
    double[] lastX = x.clone();
    double lastObjective = Double.NaN;
    int iter = 0;
    double pobj = 0;
    for (; iter < MAX_ITERATIONS; iter++) {
      lp.multiply(x, ax);
      lp.multiplyTransposed(y, aty);
      double pInf = 0;
      for (int r = 0; r < m; r++) {
        rp[r] = lp.rhs[r] - ax[r];
        pInf = Math.max(pInf, Math.abs(rp[r]));
      }
      double dInf = 0;
      double comp = 0;
      pobj = 0;
      for (int i = 0; i < n; i++) {
        rd[i] = lp.cost[i] + lp.quad[i] * x[i] - aty[i] - zl[i] + zu[i];
        dInf = Math.max(dInf, Math.abs(rd[i]));
        comp += (x[i] - lp.lo[i]) * zl[i] + (hasUp[i] ? (lp.up[i] - x[i]) * zu[i] : 0);
        pobj += lp.cost[i] * x[i] + 0.5 * lp.quad[i] * x[i] * x[i];
      }
      double mu = comp / pairs;
      if (!Double.isFinite(pobj) || !Double.isFinite(pInf) || !Double.isFinite(dInf)) {
        // Numerical breakdown: fall back to the last finite iterate.
        System.arraycopy(lastX, 0, x, 0, n);
        pobj = lastObjective;
        break;
      }
      System.arraycopy(x, 0, lastX, 0, n);
      lastObjective = pobj;
      if (LOG.isTraceEnabled()) {
        LOG.trace("iteration {} primal inf {} dual inf {} mu {} objective {}", iter, pInf / bNorm, dInf / cNorm, mu,
            pobj * lp.costScale);
      }
      boolean gapClosed = comp / (1 + Math.abs(pobj)) < GAP_TOLERANCE;
      if (gapClosed && dInf / cNorm < FEASIBILITY_TOLERANCE
          && (pInf / bNorm < FEASIBILITY_TOLERANCE || pInf / bNorm < STALLED_FEASIBILITY && mu < 1e-12)) {
        converged = true;
        break;
      }
      if (System.nanoTime() > deadlineNanos) {
        break;
      }
      for (int i = 0; i < n; i++) {
        double sl = x[i] - lp.lo[i];
        double hess = lp.quad[i] + zl[i] / sl + (hasUp[i] ? zu[i] / (lp.up[i] - x[i]) : 0);
        theta[i] = 1.0 / hess;
      }
      normal.factor(theta);

      // Predictor (affine scaling): complementarity targets 0.
      for (int i = 0; i < n; i++) {
        rl[i] = -(x[i] - lp.lo[i]) * zl[i];
        ru[i] = hasUp[i] ? -(lp.up[i] - x[i]) * zu[i] : 0;
      }
      direction(lp, normal, x, zl, zu, hasUp, theta, rp, rd, rl, ru, rhat, aty, dyAff, dxAff, dzlAff, dzuAff);
      double apAff = primalStep(lp, x, hasUp, dxAff, 1.0);
      double adAff = dualStep(zl, zu, hasUp, dzlAff, dzuAff, 1.0);
      if (quadratic) {
        apAff = adAff = Math.min(apAff, adAff);
      }
      double compAff = 0;
      for (int i = 0; i < n; i++) {
        compAff += (x[i] + apAff * dxAff[i] - lp.lo[i]) * (zl[i] + adAff * dzlAff[i]);
        if (hasUp[i]) {
          compAff += (lp.up[i] - x[i] - apAff * dxAff[i]) * (zu[i] + adAff * dzuAff[i]);
        }
      }
      double muAff = compAff / pairs;
      double sigma = Math.pow(muAff / mu, 3);
      sigma = Math.min(1, Math.max(0, sigma));

      // Corrector: centring plus the second-order term of the predictor.
      for (int i = 0; i < n; i++) {
        rl[i] = sigma * mu - (x[i] - lp.lo[i]) * zl[i] - dxAff[i] * dzlAff[i];
        ru[i] = hasUp[i] ? sigma * mu - (lp.up[i] - x[i]) * zu[i] + dxAff[i] * dzuAff[i] : 0;
      }
      direction(lp, normal, x, zl, zu, hasUp, theta, rp, rd, rl, ru, rhat, aty, dy, dx, dzl, dzu);
      double ap = primalStep(lp, x, hasUp, dx, 0.995);
      double ad = dualStep(zl, zu, hasUp, dzl, dzu, 0.995);
      if (quadratic) {
        ap = ad = Math.min(ap, ad);
      }
      for (int i = 0; i < n; i++) {
        x[i] += ap * dx[i];
        zl[i] += ad * dzl[i];
        if (hasUp[i]) {
          zu[i] += ad * dzu[i];
        }
      }
      for (int r = 0; r < m; r++) {
        y[r] += ad * dy[r];
      }
    }
    return new Result(x, converged, iter, pobj * lp.costScale);
  }

  /**
   * Newton direction for residuals rp (primal), rd (dual) and complementarity targets rl, ru:
   * dx = Θ (A^T dy - rhat), (A Θ A^T) dy = rp + A Θ rhat, with rhat = rd - rl/sl + ru/su.
   */
  private static void direction(ChargingLp lp, NormalEquations normal, double[] x, double[] zl, double[] zu,
                                boolean[] hasUp, double[] theta, double[] rp, double[] rd, double[] rl,
                                double[] ru, double[] rhat, double[] scratch, double[] dy, double[] dx,
                                double[] dzl, double[] dzu) {
    int n = lp.n;
    for (int i = 0; i < n; i++) {
      double sl = x[i] - lp.lo[i];
      rhat[i] = rd[i] - rl[i] / sl + (hasUp[i] ? ru[i] / (lp.up[i] - x[i]) : 0);
      scratch[i] = theta[i] * rhat[i];
    }
    lp.multiply(scratch, dy);
    for (int r = 0; r < lp.m; r++) {
      dy[r] += rp[r];
    }
    double[] target = dy.clone();
    normal.solve(dy);
    // One step of iterative refinement: near the optimum Θ spans 20 orders of magnitude and the first
    // solve alone leaves the primal residual stalled around 1e-8.
    lp.multiplyTransposed(dy, dx);
    for (int i = 0; i < n; i++) {
      dx[i] *= theta[i];
    }
    double[] residual = new double[lp.m];
    lp.multiply(dx, residual);
    for (int r = 0; r < lp.m; r++) {
      residual[r] = target[r] - residual[r];
    }
    normal.solve(residual);
    for (int r = 0; r < lp.m; r++) {
      dy[r] += residual[r];
    }
    lp.multiplyTransposed(dy, dx);
    for (int i = 0; i < n; i++) {
      dx[i] = theta[i] * (dx[i] - rhat[i]);
      double sl = x[i] - lp.lo[i];
      dzl[i] = (rl[i] - zl[i] * dx[i]) / sl;
      dzu[i] = hasUp[i] ? (ru[i] + zu[i] * dx[i]) / (lp.up[i] - x[i]) : 0;
    }
  }

  private static double primalStep(ChargingLp lp, double[] x, boolean[] hasUp, double[] dx, double fraction) {
    double alpha = 1.0 / fraction;
    for (int i = 0; i < x.length; i++) {
      if (dx[i] < 0) {
        alpha = Math.min(alpha, -(x[i] - lp.lo[i]) / dx[i]);
      } else if (dx[i] > 0 && hasUp[i]) {
        alpha = Math.min(alpha, (lp.up[i] - x[i]) / dx[i]);
      }
    }
    return Math.min(1.0, fraction * alpha);
  }

  private static double dualStep(double[] zl, double[] zu, boolean[] hasUp, double[] dzl, double[] dzu,
                                 double fraction) {
    double alpha = 1.0 / fraction;
    for (int i = 0; i < zl.length; i++) {
      if (dzl[i] < 0) {
        alpha = Math.min(alpha, -zl[i] / dzl[i]);
      }
      if (hasUp[i] && dzu[i] < 0) {
        alpha = Math.min(alpha, -zu[i] / dzu[i]);
      }
    }
    return Math.min(1.0, fraction * alpha);
  }

  private static double maxAbs(double[] v) {
    double m = 0;
    for (double d : v) {
      m = Math.max(m, Math.abs(d));
    }
    return m;
  }
}
