package org.infokernels.internal.knn;

import java.util.function.IntToLongFunction;
import java.util.function.IntUnaryOperator;
import org.infokernels.internal.Parallel;

/**
 * The exact k-nearest-neighbour kernels in pure Java: the readable twin of the {@code ik_knn_*},
 * {@code ik_ksg_counts} and {@code ik_cmi_counts} entries of {@code native/include/infokernels.h},
 * with the same arguments on row-major {@code double[]} arrays and the same results, bit for bit.
 *
 * <ul>
 *   <li>{@link #knnDistance}: distance from each query point to its k-th nearest reference point,
 *       Euclidean (√Σ(a_c − b_c)², summed in coordinate order) or max norm (max |a_c − b_c|): ρ_k of
 *       the Kozachenko–Leonenko entropy [3] and ν_k, ρ_k of the Wang–Kulkarni–Verdú divergence [4].
 *   <li>{@link #ksgCounts}: the Kraskov–Stögbauer–Grassberger counts [1]. ε(i)/2 is the k-th joint
 *       max-norm distance of z_i = (x_i, y_i). Algorithm 1: n_x(i) = #{j ≠ i : ‖x_i − x_j‖ &lt; ε(i)/2},
 *       strict. Algorithm 2: ε_x(i)/2 = max over the k joint neighbours j of ‖x_i − x_j‖ and
 *       n_x(i) = #{j ≠ i : ‖x_i − x_j‖ ≤ ε_x(i)/2}, non-strict. Same for y.
 *   <li>{@link #cmiCounts}: the Frenzel–Pompe counts [2]: ε(i)/2 from (x, y, z), strict counts in
 *       (x, z), (y, z) and z.
 * </ul>
 *
 * <p>Conventions shared by every backend: a point is never its own neighbour (in {@code
 * knnDistance} only when {@code sameSet}); the k neighbours are the k smallest candidates in
 * (distance, row index) order, which decides ε_x, ε_y of algorithm 2 under ties; all marginal norms
 * are max norms over that marginal's coordinates.
 *
 * <p>Method: a k-d tree with tight node boxes (k-NN with a bounded candidate list; range counts
 * that add a whole subtree when its box lies inside the ball and skip it when outside), and a
 * sorted array with binary search for one-dimensional marginals. Exact, never approximate. Time
 * O(n log n) for low dimension (degrading towards O(n²·d) in high dimension, as for any exact
 * method); memory O(n·d). Query points are split into blocks taken by {@code threads} workers;
 * each result depends on its own query only, so nothing depends on the thread count.
 *
 * <p>Arguments are validated by the estimators; this class throws {@link IllegalArgumentException}
 * only for impossible sizes.
 *
 * <p>[1] A. Kraskov, H. Stögbauer, P. Grassberger, Phys. Rev. E 69, 066138 (2004).<br>
 * [2] S. Frenzel, B. Pompe, Phys. Rev. Lett. 99, 204101 (2007).<br>
 * [3] L. F. Kozachenko, N. N. Leonenko, Probl. Inf. Transm. 23, 95 (1987).<br>
 * [4] Q. Wang, S. R. Kulkarni, S. Verdú, IEEE Trans. Inf. Theory 55, 2392 (2009).
 */
public final class KnnKernels {
  // queries per block: large enough to amortise the scheduling, small enough to balance threads
  private static final int BLOCK = 512;

  private KnnKernels() {}

