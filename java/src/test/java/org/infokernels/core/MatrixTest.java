package org.infokernels.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.infokernels.internal.Ranges;
import org.junit.jupiter.api.Test;

class MatrixTest {
  @Test
  void vstackPutsTheRowsOfTheSecondBelowTheFirst() {
    Matrix x = Matrix.of("x", new double[] {1, 2, 3, 4}, 2, 2);
    Matrix y = Matrix.of("y", new double[] {5, 6, 7, 8, 9, 10}, 3, 2);
    Matrix z = x.vstack(y, "pooled");
    assertEquals("pooled", z.name());
    assertEquals(5, z.rows());
    assertEquals(2, z.cols());
    assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, z.toRowMajor());
    // a copy: the inputs are unchanged and not shared
    double[] before = x.toRowMajor();
    z.toRowMajor()[0] = 99;
    assertArrayEquals(before, x.toRowMajor());
  }

  @Test
  void vstackRefusesSamplesOfDifferentDimension() {
    Matrix x = Matrix.of("x", new double[] {1, 2, 3, 4}, 2, 2);
    Matrix y = Matrix.of("y.npy", new double[] {1, 2, 3}, 1, 3);
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> x.vstack(y, "pooled"));
    assertTrue(e.getMessage().contains("x has 2 columns but y.npy has 3"), e.getMessage());
  }

  @Test
  void maxAbsIsTheLargestMagnitude() {
    assertEquals(7.5, Matrix.of("m", new double[] {1, -7.5, 3, 7.25}, 2, 2).maxAbs());
    assertEquals(0.0, Matrix.of("m", new double[] {0, -0.0}, 2, 1).maxAbs());
    assertEquals(1e300, Matrix.of("m", new double[] {-1e300, 2}, 2, 1).maxAbs());
  }

  @Test
  void maxAbsIsKnownFromTheCheckAndCombinedByVstack() {
    java.util.SplittableRandom rng = new java.util.SplittableRandom(3);
    double[] a = new double[60];
    double[] b = new double[40];
    for (int i = 0; i < a.length; i++) {
      a[i] = (rng.nextDouble() - 0.5) * 1e3;
    }
    for (int i = 0; i < b.length; i++) {
      b[i] = (rng.nextDouble() - 0.5) * 1e5;
    }
    Matrix x = Matrix.of("x", a, 30, 2);
    Matrix y = Matrix.of("y", b, 20, 2);
    assertEquals(scan(a), x.maxAbs());
    assertEquals(scan(b), y.maxAbs());
    Matrix z = x.vstack(y, "z");
    assertEquals(scan(z.toRowMajor()), z.maxAbs());
    // derived matrices (not checked again) compute it on first use
    Matrix col = z.selectColumns(1);
    assertEquals(scan(col.toRowMajor()), col.maxAbs());
    assertEquals(scan(z.centred().toRowMajor()), z.centred().maxAbs());
    Matrix w = z.selectRows(new int[] {0, 1}).vstack(y, "w");  // one side unknown, then computed
    assertEquals(scan(w.toRowMajor()), w.maxAbs());
  }

  private static double scan(double[] v) {
    double m = 0;
    for (double e : v) {
      m = Math.max(m, Math.abs(e));
    }
    return m;
  }

  @Test
  void rangeExponentUsesTheRememberedMagnitude() {
    // outside [2^-200, 2^200] the data are scaled into [0.5, 1); inside they are left alone
    assertEquals(0, Ranges.exponent(Matrix.of("m", new double[] {1e60, -3}, 2, 1)));
    assertEquals(0, Ranges.exponent(Matrix.of("m", new double[] {0, -0.0}, 2, 1)));
    assertEquals(Math.getExponent(1e300) + 1, Ranges.exponent(Matrix.of("m", new double[] {-1e300, 2}, 2, 1)));
    assertEquals(Math.getExponent(3e-70) + 1, Ranges.exponent(Matrix.of("m", new double[] {3e-70, -1e-71}, 2, 1)));
    Matrix x = Matrix.of("x", new double[] {1e250, 1}, 2, 1);
    Matrix y = Matrix.of("y", new double[] {2, -4e250}, 2, 1);
    assertEquals(Math.getExponent(4e250) + 1, Ranges.exponent(x, y));
    assertEquals(Ranges.exponent(x, y), Ranges.exponent(x.vstack(y, "z")));
  }

}
