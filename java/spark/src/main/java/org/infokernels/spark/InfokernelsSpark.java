package org.infokernels.spark;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.infokernels.core.InvalidInputException;
import org.infokernels.core.Matrix;
import org.infokernels.pairwise.PairMeasure;
import org.infokernels.timeseries.Network;
import org.infokernels.timeseries.NetworkInference;
import org.infokernels.timeseries.NetworkInferenceOptions;
import org.infokernels.timeseries.Series;
import scala.Tuple2;

/**
 * The pairwise, network and grouped workloads of infokernels as Apache Spark jobs on a {@code Dataset<Row>}:
 * embedded ({@code local[*]}) or on a cluster, with the same numbers as the single-machine API on the same
 * backend and seed.
 *
 * <p>How the work is cut: a job first measures its items (group sizes, variables), estimates the cost of each
 * (n² for kernel measures, n·log₂n·d for k-NN ones) and assigns them to tasks by the longest-processing-time-first
 * rule, so that tasks are balanced by cost, not by count. Each task receives only the columns it needs (the input
 * is projected before the shuffle). On an executor the native library loads once per JVM; backend {@code auto}
 * runs cpu there and falls back to java where the library cannot load, and every output row says which backend
 * ran and why a fallback happened.
 */
public final class InfokernelsSpark {
  private InfokernelsSpark() {}

  /** the column of the input order carried with every row, so that a group's rows keep the input's order */
  static final String ORDER = "__infokernels_order";

  /**
   * A Spark session for {@code master} ({@code local[2]}, {@code spark://host:7077}, ...), or the one that
   * {@code spark-submit} configured when {@code master} is null or {@code "submit"}. The web UI is off; an
   * existing session is reused.
   *
   * @param master the master URL, or null / "submit" for spark-submit's
   * @return the session
   */
  public static SparkSession session(String master) {
    SparkSession.Builder b = SparkSession.builder().appName("infokernels").config("spark.ui.enabled", "false");
    if (master != null && !master.equals("submit")) {
      b = b.master(master);
    }
    return b.getOrCreate();
  }

