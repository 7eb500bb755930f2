package org.infokernels.spark;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.infokernels.core.BackendKind;
import org.infokernels.core.Matrix;
import org.infokernels.core.RunSettings;
import org.infokernels.kernel.HsicOptions;
import org.infokernels.knn.KsgMutualInformation;
import org.infokernels.knn.KsgOptions;
import org.infokernels.pairwise.DependenceMatrix;
import org.infokernels.pairwise.PairMeasure;
import org.infokernels.pairwise.PairwiseOptions;
import org.infokernels.pairwise.PairwiseResult;
import org.infokernels.pairwise.Variables;

/**
 * The Spark scaling benchmark (bench/spark/scaling.sh; README "Spark"): HSIC over all pairs of p variables of n
 * rows, and KSG MI over G groups of m rows, on one machine ({@link DependenceMatrix} / the single-estimate API with
 * 1 and 2 threads) and as Spark jobs on local[1], local[2] and a standalone master with 1 and 2 workers (1 core
 * each; own JVMs on loopback). Every Spark result is checked against the single-machine one (bit for bit). Prints
 * a markdown table: seconds (best of the repeats), pairs or groups per second per core, and the overhead of Spark
 * against the single-machine run with the same number of cores.
 *
 * <p>Arguments: {@code --p 40 --n 2000 --groups 200 --rows 2000 --repeats 2 --backend cpu --hsic true} ({@code --hsic
 * false}: the grouped MI only).
 */
public final class ScalingBench {
  private ScalingBench() {}

  static int p = 40;
  static int n = 2000;
  static int groups = 200;
  static int rows = 2000;
  static int repeats = 2;
  static String backend = "cpu";
  static Path dir;
  static final List<Process> procs = new ArrayList<>();
  static boolean equal = true;
  static boolean hsicToo = true;

