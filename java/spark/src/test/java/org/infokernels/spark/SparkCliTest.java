package org.infokernels.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.infokernels.cli.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI's {@code --spark local[2]} (pairwise, network) in process, through {@link Main#run}: the Spark module is
 * on the class path, the runner is found by ServiceLoader, and the output (JSON line and --out CSV) has the same
 * values as the run without --spark.
 */
class SparkCliTest {
  @TempDir
  static Path dir;

  record Result(int code, String out, String err) {}

  static Result run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  static String[] with(String[] a, String... extra) {
    String[] b = Arrays.copyOf(a, a.length + extra.length);
    System.arraycopy(extra, 0, b, a.length, extra.length);
    return b;
  }

  /** the JSON line without the wall time */
  static String values(String json) {
    return json.replaceAll("\"seconds\":[^,}]*", "\"seconds\":-");
  }

  /** 6 columns with a header: a latent z in a, b, c (non-linearly), d, e noise, f = e^2; offsets and scales */
  static Path table() throws IOException {
    Random r = new Random(8);
    StringBuilder b = new StringBuilder("a,b,c,d,e,f\n");
    for (int i = 0; i < 150; i++) {
      double z = r.nextGaussian();
      double e = r.nextGaussian();
      double[] v = {10 + 2 * z, -3 + z + 0.5 * r.nextGaussian(), 100 * Math.sin(z) + r.nextGaussian(),
          1e3 + 20 * r.nextGaussian(), e, e * e + 0.1 * r.nextGaussian()};
      for (int j = 0; j < v.length; j++) {
        b.append(j == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.17g", v[j]));
      }
      b.append('\n');
    }
    return Files.writeString(dir.resolve("table.csv"), b.toString());
  }

  /** NetworkCliTest's series: x0 -> x1 at lag 1, x1 -> x2 at lag 2, x3 independent; offsets and mixed scales */
  static Path series() throws IOException {
    Random g = new Random(5);
    int steps = 400;
    double[][] x = new double[steps + 100][4];
    for (int t = 2; t < x.length; t++) {
      x[t][0] = 0.4 * x[t - 1][0] + g.nextGaussian();
      x[t][1] = 0.3 * x[t - 1][1] + 0.7 * x[t - 1][0] + g.nextGaussian();
      x[t][2] = 0.3 * x[t - 1][2] + 0.7 * x[t - 2][1] + g.nextGaussian();
      x[t][3] = 0.3 * x[t - 1][3] + g.nextGaussian();
    }
    double[] scale = {1, 10, 0.1, 3};
    double[] offset = {5, -20, 1, 0};
    StringBuilder b = new StringBuilder("s0,s1,s2,s3\n");
    for (int t = 0; t < steps; t++) {
      for (int j = 0; j < 4; j++) {
        b.append(j == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.17g", offset[j] + scale[j] * x[t + 100][j]));
      }
      b.append('\n');
    }
    return Files.writeString(dir.resolve("series.csv"), b.toString());
  }

  @Test
  void pairwiseAndNetworkWithSparkGiveTheValuesOfTheRunWithout() throws IOException {
    assertTrue(!SparkCliRunner.live(), "the runner must start (and stop) its own session here");
    String x = table().toString();
    List<String[]> cases = new ArrayList<>();
    cases.add(new String[] {"pairwise", "--x", x, "--measure", "hsic", "--permutations", "19", "--seed", "5",
        "--backend", "java", "--format", "json"});
    cases.add(new String[] {"pairwise", "--x", x, "--measure", "mi", "--k", "4", "--groups", "0-1;2;3;4-5",
        "--format", "json"});
    cases.add(new String[] {"network", "--x", series().toString(), "--max-lag", "2", "--surrogates", "30",
        "--omnibus-surrogates", "100", "--standardize", "--seed", "3", "--format", "json", "--quiet"});
    int k = 0;
    for (String[] c : cases) {
      Path plain = dir.resolve("plain" + k + ".csv");
      Path spark = dir.resolve("spark" + k + ".csv");
      k++;
      Result one = run(with(c, "--out", plain.toString()));
      assertEquals(0, one.code(), one.err());
      Result distributed = run(with(c, "--out", spark.toString(), "--spark", "local[2]"));
      assertEquals(0, distributed.code(), distributed.err());
      assertEquals(values(one.out()), values(distributed.out()), String.join(" ", c));
      assertEquals(Files.readString(plain), Files.readString(spark), String.join(" ", c));
      // a matrix of several pairs; the network's two edges (x0 -> x1, x1 -> x2)
      assertTrue(Files.readAllLines(spark).size() >= 3, Files.readString(spark));
      // the runner's own session is stopped after the command
      assertTrue(!SparkCliRunner.live(), "the runner's session is still running");
    }
  }

  @Test
  void badInputUnderSparkIsOneLineAndExitTwo() throws IOException {
    Result r = run("network", "--x", table().toString(), "--max-lag", "2", "--surrogates", "20", "--spark",
        "local[2]", "--checkpoint", dir.resolve("ck").toString());
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().startsWith("infokernels: error: --checkpoint does not apply with --spark"), r.err());
    assertEquals("", r.out());
  }
}
