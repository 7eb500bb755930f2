package org.infokernels.internal.ot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.infokernels.internal.ot.SinkhornResult;
import org.junit.jupiter.api.Test;

/**
 * The Java twin against a naive dense log-domain loop written here over the explicit n × m cost
 * matrix (two-pass log-sum-exp; POT's sinkhorn_log with the plan's column sums recomputed at every
 * check; Feydy's averaged symmetric update), and its thread-count independence.
 */
class SinkhornKernelsTest {
  static double[] gauss(Random r, int n, int d, double shift) {
    double[] v = new double[n * d];
    for (int i = 0; i < v.length; i++) {
      v[i] = r.nextGaussian() + shift;
    }
    return v;
  }

  static double[][] cost(double[] x, int n, double[] y, int m, int d) {
    double[][] c = new double[n][m];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < m; j++) {
        double s = 0;
        for (int k = 0; k < d; k++) {
          double t = x[i * d + k] - y[j * d + k];
          s += t * t;
        }
        c[i][j] = s;
      }
    }
    return c;
  }

  /** rows: out_i = lw_i − LSE_j(h_j − C_ij/ε); columns: out_j = lw_j − LSE_i(h_i − C_ij/ε) */
  static double[] naiveLse(double[][] c, boolean rows, double eps, double[] h, double[] lw) {
    int nr = rows ? c.length : c[0].length;
    int nc = rows ? c[0].length : c.length;
    double[] out = new double[nr];
    for (int r = 0; r < nr; r++) {
      double mx = Double.NEGATIVE_INFINITY;
      for (int q = 0; q < nc; q++) {
        mx = Math.max(mx, h[q] - (rows ? c[r][q] : c[q][r]) / eps);
      }
      double s = 0;
      for (int q = 0; q < nc; q++) {
        s += Math.exp(h[q] - (rows ? c[r][q] : c[q][r]) / eps - mx);
      }
      out[r] = (lw == null ? 0 : lw[r]) - (mx + Math.log(s));
    }
    return out;
  }

  @Test
  void lseMatchesTheDenseLoopForEveryThreadCount() {
    Random r = new Random(5);
    int[][] sizes = {{1, 1}, {3, 70}, {130, 67}, {257, 300}};
    for (int[] nm : sizes) {
      for (int d : new int[] {1, 4}) {
        int n = nm[0];
        int m = nm[1];
        double[] x = gauss(r, n, d, 0);
        double[] y = gauss(r, m, d, 0.5);
        double[] h = gauss(r, m, 1, 0);
        double[] lw = gauss(r, n, 1, 0);
        double eps = 0.2;
        double[] want = naiveLse(cost(x, n, y, m, d), true, eps, h, lw);
        double[] one = SinkhornKernels.lse(x, n, y, m, d, eps, h, lw, 1);
        for (int i = 0; i < n; i++) {
          assertEquals(want[i], one[i], 1e-12 * (Math.abs(want[i]) + 100), "n=" + n + " m=" + m + " d=" + d + " i=" + i);
        }
        for (int t : new int[] {2, 3}) {
          assertArrayEquals(one, SinkhornKernels.lse(x, n, y, m, d, eps, h, lw, t), "threads=" + t + " changed bits");
        }
      }
    }
  }

  @Test
  void solveMatchesPotsLoopOnTheDenseMatrix() {
    Random r = new Random(6);
    int n = 90;
    int m = 70;
    int d = 2;
    double[] x = gauss(r, n, d, 0);
    double[] y = gauss(r, m, d, 0.8);
    double eps = 0.3;
    double[][] c = cost(x, n, y, m, d);
    double[] la = new double[n];
    double[] lb = new double[m];
    java.util.Arrays.fill(la, -Math.log(n));
    java.util.Arrays.fill(lb, -Math.log(m));
    double[] u = new double[n];
    double[] v = new double[m];
    int it;
    double err = Double.NaN;
    boolean converged = false;
    for (it = 0; it < 1000; it++) {
      v = naiveLse(c, false, eps, u, lb);
      u = naiveLse(c, true, eps, v, la);
      if (it % 10 == 0) {
        double e2 = 0;
        for (int j = 0; j < m; j++) {
          double col = 0;
          for (int i = 0; i < n; i++) {
            col += Math.exp(u[i] + v[j] - c[i][j] / eps);
          }
          e2 += (col - 1.0 / m) * (col - 1.0 / m);
        }
        err = Math.sqrt(e2);
        if (err < 1e-9) {
          converged = true;
          break;
        }
      }
    }
    double cost = 0;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < m; j++) {
        cost += Math.exp(u[i] + v[j] - c[i][j] / eps) * c[i][j];
      }
    }
    SinkhornResult got = SinkhornKernels.solve(x, n, y, m, d, null, null, eps, false, 1000, 1e-9, 0.0, 2);
    assertTrue(converged && got.converged());
    assertEquals(it + 1, got.iterations(), "POT's niter + 1");
    assertEquals(cost, got.cost(), 1e-11 * cost);
    assertEquals(err, got.marginalError(), 1e-5 * err);
    for (int i = 0; i < n; i++) {
      assertEquals(eps * u[i], got.f()[i], 1e-9, "f_" + i);
    }
  }

  @Test
  void symmetricSolveMatchesFeydysUpdateOnTheDenseMatrix() {
    Random r = new Random(7);
    int n = 80;
    int d = 3;
    double[] x = gauss(r, n, d, 0);
    double eps = 0.5;
    double[][] c = cost(x, n, x, n, d);
    double[] la = new double[n];
    java.util.Arrays.fill(la, -Math.log(n));
    double[] f = new double[n];
    double[] h = new double[n];
    int it;
    for (it = 0; it < 10000; it++) {
      for (int i = 0; i < n; i++) {
        h[i] = la[i] + f[i] / eps;
      }
      double[] t = naiveLse(c, true, eps, h, null);
      double delta = 0;
      for (int i = 0; i < n; i++) {
        double fn = 0.5 * (f[i] + eps * t[i]);
        delta = Math.max(delta, Math.abs(fn - f[i]));
        f[i] = fn;
      }
      if (delta < 1e-9) {
        break;
      }
    }
    double otEps = 0;
    for (int i = 0; i < n; i++) {
      otEps += 2.0 * f[i] / n;
    }
    SinkhornResult got = SinkhornKernels.solve(x, n, null, 0, d, null, null, eps, true, 10000, 1e-9, 0.0, 3);
    assertEquals(it + 1, got.iterations());
    assertEquals(otEps, got.regularized(), 1e-12 * Math.abs(otEps) + 1e-14);
  }
}
