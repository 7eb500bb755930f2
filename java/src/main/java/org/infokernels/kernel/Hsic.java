package org.infokernels.kernel;

import java.util.Objects;
import org.infokernels.core.Bandwidth;
import org.infokernels.core.Check;
import org.infokernels.core.Estimate;
import org.infokernels.core.InvalidInputException;
import org.infokernels.core.Matrix;
import org.infokernels.core.NullDistribution;
import org.infokernels.core.RunSettings;
import org.infokernels.internal.Estimation;
import org.infokernels.internal.Ranges;
import org.infokernels.internal.backend.Backend;
import org.infokernels.internal.backend.Backends;
import org.infokernels.internal.backend.PairRowsDispatch;
import org.infokernels.internal.kernel.Kernel;
import org.infokernels.internal.kernel.PairSums;
import org.infokernels.internal.support.KernelSupport;
import org.infokernels.internal.support.PairStatistics;
import org.infokernels.internal.testing.PairFn;

/**
 * Hilbert–Schmidt independence criterion between X and Y (dimensionless).
 * <ul>
 *   <li>biased (Gretton et al. 2005 [1], eq. 4): HSIC_b = tr(KHLH)/(n − 1)², H = I − 11ᵀ/n;</li>
 *   <li>unbiased (Song et al. 2012 [2], eq. 5; n ≥ 4):
 *       [tr(K̃L̃) + 1ᵀK̃1·1ᵀL̃1/((n−1)(n−2)) − 2/(n−2)·1ᵀK̃L̃1]/(n(n−3)), K̃ = K with zero diagonal; can be negative.</li>
 * </ul>
 * Kernels: Gaussian K = exp(−‖xᵢ−xⱼ‖²/(2σ²)) (σ default: median heuristic per variable) or
 * linear K = XXᵀ. Every term is a streaming sum of the tiled pairwise engine — Σ K∘L, row sums,
 * totals, traces — so memory is O(n·d) and time O(n²·d): n = 10⁵ runs on a laptop-class CPU in
 * minutes. Tests: permutations of Y's rows (16 per pass over the pairs, X's kernel evaluated once per
 * pass; each permutation from its own seeded stream), or the gamma approximation of the null [3]
 * (one more pass; the p-value of the biased statistic, also for the unbiased estimator). Interval
 * (ci &gt; 0): the jackknife of the U- or V-statistic, leave-one-out values in O(n) from that pass.
 *
 * <p>[1] A. Gretton, O. Bousquet, A. Smola, B. Schölkopf, ALT 2005, LNCS 3734, 63–77.
 * [2] L. Song, A. Smola, A. Gretton, J. Bedo, K. Borgwardt, JMLR 13, 1393–1434 (2012).
 * [3] A. Gretton, K. Fukumizu, C. H. Teo, L. Song, B. Schölkopf, A. J. Smola, "A kernel statistical test of
 * independence", NIPS 20 (2007).
 */
public final class Hsic {
  private final HsicOptions options;

  /** An estimator with {@code options}; throws {@link NullPointerException} if they are null. */
  public Hsic(HsicOptions options) {
    this.options = Objects.requireNonNull(options, "options");
  }

  /**
   * HSIC of the paired samples (row i of x and y is one draw), biased or unbiased as the options
   * say (class javadoc), after the standardisation and jitter the settings ask for; with
   * permutations, the p-value of permuting Y's rows. Dimensionless.
   *
   * @param x n × dx sample
   * @param y n × dy sample
   * @return the estimate (dimensionless); extras {@code kernel}, and {@code sigma_x}, {@code sigma_y}
   *         for rbf
   * @throws InvalidInputException if x and y have different numbers of rows, n &lt; 2 (n &lt; 4 when
   *         unbiased), the precision is not double, standardisation meets a constant column, σ is
   *         unusable (median heuristic giving 0, an explicit σ below 2^-500 of the data's
   *         magnitude), or a linear-kernel value leaves the double range
   * @throws org.infokernels.core.BackendUnavailableException if the settings ask for a backend that cannot run here
   */
  public Estimate estimate(Matrix x, Matrix y) {
    Check.sameRows(x, y);
    int n = x.rows();
    if (options.unbiased()) {
      KernelSupport.requireUnbiasedN(n);
    } else if (n < 2) {
      throw new InvalidInputException("HSIC needs at least 2 rows (n = " + n + ")");
    }
    RunSettings s = options.settings();
    Estimation.requireDouble(s, "hsic");
    Backend backend = Backends.select(s.backend());
    long t0 = System.nanoTime();
    Matrix[] p = Estimation.prepare(s, x, y);
    Bandwidth bx = options.sigma();
    Bandwidth by = options.sigmaY() != null ? options.sigmaY() : options.sigma();
    KernelSupport.Variable vx = KernelSupport.variable(p[0], options.kernel() == KernelType.LINEAR, bx, s.seed());
    KernelSupport.Variable vy = KernelSupport.variable(p[1], options.kernel() == KernelType.LINEAR, by, s.seed());
    Estimate.Builder b = Estimate.builder("hsic").estimator(options.unbiased() ? "unbiased" : "biased").dimensionless(true);
    if (options.kernel() == KernelType.RBF) {
      b.extra("sigma_x", vx.sigma()).extra("sigma_y", vy.sigma());
    }
    // a linear-kernel HSIC scales with the squares of both scales; the Gaussian one does not change
    int e = options.kernel() == KernelType.LINEAR ? 2 * (vx.exponent() + vy.exponent()) : 0;
    double[] xd = vx.data();
    double[] yd = vy.data();
    int dx = x.cols();
    int dy = y.cols();
    Kernel kx = vx.kernel();
    Kernel ky = vy.kernel();
    double value = Ranges.unscale("hsic", compute(backend, xd, dx, yd, dy, n, kx, ky, s.threads()), e);
    b.value(value).backend(backend.kind().label()).n(n).dims(dx, dy).extra("kernel", options.kernel().label());
    testAndInterval(b, backend, xd, dx, kx, yd, dy, ky, n, value, e);
    return b.seconds(Estimation.secondsSince(t0)).build();
  }

