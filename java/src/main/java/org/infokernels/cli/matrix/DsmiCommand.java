package org.infokernels.cli.matrix;

import java.util.Set;
import org.infokernels.cli.common.Converters;
import org.infokernels.cli.common.InputFile;
import org.infokernels.cli.common.SpectralOptions;
import org.infokernels.core.Bandwidth;
import org.infokernels.core.Estimate;
import org.infokernels.core.RunSettings;
import org.infokernels.io.Inputs;
import org.infokernels.matrix.DiffusionSpectralMutualInformation;
import org.infokernels.matrix.DsmiOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code dsmi}: diffusion spectral mutual information between X and class labels ({@link DiffusionSpectralMutualInformation}). */
@Command(name = "dsmi", headerHeading = "%n",
    header = "Diffusion spectral MI = sum_c p(c) [mean_r DSE(X_S(c,r)) - DSE(X | Y=c)] between X and class labels.",
    description = {
        "Liao et al. (2023), dse_dsmi/dsmi.py, with DSE as in the dse command; p(c) =",
        "n_c/n; S(c,r), r = 1..repeats, are random subsets of all rows of size n_c,",
        "drawn without replacement from --seed (java.util.SplittableRandom(seed + class",
        "position); not the Python random stream of the original, so the value differs",
        "from the original's by the sampling noise). The conditional part sum_c p(c)",
        "DSE(X | Y=c) is deterministic: conditional_part; per class: classes,",
        "class_counts, conditional_entropies, marginal_entropies, class_parts (all in",
        "the unit of --base). sigma = 10 absolute by default. Nats by default; the",
        "original reports bits (--base 2).",
        ""})
public final class DsmiCommand extends MatrixEntropyCommand {
  @Mixin
  InputFile.X x;

  @Option(names = "--labels", order = 3, paramLabel = "PATH", required = true,
      description = {"class labels, one per row of X: an integer npy (int32/int64, or floats with integer values) "
          + "or a one-column text table; at least 2 classes"})
  String labels;

  @Option(names = "--sigma", order = 10, paramLabel = "SIGMA", defaultValue = "10",
      converter = Converters.BandwidthConverter.class,
      description = {"bandwidth of G, a number > 0 (absolute) or median (computed once on all of X). "
          + "Default: ${DEFAULT-VALUE}."})
  Bandwidth sigma;

  @Option(names = "--t", order = 11, paramLabel = "T", defaultValue = "1",
      description = {"diffusion time, an integer >= 1. Default: ${DEFAULT-VALUE}."})
  int t;

  @Option(names = "--repeats", order = 12, paramLabel = "R", defaultValue = "5",
      description = {"random subsets per class for the marginal term. Default: ${DEFAULT-VALUE}."})
  int repeats;

  @Mixin
  SpectralOptions spectral;

  @Override
  Set<String> entropyExtras() {
    return Set.of("conditional_part", "marginal_part", "conditional_entropies", "marginal_entropies", "class_parts",
        "std_error");
  }

  /** the labels, at the rows of an interval's refit */
  private int[] labels() {
    int[] all = Inputs.loadLabels(labels);
    int[] k = keep(0);
    if (k == null || k.length == 0 || k[k.length - 1] >= all.length) {
      return all;
    }
    int[] out = new int[k.length];
    for (int i = 0; i < k.length; i++) {
      out[i] = all[k[i]];
    }
    return out;
  }

  @Override
  protected Estimate estimate(RunSettings settings) {
    DsmiOptions o = new DsmiOptions(sigma, t, repeats, spectral.method, spectral.probes, spectral.steps, settings);
    return new DiffusionSpectralMutualInformation(o).estimate(x.load(), labels());
  }
}
