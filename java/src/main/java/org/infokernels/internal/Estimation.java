package org.infokernels.internal;

import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import org.infokernels.core.Estimate;
import org.infokernels.core.InvalidInputException;
import org.infokernels.core.Matrix;
import org.infokernels.core.Precision;
import org.infokernels.core.RunSettings;

/**
 * Plumbing every estimator shares: seeded random streams, the preparation of the inputs
 * (standardisation, jitter), permutation tests, the precision check, timing. Internal: not API.
 */
public final class Estimation {
  private Estimation() {}

  /** Stream 0 of the seed: jitter. Stream 1: permutations. Independent and reproducible. */
  public static SplittableRandom stream(long seed, int which) {
    SplittableRandom root = new SplittableRandom(seed);
    SplittableRandom s = root.split();
    for (int i = 0; i < which; i++) {
      s = root.split();
    }
    return s;
  }

  /** standardize (if asked), then jitter (if asked), each matrix in turn with one jitter stream */
  public static Matrix[] prepare(RunSettings s, Matrix... ms) {
    Matrix[] out = new Matrix[ms.length];
    SplittableRandom rng = stream(s.seed(), 0);
    for (int i = 0; i < ms.length; i++) {
      Matrix m = ms[i];
      if (s.standardize()) {
        m = m.standardized();
      }
      if (s.jitter() > 0) {
        m = m.jittered(s.jitter(), rng);
      }
      out[i] = m;
    }
    return out;
  }

  /**
   * Refuses precision FLOAT for an estimator that computes in double on every backend: an option
   * that is accepted must act (the float kernels exist for optimal transport on cuda only).
   */
  public static void requireDouble(RunSettings s, String measure) {
    if (s.precision() != Precision.DOUBLE) {
      throw new InvalidInputException(measure + " computes in double precision on every backend; precision "
          + s.precision().label() + " is implemented only for the optimal-transport kernels on the cuda backend"
          + " (use RunSettings.withPrecision(Precision.DOUBLE))");
    }
  }

  /** the rows of the row-major n × d array v in the order perm */
  public static double[] permutedRows(double[] v, int d, int[] perm) {
    double[] out = new double[perm.length * d];
    for (int r = 0; r < perm.length; r++) {
      System.arraycopy(v, perm[r] * d, out, r * d, d);
    }
    return out;
  }

  public static double mean(double[] v) {
    double s = 0;
    for (double t : v) {
      s += t;
    }
    return s / v.length;
  }

  /** k distinct row indices of [0, n), sorted, by a partial Fisher–Yates shuffle */
  public static int[] randomSubset(int n, int k, SplittableRandom rng) {
    int[] all = new int[n];
    for (int i = 0; i < n; i++) {
      all[i] = i;
    }
    for (int i = 0; i < k; i++) {
      int j = i + rng.nextInt(n - i);
      int tmp = all[i];
      all[i] = all[j];
      all[j] = tmp;
    }
    int[] out = java.util.Arrays.copyOf(all, k);
    java.util.Arrays.sort(out);
    return out;
  }

  /** Fisher–Yates permutation of 0..n-1 */
  public static int[] permutation(int n, SplittableRandom rng) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }

  /**
   * Permutation test: p = (1 + #{null ≥ observed}) / (1 + N), null mean and std (ddof = 1).
   * {@code nullDraw} computes one null statistic from the stream it is given.
   */
  public static void permutationTest(Estimate.Builder b, double observed, int count, SplittableRandom rng,
                              ToDoubleFunction<SplittableRandom> nullDraw) {
    if (count <= 0) {
      return;
    }
    double[] nulls = new double[count];
    for (int p = 0; p < count; p++) {
      Cancellation.check();  // Thread.interrupt(): CancelledException between permutations
      nulls[p] = nullDraw.applyAsDouble(rng);
    }
    summarise(b, observed, nulls);
  }

  /** the statistic of the data permuted by {@code perm}, computed with {@code threads} threads */
  @FunctionalInterface
  public interface PermutedStatistic {
    double of(int[] perm, int threads);
  }

  /**
   * {@link #permutationTest(Estimate.Builder, double, int, SplittableRandom, ToDoubleFunction)} with the
   * permutations drawn by {@code draw} from {@code rng} one after another, in the same order, and their statistics
   * computed side by side, {@code workers} at a time with the threads divided among them (workers ≤ 1: one after
   * another with {@code threads}). The nulls, hence the p-value, are those of the sequential form whose nullDraw
   * is {@code r -> stat.of(draw.apply(r), threads)}. The permutations are drawn a few per worker at a time, so
   * memory stays O(workers · n).
   */
  public static void permutationTest(Estimate.Builder b, double observed, int count, SplittableRandom rng,
                                     int workers, int threads, Function<SplittableRandom, int[]> draw,
                                     PermutedStatistic stat) {
    int w = Math.max(1, Math.min(workers, count));
    if (w == 1) {
      permutationTest(b, observed, count, rng, r -> stat.of(draw.apply(r), threads));
      return;
    }
    int inner = Math.max(1, Parallel.resolveThreads(threads) / w);
    double[] nulls = new double[count];
    int chunk = 4 * w;
    for (int from = 0; from < count; from += chunk) {
      Cancellation.check();
      int m = Math.min(chunk, count - from);
      int[][] perms = new int[m][];
      for (int i = 0; i < m; i++) {
        perms[i] = draw.apply(rng);
      }
      int first = from;
      Parallel.forEach(m, w, i -> nulls[first + i] = stat.of(perms[i], inner));
    }
    summarise(b, observed, nulls);
  }

  /** p = (1 + #{null ≥ observed})/(1 + count), the nulls' mean and std (ddof = 1) */
  private static void summarise(Estimate.Builder b, double observed, double[] nulls) {
    int count = nulls.length;
    int atLeast = 0;
    for (double v : nulls) {
      if (v >= observed) {
        atLeast++;
      }
    }
    double mean = mean(nulls);
    double ss = 0;
    for (double v : nulls) {
      ss += (v - mean) * (v - mean);
    }
    double std = count > 1 ? Math.sqrt(ss / (count - 1)) : 0.0;
    b.permutationTest((1.0 + atLeast) / (1.0 + count), mean, std, count);
  }

  public static double secondsSince(long t0) {
    return (System.nanoTime() - t0) * 1e-9;
  }
}
