package org.infokernels.io;

import org.infokernels.core.InvalidInputException;
import org.infokernels.core.Matrix;

/**
 * Values read from a file before they become a {@link Matrix}: rows × cols in row-major order,
 * plus, for text tables, the 1-based line of each row (so that messages can point into the
 * file). Not yet checked for NaN or ±∞: {@link #toMatrix} checks only the selected columns and
 * names the file's own row, column and line.
 *
 * <p>The arrays are shared, not copied: a {@code Table} is a short-lived value of the readers.
 *
 * @param source the file name used in messages ({@code "data/x.csv"})
 * @param rows   number of rows (samples), at least 1
 * @param cols   number of columns, at least 1
 * @param values row-major, length rows · cols
 * @param lines  1-based line number of each row in a text file, or null (npy)
 */
public record Table(String source, int rows, int cols, double[] values, int[] lines) {
  /**
   * Checks the shape; the arrays are kept, not copied.
   *
   * @throws IllegalArgumentException if {@code values} does not hold rows · cols numbers (a bug of the
   *         reader, not of the input)
   */
  public Table {
    if ((long) rows * cols != values.length) {
      throw new IllegalArgumentException(values.length + " values do not make " + rows + " x " + cols);
    }
  }

  /**
   * The columns {@code columns} (0-based, in that order; null = all) as a matrix named
   * {@code name} (null = the source). A NaN or infinite value among them is an error naming
   * the file, the row and column (0-based) and, for text, the line.
   */
  public Matrix toMatrix(int[] columns, String name) {
    int[] idx = columns;
    if (idx == null) {
      idx = new int[cols];
      for (int c = 0; c < cols; c++) {
        idx[c] = c;
      }
    }
    for (int c : idx) {
      if (c < 0 || c >= cols) {
        throw new InvalidInputException(source + ": column " + c + " does not exist (it has " + cols
            + (cols == 1 ? " column" : " columns") + ", 0-based)");
      }
    }
    int d = idx.length;
    double[] out = columns == null ? values : new double[rows * d];
    for (int r = 0; r < rows; r++) {
      for (int j = 0; j < d; j++) {
        double v = values[r * cols + idx[j]];
        if (!Double.isFinite(v)) {
          throw new InvalidInputException(source + ": row " + r + ", column " + idx[j] + " (0-based"
              + (lines == null ? "" : "; line " + lines[r]) + ") is "
              + (Double.isNaN(v) ? "NaN" : v > 0 ? "+Infinity" : "-Infinity"));
        }
        if (columns != null) {
          out[r * d + j] = v;
        }
      }
    }
    return Matrix.of(name == null ? source : name, out, rows, d);
  }
}
