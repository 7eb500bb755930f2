package org.infokernels.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.infokernels.core.Matrix;
import org.infokernels.io.NpyFiles;
import org.infokernels.matrix.TruncatedEntropyOptions;
import org.infokernels.matrix.TruncatedMatrixEntropy;
import org.infokernels.matrix.VonNeumannEntropy;
import org.infokernels.matrix.VonNeumannOptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The matrix-entropy commands through {@link Main#run} on {@code --backend java}: a 3-D npy batch
 * (one JSON object with batch, values and their mean as value), units of the entropy-valued
 * extras, the text line of a batch, help texts, and the bad inputs of the contract (exit 2, one
 * line on stderr, nothing on stdout).
 */
class MatrixEntropyCliTest {
  @TempDir
  static Path dir;

  static String x;
  static String cube;
  static String labels;
  static String labels399;
  static String oneClass;
  static List<Matrix> items = new ArrayList<>();

  @BeforeAll
  static void data() {
    double[][] g = NpyFiles.gaussian(1, 400, 3);
    x = NpyFiles.writeMatrix(dir.resolve("x.npy"), g).toString();
    int b = 3;
    int n = 20;
    int d = 5;
    double[] flat = new double[b * n * d];
    double[][] all = NpyFiles.gaussian(2, b * n, d);
    for (int i = 0; i < b * n; i++) {
      for (int j = 0; j < d; j++) {
        flat[i * d + j] = all[i][j] * (j + 1);
      }
    }
    for (int k = 0; k < b; k++) {
      items.add(Matrix.of("c" + k, java.util.Arrays.copyOfRange(flat, k * n * d, (k + 1) * n * d), n, d));
    }
    cube = NpyFiles.write(dir.resolve("cube.npy"), NpyFiles.bytes(1, NpyFiles.header("<f8", false, "(3, 20, 5)"),
        NpyFiles.doubles(ByteOrder.LITTLE_ENDIAN, flat))).toString();
    long[] lab = new long[400];
    for (int i = 0; i < 400; i++) {
      lab[i] = g[i][0] > 0 ? 1 : 0;
    }
    labels = NpyFiles.write(dir.resolve("labels.npy"), NpyFiles.bytes(1, NpyFiles.header("<i8", false, "(400,)"),
        NpyFiles.longs(ByteOrder.LITTLE_ENDIAN, lab))).toString();
    labels399 = NpyFiles.write(dir.resolve("labels399.npy"), NpyFiles.bytes(1, NpyFiles.header("<i8", false, "(399,)"),
        NpyFiles.longs(ByteOrder.LITTLE_ENDIAN, java.util.Arrays.copyOf(lab, 399)))).toString();
    oneClass = NpyFiles.write(dir.resolve("one.npy"), NpyFiles.bytes(1, NpyFiles.header("<i4", false, "(400,)"),
        NpyFiles.ints(ByteOrder.LITTLE_ENDIAN, new int[400]))).toString();
  }

  static MainTest.Result java(String... args) {
    return MainTest.java(args);
  }

  @Test
  void aBatchIsOneJsonObjectWithValuesAndTheirMean() {
    MainTest.Result r = java("truncated-entropy", "--x", cube, "--rank", "3", "--format", "json");
    assertEquals(0, r.code(), r.toString());
    JsonObject o = r.json();
    assertEquals(3, o.get("batch").getAsInt());
    assertEquals("dimensionless", o.get("unit").getAsString());
    assertEquals(20, o.get("n").getAsInt());
    assertEquals(5, o.getAsJsonArray("dims").get(0).getAsInt());
    JsonArray values = o.getAsJsonArray("values");
    assertEquals(3, values.size());
    double mean = 0;
    for (int k = 0; k < 3; k++) {
      double want = new TruncatedMatrixEntropy(TruncatedEntropyOptions.ofRank(3)).estimate(items.get(k)).value();
      assertEquals(want, values.get(k).getAsDouble(), 1e-12, "item " + k);
      mean += want / 3;
    }
    assertEquals(mean, o.get("value").getAsDouble(), 1e-12);
    // dimensionless: --base 2 changes nothing
    JsonObject bits = java("truncated-entropy", "--x", cube, "--rank", "3", "--format", "json", "--base", "2").json();
    assertEquals(o.get("value").getAsDouble(), bits.get("value").getAsDouble(), 0.0);
  }

  @Test
  void vonNeumannBatchValuesFollowTheBase() {
    JsonObject o = java("von-neumann", "--x", cube, "--format", "json", "--base", "2").json();
    assertEquals("bits", o.get("unit").getAsString());
    JsonArray values = o.getAsJsonArray("values");
    for (int k = 0; k < 3; k++) {
      double nats = new VonNeumannEntropy(VonNeumannOptions.defaults()).estimate(items.get(k)).value();
      assertEquals(nats / Math.log(2), values.get(k).getAsDouble(), 1e-12, "item " + k);
    }
    MainTest.Result text = java("von-neumann", "--x", cube, "--kind", "linear");
    assertEquals(0, text.code(), text.toString());
    assertEquals(1, text.outLines().size());
    assertTrue(text.out().contains("von-neumann (linear) = ") && text.out().contains("(mean of 3 matrices, min ")
        && text.out().contains("20 x 5 each"), text.out());
  }

  @Test
  void dsmiReportsItsPartsInTheUnitOfTheValue() {
    JsonObject nats = java("dsmi", "--x", x, "--labels", labels, "--sigma", "1", "--format", "json").json();
    JsonObject bits = java("dsmi", "--x", x, "--labels", labels, "--sigma", "1", "--format", "json", "--base", "2").json();
    double ln2 = Math.log(2);
    assertEquals(nats.get("value").getAsDouble() / ln2, bits.get("value").getAsDouble(), 1e-12);
    for (String k : new String[] {"conditional_part", "marginal_part"}) {
      assertEquals(nats.get(k).getAsDouble() / ln2, bits.get(k).getAsDouble(), 1e-12, k);
    }
    JsonArray parts = bits.getAsJsonArray("class_parts");
    assertEquals(2, parts.size());
    assertEquals(bits.get("value").getAsDouble(), parts.get(0).getAsDouble() + parts.get(1).getAsDouble(), 1e-12);
    assertEquals("[0,1]", bits.getAsJsonArray("classes").toString());
    assertEquals(5, bits.get("repeats").getAsInt());
  }

  @Test
  void dseTakesSlqAndSubsampleAndReportsThem() {
    JsonObject o = java("dse", "--x", x, "--sigma", "0.5", "--method", "slq", "--probes", "8", "--lanczos-steps", "10",
        "--format", "json").json();
    assertEquals("slq", o.get("method").getAsString());
    assertTrue(o.get("std_error").getAsDouble() >= 0);
    assertTrue(o.get("quadrature_error").getAsDouble() >= 0);
    assertEquals(8, o.get("probes").getAsInt());
    int steps = o.get("lanczos_steps").getAsInt();
    assertTrue(steps >= 4 && steps <= 10, "lanczos_steps " + steps + " outside [4, --lanczos-steps 10]");
    JsonObject s = java("dse", "--x", x, "--subsample", "100", "--format", "json").json();
    assertEquals(100, s.get("n").getAsInt());
    assertEquals(100, s.get("subsample").getAsInt());
    assertEquals(400, s.get("rows_given").getAsInt());
  }

  @Test
  void helpDocumentsTheBatchOutput() {
    for (String c : new String[] {"truncated-entropy", "von-neumann"}) {
      MainTest.Result r = MainTest.run(c, "--help");
      assertEquals(0, r.code(), r.toString());
      for (String s : new String[] {"3-D npy", "\"batch\": B", "\"values\"", "mean"}) {
        assertTrue(r.out().contains(s), c + " --help lacks " + s + ":\n" + r.out());
      }
    }
    for (String[] c : new String[][] {{"dse", "Default: 10", "--t", "bits"}, {"dsmi", "--repeats", "conditional_part",
        "--labels"}}) {
      MainTest.Result r = MainTest.run(c[0], "--help");
      for (String s : c) {
        assertTrue(r.out().contains(s), c[0] + " --help lacks " + s + ":\n" + r.out());
      }
    }
  }

  @Test
  void badInputsAreOneErrorLineAndExitTwo() throws IOException {
    MainTest.assertOneErrorLine(java("truncated-entropy", "--x", x, "--rank", "0"), "rank = 0");
    MainTest.assertOneErrorLine(java("truncated-entropy", "--x", x, "--rank", "4"), "rank = 4", "d = 3");
    MainTest.assertOneErrorLine(java("truncated-entropy", "--x", x), "missing required option", "--rank");
    MainTest.assertOneErrorLine(java("dsmi", "--x", x, "--labels", labels399), "399", "400");
    MainTest.assertOneErrorLine(java("dsmi", "--x", x, "--labels", oneClass), "one class", "at least 2 classes");
    MainTest.assertOneErrorLine(java("dsmi", "--x", x), "missing required option", "--labels");
    MainTest.assertOneErrorLine(java("dse", "--x", x, "--sigma", "0"), "sigma = 0");
    MainTest.assertOneErrorLine(java("dse", "--x", x, "--sigma", "-2"), "sigma = -2");
    MainTest.assertOneErrorLine(java("dsmi", "--x", x, "--labels", labels, "--sigma", "0"), "sigma = 0");
    MainTest.assertOneErrorLine(java("von-neumann", "--x", x, "--kind", "rbf", "--sigma", "0"), "sigma = 0");
    MainTest.assertOneErrorLine(java("dse", "--x", x, "--t", "0"), "t = 0");
    MainTest.assertOneErrorLine(java("dsmi", "--x", x, "--labels", labels, "--t", "-1"), "t = -1");
    MainTest.assertOneErrorLine(java("dse", "--x", x, "--t", "1.5"), "--t", "1.5");
    MainTest.assertOneErrorLine(java("dsmi", "--x", x, "--labels", labels, "--repeats", "0"), "repeats = 0");
    MainTest.assertOneErrorLine(java("von-neumann", "--x", x, "--kind", "spectral"), "--kind", "cov, linear, rbf");
    MainTest.assertOneErrorLine(java("von-neumann", "--x", cube, "--kind", "rbf"), "3-D batch", "cov or linear");
    MainTest.assertOneErrorLine(java("dse", "--x", cube), "3-D array", "expected 1-D or 2-D");
    MainTest.assertOneErrorLine(java("dse", "--x", x, "--subsample", "-3"), "subsample = -3");
    MainTest.assertOneErrorLine(java("truncated-entropy", "--x", cube, "--rank", "6"), "rank = 6", "d = 5");
    MainTest.assertOneErrorLine(java("truncated-entropy", "--x", cube, "--x-cols", "7", "--rank", "1"), "--x-cols",
        "column 7");
    String labelsText = java.nio.file.Files.writeString(dir.resolve("labels.txt"), "a\n1\n2\nx\n").toString();
    MainTest.assertOneErrorLine(java("dsmi", "--x", x, "--labels", labelsText), "labels.txt");
  }

  @Test
  void aColumnSelectionAppliesToEveryMatrixOfTheBatch() {
    JsonObject o = java("truncated-entropy", "--x", cube, "--x-cols", "0-2", "--rank", "2", "--format", "json").json();
    assertEquals(3, o.getAsJsonArray("dims").get(0).getAsInt());
    double want = new TruncatedMatrixEntropy(TruncatedEntropyOptions.ofRank(2)).estimate(items.get(1).selectColumns(0, 1, 2))
        .value();
    assertEquals(want, o.getAsJsonArray("values").get(1).getAsDouble(), 1e-12);
    assertFalse(o.has("p_value"));
  }
}
