package org.infokernels.cli.matrix;

import org.infokernels.cli.common.Converters;
import org.infokernels.cli.common.InputFile;
import org.infokernels.cli.common.SpectralOptions;
import org.infokernels.core.Bandwidth;
import org.infokernels.core.Estimate;
import org.infokernels.core.RunSettings;
import org.infokernels.matrix.DiffusionSpectralEntropy;
import org.infokernels.matrix.DseOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code dse}: diffusion spectral entropy ({@link DiffusionSpectralEntropy}). */
@Command(name = "dse", headerHeading = "%n",
    header = "Diffusion spectral entropy DSE = -sum p_i ln p_i, p_i = |lambda_i|^t / sum_j |lambda_j|^t.",
    description = {
        "Liao et al. (2023), dse_dsmi/dse.py: lambda = eigenvalues of K = D^-1/2 G",
        "D^-1/2, G_ij = exp(-|x_i - x_j|^2/(2 sigma^2)), D = diag(row sums of G) (the",
        "spectrum of the diffusion operator D^-1 G). sigma = 10 is absolute by default",
        "(not data-adaptive), as in the original. Nats by default; the original reports",
        "bits (--base 2) and adds machine eps to every p_i (a ~1e-12 effect, left out",
        "here).",
        "Large n: --method slq estimates DSE = ln S - T/S from S = tr|K|^t and T =",
        "tr(|K|^t ln|K|^t) with matrix-free products v -> D^-1/2 G D^-1/2 v, and",
        "reports std_error; --subsample N uses N random rows.",
        ""})
public final class DseCommand extends MatrixEntropyCommand {
  @Mixin
  InputFile.X x;

  @Option(names = "--sigma", order = 10, paramLabel = "SIGMA", defaultValue = "10",
      converter = Converters.BandwidthConverter.class,
      description = {"bandwidth of G, a number > 0 (absolute) or median = the median Euclidean distance over pairs "
          + "i<j. Default: ${DEFAULT-VALUE}."})
  Bandwidth sigma;

  @Option(names = "--t", order = 11, paramLabel = "T", defaultValue = "1",
      description = {"diffusion time, an integer >= 1: the eigenvalues enter as |lambda|^t. Default: ${DEFAULT-VALUE}."})
  int t;

  @Option(names = "--subsample", order = 12, paramLabel = "N", defaultValue = "0",
      description = {"use a random subset of N rows (drawn from --seed) when X has more; 0 = all rows. "
          + "Default: ${DEFAULT-VALUE}."})
  int subsample;

  @Mixin
  SpectralOptions spectral;

  @Override
  protected Estimate estimate(RunSettings settings) {
    DseOptions o = new DseOptions(sigma, t, spectral.method, spectral.probes, spectral.steps, subsample, settings);
    return new DiffusionSpectralEntropy(o).estimate(x.load());
  }
}
