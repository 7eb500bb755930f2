package org.infokernels.cli.kernel;

import org.infokernels.cli.common.DependenceCommand;
import org.infokernels.core.Estimate;
import org.infokernels.core.RunSettings;
import org.infokernels.kernel.RenyiMutualInformation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code renyi-mi}: matrix-based Renyi alpha mutual information ({@link RenyiMutualInformation}). */
@Command(name = "renyi-mi", headerHeading = "%n",
    header = "Matrix-based Renyi alpha-MI I = S(A) + S(B) - S(A o B / tr(A o B)), joint by Hadamard product.",
    description = {
        "Yu, Sanchez Giraldo, Jenssen, Principe, IEEE TPAMI 42(11) 2960 (2020); A = K/n, B = L/n Gaussian Gram",
        "matrices of X and Y. --permutations N permutes the rows of Y for a p-value.",
        ""})
public final class RenyiMiCommand extends DependenceCommand {
  @Mixin
  RenyiOptionsMixin renyi;

  @Mixin
  KernelOptions bandwidth;

  @Override
  protected Estimate estimate(RunSettings settings) {
    return new RenyiMutualInformation(renyi.options(bandwidth, settings)).estimate(x.load(), y.load());
  }
}
