package org.infokernels.uncertainty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import org.infokernels.core.Bandwidth;
import org.infokernels.core.Estimate;
import org.infokernels.core.Matrix;
import org.infokernels.core.NullDistribution;
import org.infokernels.core.RunSettings;
import org.infokernels.internal.math.Distributions;
import org.infokernels.kernel.Hsic;
import org.infokernels.kernel.HsicOptions;
import org.infokernels.knn.EntropyOptions;
import org.infokernels.knn.KozachenkoLeonenkoEntropy;
import org.infokernels.knn.KsgMutualInformation;
import org.infokernels.knn.KsgOptions;
import org.infokernels.testing.DcorOptions;
import org.infokernels.testing.DistanceCorrelation;
import org.infokernels.testing.Mmd;
import org.infokernels.testing.MmdOptions;
import org.junit.jupiter.api.Test;

/**
 * Calibration against known truths, at sizes that run in seconds (the numbers each test measured
 * are printed; README, "Uncertainty"):
 * <ul>
 *   <li>p-values under independence are uniform (Kolmogorov–Smirnov over seeds) for the permutation
 *       nulls of HSIC and dCor, HSIC's gamma null and dCor's χ² null; the analytic nulls agree
 *       with the permutation p-values of the same data;</li>
 *   <li>95% intervals cover the truth in about 95% of runs: Gaussian MI (KSG, group jackknife),
 *       Gaussian entropy (Kozachenko–Leonenko, group jackknife), the closed-form MMD² of two
 *       Gaussians (U-statistic jackknife).</li>
 * </ul>
 * Bounds are set from the binomial spread of the run count (about 2.2σ below 0.95) and a KS
 * p-value above 0.001: an honest miscalibration (a method 10 points off) fails them.
 */
class CalibrationTest {
  static final RunSettings S = RunSettings.defaults().withThreads(2);

  static Matrix gauss(Random r, String name, int n, int d, double mean, double scale) {
    double[] v = new double[n * d];
    for (int i = 0; i < v.length; i++) {
      v[i] = mean + scale * r.nextGaussian();
    }
    return Matrix.of(name, v, n, d);
  }

