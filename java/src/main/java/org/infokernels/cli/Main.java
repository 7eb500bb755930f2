package org.infokernels.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.infokernels.cli.common.Messages;
import org.infokernels.cli.common.VersionProvider;
import org.infokernels.cli.kernel.CkaCommand;
import org.infokernels.cli.kernel.CsQmiCommand;
import org.infokernels.cli.kernel.HsicCommand;
import org.infokernels.cli.kernel.RenyiEntropyCommand;
import org.infokernels.cli.kernel.RenyiMiCommand;
import org.infokernels.cli.knn.CmiCommand;
import org.infokernels.cli.knn.EntropyCommand;
import org.infokernels.cli.knn.KlDivergenceCommand;
import org.infokernels.cli.knn.MiCommand;
import org.infokernels.cli.matrix.DseCommand;
import org.infokernels.cli.matrix.DsmiCommand;
import org.infokernels.cli.matrix.TruncatedEntropyCommand;
import org.infokernels.cli.matrix.VonNeumannCommand;
import org.infokernels.cli.ot.SinkhornCommand;
import org.infokernels.cli.ot.SinkhornDivergenceCommand;
import org.infokernels.cli.ot.WassersteinDependencyCommand;
import org.infokernels.cli.pairwise.PairwiseCommand;
import org.infokernels.cli.timeseries.ActiveInfoStorageCommand;
import org.infokernels.cli.timeseries.NetworkCommand;
import org.infokernels.cli.timeseries.TransferEntropyCommand;
import org.infokernels.cli.testing.DcorCommand;
import org.infokernels.cli.testing.EnergyDistanceCommand;
import org.infokernels.cli.testing.MmdCommand;
import org.infokernels.core.InvalidInputException;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;
import picocli.CommandLine;

/**
 * The command-line tool: {@code java -jar infokernels.jar <command> [options]}, as fixed by
 * {@code java/docs/cli.md}. Commands only parse, call the api and print.
 *
 * <p>Errors are caught once, here. Bad input of any kind (files, values, options, commands,
 * an unusable backend; every {@link InvalidInputException}) prints one line
 * {@code infokernels: error: <message>} on stderr and exits with status 2, with no usage dump
 * and no stack trace. Any other failure (a backend that fails at run time through no fault of
 * the input, out of memory, a bug) also prints one line, naming the exception's type, and
 * exits with status 1. A command whose {@code --timeout SECONDS} expired prints
 * {@code infokernels: error: timed out after SECONDS s} and exits with status 3.
 * {@code --help} and {@code --version} exit 0.
 */
@Command(name = "infokernels", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    synopsisSubcommandLabel = "COMMAND",
    headerHeading = "%n", header = "Information-theoretic estimators on java, cpu (native C++) and cuda backends.",
    description = {"Inputs are .npy files (float64/float32, 1-D or 2-D) or .csv/.tsv/.txt tables; rows are samples.",
        "Results are in nats unless --base 2 (bits) or --base 10 (hartleys); --format json prints one JSON line.",
        "Run 'infokernels COMMAND --help' for a command's formula, reference and options.", ""},
    footerHeading = "%n",
    footer = {"Exit status: 0 ok; 2 bad input or usage (one line 'infokernels: error: ...' on stderr); "
        + "1 unexpected failure of a backend or the tool; "
        + "3 --timeout expired (one line 'infokernels: error: timed out after N s')."},
    subcommands = {EntropyCommand.class, MiCommand.class, CmiCommand.class, KlDivergenceCommand.class,
        HsicCommand.class, CkaCommand.class, RenyiEntropyCommand.class, RenyiMiCommand.class, CsQmiCommand.class,
        VonNeumannCommand.class, TruncatedEntropyCommand.class, DseCommand.class, DsmiCommand.class,
        SinkhornCommand.class, SinkhornDivergenceCommand.class, WassersteinDependencyCommand.class,
        TransferEntropyCommand.class, ActiveInfoStorageCommand.class,
        PairwiseCommand.class, NetworkCommand.class, DcorCommand.class, EnergyDistanceCommand.class, MmdCommand.class})
public final class Main implements Callable<Integer> {
  /** what every line the tool prints on stderr starts with: {@code "infokernels: "} */
  public static final String PREFIX = Messages.PREFIX;

  /** bad input or usage */
  public static final int EXIT_USAGE = 2;
  /** a failure that is not the input's fault */
  public static final int EXIT_FAILURE = 1;
  /** {@code --timeout} expired */
  public static final int EXIT_TIMEOUT = org.infokernels.cli.common.Timeout.EXIT_TIMEOUT;

  /** system property read by the native loader: stop OpenBLAS's idle pool once loaded (the CLI sets it) */
  private static final String RELEASE_IDLE_BLAS = "infokernels.blas.releaseIdle";

  /**
   * Runs the tool on {@code args} and exits the JVM with the status of {@link #run}: 0 ok, 2 bad
   * input or usage, 1 any other failure. Never throws: every error becomes one line on stderr.
   *
   * @param args the command line, e.g. {@code mi --x x.npy --y y.npy}
   */
  public static void main(String[] args) {
    // The process is the tool's own: stop OpenBLAS's idle spinning workers when the native library
    // loads (they would take a core from the first ~0.1 s of the computation; see NativeLibrary).
    if (System.getProperty(RELEASE_IDLE_BLAS) == null) {
      System.setProperty(RELEASE_IDLE_BLAS, "true");
    }
    int code = run(args, System.out, System.err);
    System.exit(code);
  }

