package org.infokernels.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.infokernels.io.NpyFiles;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --ci LEVEL} (java/docs/cli.md, "Uncertainty") on every registered single-estimate command:
 * std_error, ci_low ≤ value ≤ ci_high, ci_method, in the unit of --base; the same run without
 * --ci has none of them and the same value; a level outside (0, 1) exits 2 with one line.
 */
class CiCliTest {
  @TempDir
  static Path dir;
  static String x;
  static String y;
  static String y2;
  static String labels;

  @BeforeAll
  static void data() {
    Random r = new Random(3);
    int n = 120;
    double[][] a = new double[n][2];
    double[][] b = new double[n][1];
    double[][] c = new double[90][2];
    double[][] l = new double[n][1];
    for (int i = 0; i < n; i++) {
      a[i][0] = 4 + r.nextGaussian();
      a[i][1] = -2 + 3 * r.nextGaussian();
      b[i][0] = 0.5 * a[i][0] + 0.1 * a[i][1] + r.nextGaussian();
      l[i][0] = i % 3;
    }
    for (int i = 0; i < c.length; i++) {
      c[i][0] = 4.3 + r.nextGaussian();
      c[i][1] = -2 + 3 * r.nextGaussian();
    }
    x = NpyFiles.writeMatrix(dir.resolve("x.npy"), a).toString();
    y = NpyFiles.writeMatrix(dir.resolve("y.npy"), b).toString();
    y2 = NpyFiles.writeMatrix(dir.resolve("y2.npy"), c).toString();
    labels = NpyFiles.writeMatrix(dir.resolve("l.npy"), l).toString();
  }

  static String[][] commands() {
    return new String[][] {
        {"entropy", "--x", x, "--base", "2"},
        {"mi", "--x", x, "--y", y, "--base", "2"},
        {"cmi", "--x", x, "--x-cols", "0", "--y", y, "--z", x, "--z-cols", "1"},
        {"kl-divergence", "--x", x, "--y", y2},
        {"hsic", "--x", x, "--y", y},
        {"hsic", "--x", x, "--y", y, "--estimator", "unbiased", "--null", "gamma"},
        {"cka", "--x", x, "--y", y},
        {"renyi-entropy", "--x", x},
        {"renyi-mi", "--x", x, "--y", y},
        {"cs-qmi", "--x", x, "--y", y},
        {"von-neumann", "--x", x},
        {"truncated-entropy", "--x", x, "--rank", "1"},
        {"dse", "--x", x},
        {"dsmi", "--x", x, "--labels", labels},
        {"sinkhorn", "--x", x, "--y", y2},
        {"sinkhorn-divergence", "--x", x, "--y", y2, "--epsilon", "2"},
        {"wasserstein-dependency", "--x", x, "--y", y, "--epsilon", "2", "--max-iter", "400"},
        {"dcor", "--x", x, "--y", y},
        {"dcor", "--x", x, "--x-cols", "0", "--y", y, "--estimator", "unbiased"},
        {"energy-distance", "--x", x, "--y", y2},
        {"mmd", "--x", x, "--y", y2, "--permutations", "19"},
        {"transfer-entropy", "--source", x, "--source-cols", "0", "--target", x, "--target-cols", "1"},
        {"transfer-entropy", "--source", x, "--source-cols", "0", "--target", y, "--conditional", x,
            "--conditional-cols", "1", "--theiler", "2"},
        {"active-info-storage", "--x", x, "--x-cols", "0", "--history", "2"},
    };
  }

  static List<String> with(String[] cmd, String... more) {
    List<String> a = new ArrayList<>(List.of(cmd));
    a.addAll(List.of(more));
    a.addAll(List.of("--format", "json", "--backend", "java"));
    return a;
  }

  @TestFactory
  List<DynamicTest> everyCommandTakesCi() {
    List<DynamicTest> tests = new ArrayList<>();
    List<String> seen = new ArrayList<>();
    for (String[] cmd : commands()) {
      seen.add(cmd[0]);
      tests.add(DynamicTest.dynamicTest(String.join(" ", cmd).replace(dir.toString() + "/", ""), () -> {
        TestingCliTest.Result plain = TestingCliTest.run(with(cmd).toArray(new String[0]));
        assertEquals(0, plain.code(), plain.err());
        JsonObject p = plain.json();
        assertFalse(p.has("ci_low") || p.has("ci_method"), "no interval without --ci: " + plain.out());
        TestingCliTest.Result r = TestingCliTest.run(with(cmd, "--ci", "0.9").toArray(new String[0]));
        assertEquals(0, r.code(), r.err());
        JsonObject o = r.json();
        double v = o.get("value").getAsDouble();
        assertEquals(p.get("value").getAsDouble(), v, 0.0, "--ci changes nothing of the value");
        double se = o.get("std_error").getAsDouble();
        double lo = o.get("ci_low").getAsDouble();
        double hi = o.get("ci_high").getAsDouble();
        assertTrue(se >= 0 && lo <= v && v <= hi, o.toString());
        assertTrue(hi - lo >= 2 * 1.6 * se - 1e-12 && hi - lo <= 2 * 1.8 * se + 1e-12, "a 90% interval: " + o);
        assertTrue(o.get("ci_method").getAsString().matches("jackknife|group-jackknife|block-jackknife|bootstrap"), o.toString());
        assertEquals(0.9, o.get("ci_level").getAsDouble(), 0.0);
      }));
    }
    tests.add(DynamicTest.dynamicTest("every command is covered", () -> {
      for (String c : Main.commandLine().getSubcommands().keySet()) {
        assertTrue(seen.contains(c) || c.equals("pairwise") || c.equals("network"), "--ci of " + c + " is not tested here");
      }
    }));
    return tests;
  }

  @Test
  void intervalsAreInTheUnitOfBase() {
    JsonObject nats = TestingCliTest.run(with(new String[] {"mi", "--x", x, "--y", y}, "--ci", "0.95")
        .toArray(new String[0])).json();
    JsonObject bits = TestingCliTest.run(with(new String[] {"mi", "--x", x, "--y", y, "--base", "2"}, "--ci", "0.95")
        .toArray(new String[0])).json();
    for (String k : new String[] {"value", "std_error", "ci_low", "ci_high"}) {
      assertEquals(nats.get(k).getAsDouble() / Math.log(2), bits.get(k).getAsDouble(), 1e-12, k);
    }
  }

  @Test
  void textLineShowsTheInterval() {
    TestingCliTest.Result r = TestingCliTest.run("mi", "--x", x, "--y", y, "--ci", "0.95", "--backend", "java");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("95% CI [") && r.out().contains("group-jackknife"), r.out());
  }

  @Test
  void badLevelsExitTwo() {
    for (String bad : new String[] {"0", "1", "1.5", "-0.1", "NaN"}) {
      TestingCliTest.badInput("outside (0, 1)", "mi", "--x", x, "--y", y, "--ci", bad);
      TestingCliTest.badInput("outside (0, 1)", "dcor", "--x", x, "--y", y, "--ci", bad);
      TestingCliTest.badInput("outside (0, 1)", "transfer-entropy", "--source", x, "--source-cols", "0", "--target",
          y, "--ci", bad);
      TestingCliTest.badInput("outside (0, 1)", "active-info-storage", "--x", y, "--ci", bad);
    }
    TestingCliTest.badInput("--permutation", "wasserstein-dependency", "--x", x, "--y", y, "--ci", "0.9",
        "--permutation", labels);
  }
}
