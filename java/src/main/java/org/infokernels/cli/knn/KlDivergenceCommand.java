package org.infokernels.cli.knn;

import org.infokernels.cli.common.Converters;
import org.infokernels.cli.common.EstimateCommand;
import org.infokernels.cli.common.InputFile;
import org.infokernels.core.Estimate;
import org.infokernels.core.Matrix;
import org.infokernels.core.Norm;
import org.infokernels.core.RunSettings;
import org.infokernels.knn.KlDivergenceOptions;
import org.infokernels.knn.KnnKlDivergence;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code kl-divergence}: Wang–Kulkarni–Verdú k-NN divergence ({@link KnnKlDivergence}). */
@Command(name = "kl-divergence", headerHeading = "%n",
    header = "Wang-Kulkarni-Verdu k-NN Kullback-Leibler divergence KL(P||Q), X ~ P, Y ~ Q.",
    description = {
        "D = (d/n) sum_i ln(nu_k(i)/rho_k(i)) + ln(m/(n - 1)): rho_k(i) is the distance from x_i to its k-th "
            + "neighbour among the other n - 1 rows of X, nu_k(i) to its k-th neighbour among the m rows of Y.",
        "X and Y may have different numbers of rows, not of columns.",
        "Wang, Kulkarni, Verdu, IEEE Trans. Inf. Theory 55(5), 2392-2405 (2009), eq. 5.",
        "Result in nats (--base 2: bits, --base 10: hartleys).",
        ""})
public final class KlDivergenceCommand extends EstimateCommand {
  @Mixin
  InputFile.X x;

  @Mixin
  InputFile.Y y;

  @Option(names = "--k", order = 11, paramLabel = "K", defaultValue = "3",
      description = {"neighbour order, 1 <= k < n and k <= m. Default: ${DEFAULT-VALUE}."})
  int k;

  @Option(names = "--norm", order = 12, paramLabel = "NORM", defaultValue = "euclidean",
      converter = Converters.NormConverter.class, completionCandidates = Converters.NormCandidates.class,
      description = {"distance, ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}."})
  Norm norm;

  @Override
  protected boolean twoSample() {
    return true;
  }

  @Override
  protected Estimate estimate(RunSettings settings) {
    KlDivergenceOptions options = new KlDivergenceOptions(k, norm, settings);
    Matrix xs = x.load();
    Matrix ys = y.load();
    return new KnnKlDivergence(options).estimate(xs, ys);
  }
}
