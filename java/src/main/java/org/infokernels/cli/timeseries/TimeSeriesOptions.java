package org.infokernels.cli.timeseries;

import java.nio.file.Path;
import org.infokernels.cli.common.Converters;
import org.infokernels.io.NpyWriter;
import org.infokernels.timeseries.AutoEmbed;
import org.infokernels.timeseries.Surrogate;
import picocli.CommandLine.Option;

/** The options transfer-entropy and active-info-storage share: window, locals, surrogates, auto-embedding. */
final class TimeSeriesOptions {
  @Option(names = "--theiler", order = 40, paramLabel = "W", defaultValue = "0",
      description = {"Theiler window (JIDT's DYN_CORR_EXCL): neighbours within W time steps of the same trial are "
          + "excluded from the k-NN search and the counts. 0 = off. Default: ${DEFAULT-VALUE}."})
  int theiler;

  @Option(names = "--locals", order = 41, paramLabel = "PATH.npy",
      description = {"write the local values (one per pooled observation, trial by trial in time order; their mean "
          + "is the estimate) to a float64 npy file"})
  Path locals;

  @Option(names = "--surrogate", order = 42, paramLabel = "KIND", defaultValue = "circular",
      converter = Converters.SurrogateConverter.class,
      description = {"null of --permutations: circular (rotate each trial's observations by n/10..n-n/10: keeps "
          + "autocorrelation), shuffle (permute all), block (permute blocks of ceil(sqrt(n))), swap-trials "
          + "(another trial's observations). Each surrogate has its own seeded stream. Default: ${DEFAULT-VALUE}."})
  Surrogate surrogate;

  @Option(names = "--auto-embed", order = 43, paramLabel = "METHOD", defaultValue = "none",
      converter = Converters.AutoEmbedConverter.class,
      description = {"choose history and tau (JIDT's AUTO_EMBED_METHOD): ragwitz (Ragwitz-Kantz prediction error with "
          + "k neighbours) or max-ais (largest AIS); none = as given. The choice is in the output. "
          + "Default: ${DEFAULT-VALUE}."})
  AutoEmbed autoEmbed;

  @Option(names = "--max-history", order = 44, paramLabel = "K", defaultValue = "5",
      description = {"largest history --auto-embed tries. Default: ${DEFAULT-VALUE}."})
  int maxHistory;

  @Option(names = "--max-tau", order = 45, paramLabel = "T", defaultValue = "3",
      description = {"largest tau --auto-embed tries. Default: ${DEFAULT-VALUE}."})
  int maxTau;

  /** writes the locals when asked */
  void writeLocals(double[] values) {
    if (locals != null) {
      NpyWriter.write(locals, values);
    }
  }
}
