package org.infokernels.timeseries;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.infokernels.core.InvalidInputException;
import org.infokernels.core.Matrix;

/**
 * Delay embeddings and surrogates of the time-series family, with JIDT's conventions
 * ({@code TransferEntropyCalculatorViaCondMutualInfo.computeStartTimeForFirstDestEmbedding},
 * {@code MatrixUtils.makeDelayEmbeddingVector}):
 * <ul>
 *   <li>target past x⁽ᵏ⁾_t = (x_t, x_{t−k_tau}, …, x_{t−(k−1)k_tau}), next value x_{t+1}, source past
 *       y⁽ˡ⁾_{t+1−u} = (y_{t+1−u}, y_{t+1−u−l_tau}, …), conditional c⁽ᶜᵏ⁾_{t+1−c_u};</li>
 *   <li>the first usable time t0 = max((k−1)·k_tau, (l−1)·l_tau + u − 1, (c_k−1)·c_tau + c_u − 1, …);
 *       observations t = t0 … T−2 of every trial, pooled in trial order;</li>
 *   <li>every lag contributes all columns of a multivariate series, lag by lag.</li>
 * </ul>
 * Times for a Theiler window: observation t of trial r gets offset_r + t, with trials further apart
 * than the window, so the window never joins two trials.
 */
final class Embedding {
  private Embedding() {}

  /**
   * The pooled observations of one estimate: a (the source past, or the past of AIS), b (the next
   * value), c (the conditioning set: target past and conditionals; null for AIS), n rows in all,
   * trialStart[r] the first row of trial r (trialStart[trials] = n), times for the Theiler window
   * (null when off).
   */
  record Observations(double[] a, int da, double[] b, int db, double[] c, int dc, int n, int[] trialStart,
                      long[] times) {
    /** the same observations with a replaced (a surrogate of the source) */
    Observations withA(double[] newA) {
      return new Observations(newA, da, b, db, c, dc, n, trialStart, times);
    }

    /** the same observations with b replaced (a surrogate of the next values) */
    Observations withB(double[] newB) {
      return new Observations(a, da, newB, db, c, dc, n, trialStart, times);
    }

    int trials() {
      return trialStart.length - 1;
    }

    /** the observations {@code keep} (sorted rows) only, times kept (a Theiler window still sees the gaps) */
    Observations rows(int[] keep) {
      int m = keep.length;
      double[] na = new double[m * da];
      double[] nb = new double[m * db];
      double[] nc = c == null ? null : new double[m * dc];
      long[] nt = times == null ? null : new long[m];
      int[] starts = new int[trialStart.length];
      for (int i = 0; i < m; i++) {
        int row = keep[i];
        System.arraycopy(a, row * da, na, i * da, da);
        System.arraycopy(b, row * db, nb, i * db, db);
        if (nc != null) {
          System.arraycopy(c, row * dc, nc, i * dc, dc);
        }
        if (nt != null) {
          nt[i] = times[row];
        }
      }
      // starts[r] = the kept rows before trialStart[r]
      int i = 0;
      for (int r = 1; r < trialStart.length; r++) {
        while (i < m && keep[i] < trialStart[r]) {
          i++;
        }
        starts[r] = i;
      }
      return new Observations(na, da, nb, db, nc, dc, m, starts, nt);
    }
  }

  /** rows t = first … first + count − 1 of (x_t, x_{t−tau}, …, x_{t−(length−1)·tau}), every column per lag */
  static double[] embed(Matrix x, int length, int tau, int first, int count, double[] out, int rowOffset, int width,
                        int colOffset) {
    int d = x.cols();
    for (int i = 0; i < count; i++) {
      int t = first + i;
      int o = (rowOffset + i) * width + colOffset;
      for (int j = 0; j < length; j++) {
        int row = t - j * tau;
        for (int c = 0; c < d; c++) {
          out[o + j * d + c] = x.get(row, c);
        }
      }
    }
    return out;
  }

