package org.infokernels.knn;

import java.util.Objects;
import org.infokernels.core.Check;
import org.infokernels.core.KsgAlgorithm;
import org.infokernels.core.RunSettings;

/** Options of {@link KsgMutualInformation}: k (default 3), algorithm (default 1), run settings. */
public record KsgOptions(int k, KsgAlgorithm algorithm, RunSettings settings) {
  public KsgOptions {
    Check.atLeast("k", k, 1);
    Objects.requireNonNull(algorithm, "algorithm");
    Objects.requireNonNull(settings, "settings");
  }

  public static KsgOptions defaults() {
    return new KsgOptions(3, KsgAlgorithm.ONE, RunSettings.defaults());
  }

  public KsgOptions withK(int newK) { return new KsgOptions(newK, algorithm, settings); }
  public KsgOptions withAlgorithm(KsgAlgorithm a) { return new KsgOptions(k, a, settings); }
  public KsgOptions withSettings(RunSettings s) { return new KsgOptions(k, algorithm, s); }
}
