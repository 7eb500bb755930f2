package org.infokernels.ot;

import java.util.Objects;
import org.infokernels.core.RunSettings;

/**
 * Options of {@link SinkhornDivergence}.
 *
 * @param epsilon        ε &gt; 0, or null for 0.1 × the median cost between the first min(n, 2000) rows of X and Y
 * @param variant        {@link SinkhornVariant#FEYDY} (default) or {@link SinkhornVariant#POT}
 * @param maxIter        the most sweeps of each of the three problems; default 10000 (POT's
 *                       {@code empirical_sinkhorn*})
 * @param tol            the stopping tolerance of each problem (marginal error for alternating solves,
 *                       max |Δf| for the symmetric self terms); default 1e-9
 * @param epsilonScaling 0 (default) or the annealing ratio in (0, 1), see {@link SinkhornOptions}
 * @param settings       backend, threads, precision
 */
public record SinkhornDivergenceOptions(Double epsilon, SinkhornVariant variant, int maxIter, double tol,
                                        double epsilonScaling, RunSettings settings) {
  public SinkhornDivergenceOptions {
    OtSupport.checkCommon(epsilon, maxIter, tol, epsilonScaling);
    Objects.requireNonNull(variant, "variant");
    Objects.requireNonNull(settings, "settings");
  }

  public static SinkhornDivergenceOptions defaults() {
    return new SinkhornDivergenceOptions(null, SinkhornVariant.FEYDY, 10000, 1e-9, 0.0, RunSettings.defaults());
  }

  public SinkhornDivergenceOptions withEpsilon(Double e) { return new SinkhornDivergenceOptions(e, variant, maxIter, tol, epsilonScaling, settings); }
  public SinkhornDivergenceOptions withVariant(SinkhornVariant v) { return new SinkhornDivergenceOptions(epsilon, v, maxIter, tol, epsilonScaling, settings); }
  public SinkhornDivergenceOptions withMaxIter(int m) { return new SinkhornDivergenceOptions(epsilon, variant, m, tol, epsilonScaling, settings); }
  public SinkhornDivergenceOptions withTol(double t) { return new SinkhornDivergenceOptions(epsilon, variant, maxIter, t, epsilonScaling, settings); }
  public SinkhornDivergenceOptions withEpsilonScaling(double r) { return new SinkhornDivergenceOptions(epsilon, variant, maxIter, tol, r, settings); }
  public SinkhornDivergenceOptions withSettings(RunSettings s) { return new SinkhornDivergenceOptions(epsilon, variant, maxIter, tol, epsilonScaling, s); }
}
