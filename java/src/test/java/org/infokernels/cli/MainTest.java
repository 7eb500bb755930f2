package org.infokernels.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.infokernels.cli.common.Json;
import org.infokernels.cli.common.Report;
import org.infokernels.core.BackendKind;
import org.infokernels.core.KsgAlgorithm;
import org.infokernels.core.Norm;
import org.infokernels.core.RunSettings;
import org.infokernels.internal.backend.Backends;
import org.infokernels.io.Inputs;
import org.infokernels.io.NpyFiles;
import org.infokernels.knn.CmiOptions;
import org.infokernels.knn.ConditionalMutualInformation;
import org.infokernels.knn.EntropyOptions;
import org.infokernels.knn.KlDivergenceOptions;
import org.infokernels.knn.KnnKlDivergence;
import org.infokernels.knn.KozachenkoLeonenkoEntropy;
import org.infokernels.knn.KsgMutualInformation;
import org.infokernels.knn.KsgOptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The command-line tool run in-process through {@link Main#run}: every command in json and
 * text, the options of java/docs/cli.md, and every error path of its "Errors" section (exit 2, exactly
 * one line on stderr, nothing on stdout). Computation runs on {@code --backend java} so that
 * the tests do not depend on the native library.
 */
class MainTest {
  private static final String ERROR = "infokernels: error: ";
  private static final int N = 120;

  @TempDir
  static Path dir;

  static String x;
  static String y;
  static String z;
  static String table;
  static String p;
  static String q;

  record Result(int code, String out, String err) {
    List<String> outLines() {
      return out.isEmpty() ? List.of() : Arrays.asList(out.split("\r?\n"));
    }

    List<String> errLines() {
      return err.isEmpty() ? List.of() : Arrays.asList(err.split("\r?\n"));
    }

    JsonObject json() {
      assertEquals(1, outLines().size(), "one JSON line: " + out);
      return JsonParser.parseString(outLines().get(0)).getAsJsonObject();
    }

    @Override
    public String toString() {
      return "exit " + code + "\nstdout: " + out + "\nstderr: " + err;
    }
  }

  static Result run(String... args) {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    int code = Main.run(args, new PrintStream(o, true, StandardCharsets.UTF_8), new PrintStream(e, true, StandardCharsets.UTF_8));
    return new Result(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
  }

  /** args followed by --backend java */
  static Result java(String... args) {
    String[] a = Arrays.copyOf(args, args.length + 2);
    a[args.length] = "--backend";
    a[args.length + 1] = "java";
    return run(a);
  }

  static String file(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8).toString();
  }

  static String npy(String name, double[][] rows) {
    return NpyFiles.writeMatrix(dir.resolve(name), rows).toString();
  }

  @BeforeAll
  static void data() throws IOException {
    double[][] gx = NpyFiles.gaussian(1, N, 1);
    double[][] noise = NpyFiles.gaussian(2, N, 1);
    double[][] gz = NpyFiles.gaussian(3, N, 1);
    double[][] gy = new double[N][1];
    StringBuilder csv = new StringBuilder("x,y,z\n");
    for (int i = 0; i < N; i++) {
      gy[i][0] = gx[i][0] + 0.5 * gz[i][0] + 0.5 * noise[i][0];
      csv.append(gx[i][0]).append(',').append(gy[i][0]).append(',').append(gz[i][0]).append('\n');
    }
    x = npy("x.npy", gx);
    y = npy("y.npy", gy);
    z = npy("z.npy", gz);
    table = file("table.csv", csv.toString());
    p = npy("p.npy", NpyFiles.gaussian(4, 90, 2));
    double[][] qq = NpyFiles.gaussian(5, 70, 2);
    for (double[] r : qq) {
      r[0] += 0.5;
    }
    q = npy("q.npy", qq);
  }

  private static RunSettings javaSettings() {
    return RunSettings.defaults().withBackend(BackendKind.JAVA);
  }

  private static void assertOk(Result r) {
    assertEquals(0, r.code(), r.toString());
    assertEquals("", r.err(), r.toString());
    assertEquals(1, r.outLines().size(), r.toString());
  }

  // ---------------------------------------------------------------- json and text of each command

  @Test
  void entropyJsonHasTheContractFieldsAndTheApiValue() {
    Result r = java("entropy", "--x", x, "--format", "json");
    assertOk(r);
    JsonObject j = r.json();
    double api = new KozachenkoLeonenkoEntropy(EntropyOptions.defaults().withSettings(javaSettings()))
        .estimate(Inputs.load(x, null, "x")).value();
    assertEquals("entropy", j.get("measure").getAsString());
    assertEquals("kozachenko-leonenko", j.get("estimator").getAsString());
    assertEquals(api, j.get("value").getAsDouble(), 0.0, "full round-trip precision");
    assertEquals("nats", j.get("unit").getAsString());
    assertEquals("java", j.get("backend").getAsString());
    assertEquals(N, j.get("n").getAsInt());
    assertEquals("[1]", j.get("dims").toString());
    assertEquals(3, j.get("k").getAsInt());
    assertEquals("euclidean", j.get("norm").getAsString());
    assertTrue(j.get("seconds").getAsDouble() >= 0);
    assertFalse(j.has("p_value"));
    List<String> keys = new ArrayList<>(j.keySet());
    assertEquals(List.of("measure", "estimator", "value", "unit", "backend", "n", "dims", "k"), keys.subList(0, 8));
    assertEquals("seconds", keys.get(keys.size() - 1));
  }

  @Test
  void entropyOptionsMapOntoTheRecord() {
    JsonObject j = java("entropy", "--x", table, "--x-cols", "0-1", "--k", "5", "--norm", "max", "--format", "json").json();
    double api = new KozachenkoLeonenkoEntropy(new EntropyOptions(5, Norm.MAX, javaSettings()))
        .estimate(Inputs.load(table, "0-1", "x")).value();
    assertEquals(api, j.get("value").getAsDouble(), 0.0);
    assertEquals("[2]", j.get("dims").toString());
    assertEquals("max", j.get("norm").getAsString());
    assertEquals(5, j.get("k").getAsInt());
  }

  @Test
  void miJsonBothEstimatorsFromNpyAndFromColumnsOfOneTable() {
    for (KsgAlgorithm alg : KsgAlgorithm.values()) {
      JsonObject j = java("mi", "--x", x, "--y", y, "--estimator", alg.label(), "--k", "4", "--format", "json").json();
      double api = new KsgMutualInformation(new KsgOptions(4, alg, javaSettings()))
          .estimate(Inputs.load(x, null, "x"), Inputs.load(y, null, "y")).value();
      assertEquals(api, j.get("value").getAsDouble(), 0.0, alg.label());
      assertEquals(alg.label(), j.get("estimator").getAsString());
      assertEquals("[1,1]", j.get("dims").toString());
      JsonObject t = java("mi", "--x", table, "--x-cols", "0", "--y", table, "--y-cols", "1", "--estimator", alg.label(),
          "--k", "4", "--format", "json").json();
      assertEquals(api, t.get("value").getAsDouble(), 0.0, "the csv holds the same numbers as the npy files");
    }
  }

  @Test
  void miPermutationTestAddsPValueNullMeanAndStd() {
    Result r = java("mi", "--x", x, "--y", y, "--permutations", "19", "--seed", "7", "--format", "json");
    assertOk(r);
    JsonObject j = r.json();
    double pValue = j.get("p_value").getAsDouble();
    double scaled = pValue * 20;
    assertEquals(Math.rint(scaled), scaled, 1e-9, "p = (1 + count)/(1 + N)");
    assertTrue(pValue > 0 && pValue <= 1);
    assertEquals(19, j.get("permutations").getAsInt());
    assertTrue(j.has("null_mean") && j.has("null_std"));
    assertTrue(pValue <= 0.1, "y depends on x: the observed MI beats the permutations, p = " + pValue);
    JsonObject again = java("mi", "--x", x, "--y", y, "--permutations", "19", "--seed", "7", "--format", "json").json();
    assertEquals(j.get("null_mean").getAsDouble(), again.get("null_mean").getAsDouble(), 0.0, "reproducible from --seed");
  }

  @Test
  void cmiJsonWithAndWithoutATest() {
    JsonObject j = java("cmi", "--x", x, "--y", y, "--z", z, "--format", "json").json();
    double api = new ConditionalMutualInformation(CmiOptions.defaults().withSettings(javaSettings()))
        .estimate(Inputs.load(x, null, "x"), Inputs.load(y, null, "y"), Inputs.load(z, null, "z")).value();
    assertEquals(api, j.get("value").getAsDouble(), 0.0);
    assertEquals("cmi", j.get("measure").getAsString());
    assertEquals("[1,1,1]", j.get("dims").toString());
    JsonObject t = java("cmi", "--x", table, "--x-cols", "0", "--y", table, "--y-cols", "1", "--z", table, "--z-cols", "2",
        "--permutations", "9", "--shuffle-neighbours", "3", "--format", "json").json();
    assertEquals(api, t.get("value").getAsDouble(), 0.0);
    assertEquals(9, t.get("permutations").getAsInt());
    assertEquals(3, t.get("shuffle_neighbours").getAsInt());
  }

  @Test
  void klDivergenceJsonReportsBothSampleSizes() {
    JsonObject j = java("kl-divergence", "--x", p, "--y", q, "--k", "2", "--norm", "max", "--format", "json").json();
    double api = new KnnKlDivergence(new KlDivergenceOptions(2, Norm.MAX, javaSettings()))
        .estimate(Inputs.load(p, null, "x"), Inputs.load(q, null, "y")).value();
    assertEquals(api, j.get("value").getAsDouble(), 0.0);
    assertEquals("kl-divergence", j.get("measure").getAsString());
    assertEquals(90, j.get("n").getAsInt());
    assertEquals(70, j.get("m").getAsInt());
    assertEquals("[2,2]", j.get("dims").toString());
  }

  static Stream<Arguments> textLines() {
    return Stream.of(
        Arguments.of(new String[] {"entropy", "--x", "X"},
            "entropy \\(kozachenko-leonenko\\) = -?\\d+\\.\\d{4} nats  \\[backend java, n = 120, k = 3, euclidean norm, \\d+\\.\\d{3} s\\]"),
        Arguments.of(new String[] {"mi", "--x", "X", "--y", "Y"},
            "mi \\(ksg1\\) = -?\\d+\\.\\d{4} nats  \\[backend java, n = 120, k = 3, \\d+\\.\\d{3} s\\]"),
        Arguments.of(new String[] {"mi", "--x", "X", "--y", "Y", "--permutations", "9", "--base", "2"},
            "mi \\(ksg1\\) = -?\\d+\\.\\d{4} bits, p = 0\\.\\d{4} \\(9 permutations, null -?\\d+\\.\\d{4} \\+- \\d+\\.\\d{4}\\)  "
                + "\\[backend java, n = 120, k = 3, \\d+\\.\\d{3} s\\]"),
        Arguments.of(new String[] {"cmi", "--x", "X", "--y", "Y", "--z", "Z", "--base", "10"},
            "cmi \\(frenzel-pompe\\) = -?\\d+\\.\\d{4} hartleys  \\[backend java, n = 120, k = 3, \\d+\\.\\d{3} s\\]"),
        Arguments.of(new String[] {"kl-divergence", "--x", "P", "--y", "Q"},
            "kl-divergence \\(wang-kulkarni-verdu\\) = -?\\d+\\.\\d{4} nats  \\[backend java, n = 90, m = 70, k = 3, euclidean norm, "
                + "\\d+\\.\\d{3} s\\]"));
  }

  @ParameterizedTest
  @MethodSource("textLines")
  void textIsOneHumanLine(String[] args, String pattern) {
    String[] a = Arrays.stream(args).map(s -> s.equals("X") ? x : s.equals("Y") ? y : s.equals("Z") ? z
        : s.equals("P") ? p : s.equals("Q") ? q : s).toArray(String[]::new);
    Result r = java(a);
    assertOk(r);
    String line = r.outLines().get(0);
    assertTrue(Pattern.matches(pattern, line), line);
  }

  @Test
  void baseConvertsTheValueAndTheNullStatistics() {
    JsonObject nats = java("mi", "--x", x, "--y", y, "--permutations", "5", "--format", "json").json();
    JsonObject bits = java("mi", "--x", x, "--y", y, "--permutations", "5", "--format", "json", "--base", "2").json();
    JsonObject hart = java("mi", "--x", x, "--y", y, "--permutations", "5", "--format", "json", "--base", "10").json();
    JsonObject e = java("mi", "--x", x, "--y", y, "--permutations", "5", "--format", "json", "--base", "e").json();
    double v = nats.get("value").getAsDouble();
    assertEquals("bits", bits.get("unit").getAsString());
    assertEquals("hartleys", hart.get("unit").getAsString());
    assertEquals(v / Math.log(2), bits.get("value").getAsDouble(), 0.0);
    assertEquals(v / Math.log(10), hart.get("value").getAsDouble(), 0.0);
    assertEquals(v, e.get("value").getAsDouble(), 0.0);
    assertEquals(nats.get("null_mean").getAsDouble() / Math.log(2), bits.get("null_mean").getAsDouble(), 0.0);
    assertEquals(nats.get("p_value").getAsDouble(), bits.get("p_value").getAsDouble(), 0.0, "p has no unit");
  }

  @Test
  void commonOptionsAreAcceptedEverywhere() {
    for (String[] cmd : new String[][] {{"entropy", "--x", x}, {"mi", "--x", x, "--y", y},
        {"cmi", "--x", x, "--y", y, "--z", z}, {"kl-divergence", "--x", p, "--y", q}}) {
      List<String> a = new ArrayList<>(List.of(cmd));
      a.addAll(List.of("--threads", "1", "--seed", "3", "--jitter", "1e-9", "--standardize", "--format", "json",
          "--base", "2", "--precision", "double", "--backend", "java"));
      Result r = run(a.toArray(new String[0]));
      assertOk(r);
      assertEquals(cmd[0], r.json().get("measure").getAsString());
    }
  }

  @Test
  void precisionFloatWhereNoFloatKernelExistsIsRefused() {
    // an option that is accepted must act: k-NN computes in double everywhere, so float is an error
    Result r = java("entropy", "--x", x, "--precision", "float");
    assertOneErrorLine(r, "entropy computes in double precision on every backend");
    assertTrue(r.err().contains("--precision double"), "the CLI names its option: " + r.err());
  }

  @Test
  void duplicatesAreRefusedAndJitterBreaksTheTies() throws IOException {
    String dup = file("dup.txt", "1\n1\n1\n1\n2\n3\n4\n5\n6\n7\n");
    Result bad = java("entropy", "--x", dup);
    assertOneErrorLine(bad, "--jitter");
    assertTrue(bad.err().contains("4 points"), bad.err());
    Result ok = java("entropy", "--x", dup, "--jitter", "1e-6", "--seed", "1", "--format", "json");
    assertOk(ok);
  }

  @Test
  void autoHonoursTheBackendProperty() {
    String old = System.getProperty(Backends.PROPERTY);
    System.setProperty(Backends.PROPERTY, "java");
    try {
      Result r = run("entropy", "--x", x, "--format", "json");
      assertOk(r);
      assertEquals("java", r.json().get("backend").getAsString());
    } finally {
      if (old == null) {
        System.clearProperty(Backends.PROPERTY);
      } else {
        System.setProperty(Backends.PROPERTY, old);
      }
    }
  }

  // ---------------------------------------------------------------- help and version

  @Test
  void helpOfTheToolAndOfEachCommandExitsZero() {
    Result top = run("--help");
    assertEquals(0, top.code(), top.toString());
    assertEquals("", top.err());
    for (String c : new String[] {"entropy", "mi", "cmi", "kl-divergence"}) {
      assertTrue(top.out().contains(c), c);
    }
    String[][] expected = {{"entropy", "psi(n) - psi(k)", "Default: euclidean"}, {"mi", "ksg2 (eq. 9)", "Default: ksg1"},
        {"cmi", "Frenzel", "--permutations"}, {"kl-divergence", "ln(m/(n - 1))", "--norm"}};
    for (String[] e : expected) {
      Result r = run(e[0], "--help");
      assertEquals(0, r.code(), r.toString());
      assertEquals("", r.err());
      for (String s : e) {
        assertTrue(r.out().contains(s), e[0] + " --help lacks " + s + ":\n" + r.out());
      }
      assertTrue(r.out().contains("Default: 3"), "the default of --k is shown");
      assertTrue(r.out().contains("nats"), "the unit is named");
    }
  }

  @Test
  void versionListsEveryBackendAndWhetherItCanRun() {
    for (String[] args : new String[][] {{"--version"}, {"mi", "--version"}}) {
      Result r = run(args);
      assertEquals(0, r.code(), r.toString());
      List<String> lines = r.outLines();
      assertTrue(lines.get(0).startsWith("infokernels "), r.out());
      for (String b : new String[] {"java", "cpu", "cuda"}) {
        assertTrue(lines.stream().anyMatch(l -> l.strip().startsWith(b + ":")
            && (l.contains("usable") || l.contains("not usable"))), b + " missing:\n" + r.out());
      }
      assertTrue(lines.stream().anyMatch(l -> l.strip().startsWith("java:") && l.contains(": usable")), r.out());
    }
  }

  // ---------------------------------------------------------------- errors: exit 2, one line, nothing on stdout

  static void assertOneErrorLine(Result r, String... contains) {
    assertEquals(2, r.code(), r.toString());
    assertEquals("", r.out(), r.toString());
    assertEquals(1, r.errLines().size(), r.toString());
    String line = r.errLines().get(0);
    assertTrue(line.startsWith(ERROR), line);
    for (String c : contains) {
      assertTrue(line.contains(c), "'" + c + "' not in: " + line);
    }
    assertFalse(line.contains("\tat "), "no stack trace");
    assertFalse(line.toLowerCase(Locale.ROOT).contains("usage:"), "no usage dump");
  }

  static Stream<Arguments> badInputs() throws IOException {
    double[] v = new double[24];
    Path threeD = NpyFiles.write(dir.resolve("cube.npy"), NpyFiles.bytes(1,
        NpyFiles.header("<f8", false, "(2, 3, 4)"), NpyFiles.doubles(ByteOrder.LITTLE_ENDIAN, v)));
    byte[] full = NpyFiles.bytes(1, NpyFiles.header("<f8", false, "(30, 1)"), new byte[240]);
    Path cut = NpyFiles.write(dir.resolve("cut.npy"), Arrays.copyOf(full, full.length - 16));
    Path garbage = NpyFiles.write(dir.resolve("garbage.npy"), "not numpy at all".getBytes(StandardCharsets.US_ASCII));
    Path c16 = NpyFiles.write(dir.resolve("complex.npy"), NpyFiles.bytes(1,
        NpyFiles.header("<c16", false, "(2,)"), new byte[32]));
    String empty = file("empty.csv", "");
    String header = file("header.csv", "a,b\n");
    String ragged = file("ragged.csv", "a,b,c\n1,2,3\n4,5\n");
    String words = file("words.csv", "1,2\n3,abc\n");
    String nan = file("nan.csv", "a,b\n1,2\n3,4\n5,nan\n");
    String inf = file("inf.tsv", "1\t2\n-inf\t4\n");
    double[][] short119 = NpyFiles.gaussian(9, N - 1, 1);
    String y119 = npy("y119.npy", short119);
    String q3 = npy("q3.npy", NpyFiles.gaussian(10, 50, 3));
    return Stream.of(
        Arguments.of(new String[] {"entropy", "--x", "data/nothere.npy"}, new String[] {"data/nothere.npy: no such file"}),
        Arguments.of(new String[] {"entropy", "--x", dir.toString()}, new String[] {"is a directory"}),
        Arguments.of(new String[] {"entropy", "--x", empty}, new String[] {empty + " is empty (0 rows)"}),
        Arguments.of(new String[] {"entropy", "--x", header}, new String[] {header + " is empty (0 rows"}),
        Arguments.of(new String[] {"entropy", "--x", ragged}, new String[] {ragged + ": line 3 has 2 fields but line 2 has 3"}),
        Arguments.of(new String[] {"entropy", "--x", words}, new String[] {words + ": line 2, field 2: 'abc' is not a number"}),
        Arguments.of(new String[] {"entropy", "--x", threeD.toString()},
            new String[] {threeD + ": 3-D array (2, 3, 4) is not valid here; expected 1-D or 2-D"}),
        Arguments.of(new String[] {"entropy", "--x", cut.toString()}, new String[] {cut + ": truncated .npy file"}),
        Arguments.of(new String[] {"entropy", "--x", garbage.toString()}, new String[] {garbage + ": not a .npy file"}),
        Arguments.of(new String[] {"entropy", "--x", c16.toString()}, new String[] {c16 + ": unsupported dtype '<c16'"}),
        Arguments.of(new String[] {"entropy", "--x", nan}, new String[] {nan, "row 2, column 1", "line 4", "NaN"}),
        Arguments.of(new String[] {"mi", "--x", x, "--y", inf}, new String[] {inf, "row 1, column 0", "-Infinity"}),
        Arguments.of(new String[] {"mi", "--x", x, "--y", y119}, new String[] {x + " has 120 rows but " + y119 + " has 119"}),
        Arguments.of(new String[] {"cmi", "--x", x, "--y", y, "--z", y119}, new String[] {"120 rows", "119"}),
        Arguments.of(new String[] {"kl-divergence", "--x", p, "--y", q3}, new String[] {"columns"}),
        Arguments.of(new String[] {"entropy", "--x", x, "--k", "0"}, new String[] {"k = 0 is smaller than the minimum (1)"}),
        Arguments.of(new String[] {"mi", "--x", x, "--y", y, "--k", "-2"}, new String[] {"k = -2"}),
        Arguments.of(new String[] {"entropy", "--x", x, "--k", "120"}, new String[] {"k = 120", "n = 120"}),
        Arguments.of(new String[] {"cmi", "--x", x, "--y", y, "--z", z, "--k", "500"}, new String[] {"k = 500"}),
        Arguments.of(new String[] {"kl-divergence", "--x", p, "--y", q, "--k", "71"}, new String[] {"k = 71", "m = 70"}),
        Arguments.of(new String[] {"entropy", "--x", x, "--k", "three"}, new String[] {"'three' is not an int"}),
        Arguments.of(new String[] {"frobnicate", "--x", x}, new String[] {"unknown command 'frobnicate'", "entropy, mi, cmi, kl-divergence"}),
        Arguments.of(new String[] {"entropy", "--x", x, "--kk", "3"}, new String[] {"entropy: unknown option '--kk'"}),
        Arguments.of(new String[] {"mi", "--x", x, "--y", y, "--bogus=1"}, new String[] {"mi: unknown option '--bogus'"}),
        Arguments.of(new String[] {"--frobnicate"}, new String[] {"unknown option '--frobnicate'"}),
        Arguments.of(new String[] {"entropy", "--x", x, "stray"}, new String[] {"unexpected argument 'stray'"}),
        Arguments.of(new String[] {"entropy", "--x", x, "--backend", "gpu"}, new String[] {"--backend", "'gpu'", "auto, java, cpu, cuda"}),
        Arguments.of(new String[] {"entropy", "--x", x, "--norm", "manhattan"}, new String[] {"--norm", "euclidean, max"}),
        Arguments.of(new String[] {"mi", "--x", x, "--y", y, "--estimator", "ksg3"}, new String[] {"--estimator", "ksg1, ksg2"}),
        Arguments.of(new String[] {"entropy", "--x", x, "--base", "3"}, new String[] {"--base", "e, 2, 10"}),
        Arguments.of(new String[] {"entropy", "--x", x, "--format", "xml"}, new String[] {"--format", "json, text"}),
        Arguments.of(new String[] {"entropy", "--x", x, "--precision", "half"}, new String[] {"--precision", "double, float"}),
        Arguments.of(new String[] {"entropy", "--x", x, "--permutations", "10"},
            new String[] {"entropy: unknown option '--permutations'", "dependence measures: ", "mi, ", "cmi", "hsic",
                "cs-qmi", "wasserstein-dependency"}),
        Arguments.of(new String[] {"kl-divergence", "--x", p, "--y", q, "--permutations", "10"},
            new String[] {"unknown option '--permutations'"}),
        Arguments.of(new String[] {"mi", "--x", x, "--y", y, "--permutations", "-1"}, new String[] {"permutations = -1"}),
        Arguments.of(new String[] {"entropy", "--x", x, "--threads", "-1"}, new String[] {"threads = -1"}),
        Arguments.of(new String[] {"entropy", "--x", x, "--jitter", "-0.5"}, new String[] {"jitter = -0.5"}),
        Arguments.of(new String[] {"entropy", "--x", x, "--jitter", "NaN"}, new String[] {"jitter = NaN"}),
        Arguments.of(new String[] {"mi", "--x", x}, new String[] {"mi: missing required option", "--y"}),
        Arguments.of(new String[] {"entropy", "--x", x, "--k", "1", "--k", "2"}, new String[] {"--k", "only once"}),
        Arguments.of(new String[] {"entropy", "--x", table, "--x-cols", "3-1"}, new String[] {"--x-cols: '3-1' is not a valid range"}),
        Arguments.of(new String[] {"mi", "--x", table, "--y", table, "--y-cols", "7"},
            new String[] {"--y-cols: column 7 does not exist in " + table + " (it has 3 columns, 0-based)"}),
        Arguments.of(new String[] {"entropy", "--x", file("x.json", "[1, 2]")}, new String[] {"unknown file type '.json'"}));
  }

  @ParameterizedTest
  @MethodSource("badInputs")
  void badInputIsOneErrorLineAndExitTwo(String[] args, String[] contains) {
    assertOneErrorLine(java(args), contains);
  }

  @Test
  void noCommandOrAMissingValueIsAnErrorToo() {
    assertOneErrorLine(run(), "no command given", "entropy, mi, cmi, kl-divergence");
    assertOneErrorLine(run("entropy", "--x"), "entropy: missing required parameter", "--x");
    assertOneErrorLine(run("entropy", "--x", "--k", "3"), "entropy: expected parameter for option '--x'");
  }

  @Test
  void errorsAlsoWithJsonFormatPrintNothingOnStdout() {
    assertOneErrorLine(java("mi", "--x", x, "--y", "missing.npy", "--format", "json"), "missing.npy: no such file");
  }

  @Test
  void aBackendThatCannotRunIsNamedWithItsReason() {
    assumeFalse(Backends.of(BackendKind.CUDA).isAvailable(), "a usable GPU is present: cuda runs");
    Result r = run("entropy", "--x", x, "--backend", "cuda");
    assertOneErrorLine(r, Backends.of(BackendKind.CUDA).unavailableReason());
  }

  @Test
  void unexpectedFailuresAreOneLineNamingTheTypeAndExitOne() {
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    java.io.PrintWriter w = new java.io.PrintWriter(e, true, StandardCharsets.UTF_8);
    int code = Main.fail(w, new IllegalStateException("ik_ksg_counts_cpu failed (status -4):\nboom"));
    assertEquals(Main.EXIT_FAILURE, code);
    assertEquals(ERROR + "unexpected java.lang.IllegalStateException: ik_ksg_counts_cpu failed (status -4): boom\n",
        e.toString(StandardCharsets.UTF_8).replace("\r\n", "\n"));
    e.reset();
    assertEquals(Main.EXIT_FAILURE, Main.fail(w, new OutOfMemoryError("Java heap space")));
    assertTrue(e.toString(StandardCharsets.UTF_8).startsWith(ERROR + "out of memory"));
    e.reset();
    assertEquals(Main.EXIT_USAGE, Main.fail(w, new org.infokernels.core.BackendUnavailableException("cuda backend unavailable: x")));
  }

  // ---------------------------------------------------------------- output helpers

  @Test
  void jsonEscapesStringsAndNeverWritesNonFiniteNumbers() {
    StringBuilder b = new StringBuilder();
    Json.value(b, java.util.Map.of("s", "a\"b\\c\nd\u00e9\u0001"));
    assertEquals("{\"s\":\"a\\\"b\\\\c\\nd\\u00e9\\u0001\"}", b.toString());
    assertEquals("{\"x\":null,\"y\":null,\"z\":0.1,\"w\":[1,2],\"v\":1.0E-300}", new Json.ObjectWriter()
        .field("x", Double.NaN).field("y", Double.NEGATIVE_INFINITY).field("z", 0.1).field("w", new int[] {1, 2})
        .field("v", 1e-300).toString());
    assertEquals(JsonParser.parseString("1.0E-300").getAsDouble(), 1e-300, 0.0, "Double.toString is valid JSON");
  }

  @Test
  void textNumbersHaveFourDecimalsOrFourDigits() {
    assertEquals("0.2063", Report.number(0.20627));
    assertEquals("-1.5000", Report.number(-1.5));
    assertEquals("0.0000", Report.number(0.0));
    assertEquals("1.235e-05", Report.number(1.2345e-5));
    assertEquals("NaN", Report.number(Double.NaN));
  }

  @Test
  void everyImplementedCommandIsRegistered() {
    assertArrayEquals(new String[] {"entropy", "mi", "cmi", "kl-divergence", "hsic", "cka", "renyi-entropy", "renyi-mi",
        "cs-qmi", "von-neumann", "truncated-entropy", "dse", "dsmi", "sinkhorn", "sinkhorn-divergence",
        "wasserstein-dependency", "transfer-entropy", "active-info-storage", "pairwise", "network", "dcor",
        "energy-distance", "mmd"},
        Main.commandLine().getSubcommands().keySet().toArray(new String[0]));
  }
}
