package org.infokernels.internal.ot;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.infokernels.internal.ot.SinkhornResult;

/**
 * The pure-Java twin of the native optimal-transport kernels ({@code native/src/ot/}): log-domain
 * Sinkhorn on the squared Euclidean cost C_ij = ‖x_i − y_j‖² (no ½, POT's convention) without the
 * n × m cost matrix. Each half-iteration recomputes the costs row by row and reduces
 * out_i = lw_i − LSE_j(h_j − C_ij/ε) in one pass with a running maximum and a rescaled sum (one
 * exponential per pair: a = t − max; a &gt; 0 ? (sum·exp(−a) + 1, max = t) : sum + exp(a), the latter
 * skipped where it cannot change the sum's bits, see {@link #SKIP}).
 * Memory O((n + m)·d). Rows are split into fixed blocks of {@value #BLOCK}; each row visits its
 * columns in index order, so the result does not depend on the thread count.
 *
 * <p>{@link #solve} is the loop of {@code native/src/ot/ot_solver.hpp}, step for step: POT's
 * alternating updates with the marginal check every 10 iterations (read off the next v-update:
 * c_j = b_j·exp(v_j − v'_j)), or Feydy's averaged symmetric update for self terms, optional ε
 * annealing, then one fused pass for ⟨P, C⟩ and KL(P ‖ a⊗b). Arguments are trusted (the estimators
 * check them).
 */
public final class SinkhornKernels {
  /** rows per task: a task's rows share each column's coordinates while they are in L1 */
  static final int BLOCK = 64;
  /** POT checks the marginal every 10 iterations */
  static final int CHECK_EVERY = 10;
  /**
   * A term exp(a) with a ≤ −37 is below 2⁻⁵³ while the running sum is ≥ 1 (its largest term is
   * exp(0)): adding it cannot change the sum's bits, so its exponential is skipped (at small ε,
   * most of them). The result is bitwise that of adding every term.
   */
  static final double SKIP = -37.0;

  private SinkhornKernels() {}

  /** out_i = lw_i − LSE_j(h_j − ‖x_i − y_j‖²/ε) for i &lt; n (lw null: 0); x n × d, y m × d row-major */
  public static double[] lse(double[] x, int n, double[] y, int m, int d, double eps, double[] h, double[] lw,
                             int threads) {
    try (Engine e = new Engine(x, n, y, m, d, threads)) {
      double[] out = new double[n];
      e.half(0, eps, h, lw, out);
      return out;
    }
  }

  /**
   * A whole solve (see {@code ik_sinkhorn} in infokernels.h). Weights a, b: positive, summing to 1,
   * null = uniform; symmetric: OT_ε(a, a) on x (y, m, b unused).
   */
  public static SinkhornResult solve(double[] x, int n, double[] y, int m, int d, double[] a, double[] b, double eps,
                                     boolean symmetric, int maxIter, double tol, double scaling, int threads) {
    if (symmetric) {
      y = x;
      m = n;
      b = null;
    }
    try (Engine e = new Engine(x, n, y, m, d, threads)) {
      double[] sched = schedule(x, n, y, m, d, eps, scaling);
      return symmetric ? symmetric(e, n, a, eps, maxIter, tol, sched) : alternating(e, n, m, a, b, eps, maxIter, tol, sched);
    }
  }

  /** ε_k = D²·r^k while above ε, D² = squared diagonal of the bounding box of x and y (ot_solver.hpp) */
  static double[] schedule(double[] x, int n, double[] y, int m, int d, double eps, double scaling) {
    if (scaling == 0.0) {
      return new double[0];
    }
    double diam2 = 0;
    for (int c = 0; c < d; c++) {
      double lo = x[c];
      double hi = x[c];
      for (int i = 0; i < n; i++) {
        lo = Math.min(lo, x[i * d + c]);
        hi = Math.max(hi, x[i * d + c]);
      }
      for (int j = 0; j < m; j++) {
        lo = Math.min(lo, y[j * d + c]);
        hi = Math.max(hi, y[j * d + c]);
      }
      diam2 += (hi - lo) * (hi - lo);
    }
    List<Double> out = new ArrayList<>();
    for (double e = diam2; e > eps && out.size() < 2000; e *= scaling) {
      out.add(e);
    }
    return out.stream().mapToDouble(Double::doubleValue).toArray();
  }

