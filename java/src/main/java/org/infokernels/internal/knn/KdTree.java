package org.infokernels.internal.knn;

import org.infokernels.internal.Parallel;

/**
 * Exact k-d tree: k-nearest-neighbour queries in the max or Euclidean norm and max-norm range
 * counts. The Java twin of {@code KdTree} in {@code native/src/knn/kdtree.hpp}.
 *
 * <p>The points are copied into tree order (row-major, contiguous per node); every node keeps its
 * tight bounding box. Nodes are split at the median position along the widest side of their box,
 * so the shape depends on n and the leaf size only.
 *
 * <p>Exactness: every pruning test compares a bound that lies on the correct side of the per-point
 * value |q_c − p_c| (IEEE subtraction, abs, squaring, addition and max are monotone, and
 * fl(a − b) = −fl(b − a)); Euclidean sums run in coordinate order for boxes and points alike. A node
 * is skipped only when no point in it can qualify and counted whole only when every point in it
 * qualifies, so results equal a naive double loop bit for bit.
 *
 * <p>Memory: n·d doubles, n indices and about 2n/leafSize nodes with 2d doubles each: O(n·d).
 */
final class KdTree {
  private final int n;
  private final int d;
  private final int leafSize;
  private final double[] pts;   // n × d, tree order
  private final int[] index;    // original row of each tree position
  // nodes in preorder: the left child of v is v + 1; right[v] < 0 marks a leaf
  private final int[] begin;
  private final int[] end;
  private final int[] right;
  private final double[] box;   // per node: lo[0..d), hi[0..d)

  /**
   * Builds the tree over the rows of the column blocks (blocks[b] is n × dims[b], row-major),
   * concatenated: the joint space (x, y) without a separate copy. {@code threads} only speeds up
   * the top levels of the build.
   */
  KdTree(double[][] blocks, int[] dims, int n, int leafSize, int threads) {
    int dsum = 0;
    for (int dim : dims) {
      dsum += dim;
    }
    this.n = n;
    this.d = dsum;
    this.leafSize = Math.max(1, leafSize);
    this.pts = new double[Math.multiplyExact(n, d)];
    this.index = new int[n];
    for (int i = 0; i < n; i++) {
      int o = i * d;
      for (int b = 0; b < blocks.length; b++) {
        System.arraycopy(blocks[b], i * dims[b], pts, o, dims[b]);
        o += dims[b];
      }
      index[i] = i;
    }
    int nodes = n == 0 ? 0 : countNodes(n);
    begin = new int[nodes];
    end = new int[nodes];
    right = new int[nodes];
    box = new double[Math.multiplyExact(nodes, 2 * d)];
    if (n == 0) {
      return;
    }
    layout(0, 0, n);
    int spawnDepth = 0;
    while ((1 << spawnDepth) < threads && spawnDepth < 8) {
      spawnDepth++;
    }
    Scratch s = new Scratch(n, d);
    build(0, 0, spawnDepth, s);
  }

  int dim() {
    return d;
  }

  int size() {
    return n;
  }

  /** original row index of the point at tree position pos */
  int index(int pos) {
    return index[pos];
  }

  /** the coordinates, in tree order (point pos starts at pos·d) */
  double[] points() {
    return pts;
  }

  private int countNodes(int size) {
    return size <= leafSize ? 1 : 1 + countNodes(size / 2) + countNodes(size - size / 2);
  }

  // preorder numbering; returns the node after the subtree
  private int layout(int node, int b, int e) {
    begin[node] = b;
    end[node] = e;
    right[node] = -1;
    if (e - b <= leafSize) {
      return node + 1;
    }
    int mid = b + (e - b) / 2;
    int r = layout(node + 1, b, mid);
    right[node] = r;
    return layout(r, mid, e);
  }

  private static final class Scratch {
    final double[] pts;
    final int[] idx;
    final double[] keys;
    final int[] perm;

    Scratch(int n, int d) {
      pts = new double[n * d];
      idx = new int[n];
      keys = new double[n];
      perm = new int[n];
    }
  }

