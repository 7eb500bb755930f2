package org.infokernels.internal.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The median heuristic's one-dimensional path (sorted values, two-pointer counts, bisection on the
 * bits) returns the median of all pairwise distances bit for bit: odd and even pair counts, ties
 * (rounded and repeated values), large offsets, mixed scales and subsampled rows in any order.
 */
class MedianDistanceTest {
  @Test
  void oneDimensionalPathEqualsTheMedianOfAllDistances() {
    Random g = new Random(17);
    for (int r = 2; r <= 120; r += r < 12 ? 1 : 17) {
      for (int kind = 0; kind < 4; kind++) {
        int n = r + 5;
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
          double z = g.nextGaussian();
          v[i] = switch (kind) {
            case 0 -> z;
            case 1 -> 1e6 + 1e-3 * z;                     // large offset, small spread
            case 2 -> Math.rint(3 * z);                    // many ties
            default -> (i % 2 == 0 ? 1e-4 : 1e4) * z - 7;  // mixed scales
          };
        }
        // rows: a subsample in a shuffled order, as medianSigma draws it above 2000 rows
        int[] rows = new int[r];
        for (int a = 0; a < r; a++) {
          rows[a] = (a * 7 + 3) % n;
        }
        double want = KernelSupport.medianDistance(v, 1, rows);
        double got = KernelSupport.medianDistance1d(v, rows);
        assertEquals(Double.doubleToRawLongBits(want), Double.doubleToRawLongBits(got),
            "r = " + r + ", kind " + kind + ": all distances " + want + ", sorted path " + got);
      }
    }
  }
}
