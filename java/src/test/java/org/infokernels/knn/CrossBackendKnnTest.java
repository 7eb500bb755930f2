package org.infokernels.knn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Random;
import java.util.stream.Stream;
import org.infokernels.core.BackendKind;
import org.infokernels.core.Norm;
import org.infokernels.internal.backend.Backend;
import org.infokernels.internal.backend.Backends;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The native backends against the pure-Java twin on random data: k-NN distances must be equal
 * to the last bit (same arithmetic, same order of operations) and counts exactly equal. The
 * sizes include n not a multiple of any tile size, k = 1, d = 1 and d = 20, and integer-valued
 * data with many ties. A backend that cannot run here is a visible skip, never a pass.
 */
class CrossBackendKnnTest {

  static Stream<Arguments> cases() {
    return Stream.of(
        // n, dx, dy, dz, k, ties, seed
        Arguments.of(1, 1, 1, 1, 1, false, 11L),
        Arguments.of(2, 1, 1, 1, 3, false, 12L),
        Arguments.of(7, 2, 1, 1, 6, false, 13L),
        Arguments.of(257, 1, 1, 1, 1, false, 14L),
        Arguments.of(1000, 2, 2, 1, 3, false, 15L),
        Arguments.of(1531, 3, 2, 2, 5, false, 16L),
        Arguments.of(600, 20, 20, 3, 4, false, 17L),
        Arguments.of(999, 1, 1, 1, 3, true, 18L),
        Arguments.of(800, 2, 3, 2, 2, true, 19L),
        Arguments.of(4099, 2, 2, 2, 3, false, 20L));
  }

  static double[] data(Random r, int n, int d, boolean ties) {
    double[] v = new double[n * d];
    for (int i = 0; i < v.length; i++) {
      v[i] = ties ? r.nextInt(6) : r.nextGaussian();
    }
    return v;
  }

  static void requireBackend(String name) {
    Backend b = Backends.of(BackendKind.parse(name));
    assumeTrue(b.isAvailable(), () -> "skipped: " + b.unavailableReason());
  }

  @ParameterizedTest(name = "{0} n={1} dx={2} dy={3} dz={4} k={5} ties={6} seed={7}")
  @MethodSource("withBackends")
  void nativeMatchesJava(String backend, int nIn, int dx, int dy, int dz, int k, boolean ties, long seed) {
    requireBackend(backend);
    int n = Math.max(nIn, k + 1);
    Backend java = Backends.of(BackendKind.JAVA);
    Backend other = Backends.of(BackendKind.parse(backend));
    Random r = new Random(seed);
    double[] x = data(r, n, dx, ties);
    double[] y = data(r, n, dy, ties);
    double[] z = data(r, n, dz, ties);
    String ctx = backend + " n=" + n + " dx=" + dx + " dy=" + dy + " dz=" + dz + " k=" + k + " seed=" + seed;
    for (Norm norm : Norm.values()) {
      assertArrayEquals(java.knnDistance(x, n, x, n, dx, k, norm, true, 2),
          other.knnDistance(x, n, x, n, dx, k, norm, true, 2), 0.0, ctx + " knn same set " + norm);
      int m = Math.max(k, n / 2 + 1);
      assertArrayEquals(java.knnDistance(y, m, x, n, Math.min(dx, dy), k, norm, false, 2),
          other.knnDistance(y, m, x, n, Math.min(dx, dy), k, norm, false, 2), 0.0, ctx + " knn cross " + norm);
    }
    for (int alg = 1; alg <= 2; alg++) {
      Backend.KsgCounts a = java.ksgCounts(x, dx, y, dy, n, k, alg, 2);
      Backend.KsgCounts b = other.ksgCounts(x, dx, y, dy, n, k, alg, 2);
      assertArrayEquals(a.eps(), b.eps(), 0.0, ctx + " ksg eps alg " + alg);
      assertArrayEquals(a.nx(), b.nx(), ctx + " ksg nx alg " + alg);
      assertArrayEquals(a.ny(), b.ny(), ctx + " ksg ny alg " + alg);
    }
    Backend.CmiCounts a = java.cmiCounts(x, dx, y, dy, z, dz, n, k, 2);
    Backend.CmiCounts b = other.cmiCounts(x, dx, y, dy, z, dz, n, k, 2);
    assertArrayEquals(a.eps(), b.eps(), 0.0, ctx + " cmi eps");
    assertArrayEquals(a.nxz(), b.nxz(), ctx + " cmi nxz");
    assertArrayEquals(a.nyz(), b.nyz(), ctx + " cmi nyz");
    assertArrayEquals(a.nz(), b.nz(), ctx + " cmi nz");
  }

  static Stream<Arguments> withBackends() {
    return Stream.of("cpu", "cuda").flatMap(b -> cases().map(a -> {
      Object[] args = a.get();
      Object[] all = new Object[args.length + 1];
      all[0] = b;
      System.arraycopy(args, 0, all, 1, args.length);
      return Arguments.of(all);
    }));
  }
}
