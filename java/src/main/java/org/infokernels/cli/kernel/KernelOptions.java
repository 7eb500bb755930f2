package org.infokernels.cli.kernel;

import org.infokernels.cli.common.Converters;
import org.infokernels.core.Bandwidth;
import picocli.CommandLine.Option;

/** {@code --sigma} and {@code --sigma-y}: the RBF bandwidths of the kernel family (java/docs/cli.md). */
final class KernelOptions {
  @Option(names = "--sigma", order = 12, paramLabel = "SIGMA", defaultValue = "median",
      converter = Converters.BandwidthConverter.class,
      description = {"RBF bandwidth in K = exp(-|a-b|^2/(2 sigma^2)): a number > 0, or median = the median "
          + "Euclidean distance over pairs i<j, per variable (above 2000 rows over a seeded subsample of 2000 rows). "
          + "Default: ${DEFAULT-VALUE}."})
  Bandwidth sigma;

  @Option(names = "--sigma-y", order = 13, paramLabel = "SIGMA",
      converter = Converters.BandwidthConverter.class,
      description = {"bandwidth of Y (a number > 0 or median); default: the rule of --sigma."})
  Bandwidth sigmaY;
}
