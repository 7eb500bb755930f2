package org.infokernels.internal.backend;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.cuda.cusolver.cusolverDnContext;
import org.bytedeco.cuda.global.cublas;
import org.bytedeco.cuda.global.cudart;
import org.bytedeco.cuda.global.cusolver;

/**
 * cuSOLVER's dense symmetric eigensolver ({@code cusolverDnDsyevd}, eigenvalues only) through the
 * {@code org.bytedeco:cuda} presets, for the exact spectra of the cuda backend. Loaded lazily, the
 * first time the cuda backend needs an exact spectrum, by a holder class, and guarded: the presets'
 * JNI libraries need {@code libcusolver.so.12} (and cuBLAS, cuSPARSE, nvJitLink, the dynamic CUDA
 * runtime) from a CUDA toolkit or the {@code org.bytedeco:cuda-platform-redist} jars, and the NVIDIA
 * driver; without them {@code Loader.load} throws {@link UnsatisfiedLinkError},
 * {@link ExceptionInInitializerError} or {@link NoClassDefFoundError}. Every {@link Throwable} of
 * loading and of creating the handle is caught and kept as the reason, which the cuda backend
 * reports in its stage labels while it runs those stages on the cpu backend instead.
 *
 * <p>Device memory: the matrix comes from {@code ik_kernel_matrix_device_cuda} (our kernels, our
 * static CUDA runtime) or is uploaded here; both runtimes work in the driver's primary context of
 * device 0, so the pointers are shared. Only the n eigenvalues are copied back. One eigensolve runs
 * at a time (the handle and the device memory are shared by every caller).
 */
final class CuSolver {
  private CuSolver() {}

  /** -D property that makes cuSOLVER count as unavailable (tests of the fallback) */
  static final String DISABLE_PROPERTY = "infokernels.cusolver.disable";

  /**
   * The largest n of the device route: cusolverDnDsyevd's workspace size is a 32-bit count of
   * doubles, about 2n² + 6n + 1 for eigenvalues only, which leaves int range above n ≈ 32 700.
   */
  static final int MAX_N = 32_000;

  /** the outcome of loading: a handle, or why there is none */
  record Loaded(cusolverDnContext handle, String reason) {
    boolean ok() {
      return handle != null;
    }
  }

  private static final class Holder {
    static final Loaded LOADED = load(true);
  }

  /** whether cuSOLVER runs here (loads it on the first call) */
  static boolean available() {
    return Holder.LOADED.ok();
  }

  /** why cuSOLVER cannot run here ("" when it can) */
  static String unavailableReason() {
    return Holder.LOADED.reason();
  }

  /**
   * Loads the presets and creates a cuSOLVER handle; never throws. With {@code requireDevice}
   * nothing is loaded unless the cuda backend found a device (the presets need a driver anyway).
   * Tests call it with false to exercise the guarded loading itself.
   */
  static Loaded load(boolean requireDevice) {
    if (Boolean.getBoolean(DISABLE_PROPERTY)) {
      return new Loaded(null, "cuSOLVER disabled by -D" + DISABLE_PROPERTY + "=true");
    }
    if (requireDevice && !CudaBackend.INSTANCE.isAvailable()) {
      return new Loaded(null, "cuSOLVER not loaded: " + CudaBackend.INSTANCE.unavailableReason());
    }
    try {
      Loader.load(cusolver.class);
      cusolverDnContext h = new cusolverDnContext();
      int st = cusolver.cusolverDnCreate(h);
      if (st != cusolver.CUSOLVER_STATUS_SUCCESS) {
        return new Loaded(null, "cuSOLVER unavailable: cusolverDnCreate returned status " + st);
      }
      return new Loaded(h, "");
    } catch (Throwable t) {  // UnsatisfiedLinkError, ExceptionInInitializerError, NoClassDefFoundError, ...
      return new Loaded(null, "cuSOLVER unavailable: " + describe(t));
    }
  }

  /** "SimpleName: first line of the message" of t or of its innermost cause with a message */
  static String describe(Throwable t) {
    Throwable c = t;
    while (c.getCause() != null && c.getCause() != c) {
      c = c.getCause();
    }
    if (c.getMessage() == null && t.getMessage() != null) {
      c = t;
    }
    String msg = c.getMessage() == null ? "" : c.getMessage().strip();
    int nl = msg.indexOf('\n');
    if (nl >= 0) {
      msg = msg.substring(0, nl).strip();
    }
    if (msg.length() > 300) {
      msg = msg.substring(0, 300) + "...";
    }
    return c.getClass().getSimpleName() + (msg.isEmpty() ? "" : ": " + msg);
  }

