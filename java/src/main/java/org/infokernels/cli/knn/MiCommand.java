package org.infokernels.cli.knn;

import org.infokernels.cli.common.Converters;
import org.infokernels.cli.common.DependenceCommand;
import org.infokernels.core.Estimate;
import org.infokernels.core.KsgAlgorithm;
import org.infokernels.core.Matrix;
import org.infokernels.core.RunSettings;
import org.infokernels.knn.KsgMutualInformation;
import org.infokernels.knn.KsgOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code mi}: KSG mutual information ({@link KsgMutualInformation}). */
@Command(name = "mi", headerHeading = "%n",
    header = "Kraskov-Stoegbauer-Grassberger k-NN mutual information I(X;Y).",
    description = {
        "Max norm in the joint space and in each marginal; eps(i)/2 = distance from (x_i, y_i) to its k-th neighbour.",
        "ksg1 (eq. 8): I = psi(k) + psi(n) - <psi(n_x + 1) + psi(n_y + 1)>, n_x counts strictly inside eps(i)/2.",
        "ksg2 (eq. 9): I = psi(k) - 1/k + psi(n) - <psi(n_x) + psi(n_y)>, counts with <= inside the marginal radii.",
        "Kraskov, Stoegbauer, Grassberger, Phys. Rev. E 69, 066138 (2004). No rescaling, noise or clipping unless asked.",
        "Result in nats (--base 2: bits, --base 10: hartleys). --permutations N permutes the rows of Y for a p-value.",
        ""})
public final class MiCommand extends DependenceCommand {
  @Option(names = "--estimator", order = 10, paramLabel = "ESTIMATOR", defaultValue = "ksg1",
      converter = Converters.KsgConverter.class, completionCandidates = Converters.KsgCandidates.class,
      description = {"KSG algorithm, ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}."})
  KsgAlgorithm estimator;

  @Option(names = "--k", order = 11, paramLabel = "K", defaultValue = "3",
      description = {"neighbour order, 1 <= k < n. Default: ${DEFAULT-VALUE}."})
  int k;

  @Override
  protected Estimate estimate(RunSettings settings) {
    KsgOptions options = new KsgOptions(k, estimator, settings);
    Matrix xs = x.load();
    Matrix ys = y.load();
    return new KsgMutualInformation(options).estimate(xs, ys);
  }
}
