package org.infokernels.core;

import java.util.Arrays;
import java.util.Objects;

/**
 * An immutable, row-major n × d matrix of samples (rows) and features (columns), with a name
 * used in error messages ({@code "x"}, {@code "data/x.npy"}).
 *
 * <p>Every value is checked once, at construction: NaN or ±∞ is rejected with its row and
 * column (0-based). Estimators therefore trust a {@code Matrix}.
 */
public final class Matrix {
  private final String name;
  private final int rows;
  private final int cols;
  private final double[] data;
  /** max |value| once known (NaN until then): from the construction check, or the first maxAbs() */
  private volatile double maxAbs = Double.NaN;

  private Matrix(String name, int rows, int cols, double[] data, boolean check) {
    this.name = Objects.requireNonNull(name, "name");
    if (rows < 1) {
      throw new InvalidInputException(name + " is empty (0 rows)");
    }
    if (cols < 1) {
      throw new InvalidInputException(name + " has no columns");
    }
    if ((long) rows * cols != data.length) {
      throw new InvalidInputException(name + ": " + data.length + " values do not make " + rows + " x " + cols);
    }
    this.rows = rows;
    this.cols = cols;
    this.data = data;
    if (check) {
      double max = 0;
      for (int i = 0; i < data.length; i++) {
        double a = Math.abs(data[i]);
        if (!(a <= Double.MAX_VALUE)) {  // Double.isFinite, inline: quick also while interpreted
          double v = data[i];
          throw new InvalidInputException(name + ": row " + (i / cols) + ", column " + (i % cols) + " (0-based) is "
              + (Double.isNaN(v) ? "NaN" : (v > 0 ? "+Infinity" : "-Infinity")));
        }
        if (a > max) {
          max = a;
        }
      }
      this.maxAbs = max;
    }
  }

  /** A matrix over a copy of {@code rowMajor} (length rows·cols). */
  public static Matrix of(String name, double[] rowMajor, int rows, int cols) {
    return new Matrix(name, rows, cols, rowMajor.clone(), true);
  }

  /** A matrix from float32 values, widened to double. */
  public static Matrix ofFloats(String name, float[] rowMajor, int rows, int cols) {
    double[] d = new double[rowMajor.length];
    for (int i = 0; i < d.length; i++) {
      d[i] = rowMajor[i];
    }
    return new Matrix(name, rows, cols, d, true);
  }

  /** A matrix from rows; all rows must have the same length. */
  public static Matrix of(String name, double[][] rowsData) {
    if (rowsData.length == 0) {
      throw new InvalidInputException(name + " is empty (0 rows)");
    }
    int c = rowsData[0].length;
    double[] d = new double[rowsData.length * c];
    for (int r = 0; r < rowsData.length; r++) {
      if (rowsData[r].length != c) {
        throw new InvalidInputException(name + ": row " + r + " has " + rowsData[r].length + " values but row 0 has " + c);
      }
      System.arraycopy(rowsData[r], 0, d, r * c, c);
    }
    return new Matrix(name, rowsData.length, c, d, true);
  }

  /** A single column (n × 1). */
  public static Matrix column(String name, double... values) {
    return new Matrix(name, values.length, 1, values.clone(), true);
  }

  /** the name used in messages, e.g. {@code "x"} or a file name */
  public String name() {
    return name;
  }

  /** number of rows (samples), at least 1 */
  public int rows() {
    return rows;
  }

  /** number of columns (features), at least 1 */
  public int cols() {
    return cols;
  }

  /**
   * The value at {@code row}, {@code col} (0-based). The indices are not checked beyond the array's
   * bounds: a column index past the last column reads the next row.
   */
  public double get(int row, int col) {
    return data[row * cols + col];
  }

  /** A copy of the values, row-major. */
  public double[] toRowMajor() {
    return data.clone();
  }

  /** The same values under another name. */
  public Matrix named(String newName) {
    return new Matrix(newName, rows, cols, data, false);
  }

  /** The columns {@code idx} (0-based), in that order. */
  public Matrix selectColumns(int... idx) {
    if (idx.length == 0) {
      throw new InvalidInputException(name + ": no columns selected");
    }
    for (int c : idx) {
      if (c < 0 || c >= cols) {
        throw new InvalidInputException(name + ": column " + c + " does not exist (it has " + cols + " columns, 0-based)");
      }
    }
    double[] d = new double[rows * idx.length];
    for (int r = 0; r < rows; r++) {
      for (int j = 0; j < idx.length; j++) {
        d[r * idx.length + j] = data[r * cols + idx[j]];
      }
    }
    return new Matrix(name, rows, idx.length, d, false);
  }

  /** The rows in the order {@code perm} (a permutation or a selection of row indices). */
  public Matrix selectRows(int[] perm) {
    double[] d = new double[perm.length * cols];
    for (int r = 0; r < perm.length; r++) {
      System.arraycopy(data, perm[r] * cols, d, r * cols, cols);
    }
    return new Matrix(name, perm.length, cols, d, false);
  }

  /** [this, other] side by side (same rows). */
  public Matrix hstack(Matrix other, String newName) {
    Check.sameRows(this, other);
    int c = cols + other.cols;
    double[] d = new double[rows * c];
    for (int r = 0; r < rows; r++) {
      System.arraycopy(data, r * cols, d, r * c, cols);
      System.arraycopy(other.data, r * other.cols, d, r * c + cols, other.cols);
    }
    return new Matrix(newName, rows, c, d, false);
  }

