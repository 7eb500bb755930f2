package org.infokernels.internal.knn;

/**
 * Max-norm range counts in two dimensions by ranks: the count-only structure of the
 * two-dimensional marginal spaces of KSG and Frenzel–Pompe CMI. The Java twin of
 * {@code RankGrid} in {@code native/src/knn/rank_grid.hpp} (same ranks, same blocks, same counts).
 *
 * <p>Each axis is sorted once. A max-norm ball {@code |q − p|_max < r} (or ≤ r) is, on each axis,
 * a contiguous run of ranks [l, h): the values whose {@code |q_c − p_c|} — the IEEE subtraction the
 * naive loop computes, monotone in p_c — is within r. The count is the number of points whose
 * (x rank, y rank) lies in [lx, hx) × [ly, hy), exactly the naive count. Ranks are cut into blocks
 * of b ≈ √(n/2); a prefix table over the block grid counts the whole blocks inside the rectangle in
 * O(1), and the partial blocks on its edges are counted by scanning ranks (each x rank holds one
 * point, so an edge strip has fewer than b points). A query costs four searches and at most about
 * 4b integer comparisons, whatever the count. Memory O(n): 4n doubles (the sorted values, and each
 * query's values in query order), 3n ints and about 2n cells.
 */
final class RankGrid {
  /** rows up to which the grid is used (its block and cell counts stay far below int range) */
  static final int MAX_ROWS = 1 << 29;

  /** every STRIDE-th sorted value is kept in a short array searched first */
  private static final int STRIDE = 32;

  private final int n;
  private final int b;
  private final int blocks;
  private final double[][] sorted = new double[2][];
  private final double[][] coarse = new double[2][];
  private final int[][] other = new int[2][];
  private final int[] cells;
  private final int[] order;
  /** queryValue[c][pos]: the value on axis c of the row queried at position pos */
  private final double[][] queryValue = new double[2][];

  /** block size b ≈ √(n/2), at least 16 and a multiple of 16 (as the native twin) */
  static int blockSize(int n) {
    long s = (long) Math.ceil(Math.sqrt(n / 2.0));
    return (int) Math.max(16, (s + 15) / 16 * 16);
  }

  /**
   * @param v      the two coordinate arrays: coordinate c of row i is {@code v[c][offset[c] + i * stride[c]]}
   * @param offset first coordinate of each axis
   * @param stride row stride of each axis
   */
  RankGrid(double[][] v, int[] offset, int[] stride, int n) {
    this.n = n;
    this.b = blockSize(n);
    this.blocks = (int) (((long) n + b - 1) / b);
    int[][] row = new int[2][];
    int[][] rank = new int[2][];  // rank[c][row]: needed only here
    for (int c = 0; c < 2; c++) {
      double[] values = new double[n];
      for (int i = 0; i < n; i++) {
        values[i] = v[c][offset[c] + i * stride[c]];
      }
      row[c] = SortedLine.order(values, n);
      sorted[c] = new double[n];
      rank[c] = new int[n];
      for (int r = 0; r < n; r++) {
        sorted[c][r] = values[row[c][r]];
        rank[c][row[c][r]] = r;
      }
      coarse[c] = new double[(n + STRIDE - 1) / STRIDE];
      for (int k = 0; k < coarse[c].length; k++) {
        coarse[c][k] = sorted[c][k * STRIDE];
      }
    }
    for (int c = 0; c < 2; c++) {
      other[c] = new int[n];
      for (int r = 0; r < n; r++) {
        other[c][r] = rank[1 - c][row[c][r]];
      }
    }
    // cells(i, j) = #{x rank < i b, y rank < j b}
    int w = blocks + 1;
    cells = new int[w * w];
    for (int r = 0; r < n; r++) {
      cells[(r / b + 1) * w + other[0][r] / b + 1]++;
    }
    for (int i = 1; i < w; i++) {
      for (int j = 1; j < w; j++) {
        cells[i * w + j] += cells[(i - 1) * w + j] + cells[i * w + j - 1] - cells[(i - 1) * w + j - 1];
      }
    }
    // query order: by cell (x block, then y block), by x rank within a cell
    int[] start = new int[blocks * blocks + 1];
    for (int r = 0; r < n; r++) {
      start[cellOf(r) + 1]++;
    }
    for (int c = 1; c < start.length; c++) {
      start[c] += start[c - 1];
    }
    // ... and each query's values stored in that order, so that a query reads its own data
    // sequentially (as rank_grid.hpp: looked up by row they were cache misses)
    order = new int[n];
    queryValue[0] = new double[n];
    queryValue[1] = new double[n];
    for (int r = 0; r < n; r++) {
      int pos = start[cellOf(r)]++;
      order[pos] = row[0][r];
      queryValue[0][pos] = sorted[0][r];
      queryValue[1][pos] = sorted[1][other[0][r]];
    }
  }

