package org.infokernels.internal.support;

import java.util.Objects;
import java.util.function.ToDoubleFunction;
import org.infokernels.core.Estimate;
import org.infokernels.core.InvalidInputException;
import org.infokernels.internal.Estimation;
import org.infokernels.internal.Parallel;
import org.infokernels.internal.math.Distributions;

/**
 * The delete-a-block jackknife interval for estimates over serially dependent observations (the
 * embedded observations of the time-series estimators), Künsch [1] with non-overlapping blocks
 * (Carlstein's subseries [2]). The n observations come in trials (independent realisations, in time
 * order within each); G groups of contiguous observations are formed:
 * <ul>
 *   <li>fewer trials than G: each trial r of L_r observations is cut into G contiguous blocks of
 *       b_r = ⌊L_r/G⌋ observations (the L_r − G·b_r at its end are always kept); group j is block j
 *       of every trial;</li>
 *   <li>at least G trials: group j is the j-th run of ⌊T/G⌋ whole trials (the T mod G trials at the
 *       end are always kept).</li>
 * </ul>
 * Replicate j re-estimates on all observations but group j (same size for every j with trials of
 * equal length, so the n-dependent bias of k-NN estimators does not enter the spread), and
 * <pre>  se² = (G − 1)/G · Σⱼ (θ₍ⱼ₎ − θ̄)²,   interval θ ± t_{G−1, (1+level)/2} · se</pre>
 * (for the mean of the observations this is exactly the batch-means variance of the G block
 * means). The block length b = ⌊L/G⌋ grows linearly in L, so it outgrows any finite correlation
 * length (and Künsch's rate n^(1/3) for L ≥ 90 at G = 20); with G fixed the variance estimate has
 * about G − 1 degrees of freedom, hence the Student quantile. Cost: G further estimates at
 * (1 − 1/G)·n observations.
 *
 * <p>[1] H. R. Künsch, "The jackknife and the bootstrap for general stationary observations",
 * Ann. Statist. 17(3), 1217–1241 (1989).
 * [2] E. Carlstein, "The use of subseries values for estimating the variance of a general statistic
 * from a stationary sequence", Ann. Statist. 14(3), 1171–1179 (1986).
 */
public final class BlockJackknife {
  /** the groups G when none are given */
  public static final int GROUPS = 20;
  /** the {@code ci_method} of the interval */
  public static final String METHOD = "block-jackknife";

  private BlockJackknife() {}

  /**
   * The deleted observations of each group: {@code deleted[j]} = sorted rows of group j.
   *
   * @param trialStart the first row of each trial, trialStart[T] = n
   * @param groups     G ≥ 2 (lowered to the longest trial when every trial is shorter than G)
   * @return the groups (at least 2), each non-empty
   */
  public static int[][] groups(int[] trialStart, int groups) {
    int trials = trialStart.length - 1;
    if (groups < 2) {
      throw new InvalidInputException("the block jackknife needs at least 2 groups (groups = " + groups + ")");
    }
    if (trials >= groups) {
      int per = trials / groups;
      int[][] out = new int[groups][];
      for (int j = 0; j < groups; j++) {
        int from = trialStart[j * per];
        int to = trialStart[(j + 1) * per];
        out[j] = range(from, to);
      }
      return out;
    }
    int longest = 0;
    for (int r = 0; r < trials; r++) {
      longest = Math.max(longest, trialStart[r + 1] - trialStart[r]);
    }
    int g = Math.min(groups, longest);
    if (g < 2) {
      throw new InvalidInputException("the block jackknife interval needs at least 2 observations in a trial ("
          + longest + ")");
    }
    int[][] out = new int[g][];
    for (int j = 0; j < g; j++) {
      int count = 0;
      for (int r = 0; r < trials; r++) {
        count += (trialStart[r + 1] - trialStart[r]) / g;
      }
      int[] rows = new int[count];
      int c = 0;
      for (int r = 0; r < trials; r++) {
        int b = (trialStart[r + 1] - trialStart[r]) / g;
        for (int i = 0; i < b; i++) {
          rows[c++] = trialStart[r] + j * b + i;
        }
      }
      out[j] = rows;
    }
    return out;
  }

