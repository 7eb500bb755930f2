package org.infokernels.internal.backend;

import org.infokernels.bindings.global.infokernels;
import org.infokernels.core.BackendKind;
import org.infokernels.core.BackendUnavailableException;
import org.infokernels.core.Norm;
import org.infokernels.core.Precision;
import org.infokernels.internal.kernel.GramProducts;
import org.infokernels.internal.kernel.Kernel;
import org.infokernels.internal.kernel.PairSums;
import org.infokernels.internal.ot.SinkhornResult;

/**
 * What the two native backends share: each {@code ik_*} entry exists as {@code ik_*_cpu} and
 * {@code ik_*_cuda} with the same signature, so the marshalling (output arrays, kernel codes, the
 * status check that turns a failure into an exception naming the entry) is written once here.
 * {@link CpuBackend} and {@link CudaBackend} say when they can run and add what only one of them
 * has (the explicit matrix and LAPACK on cpu; the Jacobi size limit and cpu fallbacks on cuda).
 * The entries are thread-safe, and so is this class: it holds only which functions it calls.
 */
abstract sealed class NativeBackend implements Backend permits CpuBackend, CudaBackend {
  /** the Theiler window and CMI algorithm 2 run on the Java twin (no native entry yet) */
  @Override
  public BackendKind runs(Stage stage, int n) {
    return stage == Stage.KNN_EXTENDED ? BackendKind.JAVA : kind();
  }

  /** true: the {@code ik_*_cuda} functions; false: {@code ik_*_cpu} */
  private final boolean cuda;

  NativeBackend(boolean cuda) {
    this.cuda = cuda;
  }

  /** the native tile products where the library loads (the cpu entry: cuda runs its pairs one by one) */
  @Override
  public GramProducts.TileProducts tileProducts() {
    return NativeLibrary.loaded() ? NativeTiles.INSTANCE : GramProducts.JAVA;
  }

  final void require() {
    if (!isAvailable()) {
      throw new BackendUnavailableException(unavailableReason());
    }
  }

  /** throws for a non-zero status, naming the function ({@code ik_<stem>_cpu} or {@code _cuda}) */
  final void check(int status, String stem) {
    NativeLibrary.check(status, "ik_" + stem + (cuda ? "_cuda" : "_cpu"));
  }

  @Override
  public double[] knnDistance(double[] ref, int nRef, double[] query, int nQuery, int d, int k, Norm norm,
                              boolean sameSet, int threads) {
    require();
    double[] out = new double[nQuery];
    int code = norm == Norm.MAX ? infokernels.IK_NORM_MAX : infokernels.IK_NORM_EUCLIDEAN;
    int same = sameSet ? 1 : 0;
    try (NativeCancel.Scope ignored = NativeCancel.enter()) {
      check(cuda
          ? infokernels.ik_knn_distance_cuda(ref, nRef, query, nQuery, d, k, code, same, threads, out)
          : infokernels.ik_knn_distance_cpu(ref, nRef, query, nQuery, d, k, code, same, threads, out), "knn_distance");
    }
    return out;
  }

  @Override
  public KsgCounts ksgCounts(double[] x, int dx, double[] y, int dy, int n, int k, int algorithm, int threads) {
    require();
    double[] eps = new double[n];
    long[] nx = new long[n];
    long[] ny = new long[n];
    try (NativeCancel.Scope ignored = NativeCancel.enter()) {
      check(cuda
          ? infokernels.ik_ksg_counts_cuda(x, dx, y, dy, n, k, algorithm, threads, eps, nx, ny)
          : infokernels.ik_ksg_counts_cpu(x, dx, y, dy, n, k, algorithm, threads, eps, nx, ny), "ksg_counts");
    }
    return new KsgCounts(eps, nx, ny);
  }

  @Override
  public KsgCounts ksgCounts(double[] x, int dx, double[] y, int dy, int n, int k, int algorithm, int[] orderX,
                             int[] orderY, int threads) {
    if (cuda || (orderX == null && orderY == null)) {
      return ksgCounts(x, dx, y, dy, n, k, algorithm, threads);
    }
    require();
    // the native side reads n entries of each order: a shorter array must not get there
    for (int[] order : new int[][] {orderX, orderY}) {
      if (order != null && order.length != n) {
        throw new IllegalArgumentException("a sorting order has " + order.length + " entries, expected n = " + n);
      }
    }
    double[] eps = new double[n];
    long[] nx = new long[n];
    long[] ny = new long[n];
    try (NativeCancel.Scope ignored = NativeCancel.enter()) {
      check(infokernels.ik_ksg_counts_sorted_cpu(x, dx, y, dy, n, k, algorithm, orderX, orderY, threads, eps, nx, ny),
          "ksg_counts_sorted");
    }
    return new KsgCounts(eps, nx, ny);
  }

  @Override
  public CmiCounts cmiCounts(double[] x, int dx, double[] y, int dy, double[] z, int dz, int n, int k, int threads) {
    require();
    double[] eps = new double[n];
    long[] nxz = new long[n];
    long[] nyz = new long[n];
    long[] nz = new long[n];
    try (NativeCancel.Scope ignored = NativeCancel.enter()) {
      check(cuda
          ? infokernels.ik_cmi_counts_cuda(x, dx, y, dy, z, dz, n, k, threads, eps, nxz, nyz, nz)
          : infokernels.ik_cmi_counts_cpu(x, dx, y, dy, z, dz, n, k, threads, eps, nxz, nyz, nz), "cmi_counts");
    }
    return new CmiCounts(eps, nxz, nyz, nz);
  }