  // Fills the node's box and reorders its rows so that the left half holds the smaller coordinates
  // along the widest side. Children own disjoint row ranges, so the top levels run on separate
  // threads without locks.
  private void build(int node, int depth, int spawnDepth, Scratch s) {
    int b = begin[node];
    int e = end[node];
    int lo = node * 2 * d;
    int hi = lo + d;
    for (int c = 0; c < d; c++) {
      box[lo + c] = pts[b * d + c];
      box[hi + c] = pts[b * d + c];
    }
    for (int p = b + 1; p < e; p++) {
      for (int c = 0; c < d; c++) {
        double v = pts[p * d + c];
        if (v < box[lo + c]) {
          box[lo + c] = v;
        }
        if (v > box[hi + c]) {
          box[hi + c] = v;
        }
      }
    }
    if (right[node] < 0) {
      return;
    }
    int split = 0;
    for (int c = 1; c < d; c++) {
      if (box[hi + c] - box[lo + c] > box[hi + split] - box[lo + split]) {
        split = c;
      }
    }
    int m = e - b;
    for (int j = 0; j < m; j++) {
      s.keys[b + j] = pts[(b + j) * d + split];
      s.perm[b + j] = j;
    }
    select(s.keys, s.perm, b, e - 1, b + m / 2);
    for (int j = 0; j < m; j++) {
      int src = b + s.perm[b + j];
      System.arraycopy(pts, src * d, s.pts, (b + j) * d, d);
      s.idx[b + j] = index[src];
    }
    System.arraycopy(s.pts, b * d, pts, b * d, m * d);
    System.arraycopy(s.idx, b, index, b, m);
    if (depth < spawnDepth) {
      Throwable[] failure = new Throwable[1];
      Thread left = new Thread(() -> {
        try {
          build(node + 1, depth + 1, spawnDepth, s);
        } catch (Throwable t) {
          failure[0] = t;
        }
      }, "infokernels-kdtree-build");
      left.start();
      build(right[node], depth + 1, spawnDepth, s);
      Parallel.joinUninterruptibly(left);
      if (failure[0] != null) {
        throw new IllegalStateException("k-d tree build failed", failure[0]);
      }
    } else {
      build(node + 1, depth + 1, spawnDepth, s);
      build(right[node], depth + 1, spawnDepth, s);
    }
  }


