package org.infokernels.testing;

import java.util.Objects;
import org.infokernels.core.NullDistribution;
import org.infokernels.core.RunSettings;
import org.infokernels.internal.support.PairStatistics;

/**
 * Options of {@link DistanceCorrelation}.
 *
 * @param unbiased         false: V-statistic dCov² (default); true: the U-statistic of Székely &amp; Rizzo 2014 (n ≥ 4)
 * @param algorithm        tiled pairs, or the O(n log n) algorithm for 1-D X and Y (auto: by the dimensions)
 * @param nullDistribution permutation (with {@code settings.permutations()} permutations; the default) or chi2
 * @param ci               confidence level of an interval (0 = none): the jackknife of the U/V-statistics
 * @param settings         backend, threads, seed (permutations), jitter, standardisation
 */
public record DcorOptions(boolean unbiased, DcorAlgorithm algorithm, NullDistribution nullDistribution, double ci,
                          RunSettings settings) {
  /**
   * Checks the options.
   *
   * @throws NullPointerException if {@code algorithm}, {@code nullDistribution} or {@code settings} is null
   * @throws org.infokernels.core.InvalidInputException if {@code ci} is not 0 and not in (0, 1)
   */
  public DcorOptions {
    Objects.requireNonNull(algorithm, "algorithm");
    Objects.requireNonNull(nullDistribution, "nullDistribution");
    Objects.requireNonNull(settings, "settings");
    PairStatistics.checkLevel(ci);
  }

  /** biased (V-statistic), automatic algorithm, permutation null, no interval, {@link RunSettings#defaults()} */
  public static DcorOptions defaults() {
    return new DcorOptions(false, DcorAlgorithm.AUTO, NullDistribution.PERMUTATION, 0.0, RunSettings.defaults());
  }

  /** a copy with the unbiased (U-statistic) estimator ({@code u} true) or the biased one */
  public DcorOptions withUnbiased(boolean u) { return new DcorOptions(u, algorithm, nullDistribution, ci, settings); }
  /** a copy with algorithm {@code a} (not null) */
  public DcorOptions withAlgorithm(DcorAlgorithm a) { return new DcorOptions(unbiased, a, nullDistribution, ci, settings); }
  /** a copy with null distribution {@code d} (not null) */
  public DcorOptions withNull(NullDistribution d) { return new DcorOptions(unbiased, algorithm, d, ci, settings); }
  /** a copy with the confidence level {@code level} of the interval (0 = none) */
  public DcorOptions withCi(double level) { return new DcorOptions(unbiased, algorithm, nullDistribution, level, settings); }
  /** a copy with run settings {@code s} (not null) */
  public DcorOptions withSettings(RunSettings s) { return new DcorOptions(unbiased, algorithm, nullDistribution, ci, s); }
}
