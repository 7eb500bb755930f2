package org.infokernels.timeseries;

import java.util.Locale;
import org.infokernels.core.InvalidInputException;

/**
 * How a surrogate (null) data set is made for a significance test of transfer entropy (the source
 * is resampled) or active information storage (the next values are resampled). Each surrogate
 * draws from its own seeded random stream, so p-values are the same at any thread count.
 */
public enum Surrogate {
  /**
   * rotate the source observations of each trial by a random offset between n/10 and n − n/10
   * (circular shift): keeps the source's autocorrelation and breaks only its alignment with the
   * target, the valid null for autocorrelated data (the default)
   */
  CIRCULAR,
  /**
   * permute the source observations across all time steps (JIDT's and IDTxl's permutation
   * surrogates): destroys the source's autocorrelation too, which biases the null for
   * autocorrelated data
   */
  SHUFFLE,
  /** permute blocks of ⌈√n⌉ consecutive source observations within each trial */
  BLOCK,
  /** give each trial the source observations of another trial (a derangement; ≥ 2 trials of equal length) */
  SWAP_TRIALS;

  /** the command-line name: circular, shuffle, block, swap-trials */
  public String label() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** the surrogate named {@code s} (its label) */
  public static Surrogate parse(String s) {
    for (Surrogate v : values()) {
      if (v.label().equals(s)) {
        return v;
      }
    }
    throw new InvalidInputException("unknown surrogate '" + s + "'; one of circular, shuffle, block, swap-trials");
  }
}
