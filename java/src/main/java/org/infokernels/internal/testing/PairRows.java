package org.infokernels.internal.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The pure-Java twin of {@code native/src/testing/testing_cpu.cpp}: per-row sums over all ordered
 * pairs (i, j) of one sample, j = i included, for the four entries {@code ik_pair_rows},
 * {@code ik_pair_centred_rows}, {@code ik_pair_matvec} and {@code ik_pair_permuted_rows} (same
 * semantics, infokernels.h). Each row visits its columns in spans of {@value #SPAN}: a span's pair
 * values are computed into a scratch array, summed in double, and the span's partial is merged
 * into the row's (sum, compensation) pair by Neumaier's algorithm, so each row sum is accurate to a
 * few ulps whatever n. Rows are independent, handed out in blocks of {@value #BLOCK} to up to
 * {@code threads} threads: the result does not depend on the thread count. Unlike the native
 * tiles this twin visits every ordered pair (no use of symmetry). Memory O(n·(d + q)).
 */
public final class PairRows {
  /** columns per span of a row (one compensated merge per span) */
  static final int SPAN = 128;
  /** rows per unit of work */
  static final int BLOCK = 64;

  private PairRows() {}

  /** values of f for row i of x against rows j0 .. j0 + len − 1, into out[0 .. len) */
  static void values(PairFn f, double[] x, int d, int i, int j0, int len, double[] out) {
    valuesOffset(f, x, 0, d, i, j0, len, out);
  }

  /** Neumaier: sum[k] + comp[k] += v */
  static void neumaier(double[] sum, double[] comp, int k, double v) {
    double s = sum[k];
    double t = s + v;
    comp[k] += Math.abs(s) >= Math.abs(v) ? (s - t) + v : (v - t) + s;
    sum[k] = t;
  }

  /** work for rows [lo, hi): writes their q values into out (n × q) */
  interface RowTask {
    void run(int lo, int hi);
  }

  static void forBlocks(int n, int threads, RowTask task) {
    int blocks = (n + BLOCK - 1) / BLOCK;
    int t = threads <= 0 ? Runtime.getRuntime().availableProcessors() : threads;
    t = Math.max(1, Math.min(t, blocks));
    if (t == 1) {
      task.run(0, n);
      return;
    }
    ExecutorService pool = Executors.newFixedThreadPool(t, r -> {
      Thread th = new Thread(r, "infokernels-pair-rows");
      th.setDaemon(true);
      return th;
    });
    try {
      List<Future<?>> fs = new ArrayList<>(blocks);
      for (int b = 0; b < blocks; b++) {
        int lo = b * BLOCK;
        int hi = Math.min(n, lo + BLOCK);
        fs.add(pool.submit(() -> task.run(lo, hi)));
      }
      for (Future<?> f : fs) {
        f.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  /** see {@code ik_pair_rows}: per row a, b, ab, aa, bb (n × 5) */
  public static double[] pairRows(double[] x, int dx, PairFn fx, double[] y, int dy, PairFn fy, int n, int threads) {
    double[] out = new double[n * 5];
    forBlocks(n, threads, (lo, hi) -> {
      double[] a = new double[SPAN];
      double[] b = new double[SPAN];
      double[] sum = new double[5];
      double[] comp = new double[5];
      for (int i = lo; i < hi; i++) {
        java.util.Arrays.fill(sum, 0);
        java.util.Arrays.fill(comp, 0);
        for (int j0 = 0; j0 < n; j0 += SPAN) {
          int len = Math.min(SPAN, n - j0);
          values(fx, x, dx, i, j0, len, a);
          values(fy, y, dy, i, j0, len, b);
          double s0 = 0;
          double s1 = 0;
          double s2 = 0;
          double s3 = 0;
          double s4 = 0;
          for (int t = 0; t < len; t++) {
            s0 += a[t];
            s1 += b[t];
            s2 += a[t] * b[t];
            s3 += a[t] * a[t];
            s4 += b[t] * b[t];
          }
          neumaier(sum, comp, 0, s0);
          neumaier(sum, comp, 1, s1);
          neumaier(sum, comp, 2, s2);
          neumaier(sum, comp, 3, s3);
          neumaier(sum, comp, 4, s4);
        }
        for (int k = 0; k < 5; k++) {
          out[i * 5 + k] = sum[k] + comp[k];
        }
      }
    });
    return out;
  }

  /**
   * see {@code ik_pair_centred_rows}: per row a·va, a·vb, b·va, b·vb and Σ (AB)² with
   * A = a − caᵢ − caⱼ + ga, B = b − cbᵢ − cbⱼ + gb (n × 5)
   */
  public static double[] pairCentredRows(double[] x, int dx, PairFn fx, double[] y, int dy, PairFn fy, int n,
                                         double[] va, double[] vb, double[] ca, double[] cb, double ga, double gb,
                                         int threads) {
    double[] out = new double[n * 5];
    forBlocks(n, threads, (lo, hi) -> {
      double[] a = new double[SPAN];
      double[] b = new double[SPAN];
      double[] sum = new double[5];
      double[] comp = new double[5];
      for (int i = lo; i < hi; i++) {
        java.util.Arrays.fill(sum, 0);
        java.util.Arrays.fill(comp, 0);
        double ai = ga - ca[i];
        double bi = gb - cb[i];
        for (int j0 = 0; j0 < n; j0 += SPAN) {
          int len = Math.min(SPAN, n - j0);
          values(fx, x, dx, i, j0, len, a);
          values(fy, y, dy, i, j0, len, b);
          double s0 = 0;
          double s1 = 0;
          double s2 = 0;
          double s3 = 0;
          double s4 = 0;
          for (int t = 0; t < len; t++) {
            int j = j0 + t;
            s0 += a[t] * va[j];
            s1 += a[t] * vb[j];
            s2 += b[t] * va[j];
            s3 += b[t] * vb[j];
            double p = ((a[t] + ai) - ca[j]) * ((b[t] + bi) - cb[j]);
            s4 += p * p;
          }
          neumaier(sum, comp, 0, s0);
          neumaier(sum, comp, 1, s1);
          neumaier(sum, comp, 2, s2);
          neumaier(sum, comp, 3, s3);
          neumaier(sum, comp, 4, s4);
        }
        for (int k = 0; k < 5; k++) {
          out[i * 5 + k] = sum[k] + comp[k];
        }
      }
    });
    return out;
  }

  /** see {@code ik_pair_matvec}: F V (n × m), V n × m row-major */
  public static double[] pairMatvec(double[] x, int d, PairFn f, int n, double[] v, int m, int threads) {
    double[] out = new double[n * m];
    forBlocks(n, threads, (lo, hi) -> {
      double[] a = new double[SPAN];
      double[] part = new double[m];
      double[] sum = new double[m];
      double[] comp = new double[m];
      for (int i = lo; i < hi; i++) {
        java.util.Arrays.fill(sum, 0);
        java.util.Arrays.fill(comp, 0);
        for (int j0 = 0; j0 < n; j0 += SPAN) {
          int len = Math.min(SPAN, n - j0);
          values(f, x, d, i, j0, len, a);
          java.util.Arrays.fill(part, 0);
          for (int t = 0; t < len; t++) {
            int oj = (j0 + t) * m;
            double at = a[t];
            for (int k = 0; k < m; k++) {
              part[k] += at * v[oj + k];
            }
          }
          for (int k = 0; k < m; k++) {
            neumaier(sum, comp, k, part[k]);
          }
        }
        for (int k = 0; k < m; k++) {
          out[i * m + k] = sum[k] + comp[k];
        }
      }
    });
    return out;
  }

  /**
   * see {@code ik_pair_permuted_rows}: per row and permutation k, Σⱼ aᵢⱼ b^k_ij with b^k on the
   * k-th n × dy block of yBatch (n × batch)
   */
  public static double[] pairPermutedRows(double[] x, int dx, PairFn fx, double[] yBatch, int dy, PairFn fy, int n,
                                          int batch, int threads) {
    double[] out = new double[n * batch];
    forBlocks(n, threads, (lo, hi) -> {
      double[] a = new double[SPAN];
      double[] b = new double[SPAN];
      double[] sum = new double[batch];
      double[] comp = new double[batch];
      for (int i = lo; i < hi; i++) {
        java.util.Arrays.fill(sum, 0);
        java.util.Arrays.fill(comp, 0);
        for (int j0 = 0; j0 < n; j0 += SPAN) {
          int len = Math.min(SPAN, n - j0);
          values(fx, x, dx, i, j0, len, a);
          for (int k = 0; k < batch; k++) {
            valuesOffset(fy, yBatch, k * n * dy, dy, i, j0, len, b);
            double s = 0;
            for (int t = 0; t < len; t++) {
              s += a[t] * b[t];
            }
            neumaier(sum, comp, k, s);
          }
        }
        for (int k = 0; k < batch; k++) {
          out[i * batch + k] = sum[k] + comp[k];
        }
      }
    });
    return out;
  }

  /** {@link #values} on the rows of x that start at offset {@code base} */
  static void valuesOffset(PairFn f, double[] x, int base, int d, int i, int j0, int len, double[] out) {
    int oi = base + i * d;
    if (f.kind() == PairFn.Kind.LINEAR) {
      for (int t = 0; t < len; t++) {
        int oj = base + (j0 + t) * d;
        double s = 0;
        for (int c = 0; c < d; c++) {
          s += x[oi + c] * x[oj + c];
        }
        out[t] = s;
      }
      return;
    }
    for (int t = 0; t < len; t++) {
      int oj = base + (j0 + t) * d;
      double s = 0;
      for (int c = 0; c < d; c++) {
        double u = x[oi + c] - x[oj + c];
        s += u * u;
      }
      out[t] = s;
    }
    if (f.kind() == PairFn.Kind.RBF) {
      double scale = -1.0 / (2.0 * f.sigma() * f.sigma());
      for (int t = 0; t < len; t++) {
        out[t] = Math.exp(out[t] * scale);
      }
    } else {
      for (int t = 0; t < len; t++) {
        out[t] = Math.sqrt(out[t]);
      }
    }
  }
}
