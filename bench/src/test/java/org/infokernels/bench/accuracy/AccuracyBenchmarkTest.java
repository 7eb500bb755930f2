package org.infokernels.bench.accuracy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.infokernels.core.KsgAlgorithm;
import org.infokernels.core.Matrix;
import org.infokernels.core.RunSettings;
import org.infokernels.knn.KsgMutualInformation;
import org.infokernels.knn.KsgOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The side-by-side path of the accuracy benchmark: the samples {@code --dump} writes for R are the
 * benchmark's samples bit for bit, our KSG gives the numbers of the paper's KSG (R {@code rmi}
 * {@code knn_mi} KSG1, k = 5) on them, and {@code --peer} puts that estimator's column in the table.
 */
class AccuracyBenchmarkTest {
  /**
   * rmi 0.1.2 {@code knn_mi(data, c(dx, dy), list(method = "KSG1", k = 5))} on seed 0 of these tasks at
   * n = 5 000, read by {@code bench/accuracy/rmi-ksg.R} from the {@code --dump} files (17 digits)
   */
  private static final Map<String, Double> RMI_SEED0 = Map.of(
      "1v1-normal-0.75", 0.40374433482980443,
      "student-identity-1-1-1", 0.15224644398809062,
      "multinormal-dense-5-5-0.5", 0.55439167119162036,
      "spiral-multinormal-sparse-3-3-2-2.0", 0.70308387422238638,
      // d > 8: the native leaves' blocked max norm (kdtree.hpp max_dist_bounded)
      "multinormal-dense-25-25-0.5", 0.94543915575347803,
      "multinormal-dense-50-50-0.5", 1.070105954103683);

  private static BmiTask task(String id) {
    return BmiTasks.all().stream().filter(t -> t.id().equals(id)).findFirst().orElseThrow();
  }

  @Test
  void dumpWritesTheBenchmarkSamplesBitForBit(@TempDir Path dir) throws IOException {
    int n = 37;
    AccuracyBenchmark.dumpSamples(dir, Pattern.compile("1v1-normal-0\\.75|multinormal-sparse-3-3-2-2\\.0"), n, 2);
    List<String> manifest = Files.readAllLines(dir.resolve("manifest.csv"), StandardCharsets.UTF_8);
    assertEquals("file,task_id,seed,n,dim_x,dim_y", manifest.get(0));
    assertEquals(5, manifest.size(), "two tasks, two seeds each");
    for (String line : manifest.subList(1, manifest.size())) {
      String[] f = line.split(",");
      BmiTask t = task(f[1]);
      int seed = Integer.parseInt(f[2]);
      assertEquals(n, Integer.parseInt(f[3]));
      assertEquals(t.dimX(), Integer.parseInt(f[4]));
      assertEquals(t.dimY(), Integer.parseInt(f[5]));
      ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(dir.resolve(f[0]))).order(ByteOrder.LITTLE_ENDIAN);
      assertEquals(8 * n * (t.dimX() + t.dimY()), b.remaining(), f[0]);
      double[][] xy = t.sample(n, seed);
      for (int i = 0; i < n; i++) {
        for (int c = 0; c < t.dimX(); c++) {
          assertEquals(Double.doubleToRawLongBits(xy[0][i * t.dimX() + c]), Double.doubleToRawLongBits(b.getDouble()));
        }
        for (int c = 0; c < t.dimY(); c++) {
          assertEquals(Double.doubleToRawLongBits(xy[1][i * t.dimY() + c]), Double.doubleToRawLongBits(b.getDouble()));
        }
      }
    }
  }

  @Test
  void ourKsgGivesThePapersKsgNumbersOnTheSameSamples() {
    int n = 5000;
    KsgOptions options = new KsgOptions(5, KsgAlgorithm.ONE, RunSettings.defaults());
    for (Map.Entry<String, Double> e : RMI_SEED0.entrySet()) {
      BmiTask t = task(e.getKey());
      double[][] xy = t.sample(n, 0);
      double ours = new KsgMutualInformation(options)
          .estimate(Matrix.of("x", xy[0], n, t.dimX()), Matrix.of("y", xy[1], n, t.dimY())).value();
      assertEquals(e.getValue(), ours, 1e-12, e.getKey() + ": our KSG1 against rmi's on the same sample");
    }
  }

  @Test
  void peerColumnHoldsTheOtherEstimatorsMeanAndTheLargestDifference(@TempDir Path dir) throws IOException {
    BmiTask t = task("1v1-normal-0.75");
    List<AccuracyBenchmark.Row> rows = List.of(
        new AccuracyBenchmark.Row(t, 0, 100, 0.40, 0.01, 0.38, 0.42, 0.1, "java"),
        new AccuracyBenchmark.Row(t, 1, 100, 0.44, 0.01, 0.42, 0.46, 0.1, "java"));
    Path peerCsv = dir.resolve("peer.csv");
    Files.writeString(peerCsv, "task_id,seed,estimate,seconds\n1v1-normal-0.75,0,0.41,1.0\n1v1-normal-0.75,1,0.44,1.0\n");
    Path md = dir.resolve("t.md");
    AccuracyBenchmark.writeMarkdown(md, rows, 100, 5, 0.95, Double.NaN, AccuracyBenchmark.Peer.read(peerCsv, "R rmi KSG1"),
        "rows.csv");
    String text = Files.readString(md);
    assertTrue(text.contains("| R rmi KSG1 | max \\|Δ\\| |"), text);
    // mean of the peer 0.425; largest |ours − peer| 0.01 (seed 0)
    assertTrue(text.contains(" 0.425 | 1.0e-02 |"), text);
    assertTrue(text.contains("from `rows.csv`"), text);
  }
}
