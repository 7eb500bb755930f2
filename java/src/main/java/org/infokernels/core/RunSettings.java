package org.infokernels.core;

import java.util.Objects;

/**
 * Settings every estimator takes (the CLI's common options): backend, CPU threads, seed,
 * permutation count, jitter and standardisation (k-NN family), precision.
 *
 * @param backend      which engine runs; {@link BackendKind#AUTO} also honours the system property
 *                     {@code infokernels.backend}
 * @param threads      CPU threads for the cpu and java backends; 0 = all cores
 * @param seed         seed of every random choice (permutations, subsamples, jitter)
 * @param permutations number of permutations of a permutation test (0 = none, at most {@value #MAX_PERMUTATIONS})
 * @param jitter       scale of N(0,1) noise added to every value to break ties (0 = off; k-NN family)
 * @param standardize  z-score each column (ddof = 1) first, as JIDT does by default (k-NN family)
 * @param precision    arithmetic precision (double by default)
 */
public record RunSettings(BackendKind backend, int threads, long seed, int permutations, double jitter,
                          boolean standardize, Precision precision) {
  public RunSettings {
    Objects.requireNonNull(backend, "backend");
    Objects.requireNonNull(precision, "precision");
    Check.atLeast("threads", threads, 0);
    Check.atLeast("permutations", permutations, 0);
    if (permutations > MAX_PERMUTATIONS) {
      throw new InvalidInputException("permutations = " + permutations + " is larger than the maximum ("
          + MAX_PERMUTATIONS + "): a p-value needs about 1/alpha permutations (999 for alpha = 0.001), and each one costs"
          + " a whole estimate");
    }
    Check.finiteNonNegative("jitter", jitter);
  }

  /** the most permutations a test may ask for (each costs one estimate; 10⁶ already resolves p = 10⁻⁶) */
  public static final int MAX_PERMUTATIONS = 1_000_000;

  public static RunSettings defaults() {
    return new RunSettings(BackendKind.AUTO, 0, 0L, 0, 0.0, false, Precision.DOUBLE);
  }

  public RunSettings withBackend(BackendKind b) { return new RunSettings(b, threads, seed, permutations, jitter, standardize, precision); }
  public RunSettings withThreads(int t) { return new RunSettings(backend, t, seed, permutations, jitter, standardize, precision); }
  public RunSettings withSeed(long s) { return new RunSettings(backend, threads, s, permutations, jitter, standardize, precision); }
  public RunSettings withPermutations(int p) { return new RunSettings(backend, threads, seed, p, jitter, standardize, precision); }
  public RunSettings withJitter(double j) { return new RunSettings(backend, threads, seed, permutations, j, standardize, precision); }
  public RunSettings withStandardize(boolean s) { return new RunSettings(backend, threads, seed, permutations, jitter, s, precision); }
  public RunSettings withPrecision(Precision p) { return new RunSettings(backend, threads, seed, permutations, jitter, standardize, p); }
}
