package org.infokernels.cli.timeseries;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.infokernels.cli.common.CommonOptions;
import org.infokernels.cli.common.Converters;
import org.infokernels.cli.common.Format;
import org.infokernels.cli.common.Json;
import org.infokernels.cli.common.Messages;
import org.infokernels.cli.common.VersionProvider;
import org.infokernels.cli.spi.SparkRunner;
import org.infokernels.core.InvalidInputException;
import org.infokernels.core.Matrix;
import org.infokernels.core.Unit;
import org.infokernels.timeseries.Network;
import org.infokernels.timeseries.NetworkInference;
import org.infokernels.timeseries.NetworkInferenceOptions;
import org.infokernels.timeseries.Series;
import org.infokernels.timeseries.Surrogate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code network}: multivariate transfer-entropy network inference ({@link NetworkInference}). */
@Command(name = "network", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    sortOptions = false, usageHelpAutoWidth = true, headerHeading = "%n",
    header = "Directed network of the columns of X by multivariate transfer entropy (IDTxl's algorithm).",
    description = {
        "For each target x: greedy selection of past variables (its own lags 1..--max-lag-target, then every other",
        "column at lags --min-lag..--max-lag) by conditional MI I(c ; x_t | selected) with a maximum-statistic",
        "surrogate test per inclusion, pruning by the minimum statistic, an omnibus test and sequential maximum",
        "statistics; Benjamini-Hochberg across targets at --fdr (Novelli et al., Network Neuroscience 3(3) 827, 2019;",
        "Lizier & Rubinov 2012). KSG algorithm 1 (Frenzel-Pompe) conditional MI, max norm. Realisations t = L..T-1,",
        "L = max(--max-lag, --max-lag-target), trials of a 3-D npy pooled. p = (1 + #{null >= observed})/(1 + N).",
        "Values in nats (--base). Differences from IDTxl's defaults: README.md, 'Network inference'.",
        ""},
    footerHeading = "%n", footer = {"Exit status: 0 ok; 2 bad input or usage (one line on stderr); "
        + "1 unexpected failure of a backend or the tool."})
