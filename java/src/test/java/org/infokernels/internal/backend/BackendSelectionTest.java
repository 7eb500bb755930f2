package org.infokernels.internal.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.infokernels.core.BackendKind;
import org.infokernels.core.BackendUnavailableException;
import org.infokernels.core.InvalidInputException;
import org.junit.jupiter.api.Test;

class BackendSelectionTest {

  @Test
  void javaIsAlwaysAvailableAndListedFirst() {
    assertTrue(Backends.of(BackendKind.JAVA).isAvailable());
    assertEquals(BackendKind.JAVA, Backends.available().get(0).kind());
  }

  @Test
  void autoPrefersCudaThenCpuThenJava() {
    BackendKind expected = Backends.of(BackendKind.CUDA).isAvailable() ? BackendKind.CUDA
        : Backends.of(BackendKind.CPU).isAvailable() ? BackendKind.CPU : BackendKind.JAVA;
    String saved = System.getProperty(Backends.PROPERTY);
    System.clearProperty(Backends.PROPERTY);
    try {
      assertEquals(expected, Backends.select(BackendKind.AUTO).kind());
    } finally {
      if (saved != null) {
        System.setProperty(Backends.PROPERTY, saved);
      }
    }
  }

  @Test
  void automaticKnnChoiceAvoidsCudaAboveItsLargestK() {
    BackendKind cpuOrJava = Backends.of(BackendKind.CPU).isAvailable() ? BackendKind.CPU : BackendKind.JAVA;
    String saved = System.getProperty(Backends.PROPERTY);
    System.clearProperty(Backends.PROPERTY);
    try {
      assertEquals(Backends.select(BackendKind.AUTO).kind(),
          Backends.selectForKnn(BackendKind.AUTO, CudaBackend.MAX_K).kind());
      BackendKind auto = Backends.select(BackendKind.AUTO).kind();
      assertEquals(auto == BackendKind.CUDA ? cpuOrJava : auto,
          Backends.selectForKnn(BackendKind.AUTO, CudaBackend.MAX_K + 1).kind());
      // an explicit choice is kept whatever k
      assertEquals(BackendKind.JAVA, Backends.selectForKnn(BackendKind.JAVA, 1000).kind());
    } finally {
      if (saved != null) {
        System.setProperty(Backends.PROPERTY, saved);
      }
    }
  }

  @Test
  void systemPropertyChoosesTheBackendForAuto() {
    String saved = System.getProperty(Backends.PROPERTY);
    try {
      System.setProperty(Backends.PROPERTY, "java");
      assertEquals(BackendKind.JAVA, Backends.select(BackendKind.AUTO).kind());
      System.setProperty(Backends.PROPERTY, "gpu9000");
      InvalidInputException e = assertThrows(InvalidInputException.class, () -> Backends.select(BackendKind.AUTO));
      assertTrue(e.getMessage().contains("gpu9000"), e.getMessage());
    } finally {
      if (saved == null) {
        System.clearProperty(Backends.PROPERTY);
      } else {
        System.setProperty(Backends.PROPERTY, saved);
      }
    }
  }

  @Test
  void anUnusableBackendSaysWhyAndAReasonIsAlwaysGiven() {
    for (BackendKind k : new BackendKind[] {BackendKind.CPU, BackendKind.CUDA}) {
      Backend b = Backends.of(k);
      if (b.isAvailable()) {
        assertEquals("", b.unavailableReason());
        assertFalse(b.describe().isBlank());
      } else {
        assertFalse(b.unavailableReason().isBlank(), k + " unavailable without a reason");
        BackendUnavailableException e = assertThrows(BackendUnavailableException.class, () -> Backends.select(k));
        assertEquals(b.unavailableReason(), e.getMessage());
      }
    }
  }

