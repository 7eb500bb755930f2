package org.infokernels.cli.knn;

import org.infokernels.cli.common.Converters;
import org.infokernels.cli.common.EstimateCommand;
import org.infokernels.cli.common.InputFile;
import org.infokernels.core.Estimate;
import org.infokernels.core.Norm;
import org.infokernels.core.RunSettings;
import org.infokernels.knn.EntropyOptions;
import org.infokernels.knn.KozachenkoLeonenkoEntropy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code entropy}: Kozachenko–Leonenko differential entropy ({@link KozachenkoLeonenkoEntropy}). */
@Command(name = "entropy", headerHeading = "%n",
    header = "Kozachenko-Leonenko k-NN differential entropy H(X).",
    description = {
        "H = psi(n) - psi(k) + ln c_d + (d/n) sum_i ln rho_k(i): rho_k(i) is the distance from x_i to its "
            + "k-th nearest neighbour (itself excluded), c_d the volume of the unit ball of the norm.",
        "Kozachenko & Leonenko, Probl. Peredachi Inf. 23(2) (1987); Kraskov, Stoegbauer, Grassberger, "
            + "Phys. Rev. E 69, 066138 (2004), eq. 20.",
        "Result in nats (--base 2: bits, --base 10: hartleys). Duplicate points are refused: break ties with --jitter.",
        ""})
public final class EntropyCommand extends EstimateCommand {
  @Mixin
  InputFile.X x;

  @Option(names = "--k", order = 11, paramLabel = "K", defaultValue = "3",
      description = {"neighbour order, 1 <= k < n. Default: ${DEFAULT-VALUE}."})
  int k;

  @Option(names = "--norm", order = 12, paramLabel = "NORM", defaultValue = "euclidean",
      converter = Converters.NormConverter.class, completionCandidates = Converters.NormCandidates.class,
      description = {"distance, ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}."})
  Norm norm;

  @Override
  protected Estimate estimate(RunSettings settings) {
    EntropyOptions options = new EntropyOptions(k, norm, settings);
    return new KozachenkoLeonenkoEntropy(options).estimate(x.load());
  }
}
