package org.infokernels.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.infokernels.core.BackendKind;
import org.infokernels.core.Bandwidth;
import org.infokernels.core.Matrix;
import org.infokernels.core.RunSettings;
import org.infokernels.internal.backend.Backend;
import org.infokernels.internal.backend.Backends;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Properties of dcor, energy-distance and mmd on every backend present, in the pattern of
 * org.infokernels.InvarianceTest: translation invariance (offsets up to 10⁶ times the scale),
 * scale invariance of dCor for each variable on its own (10⁻¹⁵⁰ … 10¹⁵⁰) and rotation invariance,
 * the linear equivariance of the energy distance, closed forms (dCor(X, aX + b) = 1, dCor of
 * independent samples → 0, energy distance of equal samples = 0, MMD of equal samples ≈ 0), row
 * order invariance, java vs native agreement, and the O(n log n) route against the tiled one
 * (ties included).
 *
 * <p>Tolerances as InvarianceTest: x + c rounds x to the ulp of c (about 10⁻¹⁰ relative at
 * c = 10⁶), so 10⁻⁷; powers of ten round once (10⁻¹⁶), so 10⁻¹².
 */
class TestingPropertiesTest {
  static final int N = 150;

  static Matrix gauss(Random r, int n, int d, double scale, double offset) {
    double[] v = new double[n * d];
    for (int i = 0; i < v.length; i++) {
      v[i] = scale * r.nextGaussian() + offset;
    }
    return Matrix.of("x", v, n, d);
  }

  static Matrix affine(Matrix m, double scale, double offset) {
    double[] v = m.toRowMajor();
    for (int i = 0; i < v.length; i++) {
      v[i] = scale * v[i] + offset;
    }
    return Matrix.of(m.name(), v, m.rows(), m.cols());
  }

  /** x (n × 2) and y (n × 2) with a non-linear dependence and non-zero means */
  static Matrix[] paired(long seed, int n) {
    Random r = new Random(seed);
    double[] x = new double[n * 2];
    double[] y = new double[n * 2];
    for (int i = 0; i < n; i++) {
      x[2 * i] = 3 + r.nextGaussian();
      x[2 * i + 1] = -1 + 0.5 * r.nextGaussian();
      y[2 * i] = x[2 * i] * x[2 * i + 1] + r.nextGaussian();
      y[2 * i + 1] = 5 + Math.sin(x[2 * i]) + 0.3 * r.nextGaussian();
    }
    return new Matrix[] {Matrix.of("x", x, n, 2), Matrix.of("y", y, n, 2)};
  }

  static double dcor(RunSettings s, Matrix x, Matrix y, boolean unbiased) {
    return new DistanceCorrelation(DcorOptions.defaults().withUnbiased(unbiased).withSettings(s)).estimate(x, y).value();
  }

  static double energy(RunSettings s, Matrix x, Matrix y) {
    return new EnergyDistance(EnergyDistanceOptions.defaults().withSettings(s)).estimate(x, y).value();
  }

  static double mmd(RunSettings s, Matrix x, Matrix y, Bandwidth sigma) {
    return new Mmd(MmdOptions.defaults().withSigma(sigma).withSettings(s)).estimate(x, y).value();
  }

  static void close(double expected, double got, double rtol, String what) {
    assertTrue(Double.isFinite(got), what + ": " + got);
    assertEquals(expected, got, rtol * Math.max(Math.abs(expected), 1e-12), what);
  }

