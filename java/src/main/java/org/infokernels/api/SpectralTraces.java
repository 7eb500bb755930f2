package org.infokernels.api;

import java.util.SplittableRandom;
import java.util.function.BiFunction;
import java.util.function.DoubleUnaryOperator;

/**
 * tr f_j(A) for several spectral functions f_j at once, for a symmetric n × n matrix A with a
 * known trace that is available only through block products A·V (V: n × p), by deflation plus
 * stochastic Lanczos quadrature (Ubaru, Chen, Saad [1]). One set of Lanczos runs serves every
 * f_j and each probe's estimate is kept (callers need the joint spread of several traces, e.g.
 * DSE = ln S − T/S of S = tr|K|^t and T = tr(|K|^t ln|K|^t)). Without deflation the Hutchinson
 * variance of a Gaussian Gram matrix is dominated by its large off-diagonal entries (Meyer, Musco,
 * Musco, Woodruff, "Hutch++", SOSA 2021); the head below removes them.
 *
 * <ol>
 *   <li>Head: r block power steps from a seeded random block, Rayleigh–Ritz, Ritz pairs (θ_a, v_a);
 *       Σ_a f_j(θ_a) is summed exactly.</li>
 *   <li>Tail: tr f_j(PAP), P = I − VVᵀ, by SLQ with p Rademacher probes z_c (projected by P) and
 *       s Lanczos steps each, in lockstep (one product A·Q per step): q_jc = ‖z_c‖² Σ_k U_0k² f_j(θ_k).</li>
 *   <li>Control variate: the identity's quadrature q_c = z_cᵀ PAP z_c is exact and tr(PAP) =
 *       tr(A) − Σθ_a is known, so tr f_j(PAP) ≈ β_j tr(PAP) + mean_c(q_jc − β_j q_c) with β_j the
 *       least-squares slope of q_jc on q_c over the probes ({@code fitSlope}), or β = 1 (the
 *       plain f − λ variate); for f = λ the tail is exact either way.</li>
 * </ol>
 * The probe samples head_j + β_j tr(PAP) + q_jc − β_j q_c average to the estimate, so their
 * covariance / p is the Monte-Carlo covariance of the traces (the Lanczos quadrature error of s
 * steps is not part of it). Every f_j must have f_j(0) = 0: the deflated directions are zero
 * eigenvectors of PAP. Time: (powerSteps + 1) products with r columns and s products with p
 * columns; memory O(n·(r + p)). No reorthogonalisation: the quadrature tolerates the loss of
 * orthogonality ([1] §4).
 *
 * <p>[1] S. Ubaru, J. Chen, Y. Saad, SIAM J. Matrix Anal. Appl. 38(1), 75–98 (2017).
 */
final class SpectralTraces {
  private SpectralTraces() {}

  /**
   * @param value   the estimates of tr f_j(A)
   * @param samples samples[j][c]: probe c's estimate of tr f_j(A) (mean over c = value[j])
   */
  record Traces(double[] value, double[][] samples) {
    int probes() {
      return samples[0].length;
    }

    /** sample covariance (ddof 1) of the probe samples of f_i and f_j, divided by the probe count */
    double covarianceOfMeans(int i, int j) {
      int p = probes();
      double s = 0;
      for (int c = 0; c < p; c++) {
        s += (samples[i][c] - value[i]) * (samples[j][c] - value[j]);
      }
      return s / (p - 1) / p;
    }
  }

