package org.infokernels.internal.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The pure-Java twin of the native tiled pairwise engine ({@code native/src/engine/tile.hpp}):
 * kernel values are evaluated block by block of rows and reduced on the fly, so nothing n × n is
 * stored (memory O(n·d) plus O(threads·m) scratch). Work is split into fixed blocks of
 * {@value #BLOCK} rows whose partial sums are merged in block order, so the result does not
 * depend on the thread count. Unlike the native engine this twin visits every ordered pair (no
 * use of symmetry): simpler to read, twice the arithmetic.
 *
 * <p>Gaussian kernel: squared distances are summed from coordinate differences, so the diagonal
 * is exactly 0 and Kᵢᵢ = 1.
 */
public final class PairEngine {
  /** rows per block: a block of x (BLOCK × d doubles) stays in L1/L2 for d up to ~64 */
  static final int BLOCK = 128;

  private PairEngine() {}

  static double eval(Kernel k, double[] a, int i, double[] b, int j, int d) {
    int oi = i * d;
    int oj = j * d;
    double s = 0;
    if (k.rbf()) {
      for (int c = 0; c < d; c++) {
        double t = a[oi + c] - b[oj + c];
        s += t * t;
      }
      return Math.exp(-s / (2.0 * k.sigma() * k.sigma()));
    }
    for (int c = 0; c < d; c++) {
      s += a[oi + c] * b[oj + c];
    }
    return s;
  }

  /** work on rows [lo, hi) */
  public interface BlockTask<T> {
    T run(int lo, int hi);
  }

  static <T> List<T> forBlocks(int n, int threads, BlockTask<T> task) {
    return forBlocks(n, BLOCK, threads, task);
  }

  /**
   * task on the fixed row blocks [b·block, min(n, (b + 1)·block)) on up to {@code threads} threads
   * (≤ 0: all processors); the results in block order, so whatever is merged from them in that order
   * does not depend on the thread count
   */
  public static <T> List<T> forBlocks(int n, int block, int threads, BlockTask<T> task) {
    int blocks = (n + block - 1) / block;
    int t = threads <= 0 ? Runtime.getRuntime().availableProcessors() : threads;
    t = Math.max(1, Math.min(t, blocks));
    List<T> out = new ArrayList<>(blocks);
    if (t == 1) {
      for (int b = 0; b < blocks; b++) {
        org.infokernels.internal.Cancellation.check();  // Thread.interrupt(): between blocks
        out.add(task.run(b * block, Math.min(n, (b + 1) * block)));
      }
      return out;
    }
    ExecutorService pool = Executors.newFixedThreadPool(t, r -> {
      Thread th = new Thread(r, "infokernels-pair-engine");
      th.setDaemon(true);
      return th;
    });
    try {
      List<Future<T>> fs = new ArrayList<>(blocks);
      for (int b = 0; b < blocks; b++) {
        int lo = b * block;
        int hi = Math.min(n, (b + 1) * block);
        fs.add(pool.submit(() -> task.run(lo, hi)));
      }
      for (Future<T> f : fs) {
        out.add(f.get());
      }
      return out;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw org.infokernels.internal.Cancellation.cancelled();
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  /** see {@link org.infokernels.internal.backend.Backend#pairSums}; y null means L = K */
  public static double[] pairSums(double[] x, int dx, double[] y, int dy, int n, Kernel kx, Kernel ky, int threads,
                                  double[] rowK, double[] rowL) {
    double[] yy = y == null ? x : y;
    int ddy = y == null ? dx : dy;
    Kernel kyy = y == null ? kx : ky;
    List<double[]> parts = forBlocks(n, threads, (lo, hi) -> {
      double[] s = new double[PairSums.LEN + 2 * (hi - lo)];
      for (int i = lo; i < hi; i++) {
        double rk = 0;
        double rl = 0;
        for (int j = 0; j < n; j++) {
          double k = eval(kx, x, i, x, j, dx);
          double l = eval(kyy, yy, i, yy, j, ddy);
          double kl = k * l;
          s[PairSums.KL] += kl;
          s[PairSums.KK] += k * k;
          s[PairSums.LL] += l * l;
          s[PairSums.KL2] += kl * kl;
          rk += k;
          rl += l;
          if (i == j) {
            s[PairSums.TRK] += k;
            s[PairSums.TRL] += l;
            s[PairSums.DIAG_KL] += kl;
          }
        }
        s[PairSums.K] += rk;
        s[PairSums.L] += rl;
        s[PairSums.LEN + 2 * (i - lo)] = rk;
        s[PairSums.LEN + 2 * (i - lo) + 1] = rl;
      }
      return s;
    });
    double[] total = new double[PairSums.LEN];
    int lo = 0;
    for (double[] p : parts) {
      for (int q = 0; q < PairSums.LEN; q++) {
        total[q] += p[q];
      }
      int rows = (p.length - PairSums.LEN) / 2;
      for (int r = 0; r < rows; r++) {
        if (rowK != null) {
          rowK[lo + r] = p[PairSums.LEN + 2 * r];
        }
        if (rowL != null) {
          rowL[lo + r] = p[PairSums.LEN + 2 * r + 1];
        }
      }
      lo += rows;
    }
    return total;
  }

  /** out = M·V with M = K or K∘L (y not null), V n × m row-major */
  public static double[] kernelMatvec(double[] x, int dx, double[] y, int dy, int n, Kernel kx, Kernel ky,
                                      double[] v, int m, int threads) {
    double[] out = new double[n * m];
    forBlocks(n, threads, (lo, hi) -> {
      for (int i = lo; i < hi; i++) {
        int oi = i * m;
        for (int j = 0; j < n; j++) {
          double k = eval(kx, x, i, x, j, dx);
          if (y != null) {
            k *= eval(ky, y, i, y, j, dy);
          }
          int oj = j * m;
          for (int c = 0; c < m; c++) {
            out[oi + c] += k * v[oj + c];
          }
        }
      }
      return null;
    });
    return out;
  }

  /**
   * out = M[:, cols]·W with M = K or K∘L (y not null): the n × c block of the Gram columns at the
   * indices {@code cols} (c = cols.length) applied to W (c × m row-major), one row of c kernel
   * values at a time (O(c) scratch per thread, the n × c block never stored). O(n·c·(d + m)) time:
   * the Nyström step of the spectral estimates, c ≪ n (the java backend's; the native backends
   * use {@code ik_kernel_cross_matvec_cpu}).
   */
  public static double[] crossMatvec(double[] x, int dx, double[] y, int dy, int n, Kernel kx, Kernel ky,
                                     int[] cols, double[] w, int m, int threads) {
    int c = cols.length;
    double[] out = new double[n * m];
    forBlocks(n, threads, (lo, hi) -> {
      double[] row = new double[c];
      for (int i = lo; i < hi; i++) {
        for (int l = 0; l < c; l++) {
          double k = eval(kx, x, i, x, cols[l], dx);
          row[l] = y == null ? k : k * eval(ky, y, i, y, cols[l], dy);
        }
        int oi = i * m;
        int l = 0;
        for (; l + 4 <= c; l += 4) {  // four landmarks per sweep over the output row
          double k0 = row[l];
          double k1 = row[l + 1];
          double k2 = row[l + 2];
          double k3 = row[l + 3];
          int o0 = l * m;
          for (int q = 0; q < m; q++) {
            int o = o0 + q;
            out[oi + q] += (k0 * w[o] + k1 * w[o + m]) + (k2 * w[o + 2 * m] + k3 * w[o + 3 * m]);
          }
        }
        for (; l < c; l++) {
          double kl = row[l];
          int ol = l * m;
          for (int q = 0; q < m; q++) {
            out[oi + q] += kl * w[ol + q];
          }
        }
      }
      return null;
    });
    return out;
  }

  /** the explicit c × c matrix M[idx, idx] (M = K or K∘L), c = idx.length */
  public static double[] subMatrix(double[] x, int dx, double[] y, int dy, Kernel kx, Kernel ky, int[] idx) {
    int c = idx.length;
    double[] out = new double[c * c];
    for (int a = 0; a < c; a++) {
      if ((a & 63) == 0) {
        org.infokernels.internal.Cancellation.check();  // Thread.interrupt(): every 64 rows
      }
      for (int b = a; b < c; b++) {
        double k = eval(kx, x, idx[a], x, idx[b], dx);
        if (y != null) {
          k *= eval(ky, y, idx[a], y, idx[b], dy);
        }
        out[a * c + b] = k;
        out[b * c + a] = k;
      }
    }
    return out;
  }

  /** the explicit n × n matrix K or K∘L */
  public static double[] kernelMatrix(double[] x, int dx, double[] y, int dy, int n, Kernel kx, Kernel ky,
                                      int threads) {
    double[] out = new double[n * n];
    forBlocks(n, threads, (lo, hi) -> {
      for (int i = lo; i < hi; i++) {
        for (int j = 0; j < n; j++) {
          double k = eval(kx, x, i, x, j, dx);
          if (y != null) {
            k *= eval(ky, y, i, y, j, dy);
          }
          out[i * n + j] = k;
        }
      }
      return null;
    });
    return out;
  }

  /** all eigenvalues, ascending, of a symmetric n × n matrix, by EJML's symmetric QR algorithm */
  public static double[] symEigenvalues(double[] a, int n) {
    // EJML's decomposition cannot be interrupted midway: the interrupt is seen before and after it
    org.infokernels.internal.Cancellation.check();
    org.ejml.data.DMatrixRMaj m = org.ejml.data.DMatrixRMaj.wrap(n, n, a);
    var dec = org.ejml.dense.row.factory.DecompositionFactory_DDRM.eig(n, false, true);
    if (!dec.decompose(m)) {
      throw new IllegalStateException("EJML symmetric eigendecomposition did not converge (n = " + n + ")");
    }
    double[] w = new double[n];
    for (int i = 0; i < n; i++) {
      w[i] = dec.getEigenvalue(i).real;
    }
    java.util.Arrays.sort(w);
    return w;
  }
}
