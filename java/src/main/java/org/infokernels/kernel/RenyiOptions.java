package org.infokernels.kernel;

import java.util.Objects;
import org.infokernels.core.Bandwidth;
import org.infokernels.core.Check;
import org.infokernels.core.InvalidInputException;
import org.infokernels.core.RunSettings;
import org.infokernels.core.SpectralMethod;

/**
 * Options of {@link RenyiEntropy} and {@link RenyiMutualInformation}.
 *
 * @param alpha      order α &gt; 0, α ≠ 1 (default 1.01; the limit α → 1 is the von Neumann entropy);
 *                   every α next to 1 or huge is computed without cancellation or underflow
 * @param sigma      σ of X (and Y unless sigmaY is given); default median heuristic
 * @param sigmaY     σ of Y, or null
 * @param method     exact eigenvalues, stochastic Lanczos quadrature, or auto (α = 2 needs neither)
 * @param probes     SLQ: number of Rademacher probe vectors (default {@value SpectralMethod#DEFAULT_PROBES})
 * @param lanczosSteps SLQ: Lanczos steps per probe (default {@value SpectralMethod#DEFAULT_LANCZOS_STEPS})
 * @param settings   backend, threads, seed (median subsample, SLQ probes, permutations), jitter,
 *                   standardisation
 */
public record RenyiOptions(double alpha, Bandwidth sigma, Bandwidth sigmaY, SpectralMethod method, int probes,
                           int lanczosSteps, RunSettings settings) {
  /**
   * Checks the options.
   *
   * @throws InvalidInputException if {@code alpha} is not a finite number &gt; 0 or is 1, or {@code probes}
   *         or {@code lanczosSteps} is below 2
   * @throws NullPointerException if {@code sigma}, {@code method} or {@code settings} is null
   */
  public RenyiOptions {
    if (!(alpha > 0) || !Double.isFinite(alpha)) {
      throw new InvalidInputException("alpha = " + alpha + " must be a finite number > 0");
    }
    if (alpha == 1.0) {
      throw new InvalidInputException("alpha = 1 is the von Neumann entropy: use von-neumann --kind rbf (or alpha = 1.01)");
    }
    Objects.requireNonNull(sigma, "sigma");
    Objects.requireNonNull(method, "method");
    Check.atLeast("probes", probes, 2);
    Check.atLeast("lanczosSteps", lanczosSteps, 2);
    Objects.requireNonNull(settings, "settings");
  }

  /**
   * α = 1.01, σ by the median heuristic, method auto, {@value SpectralMethod#DEFAULT_PROBES} probes,
   * {@value SpectralMethod#DEFAULT_LANCZOS_STEPS} Lanczos steps, {@link RunSettings#defaults()}
   */
  public static RenyiOptions defaults() {
    return new RenyiOptions(1.01, Bandwidth.median(), null, SpectralMethod.AUTO, SpectralMethod.DEFAULT_PROBES,
        SpectralMethod.DEFAULT_LANCZOS_STEPS, RunSettings.defaults());
  }

  /** a copy with α = {@code a}; {@link InvalidInputException} unless finite, &gt; 0 and ≠ 1 */
  public RenyiOptions withAlpha(double a) { return new RenyiOptions(a, sigma, sigmaY, method, probes, lanczosSteps, settings); }
  /** a copy with σ {@code s} of X, and of Y unless sigmaY is set (not null) */
  public RenyiOptions withSigma(Bandwidth s) { return new RenyiOptions(alpha, s, sigmaY, method, probes, lanczosSteps, settings); }
  /** a copy with σ {@code s} of Y; null to use sigma */
  public RenyiOptions withSigmaY(Bandwidth s) { return new RenyiOptions(alpha, sigma, s, method, probes, lanczosSteps, settings); }
  /** a copy with spectral method {@code m} (not null) */
  public RenyiOptions withMethod(SpectralMethod m) { return new RenyiOptions(alpha, sigma, sigmaY, m, probes, lanczosSteps, settings); }
  /** a copy with {@code p} SLQ probe vectors; {@link InvalidInputException} if below 2 */
  public RenyiOptions withProbes(int p) { return new RenyiOptions(alpha, sigma, sigmaY, method, p, lanczosSteps, settings); }
  /** a copy with at most {@code s} Lanczos steps per probe; {@link InvalidInputException} if below 2 */
  public RenyiOptions withLanczosSteps(int s) { return new RenyiOptions(alpha, sigma, sigmaY, method, probes, s, settings); }
  /** a copy with run settings {@code s} (not null) */
  public RenyiOptions withSettings(RunSettings s) { return new RenyiOptions(alpha, sigma, sigmaY, method, probes, lanczosSteps, s); }
}
