package org.infokernels.matrix;

import java.util.Objects;
import org.infokernels.core.Bandwidth;
import org.infokernels.core.Check;
import org.infokernels.core.RunSettings;
import org.infokernels.core.SpectralMethod;

/**
 * Options of {@link DiffusionSpectralMutualInformation}.
 *
 * @param sigma        RBF bandwidth σ (default the absolute 10 of the original code; median allowed,
 *                     then computed once on all of X and used for every subset)
 * @param t            diffusion time, an integer ≥ 1 (default 1)
 * @param repeats      random subsets per class for the marginal term (default 5)
 * @param method       how each DSE is computed: exact, SLQ or auto (by the subset's size)
 * @param probes       SLQ: Rademacher probe vectors (default {@value SpectralMethod#DEFAULT_PROBES})
 * @param lanczosSteps SLQ: Lanczos steps per probe (default {@value SpectralMethod#DEFAULT_LANCZOS_STEPS})
 * @param settings     backend, threads, seed (the random subsets)
 */
public record DsmiOptions(Bandwidth sigma, int t, int repeats, SpectralMethod method, int probes, int lanczosSteps,
                          RunSettings settings) {
  /**
   * Checks the options.
   *
   * @throws org.infokernels.core.InvalidInputException if {@code t} or {@code repeats} is below 1, or {@code probes} or
   *         {@code lanczosSteps} below 2
   * @throws NullPointerException if {@code sigma}, {@code method} or {@code settings} is null
   */
  public DsmiOptions {
    Objects.requireNonNull(sigma, "sigma");
    Check.atLeast("t", t, 1);
    Check.atLeast("repeats", repeats, 1);
    Objects.requireNonNull(method, "method");
    Check.atLeast("probes", probes, 2);
    Check.atLeast("lanczosSteps", lanczosSteps, 2);
    Objects.requireNonNull(settings, "settings");
  }

  /**
   * σ = {@value DseOptions#DEFAULT_SIGMA} (absolute), t = 1, 5 repeats, method auto,
   * {@value SpectralMethod#DEFAULT_PROBES} probes, {@value SpectralMethod#DEFAULT_LANCZOS_STEPS} Lanczos
   * steps, {@link RunSettings#defaults()}
   */
  public static DsmiOptions defaults() {
    return new DsmiOptions(Bandwidth.of(DseOptions.DEFAULT_SIGMA), 1, 5, SpectralMethod.AUTO, SpectralMethod.DEFAULT_PROBES,
        SpectralMethod.DEFAULT_LANCZOS_STEPS, RunSettings.defaults());
  }

  /** a copy with σ {@code s} (not null) */
  public DsmiOptions withSigma(Bandwidth s) { return new DsmiOptions(s, t, repeats, method, probes, lanczosSteps, settings); }
  /** a copy with diffusion time {@code v}; {@link org.infokernels.core.InvalidInputException} if below 1 */
  public DsmiOptions withT(int v) { return new DsmiOptions(sigma, v, repeats, method, probes, lanczosSteps, settings); }
  /** a copy with {@code r} random subsets per class; {@link org.infokernels.core.InvalidInputException} if below 1 */
  public DsmiOptions withRepeats(int r) { return new DsmiOptions(sigma, t, r, method, probes, lanczosSteps, settings); }
  /** a copy with spectral method {@code m} (not null) */
  public DsmiOptions withMethod(SpectralMethod m) { return new DsmiOptions(sigma, t, repeats, m, probes, lanczosSteps, settings); }
  /** a copy with {@code p} SLQ probe vectors; {@link org.infokernels.core.InvalidInputException} if below 2 */
  public DsmiOptions withProbes(int p) { return new DsmiOptions(sigma, t, repeats, method, p, lanczosSteps, settings); }
  /**
   * a copy with at most {@code s} Lanczos steps per probe; {@link org.infokernels.core.InvalidInputException} if
   * below 2
   */
  public DsmiOptions withLanczosSteps(int s) { return new DsmiOptions(sigma, t, repeats, method, probes, s, settings); }
  /** a copy with run settings {@code s} (not null) */
  public DsmiOptions withSettings(RunSettings s) { return new DsmiOptions(sigma, t, repeats, method, probes, lanczosSteps, s); }
}
