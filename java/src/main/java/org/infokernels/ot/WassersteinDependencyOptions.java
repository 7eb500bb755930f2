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
  public WassersteinDependencyOptions {
    OtSupport.checkCommon(epsilon, maxIter, tol, epsilonScaling);
    Objects.requireNonNull(settings, "settings");
    permutation = permutation == null ? null : permutation.clone();
  }

  public static WassersteinDependencyOptions defaults() {
    return new WassersteinDependencyOptions(null, null, 10000, 1e-9, 0.0, RunSettings.defaults());
  }

  /** a copy of π, or null */
  @Override
  public int[] permutation() {
    return permutation == null ? null : permutation.clone();
  }

  public WassersteinDependencyOptions withEpsilon(Double e) { return new WassersteinDependencyOptions(e, permutation, maxIter, tol, epsilonScaling, settings); }
  public WassersteinDependencyOptions withPermutation(int[] p) { return new WassersteinDependencyOptions(epsilon, p, maxIter, tol, epsilonScaling, settings); }
  public WassersteinDependencyOptions withMaxIter(int m) { return new WassersteinDependencyOptions(epsilon, permutation, m, tol, epsilonScaling, settings); }
  public WassersteinDependencyOptions withTol(double t) { return new WassersteinDependencyOptions(epsilon, permutation, maxIter, t, epsilonScaling, settings); }
  public WassersteinDependencyOptions withEpsilonScaling(double r) { return new WassersteinDependencyOptions(epsilon, permutation, maxIter, tol, r, settings); }
  public WassersteinDependencyOptions withSettings(RunSettings s) { return new WassersteinDependencyOptions(epsilon, permutation, maxIter, tol, epsilonScaling, s); }
}