  /**
   * One estimate of {@code measure} per group of rows, e.g. the mutual information of two signals per subject,
   * per day or per segment: for each distinct value of the group columns, the rows of that group (in the order of
   * the input) give the samples X (the x columns), Y (the y columns) and, for {@code cmi}, Z
   * ({@link SparkOptions#zColumns}), and the estimator of the single-machine API runs on them, exactly as
   * {@code new KsgMutualInformation(options).estimate(x, y)} would (the same value, bit for bit, on the same
   * backend and seed).
   *
   * <p>Measures (by the CLI's names): {@code entropy} (Kozachenko–Leonenko, X only), {@code renyi-entropy} (X
   * only), {@code mi} (KSG), {@code cmi} (KSG, with Z), {@code hsic}, {@code cka}, {@code cs-qmi},
   * {@code renyi-mi}. With {@link SparkOptions#permutations} &gt; 0 each group gets a permutation-test p-value;
   * with {@link SparkOptions#ci} &gt; 0 a subsampling interval (Politis &amp; Romano, Ann. Statist. 22(4),
   * 1994): B subsamples of m = ⌊n/2⌋ rows without replacement, d_b = θ̂_m − θ̂, interval
   * [θ̂ − √(m/n)·q_{1−a/2}(d), θ̂ − √(m/n)·q_{a/2}(d)], a = 1 − level.
   *
   * <p>The result has one row per group: the group columns, then {@code measure}, {@code estimator},
   * {@code value} (nats, or dimensionless for HSIC and CKA), {@code p_value}, {@code ci_low}, {@code ci_high}
   * (null unless asked), {@code n}, {@code backend} (that ran), {@code fallback} (null, or why auto fell back to
   * java on that executor), {@code executor} and {@code seconds}. The group sizes are counted when this method is
   * called (one small job, to balance the tasks by cost); the estimates run when the result is acted on. A group
   * whose data cannot be estimated (a null value, fewer rows than k ...) fails the job with a message naming the
   * group.
   *
   * @param df           the input; x, y and z columns must be numeric
   * @param groupColumns the columns whose distinct values define the groups (at least one)
   * @param measure      one of the measures above
   * @param xColumns     the columns of X (at least one)
   * @param yColumns     the columns of Y (empty for entropy and renyi-entropy)
   * @param options      the measure's parameters and the run settings
   * @return one row per group, as above
   * @throws InvalidInputException if a column is missing, the measure is unknown or takes other inputs, or a
   *         parameter is unknown or out of range
   */
  public static Dataset<Row> groupedEstimate(Dataset<Row> df, List<String> groupColumns, String measure,
                                             List<String> xColumns, List<String> yColumns, SparkOptions options) {
    Objects.requireNonNull(df, "df");
    Objects.requireNonNull(options, "options");
    int arity = Measures.arity(Objects.requireNonNull(measure, "measure"));
    Measures.check(measure, options.params());
    List<String> groups = List.copyOf(groupColumns);
    List<String> xs = List.copyOf(xColumns);
    List<String> ys = List.copyOf(yColumns);
    List<String> zs = options.zColumns();
    if (groups.isEmpty()) {
      throw new InvalidInputException("groupedEstimate needs at least one group column");
    }
    if (xs.isEmpty()) {
      throw new InvalidInputException("groupedEstimate needs at least one x column");
    }
    if (arity == 1 && !ys.isEmpty()) {
      throw new InvalidInputException(measure + " takes X only: no y columns");
    }
    if (arity >= 2 && ys.isEmpty()) {
      throw new InvalidInputException(measure + " needs y columns");
    }
    if (arity == 3 && zs.isEmpty()) {
      throw new InvalidInputException(measure + " needs z columns (SparkOptions.withZColumns)");
    }
    if (arity < 3 && !zs.isEmpty()) {
      throw new InvalidInputException(measure + " takes no z columns");
    }
    List<String> all = new ArrayList<>(groups);
    all.addAll(xs);
    all.addAll(ys);
    all.addAll(zs);
    requireColumns(df, all);

    // only the columns the tasks need, the values as doubles, and the input order
    List<Column> cols = new ArrayList<>();
    for (String g : groups) {
      cols.add(df.col(quote(g)));
    }
    for (String c : concat(xs, ys, zs)) {
      cols.add(df.col(quote(c)).cast(DataTypes.DoubleType));
    }
    cols.add(functions.monotonically_increasing_id().as(ORDER));
    Dataset<Row> slim = df.select(cols.toArray(new Column[0]));
    StructType slimSchema = slim.schema();
    int g = groups.size();
    int dx = xs.size();
    int dy = ys.size();
    int dz = zs.size();

    // the sizes of the groups, their costs and the tasks they go to
    List<Row> sizes = slim.groupBy(groups.stream().map(c -> slim.col(quote(c))).toArray(Column[]::new)).count()
        .collectAsList();
    if (sizes.isEmpty()) {
      throw new InvalidInputException("groupedEstimate: the input has no rows");
    }
    SparkSession spark = df.sparkSession();
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    int tasks = options.tasks() > 0 ? options.tasks() : 3 * jsc.defaultParallelism();
    tasks = Math.max(1, Math.min(tasks, sizes.size()));
    double[] costs = new double[sizes.size()];
    Object[] keys = new Object[sizes.size()];
    for (int i = 0; i < costs.length; i++) {
      Row r = sizes.get(i);
      keys[i] = key(r, g);
      costs[i] = Measures.cost(measure, r.getLong(g), dx + dy + dz);
    }
    int[] assigned = CostBalancer.assign(costs, tasks);
    Map<Object, Integer> taskOf = new HashMap<>();
    for (int i = 0; i < keys.length; i++) {
      taskOf.put(keys[i], assigned[i]);
    }
    Broadcast<Map<Object, Integer>> bc = jsc.broadcast(taskOf);
    CostBalancer.KeyPartitioner partitioner = new CostBalancer.KeyPartitioner(bc, tasks);

    int d = dx + dy + dz;
    // one record per (group, input partition) through the shuffle, not one per row: the rows of a group in a
    // partition travel as one chunk of orders and values
    JavaPairRDD<Object, Chunk> chunks = slim.javaRDD().mapPartitionsToPair(it -> {
      Map<Object, Chunk.Builder> local = new java.util.LinkedHashMap<>();
      while (it.hasNext()) {
        Row r = it.next();
        Chunk.Builder b = local.computeIfAbsent(key(r, g), k -> new Chunk.Builder(d));
        b.add(r, g, d);
      }
      List<Tuple2<Object, Chunk>> out = new ArrayList<>();
      local.forEach((k, b) -> out.add(new Tuple2<>(k, b.build())));
      return out.iterator();
    });
    String m = measure;
    JavaRDD<Row> out = chunks.groupByKey(partitioner).map(t -> {
      List<Tuple2<Long, double[]>> rows = new ArrayList<>();
      for (Chunk c : t._2()) {
        c.expand(rows);
      }
      return GroupWork.run((Row) t._1(), groups, rows, m, dx, dy, dz, options);
    });

    List<StructField> fields = new ArrayList<>();
    for (int i = 0; i < g; i++) {
      fields.add(slimSchema.fields()[i]);
    }
    fields.add(DataTypes.createStructField("measure", DataTypes.StringType, false));
    fields.add(DataTypes.createStructField("estimator", DataTypes.StringType, true));
    fields.add(DataTypes.createStructField("value", DataTypes.DoubleType, false));
    fields.add(DataTypes.createStructField("p_value", DataTypes.DoubleType, true));
    fields.add(DataTypes.createStructField("ci_low", DataTypes.DoubleType, true));
    fields.add(DataTypes.createStructField("ci_high", DataTypes.DoubleType, true));
    fields.add(DataTypes.createStructField("n", DataTypes.IntegerType, false));
    fields.add(DataTypes.createStructField("backend", DataTypes.StringType, false));
    fields.add(DataTypes.createStructField("fallback", DataTypes.StringType, true));
    fields.add(DataTypes.createStructField("executor", DataTypes.StringType, false));
    fields.add(DataTypes.createStructField("seconds", DataTypes.DoubleType, false));
    return spark.createDataFrame(out, DataTypes.createStructType(fields));
  }