  /**
   * @param n        size of A
   * @param traceA   tr A, known exactly
   * @param rank     deflation rank r (clamped to n − 2; 0: no deflation)
   * @param apply    (V, p) ↦ A·V for V n × p row-major
   * @param fs       the spectral functions, each with f(0) = 0
   * @param fitSlope true: β_j fitted over the probes; false: β_j = 1
   */
  static Traces estimate(int n, double traceA, int rank, int powerSteps, int probes, int steps,
                         BiFunction<double[], Integer, double[]> apply, DoubleUnaryOperator[] fs, SplittableRandom rng,
                         boolean fitSlope) {
    int nf = fs.length;
    int r = Math.max(0, Math.min(rank, n - 2));
    double[] head = new double[nf];
    double headTrace = 0;
    double[] basis = null;
    if (r > 0) {
      double[] v = new double[n * r];
      for (int i = 0; i < v.length; i++) {
        v[i] = rng.nextBoolean() ? 1.0 : -1.0;
      }
      orthonormalize(v, n, r);
      for (int it = 0; it < powerSteps; it++) {
        v = apply.apply(v, r);
        orthonormalize(v, n, r);
      }
      double[] av = apply.apply(v, r);
      org.ejml.data.DMatrixRMaj h = new org.ejml.data.DMatrixRMaj(r, r);
      for (int a = 0; a < r; a++) {
        for (int b = a; b < r; b++) {
          double ab = 0;
          double ba = 0;
          for (int i = 0; i < n; i++) {
            ab += v[i * r + a] * av[i * r + b];
            ba += v[i * r + b] * av[i * r + a];
          }
          double sym = 0.5 * (ab + ba);
          h.set(a, b, sym);
          h.set(b, a, sym);
        }
      }
      var dec = org.ejml.dense.row.factory.DecompositionFactory_DDRM.eig(r, false, true);
      if (!dec.decompose(h)) {
        throw new IllegalStateException("Rayleigh-Ritz eigendecomposition failed (r = " + r + ")");
      }
      for (int a = 0; a < r; a++) {
        double theta = dec.getEigenvalue(a).real;
        headTrace += theta;
        for (int j = 0; j < nf; j++) {
          head[j] += fs[j].applyAsDouble(theta);
        }
      }
      basis = v;
    }
    double tailTrace = traceA - headTrace;

    // ---- tail: Lanczos on PAP for p probes in lockstep
    int p = probes;
    int s = Math.min(steps, n);
    final double[] vb = basis;
    final int rr = r;
    double[] z = new double[n * p];
    for (int i = 0; i < z.length; i++) {
      z[i] = rng.nextBoolean() ? 1.0 : -1.0;
    }
    if (vb != null) {
      z = project(z, vb, n, p, rr);
    }
    double[] zNorm2 = new double[p];
    for (int i = 0; i < n; i++) {
      for (int c = 0; c < p; c++) {
        zNorm2[c] += z[i * p + c] * z[i * p + c];
      }
    }
    double[] q = new double[n * p];
    for (int i = 0; i < n; i++) {
      for (int c = 0; c < p; c++) {
        q[i * p + c] = zNorm2[c] > 0 ? z[i * p + c] / Math.sqrt(zNorm2[c]) : 0.0;
      }
    }
    double[] qPrev = new double[n * p];
    double[][] alpha = new double[p][s];
    double[][] beta = new double[p][s];
    int[] len = new int[p];
    boolean[] done = new boolean[p];
    for (int c = 0; c < p; c++) {
      done[c] = !(zNorm2[c] > 0);
    }
    double[] betaPrev = new double[p];
    for (int j = 0; j < s; j++) {
      double[] pq = vb == null ? q : project(q, vb, n, p, rr);
      double[] w = apply.apply(pq, p);
      if (vb != null) {
        w = project(w, vb, n, p, rr);
      }
      boolean any = false;
      for (int c = 0; c < p; c++) {
        if (done[c]) {
          continue;
        }
        double a = 0;
        for (int i = 0; i < n; i++) {
          a += q[i * p + c] * w[i * p + c];
        }
        double b2 = 0;
        for (int i = 0; i < n; i++) {
          double t = w[i * p + c] - a * q[i * p + c] - betaPrev[c] * qPrev[i * p + c];
          w[i * p + c] = t;
          b2 += t * t;
        }
        double b = Math.sqrt(b2);
        alpha[c][j] = a;
        beta[c][j] = b;
        len[c] = j + 1;
        if (b <= 1e-14 * Math.abs(a) || b == 0) {
          done[c] = true;  // invariant subspace reached: the quadrature is exact
          continue;
        }
        any = true;
        for (int i = 0; i < n; i++) {
          qPrev[i * p + c] = q[i * p + c];
          q[i * p + c] = w[i * p + c] / b;
        }
        betaPrev[c] = b;
      }
      if (!any) {
        break;
      }
    }

    // ---- quadrature per probe, for the identity and every f_j
    double[] qId = new double[p];
    double[][] qf = new double[nf][p];
    for (int c = 0; c < p; c++) {
      if (len[c] == 0) {
        continue;
      }
      double[][] nodes = nodesAndWeights(alpha[c], beta[c], len[c]);
      for (int k = 0; k < len[c]; k++) {
        double theta = nodes[0][k];
        double wgt = nodes[1][k] * zNorm2[c];
        qId[c] += wgt * theta;
        for (int j = 0; j < nf; j++) {
          qf[j][c] += wgt * fs[j].applyAsDouble(theta);
        }
      }
    }
    double idMean = KnnSupport.mean(qId);
    double idVar = 0;
    for (double v : qId) {
      idVar += (v - idMean) * (v - idMean);
    }
    double[] value = new double[nf];
    double[][] samples = new double[nf][p];
    for (int j = 0; j < nf; j++) {
      double fMean = KnnSupport.mean(qf[j]);
      double cov = 0;
      for (int c = 0; c < p; c++) {
        cov += (qf[j][c] - fMean) * (qId[c] - idMean);
      }
      double slope = !fitSlope ? 1.0 : idVar > 0 ? cov / idVar : 0.0;
      double sum = 0;
      for (int c = 0; c < p; c++) {
        samples[j][c] = head[j] + slope * tailTrace + qf[j][c] - slope * qId[c];
        sum += samples[j][c];
      }
      value[j] = sum / p;
    }
    return new Traces(value, samples);
  }