  @Override
  public double[] pairSums(double[] x, int dx, double[] y, int dy, int n, Kernel kx, Kernel ky, int threads,
                           double[] rowK, double[] rowL) {
    require();
    double[] sums = new double[PairSums.LEN];
    Kernel kyy = ky == null ? kx : ky;
    int dyy = y == null ? 0 : dy;
    try (NativeCancel.Scope ignored = NativeCancel.enter()) {
      check(cuda
          ? infokernels.ik_pair_sums_cuda(x, dx, y, dyy, n, kx.code(), kx.sigma(), kyy.code(), kyy.sigma(), threads,
              sums, rowK, rowL)
          : infokernels.ik_pair_sums_cpu(x, dx, y, dyy, n, kx.code(), kx.sigma(), kyy.code(), kyy.sigma(), threads,
              sums, rowK, rowL), "pair_sums");
    }
    return sums;
  }

  @Override
  public double[] kernelMatvec(double[] x, int dx, double[] y, int dy, int n, Kernel kx, Kernel ky, double[] v,
                               int m, int threads) {
    require();
    double[] out = new double[n * m];
    Kernel kyy = ky == null ? kx : ky;
    int dyy = y == null ? 0 : dy;
    try (NativeCancel.Scope ignored = NativeCancel.enter()) {
      check(cuda
          ? infokernels.ik_kernel_matvec_cuda(x, dx, y, dyy, n, kx.code(), kx.sigma(), kyy.code(), kyy.sigma(), v, m,
              threads, out)
          : infokernels.ik_kernel_matvec_cpu(x, dx, y, dyy, n, kx.code(), kx.sigma(), kyy.code(), kyy.sigma(), v, m,
              threads, out), "kernel_matvec");
    }
    return out;
  }

  /** the cpu entry on both backends: the Nyström block is |cols|/n of one mat-vec pass */
  @Override
  public double[] kernelCrossMatvec(double[] x, int dx, double[] y, int dy, int n, Kernel kx, Kernel ky, int[] cols,
                                    double[] w, int m, int threads) {
    require();
    double[] out = new double[n * m];
    Kernel kyy = ky == null ? kx : ky;
    int dyy = y == null ? 0 : dy;
    long[] idx = new long[cols.length];
    for (int l = 0; l < cols.length; l++) {
      idx[l] = cols[l];
    }
    try (NativeCancel.Scope ignored = NativeCancel.enter()) {
      check(infokernels.ik_kernel_cross_matvec_cpu(x, dx, y, dyy, n, kx.code(), kx.sigma(), kyy.code(), kyy.sigma(), idx,
          cols.length, w, m, threads, out), "kernel_cross_matvec");
    }
    return out;
  }

  @Override
  public double[] batchedSymEigenvalues(double[] a, int batch, int n, int threads) {
    require();
    double[] w = new double[batch * n];
    try (NativeCancel.Scope ignored = NativeCancel.enter()) {
      check(cuda
          ? infokernels.ik_batched_sym_eigenvalues_cuda(a, batch, n, threads, w)
          : infokernels.ik_batched_sym_eigenvalues_cpu(a, batch, n, threads, w), "batched_sym_eigenvalues");
    }
    return w;
  }

  @Override
  public double[] sinkhornLse(double[] x, int n, double[] y, int m, int d, double eps, double[] h, double[] lw,
                              Precision precision, int threads) {
    require();
    double[] out = new double[n];
    int prec = OtCodes.precision(precision);
    try (NativeCancel.Scope ignored = NativeCancel.enter()) {
      check(cuda
          ? infokernels.ik_sinkhorn_lse_cuda(x, n, y, m, d, eps, h, lw, prec, threads, out)
          : infokernels.ik_sinkhorn_lse_cpu(x, n, y, m, d, eps, h, lw, prec, threads, out), "sinkhorn_lse");
    }
    return out;
  }

  @Override
  public SinkhornResult sinkhorn(double[] x, int n, double[] y, int m, int d, double[] a, double[] b, double eps,
                                 boolean symmetric, int maxIter, double tol, double epsilonScaling,
                                 Precision precision, int threads) {
    require();
    double[] f = new double[n];
    double[] g = symmetric ? null : new double[m];
    double[] s = new double[infokernels.IK_OT_STATS_LEN];
    double[] yy = symmetric ? x : y;
    int mm = symmetric ? n : m;
    int mode = OtCodes.mode(symmetric);
    int prec = OtCodes.precision(precision);
    try (NativeCancel.Scope ignored = NativeCancel.enter()) {
      check(cuda
          ? infokernels.ik_sinkhorn_cuda(x, n, yy, mm, d, a, b, eps, mode, maxIter, tol, epsilonScaling, prec, threads,
              f, g, s)
          : infokernels.ik_sinkhorn_cpu(x, n, yy, mm, d, a, b, eps, mode, maxIter, tol, epsilonScaling, prec, threads,
              f, g, s), "sinkhorn");
    }
    return OtCodes.result(s, f, symmetric ? f.clone() : g);
  }
}
