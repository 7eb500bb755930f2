package org.infokernels.internal.knn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link KnnKernels} against naive double loops written here: k-th distances by sorting all
 * distances, KSG/CMI neighbours by sorting (distance, index) pairs, counts by scanning every j.
 * Distances must match bit for bit and counts exactly, on continuous data and on integer grids
 * full of ties and duplicates, for 1 and 3 threads. The same cases as native/test/test_knn_cpu.cpp.
 */
class KnnKernelsTest {

  /** Gaussian with correlated columns, or small integers (ties and duplicates everywhere). */
  enum Data { GAUSS, GRID }

  private static final int[] THREADS = {1, 3};

  static double[] make(int n, int d, Data kind, Random rng) {
    double[] v = new double[n * d];
    for (int i = 0; i < n; i++) {
      double common = rng.nextGaussian();
      for (int c = 0; c < d; c++) {
        v[i * d + c] = kind == Data.GRID ? rng.nextInt(4) : 0.6 * common + 0.8 * rng.nextGaussian() * (1 + c);
      }
    }
    return v;
  }

  static double distance(double[] a, int ao, double[] b, int bo, int d, boolean maxNorm) {
    double s = 0;
    for (int c = 0; c < d; c++) {
      double t = a[ao + c] - b[bo + c];
      s = maxNorm ? Math.max(s, Math.abs(t)) : s + t * t;
    }
    return maxNorm ? s : Math.sqrt(s);
  }

  static double naiveKth(double[] ref, int nRef, double[] q, int qo, int self, int d, int k, boolean maxNorm) {
    double[] ds = new double[nRef - (self >= 0 ? 1 : 0)];
    int m = 0;
    for (int j = 0; j < nRef; j++) {
      if (j != self) {
        ds[m++] = distance(q, qo, ref, j * d, d, maxNorm);
      }
    }
    Arrays.sort(ds);
    return ds[k - 1];
  }

  static double[] concat(int n, double[][] blocks, int[] dims) {
    int d = Arrays.stream(dims).sum();
    double[] out = new double[n * d];
    for (int i = 0; i < n; i++) {
      int o = i * d;
      for (int b = 0; b < blocks.length; b++) {
        System.arraycopy(blocks[b], i * dims[b], out, o, dims[b]);
        o += dims[b];
      }
    }
    return out;
  }

  /** the k joint neighbours of i, as {distance, index} in (distance, index) order */
  static List<double[]> naiveNeighbours(double[] z, int n, int d, int i, int k) {
    List<double[]> all = new ArrayList<>();
    for (int j = 0; j < n; j++) {
      if (j != i) {
        all.add(new double[] {distance(z, i * d, z, j * d, d, true), j});
      }
    }
    all.sort(Comparator.<double[]>comparingDouble(a -> a[0]).thenComparingDouble(a -> a[1]));
    return all.subList(0, k);
  }

  static long naiveCount(double[] v, int n, int d, int i, double r, boolean strict) {
    long c = 0;
    for (int j = 0; j < n; j++) {
      if (j != i) {
        double t = distance(v, i * d, v, j * d, d, true);
        c += (strict ? t < r : t <= r) ? 1 : 0;
      }
    }
    return c;
  }

  static void sameBits(double got, double want, String where, int i) {
    if (Double.doubleToRawLongBits(got) != Double.doubleToRawLongBits(want)) {
      fail(where + " i=" + i + ": got " + got + ", want " + want);
    }
  }

  static void sameCount(long got, long want, String where, String what, int i) {
    if (got != want) {
      fail(where + " " + what + " i=" + i + ": got " + got + ", want " + want);
    }
  }

