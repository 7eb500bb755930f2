package org.infokernels.internal.testing;

import java.util.Arrays;

/**
 * Distance-covariance sums of one-dimensional X and Y in O(n log n) (Huo &amp; Székely 2016 [1]): the
 * same per-row quantities as {@link PairRows#pairRows} with the Euclidean distance on both sides
 * (aᵢⱼ = |xᵢ − xⱼ|, bᵢⱼ = |yᵢ − yⱼ|), without visiting the n² pairs.
 * <ul>
 *   <li>row sums aᵢ. from the prefix sums of the sorted xs;</li>
 *   <li>pᵢ = Σⱼ aᵢⱼbᵢⱼ: in x order, the points before i split by yⱼ ≤ yᵢ or &gt; yᵢ, each side's
 *       Σ(xᵢ − xⱼ)(yᵢ − yⱼ) = xᵢyᵢc − xᵢΣyⱼ − yᵢΣxⱼ + Σxⱼyⱼ from Fenwick trees over the ranks of y
 *       (count, Σx, Σy, Σxy); once forwards and once backwards;</li>
 *   <li>Σⱼ aᵢⱼ², Σⱼ bᵢⱼ² in closed form; weighted sums Σⱼ aᵢⱼwⱼ by prefix sums of w and xw.</li>
 * </ul>
 * The data are centred first (distances do not change) and every sum is carried in double-double
 * arithmetic (Dekker's two-sum and an FMA two-product), so the expansions above, which cancel,
 * keep the accuracy of the O(n²) route: the two agree to ~1e-13 relative, and a dCov of 10⁶ points
 * takes about a second. The fast algorithms in wide use keep these sums in plain double (hyppo
 * reports drifting results beyond 7·10⁴ points).
 *
 * <p>[1] X. Huo, G. J. Székely, "Fast computing for distance covariance", Technometrics 58(4),
 * 435–447 (2016).
 */
public final class FastDcov1d {
  private FastDcov1d() {}

  // ---- double-double: a value hi + lo with |lo| ≤ ulp(hi)/2

  /** hi + lo of a + b (Knuth's two-sum) added to acc[k], acc[k + 1] */
  static void add(double[] acc, int k, double v) {
    double hi = acc[k];
    double s = hi + v;
    double bb = s - hi;
    double err = (hi - (s - bb)) + (v - bb);
    acc[k] = s;
    acc[k + 1] += err;
  }

  /** acc[k..k+1] += a·b exactly (the product's error by FMA) */
  static void addProduct(double[] acc, int k, double a, double b) {
    double p = a * b;
    double e = Math.fma(a, b, -p);
    add(acc, k, p);
    acc[k + 1] += e;
  }

  /** acc[k..k+1] += a·(hi + lo) */
  static void addProduct(double[] acc, int k, double a, double hi, double lo) {
    addProduct(acc, k, a, hi);
    acc[k + 1] += a * lo;
  }

