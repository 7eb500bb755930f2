package org.infokernels.core;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The immutable result of a batched estimator: one value per matrix of the batch (in nats, or
 * dimensionless), in batch order, with what ran and on what. {@link #summary()} condenses it into
 * one {@link Estimate} whose value is the mean and whose extras carry {@code batch} and
 * {@code values}, which is what the command line prints.
 */
public final class BatchEstimate {
  private final String measure;
  private final String estimator;
  private final double[] valuesNats;
  private final boolean dimensionless;
  private final String backend;
  private final int rows;
  private final int cols;
  private final double seconds;
  private final Map<String, Object> extras;
  private final List<String> warnings;
  private final Map<String, String> stages;

  /**
   * A batch result, as the batched estimators build it.
   *
   * @param measure       the command name of the measure, e.g. {@code "von-neumann"}
   * @param estimator     the estimator variant, or null
   * @param valuesNats    one value per matrix, in batch order, in nats (or dimensionless); copied
   * @param dimensionless true for measures that are not information quantities (no unit conversion)
   * @param backend       the backend that ran: {@code "java"}, {@code "cpu"} or {@code "cuda"}
   * @param rows          rows (samples) of each matrix
   * @param cols          columns (features) of each matrix
   * @param seconds       compute time of the whole batch in seconds
   * @param extras        command-specific fields, frozen as by {@link Estimate.Builder#extra}
   * @param warnings      warning lines; copied
   * @param stages        where each stage ran; kept only if one of them differs from {@code backend}
   * @throws InvalidInputException if a value is NaN or infinite (the arithmetic left the double range)
   * @throws IllegalArgumentException if an extra is not a number, string, boolean, enum, array, list or map
   * @throws NullPointerException if {@code measure} or {@code backend} is null
   */
  public BatchEstimate(String measure, String estimator, double[] valuesNats, boolean dimensionless, String backend, int rows,
                int cols, double seconds, Map<String, Object> extras, List<String> warnings, Map<String, String> stages) {
    this.measure = Objects.requireNonNull(measure, "measure");
    this.estimator = estimator;
    this.valuesNats = valuesNats.clone();
    this.dimensionless = dimensionless;
    this.backend = Objects.requireNonNull(backend, "backend");
    this.rows = rows;
    this.cols = cols;
    this.seconds = seconds;
    for (double v : valuesNats) {
      if (!Double.isFinite(v)) {
        throw new InvalidInputException(measure + ": an estimate of the batch is " + v + " (the arithmetic left the double"
            + " range: check the scale of the input)");
      }
    }
    this.extras = Estimate.frozenMap(extras);
    this.warnings = List.copyOf(warnings);
    Map<String, String> st = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : stages.entrySet()) {
      st.put(e.getKey(), e.getValue());
    }
    this.stages = st.values().stream().allMatch(backend::equals) ? Map.of() : Collections.unmodifiableMap(st);
  }

  /** the command name of the measure, e.g. {@code "von-neumann"} */
  public String measure() {
    return measure;
  }

  /** the estimator variant, e.g. {@code "cov"} or {@code "uncomp"}, or null */
  public String estimator() {
    return estimator;
  }

  /** number of matrices */
  public int size() {
    return valuesNats.length;
  }

  /** the values in nats (or dimensionless), one per matrix, in batch order */
  public double[] values() {
    return valuesNats.clone();
  }

  /** value i in nats (or dimensionless) */
  public double value(int i) {
    return valuesNats[i];
  }

  /** the values in {@code unit}; dimensionless values are returned unchanged */
  public double[] in(Unit unit) {
    double[] out = valuesNats.clone();
    if (!dimensionless) {
      for (int i = 0; i < out.length; i++) {
        out[i] = unit.fromNats(out[i]);
      }
    }
    return out;
  }

  /** the mean of the values (nats or dimensionless) */
  public double mean() {
    double s = 0;
    for (double v : valuesNats) {
      s += v;
    }
    return s / valuesNats.length;
  }

  /** true for measures that are not information quantities: {@link #in} returns their values unchanged */
  public boolean dimensionless() {
    return dimensionless;
  }

  /** the backend that was selected and ran: {@code "java"}, {@code "cpu"} or {@code "cuda"} (see {@link #stages()}) */
  public String backend() {
    return backend;
  }

  /** rows (samples) of each matrix */
  public int rows() {
    return rows;
  }

  /** columns (features) of each matrix */
  public int cols() {
    return cols;
  }

  /** compute time of the whole batch in seconds */
  public double seconds() {
    return seconds;
  }

  /**
   * command-specific fields (e.g. {@code gram_size}, {@code rank}) in insertion order; unmodifiable all
   * the way down, as {@link Estimate#extras()}
   */
  public Map<String, Object> extras() {
    return extras;
  }

  /** warnings of the run, one line each (the library never prints); unmodifiable, empty if none */
  public List<String> warnings() {
    return warnings;
  }

  /** where each stage ran when they differ from {@link #backend()} (see {@link Estimate#stages()}); else empty */
  public Map<String, String> stages() {
    return stages;
  }

  /**
   * One {@link Estimate}: value = the mean over the batch, n = rows per matrix, dims = [cols], and
   * the extras {@code batch} (the count) and {@code values} (a list, nats or dimensionless)
   * before this batch's own extras.
   */
  public Estimate summary() {
    Estimate.Builder b = Estimate.builder(measure).estimator(estimator).value(mean()).dimensionless(dimensionless)
        .backend(backend).n(rows).dims(cols).extra("batch", size()).extra("values", values());
    for (Map.Entry<String, Object> e : extras.entrySet()) {
      b.extra(e.getKey(), e.getValue());
    }
    for (String w : warnings) {
      b.warning(w);
    }
    for (Map.Entry<String, String> e : stages.entrySet()) {
      b.stage(e.getKey(), e.getValue());
    }
    return b.seconds(seconds).build();
  }

  /** the {@link Estimate} of a batch of one matrix: its value, without the batch fields */
  public Estimate summaryOfOne() {
    Estimate.Builder b = Estimate.builder(measure).estimator(estimator).value(valuesNats[0]).dimensionless(dimensionless)
        .backend(backend).n(rows).dims(cols);
    for (Map.Entry<String, Object> e : extras.entrySet()) {
      b.extra(e.getKey(), e.getValue());
    }
    for (String w : warnings) {
      b.warning(w);
    }
    for (Map.Entry<String, String> e : stages.entrySet()) {
      b.stage(e.getKey(), e.getValue());
    }
    return b.seconds(seconds).build();
  }

  @Override
  public String toString() {
    return measure + (estimator == null ? "" : " (" + estimator + ")") + " of " + size() + " matrices, mean " + mean()
        + (dimensionless ? "" : " nats") + " [backend " + backend + ", " + rows + " x " + cols + "]";
  }
}
