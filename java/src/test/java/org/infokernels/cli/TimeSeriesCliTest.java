package org.infokernels.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.infokernels.core.Matrix;
import org.infokernels.io.NpyFiles;
import org.infokernels.io.NpyReader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * transfer-entropy and active-info-storage through {@link Main#run}: output fields, local values
 * written as npy, surrogate tests, 3-D trial files, and every new error path (exit 2, one line).
 */
class TimeSeriesCliTest {
  @TempDir
  static Path dir;

  static String pair;
  static String trials;
  static String trials3;
  static String shortFile;

  @BeforeAll
  static void data() {
    Random g = new Random(3);
    double[][] rows = new double[400][2];
    for (int t = 1; t < 400; t++) {
      rows[t][1] = 0.7 * rows[t - 1][1] + g.nextGaussian();
      rows[t][0] = 0.5 * rows[t - 1][0] + 0.6 * rows[t - 1][1] + g.nextGaussian();
    }
    pair = NpyFiles.writeMatrix(dir.resolve("pair.npy"), rows).toString();
    double[] cube = new double[2 * 50 * 1];
    for (int i = 0; i < cube.length; i++) {
      cube[i] = g.nextGaussian();
    }
    trials = NpyFiles.write(dir.resolve("trials.npy"), NpyFiles.bytes(1, NpyFiles.header("<f8", false, "(2, 50, 1)"),
        NpyFiles.doubles(ByteOrder.LITTLE_ENDIAN, cube))).toString();
    double[] cube3 = Arrays.copyOf(cube, 3 * 50 * 1);
    for (int i = 100; i < 150; i++) {
      cube3[i] = g.nextGaussian();
    }
    trials3 = NpyFiles.write(dir.resolve("trials3.npy"), NpyFiles.bytes(1, NpyFiles.header("<f8", false, "(3, 50, 1)"),
        NpyFiles.doubles(ByteOrder.LITTLE_ENDIAN, cube3))).toString();
    shortFile = NpyFiles.writeMatrix(dir.resolve("short.npy"), new double[][] {{1}, {2}, {3}}).toString();
  }

  @Test
  void transferEntropyPrintsItsEmbeddingAndWritesLocals() {
    Path locals = dir.resolve("te-locals.npy");
    MainTest.Result r = MainTest.java("transfer-entropy", "--source", pair, "--source-cols", "1", "--target", pair,
        "--target-cols", "0", "--target-history", "2", "--locals", locals.toString(), "--format", "json");
    JsonObject o = r.json();
    assertEquals("transfer-entropy", o.get("measure").getAsString());
    assertEquals("ksg1", o.get("estimator").getAsString());
    assertEquals(2, o.get("target_history").getAsInt());
    assertEquals(398, o.get("n").getAsInt());
    Matrix l = NpyReader.read(locals, "locals");
    assertEquals(398, l.rows());
    double mean = 0;
    for (int i = 0; i < l.rows(); i++) {
      mean += l.get(i, 0) / l.rows();
    }
    assertEquals(o.get("value").getAsDouble(), mean, 1e-12, "locals average to the value");
  }

  @Test
  void surrogateTestAndTheilerWindowAndKsg2AreReported() {
    JsonObject o = MainTest.java("transfer-entropy", "--source", pair, "--source-cols", "1", "--target", pair,
        "--target-cols", "0", "--estimator", "ksg2", "--theiler", "3", "--permutations", "9", "--surrogate", "block",
        "--seed", "4", "--format", "json").json();
    assertEquals("ksg2", o.get("estimator").getAsString());
    assertEquals(3, o.get("theiler").getAsInt());
    assertEquals("block", o.get("surrogate").getAsString());
    assertEquals(0.1, o.get("p_value").getAsDouble(), 1e-12, o.toString());
    assertEquals(9, o.get("permutations").getAsInt());
  }

  @Test
  void activeInfoStorageOfTrialsAndAutoEmbedding() {
    JsonObject o = MainTest.java("active-info-storage", "--x", trials, "--history", "2", "--format", "json").json();
    assertEquals(2 * (50 - 1 - 1), o.get("n").getAsInt());
    assertEquals(2, o.get("trials").getAsInt());
    JsonObject a = MainTest.java("active-info-storage", "--x", pair, "--x-cols", "1", "--auto-embed", "ragwitz",
        "--max-history", "3", "--max-tau", "2", "--format", "json").json();
    assertEquals("ragwitz", a.get("auto_embed").getAsString());
    assertTrue(a.get("history").getAsInt() >= 1 && a.get("history").getAsInt() <= 3, a.toString());
  }

  @Test
  void everyBadInputIsOneLineAndExitTwo() {
    MainTest.assertOneErrorLine(MainTest.java("transfer-entropy", "--source", pair, "--source-cols", "1", "--target",
        shortFile), "has 3 time steps but");
    MainTest.assertOneErrorLine(MainTest.java("active-info-storage", "--x", shortFile, "--history", "3"),
        "too short for the embedding");
    MainTest.assertOneErrorLine(MainTest.java("transfer-entropy", "--source", pair, "--target", pair, "--target-cols",
        "0", "--source-cols", "1", "--delay", "0"), "delay = 0 is smaller than the minimum (1)");
    MainTest.assertOneErrorLine(MainTest.java("transfer-entropy", "--source", pair, "--target", pair, "--target-cols",
        "0", "--source-cols", "1", "--target-history", "0"), "target history = 0");
    MainTest.assertOneErrorLine(MainTest.java("transfer-entropy", "--source", pair, "--target", pair, "--target-cols",
        "0", "--source-cols", "1", "--source-tau", "0"), "source tau = 0");
    MainTest.assertOneErrorLine(MainTest.java("active-info-storage", "--x", pair, "--tau", "0"), "tau = 0");
    MainTest.assertOneErrorLine(MainTest.java("transfer-entropy", "--source", trials, "--target", trials3),
        "has 3 trials but", "has 2; every series must have the same trials");
    MainTest.assertOneErrorLine(MainTest.java("transfer-entropy", "--source", pair, "--target", pair,
        "--surrogate", "wiggle"), "'wiggle' is not one of circular, shuffle, block, swap-trials");
    MainTest.assertOneErrorLine(MainTest.java("active-info-storage", "--x", pair, "--x-cols", "0", "--permutations", "5",
        "--surrogate", "swap-trials"), "swap-trials surrogates need at least 2 trials");
    MainTest.assertOneErrorLine(MainTest.java("active-info-storage", "--x", pair, "--k", "500"), "k = 500");
    MainTest.assertOneErrorLine(MainTest.java("transfer-entropy", "--source", pair, "--target", pair, "--theiler", "-1"),
        "theiler = -1");
    MainTest.assertOneErrorLine(MainTest.java("active-info-storage", "--x", pair, "--locals",
        dir.resolve("no/such/dir/l.npy").toString()), "cannot write");
  }
}