  /**
   * The dependence matrix of {@code measure} over every pair of the given columns (each column one variable), as
   * Spark tasks: the same entries as {@link org.infokernels.pairwise.DependenceMatrix#compute(
   * org.infokernels.pairwise.Variables)} on the same backend and seed, bit for bit (a task runs that very class on
   * its block of variables, and every pair's seed is the run's seed). See
   * {@link #dependenceMatrix(Dataset, LinkedHashMap, LinkedHashMap, PairMeasure, SparkOptions)}.
   *
   * @param df      the input; the columns must be numeric
   * @param columns the variables (at least 2)
   * @param measure mi, hsic, cka, cs-qmi or renyi-mi, with its parameters from {@link SparkOptions#params}
   * @param options parameters, run settings (backend, seed, permutations, jitter, standardize), fdr, tasks
   * @return the long form: row, col, value, p_value, q_value, backend, fallback, executor
   * @throws InvalidInputException for an unknown measure, parameter or column
   */
  public static Dataset<Row> dependenceMatrix(Dataset<Row> df, List<String> columns, String measure,
                                              SparkOptions options) {
    Objects.requireNonNull(options, "options");
    PairMeasure m = Measures.pairMeasure(Objects.requireNonNull(measure, "measure"), options.params(),
        options.settings(org.infokernels.core.BackendKind.AUTO));
    return dependenceMatrix(df, singletons(columns), null, m, options);
  }

