package org.infokernels.internal.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;
import org.infokernels.core.BackendKind;
import org.infokernels.internal.Estimation;
import org.infokernels.internal.backend.Backend;
import org.infokernels.internal.backend.Backends;
import org.infokernels.internal.kernel.Kernel;
import org.junit.jupiter.api.Test;

/** The pieces of the deflated SLQ: the Cholesky-QR basis, the Gauss–Radau rule, the Nyström head. */
class SpectralTracesTest {

  @Test
  void orthonormalBasisIsOrthonormalSpansTheInputAndDropsDependentColumns() {
    int n = 5000;  // three row blocks, summed in parallel
    int r = 20;
    SplittableRandom rng = new SplittableRandom(3);
    double[] v = new double[n * r];
    for (int i = 0; i < n; i++) {
      for (int c = 0; c < r; c++) {
        v[i * r + c] = rng.nextDouble() - 0.5 + (c == 7 ? 1e3 : 0.0);  // one badly scaled column
      }
      v[i * r + 5] = v[i * r + 2] - 3 * v[i * r + 3];  // column 5 in the span of columns 2 and 3
    }
    SpectralTraces.Basis b = SpectralTraces.orthonormalBasis(v.clone(), n, r, 2);
    assertEquals(r - 1, b.cols(), "the dependent column is dropped");
    int k = b.cols();
    for (int a = 0; a < k; a++) {
      for (int c = a; c < k; c++) {
        double dot = 0;
        for (int i = 0; i < n; i++) {
          dot += b.v()[i * k + a] * b.v()[i * k + c];
        }
        assertEquals(a == c ? 1.0 : 0.0, dot, 1e-12, "VᵀV[" + a + "][" + c + "]");
      }
    }
    // every input column lies in the span: its residual after projection is ~0
    double[] residual = SpectralTraces.project(v, b.v(), n, r, k, 2);
    for (int c = 0; c < r; c++) {
      double res = 0;
      double norm = 0;
      for (int i = 0; i < n; i++) {
        res += residual[i * r + c] * residual[i * r + c];
        norm += v[i * r + c] * v[i * r + c];
      }
      assertTrue(Math.sqrt(res) < 1e-10 * Math.sqrt(norm), "column " + c + " residual " + Math.sqrt(res));
    }
  }

  /** alpha, beta of m Lanczos steps (full reorthogonalisation) of diag(lam) from the unit vector u */
  private static double[][] lanczos(double[] lam, double[] u, int m) {
    int n = lam.length;
    double[][] q = new double[m + 1][];
    q[0] = u.clone();
    double[] alpha = new double[m];
    double[] beta = new double[m];
    for (int j = 0; j < m; j++) {
      double[] w = new double[n];
      for (int i = 0; i < n; i++) {
        w[i] = lam[i] * q[j][i];
      }
      for (int pass = 0; pass < 2; pass++) {
        for (int k = 0; k <= j; k++) {
          double dot = 0;
          for (int i = 0; i < n; i++) {
            dot += w[i] * q[k][i];
          }
          if (pass == 0 && k == j) {
            alpha[j] += dot;
          }
          for (int i = 0; i < n; i++) {
            w[i] -= dot * q[k][i];
          }
        }
      }
      double b = 0;
      for (double t : w) {
        b += t * t;
      }
      beta[j] = Math.sqrt(b);
      q[j + 1] = new double[n];
      for (int i = 0; i < n; i++) {
        q[j + 1][i] = w[i] / beta[j];
      }
    }
    return new double[][] {alpha, beta};
  }

  private static double rule(double[][] nodes, DoubleUnaryOperator f) {
    double s = 0;
    for (int k = 0; k < nodes[0].length; k++) {
      s += nodes[1][k] * f.applyAsDouble(nodes[0][k]);
    }
    return s;
  }

