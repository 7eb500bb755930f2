package org.infokernels.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.infokernels.io.NpyFiles;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The optimal-transport commands through {@link Main#run} on {@code --backend java}: output fields,
 * samples of different sizes, weights, the permutation file, epsilon scaling, the non-convergence
 * warning, and every bad input as exit 2 with one line on stderr and nothing on stdout.
 */
class OtCliTest {
  private static final String ERROR = "infokernels: error: ";

  @TempDir
  static Path dir;

  static String x;
  static String y;
  static String y3;
  static String xs;
  static String ys;

  record Result(int code, String out, String err) {
    JsonObject json() {
      assertEquals(1, out.strip().split("\n").length, "one JSON line: " + out);
      return JsonParser.parseString(out.strip()).getAsJsonObject();
    }

    @Override
    public String toString() {
      return "exit " + code + "\nstdout: " + out + "\nstderr: " + err;
    }
  }

  static Result run(String... args) {
    List<String> a = new ArrayList<>(Arrays.asList(args));
    a.add("--backend");
    a.add("java");
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    int code = Main.run(a.toArray(new String[0]), new PrintStream(o, true, StandardCharsets.UTF_8),
        new PrintStream(e, true, StandardCharsets.UTF_8));
    return new Result(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
  }

  static String vector(String name, double... v) {
    return NpyFiles.write(dir.resolve(name), NpyFiles.bytes(1, NpyFiles.header("<f8", false, "(" + v.length + ",)"),
        NpyFiles.doubles(ByteOrder.LITTLE_ENDIAN, v))).toString();
  }

  static String ints(String name, long... v) {
    return NpyFiles.write(dir.resolve(name), NpyFiles.bytes(1, NpyFiles.header("<i8", false, "(" + v.length + ",)"),
        NpyFiles.longs(ByteOrder.LITTLE_ENDIAN, v))).toString();
  }

  @BeforeAll
  static void data() {
    x = NpyFiles.writeMatrix(dir.resolve("x.npy"), NpyFiles.gaussian(1, 40, 2)).toString();
    double[][] yy = NpyFiles.gaussian(2, 30, 2);
    for (double[] r : yy) {
      r[0] += 1.0;
    }
    y = NpyFiles.writeMatrix(dir.resolve("y.npy"), yy).toString();
    y3 = NpyFiles.writeMatrix(dir.resolve("y3.npy"), NpyFiles.gaussian(3, 30, 3)).toString();
    xs = NpyFiles.writeMatrix(dir.resolve("xs.npy"), NpyFiles.gaussian(4, 6, 1)).toString();
    ys = NpyFiles.writeMatrix(dir.resolve("ys.npy"), NpyFiles.gaussian(5, 6, 1)).toString();
  }

  static void assertBad(Result r, String fragment) {
    assertEquals(2, r.code(), r.toString());
    assertEquals("", r.out(), r.toString());
    String[] lines = r.err().strip().split("\n");
    assertEquals(1, lines.length, r.toString());
    assertTrue(lines[0].startsWith(ERROR), r.toString());
    assertTrue(lines[0].contains(fragment), "'" + lines[0] + "' lacks '" + fragment + "'");
  }

  @Test
  void sinkhornTakesSamplesOfDifferentSizesAndReportsPotsFields() {
    Result r = run("sinkhorn", "--x", x, "--y", y, "--epsilon", "0.5", "--format", "json");
    assertEquals(0, r.code(), r.toString());
    assertEquals("", r.err(), r.toString());
    JsonObject o = r.json();
    assertEquals("sinkhorn", o.get("measure").getAsString());
    assertEquals("dimensionless", o.get("unit").getAsString());
    assertEquals(40, o.get("n").getAsInt());
    assertEquals(30, o.get("m").getAsInt());
    assertEquals(0.5, o.get("epsilon").getAsDouble());
    assertTrue(o.get("converged").getAsBoolean());
    assertEquals(1, o.get("iterations").getAsInt() % 10, "POT stops at niter % 10 == 0: iterations = niter + 1");
    assertTrue(o.get("regularized").getAsDouble() > o.get("value").getAsDouble(), "OT_eps >= <P,C>");
    assertTrue(o.get("marginal_error").getAsDouble() < 1e-9);
    Result t = run("sinkhorn", "--x", x, "--y", y, "--epsilon", "0.5");
    assertEquals(0, t.code(), t.toString());
    assertTrue(t.out().startsWith("sinkhorn (log-domain) = "), t.out());
    assertTrue(t.out().contains("m = 30"), t.out());
  }

  @Test
  void weightsAndEpsilonScaling() {
    double[] a = new double[40];
    Arrays.fill(a, 1.0 / 40);
    String af = vector("a.npy", a);
    JsonObject plain = run("sinkhorn", "--x", x, "--y", y, "--epsilon", "0.2", "--format", "json").json();
    JsonObject weighted = run("sinkhorn", "--x", x, "--y", y, "--epsilon", "0.2", "--a", af, "--format", "json").json();
    assertEquals(plain.get("value").getAsDouble(), weighted.get("value").getAsDouble(), 1e-12);
    for (String[] flag : new String[][] {{"--epsilon-scaling"}, {"--epsilon-scaling", "0.5"}}) {
      List<String> args = new ArrayList<>(List.of("sinkhorn", "--x", x, "--y", y, "--epsilon", "0.2"));
      args.addAll(Arrays.asList(flag));
      args.addAll(List.of("--format", "json"));
      JsonObject o = run(args.toArray(new String[0])).json();
      assertEquals(plain.get("value").getAsDouble(), o.get("value").getAsDouble(), 1e-7 * plain.get("value").getAsDouble());
      assertEquals(flag.length == 1 ? 0.8 : 0.5, o.get("epsilon_scaling").getAsDouble());
    }
  }

  @Test
  void divergenceVariantsAndTerms() {
    JsonObject f = run("sinkhorn-divergence", "--x", x, "--y", y, "--epsilon", "0.5", "--format", "json").json();
    assertEquals("feydy", f.get("estimator").getAsString());
    JsonObject terms = f.getAsJsonObject("terms");
    double s = terms.get("xy").getAsDouble() - 0.5 * (terms.get("xx").getAsDouble() + terms.get("yy").getAsDouble());
    assertEquals(s, f.get("value").getAsDouble(), 1e-12 * Math.abs(s));
    assertEquals(3, f.getAsJsonArray("iterations").size());
    JsonObject p = run("sinkhorn-divergence", "--x", x, "--y", y, "--epsilon", "0.5", "--variant", "pot",
        "--format", "json").json();
    assertEquals("pot", p.get("estimator").getAsString());
    // POT's variant: transport costs <P, C> of three alternating solves, clipped at 0. The cross
    // term is what `sinkhorn` reports as its value for the same samples and epsilon, the self terms
    // what it reports for (x, x) and (y, y); the value is max(0, xy - (xx + yy)/2) of them.
    JsonObject pt = p.getAsJsonObject("terms");
    double xy = run("sinkhorn", "--x", x, "--y", y, "--epsilon", "0.5", "--max-iter", "10000", "--format", "json").json()
        .get("value").getAsDouble();
    double xx = run("sinkhorn", "--x", x, "--y", x, "--epsilon", "0.5", "--max-iter", "10000", "--format", "json").json()
        .get("value").getAsDouble();
    double yy = run("sinkhorn", "--x", y, "--y", y, "--epsilon", "0.5", "--max-iter", "10000", "--format", "json").json()
        .get("value").getAsDouble();
    assertEquals(xy, pt.get("xy").getAsDouble(), 1e-12 * xy, "cross term = sinkhorn's transport cost");
    assertEquals(xx, pt.get("xx").getAsDouble(), 1e-12 * xx, "self term of x");
    assertEquals(yy, pt.get("yy").getAsDouble(), 1e-12 * yy, "self term of y");
    double expected = Math.max(0.0, xy - 0.5 * (xx + yy));
    assertEquals(expected, p.get("value").getAsDouble(), 1e-12 * Math.abs(xy), "max(0, xy - (xx + yy)/2)");
    // and it is not the feydy value (regularised terms, no clipping): the two variants differ here
    assertTrue(Math.abs(p.get("value").getAsDouble() - f.get("value").getAsDouble()) > 1e-6 * Math.abs(xy),
        "pot " + p + " vs feydy " + f);
  }

  @Test
  void wassersteinDependencyWithAPermutationFileAndATest() {
    String perm = ints("perm.npy", 3, 0, 5, 1, 2, 4);
    Result r = run("wasserstein-dependency", "--x", xs, "--y", ys, "--permutation", perm, "--epsilon", "0.3",
        "--permutations", "9", "--format", "json");
    assertEquals(0, r.code(), r.toString());
    JsonObject o = r.json();
    assertEquals("wasserstein-dependency", o.get("measure").getAsString());
    assertTrue(o.has("p_value") && o.get("permutations").getAsInt() == 9, o.toString());
    assertEquals(6, o.get("n").getAsInt());
    // --seed draws pi: reproducible
    Result a = run("wasserstein-dependency", "--x", xs, "--y", ys, "--seed", "4", "--format", "json");
    Result b = run("wasserstein-dependency", "--x", xs, "--y", ys, "--seed", "4", "--format", "json");
    assertEquals(a.json().get("value").getAsDouble(), b.json().get("value").getAsDouble());
  }

  @Test
  void nonConvergenceIsAWarningOnStderr() {
    Result r = run("sinkhorn", "--x", x, "--y", y, "--epsilon", "0.01", "--max-iter", "4", "--format", "json");
    assertEquals(0, r.code(), r.toString());
    assertFalse(r.json().get("converged").getAsBoolean());
    assertTrue(r.err().startsWith("infokernels: warning: sinkhorn did not converge in 4 iterations"), r.err());
    assertEquals(1, r.err().strip().split("\n").length, r.err());
  }

  @Test
  void badInputIsOneLineAndExitTwo() {
    String neg = vector("neg.npy", -0.5, 1.5, 0, 0, 0, 0);
    String unnorm = vector("unnorm.npy", 0.5, 0.6, 0, 0, 0, 0);
    String short3 = vector("short.npy", 0.2, 0.3, 0.5);
    String dup = ints("dup.npy", 0, 1, 1, 3, 4, 5);
    String range = ints("range.npy", 0, 1, 2, 3, 4, 6);
    String len = ints("len.npy", 0, 1, 2);
    assertBad(run("sinkhorn", "--x", x, "--y", y, "--epsilon", "0"), "epsilon = 0.0 must be a finite number > 0");
    assertBad(run("sinkhorn-divergence", "--x", x, "--y", y, "--epsilon", "-1"), "epsilon = -1.0");
    assertBad(run("sinkhorn", "--x", x, "--y", y, "--epsilon", "abc"), "'abc'");
    assertBad(run("sinkhorn", "--x", x, "--y", y3), "has 2 columns but");
    assertBad(run("sinkhorn-divergence", "--x", x, "--y", y3), "has 2 columns but");
    assertBad(run("sinkhorn", "--x", xs, "--y", ys, "--a", neg), "a: weight 0 (0-based) is -0.5");
    assertBad(run("sinkhorn", "--x", xs, "--y", ys, "--b", unnorm), "b: the weights sum to 1.1");
    assertBad(run("sinkhorn", "--x", xs, "--y", ys, "--a", short3), "a has 3 weights but");
    assertBad(run("sinkhorn-divergence", "--x", x, "--y", y, "--variant", "geomloss"), "'geomloss' is not one of feydy, pot");
    assertBad(run("sinkhorn", "--x", x, "--y", y, "--max-iter", "0"), "max-iter = 0");
    assertBad(run("sinkhorn", "--x", x, "--y", y, "--epsilon-scaling", "2"), "epsilon-scaling = 2.0");
    assertBad(run("wasserstein-dependency", "--x", xs, "--y", ys, "--permutation", dup), "the value 1 appears twice");
    assertBad(run("wasserstein-dependency", "--x", xs, "--y", ys, "--permutation", range), "entry 5 (0-based) is 6");
    assertBad(run("wasserstein-dependency", "--x", xs, "--y", ys, "--permutation", len), "has 3 entries but the data have 6");
    assertBad(run("wasserstein-dependency", "--x", xs, "--y", ys, "--permutation", dir.resolve("nope.npy").toString()),
        "no such file");
    assertBad(run("wasserstein-dependency", "--x", x, "--y", y), "x.npy has 40 rows but");
  }
}
