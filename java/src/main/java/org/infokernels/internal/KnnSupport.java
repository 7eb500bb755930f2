package org.infokernels.internal;

import org.infokernels.core.InvalidInputException;

/** Shared plumbing of the k-NN estimators: duplicate checks and their messages. */
public final class KnnSupport {
  private KnnSupport() {}

  public static String ordinal(int k) {
    int m100 = k % 100;
    int m10 = k % 10;
    String suffix = (m100 >= 11 && m100 <= 13) ? "th" : m10 == 1 ? "st" : m10 == 2 ? "nd" : m10 == 3 ? "rd" : "th";
    return k + suffix;
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
