package org.infokernels.knn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.infokernels.core.Estimate;
import org.infokernels.core.InvalidInputException;
import org.infokernels.core.KsgAlgorithm;
import org.infokernels.core.Matrix;
import org.infokernels.core.Norm;
import org.infokernels.core.RunSettings;
import org.infokernels.core.Unit;
import org.junit.jupiter.api.Test;

/** Properties every k-NN estimator must have, looped over seeds (the seed is in each message). */
class KnnPropertiesTest {

  static Matrix gaussian(String name, long seed, int n, int d) {
    Random r = new Random(seed);
    double[] v = new double[n * d];
    for (int i = 0; i < v.length; i++) {
      v[i] = r.nextGaussian();
    }
    return Matrix.of(name, v, n, d);
  }

  static int[] shuffled(int n, long seed) {
    Random r = new Random(seed);
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }

  @Test
  void estimatesAreInvariantToRowOrder() {
    for (long seed = 1; seed <= 3; seed++) {
      Matrix x = gaussian("x", seed, 700, 2);
      Matrix y = gaussian("y", seed + 100, 700, 1);
      Matrix z = gaussian("z", seed + 200, 700, 1);
      int[] p = shuffled(700, seed);
      KsgMutualInformation mi = new KsgMutualInformation(KsgOptions.defaults().withAlgorithm(KsgAlgorithm.TWO));
      assertEquals(mi.estimate(x, y).value(), mi.estimate(x.selectRows(p), y.selectRows(p)).value(), 1e-12, "seed " + seed);
      ConditionalMutualInformation cmi = new ConditionalMutualInformation(CmiOptions.defaults());
      assertEquals(cmi.estimate(x, y, z).value(),
          cmi.estimate(x.selectRows(p), y.selectRows(p), z.selectRows(p)).value(), 1e-12, "seed " + seed);
      KozachenkoLeonenkoEntropy h = new KozachenkoLeonenkoEntropy(EntropyOptions.defaults());
      assertEquals(h.estimate(x).value(), h.estimate(x.selectRows(p)).value(), 1e-12, "seed " + seed);
    }
  }

  @Test
  void ksgIsSymmetricInXAndY() {
    for (long seed = 1; seed <= 3; seed++) {
      Matrix x = gaussian("x", seed, 500, 1);
      Matrix y = gaussian("y", seed + 7, 500, 3);
      for (KsgAlgorithm a : KsgAlgorithm.values()) {
        KsgMutualInformation mi = new KsgMutualInformation(KsgOptions.defaults().withAlgorithm(a));
        assertEquals(mi.estimate(x, y).value(), mi.estimate(y, x).value(), 1e-12, a + " seed " + seed);
      }
    }
  }

  @Test
  void entropyShiftsByDLogAUnderScaling() {
    // Ĥ(aX) = Ĥ(X) + d·ln|a| exactly: every radius scales by |a| and the neighbour order is kept
    for (long seed = 1; seed <= 3; seed++) {
      Matrix x = gaussian("x", seed, 400, 3);
      double a = -2.5;
      double[] v = x.toRowMajor();
      for (int i = 0; i < v.length; i++) {
        v[i] *= a;
      }
      for (Norm norm : Norm.values()) {
        KozachenkoLeonenkoEntropy h = new KozachenkoLeonenkoEntropy(EntropyOptions.defaults().withNorm(norm));
        assertEquals(h.estimate(x).value() + 3 * Math.log(Math.abs(a)), h.estimate(Matrix.of("ax", v, 400, 3)).value(),
            1e-9, norm + " seed " + seed);
      }
    }
  }

  @Test
  void miAndKlAreInvariantToCommonScalingByAPowerOfTwo() {
    Matrix x = gaussian("x", 5, 600, 2);
    Matrix y = gaussian("y", 6, 600, 2);
    double[] xs = x.toRowMajor();
    for (int i = 0; i < xs.length; i++) {
      xs[i] *= 4.0;  // a power of two: every distance scales exactly, the same neighbours win
    }
    KsgMutualInformation mi = new KsgMutualInformation(KsgOptions.defaults());
    // KSG's max norm mixes the marginals: scaling X alone changes the joint neighbours, so the
    // estimate changes; scaling both by the same factor leaves it unchanged exactly
    double[] ys = y.toRowMajor();
    for (int i = 0; i < ys.length; i++) {
      ys[i] *= 4.0;
    }
    assertEquals(mi.estimate(x, y).value(), mi.estimate(Matrix.of("x", xs, 600, 2), Matrix.of("y", ys, 600, 2)).value(), 1e-12);
    KnnKlDivergence kl = new KnnKlDivergence(KlDivergenceOptions.defaults());
    assertEquals(kl.estimate(x, y).value(), kl.estimate(Matrix.of("x", xs, 600, 2), Matrix.of("y", ys, 600, 2)).value(), 1e-12);
  }