  @TestFactory
  List<DynamicTest> invariances() {
    Matrix[] d = paired(2024, N);
    Random r = new Random(5);
    Matrix y2 = affine(gauss(r, 120, 2, 1.3, 0.4), 1, 0);
    List<DynamicTest> tests = new ArrayList<>();
    for (Backend b : Backends.available()) {
      RunSettings s = RunSettings.defaults().withBackend(b.kind());
      String on = " [" + b.kind().label() + "]";
      for (boolean u : new boolean[] {false, true}) {
        String name = "dcor " + (u ? "unbiased" : "biased");
        tests.add(DynamicTest.dynamicTest(name + " translation" + on, () -> {
          double base = dcor(s, d[0], d[1], u);
          for (double c : new double[] {1e3, 1e6}) {
            close(base, dcor(s, affine(d[0], 1, c), affine(d[1], 1, -0.3 * c), u), 1e-7, name + " shifted by " + c);
          }
        }));
        tests.add(DynamicTest.dynamicTest(name + " scale" + on, () -> {
          double base = dcor(s, d[0], d[1], u);
          for (double a : new double[] {1e-150, 1e-40, 3.7e5, 1e150}) {
            close(base, dcor(s, affine(d[0], a, 0), d[1], u), 1e-12, name + ": x scaled by " + a);
            close(base, dcor(s, d[0], affine(d[1], -a, 0), u), 1e-12, name + ": y scaled by " + -a);
          }
        }));
        tests.add(DynamicTest.dynamicTest(name + " rotation" + on, () -> {
          double t = 0.7;
          double[] v = d[0].toRowMajor();
          for (int i = 0; i < N; i++) {
            double p = v[2 * i];
            double q = v[2 * i + 1];
            v[2 * i] = Math.cos(t) * p - Math.sin(t) * q;
            v[2 * i + 1] = Math.sin(t) * p + Math.cos(t) * q;
          }
          close(dcor(s, d[0], d[1], u), dcor(s, Matrix.of("x", v, N, 2), d[1], u), 1e-12, name + " rotated x");
        }));
      }
      tests.add(DynamicTest.dynamicTest("energy-distance translation and scale" + on, () -> {
        double base = energy(s, d[0], y2);
        close(base, energy(s, affine(d[0], 1, 1e6), affine(y2, 1, 1e6)), 1e-7, "both shifted by 1e6");
        for (double a : new double[] {1e-150, 2.5, 1e150}) {
          close(base * a, energy(s, affine(d[0], a, 0), affine(y2, a, 0)), 1e-12, "both scaled by " + a);
        }
      }));
      tests.add(DynamicTest.dynamicTest("mmd translation, scale with sigma" + on, () -> {
        double base = mmd(s, d[0], y2, Bandwidth.of(1.7));
        close(base, mmd(s, affine(d[0], 1, 1e6), affine(y2, 1, 1e6), Bandwidth.of(1.7)), 1e-7, "shifted by 1e6");
        close(base, mmd(s, affine(d[0], 1e-100, 0), affine(y2, 1e-100, 0), Bandwidth.of(1.7e-100)), 1e-12,
            "scaled by 1e-100 with sigma");
        double median = mmd(s, d[0], y2, Bandwidth.median());
        close(median, mmd(s, affine(d[0], 3e5, 0), affine(y2, 3e5, 0), Bandwidth.median()), 1e-12,
            "median sigma scales with the data");
      }));
      tests.add(DynamicTest.dynamicTest("row order" + on, () -> {
        int[] perm = new int[N];
        for (int i = 0; i < N; i++) {
          perm[i] = (i * 37 + 11) % N;
        }
        close(dcor(s, d[0], d[1], true), dcor(s, d[0].selectRows(perm), d[1].selectRows(perm), true), 1e-12, "dcor");
        close(energy(s, d[0], y2), energy(s, d[0].selectRows(perm), y2), 1e-12, "energy-distance");
      }));
    }
    return tests;
  }

