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
 */
public record HsicOptions(KernelType kernel, boolean unbiased, Bandwidth sigma, Bandwidth sigmaY, RunSettings settings) {
  public HsicOptions {
    Objects.requireNonNull(kernel, "kernel");
    Objects.requireNonNull(sigma, "sigma");
    Objects.requireNonNull(settings, "settings");
  }

  public static HsicOptions defaults() {
    return new HsicOptions(KernelType.RBF, false, Bandwidth.median(), null, RunSettings.defaults());
  }

  public HsicOptions withKernel(KernelType k) { return new HsicOptions(k, unbiased, sigma, sigmaY, settings); }
  public HsicOptions withUnbiased(boolean u) { return new HsicOptions(kernel, u, sigma, sigmaY, settings); }
  public HsicOptions withSigma(Bandwidth s) { return new HsicOptions(kernel, unbiased, s, sigmaY, settings); }
  public HsicOptions withSigmaY(Bandwidth s) { return new HsicOptions(kernel, unbiased, sigma, s, settings); }
  public HsicOptions withSettings(RunSettings s) { return new HsicOptions(kernel, unbiased, sigma, sigmaY, s); }
}
