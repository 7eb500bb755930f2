package org.infokernels.cli.pairwise;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.infokernels.cli.common.CommonOptions;
import org.infokernels.cli.common.Converters;
import org.infokernels.cli.common.Format;
import org.infokernels.cli.common.InputFile;
import org.infokernels.cli.common.Json;
import org.infokernels.cli.common.PermutationOptions;
import org.infokernels.cli.common.Report;
import org.infokernels.cli.common.VersionProvider;
import org.infokernels.cli.spi.SparkRunner;
import org.infokernels.core.Bandwidth;
import org.infokernels.core.InvalidInputException;
import org.infokernels.core.KsgAlgorithm;
import org.infokernels.core.Matrix;
import org.infokernels.core.RunSettings;
import org.infokernels.core.SpectralMethod;
import org.infokernels.core.Unit;
import org.infokernels.io.Inputs;
import org.infokernels.kernel.CkaOptions;
import org.infokernels.kernel.CsQmiOptions;
import org.infokernels.kernel.HsicOptions;
import org.infokernels.kernel.KernelType;
import org.infokernels.kernel.RenyiOptions;
import org.infokernels.knn.KsgOptions;
import org.infokernels.pairwise.DependenceMatrix;
import org.infokernels.pairwise.PairMeasure;
import org.infokernels.pairwise.PairwiseOptions;
import org.infokernels.pairwise.PairwiseResult;
import org.infokernels.pairwise.Variables;
import org.infokernels.timeseries.AutoEmbed;
import org.infokernels.timeseries.Surrogate;
import org.infokernels.timeseries.TransferEntropyOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/** {@code pairwise}: one measure over every pair of variables ({@link DependenceMatrix}). */
@Command(name = "pairwise", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    sortOptions = false, usageHelpAutoWidth = true, headerHeading = "%n",
    header = "A matrix of one measure (mi, hsic, cka, cs-qmi, renyi-mi, transfer-entropy) over every pair of variables.",
    description = {
        "Each column of X is a variable, or each group of --groups. Without --y: every unordered pair i < j of X's",
        "variables (every ordered pair i != j for transfer-entropy, source = row); with --y: every (X, Y) pair.",
        "Each entry equals the single-pair command for that pair with the same options and --seed (every pair uses",
        "--seed itself). --permutations N adds p-values, Benjamini-Hochberg q-values over all computed pairs and the",
        "pairs with q <= --fdr. Shared across pairs: per-variable preparation and sigma; HSIC, CKA and CS-QMI on the",
        "java and cpu backends evaluate each tile of each variable's Gram matrix once for all pairs (O(n^2 p) kernel values).",
        "Progress (pairs done/total, rate, ETA) goes to stderr on a terminal; --progress forces it, --quiet stops it.",
        ""},
    footerHeading = "%n", footer = {"Exit status: 0 ok; 2 bad input or usage (one line on stderr); "
        + "1 unexpected failure of a backend or the tool."})
