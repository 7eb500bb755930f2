package org.infokernels.cli.kernel;

import org.infokernels.cli.common.Converters;
import org.infokernels.core.RunSettings;
import org.infokernels.core.SpectralMethod;
import org.infokernels.kernel.RenyiOptions;
import picocli.CommandLine.Option;

/** {@code --alpha}, {@code --method}, {@code --probes}, {@code --lanczos-steps} of the matrix-based Rényi commands. */
final class RenyiOptionsMixin {
  @Option(names = "--alpha", order = 10, paramLabel = "ALPHA", defaultValue = "1.01",
      converter = Converters.AlphaConverter.class,
      description = {"Renyi order alpha > 0, alpha != 1 (alpha -> 1 is von Neumann; alpha = 2 needs no "
          + "eigenvalues: sum lambda^2 = |A|_F^2). Default: ${DEFAULT-VALUE}."})
  double alpha;

  @Option(names = "--method", order = 11, paramLabel = "METHOD", defaultValue = "auto",
      converter = Converters.MethodConverter.class, completionCandidates = Converters.MethodCandidates.class,
      description = {"${COMPLETION-CANDIDATES}: exact = all eigenvalues of the n x n Gram matrix (O(n^3) time, "
          + "O(n^2) memory); slq = matrix-free stochastic Lanczos quadrature with deflation, reports std_error; "
          + "auto = exact up to n = " + SpectralMethod.AUTO_EXACT_MAX_N + ", slq above. Default: ${DEFAULT-VALUE}."})
  SpectralMethod method;

  @Option(names = "--probes", order = 14, paramLabel = "P", defaultValue = "" + SpectralMethod.DEFAULT_PROBES,
      description = {"slq: Rademacher probe vectors. Default: ${DEFAULT-VALUE}."})
  int probes;

  @Option(names = "--lanczos-steps", order = 15, paramLabel = "S", defaultValue = "" + SpectralMethod.DEFAULT_LANCZOS_STEPS,
      description = {"slq: most Lanczos steps per probe; the runs stop earlier (from 4 steps on) once the "
          + "Gauss/Gauss-Radau quadrature bound (output quadrature_error) is at most half of std_error. "
          + "Default: ${DEFAULT-VALUE}."})
  int steps;

  RenyiOptions options(KernelOptions k, RunSettings settings) {
    return new RenyiOptions(alpha, k.sigma, k.sigmaY, method, probes, steps, settings);
  }
}
