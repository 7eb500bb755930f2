package org.infokernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import org.infokernels.core.RunSettings;
import org.infokernels.core.Unit;
import org.infokernels.internal.backend.Backend;
import org.infokernels.internal.backend.Backends;
import org.infokernels.io.NpyFiles;
import org.infokernels.timeseries.ActiveInfoStorageOptions;
import org.infokernels.timeseries.ActiveInformationStorage;
import org.infokernels.timeseries.TransferEntropy;
import org.infokernels.timeseries.TransferEntropyOptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every estimate is bitwise identical across repeated runs and across 1, 2 and 16 threads on every
 * backend, with and without a (seeded) permutation test; estimators are thread-safe (16 threads
 * calling every estimator at once, mixed backends, match the sequential results bit for bit); and
 * the library loaded by several class loaders in one JVM neither crashes nor changes a number.
 */
class DeterminismTest {
  @TempDir
  static Path dir;

  /** every measure of the invariance test, the two-sample ones, and the time-series family */
  static List<InvarianceTest.Measure> all() {
    List<InvarianceTest.Measure> m = new ArrayList<>(InvarianceTest.measures());
    m.addAll(InvarianceTest.twoSampleMeasures());
    m.add(new InvarianceTest.Measure("transfer-entropy", (s, d) -> new TransferEntropy(TransferEntropyOptions.defaults()
        .withTarget(2, 1).withSettings(s)).estimate(d.x().selectColumns(0), d.y().selectColumns(0)).value()));
    m.add(new InvarianceTest.Measure("transfer-entropy theiler ksg2", (s, d) -> new TransferEntropy(
        TransferEntropyOptions.defaults().withTheiler(2).withEstimator(org.infokernels.core.KsgAlgorithm.TWO)
            .withSettings(s)).estimate(d.x().selectColumns(0), d.y().selectColumns(0)).value()));
    m.add(new InvarianceTest.Measure("active-info-storage", (s, d) -> new ActiveInformationStorage(
        ActiveInfoStorageOptions.defaults().withEmbedding(2, 1).withSettings(s)).estimate(d.y().selectColumns(0)).value()));
    return m;
  }

  /** the dependence measures with a seeded permutation test: p-value and null mean */
  static List<InvarianceTest.Measure> tested() {
    List<InvarianceTest.Measure> m = new ArrayList<>();
    BiFunction<RunSettings, InvarianceTest.Data, Double> mi = (s, d) -> {
      var e = new org.infokernels.knn.KsgMutualInformation(org.infokernels.knn.KsgOptions.defaults()
          .withSettings(s.withPermutations(7).withSeed(11))).estimate(d.x(), d.y());
      return e.pValue().orElseThrow() + 1e3 * e.nullMean(Unit.NATS).orElseThrow();
    };
    m.add(new InvarianceTest.Measure("mi + permutations", mi));
    m.add(new InvarianceTest.Measure("cmi + permutations", (s, d) -> {
      var e = new org.infokernels.knn.ConditionalMutualInformation(org.infokernels.knn.CmiOptions.defaults()
          .withSettings(s.withPermutations(7).withSeed(11))).estimate(d.x(), d.y(), d.z());
      return e.pValue().orElseThrow() + 1e3 * e.nullMean(Unit.NATS).orElseThrow();
    }));
    m.add(new InvarianceTest.Measure("hsic + permutations", (s, d) -> {
      var e = new org.infokernels.kernel.Hsic(org.infokernels.kernel.HsicOptions.defaults()
          .withSettings(s.withPermutations(7).withSeed(11))).estimate(d.x(), d.y());
      return e.pValue().orElseThrow() + 1e3 * e.nullMean(Unit.NATS).orElseThrow();
    }));
    m.add(new InvarianceTest.Measure("transfer-entropy + surrogates", (s, d) -> {
      var e = new TransferEntropy(TransferEntropyOptions.defaults().withSettings(s.withPermutations(7).withSeed(11)))
          .estimate(d.x().selectColumns(0), d.y().selectColumns(0));
      return e.pValue().orElseThrow() + 1e3 * e.nullMean(Unit.NATS).orElseThrow();
    }));
    m.add(new InvarianceTest.Measure("transfer-entropy + block-jackknife interval", (s, d) -> {
      var e = new TransferEntropy(TransferEntropyOptions.defaults().withCi(0.9).withSettings(s))
          .estimate(d.x().selectColumns(0), d.y().selectColumns(0));
      return e.value() + 1e3 * e.stdError().orElseThrow();
    }));
    return m;
  }