  /**
   * Distance from every query point to its k-th nearest neighbour among the reference points.
   *
   * @param ref     nRef × d reference points, row-major
   * @param query   nQuery × d query points, row-major; with {@code sameSet} the same points as ref
   *                (pass the same array and nQuery = nRef): point i is then excluded from its own
   *                neighbours
   * @param maxNorm max norm if true, Euclidean otherwise
   * @param threads worker threads; ≤ 0 means {@link Runtime#availableProcessors()}
   * @return nQuery distances
   */
  public static double[] knnDistance(double[] ref, int nRef, double[] query, int nQuery, int d, int k,
                                     boolean maxNorm, boolean sameSet, int threads) {
    requireDim("d", d);
    requireRows("ref", ref, nRef, d);
    requireRows("query", query, nQuery, d);
    if (sameSet) {
      if (nQuery != nRef) {
        throw new IllegalArgumentException(
            "sameSet needs nQuery = nRef, got nQuery = " + nQuery + " and nRef = " + nRef);
      }
      requireK(k, nRef);
    } else {
      if (k < 1) {
        throw new IllegalArgumentException("k = " + k + " must be at least 1");
      }
      if (nRef < k) {
        throw new IllegalArgumentException("k = " + k + " must not exceed nRef = " + nRef);
      }
    }
    double[] out = new double[nQuery];
    if (nQuery == 0) {
      return out;
    }
    int nt = resolveThreads(threads);
    KdTree tree = new KdTree(new double[][] {ref}, new int[] {d}, nRef, leafSize(d), nt);
    double[] pts = tree.points();
    // squared Euclidean sums are searched; sqrt is monotone, so the root of the k-th sum is the
    // k-th distance, exactly as sorting the roots would give
    parallelBlocks(nQuery, nt, (begin, end) -> {
      KBest best = new KBest(k);
      for (int p = begin; p < end; p++) {
        best.clear();
        int i;
        if (sameSet) {
          // queries in tree order: neighbouring queries visit the same nodes
          i = tree.index(p);
          if (query == ref) {
            tree.knn(pts, p * d, i, maxNorm, best);
          } else {
            tree.knn(query, i * d, i, maxNorm, best);
          }
        } else {
          i = p;
          tree.knn(query, i * d, -1, maxNorm, best);
        }
        out[i] = maxNorm ? best.bound() : Math.sqrt(best.bound());
      }
    });
    return out;
  }

  /**
   * KSG neighbour counts (Kraskov et al. 2004): the joint k-th neighbour radius ε(i)/2 and the
   * marginal counts n_x(i), n_y(i), strict for algorithm 1 and non-strict (with the marginal radii
   * spanned by the k joint neighbours) for algorithm 2.
   *
   * @param x         n × dx, row-major
   * @param y         n × dy, row-major
   * @param algorithm 1 or 2
   * @param threads   worker threads; ≤ 0 means {@link Runtime#availableProcessors()}
   * @param outEps    receives ε(i)/2 (may be null)
   * @param outNx     receives n_x(i)
   * @param outNy     receives n_y(i)
   */
  public static void ksgCounts(double[] x, int dx, double[] y, int dy, int n, int k, int algorithm, int threads,
                               double[] outEps, long[] outNx, long[] outNy) {
    ksgCounts(x, dx, y, dy, n, k, algorithm, null, null, threads, outEps, outNx, outNy);
  }

  /**
   * The rows of a one-dimensional sample by non-decreasing value, for {@link #ksgCounts(double[], int,
   * double[], int, int, int, int, int[], int[], int, double[], long[], long[])}: a variable that enters
   * many pairs is sorted once.
   */
  public static int[] sortingOrder(double[] values, int n) {
    requireRows("values", values, n, 1);
    return SortedLine.order(values, n);
  }

  /**
   * {@link #ksgCounts(double[], int, double[], int, int, int, int, int, double[], long[], long[])} with
   * the sorting order of a one-dimensional x and/or y given ({@link #sortingOrder}; null: sorted here),
   * the Java twin of {@code ik_ksg_counts_sorted_cpu}: the same counts, bit for bit, without the sort.
   *
   * @throws IllegalArgumentException also if an order is given for a space of more than one dimension,
   *         or is not a permutation of 0..n−1 along which the values never decrease
   */
  public static void ksgCounts(double[] x, int dx, double[] y, int dy, int n, int k, int algorithm, int[] orderX,
                               int[] orderY, int threads, double[] outEps, long[] outNx, long[] outNy) {
    requireDim("dx", dx);
    requireDim("dy", dy);
    requireRows("x", x, n, dx);
    requireRows("y", y, n, dy);
    requireK(k, n);
    if (algorithm != 1 && algorithm != 2) {
      throw new IllegalArgumentException("algorithm = " + algorithm + " must be 1 or 2");
    }
    requireOut("outEps", outEps, n, true);
    requireOut("outNx", outNx, n);
    requireOut("outNy", outNy, n);
    if ((orderX != null && dx != 1) || (orderY != null && dy != 1)) {
      throw new IllegalArgumentException("a sorting order given for dx = " + dx + ", dy = " + dy
          + " (only a one-dimensional space has one)");
    }
    // checked before the search (SortedLine's constructor): a bad order fails fast
    SortedLine lineX = orderX == null ? null : new SortedLine(x, orderX, n, "orderX");
    SortedLine lineY = orderY == null ? null : new SortedLine(y, orderY, n, "orderY");
    int nt = resolveThreads(threads);
    // Three passes, each over one structure in its own order so that consecutive queries visit
    // the same nodes: joint k-NN radii, then x counts, then y counts. Each tree becomes garbage
    // before the next is built.
    double[] eps = outEps != null ? outEps : new double[n];
    double[] epsX = algorithm == 2 ? new double[n] : eps;
    double[] epsY = algorithm == 2 ? new double[n] : eps;
    KdTree joint = new KdTree(new double[][] {x, y}, new int[] {dx, dy}, n, leafSize(dx + dy), nt);
    double[] pts = joint.points();
    int d = dx + dy;
    parallelBlocks(n, nt, (begin, end) -> {
      KBest best = new KBest(k);
      for (int p = begin; p < end; p++) {
        int i = joint.index(p);
        best.clear();
        joint.knn(pts, p * d, i, true, best);
        eps[i] = best.bound();
        if (algorithm == 2) {
          // alg. 2: each marginal's own radius is spanned by the k joint neighbours
          double ex = 0;
          double ey = 0;
          for (int j = 0; j < best.size(); j++) {
            int nb = best.index(j);
            ex = Math.max(ex, maxDistance(x, i * dx, nb * dx, dx));
            ey = Math.max(ey, maxDistance(y, i * dy, nb * dy, dy));
          }
          epsX[i] = ex;
          epsY[i] = ey;
        }
      }
    });
    // strict <: KSG alg. 1 counts points inside the open ball of radius eps(i)/2; alg. 2 the
    // closed ball of radius eps_x(i)/2
    boolean strict = algorithm == 1;
    (lineX != null ? new Marginal(lineX) : new Marginal(new double[][] {x}, new int[] {dx}, n, nt))
        .countAll(epsX, strict, nt, outNx);
    (lineY != null ? new Marginal(lineY) : new Marginal(new double[][] {y}, new int[] {dy}, n, nt))
        .countAll(epsY, strict, nt, outNy);
  }

