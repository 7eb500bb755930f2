package org.infokernels.cli.ot;

import org.infokernels.cli.common.DependenceCommand;
import org.infokernels.core.Estimate;
import org.infokernels.core.InvalidInputException;
import org.infokernels.core.RunSettings;
import org.infokernels.io.Inputs;
import org.infokernels.ot.WassersteinDependency;
import org.infokernels.ot.WassersteinDependencyOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code wasserstein-dependency}: S_eps between [X, Y] and [X, Y o pi] ({@link WassersteinDependency}). */
@Command(name = "wasserstein-dependency", headerHeading = "%n",
    header = "Wasserstein dependency: Sinkhorn divergence between the joint sample Z = [X, Y] and Z' = [X, Y o pi].",
    description = {
        "Plug-in estimate of W(P_XY, P_X x P_Y) (Ozair et al., NeurIPS 2019) with the feydy Sinkhorn divergence "
            + "(Feydy et al., AISTATS 2019); cost |z - z'|^2 on the joint coordinates.",
        "pi permutes the rows of Y: --permutation PATH (0-based integers; pass it to compare across languages) or "
            + "drawn from --seed. Near 0 for independent X and Y; --permutations N adds a permutation-test p-value.",
        "Default eps: 0.1 x the median cost between the first min(n, 2000) rows of Z and Z'. O(n^2 (dx + dy)) time "
            + "per iteration, O(n (dx + dy)) memory. The value is a squared distance (no unit; --base is ignored).",
        ""})
public final class WassersteinDependencyCommand extends DependenceCommand {
  @Mixin
  OtOptions ot;

  @Option(names = "--max-iter", order = 11, paramLabel = "N", defaultValue = "10000",
      description = {"the most iterations of each Sinkhorn problem. Default: ${DEFAULT-VALUE}."})
  int maxIter;

  @Option(names = "--permutation", order = 14, paramLabel = "PATH",
      description = {"the permutation pi of the rows of Y: a 1-D npy (or one-column table) of the integers 0..n-1 "
          + "in some order. Default: drawn from --seed."})
  String permutation;

  @Override
  protected IntervalMethod intervalMethod() {
    if (permutation != null && ciLevel() > 0) {
      throw new InvalidInputException("--ci with --permutation PATH: the bootstrap draws rows, a fixed permutation of "
          + "all n rows cannot follow them; leave --permutation out (the permutation is then drawn from --seed)");
    }
    return IntervalMethod.BOOTSTRAP;
  }

  @Override
  protected Estimate estimate(RunSettings settings) {
    int[] pi = null;
    if (permutation != null) {
      try {
        pi = Inputs.loadLabels(permutation);
      } catch (InvalidInputException ex) {
        throw new InvalidInputException("--permutation: " + ex.getMessage());
      }
    }
    org.infokernels.core.Matrix xs = x.load();
    org.infokernels.core.Matrix ys = y.load();
    if (pi != null) {
      WassersteinDependency.checkPermutation(pi, xs.rows(), "--permutation " + permutation);
    }
    WassersteinDependencyOptions o = new WassersteinDependencyOptions(ot.epsilon, pi, maxIter, ot.tol,
        ot.epsilonScaling, settings);
    return new WassersteinDependency(o).estimate(xs, ys);
  }
}
