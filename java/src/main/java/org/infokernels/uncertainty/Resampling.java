package org.infokernels.uncertainty;

import java.util.Arrays;
import java.util.Objects;
import java.util.SplittableRandom;
import org.infokernels.core.Estimate;
import org.infokernels.core.InvalidInputException;
import org.infokernels.internal.Estimation;
import org.infokernels.internal.math.Distributions;
import org.infokernels.internal.support.BlockJackknife;

/**
 * Confidence intervals by resampling the rows of the input, for estimators without an interval of
 * their own. The estimator is refitted on subsets of rows ({@link Refit}): of each independent
 * sample ({@code sizes}: one entry for paired data X, Y, Z whose rows go together, two for the
 * two-sample measures whose X and Y are resampled separately).
 *
 * <ul>
 *   <li>{@link #groupJackknife}: the delete-a-group jackknife (Quenouille 1956 [1]; Shao &amp; Wu
 *       1989 [2] for its consistency when a group of d rows is deleted; Efron &amp; Stein 1981 [3]: the
 *       jackknife variance is never biased low in expectation). The rows of each sample are dealt
 *       at random (seeded) into G groups of equal size g = ⌊n/G⌋ (the ⌊n mod G⌋ rows left over are
 *       always kept), replicate j leaves out group j, and
 *       <pre>  se² = (G − 1)/G · Σⱼ (θ₍ⱼ₎ − θ̄)²  </pre>
 *       Every replicate has the same size, so the drift of n-dependent estimators (k-NN biases,
 *       matrix entropies) does not enter the spread. Used for the k-NN family (whose estimators
 *       break under duplicated rows, so no bootstrap) and the kernel and matrix families;</li>
 *   <li>{@link #bootstrap}: the nonparametric bootstrap (Efron 1979 [4]): B replicates of n rows drawn
 *       with replacement, se = the standard deviation of the B values. Used for optimal transport,
 *       whose entropic estimators are smooth in the sample measure and take repeated points.</li>
 * </ul>
 * {@link #blockJackknife} is the variant for serially dependent rows (time series): contiguous
 * blocks instead of random groups. All report the interval value ± t·se with t the Student
 * quantile of G − 1 (B − 1) degrees of freedom (the few replicates make se itself uncertain),
 * centred on the full-sample estimate, as
 * the extras {@code std_error}, {@code ci_low}, {@code ci_high}, {@code ci_method},
 * {@code ci_level} and {@code ci_replicates}.
 *
 * <p>[1] M. H. Quenouille, "Notes on bias in estimation", Biometrika 43, 353–360 (1956).
 * [2] J. Shao, C. F. J. Wu, "A general theory for jackknife variance estimation", Ann. Statist.
 * 17(3), 1176–1197 (1989).
 * [3] B. Efron, C. Stein, "The jackknife estimate of variance", Ann. Statist. 9(3), 586–596 (1981).
 * [4] B. Efron, "Bootstrap methods: another look at the jackknife", Ann. Statist. 7(1), 1–26 (1979).
 */
public final class Resampling {
  /** the groups of {@link #groupJackknife} when none are given */
  public static final int GROUPS = 20;
  /** the replicates of {@link #bootstrap} when none are given */
  public static final int REPLICATES = 40;

  private Resampling() {}

  /**
   * The estimator refitted on a subset of rows: {@code rows[s]} are the row indices of sample s
   * to use (sorted and distinct for the jackknife, with repetitions for the bootstrap); returns
   * the value in the unit of the full estimate's {@link Estimate#value()} (nats or dimensionless).
   */
  @FunctionalInterface
  public interface Refit {
    /**
     * the estimate on the rows {@code rows[s]} of each sample s
     *
     * @param rows the rows of each sample to refit on
     * @return the value of the refitted estimate
     */
    double value(int[][] rows);
  }

  /**
   * A confidence level: strictly inside (0, 1).
   *
   * @param level the level, e.g. 0.95
   * @return the level
   * @throws InvalidInputException if it is outside (0, 1)
   */
  public static double checkLevel(double level) {
    if (!(level > 0 && level < 1)) {
      throw new InvalidInputException("ci = " + level + " is outside (0, 1): give a confidence level such as 0.95");
    }
    return level;
  }

