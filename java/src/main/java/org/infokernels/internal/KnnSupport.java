package org.infokernels.internal;

import org.infokernels.core.InvalidInputException;
import org.infokernels.core.Matrix;

/** Shared plumbing of the k-NN estimators: duplicate checks and their messages. */
public final class KnnSupport {
  private KnnSupport() {}

  public static String ordinal(int k) {
    int m100 = k % 100;
    int m10 = k % 10;
    String suffix = (m100 >= 11 && m100 <= 13) ? "th" : m10 == 1 ? "st" : m10 == 2 ? "nd" : m10 == 3 ? "rd" : "th";
    return k + suffix;
  }

  /**
   * order itself (null stays null) after checking that it sorts the one-column sample v: a
   * permutation of its rows along which the values never decrease. A wrong order would give wrong
   * counts without any other sign.
   */
  public static int[] checkedOrder(int[] order, Matrix v, int n) {
    if (order == null) {
      return null;
    }
    String what = "the sorting order of " + v.name();
    if (v.cols() != 1) {
      throw new InvalidInputException(what + ": " + v.name() + " has " + v.cols() + " columns (one is needed)");
    }
    if (order.length != n) {
      throw new InvalidInputException(what + " has " + order.length + " entries for " + n + " rows");
    }
    boolean[] seen = new boolean[n];
    double before = Double.NEGATIVE_INFINITY;
    for (int p = 0; p < n; p++) {
      int i = order[p];
      if (i < 0 || i >= n || seen[i]) {
        throw new InvalidInputException(what + ": entry " + p + " = " + i
            + (i < 0 || i >= n ? " is not a row" : " repeats a row"));
      }
      seen[i] = true;
      double value = v.get(i, 0);
      if (value < before) {
        throw new InvalidInputException(what + " does not sort it: row " + i + " at position " + p
            + " is smaller than the row before it");
      }
      before = value;
    }
    return order;
  }

  /**
   * The sorting order of the rows permuted by perm (row perm[i] becomes row i), from the order of
   * the unpermuted rows in O(n); null stays null.
   */
  public static int[] permutedOrder(int[] order, int[] perm) {
    if (order == null) {
      return null;
    }
    int[] inverse = new int[perm.length];
    for (int i = 0; i < perm.length; i++) {
      inverse[perm[i]] = i;
    }
    int[] out = new int[order.length];
    for (int p = 0; p < order.length; p++) {
      out[p] = inverse[order[p]];
    }
    return out;
  }

  /** duplicates make a k-NN distance 0 and the estimate meaningless: refuse, say how many */
  public static void requireNonZero(double[] dist, int k, String what) {
    int zeros = 0;
    for (double v : dist) {
      if (v == 0.0) {
        zeros++;
      }
    }
    if (zeros > 0) {
      throw new InvalidInputException(zeros + " point" + (zeros == 1 ? " of " + what + " is" : "s of " + what + " are")
          + " at distance 0 from " + (zeros == 1 ? "its " : "their ") + ordinal(k)
          + " nearest neighbour (duplicate points); add noise with RunSettings.withJitter to break ties");
    }
  }
}
