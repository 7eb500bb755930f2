package org.infokernels.cli.common;

import org.infokernels.core.Matrix;
import org.infokernels.io.Inputs;
import picocli.CommandLine.Option;

/**
 * An input sample given as {@code --NAME PATH} with an optional {@code --NAME-cols} selection:
 * a .npy file (1-D = one column, 2-D = rows x columns) or a .csv/.tsv/.txt table (a
 * non-numeric first row is a header). One small subclass per option name, used as a mixin.
 */
public abstract class InputFile {
  public static final String FILE_HELP = "an npy file (float64 or float32, 1-D or 2-D) or a text table "
      + "(csv, tsv or txt; a non-numeric first row is a header); rows are samples";
  public static final String COLS_HELP = "the columns to use, 0-based, with inclusive ranges, as in 0,2-4 "
      + "(columns 0, 2, 3 and 4). Default: all";

  protected abstract String path();

  protected abstract String cols();

  /** "x", "y", "z": the option's name */
  protected abstract String role();

  /** the file's matrix, read once */
  private Matrix loaded;

  /** the rows to use (an interval's refit on a subset), or null for all */
  private int[] keep;

  /** the sample (all rows, or those of a refit of {@code --ci}); the file is read once */
  public Matrix load() {
    if (loaded == null) {
      loaded = Inputs.load(path(), cols(), role());
    }
    return keep == null ? loaded : loaded.selectRows(keep);
  }

  /** the number of rows of the whole sample (for the resampling of {@code --ci}) */
  protected int rowCount() {
    keep = null;
    return load().rows();
  }

  /** use only the rows {@code rows} (null: all) until the next call */
  final void keepRows(int[] rows) {
    keep = rows;
  }

  /** {@code --x PATH} and {@code --x-cols COLS} */
  public static final class X extends InputFile {
    @Option(names = "--x", order = 1, paramLabel = "PATH", required = true, description = {"sample X: " + FILE_HELP})
    String path;

    @Option(names = "--x-cols", order = 2, paramLabel = "COLS", description = {COLS_HELP})
    String cols;

    @Override protected String path() { return path; }
    @Override protected String cols() { return cols; }
    @Override protected String role() { return "x"; }
  }

  /** {@code --y PATH} and {@code --y-cols COLS} */
  public static final class Y extends InputFile {
    @Option(names = "--y", order = 3, paramLabel = "PATH", required = true, description = {"sample Y, in the formats of --x"})
    String path;

    @Option(names = "--y-cols", order = 4, paramLabel = "COLS", description = {COLS_HELP})
    String cols;

    @Override protected String path() { return path; }
    @Override protected String cols() { return cols; }
    @Override protected String role() { return "y"; }
  }

  /** {@code --z PATH} and {@code --z-cols COLS} */
  public static final class Z extends InputFile {
    @Option(names = "--z", order = 5, paramLabel = "PATH", required = true, description = {"conditioning sample Z, in the formats of --x"})
    String path;

    @Option(names = "--z-cols", order = 6, paramLabel = "COLS", description = {COLS_HELP})
    String cols;

    @Override protected String path() { return path; }
    @Override protected String cols() { return cols; }
    @Override protected String role() { return "z"; }
  }
}
