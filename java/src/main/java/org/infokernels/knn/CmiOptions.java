package org.infokernels.knn;

import java.util.Objects;
import org.infokernels.core.Check;
import org.infokernels.core.RunSettings;

/**
 * Options of {@link ConditionalMutualInformation}: k (default 3), the number of Z-neighbours among
 * which the local permutation test shuffles X (default 5, Runge 2018), run settings.
 *
 * @param k                 the neighbour whose joint max-norm distance sets each radius, ≥ 1
 * @param shuffleNeighbours how many nearest points in Z each x may be exchanged with in the
 *                          permutation test, ≥ 1 (at most n are used)
 * @param settings          backend, threads, seed, permutations, jitter, standardisation
 */
public record CmiOptions(int k, int shuffleNeighbours, RunSettings settings) {
  /**
   * Checks the options.
   *
   * @throws org.infokernels.core.InvalidInputException if {@code k} or {@code shuffleNeighbours} is below 1
   * @throws NullPointerException if {@code settings} is null
   */
  public CmiOptions {
    Check.atLeast("k", k, 1);
    Check.atLeast("shuffleNeighbours", shuffleNeighbours, 1);
    Objects.requireNonNull(settings, "settings");
  }

  /** k = 3, 5 shuffle neighbours, {@link RunSettings#defaults()} */
  public static CmiOptions defaults() {
    return new CmiOptions(3, 5, RunSettings.defaults());
  }

  /** a copy with k = {@code newK}; {@link org.infokernels.core.InvalidInputException} if it is below 1 */
  public CmiOptions withK(int newK) { return new CmiOptions(newK, shuffleNeighbours, settings); }
  /** a copy with {@code s} shuffle neighbours; {@link org.infokernels.core.InvalidInputException} if below 1 */
  public CmiOptions withShuffleNeighbours(int s) { return new CmiOptions(k, s, settings); }
  /** a copy with run settings {@code s} (not null) */
  public CmiOptions withSettings(RunSettings s) { return new CmiOptions(k, shuffleNeighbours, s); }
}