  /**
   * Frenzel–Pompe conditional-MI counts (PRL 99 204101, 2007): the k-th neighbour radius ε(i)/2 in
   * (x, y, z) and strict counts within it in (x, z), (y, z) and z.
   *
   * @param threads worker threads; ≤ 0 means {@link Runtime#availableProcessors()}
   * @param outEps  receives ε(i)/2 (may be null)
   */
  public static void cmiCounts(double[] x, int dx, double[] y, int dy, double[] z, int dz, int n, int k,
                               int threads, double[] outEps, long[] outNxz, long[] outNyz, long[] outNz) {
    cmiCounts(x, dx, y, dy, z, dz, n, k, threads, outEps, outNxz, outNyz, outNz, COMBINED_MAX_MEAN);
  }

  /** {@link #cmiCounts} with the pilot's threshold given (tests force each route: −1 never combines) */
  static void cmiCounts(double[] x, int dx, double[] y, int dy, double[] z, int dz, int n, int k, int threads,
                        double[] outEps, long[] outNxz, long[] outNyz, long[] outNz, long combinedMaxMean) {
    requireDim("dx", dx);
    requireDim("dy", dy);
    requireDim("dz", dz);
    requireRows("x", x, n, dx);
    requireRows("y", y, n, dy);
    requireRows("z", z, n, dz);
    requireK(k, n);
    requireOut("outEps", outEps, n, true);
    requireOut("outNxz", outNxz, n);
    requireOut("outNyz", outNyz, n);
    requireOut("outNz", outNz, n);
    int nt = resolveThreads(threads);
    // as in ksgCounts: the joint radii first, then each count space in its own order
    double[] eps = outEps != null ? outEps : new double[n];
    int d = dx + dy + dz;
    KdTree joint = new KdTree(new double[][] {x, y, z}, new int[] {dx, dy, dz}, n, leafSize(d), nt);
    double[] pts = joint.points();
    parallelBlocks(n, nt, (begin, end) -> {
      KBest best = new KBest(k);
      for (int p = begin; p < end; p++) {
        int i = joint.index(p);
        best.clear();
        joint.knn(pts, p * d, i, true, best);
        eps[i] = best.bound();
      }
    });
    // all strict: Frenzel–Pompe eq. 2 is KSG algorithm 1 in each space
    if (!conditionalCounts(x, dx, y, dy, z, dz, n, eps, nt, outNxz, outNyz, outNz, combinedMaxMean)) {
      new Marginal(new double[][] {x, z}, new int[] {dx, dz}, n, nt).countAll(eps, true, nt, outNxz);
      new Marginal(new double[][] {y, z}, new int[] {dy, dz}, n, nt).countAll(eps, true, nt, outNyz);
      new Marginal(new double[][] {z}, new int[] {dz}, n, nt).countAll(eps, true, nt, outNz);
    }
  }

