package org.infokernels.ot;

import java.util.Objects;
import org.infokernels.core.RunSettings;

/**
 * Options of {@link WassersteinDependency}.
 *
 * @param epsilon        ε &gt; 0, or null for 0.1 × the median cost between the first min(n, 2000) rows of
 *                       Z = [X, Y] and Z' = [X, Y∘π]
 * @param permutation    π, a permutation of 0..n−1 (0-based), or null to draw one from the seed
 *                       ({@link RunSettings#seed()}; not reproducible across languages: pass π to compare)
 * @param maxIter        the most sweeps of each Sinkhorn problem; default 10000
 * @param tol            stopping tolerance of each problem; default 1e-9
 * @param epsilonScaling 0 (default) or the annealing ratio in (0, 1), see {@link SinkhornOptions}
 * @param settings       backend, threads, seed, permutations (a permutation test), precision
 */
public record WassersteinDependencyOptions(Double epsilon, int[] permutation, int maxIter, double tol,
                                           double epsilonScaling, RunSettings settings) {
  /**
   * Checks the options and copies π.
   *
   * @throws org.infokernels.core.InvalidInputException if {@code epsilon} is given and not a finite number &gt; 0,
   *         {@code maxIter} is below 1, {@code tol} is negative or not finite, or {@code epsilonScaling}
   *         is neither 0 nor in (0, 1)
   * @throws NullPointerException if {@code settings} is null
   */
  public WassersteinDependencyOptions {
    OtSupport.checkCommon(epsilon, maxIter, tol, epsilonScaling);
    Objects.requireNonNull(settings, "settings");
    permutation = permutation == null ? null : permutation.clone();
  }

  /**
   * default ε (0.1 × median cost), π drawn from the seed, 10000 sweeps per problem, tol 1e-9, no
   * ε-scaling, {@link RunSettings#defaults()}
   */
  public static WassersteinDependencyOptions defaults() {
    return new WassersteinDependencyOptions(null, null, 10000, 1e-9, 0.0, RunSettings.defaults());
  }

  /** a copy of π, or null */
  @Override
  public int[] permutation() {
    return permutation == null ? null : permutation.clone();
  }

  /**
   * a copy with ε = {@code e} (null: the default); {@link org.infokernels.core.InvalidInputException} unless
   * finite and &gt; 0
   */
  public WassersteinDependencyOptions withEpsilon(Double e) { return new WassersteinDependencyOptions(e, permutation, maxIter, tol, epsilonScaling, settings); }
  /**
   * a copy with π = {@code p} (copied; null: drawn from the seed); checked against the data's rows when
   * estimating
   */
  public WassersteinDependencyOptions withPermutation(int[] p) { return new WassersteinDependencyOptions(epsilon, p, maxIter, tol, epsilonScaling, settings); }
  /** a copy with at most {@code m} sweeps per problem; {@link org.infokernels.core.InvalidInputException} if below 1 */
  public WassersteinDependencyOptions withMaxIter(int m) { return new WassersteinDependencyOptions(epsilon, permutation, m, tol, epsilonScaling, settings); }
  /** a copy with tolerance {@code t}; {@link org.infokernels.core.InvalidInputException} if negative or not finite */
  public WassersteinDependencyOptions withTol(double t) { return new WassersteinDependencyOptions(epsilon, permutation, maxIter, t, epsilonScaling, settings); }
  /** a copy with annealing ratio {@code r}; {@link org.infokernels.core.InvalidInputException} unless 0 or in (0, 1) */
  public WassersteinDependencyOptions withEpsilonScaling(double r) { return new WassersteinDependencyOptions(epsilon, permutation, maxIter, tol, r, settings); }
  /** a copy with run settings {@code s} (not null) */
  public WassersteinDependencyOptions withSettings(RunSettings s) { return new WassersteinDependencyOptions(epsilon, permutation, maxIter, tol, epsilonScaling, s); }
}
