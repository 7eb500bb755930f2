package org.infokernels.cli.matrix;

import org.infokernels.cli.common.Converters;
import org.infokernels.cli.common.SpectralOptions;
import org.infokernels.core.Bandwidth;
import org.infokernels.core.Estimate;
import org.infokernels.core.InvalidInputException;
import org.infokernels.core.RunSettings;
import org.infokernels.matrix.VonNeumannEntropy;
import org.infokernels.matrix.VonNeumannKind;
import org.infokernels.matrix.VonNeumannOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** {@code von-neumann}: von Neumann entropy of a trace-normalised PSD matrix ({@link VonNeumannEntropy}). */
@Command(name = "von-neumann", headerHeading = "%n",
    header = "von Neumann entropy S = -sum lambda_i ln lambda_i of A/tr(A), negative round-off clipped to 0.",
    description = {
        "A: cov = Xc^T Xc (d x d, Xc = X minus column means); linear = Xc Xc^T (n x n),",
        "the same non-zero spectrum, so both decompose the smaller of the two",
        "(gram_size in the output); rbf = the Gaussian Gram matrix K (the matrix-based",
        "Renyi entropy of order 1). Nats by default.",
        "Batch: a 3-D npy (B, n, d) is B matrices (kinds cov and linear), solved in one",
        "backend call; the output is one JSON object with \"batch\": B, \"values\":",
        "[one entropy per matrix, in order] and \"value\" = their mean; n and dims",
        "describe one matrix.",
        ""})
public final class VonNeumannCommand extends MatrixEntropyCommand {
  @Mixin
  BatchInputFile x;

  @Option(names = "--kind", order = 10, paramLabel = "KIND", defaultValue = "cov", converter = KindConverter.class,
      completionCandidates = KindCandidates.class,
      description = {"${COMPLETION-CANDIDATES}: the matrix A (see above). Default: ${DEFAULT-VALUE}."})
  VonNeumannKind kind;

  @Option(names = "--sigma", order = 11, paramLabel = "SIGMA", defaultValue = "median",
      converter = Converters.BandwidthConverter.class,
      description = {"kind rbf: bandwidth in K = exp(-|a-b|^2/(2 sigma^2)), a number > 0 or median = the median "
          + "Euclidean distance over pairs i<j (above 2000 rows over a seeded subsample). Default: ${DEFAULT-VALUE}."})
  Bandwidth sigma;

  @Mixin
  SpectralOptions spectral;

  @Override
  protected Estimate estimate(RunSettings settings) {
    VonNeumannOptions o = new VonNeumannOptions(kind, sigma, spectral.method, spectral.probes, spectral.steps, settings);
    BatchInputFile.Loaded in = x.loadAny();
    if (in.isBatch()) {
      if (kind == VonNeumannKind.RBF) {
        throw new InvalidInputException(x.path() + ": a 3-D batch takes --kind cov or linear, not rbf");
      }
      return new VonNeumannEntropy(o).estimateBatch(in.batch()).summary();
    }
    return new VonNeumannEntropy(o).estimate(in.single());
  }

  static final class KindConverter implements ITypeConverter<VonNeumannKind> {
    @Override
    public VonNeumannKind convert(String value) {
      for (VonNeumannKind k : VonNeumannKind.values()) {
        if (k.label().equals(value)) {
          return k;
        }
      }
      throw new TypeConversionException("'" + value + "' is not one of cov, linear, rbf");
    }
  }

  static final class KindCandidates extends Converters.Words {
    KindCandidates() {
      super("cov", "linear", "rbf");
    }
  }
}
