package org.infokernels.cli.ot;

import org.infokernels.core.InvalidInputException;
import org.infokernels.core.Matrix;
import org.infokernels.io.Inputs;
import picocli.CommandLine.Option;

/**
 * {@code --epsilon}, {@code --tol} and {@code --epsilon-scaling}: the options the optimal-transport
 * commands share (java/docs/cli.md); {@code --max-iter} is declared by each command (its default differs).
 */
final class OtOptions {
  @Option(names = "--epsilon", order = 10, paramLabel = "EPS",
      description = {"absolute entropic regularisation eps > 0 (cost |a-b|^2, no 1/2). Default: 0.1 x the median "
          + "cost between the first min(n, 2000) rows of the two samples transported."})
  Double epsilon;

  @Option(names = "--tol", order = 12, paramLabel = "TOL", defaultValue = "1e-9",
      description = {"stopping tolerance: |P^T 1 - b|_2 < TOL, checked every 10 iterations after the u-update as "
          + "POT does (symmetric self terms: max |change of f| < TOL). Default: ${DEFAULT-VALUE}."})
  double tol;

  @Option(names = "--epsilon-scaling", order = 13, paramLabel = "RATIO", arity = "0..1", fallbackValue = "0.8",
      defaultValue = "0",
      description = {"anneal eps from the squared diameter of the data down to --epsilon by factors RATIO in (0, 1) "
          + "(0.8 when no value is given), one sweep per step, then iterate at eps as without it: the same result, "
          + "at small eps often in fewer iterations (15-35%% fewer at --tol 1e-9 in our tests; not guaranteed; "
          + "the iterations count the annealing). "
          + "Default: off (0)."})
  double epsilonScaling;

  /** the weights of {@code --a} / {@code --b}: a 1-D npy (or one-column table) of one weight per row, or null */
  /**
   * the weights of {@code path} at the rows {@code keep} (an interval's refit; null = all), renormalised
   * to sum to 1
   */
  static double[] weights(String path, String name, int[] keep) {
    double[] w = weights(path, name);
    if (w == null || keep == null) {
      return w;
    }
    if (w.length != keep.length && keep[keep.length - 1] >= w.length) {
      return w;  // the sample's size is checked against the weights by the estimator
    }
    double[] out = new double[keep.length];
    double sum = 0;
    for (int i = 0; i < keep.length; i++) {
      out[i] = w[keep[i]];
      sum += out[i];
    }
    if (sum > 0) {
      for (int i = 0; i < keep.length; i++) {
        out[i] /= sum;
      }
    }
    return out;
  }

  static double[] weights(String path, String name) {
    if (path == null) {
      return null;
    }
    Matrix w = Inputs.load(path, null, name);
    if (w.cols() != 1) {
      throw new InvalidInputException(path + ": the weights --" + name + " must be one column (a 1-D array), but it has "
          + w.cols());
    }
    return w.toRowMajor();
  }
}