  /**
   * {@link #groupJackknife(Estimate, int[], int, double, long, Refit)} with {@link #GROUPS} groups.
   *
   * @param full  the estimate on all rows
   * @param sizes the row count of each independent sample
   * @param level the confidence level in (0, 1)
   * @param seed  seed of the groups
   * @param refit the estimator on a subset of rows
   * @return {@code full} with the interval added
   */
  public static Estimate groupJackknife(Estimate full, int[] sizes, double level, long seed, Refit refit) {
    return groupJackknife(full, sizes, GROUPS, level, seed, refit);
  }

  /**
   * The delete-a-group jackknife interval (see the class): se² = (G − 1)/G · Σⱼ (θ₍ⱼ₎ − θ̄)²,
   * interval θ ± t_{G−1}·se. G is lowered to the smallest sample size when a sample has fewer rows.
   *
   * @param full   the estimate on all rows
   * @param sizes  the row count of each independent sample (each ≥ 2)
   * @param groups G ≥ 2
   * @param level  the confidence level in (0, 1)
   * @param seed   seed of the groups
   * @param refit  the estimator on a subset of rows
   * @return {@code full} with std_error, ci_low, ci_high, ci_method = "group-jackknife", ci_level, ci_replicates
   */
  public static Estimate groupJackknife(Estimate full, int[] sizes, int groups, double level, long seed, Refit refit) {
    Objects.requireNonNull(full, "full");
    Objects.requireNonNull(refit, "refit");
    checkLevel(level);
    int g = groups;
    for (int n : sizes) {
      if (n < 2) {
        throw new InvalidInputException("the jackknife interval needs at least 2 rows per sample (" + n + ")");
      }
      g = Math.min(g, n);
    }
    if (g < 2) {
      throw new InvalidInputException("the jackknife interval needs at least 2 groups (groups = " + groups + ")");
    }
    long t0 = System.nanoTime();
    // deal each sample's rows into g groups of equal size; the remainder is always kept
    int[][] order = new int[sizes.length][];
    for (int s = 0; s < sizes.length; s++) {
      order[s] = Estimation.permutation(sizes[s], Estimation.stream(seed, 1000 + s));
    }
    double[] theta = new double[g];
    for (int j = 0; j < g; j++) {
      int[][] keep = new int[sizes.length][];
      for (int s = 0; s < sizes.length; s++) {
        int size = sizes[s] / g;
        int[] k = new int[sizes[s] - size];
        int c = 0;
        for (int r = 0; r < sizes[s]; r++) {
          if (r < j * size || r >= (j + 1) * size) {
            k[c++] = order[s][r];
          }
        }
        Arrays.sort(k);
        keep[s] = k;
      }
      theta[j] = replicate(refit, keep, "jackknife", j);
    }
    double se = Math.sqrt((g - 1.0) / g * sumSquaredDeviations(theta));
    return withInterval(full, se, level, g - 1, "group-jackknife", g, Estimation.secondsSince(t0));
  }

  /**
   * The nonparametric bootstrap interval (see the class): B replicates of each sample drawn with
   * replacement, se = their standard deviation (ddof 1), interval θ ± t_{B−1}·se.
   *
   * @param full       the estimate on all rows
   * @param sizes      the row count of each independent sample (each ≥ 2)
   * @param replicates B ≥ 2
   * @param level      the confidence level in (0, 1)
   * @param seed       seed of the draws (replicate b from its own stream)
   * @param refit      the estimator on a multiset of rows
   * @return {@code full} with std_error, ci_low, ci_high, ci_method = "bootstrap", ci_level, ci_replicates
   */
  public static Estimate bootstrap(Estimate full, int[] sizes, int replicates, double level, long seed, Refit refit) {
    Objects.requireNonNull(full, "full");
    Objects.requireNonNull(refit, "refit");
    checkLevel(level);
    if (replicates < 2) {
      throw new InvalidInputException("the bootstrap needs at least 2 replicates (" + replicates + ")");
    }
    for (int n : sizes) {
      if (n < 2) {
        throw new InvalidInputException("the bootstrap interval needs at least 2 rows per sample (" + n + ")");
      }
    }
    long t0 = System.nanoTime();
    double[] theta = new double[replicates];
    for (int b = 0; b < replicates; b++) {
      SplittableRandom rng = Estimation.stream(seed, 2000 + b);
      int[][] keep = new int[sizes.length][];
      for (int s = 0; s < sizes.length; s++) {
        int[] k = new int[sizes[s]];
        for (int r = 0; r < k.length; r++) {
          k[r] = rng.nextInt(sizes[s]);
        }
        Arrays.sort(k);
        keep[s] = k;
      }
      theta[b] = replicate(refit, keep, "bootstrap", b);
    }
    double se = Math.sqrt(sumSquaredDeviations(theta) / (replicates - 1.0));
    return withInterval(full, se, level, replicates - 1, "bootstrap", replicates, Estimation.secondsSince(t0));
  }