  @TestFactory
  List<DynamicTest> bitwiseAcrossRunsAndThreadCounts() {
    InvarianceTest.Data d = InvarianceTest.data();
    List<InvarianceTest.Measure> measures = all();
    measures.addAll(tested());
    List<DynamicTest> tests = new ArrayList<>();
    for (Backend b : Backends.available()) {
      for (InvarianceTest.Measure m : measures) {
        tests.add(DynamicTest.dynamicTest(m.name() + " [" + b.kind().label() + "]", () -> {
          RunSettings s = RunSettings.defaults().withBackend(b.kind());
          double ref = m.value().apply(s.withThreads(1), d);
          for (int threads : new int[] {1, 2, 16, 2}) {
            double v = m.value().apply(s.withThreads(threads), d);
            assertEquals(Double.doubleToRawLongBits(ref), Double.doubleToRawLongBits(v),
                m.name() + " at " + threads + " threads: " + v + " vs " + ref);
          }
        }));
      }
    }
    return tests;
  }

  @Test
  void sixteenThreadsCallingEveryEstimatorAtOnceMatchTheSequentialResults() throws Exception {
    InvarianceTest.Data d = InvarianceTest.data();
    List<InvarianceTest.Measure> measures = all();
    List<Backend> backends = Backends.available();
    // the sequential references, one per (measure, backend)
    Map<String, Double> ref = new ConcurrentHashMap<>();
    for (InvarianceTest.Measure m : measures) {
      for (Backend b : backends) {
        ref.put(m.name() + "@" + b.kind().label(), m.value().apply(RunSettings.defaults().withBackend(b.kind()), d));
      }
    }
    ExecutorService pool = Executors.newFixedThreadPool(16);
    AtomicInteger calls = new AtomicInteger();
    List<String> mismatches = java.util.Collections.synchronizedList(new ArrayList<>());
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(6);
    List<Future<?>> fs = new ArrayList<>();
    for (int t = 0; t < 16; t++) {
      long seed = 100 + t;
      fs.add(pool.submit(() -> {
        Random r = new Random(seed);
        while (System.nanoTime() < deadline) {
          InvarianceTest.Measure m = measures.get(r.nextInt(measures.size()));
          Backend b = backends.get(r.nextInt(backends.size()));
          // mixed thread counts inside each call too
          double v = m.value().apply(RunSettings.defaults().withBackend(b.kind()).withThreads(1 + r.nextInt(3)), d);
          String key = m.name() + "@" + b.kind().label();
          if (Double.doubleToRawLongBits(v) != Double.doubleToRawLongBits(ref.get(key))) {
            mismatches.add(key + ": " + v + " vs " + ref.get(key));
          }
          calls.incrementAndGet();
        }
        return null;
      }));
    }
    for (Future<?> f : fs) {
      f.get();
    }
    pool.shutdown();
    assertTrue(mismatches.isEmpty(), mismatches.size() + " mismatches of " + calls + " calls: " + mismatches);
    assertTrue(calls.get() >= 16, "only " + calls + " calls");
    System.out.println("DeterminismTest: " + calls + " concurrent calls on 16 threads, " + backends.size()
        + " backends, " + measures.size() + " measures, mismatches 0");
  }

  @Test
  void severalClassLoadersInOneJvmNeitherCrashNorChangeANumber() throws Exception {
    // as in application servers and Spark: the library's classes loaded again by isolated loaders
    // (parent = the platform loader, so nothing is shared with this test's loader). A JNI library can
    // belong to one loader only: the others fall back (auto) to the java backend, which must give the
    // same value; nothing may crash.
    double[][] rows = NpyFiles.gaussian(5, 300, 2);
    Path x = NpyFiles.writeMatrix(dir.resolve("x.npy"), rows);
    String here = run(Thread.currentThread().getContextClassLoader(), x);
    String[] cp = System.getProperty("java.class.path").split(java.io.File.pathSeparator);
    List<URL> urls = new ArrayList<>();
    for (String p : cp) {
      urls.add(Path.of(p).toUri().toURL());
    }
    for (int i = 0; i < 3; i++) {
      try (URLClassLoader loader = new URLClassLoader(urls.toArray(new URL[0]), ClassLoader.getPlatformClassLoader())) {
        String out = run(loader, x);
        assertEquals(value(here), value(out), 1e-12, "loader " + i + ": " + out);
      }
    }
  }

  private static String run(ClassLoader loader, Path x) throws Exception {
    Class<?> main = Class.forName("org.infokernels.cli.Main", true, loader);
    Method m = main.getMethod("run", String[].class, PrintStream.class, PrintStream.class);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = (Integer) m.invoke(null, new String[] {"mi", "--x", x.toString(), "--x-cols", "0", "--y", x.toString(),
        "--y-cols", "1", "--format", "json"}, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
    return out.toString(StandardCharsets.UTF_8);
  }

  private static double value(String json) {
    return com.google.gson.JsonParser.parseString(json.strip()).getAsJsonObject().get("value").getAsDouble();
  }
}
