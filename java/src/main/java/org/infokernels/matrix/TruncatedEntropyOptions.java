package org.infokernels.matrix;

import java.util.Objects;
import org.infokernels.core.Check;
import org.infokernels.core.RunSettings;

/**
 * Options of {@link TruncatedMatrixEntropy}.
 *
 * @param rank     K: how many of the largest eigenvalues enter the sum, 1 ≤ K ≤ d (checked against
 *                 the data's d when estimating)
 * @param settings backend, threads
 */
public record TruncatedEntropyOptions(int rank, RunSettings settings) {
  /** UNComp's jitter: 1e-10·I is added to the trace-normalised matrix before its eigenvalues */
  public static final double JITTER = 1e-10;

  /**
   * Checks the options.
   *
   * @throws org.infokernels.core.InvalidInputException if {@code rank} is below 1
   * @throws NullPointerException if {@code settings} is null
   */
  public TruncatedEntropyOptions {
    Check.atLeast("rank", rank, 1);
    Objects.requireNonNull(settings, "settings");
  }

  /**
   * K = {@code rank} with {@link RunSettings#defaults()}; {@link org.infokernels.core.InvalidInputException} if
   * below 1
   */
  public static TruncatedEntropyOptions ofRank(int rank) {
    return new TruncatedEntropyOptions(rank, RunSettings.defaults());
  }

  /** a copy with K = {@code k}; {@link org.infokernels.core.InvalidInputException} if below 1 */
  public TruncatedEntropyOptions withRank(int k) { return new TruncatedEntropyOptions(k, settings); }
  /** a copy with run settings {@code s} (not null) */
  public TruncatedEntropyOptions withSettings(RunSettings s) { return new TruncatedEntropyOptions(rank, s); }
}
