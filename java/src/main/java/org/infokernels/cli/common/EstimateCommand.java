package org.infokernels.cli.common;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.infokernels.core.Estimate;
import org.infokernels.core.RunSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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

  /** the estimate of this command under {@code settings} */
  protected abstract Estimate estimate(RunSettings settings);

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
    Estimate e = timedEstimate(permutations());
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