  @Test
  void permutationTestSeparatesDependenceFromIndependence() {
    Matrix x = gaussian("x", 8, 400, 1);
    double[] yv = x.toRowMajor();
    Random r = new Random(9);
    for (int i = 0; i < yv.length; i++) {
      yv[i] = yv[i] + 0.5 * r.nextGaussian();
    }
    RunSettings s = RunSettings.defaults().withPermutations(49).withSeed(3);
    Estimate dep = new KsgMutualInformation(KsgOptions.defaults().withSettings(s)).estimate(x, Matrix.column("y", yv));
    assertEquals(1.0 / 50, dep.pValue().getAsDouble(), 1e-15, "dependent: no permutation should reach the observed MI");
    assertTrue(dep.nullMean(Unit.NATS).getAsDouble() < 0.1);
    Estimate indep = new KsgMutualInformation(KsgOptions.defaults().withSettings(s)).estimate(x, gaussian("y", 10, 400, 1));
    assertTrue(indep.pValue().getAsDouble() > 0.05, "independent: p = " + indep.pValue().getAsDouble());
    // the same seed gives the same null distribution
    Estimate again = new KsgMutualInformation(KsgOptions.defaults().withSettings(s)).estimate(x, gaussian("y", 10, 400, 1));
    assertEquals(indep.pValue().getAsDouble(), again.pValue().getAsDouble(), 0.0);
    assertEquals(indep.nullStd(Unit.NATS).getAsDouble(), again.nullStd(Unit.NATS).getAsDouble(), 0.0);
  }

