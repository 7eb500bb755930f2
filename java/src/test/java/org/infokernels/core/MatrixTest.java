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
  void exponentOfTheLargestMagnitudeIsTheMatricesExponent() {
    for (double big : new double[] {0.0, 1.0, 3e-70, 5e-61, 1e60, 7e61, -1e300, 1e-300}) {
      Matrix m = Matrix.of("m", new double[] {big, big / 4, 1e-320 * 0}, 3, 1);
      assertEquals(Ranges.exponent(m), Ranges.exponentOfMax(m.maxAbs()), "max " + big);
    }
    // outside [2^-200, 2^200] the data are scaled into [0.5, 1); inside they are left alone
    assertEquals(0, Ranges.exponentOfMax(1e60));
    assertEquals(Math.getExponent(1e300) + 1, Ranges.exponentOfMax(1e300));
  }
}