  /**
   * All eigenvalues (ascending) of the symmetric n × n matrix at the device address a (n ≤
   * {@link #MAX_N}; a is overwritten), by cusolverDnDsyevd (jobz = no vectors, lower triangle of
   * the column-major matrix, i.e. the upper triangle of a row-major one).
   *
   * @throws IllegalStateException naming the cuSOLVER or CUDA call that failed
   * @throws OutOfMemoryError when the device has no room for the workspace
   */
  static double[] eigenvalues(DoublePointer a, int n) {
    cusolverDnContext h = Holder.LOADED.handle();
    if (h == null) {
      throw new IllegalStateException(unavailableReason());
    }
    synchronized (CuSolver.class) {
      DoublePointer w = new DoublePointer();
      DoublePointer work = new DoublePointer();
      IntPointer info = new IntPointer();
      try (IntPointer lwork = new IntPointer(1); DoublePointer hostW = new DoublePointer(n);
           IntPointer hostInfo = new IntPointer(1)) {
        cuda(cudart.cudaMalloc(w, 8L * n), "cudaMalloc(eigenvalues)");
        cuda(cudart.cudaMalloc(info, 4L), "cudaMalloc(info)");
        int jobz = cusolver.CUSOLVER_EIG_MODE_NOVECTOR;
        int uplo = cublas.CUBLAS_FILL_MODE_LOWER;
        solver(cusolver.cusolverDnDsyevd_bufferSize(h, jobz, uplo, n, a, n, w, lwork), "cusolverDnDsyevd_bufferSize");
        if (lwork.get() < 0) {
          throw new IllegalStateException("cusolverDnDsyevd_bufferSize: workspace size " + lwork.get() + " for n = " + n);
        }
        cuda(cudart.cudaMalloc(work, 8L * Math.max(1, lwork.get())), "cudaMalloc(workspace of " + lwork.get() + " doubles)");
        solver(cusolver.cusolverDnDsyevd(h, jobz, uplo, n, a, n, w, work, lwork.get(), info), "cusolverDnDsyevd");
        cuda(cudart.cudaMemcpy(hostInfo, info, 4L, cudart.cudaMemcpyDeviceToHost), "cudaMemcpy(info)");
        if (hostInfo.get() != 0) {
          throw new IllegalStateException("cusolverDnDsyevd: info = " + hostInfo.get()
              + (hostInfo.get() > 0 ? " (the tridiagonal QR iteration did not converge)" : " (argument error)"));
        }
        cuda(cudart.cudaMemcpy(hostW, w, 8L * n, cudart.cudaMemcpyDeviceToHost), "cudaMemcpy(eigenvalues)");
        double[] out = new double[n];
        hostW.get(out);
        return out;
      } finally {
        free(work);
        free(info);
        free(w);
      }
    }
  }

  /** {@link #eigenvalues(DoublePointer, int)} of a host matrix (row-major, symmetric): uploaded, solved, freed */
  static double[] eigenvalues(double[] a, int n) {
    if (Holder.LOADED.handle() == null) {
      throw new IllegalStateException(unavailableReason());
    }
    synchronized (CuSolver.class) {
      DoublePointer dev = new DoublePointer();
      try (DoublePointer host = new DoublePointer(a)) {
        cuda(cudart.cudaMalloc(dev, 8L * n * n), "cudaMalloc(matrix, n = " + n + ")");
        cuda(cudart.cudaMemcpy(dev, host, 8L * n * n, cudart.cudaMemcpyHostToDevice), "cudaMemcpy(matrix)");
        return eigenvalues(dev, n);
      } finally {
        free(dev);
      }
    }
  }

  private static void free(Pointer p) {
    if (p != null && !p.isNull()) {
      cudart.cudaFree(p);
      p.setNull();
    }
  }

  private static void cuda(int err, String what) {
    if (err == cudart.cudaErrorMemoryAllocation) {
      throw new OutOfMemoryError("cuda: " + what + ": out of device memory");
    }
    if (err != cudart.cudaSuccess) {
      throw new IllegalStateException("cuda: " + what + ": " + cudart.cudaGetErrorString(err).getString() + " (error "
          + err + ")");
    }
  }

  private static void solver(int st, String what) {
    if (st == cusolver.CUSOLVER_STATUS_ALLOC_FAILED) {
      throw new OutOfMemoryError(what + ": CUSOLVER_STATUS_ALLOC_FAILED");
    }
    if (st != cusolver.CUSOLVER_STATUS_SUCCESS) {
      throw new IllegalStateException(what + " failed (cusolverStatus " + st + ")");
    }
  }
}
