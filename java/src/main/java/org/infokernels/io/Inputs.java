package org.infokernels.io;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import org.infokernels.core.InvalidInputException;
import org.infokernels.core.Matrix;

/**
 * Loads the inputs of the command line and of the golden cases: {@code .npy} (through
 * {@link NpyReader}) or a text table {@code .csv} / {@code .tsv} / {@code .txt} (through
 * {@link TableReader}), with an optional column selection ({@link ColumnSpec}). Rows are
 * samples; a 1-D array is one column. The matrix is named after the file as given
 * ({@code "data/x.npy"}), with the selection appended when there is one
 * ({@code "data/table.csv[0,1]"}), so that every later message points at the input.
 *
 * <p>Every problem is an {@link org.infokernels.core.InvalidInputException} whose message starts
 * with the file name: missing or unreadable file, unknown extension, empty, ragged or
 * non-numeric table, corrupt or 3-D npy, NaN or ±∞ (with row, column and, for text, line).
 */
public final class Inputs {
  private Inputs() {}

  /** {@link #load(Path, String, String)} of a path given as text */
  public static Matrix load(String path, String colsSpec, String name) {
    return load(pathOf(path), colsSpec, name);
  }

  /**
   * The matrix of {@code path}, its columns {@code colsSpec} (e.g. {@code "0,2-4"}; null or
   * empty = all).
   *
   * @param name the role of the input ({@code "x"}, {@code "y"}, ...): the column selection is
   *             reported as {@code --x-cols} in messages; null for a plain {@code columns}
   */
  public static Matrix load(Path path, String colsSpec, String name) {
    String source = path.toString();
    Table t = readTable(path);
    if (colsSpec == null || colsSpec.isEmpty()) {
      return t.toMatrix(null, source);
    }
    String option = name == null ? "columns" : "--" + name + "-cols";
    int[] cols = ColumnSpec.parse(colsSpec, option, t.cols(), source);
    return t.toMatrix(cols, source + "[" + colsSpec.replace(" ", "") + "]");
  }

  /**
   * A time series: the trials of a 3-D {@code .npy} (trials × time × columns), each with the
   * columns {@code colsSpec}, or the one matrix of any other file (rows are time steps).
   */
  public static java.util.List<Matrix> loadTrials(String path, String colsSpec, String name) {
    Path p = pathOf(path);
    if (path.toLowerCase(java.util.Locale.ROOT).endsWith(".npy")) {
      NpyReader.NpyArray a = NpyReader.readArray(p, path);
      if (a.shape().length == 3) {
        java.util.List<Matrix> trials = NpyReader.readBatch(p, path);
        if (colsSpec == null || colsSpec.isEmpty()) {
          return trials;
        }
        String option = name == null ? "columns" : "--" + name + "-cols";
        int[] cols = ColumnSpec.parse(colsSpec, option, trials.get(0).cols(), path);
        java.util.List<Matrix> out = new java.util.ArrayList<>();
        for (Matrix m : trials) {
          out.add(m.selectColumns(cols));
        }
        return out;
      }
    }
    return java.util.List.of(load(p, colsSpec, name));
  }

  /**
   * The names of the columns {@code colsSpec} (null or empty = all) of {@code path}: the header
   * fields of a text table with a header row whose field count matches the table, else null (npy
   * files and tables without a header have no names). Reads the whole file (and checks it as
   * {@link #load} does).
   */
  public static java.util.List<String> columnNames(String path, String colsSpec, String name) {
    Path p = pathOf(path);
    String source = p.toString();
    String ext = extension(source);
    if (!(ext.equals("csv") || ext.equals("tsv") || ext.equals("txt"))) {
      return null;
    }
    Table t = readTable(p);
    String[] header = TableReader.header(new String(readBytes(p, source), java.nio.charset.StandardCharsets.UTF_8),
        TableReader.Separator.ofFileName(source));
    if (header == null || header.length != t.cols()) {
      return null;
    }
    int[] cols;
    if (colsSpec == null || colsSpec.isEmpty()) {
      cols = new int[t.cols()];
      for (int c = 0; c < cols.length; c++) {
        cols[c] = c;
      }
    } else {
      cols = ColumnSpec.parse(colsSpec, name == null ? "columns" : "--" + name + "-cols", t.cols(), source);
    }
    java.util.List<String> out = new java.util.ArrayList<>();
    for (int c : cols) {
      out.add(header[c]);
    }
    return out;
  }

