package org.infokernels.cli.testing;

import org.infokernels.cli.common.Converters;
import org.infokernels.cli.common.EstimateCommand;
import org.infokernels.cli.common.InputFile;
import org.infokernels.core.Bandwidth;
import org.infokernels.core.Estimate;
import org.infokernels.core.RunSettings;
import org.infokernels.testing.Mmd;
import org.infokernels.testing.MmdOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code mmd}: unbiased squared MMD with the Gaussian kernel ({@link Mmd}). */
@Command(name = "mmd", headerHeading = "%n",
    header = "Unbiased squared maximum mean discrepancy MMD^2_u between X and Y, Gaussian kernel (dimensionless).",
    description = {
        "MMD^2_u = sum_{i!=j} k(x_i,x_j)/(n(n-1)) + sum_{i!=j} k(y_i,y_j)/(m(m-1)) - 2 sum k(x_i,y_j)/(nm),",
        "k(a,b) = exp(-|a-b|^2/(2 sigma^2)) (Gretton et al., JMLR 2012, eq. 3); can be negative. n, m >= 2.",
        "X and Y may have different numbers of rows, not of columns. One pass over the pooled sample on the",
        "tiled engine: O((n+m)^2 d) time, O((n+m) d) memory. --permutations N permutes the pooled rows.",
        ""})
public final class MmdCommand extends EstimateCommand {
  @Mixin
  InputFile.X x;

  @Mixin
  InputFile.Y y;

  @Option(names = "--sigma", order = 12, paramLabel = "SIGMA", defaultValue = "median",
      converter = Converters.BandwidthConverter.class,
      description = {"Gaussian bandwidth: a number > 0, or median = the median Euclidean distance over the pairs "
          + "i<j of the pooled sample (above 2000 rows over a seeded subsample of 2000). Default: ${DEFAULT-VALUE}."})
  Bandwidth sigma;

  @Mixin
  TwoSampleTestOptions test;

  @Override
  protected int permutations() {
    return test.permutations;
  }

  @Override
  protected IntervalMethod intervalMethod() {
    return IntervalMethod.OWN;
  }

  @Override
  protected Estimate estimate(RunSettings settings) {
    return new Mmd(new MmdOptions(sigma, ciLevel(), settings)).estimate(x.load(), y.load());
  }
}
