package org.infokernels.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.infokernels.core.BackendKind;
import org.infokernels.core.Matrix;
import org.infokernels.core.RunSettings;
import org.infokernels.knn.KsgMutualInformation;
import org.infokernels.knn.KsgOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A real Spark standalone cluster on loopback: a master and a worker, each its own JVM started (and stopped) by
 * this test, executors launched by the worker as further JVMs. The executors load the infokernels jar (here: the
 * build's class path) and its native library themselves.
 */
class StandaloneClusterTest {
  static Process master;
  static Process worker;
  static String url;
  static Path dir;

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  static List<String> jvm(String mainClass, String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx256m");
    for (String o : System.getProperty("spark.jvm.options", "").trim().split("\\s+")) {
      if (!o.isEmpty()) {
        cmd.add(o);
      }
    }
    cmd.add("-cp");
    cmd.add(classPath());
    cmd.add(mainClass);
    cmd.addAll(Arrays.asList(args));
    return cmd;
  }

  static String classPath() {
    return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
  }

  static Process start(List<String> cmd, String log) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve(log).toFile());
    Map<String, String> env = pb.environment();
    // a Spark home with an empty jars/ folder: the executors' class path is the application's (extraClassPath)
    env.put("SPARK_HOME", dir.toString());
    env.put("SPARK_SCALA_VERSION", "2.13");
    env.put("SPARK_LOCAL_IP", "127.0.0.1");
    env.put("OPENBLAS_NUM_THREADS", "1");
    return pb.start();
  }

  static String get(String address) {
    try (InputStream in = URI.create(address).toURL().openStream()) {
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  /** stops the cluster and deletes its folder if the test JVM ends without {@link #stop} (killed, timed out) */
  static Thread hook;

  @BeforeAll
  static void cluster() throws Exception {
    dir = Files.createTempDirectory("infokernels-standalone");
    hook = new Thread(StandaloneClusterTest::cleanUp, "infokernels-standalone-cleanup");
    Runtime.getRuntime().addShutdownHook(hook);
    Files.createDirectories(dir.resolve("jars"));
    int port = freePort();
    int ui = freePort();
    url = "spark://127.0.0.1:" + port;
    master = start(jvm("org.apache.spark.deploy.master.Master", "--host", "127.0.0.1", "--port", "" + port,
        "--webui-port", "" + ui), "master.log");
    long deadline = System.nanoTime() + 90_000_000_000L;
    while (true) {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 500);
        break;
      } catch (IOException e) {
        assertTrue(master.isAlive(), "the master died: " + Files.readString(dir.resolve("master.log")));
        assertTrue(System.nanoTime() < deadline, "the master did not start");
        Thread.sleep(300);
      }
    }
    worker = start(jvm("org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1", "--cores", "2", "--memory",
        "1g", "--webui-port", "" + freePort(), "--work-dir", dir.resolve("work").toString(), url), "worker.log");
    while (!get("http://127.0.0.1:" + ui + "/json/").contains("\"aliveworkers\" : 1")) {
      assertTrue(worker.isAlive(), "the worker died: " + Files.readString(dir.resolve("worker.log")));
      assertTrue(System.nanoTime() < deadline, "the worker did not register: " + get("http://127.0.0.1:" + ui
          + "/json/"));
      Thread.sleep(300);
    }
  }

  /** JUnit runs this also when {@link #cluster} failed half way */
  @AfterAll
  static void stop() {
    cleanUp();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException | NullPointerException e) {
      // the JVM is already shutting down (the hook runs or ran), or the hook was never added
    }
  }

  /**
   * Kills the worker, the executors it launched and the master (each process with all its descendants: politely,
   * then forcibly after 10 s) and deletes the temporary Spark home with the logs and the worker's folder. Safe to
   * call twice, from {@link #stop} and from the shutdown hook.
   */
  static synchronized void cleanUp() {
    for (Process p : new Process[] {worker, master}) {
      if (p == null) {
        continue;
      }
      List<ProcessHandle> children = p.descendants().toList();
      children.forEach(ProcessHandle::destroy);
      p.destroy();
      try {
        if (!p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
          p.destroyForcibly().waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        p.destroyForcibly();
        Thread.currentThread().interrupt();
      }
      for (ProcessHandle c : children) {
        if (c.isAlive()) {
          c.destroyForcibly();
        }
      }
    }
    worker = null;
    master = null;
    if (dir != null && Files.exists(dir)) {
      try (var paths = Files.walk(dir)) {
        paths.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      } catch (IOException | java.io.UncheckedIOException e) {
        System.err.println("StandaloneClusterTest: could not delete " + dir + ": " + e);
      }
    }
  }

  static SparkSession session(String executorOptions) {
    SparkSession.Builder b = SparkSession.builder().master(url).appName("infokernels-standalone-test")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.executor.memory", "512m")
        .config("spark.cores.max", "2")
        .config("spark.executor.extraClassPath", classPath())
        .config("spark.executorEnv.OPENBLAS_NUM_THREADS", "1")
        // a projection over a local list would otherwise run on the driver (the halting UDF must run on executors)
        .config("spark.sql.optimizer.excludedRules", "org.apache.spark.sql.catalyst.optimizer.ConvertToLocalRelation");
    if (executorOptions != null) {
      b = b.config("spark.executor.extraJavaOptions", executorOptions);
    }
    SparkSession s = b.getOrCreate();
    s.sparkContext().setLogLevel("ERROR");
    return s;
  }

  /** halts the executor JVM that first evaluates it (once per marker file), then passes values through */
  static final class HaltOnce implements UDF1<Double, Double> {
    private static final long serialVersionUID = 1L;
    private final String marker;

    HaltOnce(String marker) {
      this.marker = marker;
    }

    @Override
    public Double call(Double v) throws Exception {
      if (new File(marker).createNewFile()) {
        Runtime.getRuntime().halt(137);
      }
      return v;
    }
  }

  @Test
  void groupedEstimatesOnExecutorsEqualOneMachineAndSurviveAKilledExecutor() throws Exception {
    SparkSession spark = session(null);
    try {
      List<Row> rows = GroupedEstimateTest.subjects(4, 17);
      String marker = dir.resolve("halted").toString();
      spark.udf().register("halt_once", new HaltOnce(marker), DataTypes.DoubleType);
      Dataset<Row> df = spark.createDataFrame(rows, GroupedEstimateTest.SCHEMA)
          .withColumn("x1h", functions.callUDF("halt_once", functions.col("x1")));
      List<Row> out = InfokernelsSpark.groupedEstimate(df, List.of("subject"), "mi", List.of("x1h", "x2"),
          List.of("y"), SparkOptions.defaults().withSeed(9)).collectAsList();
      assertTrue(new File(marker).exists(), "no executor was halted");
      Map<String, Matrix[]> single = GroupedEstimateTest.byGroup(rows);
      KsgMutualInformation mi = new KsgMutualInformation(KsgOptions.defaults().withSettings(
          RunSettings.defaults().withBackend(BackendKind.CPU).withSeed(9)));
      assertEquals(4, out.size());
      String driver = "(pid " + ProcessHandle.current().pid() + ")";
      for (Row r : out) {
        Matrix[] xy = single.get(r.getString(0));
        assertEquals(mi.estimate(xy[0], xy[1]).value(), r.getDouble(r.fieldIndex("value")), 0.0);
        assertEquals("cpu", r.getString(r.fieldIndex("backend")));
        assertNull(r.get(r.fieldIndex("fallback")));
        String ex = r.getString(r.fieldIndex("executor"));
        assertTrue(ex.startsWith("executor "), ex);
        assertNotEquals(driver, ex.substring(ex.indexOf('(')));
      }
    } finally {
      spark.stop();
    }
  }

  @Test
  void executorsWithoutTheNativeLibraryFallBackToJavaAndSaySo() {
    SparkSession spark = session("-Dinfokernels.native.disable=true");
    try {
      List<Row> rows = GroupedEstimateTest.subjects(3, 23);
      Dataset<Row> df = spark.createDataFrame(rows, GroupedEstimateTest.SCHEMA);
      List<Row> out = InfokernelsSpark.groupedEstimate(df, List.of("subject"), "mi", List.of("x1"), List.of("y"),
          SparkOptions.defaults()).collectAsList();
      Map<String, Matrix[]> single = GroupedEstimateTest.byGroup(rows);
      KsgMutualInformation mi = new KsgMutualInformation(KsgOptions.defaults().withSettings(
          RunSettings.defaults().withBackend(BackendKind.JAVA)));
      for (Row r : out) {
        assertEquals("java", r.getString(r.fieldIndex("backend")));
        String why = r.getString(r.fieldIndex("fallback"));
        assertTrue(why != null && why.contains("disabled"), why);
        Matrix x1 = single.get(r.getString(0))[0].selectColumns(0);
        assertEquals(mi.estimate(x1, single.get(r.getString(0))[1]).value(), r.getDouble(r.fieldIndex("value")),
            1e-12);
      }
    } finally {
      spark.stop();
    }
  }
}
