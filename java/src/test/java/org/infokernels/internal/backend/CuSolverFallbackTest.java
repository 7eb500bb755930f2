package org.infokernels.internal.backend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Random;
import org.infokernels.core.BackendKind;
import org.infokernels.core.Estimate;
import org.infokernels.internal.kernel.Kernel;
import org.infokernels.internal.support.SpectralSupport;
import org.junit.jupiter.api.Test;

/**
 * The cuda backend's exact spectra without cuSOLVER (this machine: no driver, no CUDA toolkit
 * libraries): loading the {@code org.bytedeco:cuda} presets is guarded and never throws, the
 * fallback to the cpu backend gives the cpu backend's values bit for bit, and the stage labels say
 * "cpu (fallback: reason)". The device route itself is checked on a GPU machine (ci/gpu-check.sh,
 * ctest kernel_matrix_device_cuda_vs_cpu; and these tests with -Dinfokernels.backend=cuda).
 */
class CuSolverFallbackTest {

  /** n × d data with offsets and mixed scales: column c has mean 2 − c and scale 10^(c mod 3 − 1) */
  private static double[] data(int n, int d, long seed) {
    Random r = new Random(seed);
    double[] x = new double[n * d];
    for (int i = 0; i < n; i++) {
      for (int c = 0; c < d; c++) {
        x[i * d + c] = (2.0 - c) + Math.pow(10, c % 3 - 1) * r.nextGaussian();
      }
    }
    return x;
  }

  @Test
  void loadingThePresetsIsGuardedAndNeverThrows() {
    // the real load, even without a device: UnsatisfiedLinkError & co. become a reason
    CuSolver.Loaded l = assertDoesNotThrow(() -> CuSolver.load(false));
    if (!l.ok()) {
      assertNull(l.handle());
      assertTrue(l.reason().startsWith("cuSOLVER unavailable: "), l.reason());
      assertTrue(l.reason().length() > "cuSOLVER unavailable: ".length(), l.reason());
    }
    // through the backend: probed once, never throws, a reason whenever it is not available
    boolean ok = assertDoesNotThrow(CudaBackend::cusolverAvailable);
    String reason = assertDoesNotThrow(CudaBackend::cusolverUnavailableReason);
    assertEquals(ok, reason.isEmpty(), reason);
    if (!Backends.of(BackendKind.CUDA).isAvailable()) {
      assertFalse(ok);
      assertTrue(reason.contains("cuda backend unavailable") || reason.startsWith("cuSOLVER"), reason);
    }
  }

  @Test
  void withoutTheDriverOrToolkitLibrariesLoadingFailsWithTheirName() {
    assumeFalse(Backends.of(BackendKind.CUDA).isAvailable(), "a GPU is present: the presets may load");
    CuSolver.Loaded l = CuSolver.load(false);
    assertFalse(l.ok());
    // e.g. "UnsatisfiedLinkError: no jnicusolver in java.library.path" or the missing libcusolver.so.12
    assertTrue(l.reason().matches("cuSOLVER unavailable: \\w+(Error|Exception).*"), l.reason());
  }

  @Test
  void theDisablePropertyCountsAsUnavailable() {
    String saved = System.getProperty(CuSolver.DISABLE_PROPERTY);
    System.setProperty(CuSolver.DISABLE_PROPERTY, "true");
    try {
      CuSolver.Loaded l = CuSolver.load(false);
      assertFalse(l.ok());
      assertTrue(l.reason().contains(CuSolver.DISABLE_PROPERTY), l.reason());
    } finally {
      if (saved == null) {
        System.clearProperty(CuSolver.DISABLE_PROPERTY);
      } else {
        System.setProperty(CuSolver.DISABLE_PROPERTY, saved);
      }
    }
  }

  @Test
  void describeGivesTheErrorAndTheFirstLineOfItsMessage() {
    Throwable t = new ExceptionInInitializerError(new UnsatisfiedLinkError("libcusolver.so.12: cannot open\nmore"));
    assertEquals("UnsatisfiedLinkError: libcusolver.so.12: cannot open", CuSolver.describe(t));
    assertEquals("NoClassDefFoundError: org/bytedeco/cuda/global/cusolver",
        CuSolver.describe(new NoClassDefFoundError("org/bytedeco/cuda/global/cusolver")));
  }

