package org.infokernels.cli.common;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.infokernels.core.Estimate;
import org.infokernels.core.RunSettings;
import org.infokernels.uncertainty.Resampling;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A command that computes one {@link Estimate} and prints it. Subclasses declare their inputs
 * (mixins of {@link InputFile}) and their own options, and only build the api call in
 * {@link #estimate}; parsing, settings, warnings and output live here. A later command is one
 * small class: annotate it, add it to {@link org.infokernels.cli.Main}'s subcommands, implement {@code estimate}.
 */
@Command(mixinStandardHelpOptions = true, versionProvider = VersionProvider.class, showDefaultValues = false,
    sortOptions = false, usageHelpAutoWidth = true,
    footerHeading = "%n", footer = {"Exit status: 0 ok; 2 bad input or usage (one line on stderr); "
        + "1 unexpected failure of a backend or the tool; 3 --timeout expired."})
public abstract class EstimateCommand implements Callable<Integer> {
  @Spec
  public CommandSpec spec;

  @Mixin
  public CommonOptions common;

  @Option(names = "--ci", order = 39, paramLabel = "LEVEL",
      description = {"add a confidence interval of this level in (0, 1), e.g. 0.95: std_error, ci_low, ci_high, "
          + "ci_method (README, \"Uncertainty\": the U-statistic jackknife for hsic, dcor, energy-distance, mmd; "
          + "the bootstrap over rows for the optimal-transport commands; the delete-a-block jackknife over contiguous "
          + "blocks of time for transfer-entropy and active-info-storage; the delete-a-group jackknife over rows for "
          + "the others). Default: no interval, no extra work."})
  Double ci;

  /** How {@code --ci} gets its interval. */
  protected enum IntervalMethod {
    /** the estimator computes it (its options take the level: {@link #ciLevel()}) */
    OWN,
    /** {@link Resampling#groupJackknife} over the rows of the inputs */
    JACKKNIFE,
    /** {@link Resampling#bootstrap} over the rows of the inputs */
    BOOTSTRAP
  }

  /** the rows of each sample of the refit now running (null: all rows) */
  private int[][] keep;

  /** the estimate of this command under {@code settings} */
  protected abstract Estimate estimate(RunSettings settings);

  /** how this command's {@code --ci} interval is made; the default is the group jackknife */
  protected IntervalMethod intervalMethod() {
    return IntervalMethod.JACKKNIFE;
  }

  /** whether X and Y are independent samples (resampled separately), not paired rows */
  protected boolean twoSample() {
    return false;
  }

  /** the level of {@code --ci}, 0 when no interval is asked for */
  protected final double ciLevel() {
    return ci == null ? 0.0 : ci;
  }

  /**
   * the rows of sample {@code sample} (0: the paired inputs or X, 1: Y of a two-sample command)
   * that the refit now running uses, or null for all: for inputs that are not an {@link InputFile}
   * (labels, weights)
   */
  protected final int[] keep(int sample) {
    return keep == null ? null : keep[sample];
  }

  /**
   * The estimate with its {@code --ci} interval: the command's own (OWN) or a resampling of the
   * rows of its input files, every refit without a permutation test.
   */
  protected final Estimate estimateWithInterval() {
    if (ci != null) {
      Resampling.checkLevel(ci);
    }
    Estimate e = estimate(common.settings(permutations()));
    if (ci == null || intervalMethod() == IntervalMethod.OWN) {
      return e;
    }
    List<InputFile> files = new ArrayList<>();
    for (Object o : spec.mixins().values()) {
      if (o != null) {
        Object u = ((picocli.CommandLine.Model.CommandSpec) o).userObject();
        if (u instanceof InputFile) {
          files.add((InputFile) u);
        }
      }
    }
    int samples = twoSample() ? 2 : 1;
    int[] sizes = new int[samples];
    int[] sampleOf = new int[files.size()];
    for (int f = 0; f < files.size(); f++) {
      InputFile in = files.get(f);
      sampleOf[f] = twoSample() && in.role().equals("y") ? 1 : 0;
      sizes[sampleOf[f]] = in.rowCount();
    }
    RunSettings refitSettings = common.settings(0);
    Resampling.Refit refit = rows -> {
      keep = rows;
      for (int f = 0; f < files.size(); f++) {
        files.get(f).keepRows(rows[sampleOf[f]]);
      }
      try {
        return estimate(refitSettings).value();
      } finally {
        keep = null;
        for (InputFile in : files) {
          in.keepRows(null);
        }
      }
    };
    return intervalMethod() == IntervalMethod.BOOTSTRAP
        ? Resampling.bootstrap(e, sizes, Resampling.REPLICATES, ci, common.seed, refit)
        : Resampling.groupJackknife(e, sizes, ci, common.seed, refit);
  }

  /** the permutation count; dependence measures override it from {@link PermutationOptions} */
  protected int permutations() {
    return 0;
  }

  /** {@link #estimate} under the common options, stopped by {@code --timeout} ({@link Timeout}) */
  protected final Estimate timedEstimate(int permutations) {
    RunSettings settings = common.settings(permutations);
    return Timeout.call(common.timeout, () -> estimate(settings));
  }

  @Override
  public Integer call() {
    Estimate e = Timeout.call(common.timeout, this::estimateWithInterval);
    PrintWriter err = spec.commandLine().getErr();
    for (String w : e.warnings()) {
      Messages.warn(err, w);
    }
    err.flush();
    PrintWriter out = spec.commandLine().getOut();
    out.println(common.format == Format.JSON ? Report.json(e, common.unit) : Report.text(e, common.unit));
    out.flush();
    return 0;
  }
}
