package org.infokernels.cli.kernel;

import org.infokernels.cli.common.Converters;
import org.infokernels.cli.common.DependenceCommand;
import org.infokernels.cli.common.NullOptions;
import org.infokernels.core.Estimate;
import org.infokernels.core.RunSettings;
import org.infokernels.kernel.Hsic;
import org.infokernels.kernel.HsicOptions;
import org.infokernels.kernel.KernelType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code hsic}: Hilbert-Schmidt independence criterion ({@link Hsic}). */
@Command(name = "hsic", headerHeading = "%n",
    header = "Hilbert-Schmidt independence criterion HSIC(X, Y) (dimensionless).",
    description = {
        "biased (Gretton et al. 2005, eq. 4): tr(KHLH)/(n-1)^2, H = I - 11'/n.",
        "unbiased (Song et al. 2012, eq. 5): zero-diagonal K, L; n >= 4; can be negative.",
        "K, L: Gaussian exp(-|a-b|^2/(2 sigma^2)) or linear a.b Gram matrices, never stored: streaming sums",
        "over tiles of pairs, O(n^2 d) time, O(n d) memory. --permutations N permutes the rows of Y for a p-value",
        "(16 per pass); --null gamma: Gretton et al. (2007)'s gamma approximation of the null, no permutations.",
        ""})
public final class HsicCommand extends DependenceCommand {
  @Option(names = "--kernel", order = 10, paramLabel = "KERNEL", defaultValue = "rbf",
      converter = Converters.KernelConverter.class, completionCandidates = Converters.KernelCandidates.class,
      description = {"kernel of X and Y, ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}."})
  KernelType kernel;

  @Option(names = "--estimator", order = 11, paramLabel = "ESTIMATOR", defaultValue = "biased",
      converter = Converters.HsicEstimatorConverter.class, completionCandidates = Converters.HsicEstimatorCandidates.class,
      description = {"${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}."})
  String estimator;

  @Mixin
  KernelOptions bandwidth;

  @Mixin
  NullOptions test;

  @Override
  protected IntervalMethod intervalMethod() {
    return IntervalMethod.OWN;
  }

  @Override
  protected Estimate estimate(RunSettings settings) {
    return new Hsic(options(settings, ciLevel())).estimate(x.load(), y.load());
  }

  HsicOptions options(RunSettings settings, double ci) {
    return new HsicOptions(kernel, estimator.equals("unbiased"), bandwidth.sigma, bandwidth.sigmaY,
        test.nullDistribution, ci, settings);
  }
}
