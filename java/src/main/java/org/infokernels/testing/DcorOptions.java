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
 */
public record DcorOptions(boolean unbiased, DcorAlgorithm algorithm, NullDistribution nullDistribution, double ci,
                          RunSettings settings) {
  public DcorOptions {
    Objects.requireNonNull(algorithm, "algorithm");
    Objects.requireNonNull(nullDistribution, "nullDistribution");
    Objects.requireNonNull(settings, "settings");
    PairStatistics.checkLevel(ci);
  }

  public static DcorOptions defaults() {
    return new DcorOptions(false, DcorAlgorithm.AUTO, NullDistribution.PERMUTATION, 0.0, RunSettings.defaults());
  }

  public DcorOptions withUnbiased(boolean u) { return new DcorOptions(u, algorithm, nullDistribution, ci, settings); }
  public DcorOptions withAlgorithm(DcorAlgorithm a) { return new DcorOptions(unbiased, a, nullDistribution, ci, settings); }
  public DcorOptions withNull(NullDistribution d) { return new DcorOptions(unbiased, algorithm, d, ci, settings); }
  public DcorOptions withCi(double level) { return new DcorOptions(unbiased, algorithm, nullDistribution, level, settings); }
  public DcorOptions withSettings(RunSettings s) { return new DcorOptions(unbiased, algorithm, nullDistribution, ci, s); }
}
