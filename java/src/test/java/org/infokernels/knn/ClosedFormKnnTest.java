package org.infokernels.knn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.infokernels.core.KsgAlgorithm;
import org.infokernels.core.Matrix;
import org.junit.jupiter.api.Test;

/**
 * Closed-form truths at n = 5000 on Gaussian samples.
 *
 * <p>Tolerance derivation. Each case averages R = {@value #R} independent samples of n = 5000, so
 * its sampling error has standard deviation σ/√R, σ being the estimator's own spread at n = 5000.
 * σ and the finite-n bias b were measured once over 40 independent samples per case (the
 * numbers are in the tables below; Kraskov et al. 2004, Figs. 2 and 4, report the same order: bias
 * below 0.02 nats for d ≤ 3 and ρ ≤ 0.9, growing with d and ρ). The tolerance is
 * |b| + 0.005 + 4σ/√R: the measured bias, its own uncertainty (σ/√40 ≤ 0.005) and four standard
 * deviations. It is never taken from the implementation under test, and every tolerance is below
 * 0.05 nats (asserted), so a systematic error of that size fails — e.g. ψ(n_x) for ψ(n_x + 1) in
 * KSG-1, which moves the estimate by ⟨1/n_x⟩ + ⟨1/n_y⟩.
 */
class ClosedFormKnnTest {
  static final int N = 5000;
  /** independent samples averaged per case */
  static final int R = 12;
  /** no tolerance may exceed this (nats) */
  static final double CAP = 0.05;

  static double tolerance(double bias, double sd) {
    double tol = Math.abs(bias) + 0.005 + 4 * sd / Math.sqrt(R);
    assertTrue(tol < CAP, "tolerance " + tol + " is too loose to be a test");
    return tol;
  }

  static double[][] correlatedPairs(Random r, int n, int d, double rho) {
    double[] x = new double[n * d];
    double[] y = new double[n * d];
    double c = Math.sqrt(1 - rho * rho);
    for (int i = 0; i < n * d; i++) {
      double a = r.nextGaussian();
      x[i] = a;
      y[i] = rho * a + c * r.nextGaussian();
    }
    return new double[][] {x, y};
  }

  /** Kozachenko–Leonenko, k = 3, standard Gaussian: {d, bias, sd} at n = 5000 (40 samples) */
  static final double[][] KL_ENTROPY = {{1, 0.0024, 0.0131}, {2, -0.0048, 0.0145}, {3, -0.0158, 0.0170}};

  @Test
  void klEntropyOfStandardGaussianMatchesClosedForm() {
    for (double[] c : KL_ENTROPY) {
      int d = (int) c[0];
      double sum = 0;
      for (int rep = 0; rep < R; rep++) {
        Random r = new Random(500 + 31L * rep + d);
        double[] x = new double[N * d];
        for (int i = 0; i < x.length; i++) {
          x[i] = r.nextGaussian();
        }
        sum += new KozachenkoLeonenkoEntropy(EntropyOptions.defaults()).estimate(Matrix.of("x", x, N, d)).value();
      }
      double truth = 0.5 * d * Math.log(2 * Math.PI * Math.E);
      double tol = tolerance(c[1], c[2]);
      assertEquals(truth, sum / R, tol, "KL entropy d=" + d + " (mean of " + R + " samples, seeds 500 + 31 rep + d)");
    }
  }

  /** KSG, k = 3, correlated Gaussian pairs: {algorithm, ρ, d, bias, sd} at n = 5000 (40 samples) */
  static final double[][] KSG = {
      {1, 0.0, 1, 0.0015, 0.0114}, {1, 0.0, 2, 0.0013, 0.0107}, {1, 0.6, 1, 0.0021, 0.0138},
      {1, 0.6, 2, 0.0067, 0.0155}, {1, 0.9, 1, 0.0033, 0.0163}, {1, 0.9, 2, 0.0138, 0.0243},
      {2, 0.0, 1, 0.0006, 0.0139}, {2, 0.0, 2, 0.0014, 0.0119}, {2, 0.6, 1, 0.0014, 0.0153},
      {2, 0.6, 2, 0.0070, 0.0169}, {2, 0.9, 1, 0.0033, 0.0172}, {2, 0.9, 2, 0.0158, 0.0239}};

  @Test
  void ksgMiOfCorrelatedGaussiansMatchesClosedForm() {
    for (double[] c : KSG) {
      KsgAlgorithm alg = c[0] == 1 ? KsgAlgorithm.ONE : KsgAlgorithm.TWO;
      double rho = c[1];
      int d = (int) c[2];
      double sum = 0;
      for (int rep = 0; rep < R; rep++) {
        long seed = 900 + Math.round(rho * 10) + 100L * d + 1000L * rep;
        double[][] xy = correlatedPairs(new Random(seed), N, d, rho);
        sum += new KsgMutualInformation(KsgOptions.defaults().withAlgorithm(alg))
            .estimate(Matrix.of("x", xy[0], N, d), Matrix.of("y", xy[1], N, d)).value();
      }
      double truth = -0.5 * d * Math.log(1 - rho * rho);
      double tol = tolerance(c[3], c[4]);
      assertEquals(truth, sum / R, tol, alg.label() + " rho=" + rho + " d=" + d + " tol=" + tol);
    }
  }

  @Test
  void klDivergenceBetweenShiftedGaussiansMatchesClosedForm() {
    // D(N(mu,1) || N(0,1)) = mu^2 / 2 in 1-D; WKV at n = m = 5000, k = 3: bias -0.0020, sd 0.0273
    // (40 samples)
    double mu = 1.0;
    double sum = 0;
    for (int rep = 0; rep < R; rep++) {
      Random r = new Random(77 + rep);
      double[] p = new double[N];
      double[] q = new double[N];
      for (int i = 0; i < N; i++) {
        p[i] = mu + r.nextGaussian();
        q[i] = r.nextGaussian();
      }
      sum += new KnnKlDivergence(KlDivergenceOptions.defaults()).estimate(Matrix.column("p", p), Matrix.column("q", q))
          .value();
    }
    double tol = tolerance(-0.0020, 0.0273);
    assertEquals(mu * mu / 2, sum / R, tol, "WKV KL tol=" + tol);
  }
}
