package org.infokernels.internal.matrix;

/**
 * The symmetric matrices whose spectra the covariance-type matrix entropies need, built in plain
 * Java (O(n·d·min(n, d)) per matrix, about a millisecond at 128 × 128):
 * the column-centred sample Xc (optionally with unit rows, UNComp's R), and its Gram matrix on the
 * smaller side — XcᵀXc (d × d) when d ≤ n, else XcXcᵀ (n × n). Both have the same non-zero
 * eigenvalues (from the SVD Xc = UΣVᵀ: XcᵀXc = VΣ²Vᵀ, XcXcᵀ = UΣ²Uᵀ), so the entropies only need the
 * smaller one. Rank-k updates in "axpy" order keep the inner loop contiguous and vectorisable.
 */
public final class CovarianceGrams {
  private CovarianceGrams() {}

  /** size of the Gram on the smaller side: min(n, d) */
  public static int gramSize(int n, int d) {
    return Math.min(n, d);
  }

  /** x − column means, in place (x is n × d row-major) */
  public static void centreColumns(double[] x, int off, int n, int d) {
    double[] mean = new double[d];
    for (int i = 0; i < n; i++) {
      int o = off + i * d;
      for (int c = 0; c < d; c++) {
        mean[c] += x[o + c];
      }
    }
    for (int c = 0; c < d; c++) {
      mean[c] /= n;
    }
    for (int i = 0; i < n; i++) {
      int o = off + i * d;
      for (int c = 0; c < d; c++) {
        x[o + c] -= mean[c];
      }
    }
  }

  /**
   * Each row scaled to unit Euclidean norm, in place.
   *
   * @return the first row whose norm is 0 (it cannot be normalised), or −1
   */
  public static int normalizeRows(double[] x, int off, int n, int d) {
    for (int i = 0; i < n; i++) {
      int o = off + i * d;
      double s = 0;
      for (int c = 0; c < d; c++) {
        s += x[o + c] * x[o + c];
      }
      if (!(s > 0)) {
        return i;
      }
      double inv = 1.0 / Math.sqrt(s);
      for (int c = 0; c < d; c++) {
        x[o + c] *= inv;
      }
    }
    return -1;
  }

  /**
   * scale · XcᵀXc (d ≤ n) or scale · XcXcᵀ (n &lt; d) of the already centred x (n × d at off),
   * written as a full symmetric m × m matrix, m = min(n, d), at out[outOff ..).
   */
  public static void smallerGram(double[] x, int off, int n, int d, double scale, double[] out, int outOff) {
    if (d <= n) {
      gramOfRows(x, off, n, d, scale, out, outOff);
    } else {
      double[] t = new double[d * n];  // Xcᵀ, d × n: XcXcᵀ = Σ_c (column c)(column c)ᵀ
      for (int i = 0; i < n; i++) {
        for (int c = 0; c < d; c++) {
          t[c * n + i] = x[off + i * d + c];
        }
      }
      gramOfRows(t, 0, d, n, scale, out, outOff);
    }
  }

  /** scale · Σ_r m_r m_rᵀ for the k rows m_r of the k × p matrix m: the p × p matrix mᵀm */
  static void gramOfRows(double[] m, int off, int k, int p, double scale, double[] out, int outOff) {
    java.util.Arrays.fill(out, outOff, outOff + p * p, 0.0);
    // four rows per pass over the output: a quarter of the loads and stores of the p × p matrix,
    // which is larger than L1 at p = 128 (measured 1.6x faster than one row per pass)
    int r = 0;
    for (; r + 4 <= k; r += 4) {
      int r0 = off + r * p;
      int r1 = r0 + p;
      int r2 = r1 + p;
      int r3 = r2 + p;
      for (int a = 0; a < p; a++) {
        double s0 = m[r0 + a];
        double s1 = m[r1 + a];
        double s2 = m[r2 + a];
        double s3 = m[r3 + a];
        int go = outOff + a * p;
        for (int b = a; b < p; b++) {
          out[go + b] += s0 * m[r0 + b] + s1 * m[r1 + b] + s2 * m[r2 + b] + s3 * m[r3 + b];
        }
      }
    }
    for (; r < k; r++) {
      int ro = off + r * p;
      for (int a = 0; a < p; a++) {
        double s = m[ro + a];
        int go = outOff + a * p;
        for (int b = a; b < p; b++) {
          out[go + b] += s * m[ro + b];
        }
      }
    }
    for (int a = 0; a < p; a++) {
      for (int b = a; b < p; b++) {
        double v = out[outOff + a * p + b] * scale;
        out[outOff + a * p + b] = v;
        out[outOff + b * p + a] = v;
      }
    }
  }
}
