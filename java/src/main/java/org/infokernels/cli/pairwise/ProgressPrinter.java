package org.infokernels.cli.pairwise;

import java.io.PrintWriter;
import java.util.Locale;
import org.infokernels.cli.common.Messages;
import org.infokernels.pairwise.PairwiseProgress;

/**
 * Progress of a long run on stderr: units done / total, rate and ETA. On a terminal one line is
 * rewritten in place (carriage return) at most every 0.25 s; with {@code --progress} on a
 * non-terminal, one line at most every 2 s (and the last one); off with {@code --quiet}.
 */
final class ProgressPrinter implements PairwiseProgress {
  enum Mode { OFF, TERMINAL, LINES }

  private final PrintWriter err;
  private final Mode mode;
  private final String unit;
  private double lastPrint = -1;
  private boolean printed;
  private String lastLine;

  ProgressPrinter(PrintWriter err, Mode mode) {
    this(err, mode, "pairs");
  }

  ProgressPrinter(PrintWriter err, Mode mode, String unit) {
    this.err = err;
    this.mode = mode;
    this.unit = unit;
  }

  @Override
  public synchronized void update(long done, long total, double seconds) {
    if (mode == Mode.OFF) {
      return;
    }
    double every = mode == Mode.TERMINAL ? 0.25 : 2.0;
    if (done < total && lastPrint >= 0 && seconds - lastPrint < every) {
      return;
    }
    lastPrint = seconds;
    String line = line(done, total, seconds, unit);
    if (line.equals(lastLine)) {
      return;
    }
    lastLine = line;
    if (mode == Mode.TERMINAL) {
      err.print("\r" + line + "   ");
    } else {
      err.println(line);
    }
    printed = true;
    err.flush();
  }

  /** ends the terminal line */
  synchronized void finish() {
    if (mode == Mode.TERMINAL && printed) {
      err.println();
      err.flush();
    }
  }

  static String line(long done, long total, double seconds, String unit) {
    double rate = seconds > 0 ? done / seconds : 0;
    String eta = done >= total ? "done" : rate > 0 ? "ETA " + duration((total - done) / rate) : "ETA ?";
    return Messages.PREFIX + String.format(Locale.ROOT, "%d/%d %s (%.1f%%), %s %s/s, %s", done, total, unit,
        total == 0 ? 100.0 : 100.0 * done / total, rate >= 10 ? String.format(Locale.ROOT, "%.0f", rate)
            : String.format(Locale.ROOT, "%.2f", rate), unit, eta);
  }

  static String duration(double s) {
    long t = Math.round(s);
    if (t < 60) {
      return t + "s";
    }
    if (t < 3600) {
      return (t / 60) + "m " + (t % 60) + "s";
    }
    return (t / 3600) + "h " + ((t % 3600) / 60) + "m";
  }
}
