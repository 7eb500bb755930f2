package org.infokernels.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
import org.infokernels.kernel.HsicOptions;
import org.infokernels.knn.KsgOptions;
import org.infokernels.pairwise.DependenceMatrix;
import org.infokernels.pairwise.PairMeasure;
import org.infokernels.pairwise.PairwiseOptions;
import org.infokernels.pairwise.PairwiseResult;
import org.infokernels.pairwise.Variables;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** dependenceMatrix on local[2] against the single-machine DependenceMatrix, entry by entry, bit for bit. */
class DependenceMatrixSparkTest {
  static SparkSession spark;
  static final int N = 240;
  static final int P = 7;
  static double[][] data;
  static Dataset<Row> df;

  @BeforeAll
  static void start() {
    spark = InfokernelsSpark.session("local[2]");
    spark.sparkContext().setLogLevel("ERROR");
    // v0 latent; v1 = v0 + noise, v2 = sin(v0), v3..v6 noise with offsets and scales; v6 = v5² (non-linear)
    Random r = new Random(42);
    data = new double[N][P];
    StructType schema = new StructType();
    for (int j = 0; j < P; j++) {
      schema = schema.add("v" + j, DataTypes.DoubleType);
    }
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < N; i++) {
      double z = r.nextGaussian();
      double[] v = data[i];
      v[0] = 10 + 2 * z;
      v[1] = 10 + 2 * z + 0.7 * r.nextGaussian();
      v[2] = Math.sin(z) * 100 + 3 * r.nextGaussian();
      v[3] = -50 + 0.01 * r.nextGaussian();
      v[4] = 1e4 + 30 * r.nextGaussian();
      v[5] = r.nextGaussian();
      v[6] = v[5] * v[5] + 0.1 * r.nextGaussian();
      Object[] o = new Object[P];
      for (int j = 0; j < P; j++) {
        o[j] = v[j];
      }
      rows.add(RowFactory.create(o));
    }
    df = spark.createDataFrame(rows, schema);
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  static Variables columns(int... which) {
    List<Matrix> ms = new ArrayList<>();
    List<String> ns = new ArrayList<>();
    for (int j : which) {
      double[] c = new double[N];
      for (int i = 0; i < N; i++) {
        c[i] = data[i][j];
      }
      ms.add(Matrix.column("v" + j, c));
      ns.add("v" + j);
    }
    return Variables.of(ms, ns);
  }

  static void assertSame(PairwiseResult single, List<Row> spark, boolean tested) {
    assertEquals(single.entries().size(), spark.size());
    Map<String, Row> byPair = new HashMap<>();
    for (Row r : spark) {
      byPair.put(r.getString(0) + "|" + r.getString(1), r);
    }
    for (PairwiseResult.Entry e : single.entries()) {
      Row r = byPair.get(e.rowName() + "|" + e.colName());
      String what = e.rowName() + "," + e.colName();
      assertEquals(e.value(), r.getDouble(2), 0.0, what);
      if (tested) {
        assertEquals(e.pValue(), r.getDouble(3), 0.0, what);
        assertEquals(e.qValue(), r.getDouble(4), 0.0, what);
      } else {
        assertNull(r.get(3));
        assertNull(r.get(4));
      }
    }
  }

  @Test
  void hsicWithPermutationsOnJavaEqualsTheSingleMachineMatrixBitForBit() {
    RunSettings s = RunSettings.defaults().withBackend(BackendKind.JAVA).withPermutations(19).withSeed(7)
        .withThreads(1);
    PairMeasure m = PairMeasure.hsic(HsicOptions.defaults().withSettings(s));
    PairwiseResult single = new DependenceMatrix(m, PairwiseOptions.defaults()).compute(columns(0, 1, 2, 3, 4, 5, 6));
    List<String> cols = List.of("v0", "v1", "v2", "v3", "v4", "v5", "v6");
    List<Row> out = InfokernelsSpark.dependenceMatrix(df, InfokernelsSpark.singletons(cols), null, m,
        SparkOptions.defaults().withBackend("java").withTasks(4)).collectAsList();
    assertSame(single, out, true);
    for (Row r : out) {
      assertEquals("java", r.getString(5));
    }
  }

