package org.infokernels.spark;

import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.infokernels.core.BackendKind;
import org.infokernels.core.InvalidInputException;
import org.infokernels.core.RunSettings;

/**
 * The options of a Spark job of {@link InfokernelsSpark}: the measure's own parameters (by the names of the CLI's
 * options, without the dashes: {@code k}, {@code algorithm}, {@code kernel}, {@code sigma}, {@code alpha} ...), the
 * run settings every estimator takes ({@link RunSettings}: backend, seed, permutations, jitter, standardisation),
 * the uncertainty asked for ({@code ci}), the false discovery rate of a matrix, and how the work is cut into
 * tasks. Serializable: it travels to the executors with every task.
 *
 * <p>Backend on executors: {@code auto} (the default) runs the cpu backend (native C++, loaded once per executor
 * JVM) and falls back to java where the native library cannot load, reporting the fallback per task;
 * {@code java}, {@code cpu} or {@code cuda} force one engine (an executor where it cannot run fails its task).
 *
 * @param params        the measure's parameters, e.g. {@code k=3}, {@code sigma=median}; unknown names are refused
 *                      when the job starts
 * @param backend       {@code auto}, {@code java}, {@code cpu} or {@code cuda}
 * @param seed          seed of every random choice (permutations, subsamples, jitter); the same for every task, so
 *                      a result does not depend on how tasks are scheduled
 * @param permutations  permutations of the permutation test of each estimate (0 = no p-value)
 * @param jitter        N(0,1) noise scale added to break ties (k-NN family; 0 = off)
 * @param standardize   z-score each column first (k-NN family)
 * @param threads       CPU threads each task's estimator may use (1 by default: Spark runs one task per core)
 * @param ci            confidence level of the interval of a grouped estimate, in (0, 1), or 0 for none
 * @param subsamples    number of subsamples of that interval (Politis–Romano subsampling, see
 *                      {@link InfokernelsSpark#groupedEstimate})
 * @param fdr           the false discovery rate of a dependence matrix's {@code significant} flag, in (0, 1)
 * @param tasks         number of Spark tasks the work is cut into (0 = three per core of the cluster); for network
 *                      inference, the tasks wanted per inclusion step (0 = one per core): fewer targets than that
 *                      split each target's candidates into batches
 * @param zColumns      the conditioning columns of {@code cmi} (empty for the other measures)
 */