  /** the values of x minus their mean (two passes) */
  static double[] centred(double[] x) {
    int n = x.length;
    double s = 0;
    for (double v : x) {
      s += v;
    }
    double m = s / n;
    double r = 0;
    for (double v : x) {
      r += v - m;
    }
    m += r / n;
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      out[i] = x[i] - m;
    }
    return out;
  }

  /** the indices 0..n-1 sorted by v (stable: a bottom-up merge sort on primitive ints) */
  static int[] order(double[] v) {
    int n = v.length;
    int[] a = new int[n];
    int[] b = new int[n];
    for (int i = 0; i < n; i++) {
      a[i] = i;
    }
    for (int w = 1; w < n; w *= 2) {
      for (int lo = 0; lo < n; lo += 2 * w) {
        int mid = Math.min(lo + w, n);
        int hi = Math.min(lo + 2 * w, n);
        int i = lo;
        int j = mid;
        int k = lo;
        while (i < mid && j < hi) {
          b[k++] = Double.compare(v[a[j]], v[a[i]]) < 0 ? a[j++] : a[i++];
        }
        while (i < mid) {
          b[k++] = a[i++];
        }
        while (j < hi) {
          b[k++] = a[j++];
        }
      }
      int[] t = a;
      a = b;
      b = t;
    }
    return a;
  }

  /** Σⱼ |vᵢ − vⱼ|·wⱼ for every i (w null: all ones), by prefix sums over the sorted values */
  static double[] weightedDistanceSums(double[] v, int[] ord, double[] w) {
    int n = v.length;
    // totals of w and v·w
    double[] tot = new double[4];
    for (int i = 0; i < n; i++) {
      double wi = w == null ? 1.0 : w[i];
      add(tot, 0, wi);
      addProduct(tot, 2, v[i], wi);
    }
    double[] out = new double[n];
    double[] below = new double[4];  // Σ w, Σ v·w over the values before position k
    for (int k = 0; k < n; k++) {
      int i = ord[k];
      double vi = v[i];
      double wi = w == null ? 1.0 : w[i];
      // Σ_below (vi − vj) wj + Σ_above (vj − vi) wj = 2 vi W_below − 2 VW_below + VW_total − vi W_total
      // (the point itself adds vi wi − vi wi = 0); every product kept in double-double
      double[] r = new double[2];
      addProduct(r, 0, 2 * vi, below[0], below[1]);
      add(r, 0, -2 * below[2]);
      r[1] -= 2 * below[3];
      add(r, 0, tot[2]);
      r[1] += tot[3];
      addProduct(r, 0, -vi, tot[0], tot[1]);
      out[i] = r[0] + r[1];
      add(below, 0, wi);
      addProduct(below, 2, vi, wi);
    }
    return out;
  }

  /** Σⱼ (vᵢ − vⱼ)² = n vᵢ² − 2vᵢ Σv + Σv² for every i */
  static double[] squaredDistanceSums(double[] v) {
    int n = v.length;
    double[] s = new double[4];
    for (double t : v) {
      add(s, 0, t);
      addProduct(s, 2, t, t);
    }
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      double[] r = new double[2];
      addProduct(r, 0, n * v[i], v[i]);
      addProduct(r, 0, -2 * v[i], s[0], s[1]);
      add(r, 0, s[2]);
      r[1] += s[3];
      out[i] = r[0] + r[1];
    }
    return out;
  }

  /** dense ranks 1..R of v (ties share a rank) */
  static int[] ranks(double[] v, int[] ord) {
    int n = v.length;
    int[] rank = new int[n];
    int r = 0;
    double prev = Double.NaN;
    for (int k = 0; k < n; k++) {
      double t = v[ord[k]];
      if (k == 0 || t != prev) {
        r++;
        prev = t;
      }
      rank[ord[k]] = r;
    }
    return rank;
  }

  /**
   * pᵢ = Σⱼ |xᵢ − xⱼ||yᵢ − yⱼ| for every i: two Fenwick passes (forwards and backwards in x
   * order) over the ranks of y
   */
  static double[] crossRows(double[] x, double[] y, int[] ordX, int[] rankY, int ranks) {
    int n = x.length;
    double[] p = new double[n];
    sweep(x, y, ordX, rankY, ranks, true, p);
    sweep(x, y, ordX, rankY, ranks, false, p);
    return p;
  }

  /**
   * One pass in x order (forwards: the points before i, where xᵢ ≥ xⱼ; backwards: after it):
   * pᵢ += Σ |xᵢ − xⱼ||yᵢ − yⱼ| over the points passed. Fenwick nodes hold double-double sums of
   * x, y and xy, and a count.
   */
  private static void sweep(double[] x, double[] y, int[] ordX, int[] rankY, int ranks, boolean forward, double[] p) {
    int n = x.length;
    double[] tree = new double[(ranks + 1) * 6];  // per node: x (hi, lo), y (hi, lo), xy (hi, lo)
    long[] count = new long[ranks + 1];
    double[] all = new double[6];
    double[] lowSums = new double[6];
    double[] r = new double[2];
    for (int step = 0; step < n; step++) {
      int i = ordX[forward ? step : n - 1 - step];
      double xi = x[i];
      double yi = y[i];
      // prefix over ranks <= rank(y_i): the passed points with y_j <= y_i
      Arrays.fill(lowSums, 0);
      long cLow = 0;
      for (int q = rankY[i]; q > 0; q -= q & -q) {
        int o = q * 6;
        for (int s = 0; s < 6; s += 2) {
          add(lowSums, s, tree[o + s]);
          lowSums[s + 1] += tree[o + s + 1];
        }
        cLow += count[q];
      }
      long cHigh = step - cLow;
      // G(set) = xi yi c − xi Σy − yi Σx + Σxy;  D = G(low) − G(high),  high = all − low
      r[0] = 0;
      r[1] = 0;
      addProduct(r, 0, xi * yi, (double) (cLow - cHigh));
      r[1] += Math.fma(xi, yi, -(xi * yi)) * (double) (cLow - cHigh);
      // − xi (Y_low − Y_high) = − 2 xi Y_low + xi Y_all, likewise for X and XY
      addProduct(r, 0, -2 * xi, lowSums[2], lowSums[3]);
      addProduct(r, 0, xi, all[2], all[3]);
      addProduct(r, 0, -2 * yi, lowSums[0], lowSums[1]);
      addProduct(r, 0, yi, all[0], all[1]);
      add(r, 0, 2 * lowSums[4]);
      r[1] += 2 * lowSums[5];
      add(r, 0, -all[4]);
      r[1] -= all[5];
      double d = r[0] + r[1];
      p[i] += forward ? d : -d;
      // insert point i
      double xyHi = xi * yi;
      double xyLo = Math.fma(xi, yi, -xyHi);
      for (int q = rankY[i]; q <= ranks; q += q & -q) {
        int o = q * 6;
        add(tree, o, xi);
        add(tree, o + 2, yi);
        add(tree, o + 4, xyHi);
        tree[o + 5] += xyLo;
        count[q]++;
      }
      add(all, 0, xi);
      add(all, 2, yi);
      add(all, 4, xyHi);
      all[5] += xyLo;
    }
  }

  /** Prepared one-dimensional samples: centred values, their orders and the ranks of y. */
  public static final class Data {
    final double[] x;
    final double[] y;
    final int[] ordX;
    final int[] ordY;
    final int[] rankY;
    final int ranksY;

    public Data(double[] x, double[] y) {
      this.x = centred(x);
      this.y = centred(y);
      this.ordX = order(this.x);
      this.ordY = order(this.y);
      this.rankY = ranks(this.y, ordY);
      int m = 0;
      for (int v : rankY) {
        m = Math.max(m, v);
      }
      this.ranksY = m;
    }

    public int n() {
      return x.length;
    }
  }

  /** the per-row sums of {@link PairRows#pairRows} (n × 5: a, b, ab, aa, bb) for the distance on both sides */
  public static double[] rows(Data d) {
    int n = d.n();
    double[] ra = weightedDistanceSums(d.x, d.ordX, null);
    double[] rb = weightedDistanceSums(d.y, d.ordY, null);
    double[] p = crossRows(d.x, d.y, d.ordX, d.rankY, d.ranksY);
    double[] aa = squaredDistanceSums(d.x);
    double[] bb = squaredDistanceSums(d.y);
    double[] out = new double[n * 5];
    for (int i = 0; i < n; i++) {
      out[i * 5] = ra[i];
      out[i * 5 + 1] = rb[i];
      out[i * 5 + 2] = p[i];
      out[i * 5 + 3] = aa[i];
      out[i * 5 + 4] = bb[i];
    }
    return out;
  }

  /**
   * The first four columns of {@link PairRows#pairCentredRows} (a·va, a·vb, b·va, b·vb; the fifth,
   * the squared centred products, is not available here and is NaN)
   */
  public static double[] weightedRows(Data d, double[] va, double[] vb) {
    int n = d.n();
    double[] ava = weightedDistanceSums(d.x, d.ordX, va);
    double[] avb = weightedDistanceSums(d.x, d.ordX, vb);
    double[] bva = weightedDistanceSums(d.y, d.ordY, va);
    double[] bvb = weightedDistanceSums(d.y, d.ordY, vb);
    double[] out = new double[n * 5];
    for (int i = 0; i < n; i++) {
      out[i * 5] = ava[i];
      out[i * 5 + 1] = avb[i];
      out[i * 5 + 2] = bva[i];
      out[i * 5 + 3] = bvb[i];
      out[i * 5 + 4] = Double.NaN;
    }
    return out;
  }

  /** pᵢ = Σⱼ |xᵢ − xⱼ||y_π(i) − y_π(j)| for every i (y in the order perm) */
  public static double[] permutedCrossRows(Data d, int[] perm) {
    int n = d.n();
    double[] yp = new double[n];
    int[] rp = new int[n];
    for (int i = 0; i < n; i++) {
      yp[i] = d.y[perm[i]];
      rp[i] = d.rankY[perm[i]];
    }
    return crossRows(d.x, yp, d.ordX, rp, d.ranksY);
  }
}
