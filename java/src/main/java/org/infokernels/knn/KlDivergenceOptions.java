package org.infokernels.knn;

import java.util.Objects;
import org.infokernels.core.Check;
import org.infokernels.core.Norm;
import org.infokernels.core.RunSettings;

/** Options of {@link KnnKlDivergence}: k (default 3), the norm (default Euclidean), run settings. */
public record KlDivergenceOptions(int k, Norm norm, RunSettings settings) {
  public KlDivergenceOptions {
    Check.atLeast("k", k, 1);
    Objects.requireNonNull(norm, "norm");
    Objects.requireNonNull(settings, "settings");
  }

  public static KlDivergenceOptions defaults() {
    return new KlDivergenceOptions(3, Norm.EUCLIDEAN, RunSettings.defaults());
  }

  public KlDivergenceOptions withK(int newK) { return new KlDivergenceOptions(newK, norm, settings); }
  public KlDivergenceOptions withNorm(Norm n) { return new KlDivergenceOptions(k, n, settings); }
  public KlDivergenceOptions withSettings(RunSettings s) { return new KlDivergenceOptions(k, norm, s); }
}
