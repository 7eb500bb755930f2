package org.infokernels.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.infokernels.core.BackendKind;
import org.infokernels.core.InvalidInputException;
import org.infokernels.core.Matrix;
import org.infokernels.core.RunSettings;
import org.infokernels.pairwise.BenjaminiHochberg;
import org.infokernels.pairwise.DependenceMatrix;
import org.infokernels.pairwise.PairMeasure;
import org.infokernels.pairwise.PairwiseOptions;
import org.infokernels.pairwise.PairwiseResult;
import org.infokernels.pairwise.Variables;
import scala.Tuple2;

/**
 * A dependence matrix as Spark tasks. The variables are cut into blocks; a task computes one block of pairs
 * (the pairs within a block of X, or between a block of rows and a block of columns) with the single-machine
 * {@link DependenceMatrix} on exactly the variables of that block, so that every entry is computed by the same
 * code on the same numbers with the same seed as on one machine. The blocks go to tasks by estimated cost
 * (pairs × cost of a pair, {@link CostBalancer}); each task receives only the columns of its block's variables
 * (the input is turned into whole columns first, then each column is sent to the blocks that use it). The
 * Benjamini–Hochberg q-values need every p-value: the driver collects the p-values only (8 bytes a pair) and
 * broadcasts the q-values back.
 */
final class SparkPairwise {
  private SparkPairwise() {}

  /** one block of pairs: row variables rows[], column variables cols[] (null: the pairs within rows) */
  record Block(int id, int[] rows, int[] cols) implements Serializable {
    private static final long serialVersionUID = 1L;
  }

  /** one computed pair, by global variable indices */
  record Pair(int row, int col, double value, double p, String backend, String fallback, String executor)
      implements Serializable {
    private static final long serialVersionUID = 1L;
  }

