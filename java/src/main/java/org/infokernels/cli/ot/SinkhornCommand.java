package org.infokernels.cli.ot;

import org.infokernels.cli.common.EstimateCommand;
import org.infokernels.cli.common.InputFile;
import org.infokernels.core.Estimate;
import org.infokernels.core.RunSettings;
import org.infokernels.ot.Sinkhorn;
import org.infokernels.ot.SinkhornOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code sinkhorn}: entropic optimal transport between X and Y ({@link Sinkhorn}). */
@Command(name = "sinkhorn", headerHeading = "%n",
    header = "Entropic optimal transport between the samples X and Y (log-domain Sinkhorn).",
    description = {
        "min <P,C> + eps sum P log P over plans P with marginals a (rows of X) and b (rows of Y), C_ij = |x_i - y_j|^2 "
            + "(no 1/2, absolute eps): POT's sinkhorn_log/sinkhorn2 conventions and stopping rule (Cuturi, NIPS 2013).",
        "value = the transport cost <P,C> (what POT sinkhorn2 returns); also regularized = <P,C> + eps KL(P | a x b) "
            + "(OT_eps), iterations (POT's niter + 1), converged, marginal_error = |P^T 1 - b|_2, epsilon.",
        "X and Y may have different numbers of rows, not of columns. Weights uniform unless --a/--b.",
        "The cost matrix is never stored: O(n m d) time per iteration, O((n + m) d) memory. Not converging is not an "
            + "error: converged = false and a warning. The value is a squared distance (no unit; --base is ignored).",
        ""})
public final class SinkhornCommand extends EstimateCommand {
  @Mixin
  InputFile.X x;

  @Mixin
  InputFile.Y y;

  @Mixin
  OtOptions ot;

  @Option(names = "--max-iter", order = 11, paramLabel = "N", defaultValue = "1000",
      description = {"the most iterations (v- and u-update each). Default: ${DEFAULT-VALUE} (POT's sinkhorn2)."})
  int maxIter;

  @Option(names = "--a", order = 14, paramLabel = "PATH",
      description = {"weights of the rows of X: a 1-D npy of n values >= 0 summing to 1 (within 1e-9). Default: uniform."})
  String a;

  @Option(names = "--b", order = 15, paramLabel = "PATH",
      description = {"weights of the rows of Y, as --a. Default: uniform."})
  String b;

  @Override
  protected boolean twoSample() {
    return true;
  }

  @Override
  protected IntervalMethod intervalMethod() {
    return IntervalMethod.BOOTSTRAP;
  }

  @Override
  protected Estimate estimate(RunSettings settings) {
    SinkhornOptions o = new SinkhornOptions(ot.epsilon, maxIter, ot.tol, ot.epsilonScaling, settings);
    return new Sinkhorn(o).estimate(x.load(), y.load(), OtOptions.weights(a, "a", keep(0)),
        OtOptions.weights(b, "b", keep(1)));
  }
}
