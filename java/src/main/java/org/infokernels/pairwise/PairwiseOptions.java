package org.infokernels.pairwise;

import java.util.Objects;
import org.infokernels.core.InvalidInputException;

/**
 * Options of a {@link DependenceMatrix} run beyond those of its measure.
 *
 * @param fdr      the false discovery rate of the Benjamini–Hochberg procedure: a pair is
 *                 significant when its q-value is at most fdr (default 0.05; 0 &lt; fdr &lt; 1)
 * @param progress called as pairs complete ({@link PairwiseProgress#NONE} by default)
 */
public record PairwiseOptions(double fdr, PairwiseProgress progress) {
  /**
   * Checks the options.
   *
   * @throws InvalidInputException if fdr is not strictly between 0 and 1
   * @throws NullPointerException if progress is null
   */
  public PairwiseOptions {
    if (!(fdr > 0 && fdr < 1)) {
      throw new InvalidInputException("fdr = " + fdr + " must lie strictly between 0 and 1");
    }
    Objects.requireNonNull(progress, "progress");
  }

  /** fdr 0.05, no progress listener */
  public static PairwiseOptions defaults() {
    return new PairwiseOptions(0.05, PairwiseProgress.NONE);
  }

  /** a copy with false discovery rate {@code q} (0 &lt; q &lt; 1) */
  public PairwiseOptions withFdr(double q) {
    return new PairwiseOptions(q, progress);
  }

  /** a copy that reports to {@code p} */
  public PairwiseOptions withProgress(PairwiseProgress p) {
    return new PairwiseOptions(fdr, p);
  }
}
