package energy.vgf.optimizer.solve;

/**
 * Factorises and solves (A Θ A^T) dy = r for the block-angular charging LP: one tridiagonal block per vehicle
 * (its dynamics rows), eliminated into a dense Schur complement on the site, peak and regulation rows. A vehicle
 * enrolled for regulation couples to its interval's site, up and down rows along (1, -1, 1): its part of the
 * Schur complement is a T x T matrix K expanded as K (x) (1, -1, 1)(1, -1, 1)^T.
 */
final class NormalEquations {
  private final ChargingLp lp;
  // Per dynamics row: LDL^T factor of its vehicle's tridiagonal block, and the coupling to its site row.
  private final double[] pivot;
  private final double[] lower;
  private final double[] coupling;
  private final double[] schur;      // dense coupled x coupled, row-major; Cholesky factor after factor()
  private final int size;
  private final double[] work;
  private final double[] enrolledSchur;  // K of the enrolled vehicles, horizon x horizon (if regulation)

  NormalEquations(ChargingLp lp) {
    this.lp = lp;
    this.pivot = new double[lp.dynRows];
    this.lower = new double[lp.dynRows];
    this.coupling = new double[lp.dynRows];
    this.size = lp.coupled;
    this.schur = new double[size * size];
    int maxLen = 1;
    for (int l : lp.length) {
      maxLen = Math.max(maxLen, l);
    }
    this.work = new double[maxLen];
    this.enrolledSchur = lp.regulation ? new double[lp.horizon * lp.horizon] : null;
  }

  /** @param theta the diagonal Θ (inverse of the barrier Hessian plus churn term) per variable */
  void factor(double[] theta) {
    java.util.Arrays.fill(schur, 0);
    if (enrolledSchur != null) {
      java.util.Arrays.fill(enrolledSchur, 0);
    }
    int horizon = lp.horizon;
    int siteBase = lp.siteRow - lp.dynRows;     // == 0
    for (int j = 0; j < lp.from.length; j++) {
      // Enrolled vehicles accumulate into K, expanded onto the site and regulation rows below.
      double[] into = lp.enrolled[j] ? enrolledSchur : schur;
      int stride = lp.enrolled[j] ? horizon : size;
      int o = lp.varOffset[j];
      int l = lp.length[j];
      int r0 = lp.rowOffset[j];
      int e0 = o + 2 * l;
      double a = lp.gain[j];
      double b = lp.loss[j];
      int f = lp.from[j];
      // Tridiagonal block: diagonal and the factor, in one pass.
      for (int k = 0; k < l; k++) {
        double tc = theta[o + k];
        double td = theta[o + l + k];
        double diag = theta[e0 + k] + a * a * tc + b * b * td;
        if (k > 0) {
          diag += theta[e0 + k - 1];
        }
        if (k == l - 1) {
          diag += theta[o + 3 * l];
        }
        coupling[r0 + k] = -a * tc - b * td;
        int site = siteBase + f + k;
        into[site * stride + site] += tc + td;
        if (k == 0) {
          pivot[r0] = diag;
          lower[r0] = 0;
        } else {
          double off = -theta[e0 + k - 1];
          double lk = off / pivot[r0 + k - 1];
          lower[r0 + k] = lk;
          pivot[r0 + k] = diag - lk * off;
        }
      }
      // Subtract G^T B^{-1} G: column k of B^{-1} from row k on (symmetry gives the rest).
      for (int k = 0; k < l; k++) {
        double gk = coupling[r0 + k];
        if (gk == 0) {
          continue;
        }
        // Forward: z = L^{-1} e_k is zero before k, 1 at k.
        double z = 1.0;
        work[k] = z / pivot[r0 + k];
        for (int i = k + 1; i < l; i++) {
          z = -lower[r0 + i] * z;
          work[i] = z / pivot[r0 + i];
        }
        // Backward: x_i = w_i - l_{i+1} x_{i+1}, only for i >= k.
        for (int i = l - 2; i >= k; i--) {
          work[i] -= lower[r0 + i + 1] * work[i + 1];
        }
        int rowK = (siteBase + f + k) * stride;
        for (int i = k; i < l; i++) {
          double v = gk * coupling[r0 + i] * work[i];
          into[rowK + siteBase + f + i] -= v;
          if (i != k) {
            into[(siteBase + f + i) * stride + siteBase + f + k] -= v;
          }
        }
      }
    }
    if (enrolledSchur != null) {
      int upRow = lp.regRows;
      int downRow = lp.regRows + 2 * horizon;
      for (int s = 0; s < horizon; s++) {
        for (int t = 0; t < horizon; t++) {
          double k = enrolledSchur[s * horizon + t];
          if (k == 0) {
            continue;
          }
          schur[s * size + t] += k;
          schur[(upRow + s) * size + upRow + t] += k;
          schur[(downRow + s) * size + downRow + t] += k;
          schur[s * size + upRow + t] -= k;
          schur[(upRow + s) * size + t] -= k;
          schur[s * size + downRow + t] += k;
          schur[(downRow + s) * size + t] += k;
          schur[(upRow + s) * size + downRow + t] -= k;
          schur[(downRow + s) * size + upRow + t] -= k;
        }
      }
    }
    // Site-level variables: theta * a a^T of their sparse columns.
    for (int i = lp.siteVar; i < lp.n; i++) {
      int c = i - lp.siteVar;
      double th = theta[i];
      for (int p = lp.colStart[c]; p < lp.colStart[c + 1]; p++) {
        int rp = lp.colRow[p] * size;
        double vp = th * lp.colVal[p];
        for (int q = lp.colStart[c]; q < lp.colStart[c + 1]; q++) {
          schur[rp + lp.colRow[q]] += vp * lp.colVal[q];
        }
      }
    }
    cholesky();
  }