  /**
   * The largest mean n_z (pilot of 256 queries) for which {@link #conditionalCounts} runs. Lower
   * than the native 8192: the JIT does not vectorise the scans. Measured (2026-12-06, TE-like
   * embeddings at 10⁵, k = 4, 2 threads, the whole cmiCounts; separate / combined): target
   * history 1 (mean n_z ~3 200) 0.32 / 0.51 s, history 2 (~690) 0.66 / 0.59 s, history 3 (~275)
   * 1.42 / 1.04 s.
   */
  static final long COMBINED_MAX_MEAN = 1024;

  /**
   * The three strict counts of CMI in one search of the z-space (native twin: knn_cpu.cpp
   * {@code conditional_counts}): every point within r of z_i in z is in n_z, and it is in n_xz
   * (n_yz) when also within r in x (y), since the max norm of (x, z) is the larger of the two.
   * Subtrees inside the z-ball add their size to n_z and scan their points' x and y, kept in the
   * tree's order. Its cost grows with n_z itself, the separate counts' only with each ball's
   * boundary: a pilot of every (n / 256)-th query estimates the mean n_z first, and above
   * {@link #COMBINED_MAX_MEAN} this returns false and the caller counts each space on its own.
   */
  private static boolean conditionalCounts(double[] x, int dx, double[] y, int dy, double[] z, int dz, int n,
                                           double[] eps, int nt, long[] outNxz, long[] outNyz, long[] outNz,
                                           long maxMean) {
    if (dz == 1) {
      return conditionalCountsLine(x, dx, y, dy, z, n, eps, nt, outNxz, outNyz, outNz, maxMean);
    }
    KdTree tree = new KdTree(new double[][] {z}, new int[] {dz}, n, countLeafSize(dz), nt);
    double[] pts = tree.points();
    if (pilotExceeds(n, maxMean, p -> tree.countWithin(pts, p * dz, eps[tree.index(p)], true))) {
      return false;
    }
    double[] xs = inOrder(x, dx, n, tree::index);
    double[] ys = inOrder(y, dy, n, tree::index);
    parallelBlocks(n, nt, (begin, end) -> {
      long[] c = new long[3];
      for (int p = begin; p < end; p++) {
        int i = tree.index(p);
        double r = eps[i];
        c[0] = 0;
        c[1] = 0;
        c[2] = 0;
        tree.count3(pts, p * dz, xs, dx, ys, dy, p, r, c);
        long self = 0 < r ? 1 : 0;
        outNz[i] = c[0] - self;
        outNxz[i] = c[1] - self;
        outNyz[i] = c[2] - self;
      }
    });
    return true;
  }

  /** {@link #conditionalCounts} for dz = 1: the z-ball is a run of the sorted line (two binary searches) */
  private static boolean conditionalCountsLine(double[] x, int dx, double[] y, int dy, double[] z, int n,
                                               double[] eps, int nt, long[] outNxz, long[] outNyz, long[] outNz,
                                               long maxMean) {
    SortedLine line = new SortedLine(z, n);
    double[] v = line.values();
    if (pilotExceeds(n, maxMean, p -> line.countWithin(v[p], eps[line.index(p)], true))) {
      return false;
    }
    double[] xs = inOrder(x, dx, n, line::index);
    double[] ys = inOrder(y, dy, n, line::index);
    parallelBlocks(n, nt, (begin, end) -> {
      for (int p = begin; p < end; p++) {
        int i = line.index(p);
        double r = eps[i];
        long run = line.runWithin(v[p], r, true);
        int b = (int) (run >>> 32);
        int e = (int) run;
        long self = 0 < r ? 1 : 0;
        outNz[i] = e - b - self;
        outNxz[i] = KdTree.sideCount(xs, dx, p, b, e, r) - self;
        outNyz[i] = KdTree.sideCount(ys, dy, p, b, e, r) - self;
      }
    });
    return true;
  }

  /** whether the mean of countAt(p) over every (n / 256)-th position p exceeds maxMean (the pilot) */
  private static boolean pilotExceeds(int n, long maxMean, IntToLongFunction countAt) {
    int step = Math.max(1, n / 256);
    long total = 0;
    long queries = 0;
    for (int p = 0; p < n; p += step, queries++) {
      total += countAt.applyAsLong(p);
    }
    return total > maxMean * queries;
  }

  /** the rows of v (n × d) in a structure's order: row p of the result is row index(p) of v */
  private static double[] inOrder(double[] v, int d, int n, IntUnaryOperator index) {
    double[] out = new double[n * d];
    for (int p = 0; p < n; p++) {
      System.arraycopy(v, index.applyAsInt(p) * d, out, p * d, d);
    }
    return out;
  }

