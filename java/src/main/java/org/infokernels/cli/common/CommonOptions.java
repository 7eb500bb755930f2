package org.infokernels.cli.common;

import org.infokernels.core.BackendKind;
import org.infokernels.core.Precision;
import org.infokernels.core.RunSettings;
import org.infokernels.core.Unit;
import picocli.CommandLine.Option;

/**
 * The options every command takes (java/docs/cli.md, "Options every command takes"), mapped 1:1 onto
 * {@link RunSettings} plus the output format and unit. The permutation count is a separate
 * mixin ({@link PermutationOptions}): only dependence measures have a test.
 */
public final class CommonOptions {
  @Option(names = "--backend", order = 30, paramLabel = "BACKEND", defaultValue = "auto",
      converter = Converters.BackendConverter.class, completionCandidates = Converters.BackendCandidates.class,
      description = {"${COMPLETION-CANDIDATES}: java = pure Java, cpu = native C++, cuda = GPU; "
          + "auto = cuda if usable, else cpu, else java (or -Dinfokernels.backend). "
          + "A backend that cannot run is an error. Default: ${DEFAULT-VALUE}."})
  public BackendKind backend;

  @Option(names = "--format", order = 31, paramLabel = "FORMAT", defaultValue = "text",
      converter = Converters.FormatConverter.class, completionCandidates = Converters.FormatCandidates.class,
      description = {"${COMPLETION-CANDIDATES}: text = one human line, json = one JSON object on one line. "
          + "Default: ${DEFAULT-VALUE}."})
  public Format format;

  @Option(names = "--base", order = 32, paramLabel = "BASE", defaultValue = "e",
      converter = Converters.BaseConverter.class, completionCandidates = Converters.BaseCandidates.class,
      description = {"logarithm base of the result, ${COMPLETION-CANDIDATES}: nats, bits, hartleys. "
          + "Default: ${DEFAULT-VALUE}."})
  public Unit unit;

  @Option(names = "--threads", order = 33, paramLabel = "N", defaultValue = "0",
      description = {"CPU threads of the cpu and java backends; 0 = all cores. Default: ${DEFAULT-VALUE}."})
  public int threads;

  @Option(names = "--seed", order = 34, paramLabel = "S", defaultValue = "0",
      description = {"seed of every random choice (permutations, jitter). Default: ${DEFAULT-VALUE}."})
  public long seed;

  @Option(names = "--jitter", order = 35, paramLabel = "SCALE", defaultValue = "0",
      description = {"add SCALE * N(0,1) noise (seeded by --seed) to every input value before estimating, e.g. to "
          + "break ties of duplicate points in the k-NN family; every command applies it. 0 = off. "
          + "Default: ${DEFAULT-VALUE}."})
  public double jitter;

  @Option(names = "--standardize", order = 36,
      description = {"replace each column of each input by (x - mean)/std, std with ddof = 1, before estimating "
          + "(every command; JIDT does this by default; for two-sample measures each sample is standardised on "
          + "its own). Default: off."})
  public boolean standardize;

  @Option(names = "--precision", order = 37, paramLabel = "PRECISION", defaultValue = "double",
      converter = Converters.PrecisionConverter.class, completionCandidates = Converters.PrecisionCandidates.class,
      description = {"arithmetic precision, ${COMPLETION-CANDIDATES}. float exists for the optimal-transport "
          + "commands on the cuda backend only; elsewhere it is refused. Default: ${DEFAULT-VALUE}."})
  public Precision precision;

  @Option(names = "--timeout", order = 38, paramLabel = "SECONDS", defaultValue = "0",
      description = {"stop the estimate after SECONDS (every backend stops within about a second) and exit with "
          + "status 3 and the line 'infokernels: error: timed out after SECONDS s'. 0 = no limit. "
          + "Default: ${DEFAULT-VALUE}."})
  public double timeout;

  /** the run settings of these options and {@code permutations} (0 = no test) */
  public RunSettings settings(int permutations) {
    if (!(timeout >= 0) || Double.isInfinite(timeout)) {
      throw new org.infokernels.core.InvalidInputException("--timeout " + timeout
          + " must be a finite number of seconds >= 0 (0 = no limit)");
    }
    return new RunSettings(backend, threads, seed, permutations, jitter, standardize, precision);
  }
}
