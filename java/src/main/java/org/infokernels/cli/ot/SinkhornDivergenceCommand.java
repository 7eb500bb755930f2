package org.infokernels.cli.ot;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.infokernels.cli.common.EstimateCommand;
import org.infokernels.cli.common.InputFile;
import org.infokernels.core.Estimate;
import org.infokernels.core.RunSettings;
import org.infokernels.ot.SinkhornDivergence;
import org.infokernels.ot.SinkhornDivergenceOptions;
import org.infokernels.ot.SinkhornVariant;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** {@code sinkhorn-divergence}: debiased Sinkhorn divergence S_eps(X, Y) ({@link SinkhornDivergence}). */
@Command(name = "sinkhorn-divergence", headerHeading = "%n",
    header = "Debiased Sinkhorn divergence S_eps(X, Y) = W(X,Y) - W(X,X)/2 - W(Y,Y)/2.",
    description = {
        "feydy (default): W = OT_eps = <P,C> + eps KL(P | a x b) (Genevay et al. 2018; Feydy et al., AISTATS 2019, "
            + "eq. 4); S >= 0, 0 for identical samples, not clipped; self terms by Feydy's averaged symmetric update.",
        "pot: W = <P,C> of three alternating solves, then max(0, S): exactly POT's empirical_sinkhorn_divergence.",
        "C = |a-b|^2 (no 1/2), the same eps in all three terms. X and Y may have different numbers of rows.",
        "Adds terms {xy, xx, yy} and the iterations of the three problems. O((n+m)^2 d) time per iteration, "
            + "O((n+m) d) memory. The value is a squared distance (no unit; --base is ignored).",
        ""})
public final class SinkhornDivergenceCommand extends EstimateCommand {
  @Mixin
  InputFile.X x;

  @Mixin
  InputFile.Y y;

  @Mixin
  OtOptions ot;

  @Option(names = "--max-iter", order = 11, paramLabel = "N", defaultValue = "10000",
      description = {"the most iterations of each of the three problems. Default: ${DEFAULT-VALUE} (POT's "
          + "empirical_sinkhorn*)."})
  int maxIter;

  @Option(names = "--variant", order = 9, paramLabel = "VARIANT", defaultValue = "feydy",
      converter = VariantConverter.class, completionCandidates = VariantCandidates.class,
      description = {"${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}."})
  SinkhornVariant variant;

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
    SinkhornDivergenceOptions o = new SinkhornDivergenceOptions(ot.epsilon, variant, maxIter, ot.tol,
        ot.epsilonScaling, settings);
    return new SinkhornDivergence(o).estimate(x.load(), y.load(), OtOptions.weights(a, "a", keep(0)),
        OtOptions.weights(b, "b", keep(1)));
  }

  /** feydy | pot */
  static final class VariantConverter implements ITypeConverter<SinkhornVariant> {
    @Override
    public SinkhornVariant convert(String value) {
      for (SinkhornVariant v : SinkhornVariant.values()) {
        if (v.label().equals(value)) {
          return v;
        }
      }
      throw new TypeConversionException("'" + value + "' is not one of feydy, pot");
    }
  }

  static final class VariantCandidates implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return new ArrayList<>(List.of("feydy", "pot")).iterator();
    }
  }
}
