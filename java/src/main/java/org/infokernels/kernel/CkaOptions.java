package org.infokernels.kernel;

import java.util.Objects;
import org.infokernels.core.Bandwidth;
import org.infokernels.core.RunSettings;

/**
 * Options of {@link Cka}.
 *
 * @param kernel   linear (default) or rbf
 * @param debiased use the unbiased HSIC in numerator and denominator (Kornblith 2019)
 * @param sigma    σ of X (and of Y unless sigmaY is given) for rbf; default median heuristic
 * @param sigmaY   σ of Y, or null
 * @param settings backend, threads, seed (median subsample), jitter, standardisation
 */
public record CkaOptions(KernelType kernel, boolean debiased, Bandwidth sigma, Bandwidth sigmaY, RunSettings settings) {
  /**
   * Checks the options.
   *
   * @throws NullPointerException if {@code kernel}, {@code sigma} or {@code settings} is null
   */
  public CkaOptions {
    Objects.requireNonNull(kernel, "kernel");
    Objects.requireNonNull(sigma, "sigma");
    Objects.requireNonNull(settings, "settings");
  }

  /** linear kernel, biased, σ by the median heuristic (rbf only), {@link RunSettings#defaults()} */
  public static CkaOptions defaults() {
    return new CkaOptions(KernelType.LINEAR, false, Bandwidth.median(), null, RunSettings.defaults());
  }

  /** a copy with kernel {@code k} (not null) */
  public CkaOptions withKernel(KernelType k) { return new CkaOptions(k, debiased, sigma, sigmaY, settings); }
  /** a copy that uses the unbiased HSIC ({@code b} true) or the biased one */
  public CkaOptions withDebiased(boolean b) { return new CkaOptions(kernel, b, sigma, sigmaY, settings); }
  /** a copy with σ {@code s} of X, and of Y unless sigmaY is set (not null) */
  public CkaOptions withSigma(Bandwidth s) { return new CkaOptions(kernel, debiased, s, sigmaY, settings); }
  /** a copy with σ {@code s} of Y; null to use sigma */
  public CkaOptions withSigmaY(Bandwidth s) { return new CkaOptions(kernel, debiased, sigma, s, settings); }
  /** a copy with run settings {@code s} (not null) */
  public CkaOptions withSettings(RunSettings s) { return new CkaOptions(kernel, debiased, sigma, sigmaY, s); }
}