  /** the rows 0 … n−1 without the sorted rows {@code deleted} */
  static int[] keep(int n, int[] deleted) {
    int[] k = new int[n - deleted.length];
    int c = 0;
    int d = 0;
    for (int i = 0; i < n; i++) {
      if (d < deleted.length && deleted[d] == i) {
        d++;
      } else {
        k[c++] = i;
      }
    }
    return k;
  }

  private static int[] range(int from, int to) {
    int[] r = new int[to - from];
    for (int i = 0; i < r.length; i++) {
      r[i] = from + i;
    }
    return r;
  }

  /**
   * The estimate with its block-jackknife interval (see the class): std_error, ci_low, ci_high,
   * ci_method = "block-jackknife", ci_level, ci_replicates = G and ci_block_length (the fewest
   * observations a group deletes from a trial) or ci_block_trials (whole trials per group);
   * {@code seconds} includes the replicates.
   *
   * @param full       the estimate on all observations
   * @param trialStart the first row of each trial, trialStart[T] = n
   * @param groups     G ≥ 2
   * @param level      the confidence level in (0, 1)
   * @param refit      the estimate (same unit as {@code full.value()}) on the kept rows, sorted
   * @return {@code full} with the interval
   */
  public static Estimate interval(Estimate full, int[] trialStart, int groups, double level,
                                  ToDoubleFunction<int[]> refit) {
    Objects.requireNonNull(refit, "refit");
    return interval(full, trialStart, groups, level, 1, 0, (rows, threads) -> refit.applyAsDouble(rows));
  }

  /** a refit on the kept rows with {@code threads} threads */
  @FunctionalInterface
  public interface Refit {
    double value(int[] keep, int threads);
  }

  /**
   * {@link #interval(Estimate, int[], int, double, ToDoubleFunction)} with the replicates run side by side:
   * {@code workers} at a time (≤ 1: one after another, each with {@code threads}), the threads divided among
   * them. Each replicate depends on its own rows only, so the interval does not depend on the workers.
   *
   * @param threads the threads a lone replicate may use (0 = all cores)
   */
  public static Estimate interval(Estimate full, int[] trialStart, int groups, double level, int workers,
                                  int threads, Refit refit) {
    Objects.requireNonNull(full, "full");
    Objects.requireNonNull(refit, "refit");
    if (!(level > 0 && level < 1)) {
      throw new InvalidInputException("ci = " + level + " is outside (0, 1): give a confidence level such as 0.95");
    }
    long t0 = System.nanoTime();
    int n = trialStart[trialStart.length - 1];
    int trials = trialStart.length - 1;
    int[][] deleted = groups(trialStart, groups);
    int g = deleted.length;
    double[] theta = new double[g];
    int w = Math.max(1, Math.min(workers, g));
    int inner = w > 1 ? Math.max(1, Parallel.resolveThreads(threads) / w) : threads;
    Parallel.forEach(g, w, j -> {
      double v;
      try {
        v = refit.value(keep(n, deleted[j]), inner);
      } catch (InvalidInputException ex) {
        throw new InvalidInputException("the block-jackknife replicate " + j + " of the interval failed: "
            + ex.getMessage());
      }
      if (!Double.isFinite(v)) {
        throw new InvalidInputException("the block-jackknife replicate " + j + " of the interval is " + v);
      }
      theta[j] = v;
    });
    double mean = 0;
    for (double t : theta) {
      mean += t;
    }
    mean /= g;
    double ss = 0;
    for (double t : theta) {
      ss += (t - mean) * (t - mean);
    }
    double se = Math.sqrt((g - 1.0) / g * ss);
    double h = Distributions.studentQuantile(1 - (1 - level) / 2, g - 1) * se;
    double v = full.value();
    Estimate.Builder b = full.toBuilder().stdError(se).extra("ci_low", v - h).extra("ci_high", v + h)
        .extra("ci_method", METHOD).extra("ci_level", level).extra("ci_replicates", g);
    if (trials >= groups) {
      b.extra("ci_block_trials", trials / groups);
    } else {
      int shortest = Integer.MAX_VALUE;
      for (int r = 0; r < trials; r++) {
        int len = (trialStart[r + 1] - trialStart[r]) / g;
        if (len > 0) {
          shortest = Math.min(shortest, len);
        }
      }
      b.extra("ci_block_length", shortest);
    }
    return b.seconds(full.seconds() + Estimation.secondsSince(t0)).build();
  }
}