  private static void checkKnnDistance(int nRef, int nQuery, int d, int k, boolean maxNorm, boolean sameSet,
                                       Data kind, long seed) {
    Random rng = new Random(seed);
    double[] ref = make(nRef, d, kind, rng);
    double[] query = sameSet ? ref : make(nQuery, d, kind, rng);
    int nq = sameSet ? nRef : nQuery;
    String where = "knnDistance(" + (sameSet ? "sameSet" : "ref, query") + ") n=" + nRef + " d=" + d + " k=" + k
        + " seed=" + seed + (maxNorm ? " max" : " euclidean") + " " + kind;
    double[] want = new double[nq];
    for (int i = 0; i < nq; i++) {
      want[i] = naiveKth(ref, nRef, query, i * d, sameSet ? i : -1, d, k, maxNorm);
    }
    for (int threads : THREADS) {
      double[] got = KnnKernels.knnDistance(ref, nRef, query, nq, d, k, maxNorm, sameSet, threads);
      for (int i = 0; i < nq; i++) {
        sameBits(got[i], want[i], where + " threads=" + threads, i);
      }
    }
  }

  private static void checkKsg(int n, int dx, int dy, int k, int algorithm, Data kind, long seed) {
    Random rng = new Random(seed);
    double[] x = make(n, dx, kind, rng);
    double[] y = make(n, dy, kind, rng);
    if (kind == Data.GAUSS) {
      for (int i = 0; i < n; i++) {
        y[i * dy] += x[i * dx];
      }
    }
    String where = "ksgCounts(alg " + algorithm + ") n=" + n + " dx=" + dx + " dy=" + dy + " k=" + k + " seed="
        + seed + " " + kind;
    double[] z = concat(n, new double[][] {x, y}, new int[] {dx, dy});
    double[] wantEps = new double[n];
    long[] wantX = new long[n];
    long[] wantY = new long[n];
    for (int i = 0; i < n; i++) {
      List<double[]> nb = naiveNeighbours(z, n, dx + dy, i, k);
      wantEps[i] = nb.get(k - 1)[0];
      if (algorithm == 1) {
        wantX[i] = naiveCount(x, n, dx, i, wantEps[i], true);
        wantY[i] = naiveCount(y, n, dy, i, wantEps[i], true);
      } else {
        double ex = 0;
        double ey = 0;
        for (double[] p : nb) {
          int j = (int) p[1];
          ex = Math.max(ex, distance(x, i * dx, x, j * dx, dx, true));
          ey = Math.max(ey, distance(y, i * dy, y, j * dy, dy, true));
        }
        wantX[i] = naiveCount(x, n, dx, i, ex, false);
        wantY[i] = naiveCount(y, n, dy, i, ey, false);
      }
    }
    for (int threads : THREADS) {
      double[] eps = new double[n];
      long[] nx = new long[n];
      long[] ny = new long[n];
      KnnKernels.ksgCounts(x, dx, y, dy, n, k, algorithm, threads, eps, nx, ny);
      String w = where + " threads=" + threads;
      for (int i = 0; i < n; i++) {
        sameBits(eps[i], wantEps[i], w + " eps", i);
        sameCount(nx[i], wantX[i], w, "n_x", i);
        sameCount(ny[i], wantY[i], w, "n_y", i);
      }
    }
  }

  private static void checkCmi(int n, int dx, int dy, int dz, int k, Data kind, long seed) {
    Random rng = new Random(seed);
    double[] x = make(n, dx, kind, rng);
    double[] y = make(n, dy, kind, rng);
    double[] z = make(n, dz, kind, rng);
    if (kind == Data.GAUSS) {
      for (int i = 0; i < n; i++) {
        x[i * dx] += z[i * dz];
        y[i * dy] += z[i * dz];
      }
    }
    String where = "cmiCounts n=" + n + " dx=" + dx + " dy=" + dy + " dz=" + dz + " k=" + k + " seed=" + seed
        + " " + kind;
    double[] xyz = concat(n, new double[][] {x, y, z}, new int[] {dx, dy, dz});
    double[] xz = concat(n, new double[][] {x, z}, new int[] {dx, dz});
    double[] yz = concat(n, new double[][] {y, z}, new int[] {dy, dz});
    double[] wantEps = new double[n];
    long[][] want = new long[3][n];
    for (int i = 0; i < n; i++) {
      double e = naiveNeighbours(xyz, n, dx + dy + dz, i, k).get(k - 1)[0];
      wantEps[i] = e;
      want[0][i] = naiveCount(xz, n, dx + dz, i, e, true);
      want[1][i] = naiveCount(yz, n, dy + dz, i, e, true);
      want[2][i] = naiveCount(z, n, dz, i, e, true);
    }
    // each route: the pilot's choice, the separate counts (-1), the counts in one search of z (2^40)
    for (long route : new long[] {KnnKernels.COMBINED_MAX_MEAN, -1, 1L << 40}) {
      for (int threads : THREADS) {
        double[] eps = new double[n];
        long[] nxz = new long[n];
        long[] nyz = new long[n];
        long[] nz = new long[n];
        KnnKernels.cmiCounts(x, dx, y, dy, z, dz, n, k, threads, eps, nxz, nyz, nz, route);
        String w = where + " threads=" + threads + " route=" + route;
        for (int i = 0; i < n; i++) {
          sameBits(eps[i], wantEps[i], w + " eps", i);
          sameCount(nxz[i], want[0][i], w, "n_xz", i);
          sameCount(nyz[i], want[1][i], w, "n_yz", i);
          sameCount(nz[i], want[2][i], w, "n_z", i);
        }
      }
    }
  }