  /** (X, Y) bivariate normal with correlation rho, offsets and scales that change nothing */
  static Matrix[] correlated(Random r, int n, double rho) {
    double[] x = new double[n];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      double a = r.nextGaussian();
      double b = rho * a + Math.sqrt(1 - rho * rho) * r.nextGaussian();
      x[i] = 5 + 2 * a;
      y[i] = -3 + 0.1 * b;
    }
    return new Matrix[] {Matrix.column("x", x), Matrix.column("y", y)};
  }

  static double ksPValue(double[] p) {
    double[] s = p.clone();
    Arrays.sort(s);
    double d = 0;
    for (int i = 0; i < s.length; i++) {
      d = Math.max(d, Math.max((i + 1.0) / s.length - s[i], s[i] - (double) i / s.length));
    }
    return Distributions.kolmogorovSmirnovPValue(d, s.length);
  }

  @Test
  void nullPValuesAreUniformAndAnalyticNullsFollowPermutations() {
    int runs = 60;
    int n = 80;
    double[] hsicPerm = new double[runs];
    double[] hsicGamma = new double[runs];
    double[] dcorPerm = new double[runs];
    double[] dcorChi2 = new double[runs];
    for (int run = 0; run < runs; run++) {
      Random r = new Random(1000 + run);
      Matrix x = gauss(r, "x", n, 2, 3, 2);
      Matrix y = gauss(r, "y", n, 1, -1, 0.5);
      RunSettings perm = S.withSeed(run).withPermutations(199);
      hsicPerm[run] = new Hsic(HsicOptions.defaults().withSettings(perm)).estimate(x, y).pValue().getAsDouble();
      hsicGamma[run] = new Hsic(HsicOptions.defaults().withNull(NullDistribution.GAMMA).withSettings(S))
          .estimate(x, y).pValue().getAsDouble();
      dcorPerm[run] = new DistanceCorrelation(DcorOptions.defaults().withSettings(perm)).estimate(x, y).pValue()
          .getAsDouble();
      dcorChi2[run] = new DistanceCorrelation(DcorOptions.defaults().withNull(NullDistribution.CHI2).withSettings(S))
          .estimate(x, y).pValue().getAsDouble();
    }
    double[][] all = {hsicPerm, hsicGamma, dcorPerm};
    String[] names = {"hsic permutation", "hsic gamma", "dcor permutation"};
    for (int i = 0; i < all.length; i++) {
      double ks = ksPValue(all[i]);
      System.out.printf(Locale.ROOT, "[calibration] %s p-values under independence: KS p = %.3f%n", names[i], ks);
      assertTrue(ks > 1e-3, names[i] + " p-values are not uniform under independence: KS p = " + ks);
    }
    // the chi2 null is conservative by design (Shen et al. 2022): its size at 0.05 is at most about 0.05
    long rejected = Arrays.stream(dcorChi2).filter(p -> p <= 0.05).count();
    System.out.printf(Locale.ROOT, "[calibration] dcor chi2: %d of %d rejected at 0.05, KS p = %.3g%n", rejected, runs,
        ksPValue(dcorChi2));
    assertTrue(rejected <= 8, "dcor chi2 rejects " + rejected + " of " + runs + " independent samples at 0.05");
    double gap = 0;
    double gapChi2 = 0;
    for (int run = 0; run < runs; run++) {
      gap = Math.max(gap, Math.abs(hsicGamma[run] - hsicPerm[run]));
      gapChi2 = Math.max(gapChi2, Math.abs(dcorChi2[run] - dcorPerm[run]));
    }
    System.out.printf(Locale.ROOT, "[calibration] largest |p_gamma - p_perm| = %.3f, |p_chi2 - p_perm| = %.3f%n", gap,
        gapChi2);
    assertTrue(gap < 0.15, "the gamma null departs from the permutation null by " + gap);
    assertTrue(gapChi2 < 0.35, "the chi2 null departs from the permutation null by " + gapChi2);
  }

  @Test
  void analyticNullsDetectDependenceLikePermutations() {
    Random r = new Random(7);
    Matrix[] d = correlated(r, 200, 0.3);
    double pg = new Hsic(HsicOptions.defaults().withNull(NullDistribution.GAMMA).withSettings(S)).estimate(d[0], d[1])
        .pValue().getAsDouble();
    double pc = new DistanceCorrelation(DcorOptions.defaults().withNull(NullDistribution.CHI2).withSettings(S))
        .estimate(d[0], d[1]).pValue().getAsDouble();
    double pp = new DistanceCorrelation(DcorOptions.defaults().withSettings(S.withPermutations(999)))
        .estimate(d[0], d[1]).pValue().getAsDouble();
    assertTrue(pg < 0.01 && pc < 0.01 && pp < 0.01, "p-values of rho = 0.3, n = 200: gamma " + pg + ", chi2 " + pc
        + ", permutation " + pp);
  }

  /** the share of runs whose interval holds the truth */
  interface Interval {
    Estimate run(int seed);
  }

  static double coverage(String what, int runs, double truth, Interval f) {
    int covered = 0;
    double bias = 0;
    double se = 0;
    for (int run = 0; run < runs; run++) {
      Estimate e = f.run(run);
      double lo = (Double) e.extras().get("ci_low");
      double hi = (Double) e.extras().get("ci_high");
      covered += lo <= truth && truth <= hi ? 1 : 0;
      bias += e.value() - truth;
      se += e.stdError().getAsDouble();
    }
    double c = (double) covered / runs;
    System.out.printf(Locale.ROOT, "[calibration] %s: 95%% CI coverage %.3f over %d runs, mean bias %.4g, mean "
        + "std_error %.4g%n", what, c, runs, bias / runs, se / runs);
    return c;
  }

  @Test
  void jackknifeIntervalsOfKnnEstimatorsCoverGaussianTruths() {
    int runs = 80;
    double rho = 0.6;
    double mi = -0.5 * Math.log(1 - rho * rho);
    double c = coverage("KSG MI, rho 0.6, n 400", runs, mi, seed -> {
      Matrix[] d = correlated(new Random(seed), 400, rho);
      KsgMutualInformation ksg = new KsgMutualInformation(KsgOptions.defaults().withSettings(S));
      Estimate full = ksg.estimate(d[0], d[1]);
      return Resampling.groupJackknife(full, new int[] {400}, 0.95, seed,
          rows -> ksg.estimate(d[0].selectRows(rows[0]), d[1].selectRows(rows[0])).value());
    });
    assertTrue(c >= 0.87, "KSG MI coverage " + c);
    // H(N(m, s² I₂)) = ln(2πe s²)
    double h = Math.log(2 * Math.PI * Math.E * 2.25);
    double ce = coverage("KL entropy, 2-D normal, n 400", runs, h, seed -> {
      Matrix x = gauss(new Random(500 + seed), "x", 400, 2, 10, 1.5);
      KozachenkoLeonenkoEntropy kl = new KozachenkoLeonenkoEntropy(EntropyOptions.defaults().withSettings(S));
      return Resampling.groupJackknife(kl.estimate(x), new int[] {400}, 0.95, seed,
          rows -> kl.estimate(x.selectRows(rows[0])).value());
    });
    assertTrue(ce >= 0.87, "KL entropy coverage " + ce);
  }

  @Test
  void uStatisticJackknifeOfMmdCoversTheClosedForm() {
    // N(0, I₂) vs N((0.5, 0.5), I₂), σ = 1: MMD² = 2/3 · (1 − exp(−0.5/6))
    double truth = 2.0 / 3 * (1 - Math.exp(-0.5 / 6));
    double c = coverage("MMD² closed form, n = m = 300", 150, truth, seed -> {
      Random r = new Random(900 + seed);
      Matrix x = gauss(r, "x", 300, 2, 0, 1);
      Matrix y = gauss(r, "y", 300, 2, 0.5, 1);
      return new Mmd(MmdOptions.defaults().withSigma(Bandwidth.of(1.0)).withCi(0.95).withSettings(S)).estimate(x, y);
    });
    assertTrue(c >= 0.89, "MMD coverage " + c);
  }

  @Test
  void studentQuantileAndLevels() {
    assertEquals(2.0930240544, Resampling.tQuantile(0.975, 19), 2e-4);
    assertEquals(2.0226909, Resampling.tQuantile(0.975, 39), 1e-4);
    assertEquals(1.959963985, Resampling.tQuantile(0.975, 1e6), 1e-9);
    for (double bad : new double[] {0, 1, -0.5, 1.5, Double.NaN}) {
      org.junit.jupiter.api.Assertions.assertThrows(org.infokernels.core.InvalidInputException.class,
          () -> Resampling.checkLevel(bad));
    }
  }
}