  @Test
  void cmiLocalPermutationTestKeepsZDependence() {
    // X and Y both depend on Z only: I(X;Y|Z) = 0, and the local permutation must not reject
    Random r = new Random(21);
    int n = 400;
    double[] z = new double[n];
    double[] x = new double[n];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      z[i] = r.nextGaussian();
      x[i] = z[i] + 0.3 * r.nextGaussian();
      y[i] = z[i] + 0.3 * r.nextGaussian();
    }
    RunSettings s = RunSettings.defaults().withPermutations(39).withSeed(4);
    Estimate e = new ConditionalMutualInformation(CmiOptions.defaults().withSettings(s))
        .estimate(Matrix.column("x", x), Matrix.column("y", y), Matrix.column("z", z));
    assertTrue(e.pValue().getAsDouble() > 0.05, "conditionally independent: p = " + e.pValue().getAsDouble());
    // Y = X + noise, conditioned on an unrelated Z: strongly dependent, p minimal
    double[] y2 = new double[n];
    for (int i = 0; i < n; i++) {
      y2[i] = x[i] + 0.1 * r.nextGaussian();
    }
    Estimate dep = new ConditionalMutualInformation(CmiOptions.defaults().withSettings(s))
        .estimate(Matrix.column("x", x), Matrix.column("y", y2), Matrix.column("w", shuffledCopy(z, 5)));
    assertEquals(1.0 / 40, dep.pValue().getAsDouble(), 1e-15);
  }

  static double[] shuffledCopy(double[] v, long seed) {
    int[] p = shuffled(v.length, seed);
    double[] o = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      o[i] = v[p[i]];
    }
    return o;
  }

  @Test
  void badInputsAreNamed() {
    Matrix x = gaussian("x", 1, 10, 2);
    Matrix y9 = gaussian("y", 2, 9, 2);
    InvalidInputException e = assertThrows(InvalidInputException.class,
        () -> new KsgMutualInformation(KsgOptions.defaults()).estimate(x, y9));
    assertEquals("x has 10 rows but y has 9", e.getMessage());
    e = assertThrows(InvalidInputException.class, () -> new KozachenkoLeonenkoEntropy(EntropyOptions.defaults().withK(10)).estimate(x));
    assertTrue(e.getMessage().contains("k = 10") && e.getMessage().contains("n = 10"), e.getMessage());
    e = assertThrows(InvalidInputException.class, () -> EntropyOptions.defaults().withK(0));
    assertEquals("k = 0 is smaller than the minimum (1)", e.getMessage());
    e = assertThrows(InvalidInputException.class, () -> Matrix.of("x.npy", new double[] {1, 2, Double.NaN, 4}, 2, 2));
    assertEquals("x.npy: row 1, column 0 (0-based) is NaN", e.getMessage());
    e = assertThrows(InvalidInputException.class, () -> Matrix.of("q", new double[] {1, Double.NEGATIVE_INFINITY}, 2, 1));
    assertTrue(e.getMessage().contains("row 1, column 0") && e.getMessage().contains("-Infinity"), e.getMessage());
    e = assertThrows(InvalidInputException.class,
        () -> new KnnKlDivergence(KlDivergenceOptions.defaults()).estimate(x, gaussian("y", 3, 10, 3)));
    assertTrue(e.getMessage().contains("columns"), e.getMessage());
  }

  @Test
  void duplicatesAreRefusedWithACountAndJitterFixesThem() {
    double[] v = {0, 0, 0, 0, 1, 2, 3, 4, 5, 6};
    Matrix x = Matrix.column("x", v);
    InvalidInputException e = assertThrows(InvalidInputException.class,
        () -> new KozachenkoLeonenkoEntropy(EntropyOptions.defaults()).estimate(x));
    assertTrue(e.getMessage().startsWith("4 points of x are at distance 0 from their 3rd nearest neighbour"), e.getMessage());
    // the library speaks its own API; the CLI maps it to --jitter (MainTest)
    assertTrue(e.getMessage().contains("RunSettings.withJitter"), e.getMessage());
    assertTrue(!e.getMessage().contains("--jitter"), e.getMessage());
    Estimate ok = new KozachenkoLeonenkoEntropy(EntropyOptions.defaults()
        .withSettings(RunSettings.defaults().withJitter(1e-6).withSeed(1))).estimate(x);
    assertTrue(Double.isFinite(ok.value()));
    Estimate again = new KozachenkoLeonenkoEntropy(EntropyOptions.defaults()
        .withSettings(RunSettings.defaults().withJitter(1e-6).withSeed(1))).estimate(x);
    assertEquals(ok.value(), again.value(), 0.0, "jitter is reproducible from the seed");
  }

  /** column z-scores (ddof = 1) written out here, independent of Matrix.standardized */
  static Matrix zScores(Matrix m) {
    int n = m.rows();
    int d = m.cols();
    double[] v = m.toRowMajor();
    for (int c = 0; c < d; c++) {
      double mean = 0;
      for (int i = 0; i < n; i++) {
        mean += v[i * d + c];
      }
      mean /= n;
      double ss = 0;
      for (int i = 0; i < n; i++) {
        ss += (v[i * d + c] - mean) * (v[i * d + c] - mean);
      }
      double sd = Math.sqrt(ss / (n - 1));
      for (int i = 0; i < n; i++) {
        v[i * d + c] = (v[i * d + c] - mean) / sd;
      }
    }
    return Matrix.of(m.name(), v, n, d);
  }

  @Test
  void standardizeMatchesManualZScores() {
    // users' data: non-zero means and mixed scales (x in the thousands, y in the thousandths)
    Matrix x = shiftedAndScaled(gaussian("x", 31, 300, 2), 1e3, 250.0);
    Matrix y = shiftedAndScaled(gaussian("y", 32, 300, 1), -0.5, 1e-3);
    KsgMutualInformation plain = new KsgMutualInformation(KsgOptions.defaults());
    KsgMutualInformation std = new KsgMutualInformation(KsgOptions.defaults()
        .withSettings(RunSettings.defaults().withStandardize(true)));
    double manual = plain.estimate(zScores(x), zScores(y)).value();
    assertEquals(manual, std.estimate(x, y).value(), 1e-9);
    // and standardising changes the value of such data (the max norm is not scale invariant)
    assertTrue(Math.abs(plain.estimate(x, y).value() - manual) > 1e-3, "standardize must act");
  }

  /** offset + scale · m */
  static Matrix shiftedAndScaled(Matrix m, double offset, double scale) {
    double[] v = m.toRowMajor();
    for (int i = 0; i < v.length; i++) {
      v[i] = offset + scale * v[i];
    }
    return Matrix.of(m.name(), v, m.rows(), m.cols());
  }
}
