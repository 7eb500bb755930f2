package org.infokernels.internal.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.infokernels.core.BackendKind;
import org.infokernels.core.BackendUnavailableException;
import org.infokernels.core.Estimate;
import org.infokernels.core.Matrix;
import org.infokernels.knn.KsgMutualInformation;
import org.infokernels.knn.KsgOptions;
import org.junit.jupiter.api.Test;

/**
 * Runs in its own surefire execution with {@code -Dinfokernels.native.disable=true}: the native
 * library counts as missing, auto falls back to java, and asking for cpu or cuda names the reason.
 */
class NativeDisabledFallbackTest {

  @Test
  void autoFallsBackToJavaAndExplicitNativeBackendsSayWhy() {
    assumeTrue(Boolean.getBoolean("infokernels.native.disable"), "runs only in the native-disabled execution");
    assertFalse(Backends.of(BackendKind.CPU).isAvailable());
    assertFalse(Backends.of(BackendKind.CUDA).isAvailable());
    assertEquals(BackendKind.JAVA, Backends.select(BackendKind.AUTO).kind());
    BackendUnavailableException e = assertThrows(BackendUnavailableException.class, () -> Backends.select(BackendKind.CPU));
    assertTrue(e.getMessage().contains("disabled"), e.getMessage());
    Estimate est = new KsgMutualInformation(KsgOptions.defaults())
        .estimate(Matrix.column("x", 1, 2, 3, 4, 5, 6), Matrix.column("y", 2, 1, 4, 3, 6, 5));
    assertEquals("java", est.backend());
  }
}
