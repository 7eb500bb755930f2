package org.infokernels.internal.support;

import org.infokernels.internal.backend.Backend;
import org.infokernels.internal.kernel.Kernel;
import org.infokernels.internal.kernel.PairEngine;

/**
 * A = c·D·M·D for a Gram matrix M = K (y null) or K∘L and D = diag(s) (s null: the identity): the
 * symmetric matrices whose spectra the SLQ estimates need (Rényi: c = 1/tr M; von Neumann: c =
 * 1/n; DSE: s = 1/√degree, c = 1). Only products with A and blocks of its columns are exposed;
 * the n × n matrix is never formed.
 *
 * @param scale c
 * @param rowScale s, length n, or null
 */
public record GramOperator(Backend backend, double[] x, int dx, double[] y, int dy, int n, Kernel kx, Kernel ky,
                    double[] rowScale, double scale, int threads) {

  /** A·V for V n × cols row-major: one pass of the backend's tiled engine, O(n²·(d + cols)) */
  double[] apply(double[] v, int cols) {
    double[] in = v;
    if (rowScale != null) {
      in = v.clone();
      scaleRows(in, rowScale, null, cols, 1.0);
    }
    double[] out = backend.kernelMatvec(x, dx, y, dy, n, kx, ky, in, cols, threads);
    scaleRows(out, rowScale, null, cols, scale);
    return out;
  }

  /** A[:, idx]·W for W idx.length × cols row-major (the backend's cross product, O(n·|idx|·(d + cols))) */
  double[] columns(int[] idx, double[] w, int cols) {
    double[] in = w;
    if (rowScale != null) {
      in = w.clone();
      scaleRows(in, rowScale, idx, cols, 1.0);
    }
    double[] out = backend.kernelCrossMatvec(x, dx, y, dy, n, kx, ky, idx, in, cols, threads);
    scaleRows(out, rowScale, null, cols, scale);
    return out;
  }

  /** the explicit |idx| × |idx| block A[idx, idx] */
  double[] block(int[] idx) {
    double[] b = PairEngine.subMatrix(x, dx, y, dy, kx, ky, idx);
    int c = idx.length;
    for (int a = 0; a < c; a++) {
      double sa = rowScale == null ? scale : scale * rowScale[idx[a]];
      for (int q = 0; q < c; q++) {
        b[a * c + q] *= rowScale == null ? sa : sa * rowScale[idx[q]];
      }
    }
    return b;
  }

  /** row i of the row-major v (cols wide) times factor·s[idx == null ? i : idx[i]] (s null: factor) */
  private static void scaleRows(double[] v, double[] s, int[] idx, int cols, double factor) {
    if (s == null && factor == 1.0) {
      return;
    }
    int rows = v.length / cols;
    for (int i = 0; i < rows; i++) {
      double f = s == null ? factor : factor * s[idx == null ? i : idx[i]];
      for (int c = 0; c < cols; c++) {
        v[i * cols + c] *= f;
      }
    }
  }
}