  /**
   * {@link #ksgCounts} with a Theiler window (JIDT's {@code DYN_CORR_EXCL}): no point j with
   * |times[j] − times[i]| ≤ window is a neighbour of i, in the k-NN search or in the counts.
   * Trials are told apart by times that differ by more than the window. times null (or window
   * &lt; 0) gives {@link #ksgCounts} itself, bit for bit.
   */
  public static void ksgCounts(double[] x, int dx, double[] y, int dy, int n, int k, int algorithm, long[] times,
                               long window, int threads, double[] outEps, long[] outNx, long[] outNy) {
    if (times == null || window < 0) {
      ksgCounts(x, dx, y, dy, n, k, algorithm, threads, outEps, outNx, outNy);
      return;
    }
    requireDim("dx", dx);
    requireDim("dy", dy);
    requireRows("x", x, n, dx);
    requireRows("y", y, n, dy);
    requireOut("outNx", outNx, n);
    requireOut("outNy", outNy, n);
    Window w = new Window(times, n, window);
    w.requireNeighbours(k);
    int nt = resolveThreads(threads);
    double[] eps = outEps != null ? outEps : new double[n];
    double[] epsX = algorithm == 2 ? new double[n] : eps;
    double[] epsY = algorithm == 2 ? new double[n] : eps;
    double[][] blocks = {x, y};
    int[] dims = {dx, dy};
    jointRadii(blocks, dims, n, k, times, window, nt, eps, algorithm == 2 ? new double[][] {epsX, epsY} : null);
    boolean strict = algorithm == 1;
    new Marginal(new double[][] {x}, new int[] {dx}, n, nt).countAll(epsX, strict, nt, outNx);
    new Marginal(new double[][] {y}, new int[] {dy}, n, nt).countAll(epsY, strict, nt, outNy);
    w.subtract(outNx, (i, j) -> within(x, dx, i, j, epsX[i], strict));
    w.subtract(outNy, (i, j) -> within(y, dy, i, j, epsY[i], strict));
  }

  /**
   * Conditional-MI counts with the choice of algorithm and a Theiler window (times null: none).
   * Algorithm 1 is {@link #cmiCounts}: strict counts within ε(i)/2 in (x, z), (y, z) and z.
   * Algorithm 2 (JIDT's {@code ConditionalMutualInfoCalculatorMultiVariateKraskov2}): ε_x, ε_y,
   * ε_z are the largest x, y and z max-norm distances among the k joint neighbours, and
   * n_xz = #{j ≠ i : ‖x_i − x_j‖ ≤ ε_x and ‖z_i − z_j‖ ≤ ε_z}, n_yz likewise, n_z = #{j ≠ i :
   * ‖z_i − z_j‖ ≤ ε_z}, all non-strict; the estimate is then ψ(k) − 2/k + ⟨ψ(n_z) − ψ(n_xz) −
   * ψ(n_yz) + 1/n_xz + 1/n_yz⟩.
   */
  public static void cmiCounts(double[] x, int dx, double[] y, int dy, double[] z, int dz, int n, int k,
                               int algorithm, long[] times, long window, int threads, double[] outEps,
                               long[] outNxz, long[] outNyz, long[] outNz) {
    boolean noWindow = times == null || window < 0;
    if (noWindow && algorithm == 1) {
      cmiCounts(x, dx, y, dy, z, dz, n, k, threads, outEps, outNxz, outNyz, outNz);
      return;
    }
    if (algorithm != 1 && algorithm != 2) {
      throw new IllegalArgumentException("algorithm = " + algorithm + " must be 1 or 2");
    }
    requireDim("dx", dx);
    requireDim("dy", dy);
    requireDim("dz", dz);
    requireRows("x", x, n, dx);
    requireRows("y", y, n, dy);
    requireRows("z", z, n, dz);
    requireOut("outNxz", outNxz, n);
    requireOut("outNyz", outNyz, n);
    requireOut("outNz", outNz, n);
    Window w = noWindow ? null : new Window(times, n, window);
    if (w != null) {
      w.requireNeighbours(k);
    } else {
      requireK(k, n);
    }
    int nt = resolveThreads(threads);
    double[] eps = outEps != null ? outEps : new double[n];
    double[][] blocks = {x, y, z};
    int[] dims = {dx, dy, dz};
    if (algorithm == 1) {
      jointRadii(blocks, dims, n, k, times, window, nt, eps, null);
      new Marginal(new double[][] {x, z}, new int[] {dx, dz}, n, nt).countAll(eps, true, nt, outNxz);
      new Marginal(new double[][] {y, z}, new int[] {dy, dz}, n, nt).countAll(eps, true, nt, outNyz);
      new Marginal(new double[][] {z}, new int[] {dz}, n, nt).countAll(eps, true, nt, outNz);
      w.subtract(outNxz, (i, j) -> within(x, dx, i, j, eps[i], true) && within(z, dz, i, j, eps[i], true));
      w.subtract(outNyz, (i, j) -> within(y, dy, i, j, eps[i], true) && within(z, dz, i, j, eps[i], true));
      w.subtract(outNz, (i, j) -> within(z, dz, i, j, eps[i], true));
      return;
    }
    double[] ex = new double[n];
    double[] ey = new double[n];
    double[] ez = new double[n];
    jointRadii(blocks, dims, n, k, times, window, nt, eps, new double[][] {ex, ey, ez});
    countRadii(new double[][] {x, z}, new int[] {dx, dz}, new double[][] {ex, ez}, n, nt, outNxz);
    countRadii(new double[][] {y, z}, new int[] {dy, dz}, new double[][] {ey, ez}, n, nt, outNyz);
    new Marginal(new double[][] {z}, new int[] {dz}, n, nt).countAll(ez, false, nt, outNz);
    if (w != null) {
      w.subtract(outNxz, (i, j) -> within(x, dx, i, j, ex[i], false) && within(z, dz, i, j, ez[i], false));
      w.subtract(outNyz, (i, j) -> within(y, dy, i, j, ey[i], false) && within(z, dz, i, j, ez[i], false));
      w.subtract(outNz, (i, j) -> within(z, dz, i, j, ez[i], false));
    }
  }

