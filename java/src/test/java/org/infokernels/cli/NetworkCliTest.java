package org.infokernels.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.infokernels.io.NpyFiles;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code network} through {@link Main#run}: JSON, CSV, PNG, checkpoints, progress, errors (exit 2, one line). */
class NetworkCliTest {
  @TempDir
  static Path dir;

  static String var;

  /** x0 → x1 at lag 1, x1 → x2 at lag 2, x3 independent; offsets and mixed scales */
  @BeforeAll
  static void data() {
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
    double[][] rows = new double[steps][4];
    for (int t = 0; t < steps; t++) {
      for (int j = 0; j < 4; j++) {
        rows[t][j] = offset[j] + scale[j] * x[t + 100][j];
      }
    }
    var = NpyFiles.writeMatrix(dir.resolve("var.npy"), rows).toString();
  }

  static String[] args(String... extra) {
    String[] base = {"network", "--x", var, "--max-lag", "2", "--surrogates", "30", "--omnibus-surrogates", "100",
        "--standardize", "--seed", "3", "--threads", "2"};
    String[] a = new String[base.length + extra.length];
    System.arraycopy(base, 0, a, 0, base.length);
    System.arraycopy(extra, 0, a, base.length, extra.length);
    return a;
  }

  @Test
  void jsonCsvPlotAndCheckpointResume() throws IOException {
    Path csv = dir.resolve("edges.csv");
    Path png = dir.resolve("net.png");
    Path ck = dir.resolve("ck");
    MainTest.Result r = MainTest.run(args("--format", "json", "--out", csv.toString(), "--plot", png.toString(),
        "--checkpoint", ck.toString(), "--progress"));
    assertEquals(0, r.code(), r.err());
    assertEquals(1, r.outLines().size());
    JsonObject o = r.json();
    assertEquals("network", o.get("measure").getAsString());
    assertEquals(398, o.get("n").getAsInt());
    JsonArray edges = o.getAsJsonArray("edges");
    assertEquals(2, edges.size(), r.out());
    JsonObject e0 = edges.get(0).getAsJsonObject();
    assertEquals("x0", e0.get("source").getAsString());
    assertEquals("x1", e0.get("target").getAsString());
    assertEquals(1, e0.getAsJsonArray("lags").get(0).getAsInt());
    JsonObject e1 = edges.get(1).getAsJsonObject();
    assertEquals("x1", e1.get("source").getAsString());
    assertEquals("x2", e1.get("target").getAsString());
    assertEquals(2, e1.getAsJsonArray("lags").get(0).getAsInt());
    assertEquals(1, o.getAsJsonArray("adjacency").get(0).getAsJsonArray().get(1).getAsInt());
    assertEquals(4, r.errLines().size(), "one progress line per target: " + r.err());
    assertTrue(r.errLines().get(3).startsWith("infokernels: network: target x"), r.err());
    List<String> lines = Files.readAllLines(csv);
    assertEquals("source,target,lags,te,p_value,q_value", lines.get(0));
    assertEquals(3, lines.size());
    assertTrue(lines.get(1).startsWith("x0,x1,1,"), lines.get(1));
    BufferedImage img = ImageIO.read(png.toFile());
    assertEquals(900, img.getWidth());
    // resume from the checkpoint (every target there): the same edges and numbers, in bits with --base 2
    MainTest.Result again = MainTest.run(args("--format", "json", "--checkpoint", ck.toString(), "--quiet"));
    assertEquals(0, again.code(), again.err());
    assertEquals("", again.err());
    assertEquals(edges.toString(), again.json().getAsJsonArray("edges").toString());
    MainTest.Result bits = MainTest.run(args("--format", "json", "--checkpoint", ck.toString(), "--base", "2"));
    double nats = e0.get("te").getAsDouble();
    assertEquals(nats / Math.log(2), bits.json().getAsJsonArray("edges").get(0).getAsJsonObject().get("te")
        .getAsDouble(), 1e-12);
    MainTest.Result text = MainTest.run(args("--checkpoint", ck.toString()));
    assertTrue(text.out().startsWith("network = 2 edges: x0 -> x1 (lag 1, "), text.out());
  }

  @Test
  void badInputExitsTwoWithOneLine() {
    String[][] cases = {
        args("--fdr", "1.5"),
        args("--fdr", "0"),
        args("--alpha", "1"),
        args("--surrogates", "10"),
        args("--max-lag", "0"),
        args("--min-lag", "3"),
        args("--x-cols", "0"),
        args("--surrogate", "nope"),
        args("--out", dir.resolve("edges.txt").toString()),
        {"network", "--x", dir.resolve("missing.npy").toString()},
        args("--max-lag", "400"),
        args("--spark", "local[2]"),
    };
    for (String[] c : cases) {
      MainTest.Result r = MainTest.run(c);
      assertEquals(2, r.code(), String.join(" ", c) + ": " + r.err());
      assertEquals(1, r.errLines().size(), r.err());
      assertTrue(r.err().startsWith("infokernels: error: "), r.err());
      assertEquals("", r.out());
    }
    // the core jar has no Spark module: the message says how to put it on the class path
    MainTest.Result r = MainTest.run(args("--spark", "local[2]"));
    assertTrue(r.err().startsWith("infokernels: error: --spark needs the Spark module on the class path ("), r.err());
  }
}