  public static void main(String[] args) throws Exception {
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--p" -> p = Integer.parseInt(args[i + 1]);
        case "--n" -> n = Integer.parseInt(args[i + 1]);
        case "--groups" -> groups = Integer.parseInt(args[i + 1]);
        case "--rows" -> rows = Integer.parseInt(args[i + 1]);
        case "--repeats" -> repeats = Integer.parseInt(args[i + 1]);
        case "--backend" -> backend = args[i + 1];
        case "--hsic" -> hsicToo = Boolean.parseBoolean(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    dir = Files.createTempDirectory("infokernels-bench");
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      cleanUp();
      dir.toFile().delete();
    }));
    System.out.printf(Locale.ROOT, "# HSIC all pairs p = %d, n = %d (%d pairs); MI grouped %d groups x %d rows; "
        + "backend %s; %d cores seen by the JVM; load average at start %.2f%n", p, n, p * (p - 1) / 2, groups, rows,
        backend, Runtime.getRuntime().availableProcessors(),
        java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());

    // data: p columns with a latent factor in every 4th column, offsets and mixed scales
    Random r = new Random(1);
    double[][] x = new double[p][n];
    for (int i = 0; i < n; i++) {
      double z = r.nextGaussian();
      for (int j = 0; j < p; j++) {
        double noise = r.nextGaussian();
        x[j][i] = 10.0 * j + (1 + j % 3) * (j % 4 == 0 ? Math.sin(z) + 0.5 * noise : noise);
      }
    }
    List<Matrix> ms = new ArrayList<>();
    List<String> names = new ArrayList<>();
    StructType wide = new StructType();
    for (int j = 0; j < p; j++) {
      ms.add(Matrix.of("v" + j, x[j], n, 1));
      names.add("v" + j);
      wide = wide.add("v" + j, DataTypes.DoubleType, false);
    }
    List<Row> wideRows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Object[] o = new Object[p];
      for (int j = 0; j < p; j++) {
        o[j] = x[j][i];
      }
      wideRows.add(RowFactory.create(o));
    }
    // groups: y = a_g x + noise. Written to a CSV file that the executors read (Double.toString and Spark's
    // parser round-trip every double exactly): a local list of 2*10^6 rows would travel inside the query plan
    // and exhaust the memory of a 1 GiB executor.
    StringBuilder csv = new StringBuilder();
    Path groupCsv = Files.createTempFile("infokernels-bench-groups", ".csv");  // outside dir: cleanUp() empties dir
    groupCsv.toFile().deleteOnExit();
    double[][][] gxy = new double[groups][2][rows];
    for (int g = 0; g < groups; g++) {
      double a = 0.01 * (g % 50);
      for (int i = 0; i < rows; i++) {
        double v = 40 + 3 * r.nextGaussian();
        double y = 1e3 + a * v + r.nextGaussian();
        gxy[g][0][i] = v;
        gxy[g][1][i] = y;
        csv.append('g').append(g).append(',').append(v).append(',').append(y).append('\n');
      }
    }
    Files.writeString(groupCsv, csv);
    csv.setLength(0);
    StructType gs = new StructType().add("g", DataTypes.StringType, false).add("x", DataTypes.DoubleType, false)
        .add("y", DataTypes.DoubleType, false);

    RunSettings s1 = RunSettings.defaults().withBackend(BackendKind.parse(backend)).withThreads(1);
    PairMeasure hsic = PairMeasure.hsic(HsicOptions.defaults().withSettings(s1));
    KsgOptions ksg = KsgOptions.defaults().withSettings(s1);

    List<String> table = new ArrayList<>();
    table.add("| run | cores | HSIC s | pairs/s/core | Spark overhead | MI s | groups/s/core | Spark overhead |");
    table.add("|---|---|---|---|---|---|---|---|");
    double[] hsicOne = new double[3];
    double[] miOne = new double[3];
    PairwiseResult reference = null;
    double[] miRef = new double[groups];
    // warm-up of the single-machine runs (JIT, native library), as the Spark runs get one
    new DependenceMatrix(hsic, PairwiseOptions.defaults()).compute(Variables.of(ms.subList(0, 3), names.subList(0, 3)));
    new KsgMutualInformation(ksg).estimate(Matrix.of("x", gxy[0][0], rows, 1), Matrix.of("y", gxy[0][1], rows, 1));
    for (int cores = 1; cores <= 2; cores++) {
      PairMeasure m = hsic.withSettings(s1.withThreads(cores));
      double best = Double.MAX_VALUE;
      for (int k = 0; k < (hsicToo ? repeats : 0); k++) {
        long t0 = System.nanoTime();
        reference = new DependenceMatrix(m, PairwiseOptions.defaults()).compute(Variables.of(ms, names));
        best = Math.min(best, (System.nanoTime() - t0) * 1e-9);
      }
      hsicOne[cores] = best;
      int c = cores;
      double bestMi = Double.MAX_VALUE;
      for (int k = 0; k < repeats; k++) {
        long t0 = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(c);
        List<Future<Double>> fs = new ArrayList<>();
        for (int g = 0; g < groups; g++) {
          int gg = g;
          fs.add(pool.submit(() -> new KsgMutualInformation(ksg).estimate(Matrix.of("x", gxy[gg][0], rows, 1),
              Matrix.of("y", gxy[gg][1], rows, 1)).value()));
        }
        for (int g = 0; g < groups; g++) {
          miRef[g] = fs.get(g).get();
        }
        pool.shutdown();
        bestMi = Math.min(bestMi, (System.nanoTime() - t0) * 1e-9);
      }
      miOne[cores] = bestMi;
      table.add(row("one machine (" + (cores == 1 ? "DependenceMatrix, 1 thread" : "DependenceMatrix, 2 threads")
          + ")", cores, best, p * (p - 1) / 2.0, 0, bestMi, groups, 0));
      System.out.println(table.get(table.size() - 1));
    }

    String[][] runs = {{"local[1]", "1"}, {"local[2]", "2"}, {"standalone 1 worker", "1"},
        {"standalone 2 workers", "2"}};
    for (String[] run : runs) {
      int cores = Integer.parseInt(run[1]);
      SparkSession spark;
      if (run[0].startsWith("local")) {
        spark = SparkSession.builder().master(run[0]).appName("bench").config("spark.ui.enabled", "false")
            .config("spark.driver.memory", "2g").getOrCreate();
      } else {
        String url = cluster(cores);
        spark = SparkSession.builder().master(url).appName("bench").config("spark.ui.enabled", "false")
            .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
            .config("spark.executor.memory", "1g").config("spark.cores.max", "" + cores)
            .config("spark.executor.cores", "1")
            .config("spark.executor.extraClassPath", System.getProperty("java.class.path"))
            .config("spark.executorEnv.OPENBLAS_NUM_THREADS", "1").getOrCreate();
      }
      spark.sparkContext().setLogLevel("ERROR");
      Dataset<Row> df = spark.createDataFrame(wideRows, wide).cache();
      Dataset<Row> gdf = spark.read().schema(gs).csv(groupCsv.toUri().toString()).cache();
      df.count();
      gdf.count();
      // warm-up: executors start, the native library loads
      InfokernelsSpark.dependenceMatrix(df, names.subList(0, 3), "hsic", SparkOptions.defaults()
          .withBackend(backend)).collectAsList();
      double best = Double.MAX_VALUE;
      List<Row> hs = null;
      for (int k = 0; k < (hsicToo ? repeats : 0); k++) {
        long t0 = System.nanoTime();
        hs = InfokernelsSpark.dependenceMatrix(df, names, "hsic", SparkOptions.defaults().withBackend(backend))
            .collectAsList();
        best = Math.min(best, (System.nanoTime() - t0) * 1e-9);
      }
      if (hsicToo) {
        check(hs, reference);
      }
      double bestMi = Double.MAX_VALUE;
      List<Row> mi = null;
      for (int k = 0; k < repeats; k++) {
        long t0 = System.nanoTime();
        mi = InfokernelsSpark.groupedEstimate(gdf, List.of("g"), "mi", List.of("x"), List.of("y"),
            SparkOptions.defaults().withBackend(backend)).collectAsList();
        bestMi = Math.min(bestMi, (System.nanoTime() - t0) * 1e-9);
      }
      for (Row rr : mi) {
        int g = Integer.parseInt(rr.getString(0).substring(1));
        if (rr.getDouble(rr.fieldIndex("value")) != miRef[g]) {
          equal = false;
          System.out.println("MISMATCH: MI of " + rr.getString(0) + " differs from one machine");
        }
      }
      spark.stop();
      cleanUp();
      table.add(row(run[0], cores, best, p * (p - 1) / 2.0, best / hsicOne[cores] - 1, bestMi, groups,
          bestMi / miOne[cores] - 1));
      System.out.println(table.get(table.size() - 1));
    }
    System.out.println();
    table.forEach(System.out::println);
    System.out.println(equal ? "(every Spark result equal to the single-machine one, bit for bit)"
        : "(SOME SPARK RESULTS DIFFER FROM ONE MACHINE: see MISMATCH above)");
  }

  static void check(List<Row> rows, PairwiseResult ref) {
    Map<String, Integer> idx = new java.util.HashMap<>();
    for (int j = 0; j < ref.rowNames().size(); j++) {
      idx.put(ref.rowNames().get(j), j);
    }
    if (rows.size() != ref.entries().size()) {
      equal = false;
      System.out.println("MISMATCH: " + rows.size() + " pairs, expected " + ref.entries().size());
      return;
    }
    for (Row r : rows) {
      double v = ref.value(idx.get(r.getString(0)), idx.get(r.getString(1))).getAsDouble();
      if (v != r.getDouble(2)) {
        equal = false;
        System.out.println("MISMATCH: pair " + r.getString(0) + ", " + r.getString(1) + " differs from one machine");
      }
    }
  }

  static String row(String run, int cores, double hs, double pairs, double hsOver, double mis, double gs,
                    double miOver) {
    if (!hsicToo) {
      return String.format(Locale.ROOT, "| %s | %d | - | - | - | %.2f | %.1f | %s |", run, cores, mis,
          gs / mis / cores, miOver == 0 ? "-" : String.format(Locale.ROOT, "%+.0f%%", 100 * miOver));
    }
    return String.format(Locale.ROOT, "| %s | %d | %.2f | %.1f | %s | %.2f | %.1f | %s |", run, cores, hs,
        pairs / hs / cores, hsOver == 0 ? "-" : String.format(Locale.ROOT, "%+.0f%%", 100 * hsOver), mis,
        gs / mis / cores, miOver == 0 ? "-" : String.format(Locale.ROOT, "%+.0f%%", 100 * miOver));
  }

  // ---- a standalone cluster on loopback: a master and `workers` workers of 1 core, each its own JVM

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  static Process jvm(String log, String mainClass, String... args) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx256m");
    for (String o : System.getProperty("spark.jvm.options", "").trim().split("\\s+")) {
      if (!o.isEmpty()) {
        cmd.add(o);
      }
    }
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(mainClass);
    cmd.addAll(Arrays.asList(args));
    Files.createDirectories(dir.resolve("jars"));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve(log).toFile());
    pb.environment().put("SPARK_HOME", dir.toString());
    pb.environment().put("SPARK_SCALA_VERSION", "2.13");
    pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    pb.environment().put("OPENBLAS_NUM_THREADS", "1");
    Process pr = pb.start();
    procs.add(pr);
    return pr;
  }

  static String cluster(int workers) throws Exception {
    int port = freePort();
    int ui = freePort();
    jvm("master.log", "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1", "--port", "" + port,
        "--webui-port", "" + ui);
    long deadline = System.nanoTime() + 120_000_000_000L;
    while (true) {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 500);
        break;
      } catch (IOException e) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("the master did not start");
        }
        Thread.sleep(300);
      }
    }
    String url = "spark://127.0.0.1:" + port;
    for (int w = 0; w < workers; w++) {
      jvm("worker" + w + ".log", "org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1", "--cores", "1",
          "--memory", "1500m", "--webui-port", "" + freePort(), "--work-dir", dir.resolve("work" + w).toString(), url);
    }
    while (!get("http://127.0.0.1:" + ui + "/json/").contains("\"aliveworkers\" : " + workers)) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the workers did not register");
      }
      Thread.sleep(300);
    }
    return url;
  }

  static String get(String address) {
    try (InputStream in = URI.create(address).toURL().openStream()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  static synchronized void cleanUp() {
    for (Process pr : procs) {
      List<ProcessHandle> children = pr.descendants().toList();
      pr.destroy();
      try {
        if (!pr.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
          pr.destroyForcibly();
        }
      } catch (InterruptedException e) {
        pr.destroyForcibly();
      }
      children.forEach(ProcessHandle::destroyForcibly);
    }
    procs.clear();
    try (var paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).filter(f -> !f.equals(dir)).forEach(f -> f.toFile().delete());
    } catch (IOException | java.io.UncheckedIOException e) {
      // best effort
    }
  }
}
