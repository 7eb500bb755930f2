package org.infokernels.testing;

import java.util.Objects;
import org.infokernels.core.RunSettings;
import org.infokernels.internal.support.PairStatistics;

/**
 * Options of {@link EnergyDistance}.
 *
 * @param ci confidence level of an interval (0 = none): the two-sample jackknife
 */
public record EnergyDistanceOptions(double ci, RunSettings settings) {
  public EnergyDistanceOptions {
    Objects.requireNonNull(settings, "settings");
    PairStatistics.checkLevel(ci);
  }

  public static EnergyDistanceOptions defaults() {
    return new EnergyDistanceOptions(0.0, RunSettings.defaults());
  }

  public EnergyDistanceOptions withCi(double level) { return new EnergyDistanceOptions(level, settings); }
  public EnergyDistanceOptions withSettings(RunSettings s) { return new EnergyDistanceOptions(ci, s); }
}
