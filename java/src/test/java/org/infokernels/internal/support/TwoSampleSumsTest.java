package org.infokernels.internal.support;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TwoSampleSumsTest {
  /** the one-pass sums equal the column extraction and the Neumaier sums they replace, bit for bit */
  @Test
  void onePassSumsEqualTheColumnSums() {
    SplittableRandom rng = new SplittableRandom(7);
    for (int[] nm : new int[][] {{2, 2}, {3, 7}, {1000, 1}, {1234, 987}}) {
      int n = nm[0];
      int m = nm[1];
      int big = n + m;
      double[] fv = new double[2 * big];
      for (int i = 0; i < fv.length; i++) {  // mixed scales, a large offset, both signs
        fv[i] = (rng.nextDouble() - 0.3) * Math.pow(10, rng.nextInt(-3, 9)) + (i % 3 == 0 ? 1e6 : 0);
      }
      PairStatistics.TwoSample t = PairStatistics.twoSampleOf(fv, n, m);
      double[] s1 = PairStatistics.column(fv, 2, 0, big);
      double[] s2 = PairStatistics.column(fv, 2, 1, big);
      assertArrayEquals(s1, t.s1());
      assertArrayEquals(s2, t.s2());
      assertEquals(PairStatistics.sum(s1, 0, 1, n), t.sxx(), 0.0, "Sxx " + n + "+" + m);
      assertEquals(PairStatistics.sum(s2, n, 1, m), t.syy(), 0.0, "Syy " + n + "+" + m);
      assertEquals(PairStatistics.sum(s2, 0, 1, n), t.sxy(), 0.0, "Sxy " + n + "+" + m);
      assertEquals(n, t.n());
      assertEquals(m, t.m());
    }
  }
}
