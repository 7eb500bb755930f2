package org.infokernels.ot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Random;
import java.util.stream.Stream;
import org.infokernels.core.BackendKind;
import org.infokernels.core.Precision;
import org.infokernels.internal.backend.Backend;
import org.infokernels.internal.backend.Backends;
import org.infokernels.internal.ot.SinkhornResult;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The native backends against the Java twin on random data: the half-iteration kernel to 1e-12 of
 * its terms; whole solves (alternating, weighted, symmetric, annealed) with the same iteration
 * count and converged flag, cost and OT_ε to 1e-10 relative, potentials to 1e-9 of their spread.
 * Sizes include 1 × 1, n ≠ m, sizes that are not multiples of any tile, d = 1 and d = 20. A
 * backend that cannot run here is a visible skip, never a pass.
 */
class CrossBackendOtTest {

  static Stream<Arguments> cases() {
    return Stream.of(
        // n, m, d, seed
        Arguments.of(1, 1, 1, 31L),
        Arguments.of(7, 3, 2, 32L),
        Arguments.of(65, 200, 3, 33L),
        Arguments.of(300, 217, 5, 34L),
        Arguments.of(129, 97, 20, 35L));
  }

  static Stream<Arguments> withBackends() {
    return Stream.of("cpu", "cuda").flatMap(b -> cases().map(a -> {
      Object[] v = a.get();
      return Arguments.of(b, v[0], v[1], v[2], v[3]);
    }));
  }

  static double[] gauss(Random r, int n, int d, double shift) {
    double[] v = new double[n * d];
    for (int i = 0; i < v.length; i++) {
      v[i] = r.nextGaussian() + shift;
    }
    return v;
  }

  static double[] weights(Random r, int n) {
    double[] w = new double[n];
    double s = 0;
    for (int i = 0; i < n; i++) {
      w[i] = 0.2 + r.nextDouble();
      s += w[i];
    }
    for (int i = 0; i < n; i++) {
      w[i] /= s;
    }
    return w;
  }

  static void same(SinkhornResult want, SinkhornResult got, String where) {
    assertEquals(want.iterations(), got.iterations(), where + " iterations");
    assertEquals(want.converged(), got.converged(), where + " converged");
    assertEquals(want.cost(), got.cost(), 1e-10 * Math.abs(want.cost()) + 1e-300, where + " cost");
    assertEquals(want.regularized(), got.regularized(), 1e-10 * Math.abs(want.regularized()) + 1e-14,
        where + " regularized");
    assertEquals(want.marginalError(), got.marginalError(), 1e-4 * want.marginalError() + 1e-15, where + " marginal error");
    double lo = Double.MAX_VALUE;
    double hi = -Double.MAX_VALUE;
    for (double v : want.f()) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    double spread = Math.max(hi - lo, 1.0);
    for (int i = 0; i < want.f().length; i++) {
      assertEquals(want.f()[i], got.f()[i], 1e-9 * spread, where + " f_" + i);
    }
  }

  @ParameterizedTest(name = "{0} n={1} m={2} d={3} seed={4}")
  @MethodSource("withBackends")
  void nativeMatchesJava(String backend, int n, int m, int d, long seed) {
    Backend other = Backends.of(BackendKind.parse(backend));
    assumeTrue(other.isAvailable(), () -> "skipped: " + other.unavailableReason());
    Backend java = Backends.of(BackendKind.JAVA);
    Random r = new Random(seed);
    double[] x = gauss(r, n, d, 0);
    double[] y = gauss(r, m, d, 0.5);
    double eps = 0.3 * d;
    String where = "sinkhorn on " + backend + " n=" + n + " m=" + m + " d=" + d + " seed=" + seed;

    double[] h = gauss(r, m, 1, 0);
    double[] lw = gauss(r, n, 1, 0);
    double[] lj = java.sinkhornLse(x, n, y, m, d, eps, h, lw, Precision.DOUBLE, 0);
    double[] lo = other.sinkhornLse(x, n, y, m, d, eps, h, lw, Precision.DOUBLE, 0);
    for (int i = 0; i < n; i++) {
      // the exponents reach |h| + C/eps ~ 10 d / eps: 1e-12 of 100 bounds the rounding of both sides
      assertEquals(lj[i], lo[i], 1e-12 * (Math.abs(lj[i]) + 100), where + " lse i=" + i);
    }

    double[] a = weights(r, n);
    double[] b = weights(r, m);
    same(java.sinkhorn(x, n, y, m, d, null, null, eps, false, 1000, 1e-9, 0.0, Precision.DOUBLE, 0),
        other.sinkhorn(x, n, y, m, d, null, null, eps, false, 1000, 1e-9, 0.0, Precision.DOUBLE, 0), where);
    same(java.sinkhorn(x, n, y, m, d, a, b, eps, false, 1000, 1e-9, 0.0, Precision.DOUBLE, 2),
        other.sinkhorn(x, n, y, m, d, a, b, eps, false, 1000, 1e-9, 0.0, Precision.DOUBLE, 2), where + " weighted");
    same(java.sinkhorn(x, n, null, 0, d, a, null, eps, true, 10000, 1e-9, 0.0, Precision.DOUBLE, 0),
        other.sinkhorn(x, n, null, 0, d, a, null, eps, true, 10000, 1e-9, 0.0, Precision.DOUBLE, 0), where + " symmetric");
    same(java.sinkhorn(x, n, y, m, d, null, null, eps / 4, false, 3000, 1e-9, 0.5, Precision.DOUBLE, 0),
        other.sinkhorn(x, n, y, m, d, null, null, eps / 4, false, 3000, 1e-9, 0.5, Precision.DOUBLE, 0),
        where + " epsilon scaling");
  }
}
