package org.infokernels.kernel;

import java.util.Objects;
import org.infokernels.core.Bandwidth;
import org.infokernels.core.RunSettings;

/**
 * Options of {@link CauchySchwarzQmi}: Gaussian kernels with σ (default median heuristic) and optional σ_Y.
 *
 * @param sigma    σ of X (and of Y unless sigmaY is given)
 * @param sigmaY   σ of Y, or null
 * @param settings backend, threads, seed (median subsample, permutations), jitter, standardisation
 */
public record CsQmiOptions(Bandwidth sigma, Bandwidth sigmaY, RunSettings settings) {
  /**
   * Checks the options.
   *
   * @throws NullPointerException if {@code sigma} or {@code settings} is null
   */
  public CsQmiOptions {
    Objects.requireNonNull(sigma, "sigma");
    Objects.requireNonNull(settings, "settings");
  }

  /** σ by the median heuristic for both variables, {@link RunSettings#defaults()} */
  public static CsQmiOptions defaults() {
    return new CsQmiOptions(Bandwidth.median(), null, RunSettings.defaults());
  }

  /** a copy with σ {@code s} of X, and of Y unless sigmaY is set (not null) */
  public CsQmiOptions withSigma(Bandwidth s) { return new CsQmiOptions(s, sigmaY, settings); }
  /** a copy with σ {@code s} of Y; null to use sigma */
  public CsQmiOptions withSigmaY(Bandwidth s) { return new CsQmiOptions(sigma, s, settings); }
  /** a copy with run settings {@code s} (not null) */
  public CsQmiOptions withSettings(RunSettings s) { return new CsQmiOptions(sigma, sigmaY, s); }
}