  /**
   * Transfer-entropy observations: a = source past, b = target next, c = [target past,
   * conditionals' pasts]. Errors name the series and the trial that is too short.
   */
  static Observations transferEntropy(Series source, Series target, List<ConditionalSeries> conds, int k, int kTau,
                                      int l, int lTau, int u, int window) {
    int t0 = Math.max((k - 1) * kTau, (l - 1) * lTau + u - 1);
    String why = "target history " + k + " x tau " + kTau + ", source history " + l + " x tau " + lTau + ", delay " + u;
    for (ConditionalSeries c : conds) {
      t0 = Math.max(t0, (c.history() - 1) * c.tau() + c.delay() - 1);
      why += ", conditional history " + c.history() + " x tau " + c.tau() + ", delay " + c.delay();
    }
    int[] counts = counts(target, t0, why);
    int n = total(counts);
    int da = l * source.dims();
    int db = target.dims();
    int dc = k * target.dims();
    for (ConditionalSeries c : conds) {
      dc += c.history() * c.series().dims();
    }
    double[] a = new double[n * da];
    double[] b = new double[n * db];
    double[] cc = new double[n * dc];
    int row = 0;
    for (int r = 0; r < target.trials(); r++) {
      int count = counts[r];
      embed(target.trial(r), k, kTau, t0, count, cc, row, dc, 0);
      embed(target.trial(r), 1, 1, t0 + 1, count, b, row, db, 0);
      embed(source.trial(r), l, lTau, t0 + 1 - u, count, a, row, da, 0);
      int col = k * target.dims();
      for (ConditionalSeries c : conds) {
        embed(c.series().trial(r), c.history(), c.tau(), t0 + 1 - c.delay(), count, cc, row, dc, col);
        col += c.history() * c.series().dims();
      }
      row += count;
    }
    return new Observations(a, da, b, db, cc, dc, n, starts(counts), times(counts, t0, window));
  }

  /** Active-information-storage observations: a = past x⁽ᵏ⁾_t, b = next x_{t+1}, t = (k−1)·tau … T−2 */
  static Observations activeInfoStorage(Series x, int k, int tau, int window) {
    int t0 = (k - 1) * tau;
    int[] counts = counts(x, t0, "history " + k + " x tau " + tau);
    int n = total(counts);
    int da = k * x.dims();
    int db = x.dims();
    double[] a = new double[n * da];
    double[] b = new double[n * db];
    int row = 0;
    for (int r = 0; r < x.trials(); r++) {
      embed(x.trial(r), k, tau, t0, counts[r], a, row, da, 0);
      embed(x.trial(r), 1, 1, t0 + 1, counts[r], b, row, db, 0);
      row += counts[r];
    }
    return new Observations(a, da, b, db, null, 0, n, starts(counts), times(counts, t0, window));
  }

  private static int[] counts(Series s, int t0, String why) {
    int[] counts = new int[s.trials()];
    for (int r = 0; r < s.trials(); r++) {
      counts[r] = s.length(r) - t0 - 1;
      if (counts[r] < 1) {
        throw new InvalidInputException(s.name() + (s.trials() > 1 ? " (trial " + r + ")" : "") + " has " + s.length(r)
            + " time steps, too short for the embedding (" + why + "): the first usable time is " + t0
            + ", so at least " + (t0 + 2) + " time steps are needed");
      }
    }
    return counts;
  }

  private static int total(int[] counts) {
    long n = 0;
    for (int c : counts) {
      n += c;
    }
    if (n > Integer.MAX_VALUE / 64) {
      throw new InvalidInputException("too many observations (" + n + ")");
    }
    return (int) n;
  }

  private static int[] starts(int[] counts) {
    int[] s = new int[counts.length + 1];
    for (int r = 0; r < counts.length; r++) {
      s[r + 1] = s[r] + counts[r];
    }
    return s;
  }

