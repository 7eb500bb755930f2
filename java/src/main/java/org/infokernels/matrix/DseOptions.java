package org.infokernels.matrix;

import java.util.Objects;
import org.infokernels.core.Bandwidth;
import org.infokernels.core.Check;
import org.infokernels.core.RunSettings;
import org.infokernels.core.SpectralMethod;

/**
 * Options of {@link DiffusionSpectralEntropy}.
 *
 * @param sigma        RBF bandwidth σ of G = exp(−‖x_i − x_j‖²/(2σ²)); default the absolute 10 of the
 *                     original code (not data-adaptive; the median heuristic is allowed)
 * @param t            diffusion time, an integer ≥ 1 (default 1): the spectrum enters as |λ|^t
 * @param method       exact eigenvalues (n × n matrix), SLQ (matrix-free), or auto (exact up to
 *                     {@value SpectralMethod#AUTO_EXACT_MAX_N} rows)
 * @param probes       SLQ: Rademacher probe vectors (default {@value SpectralMethod#DEFAULT_PROBES})
 * @param lanczosSteps SLQ: Lanczos steps per probe (default {@value SpectralMethod#DEFAULT_LANCZOS_STEPS})
 * @param subsample    0 (default): all rows; N &gt; 0: a seeded random subset of N rows when n &gt; N
 * @param settings     backend, threads, seed (SLQ probes, subsample)
 */
public record DseOptions(Bandwidth sigma, int t, SpectralMethod method, int probes, int lanczosSteps, int subsample,
                         RunSettings settings) {
  /** σ of the original code (Liao et al., dse_dsmi/dse.py) */
  public static final double DEFAULT_SIGMA = 10.0;

  /**
   * Checks the options.
   *
   * @throws org.infokernels.core.InvalidInputException if {@code t} is below 1, {@code probes} or
   *         {@code lanczosSteps} below 2, or {@code subsample} negative
   * @throws NullPointerException if {@code sigma}, {@code method} or {@code settings} is null
   */
  public DseOptions {
    Objects.requireNonNull(sigma, "sigma");
    Check.atLeast("t", t, 1);
    Objects.requireNonNull(method, "method");
    Check.atLeast("probes", probes, 2);
    Check.atLeast("lanczosSteps", lanczosSteps, 2);
    Check.atLeast("subsample", subsample, 0);
    Objects.requireNonNull(settings, "settings");
  }

  /**
   * σ = {@value #DEFAULT_SIGMA} (absolute), t = 1, method auto, {@value SpectralMethod#DEFAULT_PROBES}
   * probes, {@value SpectralMethod#DEFAULT_LANCZOS_STEPS} Lanczos steps, no subsample,
   * {@link RunSettings#defaults()}
   */
  public static DseOptions defaults() {
    return new DseOptions(Bandwidth.of(DEFAULT_SIGMA), 1, SpectralMethod.AUTO, SpectralMethod.DEFAULT_PROBES,
        SpectralMethod.DEFAULT_LANCZOS_STEPS, 0, RunSettings.defaults());
  }

  /** a copy with σ {@code s} (not null) */
  public DseOptions withSigma(Bandwidth s) { return new DseOptions(s, t, method, probes, lanczosSteps, subsample, settings); }
  /** a copy with diffusion time {@code v}; {@link org.infokernels.core.InvalidInputException} if below 1 */
  public DseOptions withT(int v) { return new DseOptions(sigma, v, method, probes, lanczosSteps, subsample, settings); }
  /** a copy with spectral method {@code m} (not null) */
  public DseOptions withMethod(SpectralMethod m) { return new DseOptions(sigma, t, m, probes, lanczosSteps, subsample, settings); }
  /** a copy with {@code p} SLQ probe vectors; {@link org.infokernels.core.InvalidInputException} if below 2 */
  public DseOptions withProbes(int p) { return new DseOptions(sigma, t, method, p, lanczosSteps, subsample, settings); }
  /**
   * a copy with at most {@code s} Lanczos steps per probe; {@link org.infokernels.core.InvalidInputException} if
   * below 2
   */
  public DseOptions withLanczosSteps(int s) { return new DseOptions(sigma, t, method, probes, s, subsample, settings); }
  /** a copy that subsamples {@code n} rows (0 = all); {@link org.infokernels.core.InvalidInputException} if negative */
  public DseOptions withSubsample(int n) { return new DseOptions(sigma, t, method, probes, lanczosSteps, n, settings); }
  /** a copy with run settings {@code s} (not null) */
  public DseOptions withSettings(RunSettings s) { return new DseOptions(sigma, t, method, probes, lanczosSteps, subsample, s); }
}
