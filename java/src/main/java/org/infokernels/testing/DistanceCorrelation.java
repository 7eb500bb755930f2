package org.infokernels.testing;

import java.util.Objects;
import org.infokernels.core.Check;
import org.infokernels.core.Estimate;
import org.infokernels.core.InvalidInputException;
import org.infokernels.core.Matrix;
import org.infokernels.core.NullDistribution;
import org.infokernels.core.RunSettings;
import org.infokernels.internal.Estimation;
import org.infokernels.internal.Ranges;
import org.infokernels.internal.backend.Backend;
import org.infokernels.internal.backend.PairRowsDispatch;
import org.infokernels.internal.math.Distributions;
import org.infokernels.internal.support.PairStatistics;
import org.infokernels.internal.support.PairStatistics.Centred;
import org.infokernels.internal.support.PairStatistics.Form;
import org.infokernels.internal.support.PairStatistics.Pair;
import org.infokernels.internal.testing.FastDcov1d;
import org.infokernels.internal.testing.PairFn;

/**
 * Distance correlation of X and Y in its squared form (dimensionless, in [0, 1] for the biased
 * estimator; the form hyppo's {@code Dcorr} and {@code dcor.distance_correlation_sqr} report):
 * <pre>
 *   dCor = dCov²(X, Y) / √(dCov²(X, X) · dCov²(Y, Y)),   0 when the denominator is 0
 * </pre>
 * with aᵢⱼ = ‖xᵢ − xⱼ‖, bᵢⱼ = ‖yᵢ − yⱼ‖ (Euclidean) and
 * <ul>
 *   <li>biased (Székely, Rizzo, Bakirov 2007 [1]): dCov² = mean(A∘B), A, B double-centred (a V-statistic);</li>
 *   <li>unbiased (Székely &amp; Rizzo 2014 [2]): Σ Ã∘B̃ /(n(n−3)) with the U-centred Ã, B̃ (zero
 *       diagonals); n ≥ 4; can be negative.</li>
 * </ul>
 * Both come from one pass of per-row sums (Σⱼaᵢⱼ, Σⱼbᵢⱼ, Σⱼaᵢⱼbᵢⱼ, Σⱼaᵢⱼ², Σⱼbᵢⱼ²) on the
 * tiled pair engine — O(n²·(dx + dy)) time, O(n·d) memory, never n × n — compensated so that
 * 10⁵ rows agree across backends to 1e-9 — or, for one-dimensional X and Y, from Huo &amp; Székely's
 * O(n log n) algorithm [3] in Java. Invariant under translations, rotations and scalings of
 * each variable.
 *
 * <p>Tests: permutations of Y's rows (batched: each pass over the pairs evaluates X's distances
 * once for 16 permutations), or the χ² approximation of Shen, Panda &amp; Vogelstein [4] that
 * hyppo's {@code auto} uses: n·dCor_u + 1 ~ χ²₁ under independence (the unbiased dCor, also
 * when the biased one is reported). Interval: the jackknife of the statistic (leave-one-out in
 * O(n) from one more pass), a normal interval around the estimate.
 *
 * <p>[1] G. J. Székely, M. L. Rizzo, N. K. Bakirov, Ann. Statist. 35(6), 2769–2794 (2007).
 * [2] G. J. Székely, M. L. Rizzo, Ann. Statist. 42(6), 2382–2412 (2014).
 * [3] X. Huo, G. J. Székely, Technometrics 58(4), 435–447 (2016).
 * [4] C. Shen, S. Panda, J. T. Vogelstein, J. Comput. Graph. Statist. 31(1), 254–262 (2022).
 */
public final class DistanceCorrelation {
  private final DcorOptions options;

  /**
   * An estimator with these options.
   *
   * @throws NullPointerException if {@code options} is null
   */
  public DistanceCorrelation(DcorOptions options) {
    this.options = Objects.requireNonNull(options, "options");
  }