  /**
   * The dependence matrix of {@code measure} over every pair of variables, as Spark tasks. A variable is one or
   * more columns ({@code x}: name → columns, as the CLI's {@code --groups}); with {@code y} null the pairs are
   * those within X (i &lt; j, or every ordered pair i ≠ j for a directed measure such as transfer entropy, row =
   * source), otherwise every (X variable, Y variable) pair. Every entry equals the single-machine
   * {@link org.infokernels.pairwise.DependenceMatrix} entry on the same backend and seed, bit for bit: the
   * variables are cut into blocks of contiguous variables; one task computes the pairs of one block with that
   * class, on exactly the block's columns (nothing else is shipped to it), and the blocks are assigned to tasks by
   * estimated cost (pairs × cost of a pair, longest first). With permutations, the p-values of all pairs give
   * Benjamini–Hochberg q-values (Benjamini &amp; Hochberg, J. R. Statist. Soc. B 57(1), 1995): q₍ᵢ₎ =
   * min_{j≥i} min(1, m·p₍ⱼ₎/j), computed on the driver from the p-values alone.
   *
   * <p>The measure's own run settings apply, except that the backend {@link SparkOptions#backend} and the threads
   * per task {@link SparkOptions#threads} replace the measure's: auto becomes cpu on an executor where the native
   * library loaded and java elsewhere (column {@code fallback} says why). The pairs are computed when this method
   * is called (the q-values need them all) and kept by Spark (memory and disk) for the returned Dataset.
   *
   * @param df      the input; the columns must be numeric, without nulls
   * @param x       the row variables: name → columns (at least 2 variables when y is null)
   * @param y       the column variables, or null for the pairs within x
   * @param measure the measure with its options ({@code PairMeasure.hsic(...)} ...; not a custom one)
   * @param options backend, threads per task and number of tasks (the rest is in the measure)
   * @return the long form: row, col (variable names), value, p_value, q_value (null without permutations),
   *         backend, fallback, executor
   * @throws InvalidInputException for a missing column, too few variables, a custom measure
   */
  public static Dataset<Row> dependenceMatrix(Dataset<Row> df, LinkedHashMap<String, List<String>> x,
                                              LinkedHashMap<String, List<String>> y, PairMeasure measure,
                                              SparkOptions options) {
    Objects.requireNonNull(df, "df");
    Objects.requireNonNull(x, "x");
    Objects.requireNonNull(measure, "measure");
    Objects.requireNonNull(options, "options");
    return SparkPairwise.run(df, x, y, measure, options);
  }

  /**
   * Multivariate transfer-entropy network inference (IDTxl's algorithm: Novelli, Wollstadt, Mediano, Wibral,
   * Lizier, Network Neuroscience 3(3), 827–847, 2019) of the series {@code seriesColumns} of {@code df}, one row
   * per time step ordered by {@code timeColumn}, as Spark tasks: one task per target, each running the
   * single-machine {@link NetworkInference#inferTarget} (greedy selection by conditional MI
   * I(c ; x_t | S) with maximum-statistic surrogate tests, pruning, omnibus and sequential tests), and the
   * Benjamini–Hochberg correction across targets on the driver. The network equals
   * {@code new NetworkInference(options).infer(nodes)} on the same backend and seed, bit for bit.
   *
   * <p>The parameters ({@link SparkOptions#params}, by the names of the CLI's {@code network} options):
   * {@code min-lag} (1), {@code max-lag} (5), {@code max-lag-target} (max-lag), {@code k} (4), {@code theiler} (0),
   * {@code surrogate} (circular), {@code surrogates} ({@link SparkOptions#permutations} when above 0, else 200),
   * {@code min-stat-surrogates}, {@code omnibus-surrogates}, {@code max-seq-surrogates} (surrogates) and
   * {@code alpha} (0.05); the false discovery rate is {@link SparkOptions#fdr}; seed, jitter, standardisation,
   * backend and threads per task are the run settings of the options.
   *
   * <p>The series are collected to the driver (p × T doubles) and broadcast to the executors: every target
   * needs every node as a candidate source.
   *
   * <p>Large targets: when there are fewer targets than tasks wanted ({@link SparkOptions#tasks}, or 0: one per
   * core of the cluster), one task per target would leave cores idle; then every target runs on a driver thread
   * (targets concurrently) and each greedy inclusion step's candidates — candidates × (1 + surrogates)
   * conditional MIs, the bulk of the work — are cut into ⌈tasks / targets⌉ batches of at least 2 candidates,
   * one Spark task each ({@link NetworkInference#candidateValues}); the pruning, omnibus and sequential tests
   * (a few selected variables each) run on the driver. The network is the same, bit for bit; the
   * {@code executor} column then says {@code driver, candidates in B Spark tasks per step}.
   *
   * @param df            the input, one row per time step
   * @param timeColumn    the column that orders the rows (its values must be distinct)
   * @param seriesColumns the series, one node each (at least 2), numeric, without nulls
   * @param options       the parameters and run settings
   * @return one row per edge of the network: {@code source}, {@code target} (column names), {@code lags}
   *         (array of the source's selected lags), {@code te} (nats: I(source's lags ; x_t | the target's other
   *         selected variables)), {@code p_value} (the smallest sequential-test p-value of its lags),
   *         {@code q_value} (the target's omnibus q-value), {@code backend}, {@code fallback} and {@code executor}
   *         of the target's task
   * @throws InvalidInputException for a missing or repeated column, an unknown parameter or a bad value, a null
   *         value, repeated time values, or series too short for the lags
   */
  public static Dataset<Row> network(Dataset<Row> df, String timeColumn, List<String> seriesColumns,
                                     SparkOptions options) {
    Objects.requireNonNull(options, "options");
    NetworkInferenceOptions o = Measures.network(options.params(), options.permutations(), options.fdr(),
        options.settings(org.infokernels.core.BackendKind.parse(options.backend())));
    return network(df, timeColumn, seriesColumns, o, options);
  }

