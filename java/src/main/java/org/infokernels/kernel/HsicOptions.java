package org.infokernels.kernel;

import java.util.Objects;
import org.infokernels.core.Bandwidth;
import org.infokernels.core.RunSettings;

/**
 * Options of {@link Hsic}.
 *
 * @param kernel   rbf (default) or linear, for both variables
 * @param unbiased false: biased tr(KHLH)/(n−1)² (default); true: Song et al. 2012 unbiased
 * @param sigma    σ of X (and of Y unless sigmaY is given); default median heuristic
 * @param sigmaY   σ of Y, or null to use the rule of {@code sigma}
 * @param settings backend, threads, seed (median subsample, permutations), jitter, standardisation
 */
public record HsicOptions(KernelType kernel, boolean unbiased, Bandwidth sigma, Bandwidth sigmaY, RunSettings settings) {
  /**
   * Checks the options.
   *
   * @throws NullPointerException if {@code kernel}, {@code sigma} or {@code settings} is null
   */
  public HsicOptions {
    Objects.requireNonNull(kernel, "kernel");
    Objects.requireNonNull(sigma, "sigma");
    Objects.requireNonNull(settings, "settings");
  }

  /** rbf kernel, biased, σ by the median heuristic, {@link RunSettings#defaults()} */
  public static HsicOptions defaults() {
    return new HsicOptions(KernelType.RBF, false, Bandwidth.median(), null, RunSettings.defaults());
  }

  /** a copy with kernel {@code k} (not null) */
  public HsicOptions withKernel(KernelType k) { return new HsicOptions(k, unbiased, sigma, sigmaY, settings); }
  /** a copy with the unbiased estimator ({@code u} true) or the biased one */
  public HsicOptions withUnbiased(boolean u) { return new HsicOptions(kernel, u, sigma, sigmaY, settings); }
  /** a copy with σ {@code s} of X, and of Y unless sigmaY is set (not null) */
  public HsicOptions withSigma(Bandwidth s) { return new HsicOptions(kernel, unbiased, s, sigmaY, settings); }
  /** a copy with σ {@code s} of Y; null to use sigma */
  public HsicOptions withSigmaY(Bandwidth s) { return new HsicOptions(kernel, unbiased, sigma, s, settings); }
  /** a copy with run settings {@code s} (not null) */
  public HsicOptions withSettings(RunSettings s) { return new HsicOptions(kernel, unbiased, sigma, sigmaY, s); }
}
