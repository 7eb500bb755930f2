package org.infokernels.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pairwise} through {@link Main#run}: the JSON fields of java/docs/cli.md "Pairwise", each
 * entry equal to the single-pair command's value and p-value, header names, groups, X × Y, the
 * long-form CSV, the heatmap PNG, and every bad input (exit 2, one line).
 */
class PairwiseCliTest {
  @TempDir
  static Path dir;

  static String table;

  @BeforeAll
  static void data() throws IOException {
    Random g = new Random(12);
    StringBuilder csv = new StringBuilder("a,b,c,d\n");
    for (int i = 0; i < 150; i++) {
      double a = g.nextGaussian();
      double c = g.nextGaussian();
      csv.append(a).append(',').append(a + 0.5 * g.nextGaussian()).append(',').append(c).append(',')
          .append(c * c + 0.3 * g.nextGaussian()).append('\n');
    }
    table = Files.writeString(dir.resolve("t.csv"), csv.toString(), StandardCharsets.UTF_8).toString();
  }

  static void assertError(MainTest.Result r, String contains) {
    assertEquals(2, r.code(), r.toString());
    assertEquals(1, r.errLines().size(), r.toString());
    assertTrue(r.err().startsWith("infokernels: error: "), r.toString());
    assertTrue(r.err().contains(contains), r.toString());
    assertEquals("", r.out());
  }

  @Test
  void jsonHasTheContractFieldsAndEveryEntryIsTheSinglePairCommand() {
    for (String backend : List.of("java", "cpu")) {
      MainTest.Result r = MainTest.run("pairwise", "--x", table, "--measure", "hsic", "--permutations", "19", "--seed",
          "4", "--fdr", "0.3", "--format", "json", "--backend", backend);
      if (backend.equals("cpu") && r.code() == 2 && r.err().contains("unavailable")) {
        continue;
      }
      JsonObject j = r.json();
      assertEquals("pairwise", j.get("measure").getAsString());
      assertEquals("hsic", j.get("of").getAsString());
      assertEquals("[\"a\",\"b\",\"c\",\"d\"]", j.get("rows").toString());
      assertEquals(j.get("rows"), j.get("cols"));
      assertEquals(150, j.get("n").getAsInt());
      assertEquals(6, j.get("pairs").getAsInt());
      assertEquals(backend, j.get("backend").getAsString());
      assertTrue(j.has("seconds"));
      JsonArray values = j.getAsJsonArray("values");
      JsonArray p = j.getAsJsonArray("p_values");
      assertTrue(values.get(0).getAsJsonArray().get(0).isJsonNull(), "diagonal");
      for (int i = 0; i < 4; i++) {
        for (int k = i + 1; k < 4; k++) {
          JsonObject single = MainTest.run("hsic", "--x", table, "--x-cols", "" + i, "--y", table, "--y-cols", "" + k,
              "--permutations", "19", "--seed", "4", "--format", "json", "--backend", backend).json();
          double v = values.get(i).getAsJsonArray().get(k).getAsDouble();
          assertEquals(single.get("value").getAsDouble(), v, 1e-9 * Math.abs(v), "(" + i + ", " + k + ")");
          assertEquals(v, values.get(k).getAsJsonArray().get(i).getAsDouble(), "symmetric");
          assertEquals(single.get("p_value").getAsDouble(), p.get(i).getAsJsonArray().get(k).getAsDouble());
        }
      }
      assertTrue(j.getAsJsonArray("q_values").get(0).getAsJsonArray().get(1).getAsDouble() <= 0.3);
      assertTrue(j.getAsJsonArray("significant").toString().contains("[\"a\",\"b\"]"), j.toString());
      assertTrue(j.getAsJsonArray("significant").toString().contains("[\"c\",\"d\"]"), j.toString());
    }
  }

  @Test
  void dcorWithGroupsAndPermutationsEqualsTheSinglePairCommandOnJavaAndCpu() {
    for (String backend : List.of("java", "cpu")) {
      MainTest.Result r = MainTest.run("pairwise", "--x", table, "--measure", "dcor", "--estimator", "unbiased",
          "--groups", "0-1;2;3", "--permutations", "9", "--seed", "5", "--format", "json", "--backend", backend);
      if (backend.equals("cpu") && r.code() == 2 && r.err().contains("unavailable")) {
        continue;
      }
      JsonObject j = r.json();
      assertEquals("dcor", j.get("of").getAsString());
      assertEquals(3, j.get("pairs").getAsInt());
      String[] groups = {"0-1", "2", "3"};
      for (int i = 0; i < 3; i++) {
        for (int k = i + 1; k < 3; k++) {
          JsonObject single = MainTest.run("dcor", "--estimator", "unbiased", "--x", table, "--x-cols", groups[i],
              "--y", table, "--y-cols", groups[k], "--permutations", "9", "--seed", "5", "--format", "json",
              "--backend", backend).json();
          double v = j.getAsJsonArray("values").get(i).getAsJsonArray().get(k).getAsDouble();
          assertEquals(single.get("value").getAsDouble(), v, 1e-12 * Math.abs(v), backend + " dcor (" + i + ", " + k + ")");
          assertEquals(single.get("p_value").getAsDouble(),
              j.getAsJsonArray("p_values").get(i).getAsJsonArray().get(k).getAsDouble(), backend + " p (" + i + ", " + k + ")");
        }
      }
    }
  }

  @Test
  void kernelMeasuresWithGroupsAndXTimesYEqualTheSinglePairCommandOnJavaAndCpu() throws IOException {
    // offsets and mixed scales: a temperature in kelvin, a pressure in pascal, a small signal
    Random g = new Random(31);
    StringBuilder csv = new StringBuilder("kelvin,pascal,signal,ratio,noise\n");
    for (int i = 0; i < 120; i++) {
      double t = 290 + 8 * g.nextGaussian();
      double s = 1e-3 * g.nextGaussian() - 0.02;
      csv.append(t).append(',').append(101_325 + 40 * (t - 290) + 90 * g.nextGaussian()).append(',').append(s)
          .append(',').append(3 + Math.sin(1e3 * s) + 0.1 * g.nextGaussian()).append(',')
          .append(50 + 5 * g.nextGaussian()).append('\n');
    }
    String mixed = Files.writeString(dir.resolve("mixed.csv"), csv.toString(), StandardCharsets.UTF_8).toString();
    for (String backend : List.of("java", "cpu")) {
      MainTest.Result gr = MainTest.run("pairwise", "--x", mixed, "--measure", "cka", "--kernel", "rbf", "--groups",
          "0-1;2-3;4", "--format", "json", "--backend", backend);
      if (backend.equals("cpu") && gr.code() == 2 && gr.err().contains("unavailable")) {
        continue;
      }
      JsonObject grouped = gr.json();
      assertEquals("[\"kelvin+pascal\",\"signal+ratio\",\"noise\"]", grouped.get("rows").toString());
      String[] groups = {"0-1", "2-3", "4"};
      for (int i = 0; i < 3; i++) {
        for (int k = i + 1; k < 3; k++) {
          double single = MainTest.run("cka", "--kernel", "rbf", "--x", mixed, "--x-cols", groups[i], "--y", mixed,
              "--y-cols", groups[k], "--format", "json", "--backend", backend).json().get("value").getAsDouble();
          double v = grouped.getAsJsonArray("values").get(i).getAsJsonArray().get(k).getAsDouble();
          assertEquals(single, v, 1e-9 * Math.abs(single), backend + " cka groups (" + i + ", " + k + ")");
        }
      }
      JsonObject xy = MainTest.run("pairwise", "--x", mixed, "--x-cols", "0,2", "--y", mixed, "--y-cols", "1,3-4",
          "--measure", "cs-qmi", "--format", "json", "--backend", backend).json();
      assertEquals(6, xy.get("pairs").getAsInt());
      int[] xc = {0, 2};
      int[] yc = {1, 3, 4};
      for (int i = 0; i < 2; i++) {
        for (int k = 0; k < 3; k++) {
          double single = MainTest.run("cs-qmi", "--x", mixed, "--x-cols", "" + xc[i], "--y", mixed, "--y-cols",
              "" + yc[k], "--format", "json", "--backend", backend).json().get("value").getAsDouble();
          double v = xy.getAsJsonArray("values").get(i).getAsJsonArray().get(k).getAsDouble();
          assertEquals(single, v, 1e-9 * Math.abs(single), backend + " cs-qmi x*y (" + i + ", " + k + ")");
        }
      }
    }
  }

  @Test
  void groupsAndXTimesYAndBits() {
    JsonObject g = MainTest.java("pairwise", "--x", table, "--measure", "mi", "--groups", "0-1;2;3", "--format", "json")
        .json();
    assertEquals("[\"a+b\",\"c\",\"d\"]", g.get("rows").toString());
    assertEquals(3, g.get("pairs").getAsInt());
    JsonObject single = MainTest.java("mi", "--x", table, "--x-cols", "0-1", "--y", table, "--y-cols", "3", "--format",
        "json").json();
    assertEquals(single.get("value").getAsDouble(), g.getAsJsonArray("values").get(0).getAsJsonArray().get(2)
        .getAsDouble(), 1e-12);
    JsonObject xy = MainTest.java("pairwise", "--x", table, "--x-cols", "0-1", "--y", table, "--y-cols", "2-3",
        "--measure", "mi", "--base", "2", "--k", "4", "--format", "json").json();
    assertEquals("[\"a\",\"b\"]", xy.get("rows").toString());
    assertEquals("[\"c\",\"d\"]", xy.get("cols").toString());
    assertEquals("bits", xy.get("unit").getAsString());
    assertEquals(4, xy.get("pairs").getAsInt());
    JsonObject one = MainTest.java("mi", "--x", table, "--x-cols", "1", "--y", table, "--y-cols", "3", "--k", "4",
        "--base", "2", "--format", "json").json();
    assertEquals(one.get("value").getAsDouble(), xy.getAsJsonArray("values").get(1).getAsJsonArray().get(1)
        .getAsDouble(), 1e-12);
    assertFalse(xy.has("p_values"));
  }

  @Test
  void csvLongFormPlotAndText() throws IOException {
    Path csv = dir.resolve("long.csv");
    Path png = dir.resolve("heat.png");
    MainTest.Result r = MainTest.java("pairwise", "--x", table, "--measure", "cka", "--kernel", "rbf", "--permutations",
        "9", "--out", csv.toString(), "--plot", png.toString());
    assertEquals(0, r.code(), r.toString());
    assertEquals("", r.err(), "no progress when stderr is not a terminal");
    assertTrue(r.out().startsWith("pairwise cka: 4 x 4, 6 pairs"), r.out());
    assertEquals(6, r.outLines().size(), "summary, header and 4 rows");
    List<String> lines = Files.readAllLines(csv);
    assertEquals("row,col,value,p_value,q_value", lines.get(0));
    assertEquals(7, lines.size());
    assertTrue(lines.get(1).startsWith("a,b,"), lines.get(1));
    assertEquals(5, lines.get(1).split(",", -1).length);
    BufferedImage img = ImageIO.read(png.toFile());
    assertTrue(img.getWidth() > 100 && img.getHeight() > 100, img.getWidth() + " x " + img.getHeight());
    MainTest.Result progress = MainTest.java("pairwise", "--x", table, "--measure", "mi", "--progress");
    assertEquals(0, progress.code());
    assertTrue(progress.err().contains("6/6 pairs (100.0%)"), progress.err());
    assertEquals("", MainTest.java("pairwise", "--x", table, "--measure", "mi", "--progress", "--quiet").err());
  }

  @Test
  void badInputExitsTwoWithOneLine() {
    assertError(MainTest.java("pairwise", "--x", table, "--measure", "nope"), "'nope' is not one of mi, hsic");
    assertError(MainTest.java("pairwise", "--x", table, "--measure", "dcor", "--estimator", "ksg1"), "not one of biased");
    assertError(MainTest.java("pairwise", "--x", table, "--measure", "dcor", "--k", "3"), "--k does not apply");
    assertError(MainTest.java("pairwise", "--x", table, "--measure", "hsic", "--groups", "0-1;;3"), "empty group");
    assertError(MainTest.java("pairwise", "--x", table, "--measure", "hsic", "--groups", "0-9"), "column 9");
    assertError(MainTest.java("pairwise", "--x", table, "--measure", "hsic", "--groups", "x"), "not a column index");
    assertError(MainTest.java("pairwise", "--x", table, "--measure", "hsic", "--fdr", "1"), "--fdr");
    assertError(MainTest.java("pairwise", "--x", table, "--measure", "hsic", "--fdr", "0"), "--fdr");
    assertError(MainTest.java("pairwise", "--x", table, "--measure", "hsic", "--x-cols", "2"), "at least 2 variables");
    assertError(MainTest.java("pairwise", "--x", table, "--measure", "hsic", "--groups", "0-3"), "at least 2 variables");
    assertError(MainTest.java("pairwise", "--x", table, "--measure", "mi", "--sigma", "1"), "--sigma does not apply");
    // the core jar has no Spark module: one line that says how to get it, exit 2
    assertError(MainTest.java("pairwise", "--x", table, "--measure", "hsic", "--spark", "local[2]"),
        "--spark needs the Spark module on the class path (");
    assertError(MainTest.java("pairwise", "--x", table, "--measure", "hsic", "--sigma-y", "1"), "--sigma-y");
    assertError(MainTest.java("pairwise", "--x", table, "--measure", "hsic", "--estimator", "ksg1"), "biased");
    assertError(MainTest.java("pairwise", "--x", table), "--measure");
  }
}
