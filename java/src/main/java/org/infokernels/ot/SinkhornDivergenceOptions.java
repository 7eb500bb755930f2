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
  /**
   * Checks the options.
   *
   * @throws org.infokernels.core.InvalidInputException if {@code epsilon} is given and not a finite number &gt; 0,
   *         {@code maxIter} is below 1, {@code tol} is negative or not finite, or {@code epsilonScaling}
   *         is neither 0 nor in (0, 1)
   * @throws NullPointerException if {@code variant} or {@code settings} is null
   */
  public SinkhornDivergenceOptions {
    OtSupport.checkCommon(epsilon, maxIter, tol, epsilonScaling);
    Objects.requireNonNull(variant, "variant");
    Objects.requireNonNull(settings, "settings");
  }

  /**
   * default ε (0.1 × median cost), variant feydy, 10000 sweeps per problem, tol 1e-9, no ε-scaling,
   * {@link RunSettings#defaults()}
   */
  public static SinkhornDivergenceOptions defaults() {
    return new SinkhornDivergenceOptions(null, SinkhornVariant.FEYDY, 10000, 1e-9, 0.0, RunSettings.defaults());
  }

  /**
   * a copy with ε = {@code e} (null: the default); {@link org.infokernels.core.InvalidInputException} unless
   * finite and &gt; 0
   */
  public SinkhornDivergenceOptions withEpsilon(Double e) { return new SinkhornDivergenceOptions(e, variant, maxIter, tol, epsilonScaling, settings); }
  /** a copy with variant {@code v} (not null) */
  public SinkhornDivergenceOptions withVariant(SinkhornVariant v) { return new SinkhornDivergenceOptions(epsilon, v, maxIter, tol, epsilonScaling, settings); }
  /** a copy with at most {@code m} sweeps per problem; {@link org.infokernels.core.InvalidInputException} if below 1 */
  public SinkhornDivergenceOptions withMaxIter(int m) { return new SinkhornDivergenceOptions(epsilon, variant, m, tol, epsilonScaling, settings); }
  /** a copy with tolerance {@code t}; {@link org.infokernels.core.InvalidInputException} if negative or not finite */
  public SinkhornDivergenceOptions withTol(double t) { return new SinkhornDivergenceOptions(epsilon, variant, maxIter, t, epsilonScaling, settings); }
  /** a copy with annealing ratio {@code r}; {@link org.infokernels.core.InvalidInputException} unless 0 or in (0, 1) */
  public SinkhornDivergenceOptions withEpsilonScaling(double r) { return new SinkhornDivergenceOptions(epsilon, variant, maxIter, tol, r, settings); }
  /** a copy with run settings {@code s} (not null) */
  public SinkhornDivergenceOptions withSettings(RunSettings s) { return new SinkhornDivergenceOptions(epsilon, variant, maxIter, tol, epsilonScaling, s); }
}
