package org.infokernels.cli.matrix;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.infokernels.cli.common.InputFile;
import org.infokernels.core.InvalidInputException;
import org.infokernels.core.Matrix;
import org.infokernels.io.ColumnSpec;
import org.infokernels.io.NpyReader;
import picocli.CommandLine.Option;

/**
 * {@code --x PATH} and {@code --x-cols COLS} of the commands that also take a batch of matrices
 * ({@code truncated-entropy}, {@code von-neumann}): the formats of {@link InputFile}, plus a 3-D
 * {@code .npy} array (B, n, d) read as B matrices of n × d (batch along the first axis; --x-cols
 * picks columns of each).
 */
final class BatchInputFile extends InputFile {
  static final String HELP = "sample X: " + FILE_HELP + "; or a 3-D npy (B, n, d): a batch of B matrices of n rows x d "
      + "columns, one result per matrix";

  @Option(names = "--x", order = 1, paramLabel = "PATH", required = true, description = {HELP})
  String path;

  @Option(names = "--x-cols", order = 2, paramLabel = "COLS", description = {COLS_HELP})
  String cols;

  @Override protected String path() { return path; }
  @Override protected String cols() { return cols; }
  @Override protected String role() { return "x"; }

  /** one matrix, or a batch (a 3-D npy) */
  record Loaded(Matrix single, List<Matrix> batch) {
    boolean isBatch() {
      return batch != null;
    }
  }

  @Override
  protected int rowCount() {
    if (loadAny().isBatch()) {
      throw new InvalidInputException(path() + ": --ci is for one matrix; a 3-D batch has no interval");
    }
    return super.rowCount();
  }

  Loaded loadAny() {
    String p = path();
    if (p != null && p.toLowerCase(Locale.ROOT).endsWith(".npy")) {
      NpyReader.NpyArray a = NpyReader.readArray(Path.of(p), p);
      int[] s = a.shape();
      if (s.length == 3) {
        return new Loaded(null, batch(a, s, p));
      }
    }
    return new Loaded(load(), null);
  }

  private List<Matrix> batch(NpyReader.NpyArray a, int[] s, String source) {
    if (s[0] == 0) {
      throw new InvalidInputException(source + " is empty (0 matrices in the batch)");
    }
    if (s[1] == 0) {
      throw new InvalidInputException(source + " is empty (0 rows)");
    }
    if (s[2] == 0) {
      throw new InvalidInputException(source + " has no columns (shape (" + s[0] + ", " + s[1] + ", " + s[2] + "))");
    }
    int[] pick = cols == null || cols.isEmpty() ? null : ColumnSpec.parse(cols, "--x-cols", s[2], source);
    double[] v = a.toDoubles();
    int per = s[1] * s[2];
    List<Matrix> out = new ArrayList<>(s[0]);
    for (int b = 0; b < s[0]; b++) {
      double[] m = java.util.Arrays.copyOfRange(v, b * per, (b + 1) * per);
      Matrix item = Matrix.of(source + "[" + b + "]", m, s[1], s[2]);
      out.add(pick == null ? item : item.selectColumns(pick));
    }
    return out;
  }
}