  static double[] logWeights(double[] w, int len) {
    double[] lw = new double[len];
    for (int i = 0; i < len; i++) {
      lw[i] = w != null ? Math.log(w[i]) : -Math.log(len);
    }
    return lw;
  }

  static double[] weights(double[] w, int len) {
    if (w != null) {
      return w.clone();
    }
    double[] out = new double[len];
    java.util.Arrays.fill(out, 1.0 / len);
    return out;
  }

  private static SinkhornResult alternating(Engine e, int n, int m, double[] aw, double[] bw, double eps, int maxIter,
                                            double tol, double[] sched) {
    double[] la = logWeights(aw, n);
    double[] lb = logWeights(bw, m);
    double[] a = weights(aw, n);
    double[] b = weights(bw, m);
    double[] u = new double[n];
    double[] v = new double[m];
    double[] vn = new double[m];
    long sweeps = 0;
    double prev = 0;
    for (double ek : sched) {
      if (prev > 0) {
        scale(u, prev / ek);
        scale(v, prev / ek);
      }
      e.half(1, ek, u, lb, v);
      e.half(0, ek, v, la, u);
      prev = ek;
      sweeps++;
    }
    if (prev > 0) {
      scale(u, prev / eps);
      scale(v, prev / eps);
    }
    boolean converged = false;
    boolean haveNext = false;
    double err = Double.POSITIVE_INFINITY;
    for (int it = 0; it < maxIter; it++) {
      org.infokernels.internal.Cancellation.check();
      if (haveNext) {
        double[] t = v;
        v = vn;
        vn = t;
      } else {
        e.half(1, eps, u, lb, v);
      }
      haveNext = false;
      e.half(0, eps, v, la, u);
      sweeps++;
      if (it % CHECK_EVERY == 0) {
        e.half(1, eps, u, lb, vn);
        haveNext = true;
        err = Math.sqrt(marginalErr2(v, vn, b));
        if (err < tol) {
          converged = true;
          break;
        }
      }
    }
    if (!haveNext) {
      e.half(1, eps, u, lb, vn);
      err = Math.sqrt(marginalErr2(v, vn, b));
    }
    double[] st = e.stats(eps, u, v, la, lb, a);
    scale(u, eps);
    scale(v, eps);
    return new SinkhornResult(st[0], st[0] + eps * st[1], (int) sweeps, converged, err, u, v);
  }

  private static SinkhornResult symmetric(Engine e, int n, double[] aw, double eps, int maxIter, double tol,
                                          double[] sched) {
    double[] la = logWeights(aw, n);
    double[] a = weights(aw, n);
    double[] f = new double[n];
    double[] h = new double[n];
    double[] t = new double[n];
    long sweeps = 0;
    for (double ek : sched) {
      affine(h, la, f, 1.0 / ek);
      e.half(0, ek, h, null, t);
      symUpdate(f, t, ek);
      sweeps++;
    }
    boolean converged = false;
    for (int it = 0; it < maxIter; it++) {
      org.infokernels.internal.Cancellation.check();
      affine(h, la, f, 1.0 / eps);
      e.half(0, eps, h, null, t);
      double delta = symUpdate(f, t, eps);
      sweeps++;
      if (delta < tol) {
        converged = true;
        break;
      }
    }
    affine(h, la, f, 1.0 / eps);
    double[] st = e.stats(eps, h, h, la, la, a);
    double dot = 0;
    for (int i = 0; i < n; i++) {
      dot += a[i] * f[i];
    }
    return new SinkhornResult(st[0], 2.0 * dot, (int) sweeps, converged, Math.sqrt(st[2]), f, f.clone());
  }

  static void scale(double[] v, double s) {
    for (int i = 0; i < v.length; i++) {
      v[i] *= s;
    }
  }

  static void affine(double[] out, double[] base, double[] v, double s) {
    for (int i = 0; i < out.length; i++) {
      out[i] = base[i] + s * v[i];
    }
  }

