package org.infokernels.core;

/** Boundary checks whose messages carry the value and the bound, as Hipparchus does. */
public final class Check {
  private Check() {}

  public static int atLeast(String name, int value, int min) {
    if (value < min) {
      throw new InvalidInputException(name + " = " + value + " is smaller than the minimum (" + min + ")");
    }
    return value;
  }

  public static long atLeast(String name, long value, long min) {
    if (value < min) {
      throw new InvalidInputException(name + " = " + value + " is smaller than the minimum (" + min + ")");
    }
    return value;
  }

  public static double finiteNonNegative(String name, double value) {
    if (!Double.isFinite(value) || value < 0) {
      throw new InvalidInputException(name + " = " + value + " must be a finite number >= 0");
    }
    return value;
  }

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

  public static void sameRows(Matrix a, Matrix b) {
    if (a.rows() != b.rows()) {
      throw new InvalidInputException(a.name() + " has " + a.rows() + " rows but " + b.name() + " has " + b.rows());
    }
  }
}