  @TestFactory
  List<DynamicTest> closedForms() {
    List<DynamicTest> tests = new ArrayList<>();
    for (Backend b : Backends.available()) {
      RunSettings s = RunSettings.defaults().withBackend(b.kind());
      String on = " [" + b.kind().label() + "]";
      tests.add(DynamicTest.dynamicTest("dCor(X, aX + b) = 1" + on, () -> {
        Random r = new Random(1);
        for (int d : new int[] {1, 3}) {
          Matrix x = gauss(r, 200, d, 2.0, 1.0);
          for (boolean u : new boolean[] {false, true}) {
            close(1.0, dcor(s, x, affine(x, -3.5, 17), u), 1e-12, "d = " + d + (u ? " unbiased" : " biased"));
          }
        }
      }));
      tests.add(DynamicTest.dynamicTest("dCor of independent samples -> 0" + on, () -> {
        // biased dCor of independent samples is O(1/n) in expectation, the unbiased one O(1/n) around 0:
        // at n = 1000 both are below 0.02 (about ten times their standard deviation)
        Random r = new Random(2);
        Matrix x = gauss(r, 1000, 2, 1, 0);
        Matrix y = gauss(r, 1000, 3, 1, 0);
        assertTrue(dcor(s, x, y, false) < 0.02, "biased: " + dcor(s, x, y, false));
        assertTrue(Math.abs(dcor(s, x, y, true)) < 0.01, "unbiased: " + dcor(s, x, y, true));
      }));
      tests.add(DynamicTest.dynamicTest("energy distance of equal samples = 0" + on, () -> {
        Matrix x = gauss(new Random(3), 300, 4, 1, 2);
        assertEquals(0.0, energy(s, x, x), 1e-12);
      }));
      tests.add(DynamicTest.dynamicTest("constant y: dCor = 0" + on, () -> {
        Matrix x = gauss(new Random(4), 50, 2, 1, 0);
        Matrix y = Matrix.of("y", new double[50], 50, 1);
        assertEquals(0.0, dcor(s, x, y, false), 0.0);
        assertEquals(0.0, dcor(s, x, y, true), 0.0);
      }));
      tests.add(DynamicTest.dynamicTest("closed-form MMD of two Gaussians" + on, () -> {
        // N(0, I_2) vs N(mu, I_2), sigma = 1: E k(x,x') = (s²/(s²+2))^(d/2), E k(x,y) = that · exp(−|mu|²/(2(s²+2)))
        Random r = new Random(5);
        Matrix x = gauss(r, 1500, 2, 1, 0);
        Matrix y = gauss(r, 1500, 2, 1, 0.5);
        double kk = 1.0 / 3.0;
        double truth = 2 * kk - 2 * kk * Math.exp(-0.5 / 6);
        double got = mmd(s, x, y, Bandwidth.of(1.0));
        assertEquals(truth, got, 0.01, "MMD² of N(0, I) and N((0.5, 0.5), I)");  // sd about 0.003 at n = 1500
      }));
    }
    return tests;
  }

  @Test
  void javaAndNativeAgree() {
    Matrix[] d = paired(7, 700);
    RunSettings java = RunSettings.defaults().withBackend(BackendKind.JAVA);
    for (Backend b : Backends.available()) {
      RunSettings s = RunSettings.defaults().withBackend(b.kind());
      for (boolean u : new boolean[] {false, true}) {
        close(dcor(java, d[0], d[1], u), dcor(s, d[0], d[1], u), 1e-11, "dcor on " + b.kind().label());
      }
      close(energy(java, d[0], d[1]), energy(s, d[0], d[1]), 1e-11, "energy on " + b.kind().label());
      close(mmd(java, d[0], d[1], Bandwidth.median()), mmd(s, d[0], d[1], Bandwidth.median()), 1e-10,
          "mmd on " + b.kind().label());
    }
  }

  @Test
  void fastOneDimensionalRouteEqualsTheTiledOne() {
    RunSettings s = RunSettings.defaults().withBackend(BackendKind.JAVA);
    for (long seed = 1; seed <= 6; seed++) {
      Random r = new Random(seed);
      int n = 5 + (int) (seed * 97 % 400);
      double[] x = new double[n];
      double[] y = new double[n];
      for (int i = 0; i < n; i++) {
        // seeds 4..6: heavy ties (values on a coarse grid) and a large offset
        x[i] = seed > 3 ? Math.round(2 * r.nextGaussian()) + 1e5 : r.nextGaussian();
        y[i] = seed > 3 ? Math.round(x[i] - 1e5 + r.nextGaussian()) : Math.exp(x[i]) + r.nextGaussian();
      }
      Matrix mx = Matrix.column("x", x);
      Matrix my = Matrix.column("y", y);
      for (boolean u : new boolean[] {false, true}) {
        DcorOptions o = DcorOptions.defaults().withUnbiased(u).withSettings(s);
        var fast = new DistanceCorrelation(o.withAlgorithm(DcorAlgorithm.FAST_1D)).estimate(mx, my);
        var tiled = new DistanceCorrelation(o.withAlgorithm(DcorAlgorithm.TILED)).estimate(mx, my);
        assertEquals("fast-1d", fast.extras().get("algorithm"));
        close(tiled.value(), fast.value(), 1e-10, "seed " + seed + " n " + n + (u ? " unbiased" : " biased"));
        close((Double) tiled.extras().get("dcov"), (Double) fast.extras().get("dcov"), 1e-10, "dcov seed " + seed);
      }
    }
  }
}
