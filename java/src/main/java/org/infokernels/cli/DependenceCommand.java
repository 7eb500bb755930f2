package org.infokernels.cli;

import picocli.CommandLine.Mixin;

/**
 * A dependence measure between the paired samples X and Y ({@code --x}, {@code --y}) that takes
 * {@code --permutations N} for a permutation-test p-value: mi, cmi, hsic, cka, renyi-mi, cs-qmi,
 * wasserstein-dependency. Subclasses add their own options and build the api call.
 */
abstract class DependenceCommand extends EstimateCommand {
  @Mixin
  InputFile.X x;

  @Mixin
  InputFile.Y y;

  @Mixin
  PermutationOptions test;

  @Override
  final int permutations() {
    return test.permutations;
  }
}
