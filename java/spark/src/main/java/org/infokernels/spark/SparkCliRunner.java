package org.infokernels.spark;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.infokernels.cli.spi.SparkRunner;
import org.infokernels.core.InvalidInputException;
import org.infokernels.core.Matrix;
import org.infokernels.pairwise.PairMeasure;
import org.infokernels.pairwise.PairwiseOptions;
import org.infokernels.pairwise.PairwiseResult;
import org.infokernels.pairwise.Variables;
import org.infokernels.timeseries.Network;
import org.infokernels.timeseries.NetworkInferenceOptions;
import org.infokernels.timeseries.Series;

/**
 * The CLI's {@code --spark MASTER} ({@code pairwise}, {@code network}): registered in
 * {@code META-INF/services/org.infokernels.cli.spi.SparkRunner}, found by the CLI only when the option is given.
 * It uses the session that exists (spark-submit's, a test's) or starts one on {@code MASTER} and stops it
 * afterwards. The backend of the command ({@code --backend}) runs on the executors ({@code auto}: cpu where the
 * native library loads, java elsewhere), one thread per task.
 */
public final class SparkCliRunner implements SparkRunner {
  /** the runner ServiceLoader instantiates */
  public SparkCliRunner() {}

  @Override
  public PairwiseResult pairwise(String master, PairMeasure measure, PairwiseOptions options, Variables x,
                                 Variables y) {
    return withSession(master, spark -> pairwise(spark, measure, options, x, y));
  }

  @Override
  public Network network(String master, NetworkInferenceOptions options, List<Series> nodes) {
    return withSession(master, spark -> SparkNetwork.run(spark, nodes, options, run(options.settings()
        .backend().label())).network());
  }

  private static SparkOptions run(String backend) {
    return SparkOptions.defaults().withBackend(backend).withThreads(1);
  }

  /** the pairs as Spark tasks, assembled into the object DependenceMatrix returns */
  static PairwiseResult pairwise(SparkSession spark, PairMeasure measure, PairwiseOptions options, Variables x,
                                 Variables y) {
    long t0 = System.nanoTime();
    int n = x.rows();
    if (y != null && y.rows() != n) {
      throw new InvalidInputException("X has " + n + " rows but Y has " + y.rows() + ": every variable needs the same "
          + "samples");
    }
    // the variables become columns x<i>_<c> / y<i>_<c> of one table; the Spark job names them by index
    List<String> columns = new ArrayList<>();
    List<double[]> values = new ArrayList<>();
    LinkedHashMap<String, List<String>> xm = table(x, "x", columns, values);
    LinkedHashMap<String, List<String>> ym = y == null ? null : table(y, "y", columns, values);
    StructType schema = new StructType();
    for (String c : columns) {
      schema = schema.add(c, DataTypes.DoubleType, false);
    }
    List<Row> rows = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      Object[] r = new Object[columns.size()];
      for (int c = 0; c < r.length; c++) {
        r[c] = values.get(c)[i];
      }
      rows.add(RowFactory.create(r));
    }
    Dataset<Row> df = spark.createDataFrame(rows, schema);
    SparkOptions run = run(measure.settings().backend().label()).withFdr(options.fdr());
    List<Row> out = SparkPairwise.run(df, xm, ym, measure, run).collectAsList();

    int px = x.size();
    int py = y == null ? px : y.size();
    boolean within = y == null;
    boolean directed = measure.directed();
    int total = (int) SparkPairwise.totalPairs(px, py, within, directed);
    PairwiseResult.Entry[] byIndex = new PairwiseResult.Entry[total];
    TreeSet<String> backends = new TreeSet<>();
    List<String> colNames = y == null ? x.names() : y.names();
    for (Row r : out) {
      int i = Integer.parseInt(r.getString(0));
      int j = Integer.parseInt(r.getString(1));
      double p = r.isNullAt(3) ? Double.NaN : r.getDouble(3);
      double q = r.isNullAt(4) ? Double.NaN : r.getDouble(4);
      byIndex[SparkPairwise.index(i, j, px, py, within, directed)] = new PairwiseResult.Entry(i, j, x.name(i),
          colNames.get(j), r.getDouble(2), p, q);
      backends.add(r.getString(5));
    }
    List<PairwiseResult.Entry> entries = new ArrayList<>();
    for (PairwiseResult.Entry e : byIndex) {
      if (e != null) {
        entries.add(e);
      }
    }
    boolean dimensionless = measure instanceof PairMeasure.Hsic || measure instanceof PairMeasure.Cka
        || measure instanceof PairMeasure.Dcor;
    return PairwiseResult.of(measure.name(), x.names(), colNames, within && !directed, dimensionless, entries, n,
        total, measure.settings().permutations(), options.fdr(), backends.isEmpty() ? "none"
        : String.join(",", backends), Map.of(), (System.nanoTime() - t0) * 1e-9, entries.size() == total);
  }

  private static LinkedHashMap<String, List<String>> table(Variables v, String prefix, List<String> columns,
                                                           List<double[]> values) {
    LinkedHashMap<String, List<String>> m = new LinkedHashMap<>();
    for (int i = 0; i < v.size(); i++) {
      Matrix a = v.get(i);
      List<String> cs = new ArrayList<>();
      for (int c = 0; c < a.cols(); c++) {
        String name = prefix + i + "_" + c;
        double[] col = new double[a.rows()];
        for (int r = 0; r < col.length; r++) {
          col[r] = a.get(r, c);
        }
        columns.add(name);
        values.add(col);
        cs.add(name);
      }
      m.put(Integer.toString(i), cs);
    }
    return m;
  }

  /** whether a session that is not stopped exists (the active one of this thread, or the default one) */
  static boolean live() {
    for (scala.Option<SparkSession> s : List.of(SparkSession.getActiveSession(), SparkSession.getDefaultSession())) {
      if (s.isDefined() && !s.get().sparkContext().isStopped()) {
        return true;
      }
    }
    return false;
  }

  /**
   * runs {@code f} on the session that exists, or on a new one on {@code master} that is stopped afterwards; a
   * task's bad input (an {@link InvalidInputException} on an executor) comes back as that exception
   */
  static <T> T withSession(String master, Function<SparkSession, T> f) {
    boolean existed = live();
    SparkSession spark = InfokernelsSpark.session(master);
    if (!existed) {
      spark.sparkContext().setLogLevel("WARN");
    }
    try {
      return f.apply(spark);
    } catch (RuntimeException e) {
      for (Throwable c = e; c != null; c = c.getCause()) {
        if (c instanceof InvalidInputException && c != e) {
          throw new InvalidInputException(c.getMessage());
        }
      }
      throw e;
    } finally {
      if (!existed) {
        spark.stop();
      }
    }
  }
}
