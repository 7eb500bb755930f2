package org.infokernels.internal.knn;

/**
 * One-dimensional values, sorted, with their original row indices: a max-norm ball is a contiguous
 * run, found by two binary searches on the same |q − v| that the naive loop computes (not on q ± r,
 * whose rounding could move an end). The Java twin of {@code SortedLine} in
 * {@code native/src/knn/kdtree.hpp}.
 */
final class SortedLine {
  private final double[] v;
  private final int[] index;

  SortedLine(double[] values, int n) {
    v = new double[n];
    index = new int[n];
    System.arraycopy(values, 0, v, 0, n);
    for (int i = 0; i < n; i++) {
      index[i] = i;
    }
    sort(v, index, 0, n - 1);
  }

  /**
   * From a sorting order the caller already has ({@code order[p]} = the row at sorted position p):
   * O(n), no sort. Any order along which the values never decrease gives the same counts, since a
   * ball is a contiguous run of values; the order is checked, as {@code ik_ksg_counts_sorted_cpu}
   * checks it, because a wrong one would give wrong counts silently.
   *
   * @throws IllegalArgumentException if order is not a permutation of 0..n−1 that sorts the values
   */
  SortedLine(double[] values, int[] order, int n, String name) {
    if (order.length != n) {
      throw new IllegalArgumentException(name + " has " + order.length + " entries, expected n = " + n);
    }
    v = new double[n];
    index = new int[n];
    boolean[] seen = new boolean[n];
    for (int p = 0; p < n; p++) {
      int i = order[p];
      if (i < 0 || i >= n) {
        throw new IllegalArgumentException(name + "[" + p + "] = " + i + " is not a row in [0, " + n + ")");
      }
      if (seen[i]) {
        throw new IllegalArgumentException(name + " lists row " + i + " twice");
      }
      seen[i] = true;
      if (p > 0 && !(v[p - 1] <= values[i])) {
        throw new IllegalArgumentException(name + " does not sort the values: row " + i + " at position " + p
            + " is smaller than the row before it");
      }
      v[p] = values[i];
      index[p] = i;
    }
  }

  /** the rows of values (n of them) by non-decreasing value: the order the other constructor sorts into */
  static int[] order(double[] values, int n) {
    SortedLine line = new SortedLine(values, n);
    return line.index.clone();
  }

  int size() {
    return v.length;
  }

  /** the sorted values (position pos holds row index(pos)) */
  double[] values() {
    return v;
  }

  int index(int pos) {
    return index[pos];
  }

  /** #{values v : |q − v| &lt; r} ({@code strict}) or ≤ r; a value equal to q counts too. */
  long countWithin(double q, double r, boolean strict) {
    long run = runWithin(q, r, strict);
    return (int) run - (run >>> 32);
  }

  /**
   * The sorted positions [b, e) of the values {@link #countWithin} counts (a contiguous run),
   * packed as (b &lt;&lt; 32) | e.
   */
  long runWithin(double q, double r, boolean strict) {
    if (strict ? !(0 < r) : !(0 <= r)) {
      return 0;  // the strict ball of radius 0 is empty
    }
    // values left of q and too far form a prefix, since q − v shrinks as v grows
    int lo = 0;
    int hi = v.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      double t = q - v[mid];
      if (v[mid] < q && (strict ? !(t < r) : !(t <= r))) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    int first = lo;
    // values up to q, or right of it and close enough, also form a prefix
    hi = v.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      double t = v[mid] - q;
      if (v[mid] <= q || (strict ? t < r : t <= r)) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return ((long) first << 32) | lo;
  }

  // Quicksort of v[lo..hi] carrying idx along (the JDK sorts no parallel arrays). Three-way
  // partition, so runs of equal values (grid data) cost nothing; recursion on the smaller side
  // bounds the depth by log n.
  private static void sort(double[] v, int[] idx, int lo, int hi) {
    while (hi - lo > 16) {
      int mid = (lo + hi) >>> 1;
      double a = v[lo];
      double b = v[mid];
      double c = v[hi];
      double pivot = a < b ? (b < c ? b : Math.max(a, c)) : (a < c ? a : Math.max(b, c));
      // invariant: [lo, lt) < pivot, [lt, i) == pivot, (gt, hi] > pivot
      int lt = lo;
      int gt = hi;
      int i = lo;
      while (i <= gt) {
        if (v[i] < pivot) {
          swap(v, idx, lt++, i++);
        } else if (v[i] > pivot) {
          swap(v, idx, i, gt--);
        } else {
          i++;
        }
      }
      if (lt - lo < hi - gt) {
        sort(v, idx, lo, lt - 1);
        lo = gt + 1;
      } else {
        sort(v, idx, gt + 1, hi);
        hi = lt - 1;
      }
    }
    for (int i = lo + 1; i <= hi; i++) {
      double key = v[i];
      int ki = idx[i];
      int j = i - 1;
      while (j >= lo && v[j] > key) {
        v[j + 1] = v[j];
        idx[j + 1] = idx[j];
        j--;
      }
      v[j + 1] = key;
      idx[j + 1] = ki;
    }
  }

  private static void swap(double[] v, int[] idx, int a, int b) {
    double tv = v[a];
    v[a] = v[b];
    v[b] = tv;
    int ti = idx[a];
    idx[a] = idx[b];
    idx[b] = ti;
  }
}
