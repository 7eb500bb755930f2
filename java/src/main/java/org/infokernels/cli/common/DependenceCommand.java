package org.infokernels.cli.common;

import picocli.CommandLine.Mixin;

/**
 * A dependence measure between the paired samples X and Y ({@code --x}, {@code --y}) that takes
 * {@code --permutations N} for a permutation-test p-value: mi, cmi, hsic, cka, renyi-mi, cs-qmi,
 * wasserstein-dependency. Subclasses add their own options and build the api call.
 */
public abstract class DependenceCommand extends EstimateCommand {
  @Mixin
  public InputFile.X x;

  @Mixin
  public InputFile.Y y;

  @Mixin
  PermutationOptions test;

  @Override
  protected final int permutations() {
    return test.permutations;
  }
}
