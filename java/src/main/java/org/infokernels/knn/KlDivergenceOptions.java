package org.infokernels.knn;

import java.util.Objects;
import org.infokernels.core.Check;
import org.infokernels.core.Norm;
import org.infokernels.core.RunSettings;

/**
 * Options of {@link KnnKlDivergence}: k (default 3), the norm (default Euclidean), run settings.
 *
 * @param k        the neighbour whose distance enters the estimate, ≥ 1
 * @param norm     the distance of the k-NN search
 * @param settings backend, threads, seed, jitter, standardisation
 */
public record KlDivergenceOptions(int k, Norm norm, RunSettings settings) {
  /**
   * Checks the options.
   *
   * @throws org.infokernels.core.InvalidInputException if {@code k} is below 1
   * @throws NullPointerException if {@code norm} or {@code settings} is null
   */
  public KlDivergenceOptions {
    Check.atLeast("k", k, 1);
    Objects.requireNonNull(norm, "norm");
    Objects.requireNonNull(settings, "settings");
  }

  /** k = 3, Euclidean norm, {@link RunSettings#defaults()} */
  public static KlDivergenceOptions defaults() {
    return new KlDivergenceOptions(3, Norm.EUCLIDEAN, RunSettings.defaults());
  }

  /** a copy with k = {@code newK}; {@link org.infokernels.core.InvalidInputException} if it is below 1 */
  public KlDivergenceOptions withK(int newK) { return new KlDivergenceOptions(newK, norm, settings); }
  /** a copy with norm {@code n} (not null) */
  public KlDivergenceOptions withNorm(Norm n) { return new KlDivergenceOptions(k, n, settings); }
  /** a copy with run settings {@code s} (not null) */
  public KlDivergenceOptions withSettings(RunSettings s) { return new KlDivergenceOptions(k, norm, s); }
}
