package org.infokernels.cli.common;

import org.infokernels.cli.common.Converters;
import org.infokernels.core.SpectralMethod;
import picocli.CommandLine.Option;

/** {@code --method}, {@code --probes}, {@code --lanczos-steps} of the matrix entropies on n x n kernel matrices. */
public final class SpectralOptions {
  @Option(names = "--method", order = 20, paramLabel = "METHOD", defaultValue = "auto",
      converter = Converters.MethodConverter.class, completionCandidates = Converters.MethodCandidates.class,
      description = {"${COMPLETION-CANDIDATES}: exact = all eigenvalues of the n x n matrix (O(n^3) time, "
          + "O(n^2) memory); slq = matrix-free stochastic Lanczos quadrature with deflation, reports std_error; "
          + "auto = exact up to n = " + SpectralMethod.AUTO_EXACT_MAX_N + ", slq above. Default: ${DEFAULT-VALUE}."})
  public SpectralMethod method;

  @Option(names = "--probes", order = 21, paramLabel = "P", defaultValue = "" + SpectralMethod.DEFAULT_PROBES,
      description = {"slq: Rademacher probe vectors. Default: ${DEFAULT-VALUE}."})
  public int probes;

  @Option(names = "--lanczos-steps", order = 22, paramLabel = "S", defaultValue = "" + SpectralMethod.DEFAULT_LANCZOS_STEPS,
      description = {"slq: most Lanczos steps per probe; the runs stop earlier (from 4 steps on) once the "
          + "Gauss/Gauss-Radau quadrature bound (output quadrature_error) is at most half of std_error. "
          + "Default: ${DEFAULT-VALUE}."})
  public int steps;
}
