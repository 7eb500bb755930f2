package org.infokernels.testing;

import org.infokernels.core.Estimate;
import org.infokernels.core.InvalidInputException;
import org.infokernels.core.Matrix;
import org.infokernels.internal.support.PairStatistics;

/** What the two-sample measures (energy distance, MMD) share: checks, tests and intervals. */
final class TwoSamples {
  private TwoSamples() {}

  /** X and Y must be samples of the same space, each with at least {@code min} rows */
  static void check(String measure, Matrix x, Matrix y, int min) {
    if (x.cols() != y.cols()) {
      throw new InvalidInputException(measure + ": " + x.name() + " has " + x.cols() + " columns but " + y.name()
          + " has " + y.cols() + " (the two samples must have the same dimension)");
    }
    if (x.rows() < min || y.rows() < min) {
      throw new InvalidInputException(measure + " needs at least " + min + " rows in each sample (" + x.name() + ": "
          + x.rows() + ", " + y.name() + ": " + y.rows() + ")");
    }
  }

  /** the jackknife interval and the permutation test of a two-sample statistic, values times 2^e */
  static void testAndInterval(Estimate.Builder b, org.infokernels.internal.backend.Backend backend, double[] z, int d,
                              org.infokernels.internal.testing.PairFn f, PairStatistics.TwoSample t, double[] diag,
                              PairStatistics.TwoSampleStatistic stat, double value, double ci, int permutations,
                              long seed, int threads, int e) {
    if (ci > 0) {
      double se = Math.scalb(Math.sqrt(PairStatistics.twoSampleJackknifeVariance(t, diag, stat)), e);
      PairStatistics.interval(b, value, se, ci, "jackknife");
    }
    if (permutations > 0) {
      PairStatistics.NullResult r = PairStatistics.twoSampleTest(backend, z, d, f, t, permutations, seed, stat, threads);
      b.permutationTest(r.pValue(), Math.scalb(r.mean(), e), Math.scalb(r.std(), e), r.count())
          .extra("null", "permutation");
    }
  }
}
