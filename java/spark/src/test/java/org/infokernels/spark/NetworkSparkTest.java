package org.infokernels.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.infokernels.core.BackendKind;
import org.infokernels.core.InvalidInputException;
import org.infokernels.core.Matrix;
import org.infokernels.core.RunSettings;
import org.infokernels.timeseries.Network;
import org.infokernels.timeseries.NetworkInference;
import org.infokernels.timeseries.NetworkInferenceOptions;
import org.infokernels.timeseries.Series;
import org.infokernels.timeseries.Surrogate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** network on local[2], one task per target, against the single-machine NetworkInference, bit for bit. */
class NetworkSparkTest {
  static SparkSession spark;
  static final int T = 300;
  static final String[] NAMES = {"x0", "x1", "x2", "x3"};
  static double[][] series;

  /** x0 → x1 at lag 1, x1 → x2 at lag 2, x3 independent; offsets and mixed scales */
  @BeforeAll
  static void start() {
    spark = InfokernelsSpark.session("local[2]");
    spark.sparkContext().setLogLevel("ERROR");
    Random g = new Random(11);
    double[][] x = new double[T + 100][4];
    for (int t = 2; t < x.length; t++) {
      x[t][0] = 0.4 * x[t - 1][0] + g.nextGaussian();
      x[t][1] = 0.3 * x[t - 1][1] + 0.7 * x[t - 1][0] + g.nextGaussian();
      x[t][2] = 0.3 * x[t - 1][2] + 0.7 * x[t - 2][1] + g.nextGaussian();
      x[t][3] = 0.3 * x[t - 1][3] + g.nextGaussian();
    }
    double[] scale = {1, 10, 0.1, 3};
    double[] offset = {5, -20, 1, 0};
    series = new double[4][T];
    for (int t = 0; t < T; t++) {
      for (int j = 0; j < 4; j++) {
        series[j][t] = offset[j] + scale[j] * x[t + 100][j];
      }
    }
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  static List<Series> nodes() {
    List<Series> out = new ArrayList<>();
    for (int j = 0; j < 4; j++) {
      out.add(Series.of(Matrix.of(NAMES[j], series[j], T, 1)));
    }
    return out;
  }

  static NetworkInferenceOptions options(BackendKind b) {
    RunSettings s = RunSettings.defaults().withBackend(b).withSeed(3).withStandardize(true).withThreads(2);
    return new NetworkInferenceOptions(1, 2, 2, 4, 0, Surrogate.CIRCULAR, 20, 20, 40, 20, 0.05, 0.05, s);
  }

  static void assertSameNetwork(Network expected, Network actual) {
    assertEquals(expected.names(), actual.names());
    assertEquals(expected.observations(), actual.observations());
    assertEquals(expected.backend(), actual.backend());
    // records compare their doubles bit for bit (Double.compare), NaN te of the target's past included
    assertEquals(expected.targets(), actual.targets());
    assertEquals(expected.edges(), actual.edges());
  }

  @Test
  void oneTaskPerTargetGivesTheSingleMachineNetworkBitForBit() {
    NetworkInferenceOptions o = options(BackendKind.JAVA);
    Network one = new NetworkInference(o).infer(nodes());
    // the coupling is found: x0 -> x1 (lag 1), x1 -> x2 (lag 2), and nothing else
    assertEquals(2, one.edges().size(), one.edges().toString());
    assertEquals(List.of(1), one.edges().get(0).lags());
    Network distributed = InfokernelsSpark.inferNetwork(spark, nodes(), o, SparkOptions.defaults().withBackend("java"));
    assertSameNetwork(one, distributed);

    // the Dataset API: rows in shuffled order with a time column, one row per edge
    List<Row> rows = new ArrayList<>();
    for (int t = 0; t < T; t++) {
      rows.add(RowFactory.create(1_000L + 7L * t, series[0][t], series[1][t], series[2][t], series[3][t]));
    }
    Collections.shuffle(rows, new Random(1));
    StructType schema = new StructType().add("time", DataTypes.LongType).add("x0", DataTypes.DoubleType)
        .add("x1", DataTypes.DoubleType).add("x2", DataTypes.DoubleType).add("x3", DataTypes.DoubleType);
    Dataset<Row> df = spark.createDataFrame(rows, schema).repartition(3);
    SparkOptions so = SparkOptions.defaults().withBackend("java").withSeed(3).withStandardize(true).withFdr(0.05)
        .with("max-lag", "2").with("surrogates", "20").with("omnibus-surrogates", "40");
    List<Row> edges = InfokernelsSpark.network(df, "time", List.of(NAMES), so).collectAsList();
    assertEquals(one.edges().size(), edges.size());
    for (int i = 0; i < edges.size(); i++) {
      Network.Edge e = one.edges().get(i);
      Row r = edges.get(i);
      assertEquals(NAMES[e.source()], r.getString(0));
      assertEquals(NAMES[e.target()], r.getString(1));
      assertEquals(e.lags(), r.getList(2));
      assertEquals(Double.doubleToLongBits(e.te()), Double.doubleToLongBits(r.getDouble(3)));
      assertEquals(Double.doubleToLongBits(e.pValue()), Double.doubleToLongBits(r.getDouble(4)));
      assertEquals(Double.doubleToLongBits(e.qValue()), Double.doubleToLongBits(r.getDouble(5)));
      assertEquals("java", r.getString(6));
      assertTrue(r.getString(8).startsWith("executor driver") || r.getString(8).startsWith("executor "),
          r.getString(8));
    }
  }

  @Test
  void candidateBatchesGiveTheSameNetworkBitForBit() {
    // one task per target unless there are fewer targets than tasks wanted; at least 2 candidates a batch
    assertEquals(1, SparkNetwork.batchesPerTarget(0, 2, 4, 6));
    assertEquals(3, SparkNetwork.batchesPerTarget(12, 2, 4, 6));
    assertEquals(22, SparkNetwork.batchesPerTarget(0, 400, 10, 45));
    assertEquals(1, SparkNetwork.batchesPerTarget(100, 2, 4, 3));
    NetworkInferenceOptions o = options(BackendKind.JAVA);
    Network one = new NetworkInference(o).infer(nodes());
    // 4 targets, 12 tasks wanted: each target's 6 source candidates (3 sources x lags 1..2) in 3 tasks per step
    SparkNetwork.Outcome split = SparkNetwork.run(spark, nodes(), o, SparkOptions.defaults().withBackend("java")
        .withTasks(12));
    assertSameNetwork(one, split.network());
    assertEquals(4, split.targets().size());
    for (SparkNetwork.Done d : split.targets()) {
      assertEquals("driver, candidates in 3 Spark tasks per step", d.executor());
    }
  }

  @Test
  void autoRunsCpuOnExecutorsAndMatchesCpuOnOneMachine() {
    NetworkInferenceOptions o = options(BackendKind.AUTO);
    Network distributed = InfokernelsSpark.inferNetwork(spark, nodes(), o, SparkOptions.defaults());
    String expected = ExecutorRuntime.resolve("auto").label();
    assertEquals(expected, distributed.backend());
    Network one = new NetworkInference(options(BackendKind.parse(expected))).infer(nodes());
    assertSameNetwork(one, distributed);
  }

  @Test
  void badInputIsRefusedOnTheDriver() {
    List<Row> rows = new ArrayList<>();
    for (int t = 0; t < 20; t++) {
      rows.add(RowFactory.create(t % 10, (double) t, Math.sin(t)));
    }
    StructType schema = new StructType().add("time", DataTypes.IntegerType).add("a", DataTypes.DoubleType)
        .add("b", DataTypes.DoubleType);
    Dataset<Row> df = spark.createDataFrame(rows, schema);
    SparkOptions so = SparkOptions.defaults().with("max-lag", "2").with("surrogates", "20");
    assertTrue(assertThrows(InvalidInputException.class, () -> InfokernelsSpark.network(df, "time", List.of("a", "b"),
        so)).getMessage().contains("twice"));
    assertTrue(assertThrows(InvalidInputException.class, () -> InfokernelsSpark.network(df, "time", List.of("a", "c"),
        so)).getMessage().contains("'c'"));
    assertTrue(assertThrows(InvalidInputException.class, () -> InfokernelsSpark.network(df, "time", List.of("a", "b"),
        so.with("lag", "2"))).getMessage().contains("'lag'"));
    assertTrue(assertThrows(InvalidInputException.class, () -> InfokernelsSpark.network(df, "time", List.of("a"),
        so)).getMessage().contains("at least 2"));
  }
}