  /**
   * The k-th joint max-norm distance eps[i] of every row of the concatenated blocks (Theiler window
   * when times is not null) and, when perBlock is not null, the largest distance in each block
   * among the k neighbours (perBlock[b][i]): the radii of KSG algorithm 2.
   */
  private static void jointRadii(double[][] blocks, int[] dims, int n, int k, long[] times, long window, int nt,
                                 double[] eps, double[][] perBlock) {
    int d = 0;
    for (int dim : dims) {
      d += dim;
    }
    int dd = d;
    KdTree joint = new KdTree(blocks, dims, n, leafSize(d), nt);
    double[] pts = joint.points();
    parallelBlocks(n, nt, (begin, end) -> {
      KBest best = new KBest(k);
      for (int p = begin; p < end; p++) {
        int i = joint.index(p);
        best.clear();
        joint.knn(pts, p * dd, i, true, best, times, times == null ? -1 : window);
        eps[i] = best.bound();
        if (perBlock != null) {
          for (int b = 0; b < blocks.length; b++) {
            double e = 0;
            for (int j = 0; j < best.size(); j++) {
              e = Math.max(e, maxDistance(blocks[b], i * dims[b], best.index(j) * dims[b], dims[b]));
            }
            perBlock[b][i] = e;
          }
        }
      }
    });
  }

  /** out[i] = #{j ≠ i : every block b within its own radius r[b][i] (≤)}, by a k-d tree box count */
  private static void countRadii(double[][] blocks, int[] dims, double[][] r, int n, int nt, long[] out) {
    int d = 0;
    for (int dim : dims) {
      d += dim;
    }
    int dd = d;
    KdTree tree = new KdTree(blocks, dims, n, countLeafSize(d), nt);
    double[] pts = tree.points();
    parallelBlocks(n, nt, (begin, end) -> {
      double[] radii = new double[dd];
      for (int p = begin; p < end; p++) {
        int i = tree.index(p);
        int c = 0;
        for (int b = 0; b < dims.length; b++) {
          for (int q = 0; q < dims[b]; q++) {
            radii[c++] = r[b][i];
          }
        }
        // the point itself is always inside a closed box
        out[i] = tree.countWithinRadii(pts, p * dd, radii) - 1;
      }
    });
  }

  /** whether rows i and j of v (n × d) are within r in the max norm: &lt; r (strict) or ≤ r */
  private static boolean within(double[] v, int d, int i, int j, double r, boolean strict) {
    double t = maxDistance(v, i * d, j * d, d);
    return strict ? t < r : t <= r;
  }

  /** the pairs (i, j), j ≠ i, with |times[i] − times[j]| ≤ window: the neighbours a Theiler window removes */
  private static final class Window {
    private final long[] times;
    private final int[] order;
    private final long window;
    private final int n;

