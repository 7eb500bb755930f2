package org.infokernels.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * The immutable result of an estimator: the value (kept in nats, converted with {@link #in}),
 * what ran (measure, estimator, backend), on what (n, dimensions), how long, the optional
 * permutation-test statistics and command-specific diagnostics. The library never prints:
 * warnings travel here.
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
    this.extras = Collections.unmodifiableMap(new LinkedHashMap<>(b.extras));
    this.warnings = List.copyOf(b.warnings);
  }

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

  /** the backend that ran: "java", "cpu" or "cuda" */
  public String backend() {
    return backend;
  }

  public int n() {
    return n;
  }

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

  public int permutations() {
    return permutations;
  }

  /** command-specific fields (k, norm, sigma, iterations, ...) in insertion order */
  public Map<String, Object> extras() {
    return extras;
  }

  public List<String> warnings() {
    return warnings;
  }

  @Override
  public String toString() {
    return measure + (estimator == null ? "" : " (" + estimator + ")") + " = " + valueNats
        + (dimensionless ? "" : " nats") + " [backend " + backend + ", n = " + n + "]";
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
    private final java.util.ArrayList<String> warnings = new java.util.ArrayList<>();

    private Builder(String measure) {
      this.measure = measure;
    }

    public Builder estimator(String e) { this.estimator = e; return this; }
    public Builder value(double v) { this.valueNats = v; return this; }
    public Builder dimensionless(boolean b) { this.dimensionless = b; return this; }
    public Builder backend(String b) { this.backend = b; return this; }
    public Builder n(int v) { this.n = v; return this; }
    public Builder dims(int... d) { this.dims = d.clone(); return this; }
    public Builder seconds(double s) { this.seconds = s; return this; }
    public Builder extra(String key, Object value) { this.extras.put(key, value); return this; }
    public Builder warning(String w) { this.warnings.add(w); return this; }

    public Builder permutationTest(double p, double mean, double std, int count) {
      this.pValue = p;
      this.nullMean = mean;
      this.nullStd = std;
      this.permutations = count;
      return this;
    }

    public Estimate build() {
      return new Estimate(this);
    }
  }
}
