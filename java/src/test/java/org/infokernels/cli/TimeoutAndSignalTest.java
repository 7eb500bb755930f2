package org.infokernels.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.infokernels.core.BackendKind;
import org.infokernels.internal.backend.Backends;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --timeout SECONDS} (exit status 3, one line {@code infokernels: error: timed out after N s})
 * on the java and cpu backends, and SIGTERM during a native exact eigensolve: the JVM must exit with
 * 143 (128 + SIGTERM) without SIGSEGV, hs_err file or OpenBLAS "Bad memory unallocation" (issue 18:
 * 2 crashes in 10 runs before the shutdown hook that cancels and waits for native calls).
 */
class TimeoutAndSignalTest {
  @TempDir
  Path dir;

  record Result(int code, String out, String err, double seconds) {}

  static Result run(String... args) {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    long t0 = System.nanoTime();
    int code = Main.run(args, new PrintStream(o, true, StandardCharsets.UTF_8),
        new PrintStream(e, true, StandardCharsets.UTF_8));
    return new Result(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8),
        (System.nanoTime() - t0) * 1e-9);
  }

  /** an n × d float64 .npy of correlated Gaussian columns with offsets and mixed scales */
  Path npy(String name, long seed, int n, int d) throws IOException {
    Random r = new Random(seed);
    String dict = "{'descr': '<f8', 'fortran_order': False, 'shape': (" + n + ", " + d + "), }";
    StringBuilder h = new StringBuilder(dict);
    while ((10 + h.length() + 1) % 64 != 0) {
      h.append(' ');
    }
    h.append('\n');
    byte[] hb = h.toString().getBytes(StandardCharsets.US_ASCII);
    java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(10 + hb.length + 8 * n * d)
        .order(java.nio.ByteOrder.LITTLE_ENDIAN);
    buf.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
    buf.putShort((short) hb.length).put(hb);
    for (int i = 0; i < n; i++) {
      double common = r.nextGaussian();
      for (int c = 0; c < d; c++) {
        buf.putDouble(10.0 * c + (c + 1) * (common + r.nextGaussian()));
      }
    }
    Path p = dir.resolve(name);
    Files.write(p, buf.array());
    return p;
  }

  static boolean cpuAvailable() {
    return Backends.available().stream().anyMatch(b -> b.kind() == BackendKind.CPU);
  }

  @Test
  void everyCommandTakesTimeout() {
    List<String> all = new ArrayList<>(Main.commandLine().getSubcommands().keySet());
    assertEquals(all, Main.commandsWithOption("--timeout"));
  }

  @Test
  void badTimeoutIsAUsageError() throws IOException {
    Path x = npy("x.npy", 1, 50, 2);
    Result r = run("entropy", "--x", x.toString(), "--timeout", "-1");
    assertEquals(Main.EXIT_USAGE, r.code(), r.err());
    assertTrue(r.err().startsWith("infokernels: error: --timeout -1.0 must be"), r.err());
  }

  @Test
  void shortEstimateWithTimeoutIsUnchanged() throws IOException {
    Path x = npy("x.npy", 2, 300, 2);
    Path y = npy("y.npy", 3, 300, 2);
    Result plain = run("mi", "--x", x.toString(), "--y", y.toString(), "--format", "json", "--backend", "java");
    Result timed = run("mi", "--x", x.toString(), "--y", y.toString(), "--format", "json", "--backend", "java",
        "--timeout", "60");
    assertEquals(0, timed.code(), timed.err());
    assertEquals(plain.out().replaceAll("\"seconds\":[^,}]*", ""), timed.out().replaceAll("\"seconds\":[^,}]*", ""));
    assertFalse(Thread.currentThread().isInterrupted());
  }

  void assertTimesOut(String... args) {
    Result r = run(args);
    System.out.printf("TimeoutAndSignalTest: %s ended after %.2f s (exit %d)%n", String.join(" ", args),
        r.seconds(), r.code());
    assertEquals(Main.EXIT_TIMEOUT, r.code(), r.err());
    assertEquals("infokernels: error: timed out after 1 s" + System.lineSeparator(), r.err());
    assertEquals("", r.out());
    // wall time on a shared machine says little (the JVM may wait for a core); the uncancelled
    // estimates take minutes here, and Timeout.call's own promptness is measured below
    assertTrue(r.seconds() < 30.0, "--timeout 1 took " + r.seconds() + " s");
    assertFalse(Thread.currentThread().isInterrupted(), "the interrupt must not leak out of Main.run");
  }

  @Test
  void timeoutJavaKsgPermutations() throws IOException {
    Path x = npy("x.npy", 4, 100_000, 2);
    Path y = npy("y.npy", 5, 100_000, 2);
    assertTimesOut("mi", "--x", x.toString(), "--y", y.toString(), "--backend", "java", "--permutations", "20",
        "--timeout", "1");
  }

  @Test
  void timeoutCpuHsic() throws IOException {
    Assumptions.assumeTrue(cpuAvailable(), "cpu backend unavailable");
    Path x = npy("x.npy", 6, 150_000, 3);
    Path y = npy("y.npy", 7, 150_000, 3);
    assertTimesOut("hsic", "--x", x.toString(), "--y", y.toString(), "--backend", "cpu", "--timeout", "1");
  }

  /** how promptly Timeout.call stops an estimate (cpu HSIC, one long native call; java KSG permutations) */
  @Test
  void timeoutStopsWithinASecond() {
    java.util.List<org.infokernels.core.Matrix> m = new java.util.ArrayList<>();
    Random r = new Random(9);
    for (int v = 0; v < 2; v++) {
      double[] a = new double[150_000 * 3];
      for (int i = 0; i < a.length; i++) {
        a[i] = 5.0 * v + (i % 3 + 1) * r.nextGaussian();
      }
      m.add(org.infokernels.core.Matrix.of(v == 0 ? "x" : "y", a, 150_000, 3));
    }
    List<java.util.function.Supplier<Object>> bodies = new ArrayList<>();
    if (cpuAvailable()) {
      bodies.add(() -> new org.infokernels.kernel.Hsic(org.infokernels.kernel.HsicOptions.defaults()
          .withSettings(org.infokernels.core.RunSettings.defaults().withBackend(BackendKind.CPU))).estimate(m.get(0), m.get(1)));
    }
    bodies.add(() -> new org.infokernels.knn.KsgMutualInformation(org.infokernels.knn.KsgOptions.defaults()
        .withSettings(org.infokernels.core.RunSettings.defaults().withBackend(BackendKind.JAVA).withPermutations(50)))
        .estimate(m.get(0), m.get(1)));
    for (java.util.function.Supplier<Object> b : bodies) {
      org.infokernels.cli.common.Timeout.Expired e = org.junit.jupiter.api.Assertions.assertThrows(
          org.infokernels.cli.common.Timeout.Expired.class, () -> org.infokernels.cli.common.Timeout.call(1.0, b));
      System.out.printf("TimeoutAndSignalTest: Timeout.call(1 s) stopped %.3f s after it fired%n", e.lateSeconds());
      assertTrue(e.lateSeconds() < 1.5, "stopped " + e.lateSeconds() + " s after the timeout fired");
      assertFalse(Thread.currentThread().isInterrupted());
    }
  }

  /** SIGTERM at several moments of `renyi-entropy --method exact` (n = 4000) on cpu: no crash */
  @Test
  void sigtermDuringNativeEigensolveDoesNotCrash() throws Exception {
    Assumptions.assumeTrue(cpuAvailable(), "cpu backend unavailable");
    Path x = npy("x.npy", 8, 4000, 3);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String cp = System.getProperty("java.class.path");
    long[] delaysMs = {1500, 2500, 3500, 5000};
    for (long delay : delaysMs) {
      Path err = dir.resolve("err-" + delay + ".txt");
      ProcessBuilder pb = new ProcessBuilder(java, "-cp", cp, "-Xmx1g", Main.class.getName(), "renyi-entropy",
          "--x", x.toString(), "--method", "exact", "--backend", "cpu", "--threads", "1")
          .directory(dir.toFile()).redirectError(err.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD);
      pb.environment().put("OPENBLAS_NUM_THREADS", "1");
      Process p = pb.start();
      if (p.waitFor(delay, TimeUnit.MILLISECONDS)) {
        System.out.printf("TimeoutAndSignalTest: SIGTERM run %d ms: the estimate ended first (exit %d)%n", delay,
            p.exitValue());
        continue;
      }
      long t0 = System.nanoTime();
      p.destroy();  // SIGTERM
      assertTrue(p.waitFor(30, TimeUnit.SECONDS), "no exit within 30 s of SIGTERM");
      double secs = (System.nanoTime() - t0) * 1e-9;
      String stderr = Files.readString(err);
      System.out.printf("TimeoutAndSignalTest: SIGTERM after %d ms: exit %d, %.2f s later; stderr: %s%n", delay,
          p.exitValue(), secs, stderr.strip());
      assertEquals(143, p.exitValue(), "exit status after SIGTERM; stderr: " + stderr);
      assertFalse(stderr.contains("SIGSEGV") || stderr.contains("fatal error") || stderr.contains("Bad memory"),
          stderr);
      try (Stream<Path> files = Files.list(dir)) {
        assertFalse(files.anyMatch(f -> f.getFileName().toString().startsWith("hs_err")), "hs_err file written");
      }
    }
  }
}
