package org.infokernels.backend;

import org.infokernels.api.BackendKind;
import org.infokernels.api.Norm;
import org.infokernels.bindings.global.infokernels;

/** Hand-written C++ kernels ({@code ik_*_cpu}) through the JavaCPP-generated JNI. */
public final class CpuBackend implements Backend {
  static final CpuBackend INSTANCE = new CpuBackend();

  private CpuBackend() {}

  @Override
  public BackendKind kind() {
    return BackendKind.CPU;
  }

  @Override
  public boolean isAvailable() {
    return NativeLibrary.loaded();
  }

  @Override
  public String unavailableReason() {
    return NativeLibrary.loaded() ? "" : "cpu backend unavailable: " + NativeLibrary.error();
  }

  @Override
  public String describe() {
    return "libinfokernels " + infokernels.ik_version().getString() + ", " + infokernels.ik_hardware_threads()
        + " hardware threads (" + NativeLibrary.path() + ")";
  }

  private void require() {
    if (!isAvailable()) {
      throw new BackendUnavailableException(unavailableReason());
    }
  }

  @Override
  public double[] knnDistance(double[] ref, int nRef, double[] query, int nQuery, int d, int k, Norm norm,
                              boolean sameSet, int threads) {
    require();
    double[] out = new double[nQuery];
    NativeLibrary.check(infokernels.ik_knn_distance_cpu(ref, nRef, query, nQuery, d, k,
        norm == Norm.MAX ? infokernels.IK_NORM_MAX : infokernels.IK_NORM_EUCLIDEAN, sameSet ? 1 : 0, threads, out),
        "ik_knn_distance_cpu");
    return out;
  }

  @Override
  public KsgCounts ksgCounts(double[] x, int dx, double[] y, int dy, int n, int k, int algorithm, int threads) {
    require();
    double[] eps = new double[n];
    long[] nx = new long[n];
    long[] ny = new long[n];
    NativeLibrary.check(infokernels.ik_ksg_counts_cpu(x, dx, y, dy, n, k, algorithm, threads, eps, nx, ny),
        "ik_ksg_counts_cpu");
    return new KsgCounts(eps, nx, ny);
  }

  @Override
  public CmiCounts cmiCounts(double[] x, int dx, double[] y, int dy, double[] z, int dz, int n, int k, int threads) {
    require();
    double[] eps = new double[n];
    long[] nxz = new long[n];
    long[] nyz = new long[n];
    long[] nz = new long[n];
    NativeLibrary.check(infokernels.ik_cmi_counts_cpu(x, dx, y, dy, z, dz, n, k, threads, eps, nxz, nyz, nz),
        "ik_cmi_counts_cpu");
    return new CmiCounts(eps, nxz, nyz, nz);
  }

  @Override
  public double[] pairSums(double[] x, int dx, double[] y, int dy, int n, Kernel kx, Kernel ky, int threads,
                           double[] rowK, double[] rowL) {
    require();
    double[] sums = new double[PairSums.LEN];
    Kernel kyy = ky == null ? kx : ky;
    NativeLibrary.check(infokernels.ik_pair_sums_cpu(x, dx, y, y == null ? 0 : dy, n, kx.code(), kx.sigma(),
        kyy.code(), kyy.sigma(), threads, sums, rowK, rowL), "ik_pair_sums_cpu");
    return sums;
  }

  @Override
  public double[] kernelMatvec(double[] x, int dx, double[] y, int dy, int n, Kernel kx, Kernel ky, double[] v,
                               int m, int threads) {
    require();
    double[] out = new double[n * m];
    Kernel kyy = ky == null ? kx : ky;
    NativeLibrary.check(infokernels.ik_kernel_matvec_cpu(x, dx, y, y == null ? 0 : dy, n, kx.code(), kx.sigma(),
        kyy.code(), kyy.sigma(), v, m, threads, out), "ik_kernel_matvec_cpu");
    return out;
  }

  @Override
  public double[] kernelMatrix(double[] x, int dx, double[] y, int dy, int n, Kernel kx, Kernel ky, int threads) {
    require();
    double[] out = new double[n * n];
    Kernel kyy = ky == null ? kx : ky;
    NativeLibrary.check(infokernels.ik_kernel_matrix_cpu(x, dx, y, y == null ? 0 : dy, n, kx.code(), kx.sigma(),
        kyy.code(), kyy.sigma(), threads, out), "ik_kernel_matrix_cpu");
    return out;
  }

  @Override
  public double[] symEigenvalues(double[] a, int n, int threads) {
    require();
    double[] w = new double[n];
    NativeLibrary.check(infokernels.ik_sym_eigenvalues_cpu(a, n, 1, w), "ik_sym_eigenvalues_cpu");
    return w;
  }

  @Override
  public double[] batchedSymEigenvalues(double[] a, int batch, int n, int threads) {
    require();
    double[] w = new double[batch * n];
    NativeLibrary.check(infokernels.ik_batched_sym_eigenvalues_cpu(a, batch, n, threads, w),
        "ik_batched_sym_eigenvalues_cpu");
    return w;
  }

  @Override
  public double[] sinkhornLse(double[] x, int n, double[] y, int m, int d, double eps, double[] h, double[] lw,
                              org.infokernels.api.Precision precision, int threads) {
    require();
    double[] out = new double[n];
    NativeLibrary.check(infokernels.ik_sinkhorn_lse_cpu(x, n, y, m, d, eps, h, lw, OtCodes.precision(precision),
        threads, out), "ik_sinkhorn_lse_cpu");
    return out;
  }

  @Override
  public SinkhornResult sinkhorn(double[] x, int n, double[] y, int m, int d, double[] a, double[] b, double eps,
                                 boolean symmetric, int maxIter, double tol, double epsilonScaling,
                                 org.infokernels.api.Precision precision, int threads) {
    require();
    double[] f = new double[n];
    double[] g = symmetric ? null : new double[m];
    double[] s = new double[infokernels.IK_OT_STATS_LEN];
    NativeLibrary.check(infokernels.ik_sinkhorn_cpu(x, n, symmetric ? x : y, symmetric ? n : m, d, a, b, eps,
        OtCodes.mode(symmetric), maxIter, tol, epsilonScaling, OtCodes.precision(precision), threads, f, g, s),
        "ik_sinkhorn_cpu");
    return OtCodes.result(s, f, symmetric ? f.clone() : g);
  }
}
