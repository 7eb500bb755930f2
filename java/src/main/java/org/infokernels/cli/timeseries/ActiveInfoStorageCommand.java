package org.infokernels.cli.timeseries;

import org.infokernels.cli.common.EstimateCommand;
import org.infokernels.cli.common.PermutationOptions;
import org.infokernels.core.Estimate;
import org.infokernels.core.RunSettings;
import org.infokernels.timeseries.ActiveInfoStorageOptions;
import org.infokernels.timeseries.ActiveInformationStorage;
import org.infokernels.timeseries.TransferEntropy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code active-info-storage}: active information storage ({@link ActiveInformationStorage}). */
@Command(name = "active-info-storage", headerHeading = "%n",
    header = "Active information storage of X: I(x^(k)_t ; x_{t+1}), KSG algorithm 1 on delay embeddings.",
    description = {
        "x^(k)_t = (x_t, x_{t-tau}, ..., x_{t-(k-1)tau}), t = (k-1) tau .. T-2 of every trial, pooled (Lizier,",
        "Prokopenko, Zomaya, Information Sciences 208, 2012). Max norm, strict counts (Kraskov et al. 2004, eq. 8).",
        "Values equal JIDT's ActiveInfoStorageCalculatorKraskov with NORMALISE=false and no added noise.",
        "Result in nats. --permutations N: surrogate test (circular shift of the next values by default).",
        ""})
public final class ActiveInfoStorageCommand extends EstimateCommand {
  @Option(names = "--x", order = 1, paramLabel = "PATH", required = true, description = {"series X: " + SeriesInput.HELP})
  String x;

  @Option(names = "--x-cols", order = 2, paramLabel = "COLS", description = {"columns of X (0-based, ranges "
      + "inclusive). Default: all"})
  String xCols;

  @Option(names = "--k", order = 10, paramLabel = "K", defaultValue = "3",
      description = {"neighbours of the KSG estimator, 1 <= k < observations. Default: ${DEFAULT-VALUE}."})
  int k;

  @Option(names = "--history", order = 11, paramLabel = "K", defaultValue = "1",
      description = {"embedding length (JIDT k_HISTORY). Default: ${DEFAULT-VALUE}."})
  int history;

  @Option(names = "--tau", order = 12, paramLabel = "T", defaultValue = "1",
      description = {"embedding spacing (TAU). Default: ${DEFAULT-VALUE}."})
  int tau;

  @Mixin
  PermutationOptions test;

  @Mixin
  TimeSeriesOptions ts;

  @Override
  protected int permutations() {
    return test.permutations;
  }

  @Override
  protected Estimate estimate(RunSettings settings) {
    ActiveInfoStorageOptions o = new ActiveInfoStorageOptions(k, history, tau, ts.theiler, ts.surrogate, ts.autoEmbed,
        ts.maxHistory, ts.maxTau, ciLevel(), settings);
    TransferEntropy.LocalEstimate r = new ActiveInformationStorage(o).estimateWithLocals(SeriesInput.load(x, xCols, "x"));
    ts.writeLocals(r.locals());
    return r.estimate();
  }

  /** the estimator's own block jackknife over contiguous blocks of the embedded observations */
  @Override
  protected IntervalMethod intervalMethod() {
    return IntervalMethod.OWN;
  }
}