  @Test
  void miOnCpuByNameAndWithinGroupsEqualsTheSingleMachineMatrix() {
    RunSettings s = RunSettings.defaults().withBackend(BackendKind.CPU).withSeed(3).withThreads(1);
    PairMeasure m = PairMeasure.mi(KsgOptions.defaults().withK(4).withSettings(s));
    PairwiseResult single = new DependenceMatrix(m, PairwiseOptions.defaults()).compute(columns(0, 1, 2, 3, 4, 5, 6));
    List<Row> out = InfokernelsSpark.dependenceMatrix(df, List.of("v0", "v1", "v2", "v3", "v4", "v5", "v6"), "mi",
        SparkOptions.defaults().with("k", "4").withSeed(3).withBackend("cpu").withTasks(5)).collectAsList();
    assertSame(single, out, false);
    assertEquals("cpu", out.get(0).getString(5));

    // multivariate variables (groups) and X × Y
    LinkedHashMap<String, List<String>> x = new LinkedHashMap<>();
    x.put("a", List.of("v0", "v3"));
    x.put("b", List.of("v5"));
    LinkedHashMap<String, List<String>> y = new LinkedHashMap<>();
    y.put("c", List.of("v1", "v2"));
    y.put("d", List.of("v6"));
    y.put("e", List.of("v4"));
    Variables xv = Variables.of(List.of(pack(0, 3), pack(5)), List.of("a", "b"));
    Variables yv = Variables.of(List.of(pack(1, 2), pack(6), pack(4)), List.of("c", "d", "e"));
    PairwiseResult single2 = new DependenceMatrix(m, PairwiseOptions.defaults()).compute(xv, yv);
    List<Row> out2 = InfokernelsSpark.dependenceMatrix(df, x, y, m, SparkOptions.defaults().withBackend("cpu")
        .withTasks(3)).collectAsList();
    assertSame(single2, out2, false);
    // v5 and v6 = v5² are strongly dependent, v5 and v4 not
    Map<String, Double> v = new HashMap<>();
    out2.forEach(r -> v.put(r.getString(0) + r.getString(1), r.getDouble(2)));
    assertTrue(v.get("bd") > v.get("be") + 0.5, v.toString());
  }

  static Matrix pack(int... cols) {
    double[] d = new double[N * cols.length];
    for (int i = 0; i < N; i++) {
      for (int j = 0; j < cols.length; j++) {
        d[i * cols.length + j] = data[i][cols[j]];
      }
    }
    return Matrix.of("m", d, N, cols.length);
  }

  @Test
  void blocksCoverEveryPairOnce() {
    for (int p : new int[] {2, 3, 7, 20}) {
      for (boolean directed : new boolean[] {false, true}) {
        for (int target : new int[] {1, 4, 12, 100}) {
          int total = (int) SparkPairwise.totalPairs(p, p, true, directed);
          int[] seen = new int[total];
          for (SparkPairwise.Block b : SparkPairwise.blocks(p, p, true, directed, target)) {
            for (int i : b.rows()) {
              for (int j : b.cols() == null ? b.rows() : b.cols()) {
                if (i != j && (directed || i < j)) {
                  seen[SparkPairwise.index(i, j, p, p, true, directed)]++;
                }
              }
            }
          }
          for (int k = 0; k < total; k++) {
            assertEquals(1, seen[k], "p=" + p + " directed=" + directed + " target=" + target + " pair " + k);
          }
        }
      }
    }
  }

  @Test
  void badInputIsRefused() {
    assertThrows(InvalidInputException.class, () -> InfokernelsSpark.dependenceMatrix(df, List.of("v0"), "hsic",
        SparkOptions.defaults()));
    assertThrows(InvalidInputException.class, () -> InfokernelsSpark.dependenceMatrix(df, List.of("v0", "nope"),
        "hsic", SparkOptions.defaults()));
    assertThrows(InvalidInputException.class, () -> InfokernelsSpark.dependenceMatrix(df, List.of("v0", "v1"),
        "hsic", SparkOptions.defaults().with("k", "3")));
  }
}