  int size() {
    return n;
  }

  /** the row queried at position pos of the query order */
  int index(int pos) {
    return order[pos];
  }

  /**
   * #{rows p : |v_i − v_p|_max &lt; r} ({@code strict}) or ≤ r, for the row i = index(pos) queried
   * at position pos; row i itself counts too when the ball holds distance 0.
   */
  long countAt(int pos, double r, boolean strict) {
    if (!within(0.0, r, strict)) {
      return 0;  // the strict ball of radius 0 is empty
    }
    double qx = queryValue[0][pos];
    double qy = queryValue[1][pos];
    return countBox(low(0, qx, r, strict), high(0, qx, r, strict), low(1, qy, r, strict), high(1, qy, r, strict));
  }

  private static boolean within(double t, double r, boolean strict) {
    return strict ? t < r : t <= r;
  }

  private int cellOf(int xRank) {
    return xRank / b * blocks + other[0][xRank] / b;
  }

  /** the first rank on axis c with q − s[t] within r (q a value of the axis): q − s[t] shrinks as t grows */
  private int low(int c, double q, double r, boolean strict) {
    double[] s = sorted[c];
    double[] a = coarse[c];
    // first k with q − a[k] within r (the coarse values are every STRIDE-th sorted value)
    int base = 0;
    int m = a.length;
    while (m > 1) {
      int half = m >>> 1;
      base = within(q - a[base + half], r, strict) ? base : base + half;
      m -= half;
    }
    int k = base + (within(q - a[base], r, strict) ? 0 : 1);
    if (k == 0) {
      return 0;
    }
    int from = (k - 1) * STRIDE + 1;
    int to = (int) Math.min((long) k * STRIDE, n);
    int far = 0;
    for (int t = from; t < to; t++) {
      far += within(q - s[t], r, strict) ? 0 : 1;
    }
    return from + far;
  }

  /** the first rank on axis c with s[t] − q not within r (s[t] − q grows with t); above q's rank */
  private int high(int c, double q, double r, boolean strict) {
    double[] s = sorted[c];
    double[] a = coarse[c];
    int base = 0;
    int m = a.length;
    while (m > 1) {
      int half = m >>> 1;
      base = within(a[base + half] - q, r, strict) ? base + half : base;
      m -= half;
    }
    // k ≥ 1: a[0] − q ≤ 0 is within r
    int k = base + (within(a[base] - q, r, strict) ? 1 : 0);
    int from = (k - 1) * STRIDE + 1;
    int to = (int) Math.min((long) k * STRIDE, n);
    int near = 0;
    for (int t = from; t < to; t++) {
      near += within(s[t] - q, r, strict) ? 1 : 0;
    }
    return from + near;
  }

  /** #{ranks t in [from, to) : keys[t] in [lo, hi)} */
  private static int scan(int[] keys, int from, int to, int lo, int hi) {
    int width = hi - lo;
    int count = 0;
    for (int t = from; t < to; t++) {
      count += Integer.compareUnsigned(keys[t] - lo, width) < 0 ? 1 : 0;
    }
    return count;
  }

  /** #{points with x rank in [lx, hx) and y rank in [ly, hy)} */
  private long countBox(int lx, int hx, int ly, int hy) {
    int[] yOfX = other[0];
    int[] xOfY = other[1];
    // whole x blocks [fx, gx)
    int fx = (lx + b - 1) / b;
    int gx = hx / b;
    if (fx >= gx) {
      return scan(yOfX, lx, hx, ly, hy);
    }
    long count = scan(yOfX, lx, fx * b, ly, hy) + scan(yOfX, gx * b, hx, ly, hy);
    // the whole x blocks: y ranks in whole y blocks [fy, gy) by the cells, the rest by scanning
    int xLo = fx * b;
    int xHi = gx * b;
    int fy = (ly + b - 1) / b;
    int gy = hy / b;
    if (fy >= gy) {
      return count + scan(xOfY, ly, hy, xLo, xHi);
    }
    int w = blocks + 1;
    count += cells[gx * w + gy] - cells[fx * w + gy] - cells[gx * w + fy] + cells[fx * w + fy];
    return count + scan(xOfY, ly, fy * b, xLo, xHi) + scan(xOfY, gy * b, hy, xLo, xHi);
  }
}
