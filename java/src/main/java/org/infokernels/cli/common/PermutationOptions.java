package org.infokernels.cli.common;

import picocli.CommandLine.Option;

/** {@code --permutations N}: the permutation test of the dependence measures (mi, cmi, ...). */
public final class PermutationOptions {
  @Option(names = "--permutations", order = 20, paramLabel = "N", defaultValue = "0",
      description = {"permutation test with N permutations: adds p_value = (1 + #{null >= observed})/(1 + N), "
          + "null_mean and null_std. 0 = no test. Default: ${DEFAULT-VALUE}."})
  public int permutations;
}