    Window(long[] times, int n, long window) {
      if (times.length < n) {
        throw new IllegalArgumentException("times has " + times.length + " entries for " + n + " rows");
      }
      this.times = times;
      this.n = n;
      this.window = window;
      Integer[] o = new Integer[n];
      for (int i = 0; i < n; i++) {
        o[i] = i;
      }
      java.util.Arrays.sort(o, (a, b) -> Long.compare(times[a], times[b]));
      order = new int[n];
      for (int i = 0; i < n; i++) {
        order[i] = o[i];
      }
    }

    /** every row must keep at least k candidates outside its window */
    void requireNeighbours(int k) {
      requireK(k, n);
      int least = Integer.MAX_VALUE;
      for (int p = 0; p < n; p++) {
        least = Math.min(least, n - 1 - inWindow(p));
      }
      if (least < k) {
        throw new IllegalArgumentException("a Theiler window of " + window + " leaves only " + least
            + " candidate neighbours for some point, fewer than k = " + k);
      }
    }

    private int inWindow(int p) {
      int i = order[p];
      int count = 0;
      for (int q = p - 1; q >= 0 && times[i] - times[order[q]] <= window; q--) {
        count++;
      }
      for (int q = p + 1; q < n && times[order[q]] - times[i] <= window; q++) {
        count++;
      }
      return count;
    }

    /** out[i] −= #{j in i's window : inside(i, j)} */
    void subtract(long[] out, java.util.function.BiPredicate<Integer, Integer> inside) {
      for (int p = 0; p < n; p++) {
        int i = order[p];
        long remove = 0;
        for (int q = p - 1; q >= 0 && times[i] - times[order[q]] <= window; q--) {
          remove += inside.test(i, order[q]) ? 1 : 0;
        }
        for (int q = p + 1; q < n && times[order[q]] - times[i] <= window; q++) {
          remove += inside.test(i, order[q]) ? 1 : 0;
        }
        out[i] -= remove;
      }
    }
  }

  /**
   * The k nearest neighbours (max norm, (distance, index) order) of every row of v (n × d), the row
   * itself and, with times not null, every row within the Theiler window excluded: out[i·k + j] is
   * the original index of the j-th nearest neighbour of row i (ascending distance).
   */
  public static int[] neighbours(double[] v, int d, int n, int k, long[] times, long window, int threads) {
    requireDim("d", d);
    requireRows("v", v, n, d);
    requireK(k, n);
    int nt = resolveThreads(threads);
    KdTree tree = new KdTree(new double[][] {v}, new int[] {d}, n, leafSize(d), nt);
    double[] pts = tree.points();
    int[] out = new int[Math.multiplyExact(n, k)];
    parallelBlocks(n, nt, (begin, end) -> {
      KBest best = new KBest(k);
      for (int p = begin; p < end; p++) {
        int i = tree.index(p);
        best.clear();
        tree.knn(pts, p * d, i, true, best, times, times == null ? -1 : window);
        int[] sorted = best.sortedIndices();
        System.arraycopy(sorted, 0, out, i * k, sorted.length);
      }
    });
    return out;
  }

  /**
   * Leaf size by dimension, from measurements of the C++ twin. Low d: 16 (8 is about 20% slower,
   * 32 no faster). High d: boxes prune little and larger leaves save box tests.
   */
  static int leafSize(int d) {
    return d <= 4 ? 16 : d <= 8 ? 32 : 128;
  }

  /**
   * Leaf size of the trees that only count (marginal spaces), as {@code count_leaf_size} in the C++
   * twin: larger leaves make the boundary of a range count cheaper (measured there: 15-20% less
   * build + count time at 48-64 than at 16 for 2- to 4-D spaces). Counts do not depend on it.
   */
  static int countLeafSize(int d) {
    return d <= 4 ? 48 : d <= 8 ? 64 : 128;
  }

  static int resolveThreads(int threads) {
    return threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
  }

  private static double maxDistance(double[] v, int a, int b, int d) {
    double s = 0;
    for (int c = 0; c < d; c++) {
      double t = Math.abs(v[a + c] - v[b + c]);
      s = t > s ? t : s;
    }
    return s;
  }

  /**
   * Max-norm neighbour counts in one marginal space made of one or more column blocks (x; or x and
   * z for CMI): a sorted line when it is one-dimensional, a rank grid ({@link RankGrid}) when it is
   * two-dimensional, a k-d tree otherwise.
   */
  private static final class Marginal {
    private final SortedLine line;
    private final RankGrid grid;
    private final KdTree tree;

