package org.infokernels.kernel;

import java.util.Objects;
import org.infokernels.core.Bandwidth;
import org.infokernels.core.RunSettings;

/** Options of {@link CauchySchwarzQmi}: Gaussian kernels with σ (default median heuristic) and optional σ_Y. */
public record CsQmiOptions(Bandwidth sigma, Bandwidth sigmaY, RunSettings settings) {
  public CsQmiOptions {
    Objects.requireNonNull(sigma, "sigma");
    Objects.requireNonNull(settings, "settings");
  }

  public static CsQmiOptions defaults() {
    return new CsQmiOptions(Bandwidth.median(), null, RunSettings.defaults());
  }

  public CsQmiOptions withSigma(Bandwidth s) { return new CsQmiOptions(s, sigmaY, settings); }
  public CsQmiOptions withSigmaY(Bandwidth s) { return new CsQmiOptions(sigma, s, settings); }
  public CsQmiOptions withSettings(RunSettings s) { return new CsQmiOptions(sigma, sigmaY, s); }
}
