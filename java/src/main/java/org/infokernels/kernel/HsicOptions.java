package org.infokernels.kernel;

import java.util.Objects;
import org.infokernels.core.Bandwidth;
import org.infokernels.core.NullDistribution;
import org.infokernels.core.RunSettings;
import org.infokernels.internal.support.PairStatistics;

/**
 * Options of {@link Hsic}.
 *
 * @param kernel           rbf (default) or linear, for both variables
 * @param unbiased         false: biased tr(KHLH)/(n−1)² (default); true: Song et al. 2012 unbiased
 * @param sigma            σ of X (and of Y unless sigmaY is given); default median heuristic
 * @param sigmaY           σ of Y, or null to use the rule of {@code sigma}
 * @param nullDistribution permutation (with {@code settings.permutations()} permutations; the default) or gamma
 *                         (Gretton et al., NIPS 2007)
 * @param ci               confidence level of an interval (0 = none): the jackknife of the U/V-statistic
 * @param settings         backend, threads, seed (median subsample, permutations), jitter, standardisation
 */
public record HsicOptions(KernelType kernel, boolean unbiased, Bandwidth sigma, Bandwidth sigmaY,
                          NullDistribution nullDistribution, double ci, RunSettings settings) {
  /**
   * Checks the options.
   *
   * @throws NullPointerException if {@code kernel}, {@code sigma}, {@code nullDistribution} or {@code settings} is null
   * @throws IllegalArgumentException if {@code ci} is not 0 and not in (0, 1)
   */
  public HsicOptions {
    Objects.requireNonNull(kernel, "kernel");
    Objects.requireNonNull(sigma, "sigma");
    Objects.requireNonNull(nullDistribution, "nullDistribution");
    Objects.requireNonNull(settings, "settings");
    PairStatistics.checkLevel(ci);
  }

  /** the options of the permutation null and no interval */
  public HsicOptions(KernelType kernel, boolean unbiased, Bandwidth sigma, Bandwidth sigmaY, RunSettings settings) {
    this(kernel, unbiased, sigma, sigmaY, NullDistribution.PERMUTATION, 0.0, settings);
  }

  /** rbf kernel, biased, σ by the median heuristic, {@link RunSettings#defaults()} */
  public static HsicOptions defaults() {
    return new HsicOptions(KernelType.RBF, false, Bandwidth.median(), null, RunSettings.defaults());
  }

  /** a copy with kernel {@code k} (not null) */
  public HsicOptions withKernel(KernelType k) { return new HsicOptions(k, unbiased, sigma, sigmaY, nullDistribution, ci, settings); }
  /** a copy with the unbiased estimator ({@code u} true) or the biased one */
  public HsicOptions withUnbiased(boolean u) { return new HsicOptions(kernel, u, sigma, sigmaY, nullDistribution, ci, settings); }
  /** a copy with σ {@code s} of X, and of Y unless sigmaY is set (not null) */
  public HsicOptions withSigma(Bandwidth s) { return new HsicOptions(kernel, unbiased, s, sigmaY, nullDistribution, ci, settings); }
  /** a copy with σ {@code s} of Y; null to use sigma */
  public HsicOptions withSigmaY(Bandwidth s) { return new HsicOptions(kernel, unbiased, sigma, s, nullDistribution, ci, settings); }
  /** a copy with null distribution {@code d} of the test (not null) */
  public HsicOptions withNull(NullDistribution d) { return new HsicOptions(kernel, unbiased, sigma, sigmaY, d, ci, settings); }
  /** a copy with the confidence level {@code level} of the interval (0 = none) */
  public HsicOptions withCi(double level) { return new HsicOptions(kernel, unbiased, sigma, sigmaY, nullDistribution, level, settings); }
  /** a copy with run settings {@code s} (not null) */
  public HsicOptions withSettings(RunSettings s) { return new HsicOptions(kernel, unbiased, sigma, sigmaY, nullDistribution, ci, s); }
}
