package org.infokernels.testing;

import java.util.Objects;
import org.infokernels.core.Estimate;
import org.infokernels.core.Matrix;
import org.infokernels.core.RunSettings;
import org.infokernels.internal.Estimation;
import org.infokernels.internal.Ranges;
import org.infokernels.internal.backend.Backend;
import org.infokernels.internal.backend.Backends;
import org.infokernels.internal.support.PairStatistics;
import org.infokernels.internal.testing.PairFn;

/**
 * Energy distance between the samples X (n rows) and Y (m rows) of the same space (Székely &amp;
 * Rizzo 2013 [1]), the V-statistic over all pairs, i = j included:
 * <pre>
 *   E = 2·mean‖xᵢ − yⱼ‖ − mean‖xᵢ − xⱼ‖ − mean‖yᵢ − yⱼ‖     (Euclidean; ≥ 0, 0 for equal samples)
 * </pre>
 * In the units of the data (dimensionless here: --base does not apply). The three sums come from
 * one pass over the pooled sample (n + m rows) on the tiled pair engine: F·[u, 1 − u] with u the
 * indicator of X, O((n + m)²·d) time, O((n + m)·d) memory, compensated sums. n and m may differ.
 *
 * <p>Test: permutations of the pooled rows (the first n are X), a batch of 32 permutations per
 * pass as one mat-vec with their indicator vectors. Interval: the two-sample jackknife (Arvesen
 * 1969 [2]), leave-one-out in O(n + m) from the per-row sums.
 *
 * <p>[1] G. J. Székely, M. L. Rizzo, "Energy statistics: a class of statistics based on distances",
 * J. Statist. Plann. Inference 143(8), 1249–1272 (2013).
 * [2] J. N. Arvesen, "Jackknifing U-statistics", Ann. Math. Statist. 40(6), 2076–2100 (1969).
 */
public final class EnergyDistance {
  private final EnergyDistanceOptions options;

  /**
   * An estimator with these options.
   *
   * @throws NullPointerException if {@code options} is null
   */
  public EnergyDistance(EnergyDistanceOptions options) {
    this.options = Objects.requireNonNull(options, "options");
  }

  /** E from the within and cross sums (the statistic of the tests and the jackknife) */
  static double statistic(int n, int m, double sxx, double syy, double sxy) {
    return 2 * sxy / ((double) n * m) - sxx / ((double) n * n) - syy / ((double) m * m);
  }

  /**
   * The energy distance between the samples X and Y (rows may differ, columns not), with its test and interval (dimensionless).
   *
   * @param x the first variable (or sample), n × dx
   * @param y the second variable (or sample)
   * @return the estimate; p-value, null moments and interval as the options ask
   * @throws org.infokernels.core.InvalidInputException on mismatched or too few rows, non-finite values or bad options
   */
  public Estimate estimate(Matrix x, Matrix y) {
    TwoSamples.check("energy-distance", x, y, options.ci() > 0 ? 2 : 1);
    RunSettings s = options.settings();
    Estimation.requireDouble(s, "energy-distance");
    Backend backend = Backends.select(s.backend());
    long t0 = System.nanoTime();
    Matrix[] p = Estimation.prepare(s, x, y);
    int n = x.rows();
    int m = y.rows();
    int d = x.cols();
    // one power of two for both samples: the cross distances must be scaled alike
    int e = Ranges.exponent(p[0], p[1]);
    double[] z = p[0].vstack(p[1], "the pooled sample").timesPowerOfTwo(-e).toRowMajor();
    PairFn f = PairFn.distance();
    PairStatistics.TwoSample t = PairStatistics.twoSample(backend, z, d, f, n, m, s.threads());
    double value = Ranges.unscale("energy-distance", statistic(n, m, t.sxx(), t.syy(), t.sxy()), e);
    Estimate.Builder b = Estimate.builder("energy-distance").estimator("v-statistic").dimensionless(true).value(value)
        .backend(backend.kind().label()).n(n).dims(d).extra("m", m)
        .extra("mean_xy", Math.scalb(t.sxy() / ((double) n * m), e))
        .extra("mean_xx", Math.scalb(t.sxx() / ((double) n * n), e))
        .extra("mean_yy", Math.scalb(t.syy() / ((double) m * m), e));
    TwoSamples.testAndInterval(b, backend, z, d, f, t, new double[n + m], EnergyDistance::statistic, value, options.ci(),
        s.permutations(), s.seed(), s.threads(), e);
    return b.seconds(Estimation.secondsSince(t0)).build();
  }
}