  /** offset_r + t for observation t of trial r, trials more than the window apart; null without a window */
  private static long[] times(int[] counts, int t0, int window) {
    if (window <= 0) {
      return null;
    }
    long[] times = new long[total(counts)];
    long offset = 0;
    int row = 0;
    for (int count : counts) {
      for (int i = 0; i < count; i++) {
        times[row++] = offset + t0 + i;
      }
      offset += t0 + count + (long) window + 1;
    }
    return times;
  }

  /**
   * A surrogate of the rows v (n × d, trials at trialStart) drawn from rng: see {@link Surrogate}.
   */
  static double[] surrogate(Surrogate kind, double[] v, int d, int[] trialStart, SplittableRandom rng) {
    int n = trialStart[trialStart.length - 1];
    int trials = trialStart.length - 1;
    int[] from = new int[n];
    switch (kind) {
      case SHUFFLE: {
        int[] p = org.infokernels.internal.Estimation.permutation(n, rng);
        System.arraycopy(p, 0, from, 0, n);
        break;
      }
      case CIRCULAR:
        for (int r = 0; r < trials; r++) {
          int s = trialStart[r];
          int len = trialStart[r + 1] - s;
          if (len < 2) {
            throw new InvalidInputException("a circular-shift surrogate needs at least 2 observations per trial"
                + " (trial " + r + " has " + len + ")");
          }
          int lo = Math.max(1, len / 10);
          int shift = lo + rng.nextInt(len - 2 * lo + 1);
          for (int i = 0; i < len; i++) {
            from[s + i] = s + (i + shift) % len;
          }
        }
        break;
      case BLOCK:
        for (int r = 0; r < trials; r++) {
          int s = trialStart[r];
          int len = trialStart[r + 1] - s;
          int b = Math.max(1, (int) Math.ceil(Math.sqrt(len)));
          int blocks = (len + b - 1) / b;
          int[] order = org.infokernels.internal.Estimation.permutation(blocks, rng);
          int q = s;
          for (int blk : order) {
            for (int i = blk * b; i < Math.min(len, (blk + 1) * b); i++) {
              from[q++] = s + i;
            }
          }
        }
        break;
      case SWAP_TRIALS: {
        if (trials < 2) {
          throw new InvalidInputException("swap-trials surrogates need at least 2 trials (there is 1)");
        }
        int len = trialStart[1] - trialStart[0];
        for (int r = 1; r < trials; r++) {
          if (trialStart[r + 1] - trialStart[r] != len) {
            throw new InvalidInputException("swap-trials surrogates need trials of equal length (trial 0 has " + len
                + " observations, trial " + r + " has " + (trialStart[r + 1] - trialStart[r]) + ")");
          }
        }
        int[] p = derangement(trials, rng);
        for (int r = 0; r < trials; r++) {
          for (int i = 0; i < len; i++) {
            from[trialStart[r] + i] = trialStart[p[r]] + i;
          }
        }
        break;
      }
      default:
        throw new IllegalStateException(kind.name());
    }
    double[] out = new double[v.length];
    for (int i = 0; i < n; i++) {
      System.arraycopy(v, from[i] * d, out, i * d, d);
    }
    return out;
  }

  /** a uniformly drawn permutation of 0..m−1 without fixed points (rejection sampling, m ≥ 2) */
  static int[] derangement(int m, SplittableRandom rng) {
    while (true) {
      int[] p = org.infokernels.internal.Estimation.permutation(m, rng);
      boolean ok = true;
      for (int i = 0; i < m; i++) {
        ok &= p[i] != i;
      }
      if (ok) {
        return p;
      }
    }
  }

  /** the trials of a series as one list of matrices, each prepared (standardised, jittered) in order */
  static List<Matrix> all(List<Series> series) {
    List<Matrix> out = new ArrayList<>();
    for (Series s : series) {
      out.addAll(s.trialList());
    }
    return out;
  }
}
