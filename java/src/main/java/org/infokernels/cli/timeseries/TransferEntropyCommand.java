package org.infokernels.cli.timeseries;

import java.util.ArrayList;
import java.util.List;
import org.infokernels.cli.common.Converters;
import org.infokernels.cli.common.EstimateCommand;
import org.infokernels.cli.common.PermutationOptions;
import org.infokernels.core.Estimate;
import org.infokernels.core.KsgAlgorithm;
import org.infokernels.core.RunSettings;
import org.infokernels.timeseries.ConditionalSeries;
import org.infokernels.timeseries.Series;
import org.infokernels.timeseries.TransferEntropy;
import org.infokernels.timeseries.TransferEntropyOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code transfer-entropy}: transfer entropy and conditional TE ({@link TransferEntropy}). */
@Command(name = "transfer-entropy", headerHeading = "%n",
    header = "Transfer entropy source -> target (conditional TE with --conditional), KSG estimators on delay embeddings.",
    description = {
        "TE = I(y^(l)_{t+1-u} ; x_{t+1} | x^(k)_t [, c^(ck)_{t+1-cu}]) (Schreiber, PRL 85 461, 2000), by the",
        "Frenzel-Pompe conditional MI (ksg1: max norm, strict counts) or KSG algorithm 2 (ksg2, JIDT's Kraskov2).",
        "First usable time t0 = max((k-1) k_tau, (l-1) l_tau + u - 1, ...); observations t = t0 .. T-2 of every trial,",
        "pooled. Multivariate series: every lag contributes all columns. Values equal JIDT's",
        "TransferEntropyCalculatorKraskov / ConditionalTransferEntropyCalculatorKraskov with NORMALISE=false, no noise.",
        "Result in nats. --permutations N: surrogate test (circular shift of the source by default).",
        ""})
public final class TransferEntropyCommand extends EstimateCommand {
  @Option(names = "--source", order = 1, paramLabel = "PATH", required = true, description = {"source series Y: "
      + SeriesInput.HELP})
  String source;

  @Option(names = "--source-cols", order = 2, paramLabel = "COLS", description = {"columns of the source (0-based, "
      + "ranges inclusive). Default: all"})
  String sourceCols;

  @Option(names = "--target", order = 3, paramLabel = "PATH", required = true, description = {"target series X, in "
      + "the formats of --source"})
  String target;

  @Option(names = "--target-cols", order = 4, paramLabel = "COLS", description = {"columns of the target. Default: all"})
  String targetCols;

  @Option(names = "--conditional", order = 5, paramLabel = "PATH", description = {"conditioning series C (conditional "
      + "TE); its columns share one embedding"})
  String conditional;

  @Option(names = "--conditional-cols", order = 6, paramLabel = "COLS", description = {"columns of the conditioning "
      + "series. Default: all"})
  String conditionalCols;

  @Option(names = "--k", order = 10, paramLabel = "K", defaultValue = "3",
      description = {"neighbours of the KSG estimator (JIDT k), 1 <= k < observations. Default: ${DEFAULT-VALUE}."})
  int k;

  @Option(names = "--estimator", order = 11, paramLabel = "ESTIMATOR", defaultValue = "ksg1",
      converter = Converters.KsgConverter.class, completionCandidates = Converters.KsgCandidates.class,
      description = {"conditional-MI estimator, ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}."})
  KsgAlgorithm estimator;

  @Option(names = "--target-history", order = 12, paramLabel = "K", defaultValue = "1",
      description = {"target embedding length (JIDT k_HISTORY). Default: ${DEFAULT-VALUE}."})
  int targetHistory;

  @Option(names = "--target-tau", order = 13, paramLabel = "T", defaultValue = "1",
      description = {"target embedding spacing (k_TAU). Default: ${DEFAULT-VALUE}."})
  int targetTau;

  @Option(names = "--source-history", order = 14, paramLabel = "L", defaultValue = "1",
      description = {"source embedding length (l_HISTORY). Default: ${DEFAULT-VALUE}."})
  int sourceHistory;

  @Option(names = "--source-tau", order = 15, paramLabel = "T", defaultValue = "1",
      description = {"source embedding spacing (l_TAU). Default: ${DEFAULT-VALUE}."})
  int sourceTau;

  @Option(names = "--delay", order = 16, paramLabel = "U", defaultValue = "1",
      description = {"source-target delay (DELAY): y_{t+1-u} informs x_{t+1}. Default: ${DEFAULT-VALUE}."})
  int delay;

  @Option(names = "--conditional-history", order = 17, paramLabel = "K", defaultValue = "1",
      description = {"conditional embedding length (COND_EMBED_LENGTHS). Default: ${DEFAULT-VALUE}."})
  int conditionalHistory;

  @Option(names = "--conditional-tau", order = 18, paramLabel = "T", defaultValue = "1",
      description = {"conditional embedding spacing (COND_TAUS). Default: ${DEFAULT-VALUE}."})
  int conditionalTau;

  @Option(names = "--conditional-delay", order = 19, paramLabel = "U", defaultValue = "1",
      description = {"conditional-target delay (COND_DELAYS). Default: ${DEFAULT-VALUE}."})
  int conditionalDelay;

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
    TransferEntropyOptions o = new TransferEntropyOptions(k, estimator, targetHistory, targetTau, sourceHistory,
        sourceTau, delay, ts.theiler, ts.surrogate, ts.autoEmbed, ts.maxHistory, ts.maxTau, ciLevel(), settings);
    Series src = SeriesInput.load(source, sourceCols, "source");
    Series tgt = SeriesInput.load(target, targetCols, "target");
    List<ConditionalSeries> conds = new ArrayList<>();
    if (conditional != null) {
      conds.add(new ConditionalSeries(SeriesInput.load(conditional, conditionalCols, "conditional"),
          conditionalHistory, conditionalTau, conditionalDelay));
    }
    TransferEntropy.LocalEstimate r = new TransferEntropy(o).estimateWithLocals(src, tgt, conds);
    ts.writeLocals(r.locals());
    return r.estimate();
  }

  /** the estimator's own block jackknife over contiguous blocks of the embedded observations */
  @Override
  protected IntervalMethod intervalMethod() {
    return IntervalMethod.OWN;
  }
}
