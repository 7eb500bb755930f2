package org.infokernels.testing;

import java.util.Objects;
import org.infokernels.core.Bandwidth;
import org.infokernels.core.RunSettings;
import org.infokernels.internal.support.PairStatistics;

/**
 * Options of {@link Mmd}.
 *
 * @param sigma σ of the Gaussian kernel; default the median heuristic over the pooled sample
 * @param ci       confidence level of an interval (0 = none): the two-sample jackknife
 * @param settings backend, threads, seed (median subsample, permutations)
 */
public record MmdOptions(Bandwidth sigma, double ci, RunSettings settings) {
  /**
   * Checks the options.
   *
   * @throws NullPointerException if {@code sigma} or {@code settings} is null
   */
  public MmdOptions {
    Objects.requireNonNull(sigma, "sigma");
    Objects.requireNonNull(settings, "settings");
    PairStatistics.checkLevel(ci);
  }

  /** σ by the median heuristic over the pooled sample, no interval, {@link RunSettings#defaults()} */
  public static MmdOptions defaults() {
    return new MmdOptions(Bandwidth.median(), 0.0, RunSettings.defaults());
  }

  /** a copy with σ {@code s} (not null) */
  public MmdOptions withSigma(Bandwidth s) { return new MmdOptions(s, ci, settings); }
  /** a copy with the confidence level {@code level} of the interval (0 = none) */
  public MmdOptions withCi(double level) { return new MmdOptions(sigma, level, settings); }
  /** a copy with run settings {@code s} (not null) */
  public MmdOptions withSettings(RunSettings s) { return new MmdOptions(sigma, ci, s); }
}