  static Dataset<Row> run(Dataset<Row> df, LinkedHashMap<String, List<String>> x,
                          LinkedHashMap<String, List<String>> y, PairMeasure measure, SparkOptions options) {
    if (measure instanceof PairMeasure.Custom) {
      throw new InvalidInputException("a custom PairMeasure cannot run on Spark (its estimator is code, not options)");
    }
    List<String> xNames = List.copyOf(x.keySet());
    List<String> yNames = y == null ? xNames : List.copyOf(y.keySet());
    if (y == null && xNames.size() < 2) {
      throw new InvalidInputException("a dependence matrix of X alone needs at least 2 variables (X has "
          + xNames.size() + ")");
    }
    // the columns, once each, and the columns of every variable (x first, then y)
    List<String> columns = new ArrayList<>();
    Map<String, Integer> colIndex = new HashMap<>();
    List<int[]> varCols = new ArrayList<>();
    List<List<String>> vars = new ArrayList<>(x.values());
    if (y != null) {
      vars.addAll(y.values());
    }
    for (List<String> v : vars) {
      if (v.isEmpty()) {
        throw new InvalidInputException("a variable has no columns");
      }
      int[] cs = new int[v.size()];
      for (int i = 0; i < cs.length; i++) {
        cs[i] = colIndex.computeIfAbsent(v.get(i), c -> {
          columns.add(c);
          return columns.size() - 1;
        });
      }
      varCols.add(cs);
    }
    InfokernelsSpark.requireColumns(df, columns);
    int px = xNames.size();
    int py = yNames.size();
    boolean within = y == null;
    boolean directed = measure.directed();
    Serializable encoded = RecordCodec.encode(measure);

    SparkSession spark = df.sparkSession();
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    int tasks = options.tasks() > 0 ? options.tasks() : 3 * jsc.defaultParallelism();
    List<Block> blocks = blocks(px, py, within, directed, 2 * tasks);
    int parts = Math.max(1, Math.min(tasks, blocks.size()));

    // whole columns, in the order of the input, one shuffle
    Column[] sel = columns.stream().map(c -> df.col(InfokernelsSpark.quote(c)).cast(DataTypes.DoubleType))
        .toArray(Column[]::new);
    Dataset<Row> slim = df.select(sel);
    int nc = columns.size();
    JavaPairRDD<Integer, Tuple2<Integer, double[]>> chunks = slim.javaRDD().mapPartitionsWithIndex((pi, it) -> {
      double[][] buf = new double[nc][64];
      int rows = 0;
      while (it.hasNext()) {
        Row r = it.next();
        if (rows == buf[0].length) {
          for (int c = 0; c < nc; c++) {
            buf[c] = Arrays.copyOf(buf[c], rows * 2);
          }
        }
        for (int c = 0; c < nc; c++) {
          buf[c][rows] = r.isNullAt(c) ? Double.NaN : r.getDouble(c);
        }
        rows++;
      }
      List<Tuple2<Integer, Tuple2<Integer, double[]>>> out = new ArrayList<>();
      for (int c = 0; c < nc; c++) {
        out.add(new Tuple2<>(c, new Tuple2<>(pi, Arrays.copyOf(buf[c], rows))));
      }
      return out.iterator();
    }, true).mapToPair(t -> t);
    List<String> colNamesCopy = List.copyOf(columns);
    JavaPairRDD<Integer, double[]> whole = chunks.groupByKey(new HashPartitioner(Math.min(nc, parts)))
        .mapValues(list -> {
          List<Tuple2<Integer, double[]>> l = new ArrayList<>();
          list.forEach(l::add);
          l.sort((a, b) -> Integer.compare(a._1(), b._1()));
          int n = l.stream().mapToInt(t -> t._2().length).sum();
          double[] v = new double[n];
          int at = 0;
          for (Tuple2<Integer, double[]> t : l) {
            System.arraycopy(t._2(), 0, v, at, t._2().length);
            at += t._2().length;
          }
          return v;
        });

    // which blocks use each column, and the task of each block by cost
    List<List<Integer>> blocksOfColumn = new ArrayList<>();
    for (int c = 0; c < nc; c++) {
      blocksOfColumn.add(new ArrayList<>());
    }
    double[] costs = new double[blocks.size()];
    for (Block b : blocks) {
      java.util.Set<Integer> cs = new java.util.TreeSet<>();
      for (int v : b.rows()) {
        for (int c : varCols.get(v)) {
          cs.add(c);
        }
      }
      if (b.cols() != null) {
        for (int v : b.cols()) {
          for (int c : varCols.get(within ? v : px + v)) {
            cs.add(c);
          }
        }
      }
      for (int c : cs) {
        blocksOfColumn.get(c).add(b.id());
      }
      long pairs = pairs(b, within, directed);
      costs[b.id()] = pairs * Measures.cost(costName(measure), 1000, 1);
    }
    int[] taskOfBlock = CostBalancer.assign(costs, parts);
    Map<Object, Integer> taskOf = new HashMap<>();
    for (int i = 0; i < taskOfBlock.length; i++) {
      taskOf.put(i, taskOfBlock[i]);
    }
    Broadcast<Map<Object, Integer>> bcTasks = jsc.broadcast(taskOf);
    Broadcast<List<List<Integer>>> bcUse = jsc.broadcast(blocksOfColumn);
    Broadcast<List<Block>> bcBlocks = jsc.broadcast(blocks);
    List<int[]> varColsCopy = List.copyOf(varCols);
    List<String> allNames = new ArrayList<>(xNames);
    if (!within) {
      allNames.addAll(yNames);
    }
    List<String> namesCopy = List.copyOf(allNames);
    String backend = options.backend();
    int threads = options.threads();

    JavaRDD<Pair> pairs = whole.flatMapToPair(t -> {
      List<Tuple2<Integer, Tuple2<Integer, double[]>>> out = new ArrayList<>();
      for (int b : bcUse.value().get(t._1())) {
        out.add(new Tuple2<>(b, t));
      }
      return out.iterator();
    }).groupByKey(new CostBalancer.KeyPartitioner(bcTasks, parts)).flatMap(t -> {
      Map<Integer, double[]> cols = new HashMap<>();
      t._2().forEach(c -> cols.put(c._1(), c._2()));
      Block b = bcBlocks.value().get(t._1());
      return block(b, cols, varColsCopy, namesCopy, within, px, encoded, backend, threads, colNamesCopy).iterator();
    });
    pairs = pairs.persist(StorageLevel.MEMORY_AND_DISK());

    // p-values to the driver, q-values back
    int total = (int) totalPairs(px, py, within, directed);
    boolean tested = measure.settings().permutations() > 0;
    double[] q = null;
    if (tested) {
      double[] p = new double[total];
      Arrays.fill(p, Double.NaN);
      for (Tuple2<Integer, Double> e : pairs.map(r -> new Tuple2<>(index(r.row(), r.col(), px, py, within, directed),
          r.p())).collect()) {
        p[e._1()] = e._2();
      }
      int m = 0;
      for (double v : p) {
        m += Double.isNaN(v) ? 0 : 1;
      }
      double[] ps = new double[m];
      int[] at = new int[m];
      m = 0;
      for (int k = 0; k < total; k++) {
        if (!Double.isNaN(p[k])) {
          ps[m] = p[k];
          at[m++] = k;
        }
      }
      double[] qs = BenjaminiHochberg.qValues(ps);
      q = new double[total];
      Arrays.fill(q, Double.NaN);
      for (int i = 0; i < m; i++) {
        q[at[i]] = qs[i];
      }
    } else {
      pairs.count();
    }
    Broadcast<double[]> bcQ = jsc.broadcast(q);
    List<String> rowNames = List.copyOf(xNames);
    List<String> colNames = List.copyOf(yNames);
    JavaRDD<Row> rows = pairs.map(r -> {
      double[] qq = bcQ.value();
      Double qv = null;
      if (qq != null) {
        double v = qq[index(r.row(), r.col(), px, py, within, directed)];
        qv = Double.isNaN(v) ? null : v;
      }
      return RowFactory.create(rowNames.get(r.row()), colNames.get(r.col()), r.value(),
          Double.isNaN(r.p()) ? null : r.p(), qv, r.backend(), r.fallback(), r.executor());
    });
    StructType schema = new StructType().add("row", DataTypes.StringType, false)
        .add("col", DataTypes.StringType, false).add("value", DataTypes.DoubleType, false)
        .add("p_value", DataTypes.DoubleType, true).add("q_value", DataTypes.DoubleType, true)
        .add("backend", DataTypes.StringType, false).add("fallback", DataTypes.StringType, true)
        .add("executor", DataTypes.StringType, false);
    return spark.createDataFrame(rows, schema);
  }

