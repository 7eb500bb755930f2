package org.infokernels.internal.math;

/**
 * The median as numpy computes it (the middle value, or the mean of the two middle values for an
 * even count) in expected O(n) time by selection instead of an O(n log n) sort. The values are the
 * same order statistics a sort would give, so the result is identical to the last bit. Used by the
 * median heuristics (σ over up to 2000·1999/2 pair distances, the default ε over up to 2000²
 * costs), where sorting took a third of a kernel estimate at n = 10⁴.
 */
public final class OrderStatistics {
  private OrderStatistics() {}

  /**
   * numpy's median of a (length ≥ 1, no NaN). Reorders a in place.
   */
  public static double median(double[] a) {
    int len = a.length;
    if (len == 0) {
      throw new IllegalArgumentException("median of an empty array");
    }
    int k = len / 2;
    select(a, k);
    if (len % 2 == 1) {
      return a[k];
    }
    // after select, a[0..k) <= a[k]: the lower middle value is their maximum
    double lower = a[0];
    for (int i = 1; i < k; i++) {
      lower = Math.max(lower, a[i]);
    }
    return 0.5 * (lower + a[k]);
  }

  /**
   * Rearranges a so that a[k] is the value a sort would put there, a[i] ≤ a[k] for i &lt; k and
   * a[i] ≥ a[k] for i &gt; k (Hoare's quickselect with a median-of-three pivot; the three-way
   * partition keeps runs of equal values, such as duplicate distances, linear).
   */
  static void select(double[] a, int k) {
    int lo = 0;
    int hi = a.length - 1;
    while (hi > lo) {
      int mid = (lo + hi) >>> 1;
      double pivot = medianOfThree(a[lo], a[mid], a[hi]);
      // three-way partition: [lo, lt) < pivot, [lt, i) == pivot, (gt, hi] > pivot
      int lt = lo;
      int gt = hi;
      int i = lo;
      while (i <= gt) {
        double v = a[i];
        if (v < pivot) {
          a[i++] = a[lt];
          a[lt++] = v;
        } else if (v > pivot) {
          a[i] = a[gt];
          a[gt--] = v;
        } else {
          i++;
        }
      }
      if (k < lt) {
        hi = lt - 1;
      } else if (k > gt) {
        lo = gt + 1;
      } else {
        return;
      }
    }
  }

  private static double medianOfThree(double x, double y, double z) {
    return Math.max(Math.min(x, y), Math.min(Math.max(x, y), z));
  }
}
