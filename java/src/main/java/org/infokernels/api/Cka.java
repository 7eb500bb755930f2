package org.infokernels.api;

import java.util.Objects;
import org.infokernels.backend.Backend;
import org.infokernels.backend.Backends;
import org.infokernels.backend.Kernel;
import org.infokernels.backend.PairSums;

/**
 * Centred kernel alignment CKA(K, L) = HSIC(K, L)/√(HSIC(K, K)·HSIC(L, L)) (Kornblith et al. [1],
 * eq. 4), dimensionless in [0, 1] for the biased estimator; {@code debiased} uses the unbiased
 * HSIC of Song et al. in all three places. Linear CKA, biased, is computed in feature space,
 * ‖YcᵀXc‖²_F/(‖XcᵀXc‖_F·‖YcᵀYc‖_F) (eq. 5; O(n·d²) time, O(d²) memory, in Java on every
 * backend). Every other variant streams K and L through the tiled pairwise engine (O(n²·d)
 * time, O(n·d) memory).
 *
 * <p>[1] S. Kornblith, M. Norouzi, H. Lee, G. Hinton, "Similarity of Neural Network
 * Representations Revisited", ICML 2019, PMLR 97:3519–3529.
 */
public final class Cka {
  private final CkaOptions options;

  public Cka(CkaOptions options) {
    this.options = Objects.requireNonNull(options, "options");
  }

  public Estimate estimate(Matrix x, Matrix y) {
    Check.sameRows(x, y);
    int n = x.rows();
    if (options.debiased()) {
      KernelSupport.requireUnbiasedN(n);
    } else if (n < 2) {
      throw new InvalidInputException("CKA needs at least 2 rows (n = " + n + ")");
    }
    RunSettings s = options.settings();
    Backend backend = Backends.select(s.backend());
    long t0 = System.nanoTime();
    Estimate.Builder b = Estimate.builder("cka").estimator(options.debiased() ? "debiased" : "biased").dimensionless(true)
        .n(n).dims(x.cols(), y.cols()).extra("kernel", options.kernel().label());
    double value;
    if (options.kernel() == KernelType.LINEAR && !options.debiased()) {
      value = linearFeatureSpace(x, y);
      b.backend("java").extra("method", "feature-space");
    } else {
      Kernel kx;
      Kernel ky;
      if (options.kernel() == KernelType.RBF) {
        double sx = KernelSupport.resolve(options.sigma(), x, s.seed());
        double sy = KernelSupport.resolve(options.sigmaY() != null ? options.sigmaY() : options.sigma(), y, s.seed());
        kx = Kernel.rbf(sx);
        ky = Kernel.rbf(sy);
        b.extra("sigma_x", sx).extra("sigma_y", sy);
      } else {
        kx = Kernel.linear();
        ky = Kernel.linear();
      }
      value = streamed(backend, x.toRowMajor(), x.cols(), y.toRowMajor(), y.cols(), n, kx, ky, s.threads());
      b.backend(backend.kind().label());
    }
    if (!Double.isFinite(value)) {
      throw new InvalidInputException("CKA is undefined here: HSIC(K, K) or HSIC(L, L) is not positive (constant input?)");
    }
    return b.value(value).seconds(KnnSupport.secondsSince(t0)).build();
  }

  private double streamed(Backend backend, double[] xd, int dx, double[] yd, int dy, int n, Kernel kx, Kernel ky,
                          int threads) {
    KernelSupport.Sums sm = KernelSupport.sums(backend, xd, dx, yd, dy, n, kx, ky, threads);
    double[] rk = sm.rowK();
    double[] rl = sm.rowL();
    if (!options.debiased()) {
      double kl = KernelSupport.centredTrace(sm.get(PairSums.KL), rk, rl, sm.get(PairSums.K), sm.get(PairSums.L), n);
      double kk = KernelSupport.centredTrace(sm.get(PairSums.KK), rk, rk, sm.get(PairSums.K), sm.get(PairSums.K), n);
      double ll = KernelSupport.centredTrace(sm.get(PairSums.LL), rl, rl, sm.get(PairSums.L), sm.get(PairSums.L), n);
      return kl / Math.sqrt(kk * ll);
    }
    double[] dk = KernelSupport.diagonal(kx, xd, n, dx);
    double[] dl = KernelSupport.diagonal(ky, yd, n, dy);
    double kl = KernelSupport.unbiasedHsic(sm.get(PairSums.KL), sm.get(PairSums.DIAG_KL), sm.get(PairSums.K),
        sm.get(PairSums.TRK), sm.get(PairSums.L), sm.get(PairSums.TRL), rk, dk, rl, dl, n);
    double kk = KernelSupport.unbiasedHsic(sm.get(PairSums.KK), KernelSupport.dot(dk, dk), sm.get(PairSums.K),
        sm.get(PairSums.TRK), sm.get(PairSums.K), sm.get(PairSums.TRK), rk, dk, rk, dk, n);
    double ll = KernelSupport.unbiasedHsic(sm.get(PairSums.LL), KernelSupport.dot(dl, dl), sm.get(PairSums.L),
        sm.get(PairSums.TRL), sm.get(PairSums.L), sm.get(PairSums.TRL), rl, dl, rl, dl, n);
    return kl / Math.sqrt(kk * ll);
  }

  /** ‖YcᵀXc‖²_F / (‖XcᵀXc‖_F ‖YcᵀYc‖_F), columns centred */
  static double linearFeatureSpace(Matrix x, Matrix y) {
    double[] xc = centred(x);
    double[] yc = centred(y);
    int n = x.rows();
    double num = frobeniusSquaredOfCross(xc, x.cols(), yc, y.cols(), n);
    double den = Math.sqrt(frobeniusSquaredOfCross(xc, x.cols(), xc, x.cols(), n))
        * Math.sqrt(frobeniusSquaredOfCross(yc, y.cols(), yc, y.cols(), n));
    return num / den;
  }

  static double[] centred(Matrix m) {
    int n = m.rows();
    int d = m.cols();
    double[] v = m.toRowMajor();
    for (int c = 0; c < d; c++) {
      double mean = 0;
      for (int i = 0; i < n; i++) {
        mean += v[i * d + c];
      }
      mean /= n;
      for (int i = 0; i < n; i++) {
        v[i * d + c] -= mean;
      }
    }
    return v;
  }

  /** ‖AᵀB‖²_F for n × da and n × db row-major matrices */
  static double frobeniusSquaredOfCross(double[] a, int da, double[] b, int db, int n) {
    double[] g = new double[da * db];
    for (int i = 0; i < n; i++) {
      for (int p = 0; p < da; p++) {
        double ap = a[i * da + p];
        for (int q = 0; q < db; q++) {
          g[p * db + q] += ap * b[i * db + q];
        }
      }
    }
    double s = 0;
    for (double v : g) {
      s += v * v;
    }
    return s;
  }
}
