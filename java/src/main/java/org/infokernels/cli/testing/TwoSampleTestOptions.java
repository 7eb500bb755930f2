package org.infokernels.cli.testing;

import picocli.CommandLine.Option;

/** {@code --permutations N} of the two-sample measures: the pooled rows permuted, the first n taken as X. */
final class TwoSampleTestOptions {
  @Option(names = "--permutations", order = 20, paramLabel = "N", defaultValue = "0",
      description = {"permutation test with N permutations of the pooled rows (the first n are X): adds p_value = "
          + "(1 + #{null >= observed})/(1 + N), null_mean and null_std. 0 = no test. Default: ${DEFAULT-VALUE}."})
  int permutations;
}