public final class PairwiseCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  InputFile.X x;

  @Option(names = "--y", order = 3, paramLabel = "PATH",
      description = {"sample Y, in the formats of --x: the pairs are (X variable, Y variable)"})
  String yPath;

  @Option(names = "--y-cols", order = 4, paramLabel = "COLS", description = {InputFile.COLS_HELP})
  String yCols;

  @Option(names = "--measure", order = 5, paramLabel = "NAME", required = true,
      description = {"mi, hsic, cka, cs-qmi, dcor, renyi-mi or transfer-entropy, with that "
          + "command's options and defaults"})
  String measureName;

  @Option(names = "--groups", order = 6, paramLabel = "SPEC",
      description = {"multivariate variables of X: semicolon-separated column specs of X (0-based, after --x-cols), "
          + "e.g. \"0-1;2;3-5\". Default: each column is a variable"})
  String groups;

  @Option(names = "--fdr", order = 7, paramLabel = "Q", defaultValue = "0.05",
      description = {"false discovery rate of the Benjamini-Hochberg procedure, 0 < Q < 1. Default: ${DEFAULT-VALUE}."})
  double fdr;

  @Option(names = "--out", order = 8, paramLabel = "PATH.csv",
      description = {"write the long form row,col,value,p_value,q_value (one line per computed pair)"})
  Path out;

  @Option(names = "--plot", order = 9, paramLabel = "PATH.png", description = {"draw the matrix as a labelled heatmap"})
  Path plot;

  @Option(names = "--spark", order = 10, paramLabel = "MASTER",
      description = {"compute the pairs as Spark tasks on MASTER (local[2], spark://host:7077, submit = spark-submit's), "
          + "same values; needs the Spark module on the class path (README, Spark)"})
  String spark;

  @Option(names = "--progress", order = 11, description = {"report progress on stderr even when it is not a terminal"})
  boolean progress;

  @Option(names = "--quiet", order = 12, description = {"no progress on stderr"})
  boolean quiet;

  @Mixin
  PermutationOptions test;

  // the measures' own options: null when not given, then the measure's default applies

  @Option(names = "--k", order = 20, paramLabel = "K", description = {"mi, transfer-entropy: neighbours (3)"})
  Integer k;

  @Option(names = "--estimator", order = 21, paramLabel = "ESTIMATOR",
      description = {"mi, transfer-entropy: ksg1 (default) or ksg2; hsic: biased (default) or unbiased"})
  String estimator;

  @Option(names = "--kernel", order = 22, paramLabel = "KERNEL", converter = Converters.KernelConverter.class,
      description = {"hsic (default rbf), cka (default linear): rbf or linear"})
  KernelType kernel;

  @Option(names = "--debiased", order = 23, description = {"cka: debiased CKA (unbiased HSIC)"})
  boolean debiased;

  @Option(names = "--sigma", order = 24, paramLabel = "SIGMA", converter = Converters.BandwidthConverter.class,
      description = {"hsic, cka, cs-qmi, renyi-mi: RBF bandwidth, a number > 0 or median (default), per variable"})
  Bandwidth sigma;

  @Option(names = "--sigma-y", order = 25, paramLabel = "SIGMA", converter = Converters.BandwidthConverter.class,
      description = {"bandwidth of Y's variables (with --y); default: the rule of --sigma"})
  Bandwidth sigmaY;

  @Option(names = "--alpha", order = 26, paramLabel = "ALPHA", converter = Converters.AlphaConverter.class,
      description = {"renyi-mi: order alpha > 0, != 1 (1.01)"})
  Double alpha;

  @Option(names = "--method", order = 27, paramLabel = "METHOD", converter = Converters.MethodConverter.class,
      description = {"renyi-mi: auto (default), exact or slq"})
  SpectralMethod method;

  @Option(names = "--probes", order = 28, paramLabel = "P", description = {"renyi-mi, slq: probe vectors (8)"})
  Integer probes;

  @Option(names = "--lanczos-steps", order = 29, paramLabel = "S", description = {"renyi-mi, slq: most Lanczos steps (25)"})
  Integer lanczosSteps;

  @Option(names = "--target-history", order = 30, paramLabel = "K", description = {"transfer-entropy: target history (1)"})
  Integer targetHistory;

  @Option(names = "--target-tau", order = 31, paramLabel = "T", description = {"transfer-entropy: target tau (1)"})
  Integer targetTau;

  @Option(names = "--source-history", order = 32, paramLabel = "L", description = {"transfer-entropy: source history (1)"})
  Integer sourceHistory;

  @Option(names = "--source-tau", order = 33, paramLabel = "T", description = {"transfer-entropy: source tau (1)"})
  Integer sourceTau;

  @Option(names = "--delay", order = 34, paramLabel = "U", description = {"transfer-entropy: source-target delay (1)"})
  Integer delay;

  @Option(names = "--theiler", order = 35, paramLabel = "W", description = {"transfer-entropy: Theiler window (0)"})
  Integer theiler;

  @Option(names = "--surrogate", order = 36, paramLabel = "KIND", converter = Converters.SurrogateConverter.class,
      description = {"transfer-entropy: null of --permutations, circular (default), shuffle, block, swap-trials"})
  Surrogate surrogate;

  @Option(names = "--auto-embed", order = 37, paramLabel = "METHOD", converter = Converters.AutoEmbedConverter.class,
      description = {"transfer-entropy: none (default), ragwitz or max-ais"})
  AutoEmbed autoEmbed;

  @Option(names = "--max-history", order = 38, paramLabel = "K", description = {"transfer-entropy, --auto-embed: (5)"})
  Integer maxHistory;

  @Option(names = "--max-tau", order = 39, paramLabel = "T", description = {"transfer-entropy, --auto-embed: (3)"})
  Integer maxTau;

  @Mixin
  CommonOptions common;

  /** which measure-specific options each measure takes */
  private static final Map<String, Set<String>> APPLIES = Map.of(
      "mi", Set.of("--k", "--estimator"),
      "hsic", Set.of("--kernel", "--estimator", "--sigma", "--sigma-y"),
      "cka", Set.of("--kernel", "--debiased", "--sigma", "--sigma-y"),
      "cs-qmi", Set.of("--sigma", "--sigma-y"),
      "dcor", Set.of("--estimator"),
      "renyi-mi", Set.of("--alpha", "--method", "--probes", "--lanczos-steps", "--sigma", "--sigma-y"),
      "transfer-entropy", Set.of("--k", "--estimator", "--target-history", "--target-tau", "--source-history",
          "--source-tau", "--delay", "--theiler", "--surrogate", "--auto-embed", "--max-history", "--max-tau"));

  private static final List<String> MEASURE_OPTIONS = List.of("--k", "--estimator", "--kernel", "--debiased", "--sigma",
      "--sigma-y", "--alpha", "--method", "--probes", "--lanczos-steps", "--target-history", "--target-tau",
      "--source-history", "--source-tau", "--delay", "--theiler", "--surrogate", "--auto-embed", "--max-history",
      "--max-tau");

  @Override
  public Integer call() {
    org.infokernels.cli.common.NativeExecutable.preparePlot(plot);
    if (!PairMeasure.NAMES.contains(measureName)) {
      throw new InvalidInputException("--measure: '" + measureName + "' is not one of "
          + String.join(", ", PairMeasure.NAMES));
    }
    if (!(fdr > 0 && fdr < 1)) {
      throw new InvalidInputException("--fdr " + fdr + " must lie strictly between 0 and 1");
    }
    PairwiseOptions options = new PairwiseOptions(fdr, org.infokernels.pairwise.PairwiseProgress.NONE);
    for (String o : MEASURE_OPTIONS) {
      if (spec.commandLine().getParseResult().hasMatchedOption(o) && !APPLIES.get(measureName).contains(o)) {
        throw new InvalidInputException(o + " does not apply to --measure " + measureName
            + (APPLIES.get(measureName).isEmpty() ? "" : " (its options: "
            + String.join(", ", new java.util.TreeSet<>(APPLIES.get(measureName))) + ")"));
      }
    }
    if (sigmaY != null && yPath == null) {
      throw new InvalidInputException("--sigma-y applies to the variables of --y; without --y every variable takes --sigma");
    }
    if (yCols != null && yPath == null) {
      throw new InvalidInputException("--y-cols needs --y");
    }
    RunSettings settings = common.settings(test.permutations);
    PairMeasure measure = measure(settings);

    Matrix xm = x.load();
    List<String> xNames = Inputs.columnNames(xPath(), xCols(), "x");
    Variables xv = groups == null ? Variables.columns(xm, xNames, "x")
        : Variables.groups(xm, Variables.parseGroups(groups, xm.cols()), xNames, "x");
    Variables yv = null;
    if (yPath != null) {
      Matrix ym = Inputs.load(yPath, yCols, "y");
      yv = Variables.columns(ym, Inputs.columnNames(yPath, yCols, "y"), "y");
    }
    org.infokernels.cli.common.NativeExecutable.requireSimpleText(plot, xv.names());
    if (yv != null) org.infokernels.cli.common.NativeExecutable.requireSimpleText(plot, yv.names());
    PrintWriter err = spec.commandLine().getErr();
    ProgressPrinter printer = new ProgressPrinter(err, quiet ? ProgressPrinter.Mode.OFF
        : progress ? ProgressPrinter.Mode.LINES : System.console() != null ? ProgressPrinter.Mode.TERMINAL
        : ProgressPrinter.Mode.OFF);
    PairwiseResult r;
    if (spark != null) {
      if (measure instanceof PairMeasure.Custom) {
        throw new InvalidInputException("--spark: a custom measure cannot run on Spark");
      }
      SparkRunner runner = SparkRunner.find();
      Variables fx = xv;
      Variables fy = yv;
      r = SparkRunner.run(() -> runner.pairwise(spark, measure, options, fx, fy));
    } else {
      DependenceMatrix dm = new DependenceMatrix(measure, options.withProgress(printer));
      r = dm.start(xv, yv).await();
      printer.finish();
    }
    Unit unit = common.unit;
    if (out != null) {
      writeCsv(out, r, unit);
    }
    if (plot != null) {
      HeatmapPlot.write(plot, r, unit);
    }
    PrintWriter o = spec.commandLine().getOut();
    o.println(common.format == Format.JSON ? json(r, unit) : text(r, unit));
    o.flush();
    return 0;
  }

  private String xPath() {
    return spec.findOption("--x").getValue();
  }

  private String xCols() {
    return spec.findOption("--x-cols").getValue();
  }

  /** the measure with its options: the single-pair command's defaults where an option is not given */
  PairMeasure measure(RunSettings s) {
    Bandwidth sx = sigma == null ? Bandwidth.median() : sigma;
    switch (measureName) {
      case "mi":
        return PairMeasure.mi(new KsgOptions(k == null ? 3 : k, ksg(), s));
      case "hsic": {
        String e = estimator == null ? "biased" : estimator;
        if (!e.equals("biased") && !e.equals("unbiased")) {
          throw new InvalidInputException("--estimator: '" + e + "' is not one of biased, unbiased (hsic)");
        }
        return PairMeasure.hsic(new HsicOptions(kernel == null ? KernelType.RBF : kernel, e.equals("unbiased"), sx,
            sigmaY, s));
      }
      case "cka":
        return PairMeasure.cka(new CkaOptions(kernel == null ? KernelType.LINEAR : kernel, debiased, sx, sigmaY, s));
      case "cs-qmi":
        return PairMeasure.csQmi(new CsQmiOptions(sx, sigmaY, s));
      case "dcor": {
        String e = estimator == null ? "biased" : estimator;
        if (!e.equals("biased") && !e.equals("unbiased")) {
          throw new InvalidInputException("--estimator: '" + e + "' is not one of biased, unbiased (dcor)");
        }
        return PairMeasure.dcor(org.infokernels.testing.DcorOptions.defaults().withUnbiased(e.equals("unbiased"))
            .withSettings(s));
      }
      case "renyi-mi":
        return PairMeasure.renyiMi(new RenyiOptions(alpha == null ? 1.01 : alpha, sx, sigmaY,
            method == null ? SpectralMethod.AUTO : method, probes == null ? SpectralMethod.DEFAULT_PROBES : probes,
            lanczosSteps == null ? SpectralMethod.DEFAULT_LANCZOS_STEPS : lanczosSteps, s));
      case "transfer-entropy": {
        TransferEntropyOptions d = TransferEntropyOptions.defaults();
        return PairMeasure.transferEntropy(new TransferEntropyOptions(k == null ? d.k() : k, ksg(),
            or(targetHistory, d.targetHistory()), or(targetTau, d.targetTau()), or(sourceHistory, d.sourceHistory()),
            or(sourceTau, d.sourceTau()), or(delay, d.delay()), or(theiler, d.theiler()),
            surrogate == null ? d.surrogate() : surrogate, autoEmbed == null ? d.autoEmbed() : autoEmbed,
            or(maxHistory, d.maxHistory()), or(maxTau, d.maxTau()), s));
      }
      default:
        throw new InvalidInputException("--measure: '" + measureName + "' is not one of "
            + String.join(", ", PairMeasure.NAMES));
    }
  }

  private static int or(Integer v, int d) {
    return v == null ? d : v;
  }

  private KsgAlgorithm ksg() {
    if (estimator == null) {
      return KsgAlgorithm.ONE;
    }
    try {
      return new Converters.KsgConverter().convert(estimator);
    } catch (TypeConversionException e) {
      throw new InvalidInputException("--estimator: " + e.getMessage() + " (" + measureName + ")");
    }
  }

  /** the JSON line of java/docs/cli.md "Pairwise" */
  static String json(PairwiseResult r, Unit unit) {
    Json.ObjectWriter w = new Json.ObjectWriter()
        .field("measure", "pairwise")
        .field("of", r.of())
        .field("rows", r.rowNames())
        .field("cols", r.colNames())
        .field("values", grid(r, (i, j) -> r.value(i, j).isPresent() ? r.valueIn(i, j, unit) : null))
        .field("unit", r.dimensionless() ? "dimensionless" : unit.label())
        .field("n", r.n())
        .field("pairs", r.pairs());
    if (r.tested()) {
      w.field("p_values", grid(r, (i, j) -> r.pValue(i, j).isPresent() ? r.pValue(i, j).getAsDouble() : null))
          .field("q_values", grid(r, (i, j) -> r.qValue(i, j).isPresent() ? r.qValue(i, j).getAsDouble() : null))
          .field("significant", r.significantEntries().stream().map(e -> List.of(e.rowName(), e.colName())).toList())
          .field("permutations", r.permutations())
          .field("fdr", r.fdr());
    }
    w.field("backend", r.backend());
    if (!r.stages().isEmpty()) {
      w.field("stages", r.stages());
    }
    if (!r.complete()) {
      w.field("complete", false);
    }
    return w.field("seconds", r.seconds()).toString();
  }

  private interface Cell {
    Double at(int i, int j);
  }

  private static List<List<Double>> grid(PairwiseResult r, Cell cell) {
    List<List<Double>> rows = new ArrayList<>();
    for (int i = 0; i < r.rows(); i++) {
      List<Double> row = new ArrayList<>();
      for (int j = 0; j < r.cols(); j++) {
        row.add(cell.at(i, j));
      }
      rows.add(row);
    }
    return rows;
  }

  /** a summary line, then the matrix (4 decimals; '-' where no pair was computed) */
  static String text(PairwiseResult r, Unit unit) {
    StringBuilder b = new StringBuilder();
    b.append("pairwise ").append(r.of()).append(": ").append(r.rows()).append(" x ").append(r.cols()).append(", ")
        .append(r.pairs()).append(r.pairs() == 1 ? " pair" : " pairs");
    if (!r.dimensionless()) {
      b.append(" in ").append(unit.label());
    }
    if (r.tested()) {
      b.append(", ").append(r.significantEntries().size()).append(" significant at FDR ")
          .append(Report.number(r.fdr()).replaceAll("0+$", ""));
    }
    b.append("  [backend ").append(r.backend()).append(", n = ").append(r.n()).append(", ")
        .append(String.format(Locale.ROOT, "%.3f", r.seconds())).append(" s]");
    int width = 10;
    for (String c : r.colNames()) {
      width = Math.max(width, Math.min(24, c.length() + 1));
    }
    int rowWidth = 4;
    for (String c : r.rowNames()) {
      rowWidth = Math.max(rowWidth, Math.min(24, c.length() + 1));
    }
    b.append('\n').append(pad("", rowWidth));
    for (String c : r.colNames()) {
      b.append(pad(c, width));
    }
    for (int i = 0; i < r.rows(); i++) {
      b.append('\n').append(pad(r.rowNames().get(i), rowWidth));
      for (int j = 0; j < r.cols(); j++) {
        String v = r.value(i, j).isPresent() ? Report.number(r.valueIn(i, j, unit)) : "-";
        if (r.significant(i, j)) {
          v += "*";
        }
        b.append(pad(v, width));
      }
    }
    return b.toString();
  }

  private static String pad(String s, int w) {
    String t = s.length() >= w ? s.substring(0, w - 1) : s;
    StringBuilder b = new StringBuilder(" ".repeat(Math.max(0, w - t.length())));
    return b.append(t).toString();
  }

  /** the long form: row,col,value,p_value,q_value; p and q empty without a test */
  static void writeCsv(Path path, PairwiseResult r, Unit unit) {
    StringBuilder b = new StringBuilder("row,col,value,p_value,q_value\n");
    for (PairwiseResult.Entry e : r.entries()) {
      double v = r.dimensionless() ? e.value() : unit.fromNats(e.value());
      b.append(csv(e.rowName())).append(',').append(csv(e.colName())).append(',').append(v).append(',')
          .append(Double.isNaN(e.pValue()) ? "" : Double.toString(e.pValue())).append(',')
          .append(Double.isNaN(e.qValue()) ? "" : Double.toString(e.qValue())).append('\n');
    }
    try {
      Files.writeString(path, b.toString(), StandardCharsets.UTF_8);
    } catch (IOException | RuntimeException e) {
      throw new InvalidInputException("--out " + path + ": cannot be written (" + e.getMessage() + ")");
    }
  }

  private static String csv(String s) {
    if (s.contains(",") || s.contains("\"") || s.contains("\n")) {
      return "\"" + s.replace("\"", "\"\"") + "\"";
    }
    return s;
  }
}
