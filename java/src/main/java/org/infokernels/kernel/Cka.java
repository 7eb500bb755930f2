package org.infokernels.kernel;

import java.util.Objects;
import org.infokernels.core.Check;
import org.infokernels.core.Estimate;
import org.infokernels.core.InvalidInputException;
import org.infokernels.core.Matrix;
import org.infokernels.core.RunSettings;
import org.infokernels.internal.Estimation;
import org.infokernels.internal.backend.Backend;
import org.infokernels.internal.backend.Backends;
import org.infokernels.internal.kernel.Kernel;
import org.infokernels.internal.kernel.PairSums;
import org.infokernels.internal.support.KernelSupport;

/**
 * Centred kernel alignment CKA(K, L) = HSIC(K, L)/√(HSIC(K, K)·HSIC(L, L)) (Kornblith et al. [1],
 * eq. 4), dimensionless in [0, 1] for the biased estimator; {@code debiased} uses the unbiased
 * HSIC of Song et al. in all three places. Linear CKA, biased, is computed in feature space,
 * ‖YcᵀXc‖²_F/(‖XcᵀXc‖_F·‖YcᵀYc‖_F) (eq. 5; O(n·d²) time, O(d²) memory, in Java on every
 * backend). Every other variant streams K and L through the tiled pairwise engine (O(n²·d)
 * time, O(n·d) memory). With permutations, Y's rows are permuted for a p-value.
 *
 * <p>[1] S. Kornblith, M. Norouzi, H. Lee, G. Hinton, "Similarity of Neural Network
 * Representations Revisited", ICML 2019, PMLR 97:3519–3529.
 */
public final class Cka {
  private final CkaOptions options;

  /** An estimator with {@code options}; throws {@link NullPointerException} if they are null. */
  public Cka(CkaOptions options) {
    this.options = Objects.requireNonNull(options, "options");
  }

  /**
   * CKA of the paired samples (row i of x and y is one draw) by the class javadoc's formula, after
   * the standardisation and jitter the settings ask for; with permutations, the p-value of permuting
   * Y's rows. Dimensionless.
   *
   * @param x n × dx sample
   * @param y n × dy sample
   * @return the estimate (dimensionless); extras {@code kernel}, and {@code sigma_x}, {@code sigma_y}
   *         for rbf or {@code method = feature-space} (backend java) for biased linear CKA
   * @throws InvalidInputException if x and y have different numbers of rows, n &lt; 2 (n &lt; 4 when
   *         debiased), the precision is not double, standardisation meets a constant column, σ is
   *         unusable (median heuristic giving 0, an explicit σ below 2^-500 of the data's
   *         magnitude), or HSIC(K, K) or HSIC(L, L) is not positive (a constant input)
   * @throws org.infokernels.core.BackendUnavailableException if the settings ask for a backend that cannot run here
   */
  public Estimate estimate(Matrix x, Matrix y) {
    Check.sameRows(x, y);
    int n = x.rows();
    if (options.debiased()) {
      KernelSupport.requireUnbiasedN(n);
    } else if (n < 2) {
      throw new InvalidInputException("CKA needs at least 2 rows (n = " + n + ")");
    }
    RunSettings s = options.settings();
    Estimation.requireDouble(s, "cka");
    Backend backend = Backends.select(s.backend());
    long t0 = System.nanoTime();
    Matrix[] p = Estimation.prepare(s, x, y);
    Estimate.Builder b = Estimate.builder("cka").estimator(options.debiased() ? "debiased" : "biased").dimensionless(true)
        .n(n).dims(x.cols(), y.cols()).extra("kernel", options.kernel().label());
    // CKA is invariant to the scale of either variable: the rescaled data (Ranges) need no undoing
    KernelSupport.Variable vx = KernelSupport.variable(p[0], options.kernel() == KernelType.LINEAR, options.sigma(), s.seed());
    KernelSupport.Variable vy = KernelSupport.variable(p[1], options.kernel() == KernelType.LINEAR,
        options.sigmaY() != null ? options.sigmaY() : options.sigma(), s.seed());
    double value;
    if (options.kernel() == KernelType.LINEAR && !options.debiased()) {
      value = linearFeatureSpace(vx.data(), x.cols(), vy.data(), y.cols(), n);
      b.backend("java").extra("method", "feature-space");
    } else {
      if (options.kernel() == KernelType.RBF) {
        b.extra("sigma_x", vx.sigma()).extra("sigma_y", vy.sigma());
      }
      value = streamed(backend, vx.data(), x.cols(), vy.data(), y.cols(), n, vx.kernel(), vy.kernel(), s.threads());
      b.backend(backend.kind().label());
    }
    if (!Double.isFinite(value)) {
      String which = maxAbs(vx.data()) == 0 ? x.name() + " is constant" : maxAbs(vy.data()) == 0 ? y.name()
          + " is constant" : "a kernel matrix has no variation after centring";
      throw new InvalidInputException("CKA is undefined here: HSIC(K, K) or HSIC(L, L) is not positive (" + which + ")");
    }
    b.value(value);
    // the permutation test the command line promises every dependence measure (java/docs/cli.md):
    // Y's rows permuted, as for HSIC
    boolean featureSpace = options.kernel() == KernelType.LINEAR && !options.debiased();
    Estimation.permutationTest(b, value, s.permutations(), Estimation.stream(s.seed(), 1), r -> {
      double[] yp = Estimation.permutedRows(vy.data(), y.cols(), Estimation.permutation(n, r));
      return featureSpace ? linearFeatureSpace(vx.data(), x.cols(), yp, y.cols(), n)
          : streamed(backend, vx.data(), x.cols(), yp, y.cols(), n, vx.kernel(), vy.kernel(), s.threads());
    });
    return b.seconds(Estimation.secondsSince(t0)).build();
  }

  private static double maxAbs(double[] v) {
    double m = 0;
    for (double t : v) {
      m = Math.max(m, Math.abs(t));
    }
    return m;
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

  /** ‖YcᵀXc‖²_F / (‖XcᵀXc‖_F ‖YcᵀYc‖_F) of the already centred xc (n × dx) and yc (n × dy) */
  static double linearFeatureSpace(double[] xc, int dx, double[] yc, int dy, int n) {
    double num = frobeniusSquaredOfCross(xc, dx, yc, dy, n);
    double den = Math.sqrt(frobeniusSquaredOfCross(xc, dx, xc, dx, n))
        * Math.sqrt(frobeniusSquaredOfCross(yc, dy, yc, dy, n));
    return num / den;
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
