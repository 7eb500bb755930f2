package org.infokernels.internal.support;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.infokernels.core.Bandwidth;
import org.infokernels.core.InvalidInputException;
import org.infokernels.core.Matrix;
import org.infokernels.internal.Estimation;
import org.infokernels.internal.Ranges;
import org.infokernels.internal.backend.Backend;
import org.infokernels.internal.kernel.Kernel;
import org.infokernels.internal.kernel.PairSums;
import org.infokernels.internal.math.OrderStatistics;

/** Shared plumbing of the kernel family: bandwidths, centred traces, unbiased HSIC from sums. */
public final class KernelSupport {
  private KernelSupport() {}

  /** σ of the median heuristic for m (CLI `--sigma median`), reproducible from the seed above 2000 rows */
  static double medianSigma(Matrix m, long seed) {
    int n = m.rows();
    int d = m.cols();
    double[] v = m.toRowMajor();
    int[] rows;
    if (n > Bandwidth.MEDIAN_MAX_ROWS) {
      SplittableRandom rng = Estimation.stream(seed, 2);
      int[] all = new int[n];
      for (int i = 0; i < n; i++) {
        all[i] = i;
      }
      for (int i = 0; i < Bandwidth.MEDIAN_MAX_ROWS; i++) {
        int j = i + rng.nextInt(n - i);
        int t = all[i];
        all[i] = all[j];
        all[j] = t;
      }
      rows = Arrays.copyOf(all, Bandwidth.MEDIAN_MAX_ROWS);
    } else {
      rows = new int[n];
      for (int i = 0; i < n; i++) {
        rows[i] = i;
      }
    }
    int r = rows.length;
    if (r < 2) {
      throw new InvalidInputException(m.name() + ": the median heuristic needs at least 2 rows; give sigma explicitly");
    }
    double med = d == 1 ? medianDistance1d(v, rows) : medianDistance(v, d, rows);
    if (!(med > 0)) {
      throw new InvalidInputException(m.name() + ": the median heuristic gives sigma = 0 (at least half of the pairs of rows"
          + " are identical, e.g. constant columns); give sigma explicitly");
    }
    return med;
  }

  /** the median of the Euclidean distances of the rows (every pair once): all of them, then a selection */
  static double medianDistance(double[] v, int d, int[] rows) {
    int r = rows.length;
    double[] dist = new double[r * (r - 1) / 2];
    int q = 0;
    for (int a = 0; a < r; a++) {
      int oa = rows[a] * d;
      for (int b = a + 1; b < r; b++) {
        int ob = rows[b] * d;
        double s = 0;
        for (int c = 0; c < d; c++) {
          double t = v[oa + c] - v[ob + c];
          s += t * t;
        }
        dist[q++] = Math.sqrt(s);
      }
    }
    return OrderStatistics.median(dist);
  }

  /**
   * {@link #medianDistance} of one-dimensional rows without forming the r(r−1)/2 distances: on the
   * sorted values the distance √((x_j − x_i)²) of i &lt; j grows with j and shrinks with i, so the
   * number of pairs within any v is counted by two pointers in O(r), and the distance of rank k is
   * the smallest double (searched by bisection on its bits, ≤ 64 counts) within which at least k + 1
   * pairs lie. Each distance is computed exactly as {@link #medianDistance} computes it (the
   * difference of two doubles only changes sign with their order), so the result is the same, bit
   * for bit, in O(r log r) instead of O(r²) time and O(r) instead of O(r²) memory.
   */
  static double medianDistance1d(double[] v, int[] rows) {
    int r = rows.length;
    double[] x = new double[r];
    for (int a = 0; a < r; a++) {
      x[a] = v[rows[a]];
    }
    Arrays.sort(x);
    long pairs = (long) r * (r - 1) / 2;
    long k = pairs / 2;
    double upper = distanceOfRank(x, k);
    return pairs % 2 == 1 ? upper : 0.5 * (distanceOfRank(x, k - 1) + upper);
  }

  private static double distance1d(double[] x, int i, int j) {
    double t = x[j] - x[i];
    return Math.sqrt(t * t);
  }