  /** f ← (f + ε t)/2; the largest change */
  static double symUpdate(double[] f, double[] t, double eps) {
    double delta = 0;
    for (int i = 0; i < f.length; i++) {
      double fn = 0.5 * (f[i] + eps * t[i]);
      delta = Math.max(delta, Math.abs(fn - f[i]));
      f[i] = fn;
    }
    return delta;
  }

  /** Σ_j (b_j·expm1(v_j − v'_j))² = ‖Pᵀ1 − b‖² with v' the next v-update */
  static double marginalErr2(double[] v, double[] vn, double[] b) {
    double s = 0;
    for (int j = 0; j < b.length; j++) {
      double e = b[j] * Math.expm1(v[j] - vn[j]);
      s += e * e;
    }
    return s;
  }

  /** The points and the threads of one solve. */
  static final class Engine implements AutoCloseable {
    private final double[] x;
    private final double[] y;
    private final int n;
    private final int m;
    private final int d;
    private final ExecutorService pool;
    private final int workers;

    Engine(double[] x, int n, double[] y, int m, int d, int threads) {
      this.x = x;
      this.y = y;
      this.n = n;
      this.m = m;
      this.d = d;
      int t = threads <= 0 ? Runtime.getRuntime().availableProcessors() : threads;
      this.workers = Math.max(1, Math.min(t, (Math.max(n, m) + BLOCK - 1) / BLOCK));
      this.pool = workers == 1 ? null : Executors.newFixedThreadPool(workers, r -> {
        Thread th = new Thread(r, "infokernels-sinkhorn");
        th.setDaemon(true);
        return th;
      });
    }

    @Override
    public void close() {
      if (pool != null) {
        pool.shutdownNow();
      }
    }

    interface Task {
      void run(int lo, int hi);
    }

    private void forBlocks(int rows, Task task) {
      int blocks = (rows + BLOCK - 1) / BLOCK;
      if (pool == null || blocks == 1) {
        for (int bk = 0; bk < blocks; bk++) {
          task.run(bk * BLOCK, Math.min(rows, (bk + 1) * BLOCK));
        }
        return;
      }
      List<Future<?>> fs = new ArrayList<>(blocks);
      for (int bk = 0; bk < blocks; bk++) {
        int lo = bk * BLOCK;
        int hi = Math.min(rows, (bk + 1) * BLOCK);
        fs.add(pool.submit(() -> task.run(lo, hi)));
      }
      try {
        for (Future<?> f : fs) {
          f.get();
        }
      } catch (InterruptedException ex) {
        Thread.currentThread().interrupt();
        throw org.infokernels.internal.Cancellation.cancelled();
      } catch (ExecutionException ex) {
        Throwable c = ex.getCause();
        throw c instanceof RuntimeException ? (RuntimeException) c : new IllegalStateException(c);
      }
    }

    /** side 0: rows x, columns y; side 1: rows y, columns x. out_r = lw_r − LSE_c(h_c − C_rc/ε) */
    void half(int side, double eps, double[] h, double[] lw, double[] out) {
      double[] rows = side == 0 ? x : y;
      double[] cols = side == 0 ? y : x;
      int nr = side == 0 ? n : m;
      int nc = side == 0 ? m : n;
      double invEps = 1.0 / eps;
      forBlocks(nr, (lo, hi) -> lseRows(rows, cols, nc, d, invEps, h, lw, lo, hi, out));
    }