  /**
   * [this; other]: the rows of this, then the rows of {@code other}, as one matrix named
   * {@code newName} (e.g. the pooled sample of a two-sample test).
   *
   * @throws InvalidInputException if the column counts differ
   */
  public Matrix vstack(Matrix other, String newName) {
    if (other.cols != cols) {
      throw new InvalidInputException(name + " has " + cols + " columns but " + other.name + " has " + other.cols
          + ": samples must have the same dimension");
    }
    double[] d = Arrays.copyOf(data, data.length + other.data.length);
    System.arraycopy(other.data, 0, d, data.length, other.data.length);
    Matrix out = new Matrix(newName, rows + other.rows, cols, d, false);
    out.maxAbs = Math.max(maxAbs, other.maxAbs);  // NaN (unknown) if either is
    return out;
  }

  /** Each column replaced by (x − mean)/std with std of ddof = 1; a constant column is an error. */
  public Matrix standardized() {
    if (rows < 2) {
      throw new InvalidInputException(name + ": cannot standardize a single row");
    }
    double[] d = data.clone();
    double[] mean = columnMeans(d, rows, cols);
    for (int c = 0; c < cols; c++) {
      // scaled by a power of two near the largest deviation (exact), so that values near the ends of
      // the double range (1e-300, 1e300) neither underflow nor overflow in the sum of squares
      double dev = 0;
      for (int r = 0; r < rows; r++) {
        dev = Math.max(dev, Math.abs(d[r * cols + c] - mean[c]));
      }
      if (!(dev > 0)) {
        throw new InvalidInputException(name + ": column " + c + " is constant, so it cannot be standardized");
      }
      double big = powerOfTwoNear(dev);
      double ss = 0;
      for (int r = 0; r < rows; r++) {
        double t = (d[r * cols + c] - mean[c]) / big;
        ss += t * t;
      }
      double sd = Math.sqrt(ss / (rows - 1));
      for (int r = 0; r < rows; r++) {
        d[r * cols + c] = (d[r * cols + c] - mean[c]) / big / sd;
      }
    }
    return new Matrix(name, rows, cols, d, false);
  }

  /**
   * Each column minus its mean. The mean is computed in two passes (the mean, then the mean of
   * the residuals added back), so a large common offset (x + 10⁶) cancels to the last bit the data
   * hold; sums are scaled so that values near the ends of the double range do not overflow.
   */
  public Matrix centred() {
    double[] d = data.clone();
    double[] mean = columnMeans(d, rows, cols);
    for (int i = 0; i < d.length; i++) {
      d[i] -= mean[i % cols];
    }
    return new Matrix(name, rows, cols, d, false);
  }

  /** accurate column means of the row-major n × d array v (two passes, overflow-safe) */
  static double[] columnMeans(double[] v, int n, int d) {
    double[] mean = new double[d];
    for (int c = 0; c < d; c++) {
      double max = 0;
      for (int r = 0; r < n; r++) {
        max = Math.max(max, Math.abs(v[r * d + c]));
      }
      if (max == 0) {
        continue;
      }
      double big = powerOfTwoNear(max);
      double s = 0;
      for (int r = 0; r < n; r++) {
        s += v[r * d + c] / big;
      }
      double m = s / n * big;
      double res = 0;
      for (int r = 0; r < n; r++) {
        res += (v[r * d + c] - m) / big;
      }
      mean[c] = m + res / n * big;
    }
    return mean;
  }

  /**
   * 1 for v within [2^-200, 2^200], else the power of two 2^(exponent of v): dividing by it is
   * exact and keeps sums of squares of values of magnitude v representable. Within the range the
   * arithmetic, and so every bit of the result, stays what it was without scaling.
   */
  static double powerOfTwoNear(double v) {
    int e = Math.getExponent(v);
    return e > 200 || e < -200 ? Math.scalb(1.0, e) : 1.0;
  }

  /** the largest absolute value (0 for an all-zero matrix) */
  public double maxAbs() {
    double known = maxAbs;
    if (known == known) {  // not NaN: found by the construction check or an earlier call
      return known;
    }
    // values are finite (checked on construction); a compare rather than Math.max keeps the loop
    // quick also while it is still interpreted (it runs once per estimate, often before any JIT)
    double m = 0;
    for (double v : data) {
      double a = Math.abs(v);
      if (a > m) {
        m = a;
      }
    }
    maxAbs = m;
    return m;
  }

  /**
   * Every value times 2^e ({@link Math#scalb}): exact for normal results, so distances, their
   * order and every ratio of them are unchanged; used to bring data near the ends of the double
   * range back to a magnitude where squares and sums of squares are representable.
   */
  public Matrix timesPowerOfTwo(int e) {
    if (e == 0) {
      return this;
    }
    double[] d = new double[data.length];
    for (int i = 0; i < d.length; i++) {
      d[i] = Math.scalb(data[i], e);
    }
    return new Matrix(name, rows, cols, d, true);
  }

  /** this + scale·N(0,1) noise drawn from {@code rng}. */
  public Matrix jittered(double scale, java.util.random.RandomGenerator rng) {
    double[] d = data.clone();
    for (int i = 0; i < d.length; i++) {
      d[i] += scale * rng.nextGaussian();
    }
    return new Matrix(name, rows, cols, d, true);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Matrix && ((Matrix) o).rows == rows && ((Matrix) o).cols == cols
        && Arrays.equals(((Matrix) o).data, data);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * rows + cols) + Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    return name + " (" + rows + " x " + cols + ")";
  }
}