  /**
   * {@link #network(Dataset, String, List, SparkOptions)} with the single-machine API's options record: the
   * inference options {@code inference} (lags, k, surrogates, alpha, fdr, seed ...), and from {@code run} only the
   * backend on the executors and the threads per task.
   *
   * @param df            the input, one row per time step
   * @param timeColumn    the column that orders the rows (its values must be distinct)
   * @param seriesColumns the series, one node each (at least 2)
   * @param inference     the options of {@link NetworkInference}
   * @param run           backend and threads per task
   * @return one row per edge, as {@link #network(Dataset, String, List, SparkOptions)}
   * @throws InvalidInputException as {@link #network(Dataset, String, List, SparkOptions)}
   */
  public static Dataset<Row> network(Dataset<Row> df, String timeColumn, List<String> seriesColumns,
                                     NetworkInferenceOptions inference, SparkOptions run) {
    Objects.requireNonNull(df, "df");
    Objects.requireNonNull(timeColumn, "timeColumn");
    Objects.requireNonNull(inference, "inference");
    Objects.requireNonNull(run, "run");
    List<String> series = List.copyOf(seriesColumns);
    if (series.size() < 2) {
      throw new InvalidInputException("network inference needs at least 2 series columns (got " + series.size() + ")");
    }
    List<String> all = new ArrayList<>(series);
    all.add(0, timeColumn);
    requireColumns(df, all);
    Column[] cols = new Column[all.size()];
    cols[0] = df.col(quote(timeColumn));
    for (int j = 0; j < series.size(); j++) {
      cols[j + 1] = df.col(quote(series.get(j))).cast(DataTypes.DoubleType);
    }
    List<Row> rows = df.select(cols).orderBy(functions.col(quote(timeColumn))).collectAsList();
    int t = rows.size();
    int p = series.size();
    double[][] v = new double[p][t];
    for (int i = 0; i < t; i++) {
      Row r = rows.get(i);
      if (r.isNullAt(0)) {
        throw new InvalidInputException("column '" + timeColumn + "' has a null value");
      }
      if (i > 0 && Objects.equals(r.get(0), rows.get(i - 1).get(0))) {
        throw new InvalidInputException("column '" + timeColumn + "' has the value " + r.get(0) + " twice: the time "
            + "steps must be distinct to order the series");
      }
      for (int j = 0; j < p; j++) {
        if (r.isNullAt(j + 1)) {
          throw new InvalidInputException("column '" + series.get(j) + "' has a null value at " + timeColumn + " = "
              + r.get(0));
        }
        v[j][i] = r.getDouble(j + 1);
      }
    }
    List<Series> nodes = new ArrayList<>();
    for (int j = 0; j < p; j++) {
      nodes.add(Series.of(Matrix.of(series.get(j), v[j], t, 1)));
    }
    SparkNetwork.Outcome out = SparkNetwork.run(df.sparkSession(), nodes, inference, run);
    Network net = out.network();
    List<Row> edges = new ArrayList<>();
    for (Network.Edge e : net.edges()) {
      SparkNetwork.Done d = out.targets().get(e.target());
      edges.add(RowFactory.create(net.names().get(e.source()), net.names().get(e.target()),
          e.lags().toArray(new Integer[0]), e.te(), e.pValue(), e.qValue(), d.backend(), d.fallback(), d.executor()));
    }
    StructType schema = new StructType().add("source", DataTypes.StringType, false)
        .add("target", DataTypes.StringType, false)
        .add("lags", DataTypes.createArrayType(DataTypes.IntegerType, false), false)
        .add("te", DataTypes.DoubleType, false).add("p_value", DataTypes.DoubleType, false)
        .add("q_value", DataTypes.DoubleType, false).add("backend", DataTypes.StringType, false)
        .add("fallback", DataTypes.StringType, true).add("executor", DataTypes.StringType, false);
    return df.sparkSession().createDataFrame(edges, schema);
  }