    /**
     * One fused pass over P = exp(u_i + v_j − C_ij/ε): {Σ P C, Σ P (log P − log a_i − log b_j), Σ_i ((P1)_i − a_i)²},
     * per-row sums added in row order.
     */
    double[] stats(double eps, double[] u, double[] v, double[] la, double[] lb, double[] a) {
      double invEps = 1.0 / eps;
      double[] p = new double[n];
      double[] q = new double[m];
      for (int i = 0; i < n; i++) {
        p[i] = u[i] - la[i];
      }
      for (int j = 0; j < m; j++) {
        q[j] = v[j] - lb[j];
      }
      double[] rsum = new double[n];
      double[] rcost = new double[n];
      double[] rkl = new double[n];
      forBlocks(n, (lo, hi) -> {
        for (int i = lo; i < hi; i++) {
          int oi = i * d;
          double ps = 0;
          double cs = 0;
          double ks = 0;
          for (int j = 0; j < m; j++) {
            int oj = j * d;
            double c = 0;
            for (int k = 0; k < d; k++) {
              double t = x[oi + k] - y[oj + k];
              c += t * t;
            }
            double ce = c * invEps;
            double pl = Math.exp((u[i] + v[j]) - ce);
            ps += pl;
            cs += pl * c;
            ks += pl * ((p[i] + q[j]) - ce);
          }
          rsum[i] = ps;
          rcost[i] = cs;
          rkl[i] = ks;
        }
      });
      double cost = 0;
      double kl = 0;
      double err2 = 0;
      for (int i = 0; i < n; i++) {
        cost += rcost[i];
        kl += rkl[i];
        double e = rsum[i] - a[i];
        err2 += e * e;
      }
      return new double[] {cost, kl, err2};
    }
  }

  /**
   * Rows lo..hi-1 of one half-iteration, four at a time so that each column's coordinates are read
   * once per four rows.
   */
  static void lseRows(double[] rows, double[] cols, int nc, int d, double invEps, double[] h, double[] lw, int lo,
                      int hi, double[] out) {
    double[] mx = new double[4];
    double[] sm = new double[4];
    for (int i0 = lo; i0 < hi; i0 += 4) {
      int cnt = Math.min(4, hi - i0);
      int o0 = i0 * d;
      int o1 = (i0 + Math.min(1, cnt - 1)) * d;
      int o2 = (i0 + Math.min(2, cnt - 1)) * d;
      int o3 = (i0 + Math.min(3, cnt - 1)) * d;
      double m0 = -Double.MAX_VALUE;
      double m1 = m0;
      double m2 = m0;
      double m3 = m0;
      double s0 = 0;
      double s1 = 0;
      double s2 = 0;
      double s3 = 0;
      for (int j = 0; j < nc; j++) {
        int oj = j * d;
        double c0 = 0;
        double c1 = 0;
        double c2 = 0;
        double c3 = 0;
        for (int k = 0; k < d; k++) {
          double yk = cols[oj + k];
          double t0 = rows[o0 + k] - yk;
          double t1 = rows[o1 + k] - yk;
          double t2 = rows[o2 + k] - yk;
          double t3 = rows[o3 + k] - yk;
          c0 += t0 * t0;
          c1 += t1 * t1;
          c2 += t2 * t2;
          c3 += t3 * t3;
        }
        double hj = h[j];
        // online log-sum-exp, at most one exponential per pair (see SKIP)
        double t = hj - c0 * invEps;
        double a = t - m0;
        if (a > 0) {
          s0 = s0 * Math.exp(-a) + 1.0;
          m0 = t;
        } else if (a > SKIP) {
          s0 += Math.exp(a);
        }
        t = hj - c1 * invEps;
        a = t - m1;
        if (a > 0) {
          s1 = s1 * Math.exp(-a) + 1.0;
          m1 = t;
        } else if (a > SKIP) {
          s1 += Math.exp(a);
        }
        t = hj - c2 * invEps;
        a = t - m2;
        if (a > 0) {
          s2 = s2 * Math.exp(-a) + 1.0;
          m2 = t;
        } else if (a > SKIP) {
          s2 += Math.exp(a);
        }
        t = hj - c3 * invEps;
        a = t - m3;
        if (a > 0) {
          s3 = s3 * Math.exp(-a) + 1.0;
          m3 = t;
        } else if (a > SKIP) {
          s3 += Math.exp(a);
        }
      }
      mx[0] = m0;
      mx[1] = m1;
      mx[2] = m2;
      mx[3] = m3;
      sm[0] = s0;
      sm[1] = s1;
      sm[2] = s2;
      sm[3] = s3;
      for (int r = 0; r < cnt; r++) {
        int i = i0 + r;
        out[i] = (lw != null ? lw[i] : 0.0) - (mx[r] + Math.log(sm[r]));
      }
    }
  }
}