  @Test
  void knnDistanceEqualsSortedNaiveDistances() {
    long seed = 1;
    for (Data kind : Data.values()) {
      for (int d : new int[] {1, 2, 3, 20}) {
        for (int n : new int[] {2, 3, 17, 130, 401}) {
          for (boolean maxNorm : new boolean[] {true, false}) {
            for (int k : new int[] {1, 3, n - 1}) {
              if (k >= n) {
                continue;
              }
              checkKnnDistance(n, 0, d, k, maxNorm, true, kind, seed++);
              checkKnnDistance(n, n * 7 / 5 + 1, d, k + 1, maxNorm, false, kind, seed++);
            }
          }
        }
      }
    }
    checkKnnDistance(1000, 0, 3, 5, true, true, Data.GAUSS, seed++);
    checkKnnDistance(999, 0, 2, 998, false, true, Data.GAUSS, seed++);
    checkKnnDistance(1, 3, 2, 1, true, false, Data.GAUSS, seed);
  }

  @Test
  void ksgCountsEqualNaiveCountsForBothAlgorithms() {
    long seed = 1000;
    int[][] dims = {{1, 1}, {2, 2}, {1, 3}, {3, 1}, {2, 20}};
    for (Data kind : Data.values()) {
      for (int[] dd : dims) {
        for (int n : new int[] {2, 5, 61, 300}) {
          for (int k : new int[] {1, 3, n - 1}) {
            for (int algorithm : new int[] {1, 2}) {
              if (k >= n || (dd[1] == 20 && n > 100)) {
                continue;
              }
              checkKsg(n, dd[0], dd[1], k, algorithm, kind, seed++);
            }
          }
        }
      }
    }
    checkKsg(1000, 2, 2, 3, 1, Data.GAUSS, seed++);
    checkKsg(1000, 2, 2, 3, 2, Data.GRID, seed++);
    // two-dimensional marginals with many rank blocks and whole cells (RankGrid)
    checkKsg(5000, 2, 2, 4, 1, Data.GAUSS, seed++);
    checkKsg(5000, 2, 2, 4, 2, Data.GRID, seed++);
    checkKsg(999, 1, 1, 998, 2, Data.GAUSS, seed);
  }

  @Test
  void cmiCountsEqualNaiveStrictCounts() {
    long seed = 2000;
    int[][] dims = {{1, 1, 1}, {2, 1, 2}, {1, 2, 3}, {2, 2, 1}, {1, 1, 20}};
    for (Data kind : Data.values()) {
      for (int[] dd : dims) {
        for (int n : new int[] {2, 6, 77, 250}) {
          for (int k : new int[] {1, 4, n - 1}) {
            if (k >= n || (dd[2] == 20 && n > 100)) {
              continue;
            }
            checkCmi(n, dd[0], dd[1], dd[2], k, kind, seed++);
          }
        }
      }
    }
    // the counts in one search of z (conditionalCounts): many whole subtrees, ties on the grid
    for (Data kind : Data.values()) {
      checkCmi(2500, 1, 1, 3, 4, kind, seed++);
      checkCmi(2500, 2, 1, 2, 4, kind, seed++);
    }
  }