  // Quickselect (Hoare partition, median-of-three pivot): afterwards keys[kth] is the value a sort
  // would put there, smaller-or-equal ones left of it, larger-or-equal right. Equal keys are swapped
  // across the pivot, so duplicates (grid data) keep the partitions balanced. perm moves along.
  private static void select(double[] keys, int[] perm, int lo, int hi, int kth) {
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      double a = keys[lo];
      double b = keys[mid];
      double c = keys[hi];
      double pivot = a < b ? (b < c ? b : Math.max(a, c)) : (a < c ? a : Math.max(b, c));
      int i = lo;
      int j = hi;
      while (i <= j) {
        while (keys[i] < pivot) {
          i++;
        }
        while (pivot < keys[j]) {
          j--;
        }
        if (i <= j) {
          double tk = keys[i];
          keys[i] = keys[j];
          keys[j] = tk;
          int tp = perm[i];
          perm[i] = perm[j];
          perm[j] = tp;
          i++;
          j--;
        }
      }
      if (kth <= j) {
        hi = j;
      } else if (kth >= i) {
        lo = i;
      } else {
        return;
      }
    }
  }

  /**
   * The k nearest points to q[qo .. qo+d) in (distance, index) order, skipping original index
   * {@code exclude} (−1: none). With the Euclidean norm the kept values are squared sums: sqrt is
   * monotone, so the caller takes the root of the k-th only.
   */
  void knn(double[] q, int qo, int exclude, boolean maxNorm, KBest best) {
    if (n > 0) {
      search(0, q, qo, exclude, maxNorm, best, null, -1);
    }
  }

  /**
   * {@link #knn} with a Theiler window: besides {@code exclude} itself, every point j with
   * |times[j] − times[exclude]| ≤ window is skipped (JIDT's dynamic correlation exclusion; trials
   * are told apart by times that differ by more than the window). times null: no window.
   */
  void knn(double[] q, int qo, int exclude, boolean maxNorm, KBest best, long[] times, long window) {
    if (n > 0) {
      search(0, q, qo, exclude, maxNorm, best, times, window);
    }
  }

  private void search(int node, double[] q, int qo, int exclude, boolean maxNorm, KBest best, long[] times,
                      long window) {
    if (right[node] < 0) {
      for (int p = begin[node], o = p * d; p < end[node]; p++, o += d) {
        double s = 0;
        if (maxNorm) {
          for (int c = 0; c < d; c++) {
            double t = Math.abs(q[qo + c] - pts[o + c]);
            s = t > s ? t : s;
          }
        } else {
          for (int c = 0; c < d; c++) {
            double t = q[qo + c] - pts[o + c];
            s += t * t;
          }
        }
        // <=: an equal distance with a smaller index still enters (the tie rule)
        if (s <= best.bound() && index[p] != exclude
            && (times == null || Math.abs(times[index[p]] - times[exclude]) > window)) {
          best.offer(s, index[p]);
        }
      }
      return;
    }
    int near = node + 1;
    int far = right[node];
    double dn = lowerBound(near, q, qo, maxNorm);
    double df = lowerBound(far, q, qo, maxNorm);
    if (df < dn) {
      int t = near;
      near = far;
      far = t;
      double td = dn;
      dn = df;
      df = td;
    }
    if (dn <= best.bound()) {
      search(near, q, qo, exclude, maxNorm, best, times, window);
    }
    if (df <= best.bound()) {
      search(far, q, qo, exclude, maxNorm, best, times, window);
    }
  }

  // lower bound of the distance from q to any point of the node's box: the max (or the
  // coordinate-order sum of squares) of the per-coordinate gaps
  private double lowerBound(int node, double[] q, int qo, boolean maxNorm) {
    int lo = node * 2 * d;
    int hi = lo + d;
    double s = 0;
    for (int c = 0; c < d; c++) {
      double v = q[qo + c];
      double g = box[lo + c] - v;
      double g2 = v - box[hi + c];
      g = g2 > g ? g2 : g;
      g = g > 0 ? g : 0;
      s = maxNorm ? (g > s ? g : s) : s + g * g;
    }
    return s;
  }

  /**
   * #{points p : |q − p|_max &lt; r} ({@code strict}) or ≤ r (not strict); a point at q counts too.
   */
  long countWithin(double[] q, int qo, double r, boolean strict) {
    if (n == 0) {
      return 0;
    }
    // the strict counts of KSG 1, Frenzel-Pompe CMI and TE in 2 to 4 dimensions (the marginal
    // spaces of the usual embeddings) take copies unrolled by dimension, with the query in locals:
    // the generic loop over d is what the JIT cannot unroll. Same comparisons, same counts.
    if (strict) {
      switch (d) {
        case 2:
          return countStrict2(0, q[qo], q[qo + 1], r);
        case 3:
          return countStrict3(0, q[qo], q[qo + 1], q[qo + 2], r);
        case 4:
          return countStrict4(0, q[qo], q[qo + 1], q[qo + 2], q[qo + 3], r);
        default:
          break;
      }
    }
    return countNode(0, q, qo, r, strict);
  }

  // max(l − v, v − h) (the gap, negative inside) and max(|h − v|, |v − l|) of one coordinate, as in
  // countNode
  private static double gap(double l, double h, double v) {
    return l - v > v - h ? l - v : v - h;
  }

  private static double reach(double l, double h, double v) {
    return Math.abs(h - v) > Math.abs(v - l) ? Math.abs(h - v) : Math.abs(v - l);
  }

  private static double max(double a, double b) {
    return a > b ? a : b;
  }

  private long countStrict2(int node, double q0, double q1, double r) {
    int lo = node * 4;
    double near = max(max(0, gap(box[lo], box[lo + 2], q0)), gap(box[lo + 1], box[lo + 3], q1));
    if (near >= r) {
      return 0;
    }
    double far = max(max(0, reach(box[lo], box[lo + 2], q0)), reach(box[lo + 1], box[lo + 3], q1));
    if (far < r) {
      return end[node] - begin[node];
    }
    if (right[node] >= 0) {
      return countStrict2(node + 1, q0, q1, r) + countStrict2(right[node], q0, q1, r);
    }
    long count = 0;
    for (int o = begin[node] * 2, e = end[node] * 2; o < e; o += 2) {
      if (Math.abs(q0 - pts[o]) < r & Math.abs(q1 - pts[o + 1]) < r) {
        count++;
      }
    }
    return count;
  }

  private long countStrict3(int node, double q0, double q1, double q2, double r) {
    int lo = node * 6;
    double near = max(max(max(0, gap(box[lo], box[lo + 3], q0)), gap(box[lo + 1], box[lo + 4], q1)),
        gap(box[lo + 2], box[lo + 5], q2));
    if (near >= r) {
      return 0;
    }
    double far = max(max(max(0, reach(box[lo], box[lo + 3], q0)), reach(box[lo + 1], box[lo + 4], q1)),
        reach(box[lo + 2], box[lo + 5], q2));
    if (far < r) {
      return end[node] - begin[node];
    }
    if (right[node] >= 0) {
      return countStrict3(node + 1, q0, q1, q2, r) + countStrict3(right[node], q0, q1, q2, r);
    }
    long count = 0;
    for (int o = begin[node] * 3, e = end[node] * 3; o < e; o += 3) {
      if (Math.abs(q0 - pts[o]) < r & Math.abs(q1 - pts[o + 1]) < r & Math.abs(q2 - pts[o + 2]) < r) {
        count++;
      }
    }
    return count;
  }

  private long countStrict4(int node, double q0, double q1, double q2, double q3, double r) {
    int lo = node * 8;
    double near = max(max(max(max(0, gap(box[lo], box[lo + 4], q0)), gap(box[lo + 1], box[lo + 5], q1)),
        gap(box[lo + 2], box[lo + 6], q2)), gap(box[lo + 3], box[lo + 7], q3));
    if (near >= r) {
      return 0;
    }
    double far = max(max(max(max(0, reach(box[lo], box[lo + 4], q0)), reach(box[lo + 1], box[lo + 5], q1)),
        reach(box[lo + 2], box[lo + 6], q2)), reach(box[lo + 3], box[lo + 7], q3));
    if (far < r) {
      return end[node] - begin[node];
    }
    if (right[node] >= 0) {
      return countStrict4(node + 1, q0, q1, q2, q3, r) + countStrict4(right[node], q0, q1, q2, q3, r);
    }
    long count = 0;
    for (int o = begin[node] * 4, e = end[node] * 4; o < e; o += 4) {
      if (Math.abs(q0 - pts[o]) < r & Math.abs(q1 - pts[o + 1]) < r & Math.abs(q2 - pts[o + 2]) < r
          & Math.abs(q3 - pts[o + 3]) < r) {
        count++;
      }
    }
    return count;
  }

  private long countNode(int node, double[] q, int qo, double r, boolean strict) {
    int lo = node * 2 * d;
    int hi = lo + d;
    double near = 0;
    double far = 0;
    for (int c = 0; c < d; c++) {
      // gap, reach and max are ternaries rather than Math.max, which pays for NaN and -0.0
      // handling we do not need
      near = max(gap(box[lo + c], box[hi + c], q[qo + c]), near);
      far = max(reach(box[lo + c], box[hi + c], q[qo + c]), far);
    }
    if (strict ? near >= r : near > r) {
      return 0;
    }
    if (strict ? far < r : far <= r) {
      return end[node] - begin[node];
    }
    if (right[node] >= 0) {
      return countNode(node + 1, q, qo, r, strict) + countNode(right[node], q, qo, r, strict);
    }
    long count = 0;
    for (int p = begin[node], o = p * d; p < end[node]; p++, o += d) {
      boolean in = true;
      for (int c = 0; c < d; c++) {
        double t = Math.abs(q[qo + c] - pts[o + c]);
        in &= strict ? t < r : t <= r;
      }
      if (in) {
        count++;
      }
    }
    return count;
  }

  /**
   * The strict counts of conditional MI in one search ({@code KnnKernels.cmiCounts}; native twin
   * {@code KdTree::count3}): c[0] += #{p : |q − p|_max &lt; r} in this tree's space, c[1] (c[2]) +=
   * how many of them are also within r of row {@code qp} of xs (n × dx) (ys, n × dy), both in tree
   * order. The point at q counts when 0 &lt; r. A subtree inside the ball adds its size to c[0] and
   * scans its rows of xs and ys; the inside tests are {@link #countWithin}'s.
   */
  void count3(double[] q, int qo, double[] xs, int dx, double[] ys, int dy, int qp, double r, long[] c) {
    if (n > 0) {
      count3Node(0, q, qo, xs, dx, ys, dy, qp, r, c);
    }
  }

  private void count3Node(int node, double[] q, int qo, double[] xs, int dx, double[] ys, int dy, int qp, double r,
                          long[] c) {
    int lo = node * 2 * d;
    int hi = lo + d;
    double near = 0;
    double far = 0;
    for (int k = 0; k < d; k++) {
      near = max(gap(box[lo + k], box[hi + k], q[qo + k]), near);
      far = max(reach(box[lo + k], box[hi + k], q[qo + k]), far);
    }
    if (near >= r) {
      return;
    }
    int b = begin[node];
    int e = end[node];
    if (far < r) {
      c[0] += e - b;
      c[1] += sideCount(xs, dx, qp, b, e, r);
      c[2] += sideCount(ys, dy, qp, b, e, r);
      return;
    }
    if (right[node] >= 0) {
      count3Node(node + 1, q, qo, xs, dx, ys, dy, qp, r, c);
      count3Node(right[node], q, qo, xs, dx, ys, dy, qp, r, c);
      return;
    }
    // branch-free: which points are inside is unpredictable
    long c0 = 0;
    long c1 = 0;
    long c2 = 0;
    if (dx == 1 && dy == 1) {  // transfer entropy's source and next value
      double ax = xs[qp];
      double ay = ys[qp];
      for (int p = b, o = b * d; p < e; p++, o += d) {
        boolean in = true;
        for (int k = 0; k < d; k++) {
          in &= Math.abs(q[qo + k] - pts[o + k]) < r;
        }
        c0 += in ? 1 : 0;
        c1 += in & Math.abs(ax - xs[p]) < r ? 1 : 0;
        c2 += in & Math.abs(ay - ys[p]) < r ? 1 : 0;
      }
    } else {
      for (int p = b, o = b * d; p < e; p++, o += d) {
        boolean in = true;
        for (int k = 0; k < d; k++) {
          in &= Math.abs(q[qo + k] - pts[o + k]) < r;
        }
        c0 += in ? 1 : 0;
        c1 += in && sideIn(xs, dx, qp, p, r) ? 1 : 0;
        c2 += in && sideIn(ys, dy, qp, p, r) ? 1 : 0;
      }
    }
    c[0] += c0;
    c[1] += c1;
    c[2] += c2;
  }

  // #{rows t in [b, e) of s (n × ds) : |s_qp − s_t|_max < r}
  static long sideCount(double[] s, int ds, int qp, int b, int e, double r) {
    long count = 0;
    if (ds == 1) {
      double a = s[qp];
      for (int t = b; t < e; t++) {
        count += Math.abs(a - s[t]) < r ? 1 : 0;
      }
      return count;
    }
    for (int t = b; t < e; t++) {
      count += sideIn(s, ds, qp, t, r) ? 1 : 0;
    }
    return count;
  }

  private static boolean sideIn(double[] s, int ds, int qp, int t, double r) {
    boolean in = true;
    for (int j = 0, a = qp * ds, o = t * ds; j < ds; j++) {
      in &= Math.abs(s[a + j] - s[o + j]) < r;
    }
    return in;
  }

  /**
   * #{points p : |q_c − p_c| ≤ r[c] for every coordinate c} (a closed box of per-coordinate radii;
   * a point at q counts too): KSG algorithm 2 for conditional MI counts n_xz with the radius ε_x on
   * the x coordinates and ε_z on the z coordinates.
   */
  long countWithinRadii(double[] q, int qo, double[] r) {
    if (n == 0) {
      return 0;
    }
    return countNodeRadii(0, q, qo, r);
  }

  private long countNodeRadii(int node, double[] q, int qo, double[] r) {
    int lo = node * 2 * d;
    int hi = lo + d;
    boolean allInside = true;
    for (int c = 0; c < d; c++) {
      double v = q[qo + c];
      double l = box[lo + c];
      double h = box[hi + c];
      double g = l - v > v - h ? l - v : v - h;
      if (g > r[c]) {
        return 0;
      }
      double f = Math.abs(h - v) > Math.abs(v - l) ? Math.abs(h - v) : Math.abs(v - l);
      allInside &= f <= r[c];
    }
    if (allInside) {
      return end[node] - begin[node];
    }
    if (right[node] >= 0) {
      return countNodeRadii(node + 1, q, qo, r) + countNodeRadii(right[node], q, qo, r);
    }
    long count = 0;
    for (int p = begin[node], o = p * d; p < end[node]; p++, o += d) {
      boolean in = true;
      for (int c = 0; c < d; c++) {
        in &= Math.abs(q[qo + c] - pts[o + c]) <= r[c];
      }
      if (in) {
        count++;
      }
    }
    return count;
  }
}