public final class NetworkCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = "--x", order = 1, paramLabel = "PATH", required = true, description = {"the series, one node per "
      + "column: " + SeriesInput.HELP})
  String x;

  @Option(names = "--x-cols", order = 2, paramLabel = "COLS", description = {"columns of X (0-based, ranges "
      + "inclusive). Default: all"})
  String xCols;

  @Option(names = "--max-lag", order = 10, paramLabel = "L", defaultValue = "5",
      description = {"largest source lag (IDTxl max_lag_sources). Default: ${DEFAULT-VALUE}."})
  int maxLag;

  @Option(names = "--min-lag", order = 11, paramLabel = "L", defaultValue = "1",
      description = {"smallest source lag (min_lag_sources). Default: ${DEFAULT-VALUE}."})
  int minLag;

  @Option(names = "--max-lag-target", order = 12, paramLabel = "L",
      description = {"largest lag of the target's own past (max_lag_target). Default: --max-lag."})
  Integer maxLagTarget;

  @Option(names = "--k", order = 13, paramLabel = "K", defaultValue = "4",
      description = {"neighbours of the KSG estimator (kraskov_k). Default: ${DEFAULT-VALUE}."})
  int k;

  @Option(names = "--theiler", order = 14, paramLabel = "W", defaultValue = "0",
      description = {"Theiler window (theiler_t); 0 = off. Default: ${DEFAULT-VALUE}."})
  int theiler;

  @Option(names = "--surrogate", order = 15, paramLabel = "KIND", defaultValue = "circular",
      converter = Converters.SurrogateConverter.class,
      description = {"how a candidate is resampled for the null: circular (rotate by n/10..n-n/10), shuffle (IDTxl's "
          + "permute_in_time), block, swap-trials. Default: ${DEFAULT-VALUE}."})
  Surrogate surrogate;

  @Option(names = {"--surrogates", "--permutations"}, order = 16, paramLabel = "N", defaultValue = "200",
      description = {"surrogates of every test (n_perm_max_stat); the three options below override it per test. "
          + "Default: ${DEFAULT-VALUE}."})
  int surrogates;

  @Option(names = "--min-stat-surrogates", order = 17, paramLabel = "N",
      description = {"surrogates of the pruning tests (n_perm_min_stat). Default: --surrogates."})
  Integer minStat;

  @Option(names = "--omnibus-surrogates", order = 18, paramLabel = "N",
      description = {"surrogates of the omnibus test (n_perm_omnibus). Default: --surrogates."})
  Integer omnibus;

  @Option(names = "--max-seq-surrogates", order = 19, paramLabel = "N",
      description = {"surrogates of the sequential maximum statistic (n_perm_max_seq). Default: --surrogates."})
  Integer maxSeq;

  @Option(names = "--alpha", order = 20, paramLabel = "A", defaultValue = "0.05",
      description = {"level of every test within a target, in (0, 1). Default: ${DEFAULT-VALUE}."})
  double alpha;

  @Option(names = "--fdr", order = 21, paramLabel = "Q", defaultValue = "0.05",
      description = {"false discovery rate of the Benjamini-Hochberg correction across targets, in (0, 1). "
          + "Default: ${DEFAULT-VALUE}."})
  double fdr;

  @Option(names = "--out", order = 22, paramLabel = "PATH.csv",
      description = {"write the edges as CSV: source,target,lags,te,p_value,q_value (lags separated by ';')"})
  Path out;

  @Option(names = "--plot", order = 23, paramLabel = "PATH.png", description = {"draw the network as a PNG"})
  Path plot;

  @Option(names = "--checkpoint", order = 24, paramLabel = "DIR",
      description = {"write each finished target to DIR and read the targets already there (same data and options) "
          + "instead of computing them: an interrupted run resumes with identical results"})
  Path checkpoint;

  @Option(names = "--spark", order = 25, paramLabel = "MASTER",
      description = {"run the targets as Spark tasks on MASTER, one task per target (local[2], spark://host:7077, "
          + "submit = spark-submit's), same values; needs the Spark module on the class path (README, Spark)"})
  String spark;

  @Option(names = "--quiet", order = 26, description = {"no progress lines on stderr"})
  boolean quiet;

  @Option(names = "--progress", order = 27, description = {"progress lines on stderr even when it is not a terminal"})
  boolean progress;

  @Mixin
  CommonOptions common;

  @Override
  public Integer call() {
    int surr = surrogates;
    NetworkInferenceOptions o = new NetworkInferenceOptions(minLag, maxLag, maxLagTarget == null ? maxLag : maxLagTarget,
        k, theiler, surrogate, surr, minStat == null ? surr : minStat, omnibus == null ? surr : omnibus,
        maxSeq == null ? surr : maxSeq, alpha, fdr, common.settings(0));
    if (out != null && !out.toString().toLowerCase(Locale.ROOT).endsWith(".csv")) {
      throw new InvalidInputException("--out " + out + ": the file name must end in .csv");
    }
    org.infokernels.cli.common.NativeExecutable.preparePlot(plot);
    if (plot != null && !plot.toString().toLowerCase(Locale.ROOT).endsWith(".png")) {
      throw new InvalidInputException("--plot " + plot + ": the file name must end in .png");
    }
    Series all = SeriesInput.load(x, xCols, "x");
    List<Series> nodes = new ArrayList<>();
    for (int j = 0; j < all.dims(); j++) {
      List<Matrix> trials = new ArrayList<>();
      for (Matrix m : all.trialList()) {
        trials.add(m.selectColumns(j).named("x" + j));
      }
      nodes.add(Series.ofTrials("x" + j, trials));
    }
    PrintWriter err = spec.commandLine().getErr();
    boolean show = !quiet && (progress || System.console() != null);
    long t0 = System.nanoTime();
    NetworkInference.Listener listener = show ? (target, done, total, cached) -> {
      double s = (System.nanoTime() - t0) * 1e-9;
      double eta = s / done * (total - done);
      err.println(Messages.PREFIX + "network: target x" + target + (cached ? " read from the checkpoint" : " done")
          + " (" + done + "/" + total + "), " + String.format(Locale.ROOT, "%.1f s, ETA %.0f s", s, eta));
      err.flush();
    } : null;
    Network net;
    if (spark != null) {
      if (checkpoint != null) {
        throw new InvalidInputException("--checkpoint does not apply with --spark (Spark retries a failed target task)");
      }
      SparkRunner runner = SparkRunner.find();
      net = SparkRunner.run(() -> runner.network(spark, o, nodes));
    } else {
      net = new NetworkInference(o).infer(nodes, checkpoint, listener);
    }
    Unit unit = common.unit;
    if (out != null) {
      writeCsv(out, net, unit);
    }
    if (plot != null) {
      NetworkPlot.write(plot, net, unit);
    }
    PrintWriter w = spec.commandLine().getOut();
    w.println(common.format == Format.JSON ? json(net, o, unit) : text(net, unit));
    w.flush();
    return 0;
  }

  static String json(Network net, NetworkInferenceOptions o, Unit unit) {
    List<String> names = net.names();
    List<Object> edges = new ArrayList<>();
    for (Network.Edge e : net.edges()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("source", names.get(e.source()));
      m.put("target", names.get(e.target()));
      m.put("lags", e.lags());
      m.put("te", unit.fromNats(e.te()));
      m.put("p_value", e.pValue());
      m.put("q_value", e.qValue());
      edges.add(m);
    }
    List<Object> targets = new ArrayList<>();
    for (Network.Target t : net.targets()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("target", names.get(t.target()));
      List<Integer> past = new ArrayList<>();
      for (Network.Variable v : t.targetPast()) {
        past.add(v.lag());
      }
      m.put("target_lags", past);
      List<Object> vars = new ArrayList<>();
      for (Network.Variable v : t.sources()) {
        Map<String, Object> vm = new LinkedHashMap<>();
        vm.put("source", names.get(v.process()));
        vm.put("lag", v.lag());
        vm.put("te", unit.fromNats(v.te()));
        vm.put("p_value", v.pValue());
        vars.add(vm);
      }
      m.put("sources", vars);
      m.put("omnibus_te", unit.fromNats(t.omnibusTe()));
      m.put("omnibus_p_value", t.omnibusPValue());
      m.put("omnibus_significant", t.omnibusSignificant());
      m.put("q_value", t.qValue());
      m.put("significant", t.significant());
      targets.add(m);
    }
    Map<String, Object> surr = new LinkedHashMap<>();
    surr.put("max_stat", o.maxStatSurrogates());
    surr.put("min_stat", o.minStatSurrogates());
    surr.put("omnibus", o.omnibusSurrogates());
    surr.put("max_seq", o.maxSeqSurrogates());
    return new Json.ObjectWriter().field("measure", "network").field("estimator", "ksg1").field("unit", unit.label())
        .field("backend", net.backend()).field("nodes", names).field("n", net.observations()).field("k", o.k())
        .field("min_lag", o.minLag()).field("max_lag", o.maxLag()).field("max_lag_target", o.maxLagTarget())
        .field("theiler", o.theiler()).field("surrogate", o.surrogate().label()).field("surrogates", surr)
        .field("alpha", o.alpha()).field("fdr", o.fdr()).field("adjacency", net.adjacency()).field("edges", edges)
        .field("targets", targets).field("seconds", net.seconds()).toString();
  }

  static String text(Network net, Unit unit) {
    StringBuilder b = new StringBuilder("network = " + net.edges().size() + " edge" + (net.edges().size() == 1 ? "" : "s"));
    String sep = ": ";
    for (Network.Edge e : net.edges()) {
      b.append(sep).append(net.names().get(e.source())).append(" -> ").append(net.names().get(e.target()))
          .append(String.format(Locale.ROOT, " (lag %s, %.4f %s)", lags(e.lags(), ","), unit.fromNats(e.te()),
              unit.label()));
      sep = ", ";
    }
    b.append(String.format(Locale.ROOT, "  [backend %s, %d nodes, n = %d, %.3g s]", net.backend(), net.names().size(),
        net.observations(), net.seconds()));
    return b.toString();
  }

  static String lags(List<Integer> lags, String sep) {
    StringBuilder b = new StringBuilder();
    for (int l : lags) {
      if (b.length() > 0) {
        b.append(sep);
      }
      b.append(l);
    }
    return b.toString();
  }

  static void writeCsv(Path path, Network net, Unit unit) {
    StringBuilder b = new StringBuilder("source,target,lags,te,p_value,q_value\n");
    for (Network.Edge e : net.edges()) {
      b.append(net.names().get(e.source())).append(',').append(net.names().get(e.target())).append(',')
          .append(lags(e.lags(), ";")).append(',').append(unit.fromNats(e.te())).append(',').append(e.pValue())
          .append(',').append(e.qValue()).append('\n');
    }
    try {
      Files.writeString(path, b, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new InvalidInputException("cannot write --out " + path + ": " + e.getMessage());
    }
  }
}