  /**
   * The test (permutations, batched so that X's kernel values are evaluated once per batch; or the
   * gamma null) and the jackknife interval, from the per-row sums of the testing family's pair
   * engine ({@link PairStatistics}); nothing is done when neither is asked for.
   */
  private void testAndInterval(Estimate.Builder b, Backend backend, double[] xd, int dx, Kernel kx, double[] yd,
                               int dy, Kernel ky, int n, double value, int e) {
    RunSettings s = options.settings();
    NullDistribution nul = options.nullDistribution();
    if (nul == NullDistribution.CHI2) {
      throw new InvalidInputException("hsic: the chi2 null is dCor's (Shen et al. 2022); hsic takes the permutation or"
          + " gamma null");
    }
    if (nul == NullDistribution.GAMMA && s.permutations() > 0) {
      throw new InvalidInputException("hsic: the gamma null needs no permutations (permutations = " + s.permutations()
          + "); use one of them");
    }
    boolean permute = nul == NullDistribution.PERMUTATION && s.permutations() > 0;
    if (!permute && nul != NullDistribution.GAMMA && options.ci() == 0) {
      return;
    }
    if (options.ci() > 0 && n < 6) {
      throw new InvalidInputException("the jackknife interval of HSIC needs n >= 6 rows (n = " + n + ")");
    }
    PairFn fx = kx.rbf() ? PairFn.rbf(kx.sigma()) : PairFn.linear();
    PairFn fy = ky.rbf() ? PairFn.rbf(ky.sigma()) : PairFn.linear();
    double[] rows = PairRowsDispatch.pairRows(backend, xd, dx, fx, yd, dy, fy, n, s.threads());
    double[] diagK = fx.diagonal(xd, n, dx);
    double[] diagL = fy.diagonal(yd, n, dy);
    PairStatistics.Form form = options.unbiased() ? PairStatistics.Form.U : PairStatistics.Form.V;
    PairStatistics.Centred c = new PairStatistics.Centred(form, rows, diagK, diagL, n);
    double norm = options.unbiased() ? n * (n - 3.0) : (n - 1.0) * (n - 1.0);
    double[] pass2 = nul == NullDistribution.GAMMA || options.ci() > 0
        ? PairStatistics.secondPass(backend, xd, dx, fx, yd, dy, fy, c, rows, s.threads()) : null;
    if (options.ci() > 0) {
      double[] loo = c.leaveOneOut(PairStatistics.Pair.AB, pass2);
      double normLoo = options.unbiased() ? (n - 1.0) * (n - 4.0) : (n - 2.0) * (n - 2.0);
      for (int i = 0; i < n; i++) {
        loo[i] /= normLoo;
      }
      double se = Math.scalb(Math.sqrt(PairStatistics.jackknifeVariance(loo)), e);
      PairStatistics.interval(b, value, se, options.ci(), "jackknife");
    }
    if (nul == NullDistribution.GAMMA) {
      double[] g = PairStatistics.gammaNull(rows, diagK, diagL, pass2, n);
      b.permutationTest(g[0], Math.scalb(g[1], e), Math.scalb(g[2], e), 0).extra("null", "gamma");
    } else if (permute) {
      PairStatistics.NullResult r = PairStatistics.pairedTest(c, s.permutations(), s.seed(), Math.scalb(1.0 / norm, e),
          PairStatistics.tiledSums(backend, xd, dx, fx, yd, dy, fy, n, s.threads()));
      b.permutationTest(r.pValue(), r.mean(), r.std(), r.count()).extra("null", "permutation");
    }
  }

  private double compute(Backend backend, double[] xd, int dx, double[] yd, int dy, int n, Kernel kx, Kernel ky,
                         int threads) {
    KernelSupport.Sums sm = KernelSupport.sums(backend, xd, dx, yd, dy, n, kx, ky, threads);
    if (!options.unbiased()) {
      return KernelSupport.centredTrace(sm.get(PairSums.KL), sm.rowK(), sm.rowL(), sm.get(PairSums.K), sm.get(PairSums.L), n)
          / ((n - 1.0) * (n - 1.0));
    }
    return KernelSupport.unbiasedHsic(sm.get(PairSums.KL), sm.get(PairSums.DIAG_KL), sm.get(PairSums.K),
        sm.get(PairSums.TRK), sm.get(PairSums.L), sm.get(PairSums.TRL), sm.rowK(), KernelSupport.diagonal(kx, xd, n, dx),
        sm.rowL(), KernelSupport.diagonal(ky, yd, n, dy), n);
  }
}
