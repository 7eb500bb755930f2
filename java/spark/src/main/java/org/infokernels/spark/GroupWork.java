package org.infokernels.spark;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.infokernels.core.BackendKind;
import org.infokernels.core.Estimate;
import org.infokernels.core.Matrix;
import org.infokernels.core.RunSettings;
import org.infokernels.internal.Estimation;
import scala.Tuple2;

/**
 * One group of a grouped job, on an executor: its rows in the order of the input, the estimate, the permutation
 * p-value and the subsampling interval when asked, and the per-task report (backend, fallback, executor).
 */
final class GroupWork {
  private GroupWork() {}

  /** salt of the subsampling stream, so that it never coincides with the estimator's own streams */
  private static final long CI_SALT = 0x5EED_C1C1_0000_0015L;

  /**
   * The estimate of one group.
   *
   * @param key     the group's values, in the order of the group columns
   * @param rows    the group's rows: (position in the input, the X, Y and Z values), in any order
   * @return the output row: key..., measure, estimator, value, p_value, ci_low, ci_high, n, backend, fallback,
   *         executor, seconds
   * @throws IllegalArgumentException naming the group, where its data cannot be estimated
   */
  static Row run(Row key, List<String> groupColumns, List<Tuple2<Long, double[]>> rows, String measure,
                 int dx, int dy, int dz, SparkOptions o) {
    long t0 = System.nanoTime();
    String group = describe(key, groupColumns);
    try {
      List<Tuple2<Long, double[]>> sorted = new ArrayList<>(rows);
      sorted.sort((a, b) -> Long.compare(a._1(), b._1()));
      int n = sorted.size();
      double[] xs = new double[n * dx];
      double[] ys = new double[n * dy];
      double[] zs = new double[n * dz];
      for (int i = 0; i < n; i++) {
        double[] r = sorted.get(i)._2();
        for (int c = 0; c < r.length; c++) {
          if (Double.isNaN(r[c])) {
            throw new IllegalArgumentException("a null or NaN value in row " + (i + 1) + " of the group");
          }
        }
        System.arraycopy(r, 0, xs, i * dx, dx);
        System.arraycopy(r, dx, ys, i * dy, dy);
        System.arraycopy(r, dx + dy, zs, i * dz, dz);
      }
      Matrix x = Matrix.of("x", xs, n, dx);
      Matrix y = dy == 0 ? null : Matrix.of("y", ys, n, dy);
      Matrix z = dz == 0 ? null : Matrix.of("z", zs, n, dz);
      BackendKind kind = ExecutorRuntime.resolve(o.backend());
      RunSettings s = o.settings(kind);
      Estimate e = Measures.of(measure, o.params(), s).estimate(x, y, z);
      Double lo = null;
      Double hi = null;
      if (o.ci() > 0) {
        double[] ci = subsamplingInterval(Measures.of(measure, o.params(), s.withPermutations(0)), x, y, z, e.value(),
            o.ci(), o.subsamples(), o.seed());
        lo = ci[0];
        hi = ci[1];
      }
      Object[] out = new Object[key.length() + 11];
      for (int i = 0; i < key.length(); i++) {
        out[i] = key.get(i);
      }
      int j = key.length();
      out[j++] = measure;
      out[j++] = e.estimator();
      out[j++] = e.value();
      out[j++] = e.pValue().isPresent() ? e.pValue().getAsDouble() : null;
      out[j++] = lo;
      out[j++] = hi;
      out[j++] = n;
      out[j++] = e.backend();
      out[j++] = ExecutorRuntime.fallback(o.backend());
      out[j++] = ExecutorRuntime.label();
      out[j] = (System.nanoTime() - t0) * 1e-9;
      return RowFactory.create(out);
    } catch (RuntimeException ex) {
      throw new IllegalArgumentException("group " + group + " (" + rows.size() + " rows) of " + measure + ": "
          + ex.getMessage(), ex);
    }
  }

  /** e.g. {@code (subject=7, day=2026-01-03)} */
  static String describe(Row key, List<String> groupColumns) {
    StringBuilder b = new StringBuilder("(");
    for (int i = 0; i < key.length(); i++) {
      if (i > 0) {
        b.append(", ");
      }
      b.append(groupColumns.get(i)).append('=').append(key.get(i));
    }
    return b.append(')').toString();
  }

  /**
   * Politis–Romano subsampling interval at level {@code level}: B subsamples of m = ⌊n/2⌋ rows without
   * replacement, d_b = θ̂_m,b − θ̂, and [θ̂ − √(m/n)·q_{1−a/2}(d), θ̂ − √(m/n)·q_{a/2}(d)] with a = 1 − level
   * (quantiles by linear interpolation, R's type 7). Valid for √n-consistent estimators; rows are never
   * duplicated, so k-NN estimators see no artificial ties (a bootstrap with replacement would).
   * D. N. Politis, J. P. Romano, "Large sample confidence regions based on subsamples under minimal
   * assumptions", Ann. Statist. 22(4), 2031–2050 (1994).
   */
  static double[] subsamplingInterval(Measures.Estimator est, Matrix x, Matrix y, Matrix z, double theta,
                                      double level, int count, long seed) {
    int n = x.rows();
    int m = n / 2;
    SplittableRandom rng = new SplittableRandom(seed ^ CI_SALT);
    double[] d = new double[count];
    for (int b = 0; b < count; b++) {
      int[] rows = Estimation.randomSubset(n, m, rng);
      d[b] = est.estimate(x.selectRows(rows), y == null ? null : y.selectRows(rows),
          z == null ? null : z.selectRows(rows)).value() - theta;
    }
    Arrays.sort(d);
    double a = 1 - level;
    double f = Math.sqrt((double) m / n);
    return new double[] {theta - f * quantile(d, 1 - a / 2), theta - f * quantile(d, a / 2)};
  }

  /** type-7 quantile of sorted {@code v} */
  static double quantile(double[] v, double p) {
    double h = (v.length - 1) * p;
    int lo = (int) Math.floor(h);
    int hi = Math.min(lo + 1, v.length - 1);
    return v[lo] + (h - lo) * (v[hi] - v[lo]);
  }

  /** the columns of the output after the group columns, in the order {@link #run} fills them */
  static List<String> resultColumns() {
    return new ArrayList<>(List.of("measure", "estimator", "value", "p_value", "ci_low", "ci_high", "n", "backend",
        "fallback", "executor", "seconds"));
  }
}
