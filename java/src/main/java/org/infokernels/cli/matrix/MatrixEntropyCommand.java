package org.infokernels.cli.matrix;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.infokernels.cli.common.EstimateCommand;
import org.infokernels.cli.common.Format;
import org.infokernels.cli.common.Messages;
import org.infokernels.cli.common.Report;
import org.infokernels.cli.common.Timeout;
import org.infokernels.core.Estimate;
import org.infokernels.core.Unit;

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
    Estimate e = Timeout.call(common.timeout, this::estimateWithInterval);
    PrintWriter err = spec.commandLine().getErr();
    for (String w : e.warnings()) {
      Messages.warn(err, w);
    }
    err.flush();
    PrintWriter out = spec.commandLine().getOut();
    out.println(common.format == Format.JSON ? Report.json(e, common.unit, entropyExtras()) : text(e, common.unit));
    out.flush();
    return 0;
  }

  /** Report.text, or for a batch: mean, count, min and max of the values */
  static String text(Estimate e, Unit unit) {
    Object values = e.extras().get("values");
    if (!(values instanceof List)) {
      return Report.text(e, unit);
    }
    List<?> v = (List<?>) values;
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (Object o : v) {
      double a = e.dimensionless() ? ((Number) o).doubleValue() : unit.fromNats(((Number) o).doubleValue());
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
    b.append(" (mean of ").append(v.size()).append(v.size() == 1 ? " matrix" : " matrices").append(", min ")
        .append(Report.number(min)).append(", max ").append(Report.number(max)).append(')');
    b.append("  [backend ").append(e.backend()).append(", ").append(e.n()).append(" x ")
        .append(e.dims().length > 0 ? e.dims()[0] : 0).append(" each, ")
        .append(String.format(Locale.ROOT, "%.3f", e.seconds())).append(" s]");
    return b.toString();
  }
}
