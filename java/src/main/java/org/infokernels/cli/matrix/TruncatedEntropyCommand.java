package org.infokernels.cli.matrix;

import org.infokernels.core.Estimate;
import org.infokernels.core.RunSettings;
import org.infokernels.matrix.TruncatedEntropyOptions;
import org.infokernels.matrix.TruncatedMatrixEntropy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code truncated-entropy}: UNComp's truncated matrix entropy ({@link TruncatedMatrixEntropy}). */
@Command(name = "truncated-entropy", headerHeading = "%n",
    header = "UNComp truncated matrix entropy H_K = -sum_{i<=K} sigma_i ln sigma_i / ln d.",
    description = {
        "Xiong et al., UNComp (2024), entropy_utils.py cal_entropy_no_group_svd: R = X",
        "minus the mean over rows, each row scaled to unit L2 norm; A = R^T R / n (d x",
        "d, trace 1); sigma = eigenvalues of A/tr(A) + 1e-10 I, descending; the K",
        "largest enter the sum. Normalised by ln d, the value is dimensionless: --base",
        "does not change it (\"unit\": \"dimensionless\"). Needs d >= 2 and 1 <= K <=",
        "d.",
        "Batch: a 3-D npy (B, n, d) is B matrices (e.g. 32 attention heads x 128 tokens",
        "x 128 dims), solved in one backend call; the output is one JSON object with",
        "\"batch\": B, \"values\": [one value per matrix, in order] and \"value\" =",
        "their mean; n and dims describe one matrix.",
        ""})
public final class TruncatedEntropyCommand extends MatrixEntropyCommand {
  @Mixin
  BatchInputFile x;

  @Option(names = "--rank", order = 10, paramLabel = "K", required = true,
      description = {"how many of the largest eigenvalues are summed, 1 <= K <= d (K = d: the full entropy of the "
          + "jittered A over ln d). Required."})
  int rank;

  @Override
  protected Estimate estimate(RunSettings settings) {
    TruncatedEntropyOptions o = new TruncatedEntropyOptions(rank, settings);
    BatchInputFile.Loaded in = x.loadAny();
    if (in.isBatch()) {
      return new TruncatedMatrixEntropy(o).estimateBatch(in.batch()).summary();
    }
    return new TruncatedMatrixEntropy(o).estimate(in.single());
  }
}