    /** a one-dimensional space already sorted */
    Marginal(SortedLine line) {
      this.line = line;
      this.grid = null;
      this.tree = null;
    }

    Marginal(double[][] blocks, int[] dims, int n, int threads) {
      int d = 0;
      for (int dim : dims) {
        d += dim;
      }
      if (d == 1) {
        line = new SortedLine(blocks[0], n);
        grid = null;
        tree = null;
      } else if (d == 2 && n <= RankGrid.MAX_ROWS) {
        // the two columns: one block of two, or two blocks of one
        boolean one = dims[0] == 2;
        line = null;
        grid = new RankGrid(one ? new double[][] {blocks[0], blocks[0]} : new double[][] {blocks[0], blocks[1]},
            new int[] {0, one ? 1 : 0}, new int[] {dims[0], one ? 2 : 1}, n);
        tree = null;
      } else {
        line = null;
        grid = null;
        tree = new KdTree(blocks, dims, n, countLeafSize(d), threads);
      }
    }

    /**
     * out[i] = #{j ≠ i : |v_i − v_j|_max &lt; r[i]} (strict) or ≤ r[i] for every row i. The queries
     * run in this space's own order (sorted, or tree order): consecutive queries visit the same
     * nodes and read the coordinates sequentially.
     */
    void countAll(double[] r, boolean strict, int threads, long[] out) {
      if (grid != null) {
        parallelBlocks(grid.size(), threads, (begin, end) -> {
          for (int p = begin; p < end; p++) {
            int i = grid.index(p);
            boolean selfInside = strict ? 0 < r[i] : 0 <= r[i];
            out[i] = grid.countAt(p, r[i], strict) - (selfInside ? 1 : 0);
          }
        });
        return;
      }
      int n = line != null ? line.size() : tree.size();
      int d = line != null ? 1 : tree.dim();
      double[] coordinates = line != null ? line.values() : tree.points();
      parallelBlocks(n, threads, (begin, end) -> {
        for (int p = begin; p < end; p++) {
          int i = line != null ? line.index(p) : tree.index(p);
          long all = line != null
              ? line.countWithin(coordinates[p], r[i], strict)
              : tree.countWithin(coordinates, p * d, r[i], strict);
          // point i itself, at distance 0, is in the ball unless it is the empty strict ball r = 0
          boolean selfInside = strict ? 0 < r[i] : 0 <= r[i];
          out[i] = all - (selfInside ? 1 : 0);
        }
      });
    }
  }

  @FunctionalInterface
  private interface BlockBody {
    void run(int begin, int end);
  }

  // Runs body over [0, n) in blocks of BLOCK taken by `threads` workers in turn; the first failure
  // of any worker stops the others and is rethrown here.
  // Every block first polls the calling thread's interrupt status (CancelledException).
  private static void parallelBlocks(int n, int threads, BlockBody body) {
    int blocks = (int) ((n + (long) BLOCK - 1) / BLOCK);
    Parallel.forEach(blocks, Math.max(1, threads),
        b -> body.run(b * BLOCK, (int) Math.min(n, (long) (b + 1) * BLOCK)));
  }

  private static void requireDim(String name, int d) {
    if (d < 1) {
      throw new IllegalArgumentException(name + " = " + d + " must be at least 1");
    }
  }

  private static void requireRows(String name, double[] a, int n, int d) {
    if (a == null) {
      throw new IllegalArgumentException(name + " is null");
    }
    if (n < 0) {
      throw new IllegalArgumentException(name + ": n = " + n + " must not be negative");
    }
    if ((long) n * d > a.length) {
      throw new IllegalArgumentException(
          name + " has " + a.length + " values, fewer than " + n + " rows × " + d + " columns");
    }
  }

  // the usual k < n for a point that is its own query (k neighbours among the other n − 1)
  private static void requireK(int k, int n) {
    if (k < 1) {
      throw new IllegalArgumentException("k = " + k + " must be at least 1");
    }
    if (k >= n) {
      throw new IllegalArgumentException("k = " + k + " must be smaller than n = " + n);
    }
  }

  private static void requireOut(String name, double[] a, int n, boolean nullable) {
    if (a == null ? !nullable : a.length < n) {
      throw new IllegalArgumentException(name + " must hold n = " + n + " values"
          + (a == null ? ", got null" : ", has " + a.length));
    }
  }

  private static void requireOut(String name, long[] a, int n) {
    if (a == null || a.length < n) {
      throw new IllegalArgumentException(name + " must hold n = " + n + " values"
          + (a == null ? ", got null" : ", has " + a.length));
    }
  }
}
