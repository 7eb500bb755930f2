package org.infokernels.cli.kernel;

import org.infokernels.cli.common.EstimateCommand;
import org.infokernels.cli.common.InputFile;
import org.infokernels.core.Estimate;
import org.infokernels.core.RunSettings;
import org.infokernels.kernel.RenyiEntropy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code renyi-entropy}: matrix-based Renyi alpha-entropy ({@link RenyiEntropy}). */
@Command(name = "renyi-entropy", headerHeading = "%n",
    header = "Matrix-based Renyi alpha-entropy S_alpha(A) = log(sum lambda_i(A)^alpha)/(1 - alpha), A = K/tr K.",
    description = {
        "Sanchez Giraldo, Rao, Principe, IEEE Trans. IT 61(1) 535 (2015). K: Gaussian Gram matrix of X;",
        "eigenvalues in absolute value (canonical code). Nats by default; the canonical Python code uses bits (--base 2).",
        ""})
public final class RenyiEntropyCommand extends EstimateCommand {
  @Mixin
  InputFile.X x;

  @Mixin
  RenyiOptionsMixin renyi;

  @Mixin
  KernelOptions bandwidth;

  @Override
  protected Estimate estimate(RunSettings settings) {
    return new RenyiEntropy(renyi.options(bandwidth, settings)).estimate(x.load());
  }
}
