package org.infokernels.core;

/** Boundary checks whose messages carry the value and the bound, as Hipparchus does. */
public final class Check {
  private Check() {}

  /**
   * {@code value} if it is at least {@code min}.
   *
   * @param name the name used in the message
   * @return {@code value}
   * @throws InvalidInputException otherwise: {@code "k = 0 is smaller than the minimum (1)"}
   */
  public static int atLeast(String name, int value, int min) {
    if (value < min) {
      throw new InvalidInputException(name + " = " + value + " is smaller than the minimum (" + min + ")");
    }
    return value;
  }

  /**
   * {@code value} if it is at least {@code min}.
   *
   * @param name the name used in the message
   * @return {@code value}
   * @throws InvalidInputException otherwise, with the value and the minimum
   */
  public static long atLeast(String name, long value, long min) {
    if (value < min) {
      throw new InvalidInputException(name + " = " + value + " is smaller than the minimum (" + min + ")");
    }
    return value;
  }

  /**
   * {@code value} if it is finite and ≥ 0.
   *
   * @param name the name used in the message
   * @return {@code value}
   * @throws InvalidInputException for a negative value, NaN or ±∞, with the value
   */
  public static double finiteNonNegative(String name, double value) {
    if (!Double.isFinite(value) || value < 0) {
      throw new InvalidInputException(name + " = " + value + " must be a finite number >= 0");
    }
    return value;
  }

  /**
   * {@code value} if it is finite and &gt; 0.
   *
   * @param name the name used in the message
   * @return {@code value}
   * @throws InvalidInputException for 0, a negative value, NaN or ±∞, with the value
   */
  public static double positive(String name, double value) {
    if (!(value > 0) || !Double.isFinite(value)) {
      throw new InvalidInputException(name + " = " + value + " must be a finite number > 0");
    }
    return value;
  }

  /** k-NN: the k-th neighbour among the other n - 1 points must exist. */
  public static void kBelowN(int k, int n, String what) {
    atLeast("k", k, 1);
    if (k >= n) {
      throw new InvalidInputException("k = " + k + " must be smaller than the number of rows of " + what + " (n = " + n + ")");
    }
  }

  /**
   * Paired samples: {@code a} and {@code b} must have as many rows.
   *
   * @throws InvalidInputException otherwise, naming both: {@code "x has 1000 rows but y has 999"}
   */
  public static void sameRows(Matrix a, Matrix b) {
    if (a.rows() != b.rows()) {
      throw new InvalidInputException(a.name() + " has " + a.rows() + " rows but " + b.name() + " has " + b.rows());
    }
  }
}