  /**
   * Multivariate transfer-entropy network inference of {@code nodes} as Spark tasks on {@code spark}, one task per
   * target (see {@link #network(Dataset, String, List, SparkOptions)}): the single-machine
   * {@link NetworkInference#infer(List)}'s {@link Network}, bit for bit on the same backend and seed (its
   * {@code backend} lists the backends the tasks ran on, its {@code seconds} is the wall time of the job). Nodes
   * may have several trials (pooled), as on one machine.
   *
   * @param spark     the session
   * @param nodes     the univariate series, one per node (at least 2, the same trials and lengths)
   * @param inference the options of {@link NetworkInference}
   * @param run       backend on the executors ({@code auto}: cpu where the native library loads, else java) and
   *                  threads per task
   * @return the network
   * @throws InvalidInputException as {@link NetworkInference#infer(List)}
   */
  public static Network inferNetwork(SparkSession spark, List<Series> nodes, NetworkInferenceOptions inference,
                                     SparkOptions run) {
    Objects.requireNonNull(spark, "spark");
    Objects.requireNonNull(nodes, "nodes");
    Objects.requireNonNull(inference, "inference");
    Objects.requireNonNull(run, "run");
    return SparkNetwork.run(spark, List.copyOf(nodes), inference, run).network();
  }

  /** the rows of one group from one input partition: their input positions and their d values each */
  record Chunk(long[] order, double[] values, int d) implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    void expand(List<Tuple2<Long, double[]>> into) {
      for (int i = 0; i < order.length; i++) {
        into.add(new Tuple2<>(order[i], java.util.Arrays.copyOfRange(values, i * d, (i + 1) * d)));
      }
    }

    static final class Builder {
      private final int d;
      private long[] order = new long[16];
      private double[] values;
      private int n;

      Builder(int d) {
        this.d = d;
        this.values = new double[16 * d];
      }

      void add(Row r, int g, int dims) {
        if (n == order.length) {
          order = java.util.Arrays.copyOf(order, 2 * n);
          values = java.util.Arrays.copyOf(values, 2 * n * d);
        }
        for (int j = 0; j < dims; j++) {
          values[n * d + j] = r.isNullAt(g + j) ? Double.NaN : r.getDouble(g + j);
        }
        order[n++] = r.getLong(g + dims);
      }

      Chunk build() {
        return new Chunk(java.util.Arrays.copyOf(order, n), java.util.Arrays.copyOf(values, n * d), d);
      }
    }
  }

  static LinkedHashMap<String, List<String>> singletons(List<String> columns) {
    LinkedHashMap<String, List<String>> m = new LinkedHashMap<>();
    for (String c : columns) {
      if (m.put(c, List.of(c)) != null) {
        throw new InvalidInputException("column '" + c + "' is named twice");
      }
    }
    return m;
  }

  /** the group key of a row: its first {@code g} values, as a plain row (equal keys are equal rows) */
  static Row key(Row r, int g) {
    Object[] v = new Object[g];
    for (int i = 0; i < g; i++) {
      v[i] = r.get(i);
    }
    return RowFactory.create(v);
  }

  static void requireColumns(Dataset<Row> df, List<String> names) {
    LinkedHashSet<String> have = new LinkedHashSet<>(List.of(df.columns()));
    for (String c : names) {
      if (!have.contains(c)) {
        throw new InvalidInputException("column '" + c + "' is not in the input (columns: " + String.join(", ", have)
            + ")");
      }
    }
    if (new LinkedHashSet<>(names).size() != names.size()) {
      throw new InvalidInputException("a column is named twice among " + names);
    }
  }

  /** a column name as Spark's resolver takes it literally (dots and backticks escaped) */
  static String quote(String c) {
    return "`" + c.replace("`", "``") + "`";
  }

  @SafeVarargs
  private static List<String> concat(List<String>... lists) {
    List<String> out = new ArrayList<>();
    for (List<String> l : lists) {
      out.addAll(l);
    }
    return out;
  }
}
