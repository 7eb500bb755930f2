package org.infokernels.cli.common;

import java.util.Locale;
import java.util.Map;
import org.infokernels.core.Estimate;
import org.infokernels.core.Unit;

/** Renders an {@link Estimate} as the command line prints it (java/docs/cli.md, "Output"). */
public final class Report {
  private Report() {}

  /** the extras of a {@code --ci} interval, in nats (or dimensionless) like the value */
  static final java.util.Set<String> INTERVAL = java.util.Set.of("std_error", "ci_low", "ci_high");

  /**
   * One JSON object: measure, estimator, value (in {@code unit}), unit, backend, n, dims, k,
   * the command-specific fields of {@link Estimate#extras()}, then p_value, null_mean,
   * null_std, permutations when a test ran, and seconds. A dimensionless measure (HSIC, CKA) has
   * {@code "unit":"dimensionless"} and ignores --base.
   */
  static String json(Estimate e, Unit unit) {
    return json(e, unit, java.util.Set.of());
  }

  /**
   * {@link #json(Estimate, Unit)} with the extras named in {@code natsExtras} (numbers or lists of
   * numbers in nats, e.g. a batch's values, SLQ's std_error) converted to {@code unit}
   */
  public static String json(Estimate e, Unit unit, java.util.Set<String> natsExtras) {
    Json.ObjectWriter w = new Json.ObjectWriter()
        .field("measure", e.measure())
        .field("estimator", e.estimator())
        .field("value", e.in(unit))
        .field("unit", e.dimensionless() ? "dimensionless" : unit.label())
        .field("backend", e.backend());
    if (!e.stages().isEmpty()) {
      w.field("stages", e.stages());
    }
    w.field("n", e.n())
        .field("dims", e.dims());
    Map<String, Object> extras = e.extras();
    if (extras.containsKey("k")) {
      w.field("k", extras.get("k"));
    }
    for (Map.Entry<String, Object> x : extras.entrySet()) {
      if (!x.getKey().equals("k")) {
        Object v = x.getValue();
        if (!e.dimensionless() && (natsExtras.contains(x.getKey()) || INTERVAL.contains(x.getKey()))) {
          v = inUnit(v, unit);
        }
        w.field(x.getKey(), v);
      }
    }
    if (e.pValue().isPresent()) {
      w.field("p_value", e.pValue().getAsDouble())
          .field("null_mean", e.nullMean(unit).getAsDouble())
          .field("null_std", e.nullStd(unit).getAsDouble())
          .field("permutations", e.permutations());
    }
    return w.field("seconds", e.seconds()).toString();
  }

  /**
   * One human line, e.g. {@code mi (ksg1) = 0.2063 nats  [backend cpu, n = 1000, k = 3, 0.004 s]};
   * with a test, {@code , p = 0.0099 (100 permutations, null 0.0012 +- 0.0051)} follows the value.
   */
  public static String text(Estimate e, Unit unit) {
    StringBuilder b = new StringBuilder(e.measure());
    if (e.estimator() != null) {
      b.append(" (").append(e.estimator()).append(')');
    }
    b.append(" = ").append(number(e.in(unit)));
    if (!e.dimensionless()) {
      b.append(' ').append(unit.label());
    }
    if (e.extras().get("ci_low") instanceof Number && e.extras().get("ci_high") instanceof Number) {
      double lo = ((Number) e.extras().get("ci_low")).doubleValue();
      double hi = ((Number) e.extras().get("ci_high")).doubleValue();
      Object level = e.extras().get("ci_level");
      b.append(", ").append(level instanceof Number ? percent(((Number) level).doubleValue()) + "% " : "")
          .append("CI [").append(number(e.dimensionless() ? lo : unit.fromNats(lo))).append(", ")
          .append(number(e.dimensionless() ? hi : unit.fromNats(hi))).append("] (").append(e.extras().get("ci_method"))
          .append(')');
    }
    if (e.pValue().isPresent()) {
      b.append(", p = ").append(number(e.pValue().getAsDouble()))
          .append(" (").append(e.permutations()).append(e.permutations() == 1 ? " permutation" : " permutations")
          .append(", null ").append(number(e.nullMean(unit).getAsDouble()))
          .append(" +- ").append(number(e.nullStd(unit).getAsDouble())).append(')');
    }
    b.append("  [backend ").append(e.backend()).append(", n = ").append(e.n());
    Map<String, Object> extras = e.extras();
    if (extras.containsKey("m")) {
      b.append(", m = ").append(extras.get("m"));
    }
    if (extras.containsKey("k")) {
      b.append(", k = ").append(extras.get("k"));
    }
    if (extras.containsKey("norm")) {
      b.append(", ").append(extras.get("norm")).append(" norm");
    }
    b.append(", ").append(String.format(Locale.ROOT, "%.3f", e.seconds())).append(" s]");
    return b.toString();
  }

  /** 100·level without trailing zeros: 95, 99.9 */
  static String percent(double level) {
    return java.math.BigDecimal.valueOf(level * 100).round(new java.math.MathContext(6)).stripTrailingZeros()
        .toPlainString();
  }

  /** a number or a list of numbers in nats, converted to {@code unit} */
  private static Object inUnit(Object v, Unit unit) {
    if (v instanceof Number) {
      return unit.fromNats(((Number) v).doubleValue());
    }
    if (v instanceof java.util.List) {
      java.util.List<Object> out = new java.util.ArrayList<>();
      for (Object o : (java.util.List<?>) v) {
        out.add(inUnit(o, unit));
      }
      return out;
    }
    return v;
  }

  /** four decimals, or four significant digits in scientific notation for tiny or huge values */
  public static String number(double v) {
    if (!Double.isFinite(v)) {
      return Double.toString(v);
    }
    double a = Math.abs(v);
    if (a == 0 || (a >= 1e-3 && a < 1e7)) {
      return String.format(Locale.ROOT, "%.4f", v);
    }
    return String.format(Locale.ROOT, "%.3e", v);
  }
}