  /** the distance of rank k (0-based) among the pairs i &lt; j of the sorted values x */
  private static double distanceOfRank(double[] x, long k) {
    // distances are ≥ 0, and for non-negative doubles the order of the bits is the order of the values
    long lo = 0;
    long hi = Double.doubleToRawLongBits(distance1d(x, 0, x.length - 1));
    while (lo < hi) {
      long mid = lo + (hi - lo) / 2;
      if (pairsWithin(x, Double.longBitsToDouble(mid)) >= k + 1) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return Double.longBitsToDouble(lo);
  }

  /** #{i &lt; j : distance(i, j) ≤ w}, by two pointers */
  private static long pairsWithin(double[] x, double w) {
    long count = 0;
    int j = 0;
    for (int i = 0; i < x.length; i++) {
      if (j < i + 1) {
        j = i + 1;
      }
      while (j < x.length && distance1d(x, i, j) <= w) {
        j++;
      }
      count += j - i - 1;
    }
    return count;
  }

  /**
   * One variable as the pairwise engine gets it. Linear kernel: the columns centred first (HSIC
   * and CKA are translation invariant, and centring in O(n·d) is what keeps K = XXᵀ from
   * cancelling catastrophically on shifted data: Σ K∘L of x + 10⁴ is ~10¹⁶ times the answer).
   * Both kernels: data outside the safe range rescaled by 2^−e ({@link Ranges}); an explicit σ is
   * scaled with them, the median heuristic is computed on the scaled data.
   *
   * @param data     the row-major values the backend receives
   * @param kernel   the kernel on {@code data}
   * @param sigma    σ in the units of the input (NaN for the linear kernel), what the result reports
   * @param exponent e: data = input·2^−e (0 when untouched)
   */
  public record Variable(double[] data, int d, Kernel kernel, double sigma, int exponent) {}

  public static Variable variable(Matrix m, boolean linear, Bandwidth b, long seed) {
    if (linear) {
      Matrix c = m.centred();
      int e = Ranges.exponent(c);
      return new Variable(c.timesPowerOfTwo(-e).toRowMajor(), m.cols(), Kernel.linear(), Double.NaN, e);
    }
    int e = Ranges.exponent(m);
    Matrix s = m.timesPowerOfTwo(-e);
    double sigma;
    double reported;
    if (b.isMedian()) {
      sigma = medianSigma(s, seed);
      reported = Math.scalb(sigma, e);
    } else {
      sigma = Ranges.sigma(m.name(), b.value(), e, s.maxAbs());
      reported = b.value();
    }
    return new Variable(s.toRowMajor(), m.cols(), Kernel.rbf(sigma), reported, e);
  }

  /** the Gaussian-kernel variable of m (see {@link #variable}) */
  public static Variable rbf(Matrix m, Bandwidth b, long seed) {
    return variable(m, false, b, seed);
  }

  /** K_ii for each row: 1 for the Gaussian kernel, ‖xᵢ‖² for the linear one */
  public static double[] diagonal(Kernel k, double[] x, int n, int d) {
    double[] diag = new double[n];
    for (int i = 0; i < n; i++) {
      if (k.rbf()) {
        diag[i] = 1.0;
      } else {
        double s = 0;
        for (int c = 0; c < d; c++) {
          s += x[i * d + c] * x[i * d + c];
        }
        diag[i] = s;
      }
    }
    return diag;
  }

  public static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  /** tr(K H L H) = Σ K∘L − (2/n) Σᵢ (K1)ᵢ(L1)ᵢ + (1ᵀK1)(1ᵀL1)/n² */
  public static double centredTrace(double sumKL, double[] rowK, double[] rowL, double sumK, double sumL, int n) {
    return sumKL - 2.0 / n * dot(rowK, rowL) + sumK * sumL / ((double) n * n);
  }

  /**
   * Unbiased HSIC (Song et al. 2012, eq. 5) from streaming sums: K̃, L̃ are K, L with zero
   * diagonals; tr(K̃L̃) = Σ K∘L − Σ KᵢᵢLᵢᵢ, 1ᵀK̃1 = 1ᵀK1 − tr K, K̃1 = K1 − diag K.
   */
  public static double unbiasedHsic(double sumKL, double sumDiagKL, double sumK, double trK, double sumL, double trL,
                             double[] rowK, double[] diagK, double[] rowL, double[] diagL, int n) {
    double t1 = sumKL - sumDiagKL;
    double t2 = (sumK - trK) * (sumL - trL) / ((n - 1.0) * (n - 2.0));
    double cross = 0;
    for (int i = 0; i < n; i++) {
      cross += (rowK[i] - diagK[i]) * (rowL[i] - diagL[i]);
    }
    double t3 = 2.0 * cross / (n - 2.0);
    return (t1 + t2 - t3) / ((double) n * (n - 3.0));
  }

  /** all sums for K (of x) and L (of y) on the backend, with row sums */
  public record Sums(double[] s, double[] rowK, double[] rowL) {
    public double get(int idx) {
      return s[idx];
    }
  }

  public static Sums sums(Backend b, double[] x, int dx, double[] y, int dy, int n, Kernel kx, Kernel ky, int threads) {
    double[] rk = new double[n];
    double[] rl = new double[n];
    double[] s = b.pairSums(x, dx, y, dy, n, kx, ky, threads, rk, rl);
    return new Sums(s, rk, rl);
  }

  public static void requireUnbiasedN(int n) {
    if (n < 4) {
      throw new InvalidInputException("the unbiased estimator needs n >= 4 rows (n = " + n + ")");
    }
  }

  static final int KL = PairSums.KL;
}