  @Test
  void theFallbackGivesTheCpuValuesBitForBit() {
    assumeTrue(Backends.of(BackendKind.CPU).isAvailable(), "the cpu backend (native library) is needed");
    assumeFalse(Backends.of(BackendKind.CUDA).isAvailable() && CudaBackend.cusolverAvailable(),
        "cuSOLVER runs here: the device route is compared to 1e-9 by the estimator tests instead");
    Backend cuda = Backends.of(BackendKind.CUDA);
    Backend cpu = Backends.of(BackendKind.CPU);
    int n = 150;
    double[] x = data(n, 3, 1);
    double[] y = data(n, 2, 2);
    Kernel kx = Kernel.rbf(1.7);
    Kernel ky = Kernel.rbf(2.3);
    for (boolean normalize : new boolean[] {false, true}) {
      assertArrayEquals(cpu.kernelSpectrum(x, 3, null, 0, n, kx, null, normalize, 1),
          cuda.kernelSpectrum(x, 3, null, 0, n, kx, null, normalize, 1), "K, normalize " + normalize);
      assertArrayEquals(cpu.kernelSpectrum(x, 3, y, 2, n, kx, ky, normalize, 1),
          cuda.kernelSpectrum(x, 3, y, 2, n, kx, ky, normalize, 1), "K o L, normalize " + normalize);
    }
    assertArrayEquals(cpu.kernelSpectrum(x, 3, null, 0, n, Kernel.linear(), null, false, 1),
        cuda.kernelSpectrum(x, 3, null, 0, n, Kernel.linear(), null, false, 1), "linear");
    double[] a = cpu.kernelMatrix(x, 3, null, 0, n, kx, null, 1);
    assertArrayEquals(cpu.symEigenvalues(a.clone(), n, 1), cuda.symEigenvalues(a.clone(), n, 1), "symEigenvalues");
  }

  @Test
  void theDefaultSpectrumIsTheMatrixItsNormalisationAndItsEigenvalues() {
    Backend java = Backends.of(BackendKind.JAVA);
    int n = 40;
    double[] x = data(n, 2, 3);
    Kernel k = Kernel.rbf(0.9);
    double[] m = java.kernelMatrix(x, 2, null, 0, n, k, null, 1);
    double[] rs = new double[n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        rs[i] += m[i * n + j];
      }
    }
    double[] expect = m.clone();
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        expect[i * n + j] = m[i * n + j] * ((1 / Math.sqrt(rs[i])) * (1 / Math.sqrt(rs[j])));
      }
    }
    Backend.normalizeSymmetric(m, n);
    assertArrayEquals(expect, m);
    double[] w = java.kernelSpectrum(x, 2, null, 0, n, k, null, true, 1);
    // D^-1/2 G D^-1/2 is similar to the diffusion operator D^-1 G: top eigenvalue 1
    assertEquals(1.0, w[n - 1], 1e-12);
    assertArrayEquals(java.symEigenvalues(m, n, 1), w);
  }

  @Test
  void stageLabelsSayFallbackAndWhy() {
    Backend cuda = Backends.of(BackendKind.CUDA);
    assumeFalse(cuda.isAvailable() && CudaBackend.cusolverAvailable(), "cuSOLVER runs here");
    String delegate = Backends.of(BackendKind.CPU).isAvailable() ? "cpu" : "java";
    String expected = delegate + " (fallback: " + CudaBackend.cusolverUnavailableReason() + ")";
    assertEquals(expected, cuda.stageLabel(Backend.Stage.EIGEN, 500));
    assertEquals(expected, cuda.stageLabel(Backend.Stage.KERNEL_MATRIX, 500));
    // stages the device runs without cuSOLVER keep their plain label
    assertEquals("cuda", cuda.stageLabel(Backend.Stage.PAIR_SUMS, 500));
    assertEquals("cpu", cuda.stageLabel(Backend.Stage.CROSS_MATVEC, 500));
    // what an estimate reports for an exact spectrum asked of the cuda backend
    Estimate.Builder b = Estimate.builder("renyi-entropy").backend("cuda").value(1.0);
    SpectralSupport.stages(b, cuda, "exact", 500);
    Estimate e = b.build();
    assertEquals(expected, e.stages().get("eigen"), e.toString());
    assertEquals(expected, e.stages().get("kernel"), e.toString());
    assertTrue(e.stages().get("eigen").contains("cuSOLVER"), e.toString());
  }

  @Test
  void aSpectrumBeyondTheWorkspaceLimitFallsBackAndSaysWhy() {
    Backend cuda = Backends.of(BackendKind.CUDA);
    String label = cuda.stageLabel(Backend.Stage.EIGEN, CuSolver.MAX_N + 1);
    assertTrue(label.matches("(cpu|java) \\(fallback: .+\\)"), label);
    if (cuda.isAvailable() && CudaBackend.cusolverAvailable()) {
      assertTrue(label.contains("32-bit"), label);
    }
  }
}
