package org.infokernels.internal.backend;

import org.bytedeco.javacpp.BytePointer;
import org.infokernels.bindings.global.infokernels;
import org.infokernels.core.BackendKind;
import org.infokernels.internal.kernel.Kernel;

/**
 * CUDA kernels ({@code ik_*_cuda}). The CUDA runtime is linked statically into
 * {@code libinfokernels.so}, so only the NVIDIA driver is needed; device discovery goes through
 * our own ABI ({@code ik_cuda_device_count}), probed once and cached. Without a driver the probe
 * returns a reason (e.g. "CUDA driver version is insufficient for CUDA runtime version (error
 * 35)") and nothing is loaded that could fail.
 */
public final class CudaBackend extends NativeBackend {
  static final CudaBackend INSTANCE = new CudaBackend();

  /** largest k of the k-NN kernels on the GPU (their per-thread candidate lists live in registers) */
  public static final int MAX_K = 64;

  private CudaBackend() {
    super(true);
  }

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

  @Override
  public BackendKind runs(Stage stage, int n) {
    switch (stage) {
      case KERNEL_MATRIX:
      case EIGEN:
        return exactDelegate().kind();
      case CROSS_MATVEC:
        return BackendKind.CPU;
      case KNN_EXTENDED:
        return BackendKind.JAVA;
      case BATCHED_EIGEN:
        return n > JacobiLimit.MAX_N ? exactDelegate().kind() : BackendKind.CUDA;
      default:
        return BackendKind.CUDA;
    }
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
    return super.batchedSymEigenvalues(a, batch, n, threads);
  }

  private static Backend exactDelegate() {
    return CpuBackend.INSTANCE.isAvailable() ? CpuBackend.INSTANCE : JavaBackend.INSTANCE;
  }
}
