package org.infokernels.cli.kernel;

import org.infokernels.cli.common.DependenceCommand;
import org.infokernels.core.Estimate;
import org.infokernels.core.RunSettings;
import org.infokernels.kernel.CauchySchwarzQmi;
import org.infokernels.kernel.CsQmiOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code cs-qmi}: Cauchy-Schwarz quadratic mutual information ({@link CauchySchwarzQmi}). */
@Command(name = "cs-qmi", headerHeading = "%n",
    header = "Cauchy-Schwarz quadratic mutual information I_CS = log(V_J V_M / V_C^2) >= 0.",
    description = {
        "V_J = mean(K o L), V_M = mean(K) mean(L), V_C = (1/n) sum_i rowmean(K)_i rowmean(L)_i; Gaussian K, L.",
        "Principe, Information Theoretic Learning (2010); CS-IB (Yu et al., ICLR 2024) reports bits (--base 2).",
        "Streaming sums over tiles of pairs: O(n^2 d) time, O(n d) memory.",
        ""})
public final class CsQmiCommand extends DependenceCommand {
  @Mixin
  KernelOptions bandwidth;

  @Override
  protected Estimate estimate(RunSettings settings) {
    return new CauchySchwarzQmi(new CsQmiOptions(bandwidth.sigma, bandwidth.sigmaY, settings)).estimate(x.load(), y.load());
  }
}
