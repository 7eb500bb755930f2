package org.infokernels.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.infokernels.api.Estimate;
import org.infokernels.api.Unit;

/**
 * The matrix-entropy commands ({@code von-neumann}, {@code truncated-entropy}, {@code dse},
 * {@code dsmi}): an {@link EstimateCommand} whose entropy-valued extras (per-class parts, the
 * values of a batch) are printed in the unit of {@code --base} like the value, and whose text line
 * for a batch summarises it.
 *
 * <p>A batch (a 3-D npy) prints one JSON object with {@code "batch": B}, {@code "values": [...]}
 * (one per matrix, in order) and {@code "value"} = the mean of the values; n and dims are those of
 * one matrix.
 */
abstract class MatrixEntropyCommand extends EstimateCommand {
  /** the extras of {@code e} (nats) that are information quantities, converted on output */
  Set<String> entropyExtras() {
    return Set.of("values", "std_error");
  }

  @Override
  public Integer call() {
    Estimate e = inUnit(estimate(common.settings(0)), common.unit);
    PrintWriter err = spec.commandLine().getErr();
    for (String w : e.warnings()) {
      err.println(Main.PREFIX + "warning: " + Main.oneLine(w));
    }
    err.flush();
    PrintWriter out = spec.commandLine().getOut();
    out.println(common.format == Format.JSON ? Report.json(e, common.unit) : text(e, common.unit));
    out.flush();
    return 0;
  }

  /** a copy of e with the entropy extras in {@code unit} (the value itself is converted by Report) */
  Estimate inUnit(Estimate e, Unit unit) {
    Estimate.Builder b = Estimate.builder(e.measure()).estimator(e.estimator()).value(e.value())
        .dimensionless(e.dimensionless()).backend(e.backend()).n(e.n()).dims(e.dims()).seconds(e.seconds());
    Set<String> keys = entropyExtras();
    for (Map.Entry<String, Object> x : e.extras().entrySet()) {
      Object v = x.getValue();
      if (!e.dimensionless() && keys.contains(x.getKey())) {
        if (v instanceof Double) {
          v = unit.fromNats((Double) v);
        } else if (v instanceof double[]) {
          double[] a = ((double[]) v).clone();
          for (int i = 0; i < a.length; i++) {
            a[i] = unit.fromNats(a[i]);
          }
          v = a;
        }
      }
      b.extra(x.getKey(), v);
    }
    for (String w : e.warnings()) {
      b.warning(w);
    }
    return b.build();
  }

  /** Report.text, or for a batch: mean, count, min and max of the values */
  static String text(Estimate e, Unit unit) {
    Object values = e.extras().get("values");
    if (!(values instanceof double[])) {
      return Report.text(e, unit);
    }
    double[] v = (double[]) values;
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (double a : v) {
      min = Math.min(min, a);
      max = Math.max(max, a);
    }
    StringBuilder b = new StringBuilder(e.measure());
    if (e.estimator() != null) {
      b.append(" (").append(e.estimator()).append(')');
    }
    b.append(" = ").append(Report.number(e.in(unit)));
    if (!e.dimensionless()) {
      b.append(' ').append(unit.label());
    }
    b.append(" (mean of ").append(v.length).append(v.length == 1 ? " matrix" : " matrices").append(", min ")
        .append(Report.number(min)).append(", max ").append(Report.number(max)).append(')');
    b.append("  [backend ").append(e.backend()).append(", ").append(e.n()).append(" x ")
        .append(e.dims().length > 0 ? e.dims()[0] : 0).append(" each, ")
        .append(String.format(Locale.ROOT, "%.3f", e.seconds())).append(" s]");
    return b.toString();
  }
}