  /**
   * The distance correlation dCor²(X, Y) with its test and interval as the options ask (dimensionless).
   *
   * @param x the first variable (or sample), n × dx
   * @param y the second variable (or sample)
   * @return the estimate; p-value, null moments and interval as the options ask
   * @throws org.infokernels.core.InvalidInputException on mismatched or too few rows, non-finite values or bad options
   */
  public Estimate estimate(Matrix x, Matrix y) {
    Check.sameRows(x, y);
    int n = x.rows();
    Form form = options.unbiased() ? Form.U : Form.V;
    NullDistribution nul = options.nullDistribution();
    RunSettings s = options.settings();
    if (form == Form.U || nul == NullDistribution.CHI2) {
      if (n < 4) {
        throw new InvalidInputException("the unbiased distance covariance needs n >= 4 rows (n = " + n + ")");
      }
    } else if (n < 2) {
      throw new InvalidInputException("distance correlation needs at least 2 rows (n = " + n + ")");
    }
    if (nul == NullDistribution.GAMMA) {
      throw new InvalidInputException("dcor: the gamma null is HSIC's (Gretton et al. 2007); dcor takes the "
          + "permutation or chi2 null");
    }
    if (nul == NullDistribution.CHI2 && s.permutations() > 0) {
      throw new InvalidInputException("dcor: the chi2 null needs no permutations (permutations = " + s.permutations()
          + "); use one of them");
    }
    if (options.ci() > 0 && n < 5) {
      throw new InvalidInputException("the jackknife interval needs n >= 5 rows (n = " + n + ")");
    }
    Estimation.requireDouble(s, "dcor");
    Backend backend = org.infokernels.internal.backend.Backends.select(s.backend());
    long t0 = System.nanoTime();
    Matrix[] p = Estimation.prepare(s, x, y);
    int dx = x.cols();
    int dy = y.cols();
    // distances scale with the data: 2^e keeps their squares in range (dCor is scale invariant)
    int ex = Ranges.exponent(p[0]);
    int ey = Ranges.exponent(p[1]);
    double[] xd = p[0].timesPowerOfTwo(-ex).toRowMajor();
    double[] yd = p[1].timesPowerOfTwo(-ey).toRowMajor();
    boolean fast = options.algorithm() == DcorAlgorithm.FAST_1D
        || (options.algorithm() == DcorAlgorithm.AUTO && dx == 1 && dy == 1);
    if (fast && (dx != 1 || dy != 1)) {
      throw new InvalidInputException("dcor: the fast algorithm is for one-dimensional X and Y (dims " + dx + ", "
          + dy + "); use the tiled one");
    }
    PairFn dist = PairFn.distance();
    int threads = s.threads();
    FastDcov1d.Data fd = fast ? new FastDcov1d.Data(xd, yd) : null;
    double[] rows = fast ? FastDcov1d.rows(fd) : PairRowsDispatch.pairRows(backend, xd, dx, dist, yd, dy, dist, n,
        threads);
    double[] zero = new double[n];
    Centred c = new Centred(form, rows, zero, zero, n);
    double norm = form == Form.U ? n * (n - 3.0) : (double) n * n;
    double vxy = c.numerator(Pair.AB) / norm;
    double vxx = c.numerator(Pair.AA) / norm;
    double vyy = c.numerator(Pair.BB) / norm;
    double den = vxx * vyy > 0 ? Math.sqrt(vxx * vyy) : 0.0;
    double value = den == 0 ? 0.0 : vxy / den;

    Estimate.Builder b = Estimate.builder("dcor").estimator(options.unbiased() ? "unbiased" : "biased")
        .dimensionless(true).value(value).backend(backend.kind().label()).n(n).dims(dx, dy)
        .extra("dcov", Ranges.unscale("dcov", vxy, ex + ey))
        .extra("dvar_x", Ranges.unscale("dvar_x", vxx, 2 * ex))
        .extra("dvar_y", Ranges.unscale("dvar_y", vyy, 2 * ey))
        .extra("algorithm", fast ? "fast-1d" : "tiled");
    if (fast) {
      b.stage("dcov", "java");
    }

    if (options.ci() > 0) {
      double[] pass2 = fast ? FastDcov1d.weightedRows(fd, c.weightA(), c.weightB())
          : PairStatistics.secondPass(backend, xd, dx, dist, yd, dy, dist, c, rows, threads);
      double[] lab = c.leaveOneOut(Pair.AB, pass2);
      double[] laa = c.leaveOneOut(Pair.AA, pass2);
      double[] lbb = c.leaveOneOut(Pair.BB, pass2);
      double[] loo = new double[n];
      for (int i = 0; i < n; i++) {
        double d = laa[i] * lbb[i];
        loo[i] = d > 0 ? lab[i] / Math.sqrt(d) : 0.0;
      }
      double se = Math.sqrt(PairStatistics.jackknifeVariance(loo));
      PairStatistics.interval(b, value, se, options.ci(), "jackknife");
    }

    if (nul == NullDistribution.CHI2) {
      // the unbiased dCor of the same sums, whichever estimator is reported
      Centred u = form == Form.U ? c : new Centred(Form.U, rows, zero, zero, n);
      double uxy = u.numerator(Pair.AB);
      double uden = u.numerator(Pair.AA) * u.numerator(Pair.BB);
      double dcorU = uden > 0 ? uxy / Math.sqrt(uden) : 0.0;
      double pValue = Distributions.chiSquaredSurvival(n * dcorU + 1, 1);
      // under independence dCor_u ≈ (χ²₁ − 1)/n: mean 0, standard deviation √2/n
      b.permutationTest(pValue, 0.0, Math.sqrt(2.0) / n, 0).extra("null", "chi2");
    } else if (s.permutations() > 0) {
      PairStatistics.NullResult r;
      if (den == 0) {
        r = new PairStatistics.NullResult(1.0, 0.0, 0.0, s.permutations());  // dCor is 0 under every permutation
      } else {
        PairStatistics.PermutedSums sums = fast
            ? perms -> {
              double[] out = new double[perms.length];
              for (int k = 0; k < perms.length; k++) {
                out[k] = PairStatistics.sum(FastDcov1d.permutedCrossRows(fd, perms[k]));
              }
              return out;
            }
            : PairStatistics.tiledSums(backend, xd, dx, dist, yd, dy, dist, n, threads);
        r = PairStatistics.pairedTest(c, s.permutations(), s.seed(), 1.0 / (norm * den), sums);
      }
      b.permutationTest(r.pValue(), r.mean(), r.std(), r.count()).extra("null", "permutation");
    }
    return b.seconds(Estimation.secondsSince(t0)).build();
  }
}
