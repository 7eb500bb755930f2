package org.infokernels.internal.backend;

import org.infokernels.bindings.global.infokernels;
import org.infokernels.core.BackendKind;
import org.infokernels.internal.kernel.Kernel;

/** Hand-written C++ kernels ({@code ik_*_cpu}) through the JavaCPP-generated JNI. */
public final class CpuBackend extends NativeBackend {
  static final CpuBackend INSTANCE = new CpuBackend();

  private CpuBackend() {
    super(false);
  }

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

  /** the explicit n × n matrix on the CPU (O(n²) memory), for the exact eigenvalue paths */
  @Override
  public double[] kernelMatrix(double[] x, int dx, double[] y, int dy, int n, Kernel kx, Kernel ky, int threads) {
    require();
    double[] out = new double[n * n];
    Kernel kyy = ky == null ? kx : ky;
    try (NativeCancel.Scope ignored = NativeCancel.enter()) {
      check(infokernels.ik_kernel_matrix_cpu(x, dx, y, y == null ? 0 : dy, n, kx.code(), kx.sigma(), kyy.code(),
          kyy.sigma(), threads, out), "kernel_matrix");
    }
    return out;
  }

  /** LAPACK dsyevd with one OpenBLAS thread (faster than two on small machines; see the README) */
  @Override
  public double[] symEigenvalues(double[] a, int n, int threads) {
    require();
    double[] w = new double[n];
    try (NativeCancel.Scope ignored = NativeCancel.enter()) {
      check(infokernels.ik_sym_eigenvalues_cpu(a, n, 1, w), "sym_eigenvalues");
    }
    return w;
  }
}