  private void cholesky() {
    double maxDiag = 0;
    for (int i = 0; i < size; i++) {
      maxDiag = Math.max(maxDiag, schur[i * size + i]);
    }
    // Late interior-point iterations make the system nearly singular; a tiny shift keeps it factorable
    // without moving the solution beyond the tolerances checked afterwards.
    double shift = 1e-13 * Math.max(1, maxDiag);
    for (int i = 0; i < size; i++) {
      int ri = i * size;
      for (int k = 0; k < i; k++) {
        double sum = schur[ri + k];
        int rk = k * size;
        for (int p = 0; p < k; p++) {
          sum -= schur[ri + p] * schur[rk + p];
        }
        schur[ri + k] = sum / schur[rk + k];
      }
      double d = schur[ri + i] + shift;
      for (int p = 0; p < i; p++) {
        d -= schur[ri + p] * schur[ri + p];
      }
      schur[ri + i] = d > shift ? Math.sqrt(d) : 1e64;
    }
  }

  /** Solves in place: r (length m) becomes dy. */
  void solve(double[] r) {
    int dyn = lp.dynRows;
    // Eliminate each vehicle's block from the coupled right-hand side.
    for (int j = 0; j < lp.from.length; j++) {
      int l = lp.length[j];
      int r0 = lp.rowOffset[j];
      blockSolve(r, r0, l, work);
      for (int k = 0; k < l; k++) {
        int t = lp.from[j] + k;
        double g = coupling[r0 + k] * work[k];
        r[dyn + t] -= g;
        if (lp.enrolled[j]) {
          r[dyn + lp.regRows + t] += g;
          r[dyn + lp.regRows + 2 * lp.horizon + t] -= g;
        }
      }
    }
    // Dense coupled solve: L L^T y = r_c.
    for (int i = 0; i < size; i++) {
      double sum = r[dyn + i];
      int ri = i * size;
      for (int p = 0; p < i; p++) {
        sum -= schur[ri + p] * r[dyn + p];
      }
      r[dyn + i] = sum / schur[ri + i];
    }
    for (int i = size - 1; i >= 0; i--) {
      double sum = r[dyn + i];
      for (int p = i + 1; p < size; p++) {
        sum -= schur[p * size + i] * r[dyn + p];
      }
      r[dyn + i] = sum / schur[i * size + i];
    }
    // Back-substitute the vehicle rows.
    for (int j = 0; j < lp.from.length; j++) {
      int l = lp.length[j];
      int r0 = lp.rowOffset[j];
      for (int k = 0; k < l; k++) {
        int t = lp.from[j] + k;
        double y = r[dyn + t];
        if (lp.enrolled[j]) {
          y += -r[dyn + lp.regRows + t] + r[dyn + lp.regRows + 2 * lp.horizon + t];
        }
        r[r0 + k] -= coupling[r0 + k] * y;
      }
      blockSolve(r, r0, l, work);
      System.arraycopy(work, 0, r, r0, l);
    }
  }

  private void blockSolve(double[] r, int r0, int l, double[] out) {
    double z = 0;
    for (int k = 0; k < l; k++) {
      z = r[r0 + k] - (k > 0 ? lower[r0 + k] * z : 0);
      out[k] = z;
    }
    for (int k = 0; k < l; k++) {
      out[k] /= pivot[r0 + k];
    }
    for (int k = l - 2; k >= 0; k--) {
      out[k] -= lower[r0 + k + 1] * out[k + 1];
    }
  }
}
