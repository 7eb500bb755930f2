package org.infokernels.internal.backend;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.infokernels.bindings.global.infokernels;
import org.infokernels.core.BackendKind;
import org.infokernels.internal.kernel.Kernel;

/**
 * CUDA kernels ({@code ik_*_cuda}). The CUDA runtime is linked statically into
 * {@code libinfokernels.so}, so only the NVIDIA driver is needed; device discovery goes through
 * our own ABI ({@code ik_cuda_device_count}), probed once and cached. Without a driver the probe
 * returns a reason (e.g. "CUDA driver version is insufficient for CUDA runtime version (error
 * 35)") and nothing is loaded that could fail.
 *
 * <p>Exact spectra (Rényi, von Neumann, DSE/DSMI): the kernel matrix is built on the device by
 * {@code ik_kernel_matrix_device_cuda} and its eigenvalues come from cuSOLVER's
 * {@code cusolverDnDsyevd} through the {@code org.bytedeco:cuda} presets ({@link CuSolver}), loaded
 * lazily and guarded. Where they cannot load (no CUDA toolkit libraries, no driver) both stages run
 * on the cpu backend, and {@link #stageLabel} says so with the reason.
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

  /** the device, and where the exact spectra run (loads cuSOLVER when a device is present) */
  @Override
  public String describe() {
    if (!Probe.AVAILABLE) {
      return Probe.DEVICE;
    }
    return Probe.DEVICE + "; exact spectra: " + (Solver.AVAILABLE ? "cuSOLVER dsyevd on the device"
        : "on " + exactDelegate().kind().label() + " (" + Solver.REASON + ")");
  }

  @Override
  public BackendKind runs(Stage stage, int n) {
    switch (stage) {
      case KERNEL_MATRIX:
      case EIGEN:
        return deviceSpectrum(n) ? BackendKind.CUDA : exactDelegate().kind();
      case CROSS_MATVEC:
        return BackendKind.CPU;
      case KNN_EXTENDED:
        return BackendKind.JAVA;
      case BATCHED_EIGEN:
        return n <= JacobiLimit.MAX_N ? BackendKind.CUDA : deviceSpectrum(n) ? BackendKind.CUDA : exactDelegate().kind();
      default:
        return BackendKind.CUDA;
    }
  }

  /** the delegate's label plus " (fallback: why)" where an exact-spectrum stage cannot run on the device */
  @Override
  public String stageLabel(Stage stage, int n) {
    BackendKind k = runs(stage, n);
    boolean exact = stage == Stage.KERNEL_MATRIX || stage == Stage.EIGEN || stage == Stage.BATCHED_EIGEN;
    if (!exact || k == BackendKind.CUDA) {
      return k.label();
    }
    return k.label() + " (fallback: " + fallbackReason(n) + ")";
  }

  /** why the exact spectrum of size n does not run on the device ("" when it does) */
  static String fallbackReason(int n) {
    if (!Solver.AVAILABLE) {
      return Solver.REASON;
    }
    if (n > CuSolver.MAX_N) {
      return "n = " + n + " is above " + CuSolver.MAX_N + ", the largest cusolverDnDsyevd workspace of 32-bit size";
    }
    return "";
  }

  /**
   * Whether cuSOLVER loaded ({@link CuSolver}, guarded: whatever loading throws, even a missing
   * presets jar, is kept as the reason), probed once, the first time an exact spectrum is asked of
   * the cuda backend.
   */
  private static final class Solver {
    static final boolean AVAILABLE;
    static final String REASON;

    static {
      boolean ok;
      String reason;
      try {
        ok = CuSolver.available();
        reason = CuSolver.unavailableReason();
      } catch (Throwable t) {  // the presets' classes themselves missing or broken
        ok = false;
        reason = "cuSOLVER unavailable: " + t.getClass().getSimpleName() + ": " + t.getMessage();
      }
      AVAILABLE = ok;
      REASON = reason;
    }
  }

  /** whether cuSOLVER runs here; never throws (loads it on the first call) */
  public static boolean cusolverAvailable() {
    return Solver.AVAILABLE;
  }

  /** why cuSOLVER cannot run here ("" when it can); never throws */
  public static String cusolverUnavailableReason() {
    return Solver.REASON;
  }

  /** the exact spectrum of size n runs on the device: a GPU, cuSOLVER loaded, and n within its workspace */
  private boolean deviceSpectrum(int n) {
    return Probe.AVAILABLE && n <= CuSolver.MAX_N && Solver.AVAILABLE;
  }

  /** without cuSOLVER the explicit matrix comes from the cpu backend (as its eigenvalues do) */
  @Override
  public double[] kernelMatrix(double[] x, int dx, double[] y, int dy, int n, Kernel kx, Kernel ky, int threads) {
    return exactDelegate().kernelMatrix(x, dx, y, dy, n, kx, ky, threads);
  }

  /** cusolverDnDsyevd on the device (the matrix uploaded) where cuSOLVER runs, else the cpu backend */
  @Override
  public double[] symEigenvalues(double[] a, int n, int threads) {
    if (!deviceSpectrum(n)) {
      return exactDelegate().symEigenvalues(a, n, threads);
    }
    require();
    return CuSolver.eigenvalues(a, n);
  }

  /**
   * With cuSOLVER: M built on the device by {@code ik_kernel_matrix_device_cuda} (normalised there
   * for DSE), its eigenvalues by cusolverDnDsyevd in place, only the n eigenvalues copied back.
   * Without: the cpu backend's matrix and LAPACK eigenvalues (the stage labels say why).
   */
  @Override
  public double[] kernelSpectrum(double[] x, int dx, double[] y, int dy, int n, Kernel kx, Kernel ky,
                                 boolean normalize, int threads) {
    if (!deviceSpectrum(n)) {
      return exactDelegate().kernelSpectrum(x, dx, y, dy, n, kx, ky, normalize, threads);
    }
    require();
    Kernel kyy = ky == null ? kx : ky;
    int mode = normalize ? infokernels.IK_MATRIX_SYM_NORMALIZED : infokernels.IK_MATRIX_PLAIN;
    DoublePointer dev = new DoublePointer();
    // the pointer overload of the binding (its out parameter is a double**): x and y copied to native memory, O(n d)
    try (DoublePointer xp = new DoublePointer(x); DoublePointer yp = y == null ? null : new DoublePointer(y)) {
      try (NativeCancel.Scope ignored = NativeCancel.enter()) {
        check(infokernels.ik_kernel_matrix_device_cuda(xp, dx, yp, y == null ? 0 : dy, n, kx.code(), kx.sigma(),
            kyy.code(), kyy.sigma(), mode, threads, dev), "kernel_matrix_device");
      }
      return CuSolver.eigenvalues(dev, n);
    } finally {
      if (!dev.isNull()) {
        infokernels.ik_device_free_cuda(dev);
        dev.setNull();
      }
    }
  }

  /** the largest n of the batched Jacobi kernel on this device (its shared memory), probed once */
  private static final class JacobiLimit {
    static final int MAX_N;

    static {
      int[] max = new int[1];
      MAX_N = Probe.AVAILABLE && infokernels.ik_batched_sym_eigenvalues_cuda_max_n(max) == infokernels.IK_OK ? max[0] : 0;
    }
  }

  /**
   * batched Jacobi on the device (one block per matrix); n beyond its shared memory: cusolverDnDsyevd
   * per matrix on the device where cuSOLVER runs, else the cpu backend
   */
  @Override
  public double[] batchedSymEigenvalues(double[] a, int batch, int n, int threads) {
    require();
    if (n > JacobiLimit.MAX_N) {
      if (!deviceSpectrum(n)) {
        return exactDelegate().batchedSymEigenvalues(a, batch, n, threads);
      }
      double[] w = new double[batch * n];
      double[] one = new double[n * n];
      for (int b = 0; b < batch; b++) {
        System.arraycopy(a, b * n * n, one, 0, n * n);  // a is not modified
        System.arraycopy(CuSolver.eigenvalues(one, n), 0, w, b * n, n);
      }
      return w;
    }
    return super.batchedSymEigenvalues(a, batch, n, threads);
  }

  private static Backend exactDelegate() {
    return CpuBackend.INSTANCE.isAvailable() ? CpuBackend.INSTANCE : JavaBackend.INSTANCE;
  }
}