  /** The values of {@code path} before any column selection or NaN check; the type follows the extension. */
  public static Table readTable(Path path) {
    String source = path.toString();
    switch (extension(source)) {
      case "npy":
        return NpyReader.readTable(path, source);
      case "csv":
      case "tsv":
      case "txt":
        return TableReader.readTable(path, source);
      default:
        requireReadable(path, source);
        throw new InvalidInputException(source + ": unknown file type"
            + (extension(source).isEmpty() ? "" : " '." + extension(source) + "'")
            + "; expected .npy, .csv, .tsv or .txt");
    }
  }

  /** {@link #loadLabels(Path)} of a path given as text */
  public static int[] loadLabels(String path) {
    return loadLabels(pathOf(path));
  }

  /**
   * Integer class labels, one per row: a 1-D (or n × 1) npy of integers, or of floats whose
   * values are integers, or a one-column text table.
   */
  public static int[] loadLabels(Path path) {
    String source = path.toString();
    if (extension(source).equals("npy")) {
      NpyReader.NpyArray a = NpyReader.readArray(path, source);
      int[] s = a.shape();
      int longDims = 0;
      for (int v : s) {
        if (v != 1) {
          longDims++;
        }
      }
      if (longDims > 1) {
        throw new InvalidInputException(source + ": labels must be 1-D, but the array has shape "
            + NpyReader.shapeString(s));
      }
      if (a.size() == 0) {
        throw new InvalidInputException(source + " is empty (0 rows)");
      }
      long[] ints = a.toLongs();
      if (ints != null) {
        int[] out = new int[ints.length];
        for (int i = 0; i < ints.length; i++) {
          if (ints[i] < Integer.MIN_VALUE || ints[i] > Integer.MAX_VALUE) {
            throw new InvalidInputException(source + ": row " + i + " (0-based): label " + ints[i]
                + " is outside the int range");
          }
          out[i] = (int) ints[i];
        }
        return out;
      }
      return integral(a.toDoubles(), null, source);
    }
    Table t = readTable(path);
    if (t.cols() != 1) {
      throw new InvalidInputException(source + ": labels must be one column, but it has " + t.cols());
    }
    return integral(t.values(), t.lines(), source);
  }

  private static int[] integral(double[] v, int[] lines, String source) {
    int[] out = new int[v.length];
    for (int i = 0; i < v.length; i++) {
      double d = v[i];
      if (!(d == Math.rint(d)) || d < Integer.MIN_VALUE || d > Integer.MAX_VALUE) {
        throw new InvalidInputException(source + ": row " + i + " (0-based" + (lines == null ? "" : "; line " + lines[i])
            + ") is " + d + ", not an integer class label");
      }
      out[i] = (int) d;
    }
    return out;
  }

  /** the lower-case extension without the dot, or "" */
  static String extension(String fileName) {
    String base = fileName.replace('\\', '/');
    base = base.substring(base.lastIndexOf('/') + 1);
    int dot = base.lastIndexOf('.');
    return dot <= 0 ? "" : base.substring(dot + 1).toLowerCase(Locale.ROOT);
  }

  static Path pathOf(String path) {
    if (path == null || path.isEmpty()) {
      throw new InvalidInputException("an input file name is empty");
    }
    try {
      return Path.of(path);
    } catch (InvalidPathException ex) {
      throw new InvalidInputException(path + ": not a valid file name (" + ex.getReason() + ")");
    }
  }

  private static void requireReadable(Path path, String source) {
    if (Files.isDirectory(path)) {
      throw new InvalidInputException(source + ": is a directory, not a file");
    }
    if (!Files.exists(path)) {
      throw new InvalidInputException(source + ": no such file");
    }
    if (!Files.isReadable(path)) {
      throw new InvalidInputException(source + ": cannot be read (permission denied)");
    }
  }

  /** the bytes of a file; a missing, unreadable or too large file is an error naming it */
  static byte[] readBytes(Path path, String source) {
    requireReadable(path, source);
    try {
      long size = Files.size(path);
      if (size > Integer.MAX_VALUE - 8L) {
        throw new InvalidInputException(source + ": too large (" + size + " bytes; at most 2 GiB can be read)");
      }
      return Files.readAllBytes(path);
    } catch (NoSuchFileException ex) {
      throw new InvalidInputException(source + ": no such file");
    } catch (AccessDeniedException ex) {
      throw new InvalidInputException(source + ": cannot be read (permission denied)");
    } catch (IOException ex) {
      throw new InvalidInputException(source + ": cannot be read (" + ex.getMessage() + ")");
    } catch (OutOfMemoryError ex) {
      throw new InvalidInputException(source + ": too large to read into memory (" + ex.getMessage() + ")");
    }
  }
}
