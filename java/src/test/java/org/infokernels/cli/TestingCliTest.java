package org.infokernels.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.infokernels.internal.backend.Backend;
import org.infokernels.internal.backend.Backends;
import org.infokernels.io.NpyFiles;
import org.infokernels.testing.TestingGolden;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The testing family's commands (dcor, energy-distance, mmd) as java/docs/cli.md fixes them: every
 * golden case of golden/testing/testing.json driven through the command line on every usable
 * backend; the options of the tests (--permutations, --null); every bad input exits 2 with one
 * line on stderr.
 */
class TestingCliTest {
  @TempDir
  static Path dir;

  record Result(int code, String out, String err) {
    JsonObject json() {
      String[] lines = out.trim().split("\r?\n");
      assertEquals(1, lines.length, "one JSON line: " + out + err);
      return JsonParser.parseString(lines[0]).getAsJsonObject();
    }
  }

  static Result run(String... args) {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    int code = Main.run(args, new PrintStream(o, true, StandardCharsets.UTF_8), new PrintStream(e, true, StandardCharsets.UTF_8));
    return new Result(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
  }

  static String g(String name) {
    return TestingGolden.dir().resolve(name).toString();
  }

  @TestFactory
  List<DynamicTest> everyGoldenCommandLine() {
    List<DynamicTest> tests = new ArrayList<>();
    for (Backend b : Backends.available()) {
      for (TestingGolden.Case c : TestingGolden.cases()) {
        tests.add(DynamicTest.dynamicTest(c.id() + " [" + b.kind().label() + "]", () -> {
          List<String> args = new ArrayList<>();
          for (int i = 0; i < c.cmd().size(); i++) {
            String a = c.cmd().get(i);
            args.add(i > 0 && (c.cmd().get(i - 1).equals("--x") || c.cmd().get(i - 1).equals("--y")) ? g(a) : a);
          }
          args.addAll(List.of("--format", "json", "--backend", b.kind().label()));
          Result r = run(args.toArray(new String[0]));
          assertEquals(0, r.code(), c.id() + ": " + r.err());
          JsonObject o = r.json();
          assertEquals(c.command(), o.get("measure").getAsString());
          assertEquals(b.kind().label(), o.get("backend").getAsString());
          assertEquals("dimensionless", o.get("unit").getAsString());
          assertEquals(c.value(), o.get("value").getAsDouble(), c.tol(), c.id() + " via the CLI");
        }));
      }
    }
    return tests;
  }

  static String x() {
    return g("nl_x.npy");
  }

  static String y() {
    return g("nl_y.npy");
  }

  @Test
  void dcorPermutationTestReportsPValueAndNull() {
    JsonObject o = run("dcor", "--x", x(), "--y", y(), "--permutations", "49", "--seed", "3", "--format", "json",
        "--backend", "java").json();
    assertEquals(1.0 / 50, o.get("p_value").getAsDouble(), 1e-15, "dependent: no permutation reaches the observed dCor");
    assertEquals(49, o.get("permutations").getAsInt());
    assertEquals("permutation", o.get("null").getAsString());
    assertTrue(o.get("null_std").getAsDouble() > 0);
    JsonObject again = run("dcor", "--x", x(), "--y", y(), "--permutations", "49", "--seed", "3", "--format", "json",
        "--backend", "java").json();
    assertEquals(o.get("null_mean").getAsDouble(), again.get("null_mean").getAsDouble(), 0.0, "reproducible from --seed");
  }

  @Test
  void dcorChi2NullNeedsNoPermutations() {
    JsonObject o = run("dcor", "--x", g("ind_x.npy"), "--y", g("ind_y.npy"), "--null", "chi2", "--format", "json")
        .json();
    assertEquals("chi2", o.get("null").getAsString());
    double p = o.get("p_value").getAsDouble();
    assertTrue(p > 0.01 && p <= 1, "independent samples: p = " + p);
    assertEquals(0, o.get("permutations").getAsInt());
  }

  @Test
  void twoSampleCommandsTakePermutations() {
    for (String cmd : new String[] {"energy-distance", "mmd"}) {
      JsonObject o = run(cmd, "--x", g("e_x.npy"), "--y", g("e_y.npy"), "--permutations", "19", "--format", "json",
          "--backend", "java").json();
      assertEquals(0.05, o.get("p_value").getAsDouble(), 1e-15, cmd + ": shifted samples beat every permutation");
      assertEquals(220, o.get("m").getAsInt());
    }
  }

  @Test
  void textOutputIsOneLine() {
    Result r = run("energy-distance", "--x", g("e1_x.npy"), "--y", g("e1_y.npy"));
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().startsWith("energy-distance"), r.out());
    assertEquals(1, r.out().trim().split("\n").length);
  }

  static void badInput(String expect, String... args) {
    Result r = run(args);
    assertEquals(2, r.code(), String.join(" ", args) + ": " + r.out() + r.err());
    String[] lines = r.err().trim().split("\r?\n");
    assertEquals(1, lines.length, "one line: " + r.err());
    assertTrue(lines[0].startsWith("infokernels: error: "), lines[0]);
    assertTrue(lines[0].contains(expect), "'" + expect + "' in: " + lines[0]);
    assertFalse(r.out().contains("value"), "no number on stdout: " + r.out());
  }

  @Test
  void badInputsExitTwoWithOneLine() {
    String x3 = NpyFiles.writeMatrix(dir.resolve("x3.npy"), new double[][] {{0, 1, 2}, {1, 2, 3}, {2, 2, 2}, {4, 1, 0}})
        .toString();
    String y2 = NpyFiles.writeMatrix(dir.resolve("y2.npy"), new double[][] {{0, 1}, {1, 2}, {2, 0}}).toString();
    String short3 = NpyFiles.writeMatrix(dir.resolve("s3.npy"), new double[][] {{0}, {1}, {3}}).toString();
    String one = NpyFiles.writeMatrix(dir.resolve("one.npy"), new double[][] {{0.5}}).toString();
    badInput("sigma", "mmd", "--x", x(), "--y", x(), "--sigma", "0");
    badInput("sigma", "mmd", "--x", x(), "--y", x(), "--sigma", "-1.5");
    badInput("same dimension", "mmd", "--x", x3, "--y", y2);
    badInput("same dimension", "energy-distance", "--x", x3, "--y", y2);
    badInput("rows", "dcor", "--x", x3, "--y", y2);
    badInput("n >= 4", "dcor", "--x", short3, "--y", short3, "--estimator", "unbiased");
    badInput("at least 2 rows", "dcor", "--x", one, "--y", one);
    badInput("at least 2 rows", "mmd", "--x", one, "--y", short3);
    badInput("gamma", "dcor", "--x", x(), "--y", y(), "--null", "gamma");
    badInput("not one of", "dcor", "--x", x(), "--y", y(), "--null", "exact");
    badInput("not one of", "dcor", "--x", x(), "--y", y(), "--algorithm", "quick");
    badInput("one-dimensional", "dcor", "--x", x(), "--y", y(), "--algorithm", "fast");
    badInput("no permutations", "dcor", "--x", x(), "--y", y(), "--null", "chi2", "--permutations", "9");
    badInput("permutations = -1", "dcor", "--x", x(), "--y", y(), "--permutations", "-1");
  }
}