  private static String costName(PairMeasure m) {
    return m instanceof PairMeasure.Mi || m instanceof PairMeasure.TransferEntropy ? "mi" : "hsic";
  }

  /** the pairs of one block on an executor, by the single-machine DependenceMatrix */
  static List<Pair> block(Block b, Map<Integer, double[]> cols, List<int[]> varCols, List<String> names,
                          boolean within, int px, Serializable encoded, String backend, int threads,
                          List<String> columnNames) {
    PairMeasure m = (PairMeasure) RecordCodec.decode(encoded);
    BackendKind kind = ExecutorRuntime.resolve(backend);
    RunSettings s = m.settings().withBackend(kind).withThreads(threads);
    m = m.withSettings(s);
    Variables xv = variables(b.rows(), 0, cols, varCols, names, columnNames);
    Variables yv = b.cols() == null ? null : variables(b.cols(), within ? 0 : px, cols, varCols, names, columnNames);
    DependenceMatrix dm = new DependenceMatrix(m, PairwiseOptions.defaults());
    PairwiseResult r = yv == null ? dm.compute(xv) : dm.compute(xv, yv);
    String fallback = ExecutorRuntime.fallback(backend);
    String executor = ExecutorRuntime.label();
    List<Pair> out = new ArrayList<>();
    for (PairwiseResult.Entry e : r.entries()) {
      int row = b.rows()[e.row()];
      int col = b.cols() == null ? b.rows()[e.col()] : b.cols()[e.col()];
      out.add(new Pair(row, col, e.value(), e.pValue(), r.backend(), fallback, executor));
    }
    return out;
  }

