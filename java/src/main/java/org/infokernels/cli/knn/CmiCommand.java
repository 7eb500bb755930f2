package org.infokernels.cli.knn;

import org.infokernels.cli.common.DependenceCommand;
import org.infokernels.cli.common.InputFile;
import org.infokernels.core.Estimate;
import org.infokernels.core.Matrix;
import org.infokernels.core.RunSettings;
import org.infokernels.knn.CmiOptions;
import org.infokernels.knn.ConditionalMutualInformation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code cmi}: Frenzel–Pompe conditional mutual information ({@link ConditionalMutualInformation}). */
@Command(name = "cmi", headerHeading = "%n",
    header = "Frenzel-Pompe k-NN conditional mutual information I(X;Y|Z).",
    description = {
        "I = psi(k) - <psi(n_xz + 1) + psi(n_yz + 1) - psi(n_z + 1)>: eps(i)/2 is the max-norm distance from "
            + "(x, y, z)_i to its k-th neighbour; n_xz, n_yz, n_z count the other points strictly inside it.",
        "Frenzel & Pompe, Phys. Rev. Lett. 99, 204101 (2007), eq. 2. --permutations N: local permutation test "
            + "(X shuffled among Z-neighbours), Runge, AISTATS 2018.",
        "Result in nats (--base 2: bits, --base 10: hartleys).",
        ""})
public final class CmiCommand extends DependenceCommand {
  @Mixin
  InputFile.Z z;

  @Option(names = "--k", order = 11, paramLabel = "K", defaultValue = "3",
      description = {"neighbour order, 1 <= k < n. Default: ${DEFAULT-VALUE}."})
  int k;

  @Option(names = "--shuffle-neighbours", order = 21, paramLabel = "M", defaultValue = "5",
      description = {"permutation test: X is shuffled among the M nearest points in Z. Default: ${DEFAULT-VALUE}."})
  int shuffleNeighbours;

  @Override
  protected Estimate estimate(RunSettings settings) {
    CmiOptions options = new CmiOptions(k, shuffleNeighbours, settings);
    Matrix xs = x.load();
    Matrix ys = y.load();
    Matrix zs = z.load();
    return new ConditionalMutualInformation(options).estimate(xs, ys, zs);
  }
}
