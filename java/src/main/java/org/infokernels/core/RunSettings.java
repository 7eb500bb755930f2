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
  /**
   * Checks the settings.
   *
   * @throws InvalidInputException if {@code threads} or {@code permutations} is negative,
   *         {@code permutations} is above {@link #MAX_PERMUTATIONS}, or {@code jitter} is negative or
   *         not finite
   * @throws NullPointerException if {@code backend} or {@code precision} is null
   */
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

  /** auto backend, all cores, seed 0, no permutation test, no jitter, no standardisation, double precision */
  public static RunSettings defaults() {
    return new RunSettings(BackendKind.AUTO, 0, 0L, 0, 0.0, false, Precision.DOUBLE);
  }

  /**
   * a copy with backend {@code b}; one that cannot run here makes the estimators throw
   * {@link BackendUnavailableException}
   */
  public RunSettings withBackend(BackendKind b) { return new RunSettings(b, threads, seed, permutations, jitter, standardize, precision); }
  /** a copy with {@code t} CPU threads (0 = all cores); {@link InvalidInputException} if negative */
  public RunSettings withThreads(int t) { return new RunSettings(backend, t, seed, permutations, jitter, standardize, precision); }
  /** a copy with seed {@code s} */
  public RunSettings withSeed(long s) { return new RunSettings(backend, threads, s, permutations, jitter, standardize, precision); }
  /**
   * a copy with {@code p} permutations (0 = no test); {@link InvalidInputException} if negative or above
   * {@link #MAX_PERMUTATIONS}
   */
  public RunSettings withPermutations(int p) { return new RunSettings(backend, threads, seed, p, jitter, standardize, precision); }
  /** a copy with jitter scale {@code j} (0 = off); {@link InvalidInputException} if negative or not finite */
  public RunSettings withJitter(double j) { return new RunSettings(backend, threads, seed, permutations, j, standardize, precision); }
  /** a copy that z-scores each column first ({@code s} true) or not */
  public RunSettings withStandardize(boolean s) { return new RunSettings(backend, threads, seed, permutations, jitter, s, precision); }
  /** a copy with precision {@code p} */
  public RunSettings withPrecision(Precision p) { return new RunSettings(backend, threads, seed, permutations, jitter, standardize, p); }
}
