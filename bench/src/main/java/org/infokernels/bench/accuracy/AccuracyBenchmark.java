package org.infokernels.bench.accuracy;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.infokernels.core.BackendKind;
import org.infokernels.core.Estimate;
import org.infokernels.core.KsgAlgorithm;
import org.infokernels.core.Matrix;
import org.infokernels.core.RunSettings;
import org.infokernels.knn.KsgMutualInformation;
import org.infokernels.knn.KsgOptions;
import org.infokernels.uncertainty.Resampling;

/**
 * Accuracy of our KSG mutual information on the ground-truth tasks of the BMI benchmark (Czyż,
 * Grabowski, Vogt, Beerenwinkel, Marx, "Beyond Normal: On the Evaluation of Mutual Information
 * Estimators", NeurIPS 2023; {@link BmiTasks}): for every task and seed, n rows are drawn, rescaled
 * (every column to mean 0, variance 1, as the paper does for all estimators) and estimated by
 * {@link KsgMutualInformation} (KSG algorithm 1 of Kraskov, Stögbauer, Grassberger, Phys. Rev. E
 * 69, 066138 (2004); the paper's KSG is R {@code rmi} KSG1 with k = 5), with the 95% interval of
 * the CLI's {@code --ci}: the delete-a-group jackknife over rows ({@link Resampling#groupJackknife},
 * 20 groups, Student t quantile). Per task it reports, over the seeds,
 * <pre>
 *   bias = mean(Î) − I,  spread = sd(Î) (ddof 1),  mean se,  se/spread,
 *   coverage = #{seeds with ci_low ≤ I ≤ ci_high} / seeds
 * </pre>
 * as a per-seed CSV and a Markdown table.
 *
 * <pre>
 *   bench/accuracy/run.sh [--n 5000] [--seeds 10] [--k 5] [--ci 0.95] [--tasks REGEX] [--threads 0]
 *       [--backend auto] [--csv FILE] [--md FILE] [--ci-full-dims D --ci-seeds S] [--summarize CSV]
 *       [--dump DIR] [--peer CSV [--peer-label L]]
 * </pre>
 * {@code --ci-full-dims D --ci-seeds S}: tasks with dimX + dimY &gt; D get the interval on their first S
 * seeds only (the others on all); {@code --summarize CSV}: only the Markdown table, from a CSV of this
 * class. The CSV is written row by row, so an interrupted run keeps what it measured.
 *
 * <p>Side by side with another estimator on the very same samples: {@code --dump DIR} writes every
 * selected task and seed's rescaled sample (raw little-endian float64, row-major, X's columns then
 * Y's) and {@code DIR/manifest.csv} ({@code file,task_id,seed,n,dim_x,dim_y}) and estimates nothing;
 * {@code bench/accuracy/rmi-ksg.R} runs the paper's KSG (R {@code rmi}, {@code knn_mi} KSG1, as BMI's
 * {@code external/rmi.R} calls it) on them; {@code --peer CSV} ({@code task_id,seed,estimate}) then adds
 * that estimator's mean and the largest per-seed difference |ours − peer| to the table.
 */
public final class AccuracyBenchmark {
  private AccuracyBenchmark() {}

  /** one estimate of one task and seed */
  record Row(BmiTask task, int seed, int n, double estimate, double stdError, double ciLow, double ciHigh,
      double seconds, String backend) {
    boolean covered() {
      return ciLow <= task.trueMi() && task.trueMi() <= ciHigh;
    }
  }

