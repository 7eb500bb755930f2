package org.infokernels.backend;

import org.bytedeco.javacpp.BytePointer;
import org.infokernels.api.BackendKind;
import org.infokernels.api.Norm;
import org.infokernels.bindings.global.infokernels;

/**
 * CUDA kernels ({@code ik_*_cuda}). The CUDA runtime is linked statically into
 * {@code libinfokernels.so}, so only the NVIDIA driver is needed; device discovery goes through
 * our own ABI ({@code ik_cuda_device_count}), probed once and cached. Without a driver the probe
 * returns a reason (e.g. "CUDA driver version is insufficient for CUDA runtime version (error
 * 35)") and nothing is loaded that could fail.
 */
public final class CudaBackend implements Backend {
  static final CudaBackend INSTANCE = new CudaBackend();

  /** largest k of the k-NN kernels on the GPU (their per-thread candidate lists live in registers) */
  public static final int MAX_K = 64;

  private CudaBackend() {}

  private static final class Probe {
    static final boolean AVAILABLE;
    static final String REASON;
    static final String DEVICE;

    static {
      boolean ok = false;
      String reason;
      String device = "";
      if (!NativeLibrary.loaded()) {
        reason = "cuda backend unavailable: " + NativeLibrary.error();
      } else if (infokernels.ik_cuda_compiled() == 0) {
        reason = "cuda backend unavailable: libinfokernels was built without CUDA kernels (no nvcc at build time)";
      } else {
        int[] count = new int[1];
        int status = infokernels.ik_cuda_device_count(count);
        if (status != infokernels.IK_OK) {
          reason = infokernels.ik_last_error().getString();
        } else {
          ok = true;
          reason = "";
          BytePointer buf = new BytePointer(256);
          if (infokernels.ik_cuda_device_describe(0, buf, 256) == infokernels.IK_OK) {
            device = buf.getString() + (count[0] > 1 ? " (+" + (count[0] - 1) + " more)" : "");
          }
          buf.close();
        }
      }
      AVAILABLE = ok;
      REASON = reason;
      DEVICE = device;
    }
  }

  @Override
  public BackendKind kind() {
    return BackendKind.CUDA;
  }

  @Override
  public boolean isAvailable() {
    return Probe.AVAILABLE;
  }

  @Override
  public String unavailableReason() {
    return Probe.REASON;
  }

  @Override
  public String describe() {
    return Probe.DEVICE;
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
    NativeLibrary.check(infokernels.ik_knn_distance_cuda(ref, nRef, query, nQuery, d, k,
        norm == Norm.MAX ? infokernels.IK_NORM_MAX : infokernels.IK_NORM_EUCLIDEAN, sameSet ? 1 : 0, threads, out),
        "ik_knn_distance_cuda");
    return out;
  }

  @Override
  public KsgCounts ksgCounts(double[] x, int dx, double[] y, int dy, int n, int k, int algorithm, int threads) {
    require();
    double[] eps = new double[n];
    long[] nx = new long[n];
    long[] ny = new long[n];
    NativeLibrary.check(infokernels.ik_ksg_counts_cuda(x, dx, y, dy, n, k, algorithm, threads, eps, nx, ny),
        "ik_ksg_counts_cuda");
    return new KsgCounts(eps, nx, ny);
  }

  @Override
  public CmiCounts cmiCounts(double[] x, int dx, double[] y, int dy, double[] z, int dz, int n, int k, int threads) {
    require();
    double[] eps = new double[n];
    long[] nxz = new long[n];
    long[] nyz = new long[n];
    long[] nz = new long[n];
    NativeLibrary.check(infokernels.ik_cmi_counts_cuda(x, dx, y, dy, z, dz, n, k, threads, eps, nxz, nyz, nz),
        "ik_cmi_counts_cuda");
    return new CmiCounts(eps, nxz, nyz, nz);
  }

  @Override
  public double[] pairSums(double[] x, int dx, double[] y, int dy, int n, Kernel kx, Kernel ky, int threads,
                           double[] rowK, double[] rowL) {
    require();
    double[] sums = new double[PairSums.LEN];
    Kernel kyy = ky == null ? kx : ky;
    NativeLibrary.check(infokernels.ik_pair_sums_cuda(x, dx, y, y == null ? 0 : dy, n, kx.code(), kx.sigma(),
        kyy.code(), kyy.sigma(), threads, sums, rowK, rowL), "ik_pair_sums_cuda");
    return sums;
  }

  @Override
  public double[] kernelMatvec(double[] x, int dx, double[] y, int dy, int n, Kernel kx, Kernel ky, double[] v,
                               int m, int threads) {
    require();
    double[] out = new double[n * m];
    Kernel kyy = ky == null ? kx : ky;
    NativeLibrary.check(infokernels.ik_kernel_matvec_cuda(x, dx, y, y == null ? 0 : dy, n, kx.code(), kx.sigma(),
        kyy.code(), kyy.sigma(), v, m, threads, out), "ik_kernel_matvec_cuda");
    return out;
  }

  /** no CUDA eigensolver (the build has no cuSOLVER): the explicit matrix and its spectrum come from the cpu backend */
  @Override
  public double[] kernelMatrix(double[] x, int dx, double[] y, int dy, int n, Kernel kx, Kernel ky, int threads) {
    return exactDelegate().kernelMatrix(x, dx, y, dy, n, kx, ky, threads);
  }

  @Override
  public double[] symEigenvalues(double[] a, int n, int threads) {
    return exactDelegate().symEigenvalues(a, n, threads);
  }

  /** the largest n of the batched Jacobi kernel on this device (its shared memory), probed once */
  private static final class JacobiLimit {
    static final int MAX_N;

    static {
      int[] max = new int[1];
      MAX_N = Probe.AVAILABLE && infokernels.ik_batched_sym_eigenvalues_cuda_max_n(max) == infokernels.IK_OK ? max[0] : 0;
    }
  }

  /** batched Jacobi on the device (one block per matrix); n beyond its shared memory goes to the cpu backend */
  @Override
  public double[] batchedSymEigenvalues(double[] a, int batch, int n, int threads) {
    require();
    if (n > JacobiLimit.MAX_N) {
      return exactDelegate().batchedSymEigenvalues(a, batch, n, threads);
    }
    double[] w = new double[batch * n];
    NativeLibrary.check(infokernels.ik_batched_sym_eigenvalues_cuda(a, batch, n, threads, w),
        "ik_batched_sym_eigenvalues_cuda");
    return w;
  }

  @Override
  public double[] sinkhornLse(double[] x, int n, double[] y, int m, int d, double eps, double[] h, double[] lw,
                              org.infokernels.api.Precision precision, int threads) {
    require();
    double[] out = new double[n];
    NativeLibrary.check(infokernels.ik_sinkhorn_lse_cuda(x, n, y, m, d, eps, h, lw, OtCodes.precision(precision),
        threads, out), "ik_sinkhorn_lse_cuda");
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
    NativeLibrary.check(infokernels.ik_sinkhorn_cuda(x, n, symmetric ? x : y, symmetric ? n : m, d, a, b, eps,
        OtCodes.mode(symmetric), maxIter, tol, epsilonScaling, OtCodes.precision(precision), threads, f, g, s),
        "ik_sinkhorn_cuda");
    return OtCodes.result(s, f, symmetric ? f.clone() : g);
  }

  private static Backend exactDelegate() {
    return CpuBackend.INSTANCE.isAvailable() ? CpuBackend.INSTANCE : JavaBackend.INSTANCE;
  }
}
