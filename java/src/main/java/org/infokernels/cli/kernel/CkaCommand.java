package org.infokernels.cli.kernel;

import org.infokernels.cli.common.Converters;
import org.infokernels.cli.common.DependenceCommand;
import org.infokernels.core.Estimate;
import org.infokernels.core.RunSettings;
import org.infokernels.kernel.Cka;
import org.infokernels.kernel.CkaOptions;
import org.infokernels.kernel.KernelType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code cka}: centred kernel alignment ({@link Cka}). */
@Command(name = "cka", headerHeading = "%n",
    header = "Centred kernel alignment CKA(X, Y) = HSIC(K,L)/sqrt(HSIC(K,K) HSIC(L,L)) (dimensionless).",
    description = {
        "Kornblith, Norouzi, Lee, Hinton, ICML 2019. Linear (default) biased CKA in feature space:",
        "|Yc'Xc|_F^2 / (|Xc'Xc|_F |Yc'Yc|_F), O(n d^2). --debiased uses the unbiased HSIC of Song et al. 2012",
        "everywhere; rbf kernels stream through the pair engine (O(n^2 d) time, O(n d) memory).",
        ""})
public final class CkaCommand extends DependenceCommand {
  @Option(names = "--kernel", order = 10, paramLabel = "KERNEL", defaultValue = "linear",
      converter = Converters.KernelConverter.class, completionCandidates = Converters.KernelCandidates.class,
      description = {"kernel of X and Y, ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}."})
  KernelType kernel;

  @Option(names = "--debiased", order = 11, description = {"debiased CKA (unbiased HSIC; n >= 4). Default: off."})
  boolean debiased;

  @Mixin
  KernelOptions bandwidth;

  @Override
  protected Estimate estimate(RunSettings settings) {
    return new Cka(new CkaOptions(kernel, debiased, bandwidth.sigma, bandwidth.sigmaY, settings)).estimate(x.load(), y.load());
  }
}
