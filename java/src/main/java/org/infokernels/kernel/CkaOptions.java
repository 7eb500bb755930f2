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
 */
public record CkaOptions(KernelType kernel, boolean debiased, Bandwidth sigma, Bandwidth sigmaY, RunSettings settings) {
  public CkaOptions {
    Objects.requireNonNull(kernel, "kernel");
    Objects.requireNonNull(sigma, "sigma");
    Objects.requireNonNull(settings, "settings");
  }

  public static CkaOptions defaults() {
    return new CkaOptions(KernelType.LINEAR, false, Bandwidth.median(), null, RunSettings.defaults());
  }

  public CkaOptions withKernel(KernelType k) { return new CkaOptions(k, debiased, sigma, sigmaY, settings); }
  public CkaOptions withDebiased(boolean b) { return new CkaOptions(kernel, b, sigma, sigmaY, settings); }
  public CkaOptions withSigma(Bandwidth s) { return new CkaOptions(kernel, debiased, s, sigmaY, settings); }
  public CkaOptions withSigmaY(Bandwidth s) { return new CkaOptions(kernel, debiased, sigma, s, settings); }
  public CkaOptions withSettings(RunSettings s) { return new CkaOptions(kernel, debiased, sigma, sigmaY, s); }
}
