package org.infokernels.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * The immutable result of an estimator: the value (kept in nats, converted with {@link #in}),
 * what ran (measure, estimator, backend, and the backend of each stage where they differ), on
 * what (n, dimensions), how long, the optional permutation-test statistics, the diagnostics every
 * user needs as typed accessors ({@link #pValue}, {@link #iterations}, {@link #converged},
 * {@link #stdError}, {@link #warnings}) and command-specific extras. The library never prints:
 * warnings travel here.
 *
 * <p>Immutable all the way down: the extras are frozen when the estimate is built (arrays become
 * unmodifiable lists, maps and lists unmodifiable copies), so no caller can change what another
 * caller reads. An estimate is never NaN or infinite: an estimator whose arithmetic left the
 * double range throws {@link InvalidInputException} instead.
 */
public final class Estimate {
  private final String measure;
  private final String estimator;
  private final double valueNats;
  private final boolean dimensionless;
  private final String backend;
  private final int n;
  private final int[] dims;
  private final double seconds;
  private final Double pValue;
  private final Double nullMeanNats;
  private final Double nullStdNats;
  private final int permutations;
  private final Map<String, Object> extras;
  private final List<String> warnings;
  private final Map<String, String> stages;
  private final Integer iterations;
  private final Boolean converged;
  private final Double stdErrorNats;

  private Estimate(Builder b) {
    this.measure = Objects.requireNonNull(b.measure, "measure");
    this.estimator = b.estimator;
    this.valueNats = b.valueNats;
    this.dimensionless = b.dimensionless;
    this.backend = Objects.requireNonNull(b.backend, "backend");
    this.n = b.n;
    this.dims = b.dims.clone();
    this.seconds = b.seconds;
    this.pValue = b.pValue;
    this.nullMeanNats = b.nullMean;
    this.nullStdNats = b.nullStd;
    this.permutations = b.permutations;
    this.extras = frozenMap(b.extras);
    this.warnings = List.copyOf(b.warnings);
    this.stages = Collections.unmodifiableMap(new LinkedHashMap<>(b.stages));
    this.iterations = b.iterations;
    this.converged = b.converged;
    this.stdErrorNats = b.stdError;
  }

  /** an unmodifiable deep copy: arrays become lists, nested maps and lists are copied and frozen */
  static Map<String, Object> frozenMap(Map<String, ?> m) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (Map.Entry<String, ?> e : m.entrySet()) {
      out.put(e.getKey(), frozen(e.getKey(), e.getValue()));
    }
    return Collections.unmodifiableMap(out);
  }

  private static Object frozen(String key, Object v) {
    if (v == null || v instanceof String || v instanceof Number || v instanceof Boolean || v instanceof Enum) {
      return v;
    }
    if (v instanceof double[]) {
      List<Double> l = new ArrayList<>();
      for (double t : (double[]) v) {
        l.add(t);
      }
      return Collections.unmodifiableList(l);
    }
    if (v instanceof int[]) {
      List<Integer> l = new ArrayList<>();
      for (int t : (int[]) v) {
        l.add(t);
      }
      return Collections.unmodifiableList(l);
    }
    if (v instanceof long[]) {
      List<Long> l = new ArrayList<>();
      for (long t : (long[]) v) {
        l.add(t);
      }
      return Collections.unmodifiableList(l);
    }
    if (v instanceof Map) {
      Map<String, Object> out = new LinkedHashMap<>();
      for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
        out.put(String.valueOf(e.getKey()), frozen(key, e.getValue()));
      }
      return Collections.unmodifiableMap(out);
    }
    if (v instanceof Iterable) {
      List<Object> l = new ArrayList<>();
      for (Object t : (Iterable<?>) v) {
        l.add(frozen(key, t));
      }
      return Collections.unmodifiableList(l);
    }
    throw new IllegalArgumentException("extra '" + key + "' of type " + v.getClass().getName()
        + " cannot be frozen; use numbers, strings, booleans, arrays, lists or maps");
  }

  /**
   * A builder for an estimate of {@code measure}, the command name (e.g. {@code "mi"}); the estimators
   * use it. A backend and a finite value are required by {@link Builder#build}.
   */
  public static Builder builder(String measure) {
    return new Builder(measure);
  }

  /** the command name of the measure, e.g. "mi" */
  public String measure() {
    return measure;
  }

  /** the estimator variant, e.g. "ksg1", or null */
  public String estimator() {
    return estimator;
  }

  /** the estimate in nats (or the raw value for dimensionless measures such as HSIC or CKA) */
  public double value() {
    return valueNats;
  }

  /** the estimate in {@code unit}; dimensionless measures are returned unchanged */
  public double in(Unit unit) {
    return dimensionless ? valueNats : unit.fromNats(valueNats);
  }

  /** true for measures that are not information quantities (no unit conversion) */
  public boolean dimensionless() {
    return dimensionless;
  }

  /** the backend that was selected and ran: "java", "cpu" or "cuda" (see {@link #stages}) */
  public String backend() {
    return backend;
  }

  /**
   * where each stage of the computation ran, by stage name: the backend's label, followed by
   * " (fallback: reason)" where the selected backend meant to run the stage but could not (e.g.
   * {@code eigen → cpu (fallback: cuSOLVER unavailable: ...)} for an exact spectrum asked of the
   * cuda backend without the CUDA libraries), or {@code gram → java} where a stage always runs
   * elsewhere; empty when every stage ran on {@link #backend()}
   */
  public Map<String, String> stages() {
    return stages;
  }

  /** iterations run by an iterative solver (Sinkhorn sweeps, summed over the problems solved), if any */
  public OptionalInt iterations() {
    return iterations == null ? OptionalInt.empty() : OptionalInt.of(iterations);
  }

  /** whether an iterative solver met its stopping rule (false: the values are those of the last iterate) */
  public Optional<Boolean> converged() {
    return Optional.ofNullable(converged);
  }

  /** the standard error of the value in nats (or dimensionless), when the estimator reports one */
  public OptionalDouble stdError() {
    return stdErrorNats == null ? OptionalDouble.empty() : OptionalDouble.of(stdErrorNats);
  }

  /** the standard error in {@code unit} */
  public OptionalDouble stdError(Unit unit) {
    return stdErrorNats == null ? OptionalDouble.empty()
        : OptionalDouble.of(dimensionless ? stdErrorNats : unit.fromNats(stdErrorNats));
  }

  /**
   * number of rows (samples) the estimate was computed from: of x for the two-sample measures, whose
   * other sample's rows are the extra {@code m}; the subsample's rows when the estimator subsampled
   */
  public int n() {
    return n;
  }

  /** the number of columns of each input, in argument order (e.g. [dx, dy]); a copy */
  public int[] dims() {
    return dims.clone();
  }

  /** compute time in seconds */
  public double seconds() {
    return seconds;
  }

  /** permutation p-value (1 + #{null ≥ observed}) / (1 + N), if a test was run */
  public OptionalDouble pValue() {
    return pValue == null ? OptionalDouble.empty() : OptionalDouble.of(pValue);
  }

  /** mean of the permutation null distribution in {@code unit} */
  public OptionalDouble nullMean(Unit unit) {
    return nullMeanNats == null ? OptionalDouble.empty() : OptionalDouble.of(dimensionless ? nullMeanNats : unit.fromNats(nullMeanNats));
  }

  /** standard deviation (ddof = 1) of the permutation null distribution in {@code unit} */
  public OptionalDouble nullStd(Unit unit) {
    return nullStdNats == null ? OptionalDouble.empty() : OptionalDouble.of(dimensionless ? nullStdNats : unit.fromNats(nullStdNats));
  }

  /** number of permutations of the permutation test; 0 if none was run */
  public int permutations() {
    return permutations;
  }

  /**
   * command-specific fields (k, norm, sigma, iterations, ...) in insertion order; unmodifiable all
   * the way down (arrays are reported as unmodifiable lists)
   */
  public Map<String, Object> extras() {
    return extras;
  }

  /** warnings of the run, one line each (e.g. a solver that did not converge); unmodifiable, empty if none */
  public List<String> warnings() {
    return warnings;
  }

  /**
   * e.g. {@code sinkhorn (log-domain) = 0.2957 [backend cpu, n = 1000, 21 iterations, converged]};
   * a solver that did not converge, a p-value, a standard error, stages and warnings are shown
   */
  @Override
  public String toString() {
    StringBuilder b = new StringBuilder(measure);
    if (estimator != null) {
      b.append(" (").append(estimator).append(')');
    }
    b.append(" = ").append(valueNats).append(dimensionless ? "" : " nats");
    if (stdErrorNats != null) {
      b.append(" ± ").append(String.format(Locale.ROOT, "%.3g", stdErrorNats)).append(" (std error)");
    }
    if (pValue != null) {
      b.append(", p = ").append(pValue).append(" (").append(permutations).append(" permutations)");
    }
    b.append(" [backend ").append(backend);
    if (!stages.isEmpty()) {
      b.append(' ').append(stages);
    }
    b.append(", n = ").append(n);
    if (iterations != null) {
      b.append(", ").append(iterations).append(" iterations");
    }
    if (converged != null) {
      b.append(converged ? ", converged" : ", NOT CONVERGED");
    }
    if (!warnings.isEmpty()) {
      b.append(", ").append(warnings.size()).append(warnings.size() == 1 ? " warning" : " warnings");
    }
    return b.append(']').toString();
  }

  /**
   * A builder holding everything of this estimate (value, what ran, test, diagnostics, extras,
   * warnings), e.g. to add an interval to it; the estimate itself is unchanged.
   */
  public Builder toBuilder() {
    Builder b = new Builder(measure);
    b.estimator = estimator;
    b.valueNats = valueNats;
    b.dimensionless = dimensionless;
    b.backend = backend;
    b.n = n;
    b.dims = dims.clone();
    b.seconds = seconds;
    b.pValue = pValue;
    b.nullMean = nullMeanNats;
    b.nullStd = nullStdNats;
    b.permutations = permutations;
    b.extras.putAll(extras);
    b.warnings.addAll(warnings);
    b.stages.putAll(stages);
    b.iterations = iterations;
    b.converged = converged;
    b.stdError = stdErrorNats;
    return b;
  }

  /** Mutable builder used by the estimators. */
  public static final class Builder {
    private final String measure;
    private String estimator;
    private double valueNats = Double.NaN;
    private boolean dimensionless;
    private String backend;
    private int n;
    private int[] dims = new int[0];
    private double seconds;
    private Double pValue;
    private Double nullMean;
    private Double nullStd;
    private int permutations;
    private final Map<String, Object> extras = new LinkedHashMap<>();
    private final ArrayList<String> warnings = new ArrayList<>();
    private final Map<String, String> stages = new LinkedHashMap<>();
    private Integer iterations;
    private Boolean converged;
    private Double stdError;

    private Builder(String measure) {
      this.measure = measure;
    }

    /** the estimator variant, e.g. {@code "ksg1"}; null for none */
    public Builder estimator(String e) { this.estimator = e; return this; }
    /** the estimate in nats, or the raw value of a dimensionless measure; must be finite at {@link #build} */
    public Builder value(double v) { this.valueNats = v; return this; }
    /** marks a measure that is not an information quantity: no unit conversion */
    public Builder dimensionless(boolean b) { this.dimensionless = b; return this; }
    /** the backend that ran: {@code "java"}, {@code "cpu"} or {@code "cuda"}; required */
    public Builder backend(String b) { this.backend = b; return this; }
    /** number of rows (samples), see {@link Estimate#n()} */
    public Builder n(int v) { this.n = v; return this; }
    /** the number of columns of each input, in argument order (copied) */
    public Builder dims(int... d) { this.dims = d.clone(); return this; }
    /** compute time in seconds */
    public Builder seconds(double s) { this.seconds = s; return this; }
    /**
     * a command-specific field: a number, string, boolean, enum, array of double, int or long, list or map,
     * frozen by {@link #build} (anything else is refused there); a repeated key replaces the value
     */
    public Builder extra(String key, Object value) { this.extras.put(key, value); return this; }
    /** adds a warning line */
    public Builder warning(String w) { this.warnings.add(w); return this; }
    /** where the stage {@code name} ran; {@link #build} keeps the stages only if one differs from the backend */
    public Builder stage(String name, String ranOn) { this.stages.put(name, ranOn); return this; }
    /** sweeps of an iterative solver (the extra "iterations" may detail them per problem) */
    public Builder iterations(int count) { this.iterations = count; return this; }
    /** whether the iterative solver met its stopping rule (also the extra "converged") */
    public Builder converged(boolean c) { this.converged = c; this.extras.put("converged", c); return this; }
    /** the standard error of the value in nats or dimensionless (also the extra "std_error") */
    public Builder stdError(double se) { this.stdError = se; this.extras.put("std_error", se); return this; }

    /**
     * The result of a permutation test.
     *
     * @param p     the p-value (1 + #{null ≥ observed})/(1 + count)
     * @param mean  mean of the null distribution (nats, or dimensionless)
     * @param std   standard deviation (ddof = 1) of the null distribution (nats, or dimensionless)
     * @param count number of permutations
     * @return this builder
     */
    public Builder permutationTest(double p, double mean, double std, int count) {
      this.pValue = p;
      this.nullMean = mean;
      this.nullStd = std;
      this.permutations = count;
      return this;
    }

    /**
     * the estimate; a non-finite value (or standard error) is refused: the arithmetic left the
     * double range, and a number must never be printed as if it meant something
     */
    public Estimate build() {
      if (!Double.isFinite(valueNats)) {
        throw new InvalidInputException(measure + ": the estimate is " + valueNats + " (the arithmetic left the double"
            + " range: check the scale and parameters of the input)");
      }
      if (stdError != null && !Double.isFinite(stdError)) {
        throw new InvalidInputException(measure + ": the standard error is " + stdError + " (the arithmetic left the"
            + " double range)");
      }
      boolean differs = false;
      for (String where : stages.values()) {
        differs |= !where.equals(backend);
      }
      if (!differs) {
        stages.clear();
      }
      return new Estimate(this);
    }
  }
}