  private static Variables variables(int[] which, int offset, Map<Integer, double[]> cols, List<int[]> varCols,
                                     List<String> names, List<String> columnNames) {
    List<Matrix> ms = new ArrayList<>();
    List<String> ns = new ArrayList<>();
    for (int v : which) {
      int[] cs = varCols.get(offset + v);
      int n = cols.get(cs[0]).length;
      double[] data = new double[n * cs.length];
      for (int j = 0; j < cs.length; j++) {
        double[] c = cols.get(cs[j]);
        for (int i = 0; i < n; i++) {
          if (Double.isNaN(c[i])) {
            throw new InvalidInputException("column '" + columnNames.get(cs[j]) + "' has a null or NaN value in row "
                + (i + 1));
          }
          data[i * cs.length + j] = c[i];
        }
      }
      ms.add(Matrix.of(names.get(offset + v), data, n, cs.length));
      ns.add(names.get(offset + v));
    }
    return Variables.of(ms, ns);
  }

  /** the blocks: about {@code target} of them, of contiguous variables */
  static List<Block> blocks(int px, int py, boolean within, boolean directed, int target) {
    List<Block> out = new ArrayList<>();
    if (within) {
      int nb = 1;
      while (nb < px && (directed ? (long) nb * nb : (long) nb * (nb + 1) / 2) < target) {
        nb++;
      }
      int[][] parts = split(px, nb);
      for (int i = 0; i < parts.length; i++) {
        for (int j = directed ? 0 : i; j < parts.length; j++) {
          if (i == j) {
            if (parts[i].length >= 2) {
              out.add(new Block(out.size(), parts[i], null));
            }
          } else {
            out.add(new Block(out.size(), parts[i], parts[j]));
          }
        }
      }
    } else {
      int bx = (int) Math.min(px, Math.ceil(Math.sqrt(target)));
      int by = (int) Math.min(py, Math.ceil((double) target / bx));
      int[][] rs = split(px, bx);
      int[][] cs = split(py, by);
      for (int[] r : rs) {
        for (int[] c : cs) {
          out.add(new Block(out.size(), r, c));
        }
      }
    }
    return out;
  }

  private static int[][] split(int p, int parts) {
    int[][] out = new int[parts][];
    for (int i = 0; i < parts; i++) {
      int lo = (int) ((long) p * i / parts);
      int hi = (int) ((long) p * (i + 1) / parts);
      out[i] = new int[hi - lo];
      for (int k = lo; k < hi; k++) {
        out[i][k - lo] = k;
      }
    }
    return out;
  }

  static long pairs(Block b, boolean within, boolean directed) {
    long r = b.rows().length;
    if (b.cols() != null) {
      return r * b.cols().length;
    }
    return directed ? r * (r - 1) : r * (r - 1) / 2;
  }

  static long totalPairs(int px, int py, boolean within, boolean directed) {
    if (!within) {
      return (long) px * py;
    }
    return directed ? (long) px * (px - 1) : (long) px * (px - 1) / 2;
  }

  /** the position of pair (i, j) in the single-machine enumeration (row-major) */
  static int index(int i, int j, int px, int py, boolean within, boolean directed) {
    if (!within) {
      return i * py + j;
    }
    if (directed) {
      return i * (px - 1) + (j < i ? j : j - 1);
    }
    return (int) ((long) i * px - (long) i * (i + 1) / 2 + (j - i - 1));
  }
}
