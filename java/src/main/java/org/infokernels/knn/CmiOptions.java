package org.infokernels.knn;

import java.util.Objects;
import org.infokernels.core.Check;
import org.infokernels.core.RunSettings;

/**
 * Options of {@link ConditionalMutualInformation}: k (default 3), the number of Z-neighbours among
 * which the local permutation test shuffles X (default 5, Runge 2018), run settings.
 */
public record CmiOptions(int k, int shuffleNeighbours, RunSettings settings) {
  public CmiOptions {
    Check.atLeast("k", k, 1);
    Check.atLeast("shuffleNeighbours", shuffleNeighbours, 1);
    Objects.requireNonNull(settings, "settings");
  }

  public static CmiOptions defaults() {
    return new CmiOptions(3, 5, RunSettings.defaults());
  }

  public CmiOptions withK(int newK) { return new CmiOptions(newK, shuffleNeighbours, settings); }
  public CmiOptions withShuffleNeighbours(int s) { return new CmiOptions(k, s, settings); }
  public CmiOptions withSettings(RunSettings s) { return new CmiOptions(k, shuffleNeighbours, s); }
}
