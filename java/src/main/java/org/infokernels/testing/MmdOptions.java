package org.infokernels.testing;

import java.util.Objects;
import org.infokernels.core.Bandwidth;
import org.infokernels.core.RunSettings;
import org.infokernels.internal.support.PairStatistics;

/**
 * Options of {@link Mmd}.
 *
 * @param sigma σ of the Gaussian kernel; default the median heuristic over the pooled sample
 * @param ci    confidence level of an interval (0 = none): the two-sample jackknife
 */
public record MmdOptions(Bandwidth sigma, double ci, RunSettings settings) {
  public MmdOptions {
    Objects.requireNonNull(sigma, "sigma");
    Objects.requireNonNull(settings, "settings");
    PairStatistics.checkLevel(ci);
  }

  public static MmdOptions defaults() {
    return new MmdOptions(Bandwidth.median(), 0.0, RunSettings.defaults());
  }

  public MmdOptions withSigma(Bandwidth s) { return new MmdOptions(s, ci, settings); }
  public MmdOptions withCi(double level) { return new MmdOptions(sigma, level, settings); }
  public MmdOptions withSettings(RunSettings s) { return new MmdOptions(sigma, ci, s); }
}
