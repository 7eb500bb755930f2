package org.infokernels.cli.testing;

import org.infokernels.cli.common.EstimateCommand;
import org.infokernels.cli.common.InputFile;
import org.infokernels.core.Estimate;
import org.infokernels.core.RunSettings;
import org.infokernels.testing.EnergyDistance;
import org.infokernels.testing.EnergyDistanceOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code energy-distance}: energy distance between two samples ({@link EnergyDistance}). */
@Command(name = "energy-distance", headerHeading = "%n",
    header = "Energy distance between the samples X and Y (in the units of the data).",
    description = {
        "E = 2 mean|x_i - y_j| - mean|x_i - x_j| - mean|y_i - y_j| over all pairs, i = j included (a V-statistic;",
        ">= 0, 0 for equal samples; Szekely & Rizzo 2013). Euclidean distances.",
        "X and Y may have different numbers of rows, not of columns. One pass over the pooled sample on the",
        "tiled engine: O((n+m)^2 d) time, O((n+m) d) memory. --permutations N permutes the pooled rows.",
        ""})
public final class EnergyDistanceCommand extends EstimateCommand {
  @Mixin
  InputFile.X x;

  @Mixin
  InputFile.Y y;

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
    return new EnergyDistance(new EnergyDistanceOptions(ciLevel(), settings)).estimate(x.load(), y.load());
  }
}
