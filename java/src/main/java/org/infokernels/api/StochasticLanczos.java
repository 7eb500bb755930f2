package org.infokernels.api;

import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;
import java.util.function.UnaryOperator;

/**
 * Stochastic Lanczos quadrature (Ubaru, Chen, Saad [1]) for tr f(A) of a symmetric n × n matrix
 * A available only through products A·V (V: n × p, the p Rademacher probes in lockstep, one
 * engine call per Lanczos step). For probe z (‖z‖² = n), s Lanczos steps give the tridiagonal
 * T = UΘUᵀ and zᵀf(A)z ≈ n Σₖ U₀ₖ² f(θₖ); the estimate is the mean over probes, its standard
 * error the probes' standard deviation / √p. Memory O(n·p); no reorthogonalisation (the
 * quadrature tolerates the loss of orthogonality, [1] §4).
 *
 * <p>[1] S. Ubaru, J. Chen, Y. Saad, SIAM J. Matrix Anal. Appl. 38(1), 75–98 (2017).
 */
final class StochasticLanczos {
  private StochasticLanczos() {}

  /** estimate and standard error */
  record Result(double estimate, double stdError) {}

  /**
   * tr f(A) for a trace-normalised PSD-like A with f(0) = 0, by deflation plus SLQ: the top-r
   * Ritz pairs (θᵢ, vᵢ) of A from a few block power steps carry most of the spectrum and are
   * summed exactly, Σ f(θᵢ); the remainder tr f(PAP), P = I − VVᵀ, is small and estimated by SLQ
   * on the control variate g(λ) = f(λ) − λ with tr(PAP) = tr(A) − Σθᵢ known exactly. Without
   * deflation the Hutchinson variance of a Gaussian Gram matrix is dominated by its large
   * off-diagonal entries (Meyer, Musco, Musco, Woodruff, "Hutch++", SOSA 2021).
   */
  static Result deflatedTrace(int n, double traceA, int rank, int powerSteps, int probes, int steps,
                              java.util.function.BiFunction<double[], Integer, double[]> apply,
                              DoubleUnaryOperator f, SplittableRandom rng) {
    int r = Math.max(0, Math.min(rank, n - 2));
    double head = 0;
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
      // Rayleigh-Ritz: H = Vᵀ A V (r × r), symmetrised
      org.ejml.data.DMatrixRMaj h = new org.ejml.data.DMatrixRMaj(r, r);
      for (int a = 0; a < r; a++) {
        for (int b = a; b < r; b++) {
          double sum = 0;
          for (int i = 0; i < n; i++) {
            sum += v[i * r + a] * av[i * r + b];
          }
          double sym = b == a ? sum : sum;
          h.set(a, b, sym);
          h.set(b, a, sym);
        }
      }
      for (int a = 0; a < r; a++) {
        for (int b = a + 1; b < r; b++) {
          double m = 0.5 * (h.get(a, b) + h.get(b, a));
          h.set(a, b, m);
          h.set(b, a, m);
        }
      }
      var dec = org.ejml.dense.row.factory.DecompositionFactory_DDRM.eig(r, false, true);
      if (!dec.decompose(h)) {
        throw new IllegalStateException("Rayleigh-Ritz eigendecomposition failed (r = " + r + ")");
      }
      for (int a = 0; a < r; a++) {
        double theta = dec.getEigenvalue(a).real;
        head += f.applyAsDouble(theta);
        headTrace += theta;
      }
      basis = v;
    }
    final double[] vb = basis;
    final int rr = r;
    UnaryOperator<double[]> deflated = q -> {
      double[] pq = vb == null ? q : project(q, vb, n, probes, rr);
      double[] w = apply.apply(pq, probes);
      return vb == null ? w : project(w, vb, n, probes, rr);
    };
    Result tail = trace(n, probes, steps, deflated, lam -> f.applyAsDouble(lam) - lam, rng, vb, rr);
    double tailTrace = traceA - headTrace;
    return new Result(head + tailTrace + tail.estimate(), tail.stdError());
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

  /**
   * @param n      size of A
   * @param apply  V ↦ A·V for V n × p row-major
   * @param f      the spectral function
   * @param deflate orthonormal n × r basis removed from the probes (or null)
   */
  static Result trace(int n, int probes, int steps, UnaryOperator<double[]> apply, DoubleUnaryOperator f,
                      SplittableRandom rng, double[] deflate, int r) {
    int p = probes;
    int s = Math.min(steps, n);
    double[] z = new double[n * p];
    for (int i = 0; i < n * p; i++) {
      z[i] = rng.nextBoolean() ? 1.0 : -1.0;
    }
    if (deflate != null) {
      z = project(z, deflate, n, p, r);
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
        q[i * p + c] = z[i * p + c] / Math.sqrt(zNorm2[c]);
      }
    }
    double[] qPrev = new double[n * p];
    double[][] alpha = new double[p][s];
    double[][] beta = new double[p][s];
    int[] len = new int[p];
    boolean[] done = new boolean[p];
    double[] betaPrev = new double[p];
    for (int j = 0; j < s; j++) {
      double[] w = apply.apply(q);
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
          double v = w[i * p + c] - a * q[i * p + c] - betaPrev[c] * qPrev[i * p + c];
          w[i * p + c] = v;
          b2 += v * v;
        }
        double b = Math.sqrt(b2);
        alpha[c][j] = a;
        beta[c][j] = b;
        len[c] = j + 1;
        if (b <= 1e-14 * Math.abs(a) || b == 0) {
          done[c] = true;  // invariant subspace: the quadrature is exact
          continue;
        }
        for (int i = 0; i < n; i++) {
          qPrev[i * p + c] = q[i * p + c];
          q[i * p + c] = w[i * p + c] / b;
        }
        betaPrev[c] = b;
      }
    }
    // E[zᵀ(P f P)z] = tr(P f P) for Rademacher z; ‖z‖² enters as the quadrature weight
    double[] per = new double[p];
    for (int c = 0; c < p; c++) {
      per[c] = zNorm2[c] * quadrature(alpha[c], beta[c], len[c], f);
    }
    double mean = KnnSupport.mean(per);
    double ss = 0;
    for (double v : per) {
      ss += (v - mean) * (v - mean);
    }
    return new Result(mean, Math.sqrt(ss / (p - 1)) / Math.sqrt(p));
  }

  /** Σₖ U₀ₖ² f(θₖ) for the m × m tridiagonal (alpha on the diagonal, beta below) */
  static double quadrature(double[] alpha, double[] beta, int m, DoubleUnaryOperator f) {
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
    double sum = 0;
    for (int k = 0; k < m; k++) {
      double theta = dec.getEigenvalue(k).real;
      org.ejml.data.DMatrixRMaj u = dec.getEigenVector(k);
      double norm2 = 0;
      for (int i = 0; i < m; i++) {
        norm2 += u.get(i) * u.get(i);
      }
      double u0 = u.get(0);
      sum += u0 * u0 / norm2 * f.applyAsDouble(theta);
    }
    return sum;
  }
}