  /** Runs the tool on {@code args}, printing to {@code out} and {@code err}; returns the exit status. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    PrintWriter outWriter = new PrintWriter(out, true);
    PrintWriter errWriter = new PrintWriter(err, true);
    try {
      CommandLine cmd = commandLine();
      cmd.setOut(outWriter);
      cmd.setErr(errWriter);
      cmd.setParameterExceptionHandler((ex, a) -> {
        error(errWriter, parameterMessage(ex, cmd));
        return EXIT_USAGE;
      });
      cmd.setExecutionExceptionHandler((ex, c, parsed) -> fail(errWriter, ex));
      return cmd.execute(args);
    } catch (Throwable t) {  // OutOfMemoryError and other Errors pass through picocli's handlers
      return fail(errWriter, t);
    } finally {
      outWriter.flush();
      errWriter.flush();
    }
  }

  /** the configured command line (also for tests that inspect the model) */
  static CommandLine commandLine() {
    CommandLine cmd = new CommandLine(new Main());
    cmd.setOverwrittenOptionsAllowed(false);
    cmd.setUsageHelpAutoWidth(true);
    return cmd;
  }

  /** no command given */
  @Override
  public Integer call() {
    throw new InvalidInputException("no command given; one of " + String.join(", ", commandNames())
        + " (see infokernels --help)");
  }

  /** the class names of the tool and of every command (GraalVM reflection metadata must list them) */
  public static List<String> commandClassNames() {
    List<String> names = new java.util.ArrayList<>();
    names.add(Main.class.getName());
    for (CommandLine sub : commandLine().getSubcommands().values()) {
      names.add(sub.getCommand().getClass().getName());
    }
    return names;
  }

  private static List<String> commandNames() {
    return List.copyOf(commandLine().getSubcommands().keySet());
  }

  /** the commands that accept the option {@code name} */
  static List<String> commandsWithOption(String name) {
    return commandLine().getSubcommands().entrySet().stream()
        .filter(e -> e.getValue().getCommandSpec().findOption(name) != null)
        .map(java.util.Map.Entry::getKey)
        .toList();
  }

  /** prints the one error line of {@code t} and returns the exit status: 2 for bad input, else 1 */
  static int fail(PrintWriter err, Throwable t) {
    if (t instanceof InvalidInputException) {
      error(err, inCliTerms(t.getMessage()));
      return EXIT_USAGE;
    }
    if (t instanceof org.infokernels.cli.common.Timeout.Expired) {
      error(err, t.getMessage());
      return EXIT_TIMEOUT;
    }
    if (t instanceof org.infokernels.core.CancelledException) {
      error(err, t.getMessage());
      return EXIT_FAILURE;
    }
    if (t instanceof OutOfMemoryError) {
      error(err, "out of memory (" + t.getMessage() + "); give Java more heap with -Xmx or use fewer rows");
      return EXIT_FAILURE;
    }
    String msg = t.getMessage();
    error(err, "unexpected " + t.getClass().getName() + (msg == null || msg.isBlank() ? "" : ": " + msg));
    return EXIT_FAILURE;
  }

  /**
   * The library's messages name its API (RunSettings.withJitter, SpectralMethod.EXACT, ...); the
   * command line names its options instead.
   */
  private static final String[][] CLI_TERMS = {
      {"RunSettings.withJitter", "--jitter SCALE"},
      {"RunSettings.withPrecision(Precision.DOUBLE)", "--precision double"},
      {"RunSettings.withStandardize", "--standardize"},
      {"RunSettings.withPermutations", "--permutations"},
      {"SpectralMethod.EXACT", "--method exact"},
      {"SpectralMethod.SLQ", "--method slq"},
  };

  static String inCliTerms(String message) {
    if (message == null) {
      return null;
    }
    String m = message;
    for (String[] t : CLI_TERMS) {
      m = m.replace(t[0], t[1]);
    }
    return m;
  }

  private static void error(PrintWriter err, String message) {
    err.println(PREFIX + "error: " + oneLine(message == null ? "(no message)" : message));
    err.flush();
  }

  /** picocli's parse errors as one line naming the command, e.g. "mi: unknown option '--kk'" */
  static String parameterMessage(ParameterException ex, CommandLine root) {
    CommandLine where = ex.getCommandLine() == null ? root : ex.getCommandLine();
    boolean top = where == root;
    String prefix = top ? "" : where.getCommandName() + ": ";
    if (ex instanceof UnmatchedArgumentException) {
      UnmatchedArgumentException u = (UnmatchedArgumentException) ex;
      List<String> unmatched = u.getUnmatched();
      String first = unmatched.isEmpty() ? "" : unmatched.get(0);
      List<String> suggestions = u.getSuggestions();
      String hint = suggestions.isEmpty() ? "" : "; did you mean " + String.join(" or ", suggestions.stream()
          .limit(3).map(s -> "'" + s + "'").toList()) + "?";
      if (top && !first.startsWith("-")) {
        return "unknown command '" + first + "'" + hint + " (commands: " + String.join(", ", commandNames()) + ")";
      }
      if (first.startsWith("-")) {
        String name = first.contains("=") ? first.substring(0, first.indexOf('=')) : first;
        if (name.equals("--permutations")) {
          hint = " (a permutation test applies only to the dependence measures: "
              + String.join(", ", commandsWithOption("--permutations")) + ")";
        }
        return prefix + "unknown option '" + name + "'" + hint;
      }
      return prefix + "unexpected argument '" + first + "'" + hint;
    }
    String msg = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
    if (!msg.isEmpty()) {
      msg = Character.toLowerCase(msg.charAt(0)) + msg.substring(1);
    }
    return prefix + msg;
  }

  /** a message on one line: line breaks become spaces */
  public static String oneLine(String s) {
    return Messages.oneLine(s);
  }
}