  /** Gauss quadrature of the m × m Lanczos tridiagonal: nodes θ_k (row 0) and weights U_0k² (row 1) */
  static double[][] nodesAndWeights(double[] alpha, double[] beta, int m) {
    org.ejml.data.DMatrixRMaj t = new org.ejml.data.DMatrixRMaj(m, m);
    for (int i = 0; i < m; i++) {
      t.set(i, i, alpha[i]);
      if (i + 1 < m) {
        t.set(i, i + 1, beta[i]);
        t.set(i + 1, i, beta[i]);
      }
    }
    var dec = org.ejml.dense.row.factory.DecompositionFactory_DDRM.eig(m, true, true);
    if (!dec.decompose(t)) {
      throw new IllegalStateException("Lanczos tridiagonal eigendecomposition failed (m = " + m + ")");
    }
    double[][] out = new double[2][m];
    for (int k = 0; k < m; k++) {
      out[0][k] = dec.getEigenvalue(k).real;
      org.ejml.data.DMatrixRMaj u = dec.getEigenVector(k);
      double norm2 = 0;
      for (int i = 0; i < m; i++) {
        norm2 += u.get(i) * u.get(i);
      }
      out[1][k] = u.get(0) * u.get(0) / norm2;
    }
    return out;
  }

  /** q − V(Vᵀq) for q n × p and V n × r (orthonormal columns) */
  static double[] project(double[] q, double[] v, int n, int p, int r) {
    double[] c = new double[r * p];
    for (int i = 0; i < n; i++) {
      for (int a = 0; a < r; a++) {
        double via = v[i * r + a];
        for (int b = 0; b < p; b++) {
          c[a * p + b] += via * q[i * p + b];
        }
      }
    }
    double[] out = q.clone();
    for (int i = 0; i < n; i++) {
      for (int a = 0; a < r; a++) {
        double via = v[i * r + a];
        for (int b = 0; b < p; b++) {
          out[i * p + b] -= via * c[a * p + b];
        }
      }
    }
    return out;
  }

  /** modified Gram-Schmidt on the r columns of the n × r row-major v (twice, for stability) */
  static void orthonormalize(double[] v, int n, int r) {
    for (int pass = 0; pass < 2; pass++) {
      for (int a = 0; a < r; a++) {
        for (int b = 0; b < a; b++) {
          double dot = 0;
          for (int i = 0; i < n; i++) {
            dot += v[i * r + a] * v[i * r + b];
          }
          for (int i = 0; i < n; i++) {
            v[i * r + a] -= dot * v[i * r + b];
          }
        }
        double norm = 0;
        for (int i = 0; i < n; i++) {
          norm += v[i * r + a] * v[i * r + a];
        }
        norm = Math.sqrt(norm);
        if (norm == 0) {
          throw new IllegalStateException("rank-deficient block in deflation");
        }
        for (int i = 0; i < n; i++) {
          v[i * r + a] /= norm;
        }
      }
    }
  }
}