  @Test
  void gaussAndRadauAtZeroBracketTheQuadraticFormOfFunctionsSingularAtZero() {
    // spectrum accumulating at 0 like a Gram matrix's; f with f^(2m) > 0 and f^(2m+1) < 0
    int n = 400;
    double[] lam = new double[n];
    for (int i = 0; i < n; i++) {
      lam[i] = Math.exp(-i / 25.0);
    }
    SplittableRandom rng = new SplittableRandom(9);
    double[] u = new double[n];
    double norm = 0;
    for (int i = 0; i < n; i++) {
      u[i] = rng.nextBoolean() ? 1 : -1;
      norm += 1;
    }
    for (int i = 0; i < n; i++) {
      u[i] /= Math.sqrt(norm);
    }
    DoubleUnaryOperator[] fs = {l -> Math.pow(Math.abs(l), 1.01), l -> l > 0 ? l * Math.log(l) : 0.0};
    for (int m : new int[] {3, 6, 10}) {
      double[][] ab = lanczos(lam, u, m);
      double[][] gauss = SpectralTraces.nodesAndWeights(ab[0], ab[1], m);
      double[][] radau = SpectralTraces.radauAtZero(ab[0], ab[1], m);
      assertNotNull(radau, "m = " + m);
      assertEquals(m + 1, radau[0].length);
      double smallest = Double.MAX_VALUE;
      for (double t : radau[0]) {
        smallest = Math.min(smallest, Math.abs(t));
      }
      assertEquals(0.0, smallest, 1e-12, "0 is a Radau node, m = " + m);
      double exactId = 0;
      for (int i = 0; i < n; i++) {
        exactId += u[i] * u[i] * lam[i];
      }
      assertEquals(exactId, rule(radau, l -> l), 1e-13, "degree 1 is exact, m = " + m);
      for (int j = 0; j < fs.length; j++) {
        double exact = 0;
        for (int i = 0; i < n; i++) {
          exact += u[i] * u[i] * fs[j].applyAsDouble(lam[i]);
        }
        double g = rule(gauss, fs[j]);
        double rd = rule(radau, fs[j]);
        assertTrue(g <= exact + 1e-15 && exact <= rd + 1e-15,
            "f" + j + " m = " + m + ": Gauss " + g + " <= exact " + exact + " <= Radau " + rd);
      }
    }
  }

  @Test
  void nativeCrossMatvecEqualsTheJavaTwin() {
    Backend cpu = Backends.of(BackendKind.CPU);
    assumeTrue(cpu.isAvailable(), () -> "skipped: " + cpu.unavailableReason());
    Backend java = Backends.of(BackendKind.JAVA);
    int n = 700;
    SplittableRandom g = new SplittableRandom(5);
    double[] x = new double[n * 3];
    double[] y = new double[n * 2];
    for (int i = 0; i < x.length; i++) {
      x[i] = g.nextDouble() * 2 - 1;
    }
    for (int i = 0; i < y.length; i++) {
      y[i] = g.nextDouble();
    }
    int[] cols = Estimation.randomSubset(n, 300, g);
    for (int m : new int[] {1, 13}) {
      double[] w = new double[cols.length * m];
      for (int i = 0; i < w.length; i++) {
        w[i] = g.nextDouble();
      }
      for (boolean joint : new boolean[] {false, true}) {
        double[] yy = joint ? y : null;
        Kernel kx = Kernel.rbf(0.7);
        Kernel ky = joint ? Kernel.linear() : null;
        double[] a = cpu.kernelCrossMatvec(x, 3, yy, 2, n, kx, ky, cols, w, m, 2);
        double[] b = java.kernelCrossMatvec(x, 3, yy, 2, n, kx, ky, cols, w, m, 2);
        for (int q = 0; q < a.length; q++) {
          assertEquals(b[q], a[q], 1e-12 * Math.max(1.0, Math.abs(b[q])), "m = " + m + " joint " + joint + " [" + q + "]");
        }
      }
    }
  }

  @Test
  void deflatedSlqOfAGaussianGramMatrixIsWithinItsErrorOfTheExactTraces() {
    int n = 1200;
    int d = 3;
    SplittableRandom g = new SplittableRandom(21);
    double[] x = new double[n * d];
    for (int i = 0; i < x.length; i++) {
      x[i] = g.nextDouble() * (1 + i % d);
    }
    Kernel k = Kernel.rbf(0.8);
    var backend = Backends.of(BackendKind.JAVA);
    double[] mat = backend.kernelMatrix(x, d, null, 0, n, k, null, 1);
    double[] w = backend.symEigenvalues(mat, n, 1);
    DoubleUnaryOperator[] fs = {l -> Math.pow(Math.abs(l), 1.01), l -> l > 0 ? l * Math.log(l) : 0.0};
    double[] exact = new double[fs.length];
    for (double lam : w) {
      for (int j = 0; j < fs.length; j++) {
        exact[j] += fs[j].applyAsDouble(lam / n);
      }
    }
    GramOperator op = new GramOperator(backend, x, d, null, 0, n, k, null, null, 1.0 / n, 1);
    SpectralTraces.Traces t = SpectralTraces.estimate(op, 1.0, 12, 6, fs, new SplittableRandom(4), true);
    for (int j = 0; j < fs.length; j++) {
      double se = Math.sqrt(t.covarianceOfMeans(j, j));
      assertTrue(se > 0 && se < 1e-3 * Math.abs(exact[j]), "f" + j + " std error " + se + " vs " + exact[j]);
      assertEquals(exact[j], t.value()[j], 4 * se, "f" + j + " SLQ " + t.value()[j] + " +- " + se);
    }
  }
}
