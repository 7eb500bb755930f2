package org.infokernels.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.infokernels.api.BackendKind;
import org.infokernels.api.InvalidInputException;
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
  void cudaWithoutADriverIsUnavailableNotBroken() {
    // this machine class has no GPU: the probe must answer, never throw
    Backend cuda = Backends.of(BackendKind.CUDA);
    if (!cuda.isAvailable()) {
      assertTrue(cuda.unavailableReason().startsWith("cuda backend unavailable"), cuda.unavailableReason());
    }
  }
}
