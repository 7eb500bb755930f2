package org.infokernels.internal.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Frobenius products of the (centred) Gram matrices of many variables at once: for variables
 * v₁ … v_p on the same n rows, C[a][b] = Σᵢⱼ K̃_a(i, j)·K̃_b(i, j) for every requested pair, where
 * K̃ is K double-centred (HKH: tr(K̃_a K̃_b) = tr(K_a H K_b H), biased HSIC), U-centred (Székely
 * and Rizzo 2014: the inner product that makes Song et al.'s unbiased HSIC) or not centred.
 *
 * <p>Each T × T tile (T = {@value #TILE}) of each variable's Gram matrix is evaluated once and
 * enters every pair it belongs to: a tile of all p variables is a p × T² matrix G and its
 * contribution to C is G·Gᵀ. So the all-pairs cost is O(n²·p) kernel evaluations plus
 * O(n²·p²) multiply-adds, against O(n²·p²) kernel evaluations for a loop over pairs; only tiles
 * on or above the diagonal are visited (Gram matrices are symmetric; an off-diagonal tile counts
 * twice). Centring needs the row sums of every Gram matrix first ({@link #rowSums}, a pass of
 * n²·p evaluations without products). Nothing n × n is stored: memory is O(n·p) plus
 * {@value #LANES} × (p·T² + |pairs|) doubles.
 *
 * <p>Determinism: the row blocks are dealt to {@value #LANES} fixed lanes (block I to lane
 * I mod {@value #LANES}), each lane sums its tiles in order and the lanes are added in order, so
 * the result does not depend on the number of threads.
 */
public final class GramProducts {
  /**
   * rows and columns per tile: a tile of one variable is T² = 1024 doubles (8 KiB), so a tile of
   * p = 100 variables (800 KiB) stays in L2 while its p²/2 dot products are formed
   */
  public static final int TILE = 32;
  /** fixed partition of the row blocks (see the class comment) */
  static final int LANES = 16;
  /** rows per block of the row-sum pass */
  static final int ROW_BLOCK = 64;

  private GramProducts() {}

  /** how the Gram matrices are centred before their products */
  public enum Centring {
    /** K itself */
    NONE,
    /** HKH, H = I − 11ᵀ/n */
    DOUBLE,
    /** U-centred: zero diagonal, K̃ᵢⱼ − r̃ᵢ/(n−2) − r̃ⱼ/(n−2) + S̃/((n−1)(n−2)) off it (K̃ = K with zero diagonal) */
    U
  }

  /**
   * One variable as the engine gets it.
   *
   * @param data   row-major n × d values
   * @param d      columns
   * @param kernel its kernel
   */
  public record Var(double[] data, int d, Kernel kernel) {}

  /**
   * A variable with its centring: K̃(i, j) = K(i, j) − a[i] − a[j] + c, and 0 on the diagonal when
   * {@code zeroDiagonal}.
   *
   * @param var          the variable
   * @param a            per-row offsets (length n)
   * @param c            constant
   * @param zeroDiagonal true for U-centring
   */
  public record Centred(Var var, double[] a, double c, boolean zeroDiagonal) {
    /** the same centring of the variable whose rows are permuted by {@code perm} (row r of it is row perm[r]) */
    public Centred permuted(int[] perm) {
      int d = var.d();
      double[] x = var.data();
      double[] px = new double[x.length];
      double[] pa = new double[a.length];
      for (int r = 0; r < perm.length; r++) {
        System.arraycopy(x, perm[r] * d, px, r * d, d);
        pa[r] = a[perm[r]];
      }
      return new Centred(new Var(px, d, var.kernel()), pa, c, zeroDiagonal);
    }
  }

  /** Cancellation and progress of a long pass; both are called from the pool's threads. */
  public interface Control {
    /** true once the caller wants the pass to stop (it then throws {@link CancellationException}) */
    boolean cancelled();

    /** one tile (or row block) more is done */
    void done(long units);
  }

  /**
   * How a pass forms each tile's products: {@link #JAVA} ({@link #accumulate}) or a backend's native
   * twin, which performs the same operations in the same order (every sum starts at 0 and adds one
   * rounded product per k, no fused multiply-add) and so gives the same bits.
   */
  public interface TileProducts {
    /**
     * One lane's accumulator of c[a·|B| + b] over the tiles it is given (entries with b &lt; a are
     * not needed when {@code upper}, and a lane may leave them 0).
     *
     * @param slots rows of every tile (one per variable the pass uses), each {@code len} long
     * @param len   doubles per row
     * @param ra    A: the slot of each first variable
     * @param cb    B: the slot of each second variable
     */
    Lane open(int slots, int len, int[] ra, int[] cb);

    /** what runs the products, for the run's stage labels ("java", "cpu") */
    String label();
  }

  /** A lane's products; not shared between threads. */
  public interface Lane extends AutoCloseable {
    /** adds w·G·Gᵀ (the rows ra × cb) of the tile g (slots × len, row-major) */
    void add(double[] g, boolean upper, double w);

    /** the sums so far, |A| × |B| row-major */
    double[] result();

    @Override
    void close();
  }

  /** the products in Java: {@link #accumulate} */
  public static final TileProducts JAVA = new TileProducts() {
    @Override
    public Lane open(int slots, int len, int[] ra, int[] cb) {
      double[] c = new double[ra.length * cb.length];
      return new Lane() {
        @Override public void add(double[] g, boolean upper, double w) {
          accumulate(g, len, ra, cb, upper, w, c);
        }

        @Override public double[] result() {
          return c;
        }

        @Override public void close() { }
      };
    }

    @Override
    public String label() {
      return "java";
    }
  };

  /** a control that never cancels and reports nothing */
  public static final Control NONE = new Control() {
    @Override public boolean cancelled() { return false; }
    @Override public void done(long units) { }
  };

  /** K(i, i) of every row: 1 for the Gaussian kernel, ‖xᵢ‖² for the linear one */
  public static double[] diagonal(Var v, int n) {
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      out[i] = PairEngine.eval(v.kernel(), v.data(), i, v.data(), i, v.d());
    }
    return out;
  }

  /** the centring of {@code v} with row sums {@code r} (from {@link #rowSums}) */
  public static Centred centred(Var v, double[] r, int n, Centring mode) {
    double[] a = new double[n];
    double s = 0;
    for (int i = 0; i < n; i++) {
      s += r[i];
    }
    switch (mode) {
      case NONE:
        return new Centred(v, a, 0.0, false);
      case DOUBLE:
        for (int i = 0; i < n; i++) {
          a[i] = r[i] / n;
        }
        return new Centred(v, a, s / ((double) n * n), false);
      default:
        double[] diag = diagonal(v, n);
        double tr = 0;
        for (int i = 0; i < n; i++) {
          a[i] = (r[i] - diag[i]) / (n - 2.0);
          tr += diag[i];
        }
        return new Centred(v, a, (s - tr) / ((n - 1.0) * (n - 2.0)), true);
    }
  }

  /** the number of tiles on or above the diagonal: the units {@link #products} reports to its control */
  public static long tiles(int n) {
    long nb = (n + TILE - 1) / TILE;
    return nb * (nb + 1) / 2;
  }

  /** the number of row blocks: the units {@link #rowSums} reports per variable */
  public static long rowBlocks(int n) {
    return (n + ROW_BLOCK - 1) / ROW_BLOCK;
  }

  /**
   * rᵢ = Σⱼ K(i, j) for every variable; every row is summed in column order by one thread, so the
   * sums do not depend on the thread count. O(n²·d) evaluations per variable.
   */
  public static double[][] rowSums(Var[] vars, int n, int threads, Control ctl) {
    double[][] out = new double[vars.length][n];
    int blocks = (int) rowBlocks(n);
    runAll(blocks, threads, blk -> {
      int lo = blk * ROW_BLOCK;
      int hi = Math.min(n, lo + ROW_BLOCK);
      for (int v = 0; v < vars.length; v++) {
        if (ctl.cancelled()) {
          throw new CancellationException();
        }
        Var var = vars[v];
        for (int i = lo; i < hi; i++) {
          out[v][i] = rowSum(var, i, n);
        }
        ctl.done(1);
      }
    });
    return out;
  }

  private static double rowSum(Var v, int i, int n) {
    double[] x = v.data();
    int d = v.d();
    double s = 0;
    if (v.kernel().rbf() && d == 1) {
      double xi = x[i];
      double den = 2.0 * v.kernel().sigma() * v.kernel().sigma();
      for (int j = 0; j < n; j++) {
        double t = xi - x[j];
        s += Math.exp(-(t * t) / den);
      }
      return s;
    }
    for (int j = 0; j < n; j++) {
      s += PairEngine.eval(v.kernel(), x, i, x, j, d);
    }
    return s;
  }

  /**
   * C[a·|B| + b] = Σᵢⱼ K̃_{A[a]}(i, j)·K̃_{B[b]}(i, j) over all n² entries.
   *
   * @param vars  the centred variables; A and B index into it
   * @param n     rows of every variable
   * @param rows  A: the first variable of each product
   * @param cols  B: the second
   * @param upper when A = B: only b ≥ a is needed (entries below are left 0)
   * @param threads worker threads (≤ 0: all processors); the result does not depend on them
   * @param ctl   cancellation (checked between tiles) and progress (one unit per tile)
   * @return the |A| × |B| products, row-major
   */
  public static double[] products(Centred[] vars, int n, int[] rows, int[] cols, boolean upper, int threads,
                                  Control ctl) {
    return products(vars, n, rows, cols, upper, threads, ctl, JAVA);
  }

  /** {@link #products(Centred[], int, int[], int[], boolean, int, Control)} with the tile products of {@code tiles} */
  public static double[] products(Centred[] vars, int n, int[] rows, int[] cols, boolean upper, int threads,
                                  Control ctl, TileProducts tiles) {
    int na = rows.length;
    int nc = cols.length;
    int nb = (n + TILE - 1) / TILE;
    // the variables a tile needs, in a compact order: slot[v] = position in G, -1 if unused
    int[] slot = new int[vars.length];
    java.util.Arrays.fill(slot, -1);
    int used = 0;
    for (int v : rows) {
      if (slot[v] < 0) {
        slot[v] = used++;
      }
    }
    for (int v : cols) {
      if (slot[v] < 0) {
        slot[v] = used++;
      }
    }
    int[] order = new int[used];
    for (int v = 0; v < vars.length; v++) {
      if (slot[v] >= 0) {
        order[slot[v]] = v;
      }
    }
    int[] ra = new int[na];
    int[] cb = new int[nc];
    for (int a = 0; a < na; a++) {
      ra[a] = slot[rows[a]];
    }
    for (int b = 0; b < nc; b++) {
      cb[b] = slot[cols[b]];
    }
    int slots = used;
    double[][] lanes = new double[LANES][];
    runAll(LANES, threads, lane -> {
      double[] g = new double[slots * TILE * TILE];
      try (Lane sums = na * nc == 0 ? JAVA.open(slots, TILE * TILE, ra, cb) : tiles.open(slots, TILE * TILE, ra, cb)) {
        for (int bi = lane; bi < nb; bi += LANES) {
          for (int bj = bi; bj < nb; bj++) {
            if (ctl.cancelled()) {
              throw new CancellationException();
            }
            for (int s = 0; s < slots; s++) {
              fillTile(vars[order[s]], n, bi, bj, g, s * TILE * TILE);
            }
            sums.add(g, upper, bi == bj ? 1.0 : 2.0);
            ctl.done(1);
          }
        }
        lanes[lane] = sums.result();
      }
    });
    double[] total = new double[na * nc];
    for (double[] c : lanes) {
      for (int q = 0; q < total.length; q++) {
        total[q] += c[q];
      }
    }
    return total;
  }

  /** the centred tile (bi, bj) of one variable into g[off ..], T × T row-major, zero outside the n rows */
  static void fillTile(Centred cv, int n, int bi, int bj, double[] g, int off) {
    Var v = cv.var();
    double[] x = v.data();
    int d = v.d();
    double[] a = cv.a();
    double c = cv.c();
    int i0 = bi * TILE;
    int j0 = bj * TILE;
    int ni = Math.min(TILE, n - i0);
    int nj = Math.min(TILE, n - j0);
    boolean rbf1 = v.kernel().rbf() && d == 1;
    double den = 2.0 * v.kernel().sigma() * v.kernel().sigma();
    for (int ii = 0; ii < TILE; ii++) {
      int o = off + ii * TILE;
      if (ii >= ni) {
        java.util.Arrays.fill(g, o, o + TILE, 0.0);
        continue;
      }
      int i = i0 + ii;
      double ai = c - a[i];
      if (rbf1) {
        double xi = x[i];
        for (int jj = 0; jj < nj; jj++) {
          int j = j0 + jj;
          double t = xi - x[j];
          g[o + jj] = Math.exp(-(t * t) / den) + (ai - a[j]);
        }
      } else {
        for (int jj = 0; jj < nj; jj++) {
          int j = j0 + jj;
          g[o + jj] = PairEngine.eval(v.kernel(), x, i, x, j, d) + (ai - a[j]);
        }
      }
      for (int jj = nj; jj < TILE; jj++) {
        g[o + jj] = 0.0;
      }
      if (cv.zeroDiagonal() && bi == bj) {
        g[o + ii] = 0.0;
      }
    }
  }

  /**
   * c[a·|B| + b] += w · Σ_k g[A[a]·len + k]·g[B[b]·len + k]: register blocks of 4 × 2 dot products
   * (8 independent sums, 6 loads per 8 multiply-adds); the tile's sums are formed first and then
   * weighted, so an off-diagonal tile (w = 2) adds exactly twice what it would add once
   */
  public static void accumulate(double[] g, int len, int[] ra, int[] cb, boolean upper, double w, double[] c) {
    int na = ra.length;
    int nc = cb.length;
    int a = 0;
    for (; a + 4 <= na; a += 4) {
      int o0 = ra[a] * len;
      int o1 = ra[a + 1] * len;
      int o2 = ra[a + 2] * len;
      int o3 = ra[a + 3] * len;
      int b = upper ? a : 0;
      for (; b + 2 <= nc; b += 2) {
        int p0 = cb[b] * len;
        int p1 = cb[b + 1] * len;
        double s00 = 0, s01 = 0, s10 = 0, s11 = 0, s20 = 0, s21 = 0, s30 = 0, s31 = 0;
        for (int k = 0; k < len; k++) {
          double y0 = g[p0 + k];
          double y1 = g[p1 + k];
          double x0 = g[o0 + k];
          double x1 = g[o1 + k];
          double x2 = g[o2 + k];
          double x3 = g[o3 + k];
          s00 += x0 * y0;
          s01 += x0 * y1;
          s10 += x1 * y0;
          s11 += x1 * y1;
          s20 += x2 * y0;
          s21 += x2 * y1;
          s30 += x3 * y0;
          s31 += x3 * y1;
        }
        c[a * nc + b] += w * s00;
        c[a * nc + b + 1] += w * s01;
        c[(a + 1) * nc + b] += w * s10;
        c[(a + 1) * nc + b + 1] += w * s11;
        c[(a + 2) * nc + b] += w * s20;
        c[(a + 2) * nc + b + 1] += w * s21;
        c[(a + 3) * nc + b] += w * s30;
        c[(a + 3) * nc + b + 1] += w * s31;
      }
      for (; b < nc; b++) {
        int p0 = cb[b] * len;
        for (int q = 0; q < 4; q++) {
          c[(a + q) * nc + b] += w * dot(g, ra[a + q] * len, p0, len);
        }
      }
    }
    for (; a < na; a++) {
      int oa = ra[a] * len;
      for (int b = upper ? a : 0; b < nc; b++) {
        c[a * nc + b] += w * dot(g, oa, cb[b] * len, len);
      }
    }
  }

  /**
   * one sum in k order, as each of the register block's sums: a pair's value then does not depend on
   * whether it falls in a 4 × 2 block or in the remainder, i.e. on which other variables are in the
   * run (the Spark module computes blocks of variables and must match the whole matrix bit for bit)
   */
  private static double dot(double[] g, int oa, int ob, int len) {
    double s = 0;
    for (int k = 0; k < len; k++) {
      s += g[oa + k] * g[ob + k];
    }
    return s;
  }

  private interface Task {
    void run(int index);
  }

  /** task(0 … count − 1) on up to {@code threads} threads (≤ 0: all processors); rethrows the first failure */
  private static void runAll(int count, int threads, Task task) {
    int t = threads <= 0 ? Runtime.getRuntime().availableProcessors() : threads;
    t = Math.max(1, Math.min(t, count));
    if (t == 1) {
      for (int i = 0; i < count; i++) {
        task.run(i);
      }
      return;
    }
    ExecutorService pool = Executors.newFixedThreadPool(t, r -> {
      Thread th = new Thread(r, "infokernels-gram-products");
      th.setDaemon(true);
      return th;
    });
    try {
      List<Future<?>> fs = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        int idx = i;
        fs.add(pool.submit(() -> task.run(idx)));
      }
      for (Future<?> f : fs) {
        f.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CancellationException("interrupted");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException) {
        throw (RuntimeException) cause;
      }
      if (cause instanceof Error) {
        throw (Error) cause;
      }
      throw new IllegalStateException(cause);
    } finally {
      pool.shutdownNow();
    }
  }
}
