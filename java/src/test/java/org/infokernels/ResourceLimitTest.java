package org.infokernels;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.infokernels.core.Matrix;
import org.infokernels.core.ResourceLimitException;
import org.infokernels.core.RunSettings;
import org.infokernels.core.SpectralMethod;
import org.infokernels.internal.backend.Backend;
import org.infokernels.internal.backend.Backends;
import org.infokernels.kernel.RenyiEntropy;
import org.infokernels.kernel.RenyiOptions;
import org.infokernels.matrix.DiffusionSpectralEntropy;
import org.infokernels.matrix.DseOptions;
import org.junit.jupiter.api.Test;

/**
 * Work that cannot fit is refused before anything is allocated, by name, with the size, the limit
 * and the alternative — never an OutOfMemoryError or a multi-gigabyte allocation that runs for
 * minutes (renyi-entropy --method exact at n = 20 000 once started a 6.4 GB eigensolve silently).
 */
class ResourceLimitTest {
  static Matrix column(int n) {
    Random r = new Random(1);
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = r.nextGaussian();
    }
    return Matrix.column("x", v);
  }

  @Test
  void anExactSpectrumBeyondTheHeapIsRefusedWithTheSizeAndTheAlternative() {
    // the test JVM's heap is a quarter of the machine's memory: n = 40 000 needs 12.8 GB per matrix
    Matrix x = column(40000);
    long t0 = System.nanoTime();
    for (Backend b : Backends.available()) {
      ResourceLimitException e = assertThrows(ResourceLimitException.class, () -> new RenyiEntropy(RenyiOptions.defaults()
          .withMethod(SpectralMethod.EXACT).withSettings(RunSettings.defaults().withBackend(b.kind()))).estimate(x));
      assertTrue(e.getMessage().contains("40000 x 40000") && e.getMessage().contains("SpectralMethod.SLQ"), e.getMessage());
      assertTrue(e.getMessage().contains("GB"), e.getMessage());
    }
    assertTrue(System.nanoTime() - t0 < 20_000_000_000L, "refused before the work started");
  }

  @Test
  void aMatrixBeyondJavaArraysIsRefusedByName() {
    ResourceLimitException e = assertThrows(ResourceLimitException.class, () -> new DiffusionSpectralEntropy(
        DseOptions.defaults().withMethod(SpectralMethod.EXACT)).estimate(column(50000)));
    assertTrue(e.getMessage().contains("more than a Java array can hold"), e.getMessage());
  }
}
