package org.infokernels.cli.testing;

import org.infokernels.cli.common.Converters;
import org.infokernels.cli.common.DependenceCommand;
import org.infokernels.cli.common.NullOptions;
import org.infokernels.core.Estimate;
import picocli.CommandLine.TypeConversionException;
import org.infokernels.core.RunSettings;
import org.infokernels.testing.DcorAlgorithm;
import org.infokernels.testing.DcorOptions;
import org.infokernels.testing.DistanceCorrelation;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code dcor}: distance correlation, squared form ({@link DistanceCorrelation}). */
@Command(name = "dcor", headerHeading = "%n",
    header = "Distance correlation dCor(X, Y) in its squared form (dimensionless), as hyppo's Dcorr.",
    description = {
        "dCor = dCov^2(X,Y) / sqrt(dCov^2(X,X) dCov^2(Y,Y)), 0 when the denominator is 0, Euclidean distances.",
        "biased (Szekely, Rizzo, Bakirov 2007): dCov^2 = mean(A o B), A, B double-centred distance matrices.",
        "unbiased (Szekely & Rizzo 2014): sum(A~ o B~)/(n(n-3)), U-centred; n >= 4; can be negative.",
        "Per-row pair sums on the tiled engine: O(n^2 d) time, O(n d) memory; 1-D X and Y: Huo & Szekely (2016),",
        "O(n log n). --permutations N permutes Y's rows (16 per pass); --null chi2: n dCor_u + 1 ~ chi2(1).",
        ""})
public final class DcorCommand extends DependenceCommand {
  @Option(names = "--estimator", order = 10, paramLabel = "ESTIMATOR", defaultValue = "biased",
      converter = Converters.HsicEstimatorConverter.class, completionCandidates = Converters.HsicEstimatorCandidates.class,
      description = {"${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}."})
  String estimator;

  @Option(names = "--algorithm", order = 11, paramLabel = "ALGORITHM", defaultValue = "auto",
      converter = AlgorithmConverter.class, completionCandidates = AlgorithmCandidates.class,
      description = {"${COMPLETION-CANDIDATES}: tiled = all pairs on the backend; fast = O(n log n) for 1-D X and Y "
          + "(in Java on every backend); auto = fast when both are 1-D. Default: ${DEFAULT-VALUE}."})
  DcorAlgorithm algorithm;

  @Mixin
  NullOptions test;

  @Override
  protected IntervalMethod intervalMethod() {
    return IntervalMethod.OWN;
  }

  @Override
  protected Estimate estimate(RunSettings settings) {
    return new DistanceCorrelation(options(settings, ciLevel())).estimate(x.load(), y.load());
  }

  DcorOptions options(RunSettings settings, double ci) {
    return new DcorOptions(estimator.equals("unbiased"), algorithm, test.nullDistribution, ci, settings);
  }

  static final class AlgorithmConverter implements ITypeConverter<DcorAlgorithm> {
    @Override
    public DcorAlgorithm convert(String value) {
      for (DcorAlgorithm a : DcorAlgorithm.values()) {
        if (a.label().equals(value)) {
          return a;
        }
      }
      throw new TypeConversionException("'" + value + "' is not one of auto, tiled, fast");
    }
  }

  static final class AlgorithmCandidates extends Converters.Words {
    AlgorithmCandidates() {
      super("auto", "tiled", "fast");
    }
  }
}