  /**
   * Runs the benchmark (options in the class javadoc) and writes the CSV and the Markdown summary.
   *
   * @param args the options
   * @throws IOException if an output cannot be written
   */
  public static void main(String[] args) throws IOException {
    int n = 5000;
    int seeds = 10;
    int k = 5;
    double ci = 0.95;
    String tasks = ".*";
    int threads = 0;
    String backend = "auto";
    Path csv = Path.of("bench/accuracy/results.csv");
    Path md = Path.of("bench/accuracy/results.md");
    int ciFullDims = Integer.MAX_VALUE;
    int ciSeeds = Integer.MAX_VALUE;
    Path summarize = null;
    Path dump = null;
    Path peer = null;
    String peerLabel = "R rmi KSG1";
    for (int i = 0; i < args.length; i += 2) {
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("option " + args[i] + " needs a value");
      }
      String v = args[i + 1];
      switch (args[i]) {
        case "--n": n = Integer.parseInt(v); break;
        case "--seeds": seeds = Integer.parseInt(v); break;
        case "--k": k = Integer.parseInt(v); break;
        case "--ci": ci = Double.parseDouble(v); break;
        case "--tasks": tasks = v; break;
        case "--threads": threads = Integer.parseInt(v); break;
        case "--backend": backend = v; break;
        case "--csv": csv = Path.of(v); break;
        case "--md": md = Path.of(v); break;
        case "--ci-full-dims": ciFullDims = Integer.parseInt(v); break;
        case "--ci-seeds": ciSeeds = Integer.parseInt(v); break;
        case "--summarize": summarize = Path.of(v); break;
        case "--dump": dump = Path.of(v); break;
        case "--peer": peer = Path.of(v); break;
        case "--peer-label": peerLabel = v; break;
        default: throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    Pattern filter = Pattern.compile(tasks);
    Peer peerRows = peer == null ? null : Peer.read(peer, peerLabel);
    if (summarize != null) {
      List<Row> rows = readCsv(summarize);
      writeMarkdown(md, rows, rows.isEmpty() ? n : rows.get(0).n(), k, ci, Double.NaN, peerRows,
          summarize.toString());
      System.err.printf(Locale.ROOT, "wrote %s from %s%n", md, summarize);
      return;
    }
    if (dump != null) {
      dumpSamples(dump, filter, n, seeds);
      return;
    }
    RunSettings settings = RunSettings.defaults().withBackend(BackendKind.parse(backend)).withThreads(threads);
    KsgOptions options = new KsgOptions(k, KsgAlgorithm.ONE, settings);
    long t0 = System.nanoTime();
    List<Row> rows = new ArrayList<>();
    mkdirs(csv);
    try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(csv, StandardCharsets.UTF_8))) {
      w.println(CSV_HEADER);
      for (BmiTask task : BmiTasks.all()) {
        if (!filter.matcher(task.id()).matches()) {
          continue;
        }
        for (int seed = 0; seed < seeds; seed++) {
          boolean withCi = ci > 0 && (task.dimX() + task.dimY() <= ciFullDims || seed < ciSeeds);
          Row r = run(task, n, seed, options, withCi ? ci : 0);
          rows.add(r);
          writeRow(w, r);
          w.flush();
          System.err.printf(Locale.ROOT, "%-55s seed %d  true %.4f  est %.4f  se %.4f  [%.4f, %.4f]  %.1f s%n",
              task.id(), seed, task.trueMi(), r.estimate(), r.stdError(), r.ciLow(), r.ciHigh(), r.seconds());
        }
      }
    }
    double wall = (System.nanoTime() - t0) / 1e9;
    writeMarkdown(md, rows, n, k, ci, wall, peerRows, null);
    System.err.printf(Locale.ROOT, "wrote %s and %s (%.0f s)%n", csv, md, wall);
  }

  /**
   * Writes the rescaled sample of every selected task and seed as raw little-endian float64 (row-major, n rows of
   * dimX + dimY columns: X's then Y's, the layout of BMI's sample CSVs) with {@code manifest.csv} beside them.
   */
  static void dumpSamples(Path dir, Pattern filter, int n, int seeds) throws IOException {
    Files.createDirectories(dir);
    try (PrintWriter m = new PrintWriter(Files.newBufferedWriter(dir.resolve("manifest.csv"), StandardCharsets.UTF_8))) {
      m.println("file,task_id,seed,n,dim_x,dim_y");
      for (BmiTask task : BmiTasks.all()) {
        if (!filter.matcher(task.id()).matches()) {
          continue;
        }
        for (int seed = 0; seed < seeds; seed++) {
          String file = task.id() + "-seed" + seed + ".f64";
          Files.write(dir.resolve(file), interleave(task.sample(n, seed), n, task.dimX(), task.dimY()));
          m.printf(Locale.ROOT, "%s,%s,%d,%d,%d,%d%n", file, task.id(), seed, n, task.dimX(), task.dimY());
        }
        System.err.printf(Locale.ROOT, "dumped %s (%d seeds)%n", task.id(), seeds);
      }
    }
  }

  /** rows of [x_i, y_i] as little-endian float64 bytes */
  static byte[] interleave(double[][] xy, int n, int dx, int dy) {
    ByteBuffer b = ByteBuffer.allocate(8 * n * (dx + dy)).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < n; i++) {
      for (int c = 0; c < dx; c++) {
        b.putDouble(xy[0][i * dx + c]);
      }
      for (int c = 0; c < dy; c++) {
        b.putDouble(xy[1][i * dy + c]);
      }
    }
    return b.array();
  }

  /** another estimator's values on the same tasks and seeds ({@code task_id,seed,estimate}), by task id and seed */
  record Peer(String label, Map<String, Double> values) {
    static Peer read(Path path, String label) throws IOException {
      Map<String, Double> v = new HashMap<>();
      for (String line : Files.readAllLines(path, StandardCharsets.UTF_8)) {
        if (line.isBlank() || line.startsWith("task_id,")) {
          continue;
        }
        String[] f = line.split(",", -1);
        if (f.length < 3) {
          throw new IllegalArgumentException(path + ": expected task_id,seed,estimate in line: " + line);
        }
        v.put(f[0] + "#" + Integer.parseInt(f[1].trim()), Double.parseDouble(f[2].trim()));
      }
      return new Peer(label, v);
    }

    Double get(Row r) {
      return values.get(r.task().id() + "#" + r.seed());
    }
  }

  private static final String CSV_HEADER =
      "task_id,task_name,dim_x,dim_y,n,seed,true_mi,estimate,std_error,ci_low,ci_high,covered,seconds,backend";

  /**
   * One task and seed: the sample, the KSG estimate and its group-jackknife interval at level ci,
   * refitted exactly as the CLI's {@code mi --ci} does (same estimator, the rows of each replicate
   * selected from the full sample, the jackknife's groups dealt from the seed).
   */
  static Row run(BmiTask task, int n, int seed, KsgOptions options, double ci) {
    double[][] xy = task.sample(n, seed);
    Matrix x = Matrix.of("x", xy[0], n, task.dimX());
    Matrix y = Matrix.of("y", xy[1], n, task.dimY());
    KsgOptions o = options.withSettings(options.settings().withSeed(seed));
    KsgMutualInformation ksg = new KsgMutualInformation(o);
    long t0 = System.nanoTime();
    Estimate e = ksg.estimate(x, y);
    if (!(ci > 0)) {
      return new Row(task, seed, n, e.value(), Double.NaN, Double.NaN, Double.NaN, (System.nanoTime() - t0) / 1e9,
          e.backend());
    }
    Estimate withCi = Resampling.groupJackknife(e, new int[] {n}, ci, seed,
        keep -> ksg.estimate(x.selectRows(keep[0]), y.selectRows(keep[0])).value());
    double seconds = (System.nanoTime() - t0) / 1e9;
    double se = withCi.stdError().orElse(Double.NaN);
    double lo = ((Number) withCi.extras().get("ci_low")).doubleValue();
    double hi = ((Number) withCi.extras().get("ci_high")).doubleValue();
    return new Row(task, seed, n, e.value(), se, lo, hi, seconds, e.backend());
  }

  private static void writeRow(PrintWriter w, Row r) {
    w.printf(Locale.ROOT, "%s,\"%s\",%d,%d,%d,%d,%.10f,%.10f,%.10f,%.10f,%.10f,%s,%.3f,%s%n", r.task().id(),
        r.task().name(), r.task().dimX(), r.task().dimY(), r.n(), r.seed(), r.task().trueMi(), r.estimate(),
        r.stdError(), r.ciLow(), r.ciHigh(), Double.isNaN(r.stdError()) ? "" : String.valueOf(r.covered()),
        r.seconds(), r.backend());
  }

  /** the rows of a CSV written by this class (tasks looked up by id in {@link BmiTasks#all()}) */
  static List<Row> readCsv(Path path) throws IOException {
    Map<String, BmiTask> byId = new HashMap<>();
    for (BmiTask t : BmiTasks.all()) {
      byId.put(t.id(), t);
    }
    List<Row> rows = new ArrayList<>();
    for (String line : Files.readAllLines(path, StandardCharsets.UTF_8)) {
      if (line.isBlank() || line.startsWith("task_id,")) {
        continue;
      }
      // the name is the only quoted field and holds no comma or quote
      String[] f = line.replaceAll("\"[^\"]*\"", "name").split(",", -1);
      BmiTask t = byId.get(f[0]);
      if (t == null) {
        throw new IllegalArgumentException(path + ": unknown task " + f[0]);
      }
      rows.add(new Row(t, Integer.parseInt(f[5]), Integer.parseInt(f[4]), Double.parseDouble(f[7]),
          Double.parseDouble(f[8]), Double.parseDouble(f[9]), Double.parseDouble(f[10]), Double.parseDouble(f[12]),
          f[13]));
    }
    return rows;
  }

  /** per-task summary of the rows (rows of one task are contiguous); se and coverage over the seeds with an interval */
  record Summary(BmiTask task, int seeds, double mean, double sd, int ciSeeds, double meanSe, int covered,
      double seconds) {
    double bias() {
      return mean - task.trueMi();
    }
  }

  static List<Summary> summarize(List<Row> rows) {
    List<Summary> out = new ArrayList<>();
    int i = 0;
    while (i < rows.size()) {
      BmiTask t = rows.get(i).task();
      int j = i;
      double sum = 0;
      double seSum = 0;
      double secs = 0;
      int withCi = 0;
      int cov = 0;
      while (j < rows.size() && rows.get(j).task() == t) {
        Row r = rows.get(j);
        sum += r.estimate();
        secs += r.seconds();
        if (!Double.isNaN(r.stdError())) {
          withCi++;
          seSum += r.stdError();
          cov += r.covered() ? 1 : 0;
        }
        j++;
      }
      int m = j - i;
      double mean = sum / m;
      double ss = 0;
      for (int r = i; r < j; r++) {
        double d = rows.get(r).estimate() - mean;
        ss += d * d;
      }
      out.add(new Summary(t, m, mean, m > 1 ? Math.sqrt(ss / (m - 1)) : Double.NaN, withCi,
          withCi > 0 ? seSum / withCi : Double.NaN, cov, secs));
      i = j;
    }
    return out;
  }

  /**
   * The per-task table. {@code source}: the CSV the rows were read from ({@code --summarize}), null when they were
   * measured by this run (whose machine and wall time the header then gives).
   */
  static void writeMarkdown(Path path, List<Row> rows, int n, int k, double ci, double wall, Peer peer, String source)
      throws IOException {
    mkdirs(path);
    List<Summary> sums = summarize(rows);
    String backend = rows.isEmpty() ? "-" : rows.get(0).backend();
    int covered = 0;
    int total = 0;
    int seedsMax = 0;
    for (Summary s : sums) {
      covered += s.covered();
      total += s.ciSeeds();
      seedsMax = Math.max(seedsMax, s.seeds());
    }
    try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(path, StandardCharsets.UTF_8))) {
      w.printf(Locale.ROOT, "# KSG accuracy on the BMI tasks%n%n");
      if (source == null) {
        w.printf(Locale.ROOT, "Produced by `bench/accuracy/run.sh` (org.infokernels.bench.accuracy.AccuracyBenchmark) "
            + "on %s: %s %s, %d cores visible to the JVM, Java %s, backend `%s`%s.%n%n",
            Instant.now().toString().substring(0, 10), System.getProperty("os.name"), System.getProperty("os.arch"),
            Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), backend,
            Double.isNaN(wall) ? "" : String.format(Locale.ROOT, "; total %.0f s wall clock", wall));
      } else {
        w.printf(Locale.ROOT, "Written on %s by `bench/accuracy/run.sh --summarize` from `%s` (backend `%s`; the run's "
            + "seconds per seed are in that CSV).%n%n", Instant.now().toString().substring(0, 10), source, backend);
      }
      w.printf(Locale.ROOT, "KSG algorithm 1, k = %d, n = %d, up to %d seeds per task, every column rescaled to mean 0 "
          + "and variance 1 (as the paper does). Interval: %.0f%% delete-a-group jackknife (20 groups, t quantile), "
          + "as `infokernels mi --ci %s`. Values in nats. mean, bias = mean − true and sd (ddof 1) over the seeds; "
          + "se = mean jackknife standard error and cover = intervals containing the true MI, over the seeds with an "
          + "interval (ci seeds). Overall coverage: %d / %d.%n%n", k, n, seedsMax, 100 * ci, trimZeros(ci), covered,
          total);
      if (peer != null) {
        w.printf(Locale.ROOT, "%s = mean of that estimator on the same samples (seeds where it has a value); "
            + "max |Δ| = largest |ours − it| over those seeds.%n%n", peer.label());
      }
      w.println("| task | dims | true MI | mean | bias | sd | se | se/sd | cover | s/seed |"
          + (peer == null ? "" : " " + peer.label() + " | max \\|Δ\\| |"));
      w.println("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|" + (peer == null ? "" : "---:|---:|"));
      int at = 0;
      for (Summary s : sums) {
        w.printf(Locale.ROOT, "| %s | %d × %d | %.3f | %.3f | %+.3f | %.3f | %s | %s | %s | %.1f |",
            s.task().name(), s.task().dimX(), s.task().dimY(), s.task().trueMi(), s.mean(), s.bias(), s.sd(),
            s.ciSeeds() == 0 ? "–" : String.format(Locale.ROOT, "%.3f", s.meanSe()),
            s.ciSeeds() == 0 ? "–" : String.format(Locale.ROOT, "%.2f", s.meanSe() / s.sd()),
            s.ciSeeds() == 0 ? "–" : s.covered() + "/" + s.ciSeeds(), s.seconds() / s.seeds());
        if (peer != null) {
          double sum = 0;
          double maxDiff = 0;
          int m = 0;
          for (int r = at; r < at + s.seeds(); r++) {
            Double p = peer.get(rows.get(r));
            if (p != null) {
              sum += p;
              maxDiff = Math.max(maxDiff, Math.abs(rows.get(r).estimate() - p));
              m++;
            }
          }
          w.print(m == 0 ? " – | – |" : String.format(Locale.ROOT, " %.3f%s | %.1e |", sum / m,
              m == s.seeds() ? "" : " (" + m + ")", maxDiff));
        }
        w.println();
        at += s.seeds();
      }
    }
  }

  private static String trimZeros(double v) {
    return String.valueOf(v).replaceAll("0+$", "");
  }

  private static void mkdirs(Path p) throws IOException {
    Path parent = p.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
  }
}
