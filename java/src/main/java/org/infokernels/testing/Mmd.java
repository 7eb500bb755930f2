package org.infokernels.testing;

import java.util.Arrays;
import java.util.Objects;
import org.infokernels.core.Estimate;
import org.infokernels.core.Matrix;
import org.infokernels.core.RunSettings;
import org.infokernels.internal.Estimation;
import org.infokernels.internal.backend.Backend;
import org.infokernels.internal.backend.Backends;
import org.infokernels.internal.support.KernelSupport;
import org.infokernels.internal.support.PairStatistics;
import org.infokernels.internal.testing.PairFn;

/**
 * Unbiased squared maximum mean discrepancy between the samples X (n rows) and Y (m rows) with
 * the Gaussian kernel k(a, b) = exp(−‖a − b‖²/(2σ²)) (Gretton et al. 2012 [1], eq. 3):
 * <pre>
 *   MMD²_u = Σ_{i≠j} k(xᵢ, xⱼ)/(n(n−1)) + Σ_{i≠j} k(yᵢ, yⱼ)/(m(m−1)) − 2 Σᵢⱼ k(xᵢ, yⱼ)/(nm)
 * </pre>
 * (dimensionless; can be negative). σ: a number, or the median heuristic over the pooled sample
 * (the median Euclidean distance over its pairs i &lt; j; above 2000 pooled rows over a seeded
 * subsample of 2000). One pass over the pooled sample on the tiled pair engine, O((n + m)²·d)
 * time, O((n + m)·d) memory; n, m ≥ 2 and may differ.
 *
 * <p>Test: permutations of the pooled rows, 32 per pass. Interval: the two-sample jackknife of the
 * U-statistic (Arvesen 1969 [2]), leave-one-out in O(n + m) from the per-row sums; for equal
 * distributions the statistic is degenerate and the normal interval is conservative (Efron–Stein).
 *
 * <p>[1] A. Gretton, K. M. Borgwardt, M. J. Rasch, B. Schölkopf, A. Smola, "A kernel two-sample
 * test", JMLR 13, 723–773 (2012).
 * [2] J. N. Arvesen, "Jackknifing U-statistics", Ann. Math. Statist. 40(6), 2076–2100 (1969).
 */
public final class Mmd {
  private final MmdOptions options;

  /**
   * An estimator with these options.
   *
   * @throws NullPointerException if {@code options} is null
   */
  public Mmd(MmdOptions options) {
    this.options = Objects.requireNonNull(options, "options");
  }

  /** MMD²_u from the within and cross sums, k(a, a) = 1 */
  static double statistic(int n, int m, double sxx, double syy, double sxy) {
    return (sxx - n) / (n * (n - 1.0)) + (syy - m) / (m * (m - 1.0)) - 2 * sxy / ((double) n * m);
  }

  /**
   * The unbiased MMD²(X, Y) with a Gaussian kernel, with its test and interval (dimensionless).
   *
   * @param x the first variable (or sample), n × dx
   * @param y the second variable (or sample)
   * @return the estimate; p-value, null moments and interval as the options ask
   * @throws org.infokernels.core.InvalidInputException on mismatched or too few rows, non-finite values or bad options
   */
  public Estimate estimate(Matrix x, Matrix y) {
    TwoSamples.check("mmd", x, y, options.ci() > 0 ? 3 : 2);
    RunSettings s = options.settings();
    Estimation.requireDouble(s, "mmd");
    Backend backend = Backends.select(s.backend());
    long t0 = System.nanoTime();
    Matrix[] p = Estimation.prepare(s, x, y);
    int n = x.rows();
    int m = y.rows();
    int d = x.cols();
    Matrix pooled = p[0].vstack(p[1], "the pooled sample");
    // σ (median over the pooled sample by default) and the power-of-two scale of the data, as HSIC's
    KernelSupport.Variable v = KernelSupport.rbf(pooled, options.sigma(), s.seed());
    PairFn f = PairFn.rbf(v.kernel().sigma());
    PairStatistics.TwoSample t = PairStatistics.twoSample(backend, v.data(), d, f, n, m, s.threads());
    double value = statistic(n, m, t.sxx(), t.syy(), t.sxy());
    Estimate.Builder b = Estimate.builder("mmd").estimator("unbiased").dimensionless(true).value(value)
        .backend(backend.kind().label()).n(n).dims(d).extra("m", m).extra("sigma", v.sigma()).extra("kernel", "rbf");
    double[] diag = new double[n + m];
    Arrays.fill(diag, 1.0);
    TwoSamples.testAndInterval(b, backend, v.data(), d, f, t, diag, Mmd::statistic, value, options.ci(),
        s.permutations(), s.seed(), s.threads(), 0);
    return b.seconds(Estimation.secondsSince(t0)).build();
  }
}