public record SparkOptions(Map<String, String> params, String backend, long seed, int permutations, double jitter,
                           boolean standardize, int threads, double ci, int subsamples, double fdr, int tasks,
                           List<String> zColumns) implements Serializable {
  private static final long serialVersionUID = 1L;

  /**
   * Checks and freezes the options.
   *
   * @throws InvalidInputException if the backend is not one of auto, java, cpu, cuda; permutations, threads,
   *         subsamples or tasks is negative; jitter is negative or not finite; {@code ci} is not 0 and not in
   *         (0, 1); {@code subsamples} is below 20 while {@code ci} is set; {@code fdr} is not in (0, 1)
   * @throws NullPointerException if {@code params}, {@code backend} or {@code zColumns} is null
   */
  public SparkOptions {
    params = Map.copyOf(new TreeMap<>(Objects.requireNonNull(params, "params")));
    Objects.requireNonNull(backend, "backend");
    BackendKind.parse(backend);
    zColumns = List.copyOf(Objects.requireNonNull(zColumns, "zColumns"));
    // the checks of RunSettings, with its messages
    new RunSettings(BackendKind.parse(backend), threads, seed, permutations, jitter, standardize,
        org.infokernels.core.Precision.DOUBLE);
    if (!(ci == 0 || (ci > 0 && ci < 1))) {
      throw new InvalidInputException("ci = " + ci + " must be 0 (none) or a level in (0, 1), e.g. 0.95");
    }
    if (subsamples < 0 || (ci > 0 && subsamples < 20)) {
      throw new InvalidInputException("subsamples = " + subsamples + " must be at least 20 for a confidence interval");
    }
    if (!(fdr > 0 && fdr < 1)) {
      throw new InvalidInputException("fdr = " + fdr + " must be in (0, 1)");
    }
    if (tasks < 0) {
      throw new InvalidInputException("tasks = " + tasks + " must be >= 0 (0 = three per core)");
    }
  }

  /** no parameters (each measure's defaults), backend auto, seed 0, no test, no interval, fdr 0.05, 1 thread per task */
  public static SparkOptions defaults() {
    return new SparkOptions(Map.of(), "auto", 0L, 0, 0.0, false, 1, 0.0, 200, 0.05, 0, List.of());
  }

  /** a copy with parameter {@code name} set to {@code value} (e.g. {@code "k", "4"}) */
  public SparkOptions with(String name, String value) {
    Map<String, String> m = new TreeMap<>(params);
    m.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
    return new SparkOptions(m, backend, seed, permutations, jitter, standardize, threads, ci, subsamples, fdr, tasks,
        zColumns);
  }

  /** a copy with backend {@code b}: auto, java, cpu or cuda */
  public SparkOptions withBackend(String b) {
    return new SparkOptions(params, b, seed, permutations, jitter, standardize, threads, ci, subsamples, fdr, tasks,
        zColumns);
  }

  /** a copy with seed {@code s} */
  public SparkOptions withSeed(long s) {
    return new SparkOptions(params, backend, s, permutations, jitter, standardize, threads, ci, subsamples, fdr, tasks,
        zColumns);
  }

  /** a copy with {@code p} permutations per estimate (0 = no p-value) */
  public SparkOptions withPermutations(int p) {
    return new SparkOptions(params, backend, seed, p, jitter, standardize, threads, ci, subsamples, fdr, tasks,
        zColumns);
  }

  /** a copy with jitter scale {@code j} (0 = off) */
  public SparkOptions withJitter(double j) {
    return new SparkOptions(params, backend, seed, permutations, j, standardize, threads, ci, subsamples, fdr, tasks,
        zColumns);
  }

  /** a copy that z-scores each column first ({@code s} true) or not */
  public SparkOptions withStandardize(boolean s) {
    return new SparkOptions(params, backend, seed, permutations, jitter, s, threads, ci, subsamples, fdr, tasks,
        zColumns);
  }

  /** a copy with {@code t} CPU threads per task (0 = all cores of the executor) */
  public SparkOptions withThreads(int t) {
    return new SparkOptions(params, backend, seed, permutations, jitter, standardize, t, ci, subsamples, fdr, tasks,
        zColumns);
  }

  /** a copy with a confidence interval at level {@code level} (0 = none) from {@code count} subsamples */
  public SparkOptions withCi(double level, int count) {
    return new SparkOptions(params, backend, seed, permutations, jitter, standardize, threads, level, count, fdr, tasks,
        zColumns);
  }

  /** a copy with false discovery rate {@code q} */
  public SparkOptions withFdr(double q) {
    return new SparkOptions(params, backend, seed, permutations, jitter, standardize, threads, ci, subsamples, q, tasks,
        zColumns);
  }

  /** a copy that cuts the work into {@code n} tasks (0 = three per core) */
  public SparkOptions withTasks(int n) {
    return new SparkOptions(params, backend, seed, permutations, jitter, standardize, threads, ci, subsamples, fdr, n,
        zColumns);
  }

  /** a copy with the conditioning columns {@code z} of {@code cmi} */
  public SparkOptions withZColumns(List<String> z) {
    return new SparkOptions(params, backend, seed, permutations, jitter, standardize, threads, ci, subsamples, fdr,
        tasks, z);
  }

  /** the run settings of these options, with {@code kind} as the backend */
  RunSettings settings(BackendKind kind) {
    return new RunSettings(kind, threads, seed, permutations, jitter, standardize,
        org.infokernels.core.Precision.DOUBLE);
  }
}