  /**
   * The delete-a-block jackknife interval for serially dependent rows (Künsch 1989 [5], non-overlapping
   * blocks): the rows of each trial (trial r = rows trialStart[r] … trialStart[r+1]−1, in time
   * order) are cut into G contiguous blocks of ⌊L_r/G⌋ rows, or, with at least G trials, groups of
   * ⌊T/G⌋ whole trials are formed; replicate j refits without group j,
   * <pre>  se² = (G − 1)/G · Σⱼ (θ₍ⱼ₎ − θ̄)²,   interval θ ± t_{G−1}·se</pre>
   * For the mean of a series this is the batch-means estimate of its long-run variance. Used by
   * {@code TransferEntropy} and {@code ActiveInformationStorage} on their embedded observations.
   * No seed enters: the blocks are fixed. [5] H. R. Künsch, Ann. Statist. 17(3), 1217–1241 (1989).
   *
   * @param full       the estimate on all rows
   * @param trialStart the first row of each trial and, last, the row count n (one trial: {0, n})
   * @param groups     G ≥ 2 (lowered to the longest trial's length when every trial is shorter)
   * @param level      the confidence level in (0, 1)
   * @param refit      the estimator on a subset of rows ({@code rows[0]}, sorted)
   * @return {@code full} with std_error, ci_low, ci_high, ci_method = "block-jackknife", ci_level,
   *     ci_replicates and ci_block_length (rows per block) or ci_block_trials (trials per group)
   */
  public static Estimate blockJackknife(Estimate full, int[] trialStart, int groups, double level, Refit refit) {
    Objects.requireNonNull(trialStart, "trialStart");
    Objects.requireNonNull(refit, "refit");
    checkLevel(level);
    if (trialStart.length < 2 || trialStart[0] != 0) {
      throw new InvalidInputException("trialStart must start at 0 and end with the row count");
    }
    for (int r = 0; r + 1 < trialStart.length; r++) {
      if (trialStart[r + 1] < trialStart[r]) {
        throw new InvalidInputException("trialStart must not decrease (" + trialStart[r] + ", " + trialStart[r + 1]
            + ")");
      }
    }
    return BlockJackknife.interval(full, trialStart, groups, level, rows -> refit.value(new int[][] {rows}));
  }

  private static double replicate(Refit refit, int[][] keep, String what, int j) {
    double v;
    try {
      v = refit.value(keep);
    } catch (InvalidInputException ex) {
      throw new InvalidInputException("the " + what + " replicate " + j + " of the interval failed: " + ex.getMessage());
    }
    if (!Double.isFinite(v)) {
      throw new InvalidInputException("the " + what + " replicate " + j + " of the interval is " + v);
    }
    return v;
  }

  private static double sumSquaredDeviations(double[] v) {
    double mean = 0;
    for (double t : v) {
      mean += t;
    }
    mean /= v.length;
    double s = 0;
    for (double t : v) {
      s += (t - mean) * (t - mean);
    }
    return s;
  }

  private static Estimate withInterval(Estimate full, double se, double level, int dof, String method, int count,
                                       double seconds) {
    double h = tQuantile(1 - (1 - level) / 2, dof) * se;
    double v = full.value();
    return full.toBuilder().stdError(se).extra("ci_low", v - h).extra("ci_high", v + h).extra("ci_method", method)
        .extra("ci_level", level).extra("ci_replicates", count).seconds(full.seconds() + seconds).build();
  }

  /**
   * The Student-t quantile by the Cornish–Fisher expansion in 1/ν (Abramowitz &amp; Stegun 26.7.5;
   * relative error below 1e-4 for ν ≥ 5); the normal quantile for ν &gt; 10⁴.
   *
   * @param p   the probability in (0, 1)
   * @param dof ν ≥ 1 degrees of freedom
   * @return t with P(T_ν ≤ t) = p
   */
  public static double tQuantile(double p, double dof) {
    return Distributions.studentQuantile(p, dof);
  }
}