  @Test
  void resultsDoNotDependOnTheThreadCount() {
    int n = 12_345;  // 25 blocks of 512 queries, the last one partial
    Random rng = new Random(7);
    double[] x = make(n, 2, Data.GAUSS, rng);
    double[] y = make(n, 2, Data.GAUSS, rng);
    for (int i = 0; i < n; i++) {
      y[2 * i] += x[2 * i];
    }
    for (int algorithm : new int[] {1, 2}) {
      double[] eps1 = new double[n];
      long[] nx1 = new long[n];
      long[] ny1 = new long[n];
      KnnKernels.ksgCounts(x, 2, y, 2, n, 3, algorithm, 1, eps1, nx1, ny1);
      for (int threads : new int[] {2, 3, 0}) {
        double[] eps = new double[n];
        long[] nx = new long[n];
        long[] ny = new long[n];
        KnnKernels.ksgCounts(x, 2, y, 2, n, 3, algorithm, threads, eps, nx, ny);
        String where = "ksgCounts(alg " + algorithm + ") n=" + n + " seed=7 threads=" + threads + " vs 1";
        assertArrayEquals(eps1, eps, where);
        assertArrayEquals(nx1, nx, where);
        assertArrayEquals(ny1, ny, where);
      }
    }
    double[] d1 = KnnKernels.knnDistance(x, n, x, n, 2, 4, false, true, 1);
    assertArrayEquals(d1, KnnKernels.knnDistance(x, n, x, n, 2, 4, false, true, 3), "knnDistance threads=3 vs 1");
  }

  @Test
  void duplicatePointsGiveZeroRadiusAndEmptyStrictCounts() {
    // five copies of one point: every joint radius is 0, so the strict ball is empty (alg. 1) and
    // the closed ball holds the four other copies (alg. 2)
    double[] x = {1, 1, 1, 1, 1};
    double[] y = {2, 2, 2, 2, 2};
    for (int algorithm : new int[] {1, 2}) {
      double[] eps = new double[5];
      long[] nx = new long[5];
      long[] ny = new long[5];
      KnnKernels.ksgCounts(x, 1, y, 1, 5, 2, algorithm, 1, eps, nx, ny);
      long want = algorithm == 1 ? 0 : 4;
      for (int i = 0; i < 5; i++) {
        assertEquals(0.0, eps[i], "eps i=" + i);
        assertEquals(want, nx[i], "alg " + algorithm + " n_x i=" + i);
        assertEquals(want, ny[i], "alg " + algorithm + " n_y i=" + i);
      }
    }
  }

  @Test
  void impossibleSizesAreRejected() {
    double[] a = new double[20];
    long[] c = new long[10];
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> KnnKernels.knnDistance(a, 5, a, 5, 2, 5, true, true, 1));
    assertTrue(e.getMessage().contains("k = 5 must be smaller than n = 5"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> KnnKernels.knnDistance(a, 4, a, 6, 2, 5, true, false, 1));
    assertTrue(e.getMessage().contains("k = 5 must not exceed nRef = 4"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> KnnKernels.knnDistance(a, 5, a, 5, 0, 1, true, true, 1));
    assertTrue(e.getMessage().contains("d = 0 must be at least 1"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> KnnKernels.knnDistance(a, 11, a, 11, 2, 1, true, true, 1));
    assertTrue(e.getMessage().contains("fewer than 11 rows"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> KnnKernels.ksgCounts(a, 1, a, 1, 10, 3, 3, 1, null, c, c));
    assertTrue(e.getMessage().contains("algorithm = 3 must be 1 or 2"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> KnnKernels.ksgCounts(a, 1, a, 1, 10, 0, 1, 1, null, c, c));
    assertTrue(e.getMessage().contains("k = 0 must be at least 1"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> KnnKernels.cmiCounts(a, 1, a, 1, a, 1, 10, 3, 1, null, c, c, new long[9]));
    assertTrue(e.getMessage().contains("outNz must hold n = 10 values"), e.getMessage());
  }
}