  @Test
  void cudaIsEitherUnavailableWithAReasonOrComputes() {
    // this machine class has no GPU: the probe must answer, never throw. Where a GPU is usable, the
    // backend must describe its device and compute (a tiny KSG count agrees with java exactly).
    Backend cuda = Backends.of(BackendKind.CUDA);
    if (!cuda.isAvailable()) {
      assertTrue(cuda.unavailableReason().startsWith("cuda backend unavailable"), cuda.unavailableReason());
      assertThrows(BackendUnavailableException.class, () -> Backends.select(BackendKind.CUDA));
    } else {
      assertFalse(cuda.describe().isBlank(), "a usable cuda backend names its device");
      double[] x = {0.1, 0.7, 0.3, 0.9, 0.5, 0.2};
      double[] y = {0.4, 0.1, 0.8, 0.6, 0.3, 0.95};
      Backend.KsgCounts g = cuda.ksgCounts(x, 1, y, 1, 6, 2, 1, 1);
      Backend.KsgCounts j = Backends.of(BackendKind.JAVA).ksgCounts(x, 1, y, 1, 6, 2, 1, 1);
      assertEquals(java.util.Arrays.toString(j.nx()), java.util.Arrays.toString(g.nx()), "cuda vs java n_x");
      assertEquals(java.util.Arrays.toString(j.ny()), java.util.Arrays.toString(g.ny()), "cuda vs java n_y");
    }
  }

  @Test
  void everyBackendSaysWhereEachStageRuns() {
    // java and cpu run every stage themselves; cuda runs the Nystrom cross product on the cpu entry,
    // and the exact spectra there too where cuSOLVER cannot load, and says so (Estimate.stages reports it)
    for (BackendKind k : new BackendKind[] {BackendKind.JAVA, BackendKind.CPU}) {
      for (Backend.Stage st : Backend.Stage.values()) {
        // the Theiler window and CMI algorithm 2 have no native entry yet: the Java twin runs them
        BackendKind expected = st == Backend.Stage.KNN_EXTENDED ? BackendKind.JAVA : k;
        assertEquals(expected, Backends.of(k).runs(st, 100), k + " " + st);
      }
    }
    Backend cuda = Backends.of(BackendKind.CUDA);
    BackendKind exact = Backends.of(BackendKind.CPU).isAvailable() ? BackendKind.CPU : BackendKind.JAVA;
    // exact spectra: on the device with cuSOLVER (CuSolver), else on the cpu backend
    BackendKind spectra = cuda.isAvailable() && CudaBackend.cusolverAvailable() ? BackendKind.CUDA : exact;
    assertEquals(spectra, cuda.runs(Backend.Stage.EIGEN, 100));
    assertEquals(spectra, cuda.runs(Backend.Stage.KERNEL_MATRIX, 100));
    assertEquals(exact, cuda.runs(Backend.Stage.EIGEN, CuSolver.MAX_N + 1));
    assertEquals(BackendKind.CPU, cuda.runs(Backend.Stage.CROSS_MATVEC, 100));
    assertEquals(BackendKind.CUDA, cuda.runs(Backend.Stage.PAIR_SUMS, 100));
    assertEquals(BackendKind.CUDA, cuda.runs(Backend.Stage.KNN, 100));
    assertEquals(BackendKind.CUDA, cuda.runs(Backend.Stage.MATVEC, 100));
    assertEquals(BackendKind.CUDA, cuda.runs(Backend.Stage.SINKHORN, 100));
    // batched Jacobi: on the device up to the largest n its shared memory holds (0 without a GPU)
    assertEquals(cuda.isAvailable() ? BackendKind.CUDA : exact, cuda.runs(Backend.Stage.BATCHED_EIGEN, 2));
    assertEquals(exact, cuda.runs(Backend.Stage.BATCHED_EIGEN, 100000));
    // the labels of the stages name the backend, and a fallback its reason
    for (Backend.Stage st : Backend.Stage.values()) {
      String label = cuda.stageLabel(st, 100);
      assertTrue(label.startsWith(cuda.runs(st, 100).label()), st + ": " + label);
    }
  }
}
