package org.infokernels.knn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Random;
import java.util.stream.IntStream;
import org.infokernels.core.BackendKind;
import org.infokernels.core.Estimate;
import org.infokernels.core.InvalidInputException;
import org.infokernels.core.KsgAlgorithm;
import org.infokernels.core.Matrix;
import org.infokernels.core.RunSettings;
import org.infokernels.internal.backend.Backend;
import org.infokernels.internal.backend.Backends;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * KSG with the sorting orders of one-column variables given by the caller (what an all-pairs run
 * shares across pairs): the same counts and estimates, bit for bit, on java and cpu; orders that
 * do not sort their variable are refused with a message, never used.
 */
class SortedMarginalsTest {

  /** n rows: x with a large offset, y = x + noise on another scale; ties (grid values) when asked */
  static double[][] data(int n, boolean ties, long seed) {
    Random r = new Random(seed);
    double[] x = new double[n];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = ties ? 1e4 + r.nextInt(7) : 1e4 + r.nextGaussian();
      y[i] = ties ? r.nextInt(5) * 0.25 + (x[i] - 1e4) : 1e-3 * (x[i] - 1e4) + 1e-3 * r.nextGaussian();
    }
    return new double[][] {x, y};
  }

  /** an order along which the values never decrease, ties by descending row (unlike the sort inside) */
  static int[] descendingTies(double[] v) {
    return IntStream.range(0, v.length).boxed()
        .sorted(Comparator.<Integer>comparingDouble(i -> v[i]).thenComparing(Comparator.<Integer>reverseOrder()))
        .mapToInt(Integer::intValue).toArray();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"java", "cpu"})
  void countsWithOrdersEqualCountsWithout(String name) {
    Backend b = Backends.of(BackendKind.parse(name));
    assumeTrue(b.isAvailable(), () -> "skipped: " + b.unavailableReason());
    for (boolean ties : new boolean[] {false, true}) {
      for (int algorithm : new int[] {1, 2}) {
        int n = 1531;
        double[][] d = data(n, ties, 7 + algorithm);
        int[] ox = descendingTies(d[0]);
        int[] oy = descendingTies(d[1]);
        Backend.KsgCounts want = b.ksgCounts(d[0], 1, d[1], 1, n, 3, algorithm, 2);
        for (int[][] orders : new int[][][] {{ox, oy}, {ox, null}, {null, oy}}) {
          Backend.KsgCounts got = b.ksgCounts(d[0], 1, d[1], 1, n, 3, algorithm, orders[0], orders[1], 2);
          String where = name + " ties=" + ties + " alg " + algorithm + " orders " + (orders[0] != null)
              + "/" + (orders[1] != null);
          assertArrayEquals(want.eps(), got.eps(), where);
          assertArrayEquals(want.nx(), got.nx(), where);
          assertArrayEquals(want.ny(), got.ny(), where);
        }
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"java", "cpu"})
  void badOrdersAreRefusedByTheBackend(String name) {
    Backend b = Backends.of(BackendKind.parse(name));
    assumeTrue(b.isAvailable(), () -> "skipped: " + b.unavailableReason());
    double[] v = {0.5, -1.0, 2.0, 0.25, 3.0};
    int[] unsorted = {1, 0, 3, 2, 4};
    int[] twice = {1, 3, 3, 2, 4};
    int[] outside = {1, 3, 0, 2, 5};
    int[] good = {1, 3, 0, 2, 4};
    assertEquals(b.ksgCounts(v, 1, v, 1, 5, 1, 1, 1).nx().length,
        b.ksgCounts(v, 1, v, 1, 5, 1, 1, good, good, 1).nx().length);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> b.ksgCounts(v, 1, v, 1, 5, 1, 1, unsorted, null, 1));
    assertTrue(e.getMessage().contains("does not sort the values: row 3 at position 2"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> b.ksgCounts(v, 1, v, 1, 5, 1, 1, null, twice, 1));
    assertTrue(e.getMessage().contains("lists row 3 twice"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> b.ksgCounts(v, 1, v, 1, 5, 1, 1, outside, null, 1));
    assertTrue(e.getMessage().contains("= 5 is not a row in [0, 5)"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> b.ksgCounts(v, 1, v, 1, 5, 1, 1, new int[3], null, 1));
    assertTrue(e.getMessage().contains("3 entries"), e.getMessage());
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"java", "cpu"})
  void estimateWithOrdersIsTheEstimate(String name) {
    assumeTrue(Backends.of(BackendKind.parse(name)).isAvailable(), "skipped: backend " + name + " unavailable");
    int n = 900;
    double[][] d = data(n, false, 3);
    Matrix x = Matrix.of("x", d[0], n, 1);
    Matrix y = Matrix.of("y", d[1], n, 1);
    int[] ox = KsgMutualInformation.sortingOrder(x);
    int[] oy = KsgMutualInformation.sortingOrder(y);
    for (KsgAlgorithm a : KsgAlgorithm.values()) {
      for (boolean standardize : new boolean[] {false, true}) {
        RunSettings s = RunSettings.defaults().withBackend(BackendKind.parse(name)).withStandardize(standardize)
            .withPermutations(20).withSeed(5);
        KsgMutualInformation mi = new KsgMutualInformation(KsgOptions.defaults().withAlgorithm(a).withSettings(s));
        Estimate want = mi.estimate(x, y);
        Estimate got = mi.estimate(x, y, ox, oy);
        String where = name + " " + a + " standardize=" + standardize;
        assertEquals(want.value(), got.value(), 0.0, where);
        assertEquals(want.pValue(), got.pValue(), where);
      }
    }
  }

  @Test
  void badOrdersAreRefusedByTheEstimator() {
    int n = 50;
    double[][] d = data(n, false, 4);
    Matrix x = Matrix.of("x", d[0], n, 1);
    Matrix y = Matrix.of("y", d[1], n, 1);
    KsgMutualInformation mi = new KsgMutualInformation(KsgOptions.defaults());
    int[] oy = KsgMutualInformation.sortingOrder(y);
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> mi.estimate(x, y, oy, null));
    assertTrue(e.getMessage().startsWith("the sorting order of x does not sort it"), e.getMessage());
    int[] shortOrder = Arrays.copyOf(oy, n - 1);
    e = assertThrows(InvalidInputException.class, () -> mi.estimate(x, y, null, shortOrder));
    assertTrue(e.getMessage().contains("49 entries for 50 rows"), e.getMessage());
    Matrix two = Matrix.of("xy", new double[2 * n], n, 2);
    e = assertThrows(InvalidInputException.class, () -> KsgMutualInformation.sortingOrder(two));
    assertTrue(e.getMessage().contains("xy has 2 columns"), e.getMessage());
  }
}
