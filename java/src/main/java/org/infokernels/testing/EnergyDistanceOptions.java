package org.infokernels.testing;

import java.util.Objects;
import org.infokernels.core.RunSettings;
import org.infokernels.internal.support.PairStatistics;

/**
 * Options of {@link EnergyDistance}.
 *
 * @param ci       confidence level of an interval (0 = none): the two-sample jackknife
 * @param settings backend, threads, seed (permutations)
 */
public record EnergyDistanceOptions(double ci, RunSettings settings) {
  /**
   * Checks the options.
   *
   * @throws NullPointerException if {@code settings} is null
   */
  public EnergyDistanceOptions {
    Objects.requireNonNull(settings, "settings");
    PairStatistics.checkLevel(ci);
  }

  /** no interval, {@link RunSettings#defaults()} */
  public static EnergyDistanceOptions defaults() {
    return new EnergyDistanceOptions(0.0, RunSettings.defaults());
  }

  /** a copy with the confidence level {@code level} of the interval (0 = none) */
  public EnergyDistanceOptions withCi(double level) { return new EnergyDistanceOptions(level, settings); }
  /** a copy with run settings {@code s} (not null) */
  public EnergyDistanceOptions withSettings(RunSettings s) { return new EnergyDistanceOptions(ci, s); }
}
