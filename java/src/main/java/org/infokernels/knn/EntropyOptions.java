package org.infokernels.knn;

import java.util.Objects;
import org.infokernels.core.Check;
import org.infokernels.core.Norm;
import org.infokernels.core.RunSettings;

/** Options of {@link KozachenkoLeonenkoEntropy}: k (default 3), the norm (default Euclidean), run settings. */
public record EntropyOptions(int k, Norm norm, RunSettings settings) {
  public EntropyOptions {
    Check.atLeast("k", k, 1);
    Objects.requireNonNull(norm, "norm");
    Objects.requireNonNull(settings, "settings");
  }

  public static EntropyOptions defaults() {
    return new EntropyOptions(3, Norm.EUCLIDEAN, RunSettings.defaults());
  }

  public EntropyOptions withK(int newK) { return new EntropyOptions(newK, norm, settings); }
  public EntropyOptions withNorm(Norm n) { return new EntropyOptions(k, n, settings); }
  public EntropyOptions withSettings(RunSettings s) { return new EntropyOptions(k, norm, s); }
}
