package org.infokernels.matrix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.infokernels.core.BackendKind;
import org.infokernels.core.Bandwidth;
import org.infokernels.core.Matrix;
import org.infokernels.core.RunSettings;
import org.infokernels.core.SpectralMethod;
import org.infokernels.internal.backend.Backend;
import org.infokernels.internal.backend.Backends;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The native backends against the pure-Java twin for the matrix entropies: batched eigenvalues
 * (1e-12·‖A‖_F each: LAPACK, EJML and Jacobi are all backward stable), batched truncated and von
 * Neumann entropies and exact DSE (1e-9 relative, the golden tolerance). Shapes cover n &lt; d and
 * d &lt; n, n = 1, and sizes around the cuda Jacobi's 4-row padding. A backend that cannot run here
 * is a visible skip, never a pass.
 */
class CrossBackendMatrixTest {
  static Backend require(String name) {
    Backend b = Backends.of(BackendKind.parse(name));
    assumeTrue(b.isAvailable(), () -> "skipped: " + b.unavailableReason());
    return b;
  }

  static List<Matrix> batch(long seed, int batch, int n, int d) {
    Random r = new Random(seed);
    List<Matrix> out = new ArrayList<>();
    for (int b = 0; b < batch; b++) {
      double[] v = new double[n * d];
      for (int i = 0; i < v.length; i++) {
        v[i] = r.nextGaussian() * (1 + (i % d));  // anisotropic columns: a spread spectrum
      }
      out.add(Matrix.of("x[" + b + "]", v, n, d));
    }
    return out;
  }

  static double[] symmetric(long seed, int batch, int n) {
    Random r = new Random(seed);
    double[] a = new double[batch * n * n];
    for (int b = 0; b < batch; b++) {
      for (int i = 0; i < n; i++) {
        for (int j = i; j < n; j++) {
          double v = r.nextGaussian();
          a[b * n * n + i * n + j] = v;
          a[b * n * n + j * n + i] = v;
        }
      }
    }
    return a;
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"cpu", "cuda"})
  void batchedEigenvaluesMatchTheJavaTwin(String name) {
    Backend other = require(name);
    Backend jb = Backends.of(BackendKind.JAVA);
    for (int n : new int[] {1, 2, 5, 17, 64, 127, 128}) {
      int batch = 7;
      double[] a = symmetric(31 + n, batch, n);
      double[] copy = a.clone();
      double[] wj = jb.batchedSymEigenvalues(a, batch, n, 2);
      double[] wo = other.batchedSymEigenvalues(a, batch, n, 2);
      assertEquals(java.util.Arrays.toString(copy), java.util.Arrays.toString(a), "input unchanged");
      for (int b = 0; b < batch; b++) {
        double fro = 0;
        for (int q = 0; q < n * n; q++) {
          fro += a[b * n * n + q] * a[b * n * n + q];
        }
        for (int i = 0; i < n; i++) {
          assertEquals(wj[b * n + i], wo[b * n + i], 1e-12 * Math.sqrt(fro),
              name + " batched eigenvalues n=" + n + " item " + b + " index " + i);
        }
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"cpu", "cuda"})
  void batchedEntropiesMatchTheJavaTwin(String name) {
    Backend other = require(name);
    int[][] shapes = {{128, 128}, {64, 20}, {9, 30}, {1, 5}, {33, 2}};
    for (int[] sh : shapes) {
      int n = sh[0];
      int d = sh[1];
      List<Matrix> items = batch(1000L * n + d, 6, n, d);
      String ctx = name + " n=" + n + " d=" + d;
      RunSettings js = RunSettings.defaults().withBackend(BackendKind.JAVA).withThreads(2);
      RunSettings os = js.withBackend(other.kind());
      if (n >= 2) {
        for (int k : new int[] {1, Math.min(3, d), d}) {
          double[] vj = new TruncatedMatrixEntropy(new TruncatedEntropyOptions(k, js)).estimateBatch(items).values();
          double[] vo = new TruncatedMatrixEntropy(new TruncatedEntropyOptions(k, os)).estimateBatch(items).values();
          for (int b = 0; b < vj.length; b++) {
            assertEquals(vj[b], vo[b], 1e-9 * Math.abs(vj[b]), ctx + " truncated K=" + k + " item " + b);
          }
        }
      }
      for (VonNeumannKind kind : new VonNeumannKind[] {VonNeumannKind.COV, VonNeumannKind.LINEAR}) {
        if (n < 2) {
          continue;
        }
        double[] vj = new VonNeumannEntropy(VonNeumannOptions.defaults().withKind(kind).withSettings(js)).estimateBatch(items)
            .values();
        double[] vo = new VonNeumannEntropy(VonNeumannOptions.defaults().withKind(kind).withSettings(os)).estimateBatch(items)
            .values();
        for (int b = 0; b < vj.length; b++) {
          assertEquals(vj[b], vo[b], 1e-9 * Math.abs(vj[b]), ctx + " von Neumann " + kind + " item " + b);
        }
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"cpu", "cuda"})
  void exactDseAndRbfVonNeumannMatchTheJavaTwin(String name) {
    Backend other = require(name);
    Matrix x = batch(77, 1, 300, 3).get(0);
    RunSettings js = RunSettings.defaults().withBackend(BackendKind.JAVA);
    RunSettings os = js.withBackend(other.kind());
    for (int t : new int[] {1, 3}) {
      for (double sigma : new double[] {0.5, 10}) {
        DseOptions o = DseOptions.defaults().withSigma(Bandwidth.of(sigma)).withT(t).withMethod(SpectralMethod.EXACT);
        double vj = new DiffusionSpectralEntropy(o.withSettings(js)).estimate(x).value();
        double vo = new DiffusionSpectralEntropy(o.withSettings(os)).estimate(x).value();
        assertEquals(vj, vo, 1e-9 * Math.abs(vj), name + " dse sigma=" + sigma + " t=" + t);
      }
    }
    VonNeumannOptions v = VonNeumannOptions.defaults().withKind(VonNeumannKind.RBF).withMethod(SpectralMethod.EXACT);
    double vj = new VonNeumannEntropy(v.withSettings(js)).estimate(x).value();
    org.infokernels.core.Estimate eo = new VonNeumannEntropy(v.withSettings(os)).estimate(x);
    assertEquals(vj, eo.value(), 1e-9 * Math.abs(vj), name + " von Neumann rbf");
    // where the spectrum ran: on cuda, the device (cuSOLVER; no stages) or the cpu with the reason
    String eigen = eo.stages().getOrDefault("eigen", eo.backend());
    String kernel = eo.stages().getOrDefault("kernel", eo.backend());
    assertEquals(other.stageLabel(Backend.Stage.EIGEN, 300), eigen, eo.toString());
    assertEquals(other.stageLabel(Backend.Stage.KERNEL_MATRIX, 300), kernel, eo.toString());
    if (name.equals("cuda")) {
      assertTrue(eigen.equals("cuda") || eigen.startsWith("cpu (fallback: cuSOLVER"), eo.toString());
    }
  }
}
