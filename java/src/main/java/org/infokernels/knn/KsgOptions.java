package org.infokernels.knn;

import java.util.Objects;
import org.infokernels.core.Check;
import org.infokernels.core.KsgAlgorithm;
import org.infokernels.core.RunSettings;

/**
 * Options of {@link KsgMutualInformation}: k (default 3), algorithm (default 1), run settings.
 *
 * @param k         the joint neighbour whose max-norm distance sets each radius, ≥ 1
 * @param algorithm KSG algorithm 1 (eq. 8) or 2 (eq. 9)
 * @param settings  backend, threads, seed, permutations, jitter, standardisation
 */
public record KsgOptions(int k, KsgAlgorithm algorithm, RunSettings settings) {
  /**
   * Checks the options.
   *
   * @throws org.infokernels.core.InvalidInputException if {@code k} is below 1
   * @throws NullPointerException if {@code algorithm} or {@code settings} is null
   */
  public KsgOptions {
    Check.atLeast("k", k, 1);
    Objects.requireNonNull(algorithm, "algorithm");
    Objects.requireNonNull(settings, "settings");
  }

  /** k = 3, algorithm 1, {@link RunSettings#defaults()} */
  public static KsgOptions defaults() {
    return new KsgOptions(3, KsgAlgorithm.ONE, RunSettings.defaults());
  }

  /** a copy with k = {@code newK}; {@link org.infokernels.core.InvalidInputException} if it is below 1 */
  public KsgOptions withK(int newK) { return new KsgOptions(newK, algorithm, settings); }
  /** a copy with algorithm {@code a} (not null) */
  public KsgOptions withAlgorithm(KsgAlgorithm a) { return new KsgOptions(k, a, settings); }
  /** a copy with run settings {@code s} (not null) */
  public KsgOptions withSettings(RunSettings s) { return new KsgOptions(k, algorithm, s); }
}
