package org.infokernels.matrix;

import java.util.Objects;
import org.infokernels.core.Bandwidth;
import org.infokernels.core.Check;
import org.infokernels.core.RunSettings;
import org.infokernels.core.SpectralMethod;

/**
 * Options of {@link VonNeumannEntropy}.
 *
 * @param kind         cov (default), linear or rbf
 * @param sigma        RBF bandwidth (kind rbf only); default median heuristic
 * @param method       kind rbf: exact eigenvalues, stochastic Lanczos quadrature, or auto (exact up to
 *                     {@value SpectralMethod#AUTO_EXACT_MAX_N} rows); cov and linear are always exact
 *                     (a min(n, d)-sized eigenproblem)
 * @param probes       SLQ: Rademacher probe vectors (default {@value SpectralMethod#DEFAULT_PROBES})
 * @param lanczosSteps SLQ: Lanczos steps per probe (default {@value SpectralMethod#DEFAULT_LANCZOS_STEPS})
 * @param settings     backend, threads, seed
 */
public record VonNeumannOptions(VonNeumannKind kind, Bandwidth sigma, SpectralMethod method, int probes,
                                int lanczosSteps, RunSettings settings) {
  /**
   * Checks the options.
   *
   * @throws org.infokernels.core.InvalidInputException if {@code probes} or {@code lanczosSteps} is below 2
   * @throws NullPointerException if {@code kind}, {@code sigma}, {@code method} or {@code settings} is null
   */
  public VonNeumannOptions {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(sigma, "sigma");
    Objects.requireNonNull(method, "method");
    Check.atLeast("probes", probes, 2);
    Check.atLeast("lanczosSteps", lanczosSteps, 2);
    Objects.requireNonNull(settings, "settings");
  }

  /**
   * kind cov, σ by the median heuristic (rbf only), method auto, {@value SpectralMethod#DEFAULT_PROBES}
   * probes, {@value SpectralMethod#DEFAULT_LANCZOS_STEPS} Lanczos steps, {@link RunSettings#defaults()}
   */
  public static VonNeumannOptions defaults() {
    return new VonNeumannOptions(VonNeumannKind.COV, Bandwidth.median(), SpectralMethod.AUTO, SpectralMethod.DEFAULT_PROBES,
        SpectralMethod.DEFAULT_LANCZOS_STEPS, RunSettings.defaults());
  }

  /** a copy with kind {@code k} (not null) */
  public VonNeumannOptions withKind(VonNeumannKind k) { return new VonNeumannOptions(k, sigma, method, probes, lanczosSteps, settings); }
  /** a copy with σ {@code s} (not null; kind rbf only) */
  public VonNeumannOptions withSigma(Bandwidth s) { return new VonNeumannOptions(kind, s, method, probes, lanczosSteps, settings); }
  /** a copy with spectral method {@code m} (not null; kind rbf only) */
  public VonNeumannOptions withMethod(SpectralMethod m) { return new VonNeumannOptions(kind, sigma, m, probes, lanczosSteps, settings); }
  /** a copy with {@code p} SLQ probe vectors; {@link org.infokernels.core.InvalidInputException} if below 2 */
  public VonNeumannOptions withProbes(int p) { return new VonNeumannOptions(kind, sigma, method, p, lanczosSteps, settings); }
  /**
   * a copy with at most {@code s} Lanczos steps per probe; {@link org.infokernels.core.InvalidInputException} if
   * below 2
   */
  public VonNeumannOptions withLanczosSteps(int s) { return new VonNeumannOptions(kind, sigma, method, probes, s, settings); }
  /** a copy with run settings {@code s} (not null) */
  public VonNeumannOptions withSettings(RunSettings s) { return new VonNeumannOptions(kind, sigma, method, probes, lanczosSteps, s); }
}
