package org.infokernels.internal.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The selection median must equal the sort-based (numpy) median bit for bit. */
class OrderStatisticsTest {

  private static double sortedMedian(double[] a) {
    double[] s = a.clone();
    Arrays.sort(s);
    int len = s.length;
    return len % 2 == 1 ? s[len / 2] : 0.5 * (s[len / 2 - 1] + s[len / 2]);
  }

  private static void check(double[] a, String what) {
    double want = sortedMedian(a);
    double got = OrderStatistics.median(a.clone());
    assertEquals(Double.doubleToLongBits(want), Double.doubleToLongBits(got), what + ": " + got + " vs " + want);
  }

  @Test
  void equalsTheSortedMedianOnRandomArraysWithAndWithoutTies() {
    SplittableRandom rng = new SplittableRandom(7);
    for (int trial = 0; trial < 300; trial++) {
      int len = 1 + rng.nextInt(trial < 200 ? 40 : 5000);
      int distinct = 1 + rng.nextInt(trial % 3 == 0 ? 4 : 1_000_000);
      double[] a = new double[len];
      for (int i = 0; i < len; i++) {
        a[i] = rng.nextInt(distinct) * 0.37 - 5;
      }
      check(a, "trial " + trial + " len " + len + " distinct " + distinct);
    }
  }

  @Test
  void handlesOrderedConstantAndTinyArrays() {
    for (int len : new int[] {1, 2, 3, 4, 1000, 1001}) {
      double[] up = new double[len];
      double[] down = new double[len];
      double[] same = new double[len];
      for (int i = 0; i < len; i++) {
        up[i] = i;
        down[i] = len - i;
        same[i] = 2.5;
      }
      check(up, "ascending " + len);
      check(down, "descending " + len);
      check(same, "constant " + len);
    }
  }

  @Test
  void selectPartitionsAroundTheKthValue() {
    SplittableRandom rng = new SplittableRandom(11);
    double[] a = new double[999];
    for (int i = 0; i < a.length; i++) {
      a[i] = rng.nextInt(50);
    }
    double[] sorted = a.clone();
    Arrays.sort(sorted);
    for (int k : new int[] {0, 1, 498, 997, 998}) {
      double[] b = a.clone();
      OrderStatistics.select(b, k);
      assertEquals(sorted[k], b[k], "k = " + k);
      for (int i = 0; i < b.length; i++) {
        assertTrue(i < k ? b[i] <= b[k] : b[i] >= b[k], "k = " + k + ", i = " + i);
      }
    }
  }

  @Test
  void refusesAnEmptyArray() {
    assertThrows(IllegalArgumentException.class, () -> OrderStatistics.median(new double[0]));
  }
}
