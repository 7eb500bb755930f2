package org.infokernels.internal.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

class SpecialFunctionsTest {

  @Test
  void digammaAtKnownPoints() {
    double g = SpecialFunctions.EULER_GAMMA;
    assertEquals(-g, SpecialFunctions.digamma(1), 1e-15);
    assertEquals(-g - 2 * Math.log(2), SpecialFunctions.digamma(0.5), 1e-15);
    // psi(n) = -gamma + H_{n-1}
    double h = 0;
    for (int n = 1; n <= 200; n++) {
      assertEquals(-g + h, SpecialFunctions.digamma(n), 2e-15 * Math.max(1, Math.abs(h)), "n = " + n);
      h += 1.0 / n;
    }
    // scipy.special.digamma(1e6) = 13.81551005796419
    assertEquals(13.81551005796419, SpecialFunctions.digamma(1e6), 1e-14);
  }

  @Test
  void digammaRecurrence() {
    Random r = new Random(1);
    for (int i = 0; i < 1000; i++) {
      double x = 0.01 + 50 * r.nextDouble();
      assertEquals(SpecialFunctions.digamma(x) + 1 / x, SpecialFunctions.digamma(x + 1), 1e-13 * (1 + 1 / x), "x = " + x);
    }
    assertThrows(IllegalArgumentException.class, () -> SpecialFunctions.digamma(0));
  }

  @Test
  void unitBallVolumes() {
    assertEquals(Math.log(2), SpecialFunctions.logUnitBallVolume(1, false), 1e-15);
    assertEquals(Math.log(Math.PI), SpecialFunctions.logUnitBallVolume(2, false), 1e-15);
    assertEquals(Math.log(4 * Math.PI / 3), SpecialFunctions.logUnitBallVolume(3, false), 1e-15);
    assertEquals(Math.log(Math.PI * Math.PI / 2), SpecialFunctions.logUnitBallVolume(4, false), 1e-15);
    assertEquals(5 * Math.log(2), SpecialFunctions.logUnitBallVolume(5, true), 1e-15);
    // Gamma(5/2) = 3 sqrt(pi) / 4
    assertEquals(Math.log(3 * Math.sqrt(Math.PI) / 4), SpecialFunctions.lnGammaHalf(5), 1e-15);
  }
}
