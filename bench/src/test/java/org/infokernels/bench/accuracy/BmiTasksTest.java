package org.infokernels.bench.accuracy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.infokernels.core.BackendKind;
import org.infokernels.core.KsgAlgorithm;
import org.infokernels.core.Matrix;
import org.infokernels.core.RunSettings;
import org.infokernels.knn.KsgMutualInformation;
import org.infokernels.knn.KsgOptions;
import org.junit.jupiter.api.Test;

/**
 * The BMI task generators (Czyż et al., "Beyond Normal", NeurIPS 2023): ground truths against
 * values computed independently in NumPy/SciPy from the BMI code's formulas, sample moments against
 * the task definitions, and KSG near the truth where its bias is known to be small.
 */
class BmiTasksTest {
  /**
   * true MI in nats of BMI's tasks, computed with numpy.linalg.slogdet and scipy.special
   * (gammaln, digamma) following bmi's SplitMultinormal / SplitStudentT / AdditiveUniformSampler
   */
  private static final Map<String, Double> GOLDEN = Map.ofEntries(
      Map.entry("1v1-normal-0.75", 0.41333928659223396),
      Map.entry("multinormal-dense-2-2-0.5", 0.2938933324510594),
      Map.entry("multinormal-dense-3-3-0.5", 0.41333928659223407),
      Map.entry("multinormal-dense-5-5-0.5", 0.5928118328288694),
      Map.entry("multinormal-dense-25-25-0.5", 1.2921837216593204),
      Map.entry("multinormal-dense-50-50-0.5", 1.6242653743036968),
      Map.entry("multinormal-sparse-25-25-2-2.0", 1.0216512475319817),
      Map.entry("student-identity-1-1-1", 0.22417142752923613),
      Map.entry("student-identity-2-2-1", 0.43194562200144127),
      Map.entry("student-identity-2-2-2", 0.1931471805599454),
      Map.entry("student-identity-3-3-2", 0.29092192268276484),
      Map.entry("student-identity-3-3-3", 0.17871185309236282),
      Map.entry("student-identity-5-5-2", 0.44815067691532917),
      Map.entry("student-identity-5-5-3", 0.29854362265275824),
      Map.entry("1v1-additive-0.1", 1.7094379124341004),
      Map.entry("1v1-additive-0.75", 1.0 / 3),
      Map.entry("spiral-normal_cdf-multinormal-sparse-5-5-2-2.0", 1.0216512475319817),
      Map.entry("asinh-student-identity-5-5-2", 0.44815067691532917),
      Map.entry("swissroll_x-normal_cdf-1v1-normal-0.75", 0.41333928659223396),
      Map.entry("1v1-bimodal-0.75", 0.41333928659223396));

  @Test
  void theFortyTasksOfThePaperWithTheirGroundTruth() {
    List<BmiTask> all = BmiTasks.all();
    assertEquals(40, all.size());
    Set<String> ids = new HashSet<>();
    for (BmiTask t : all) {
      assertTrue(ids.add(t.id()), "duplicate id " + t.id());
    }
    int checked = 0;
    for (BmiTask t : all) {
      Double want = GOLDEN.get(t.id());
      if (want != null) {
        assertEquals(want, t.trueMi(), 1e-12 * Math.max(1, want), t.id());
        checked++;
      }
    }
    assertEquals(GOLDEN.size(), checked, "every golden task is in the list");
  }

  @Test
  void twoPairSampleCorrelationMatchesTheDefinition() {
    // raw sampler (before rescaling): Cor(X_i, Y_i) = 4/5 for i < 2, 0 elsewhere, unit variances
    BmiTask t = BmiTasks.multinormal2Pair(3, 3);
    int n = 20_000;
    double[][] xy = t.sampler().sample(n, new SplittableRandom(11));
    double[][] z = joined(xy, n, 3, 3);
    double[][] want = BmiTasks.lvmCorrelation(3, 3, 2, 2.0, 2.0);
    assertEquals(0.8, want[0][3], 1e-15);
    assertEquals(0.8, want[1][4], 1e-15);
    assertEquals(0.0, want[2][5], 0.0);
    double[][] cov = covariance(z);
    for (int i = 0; i < 6; i++) {
      for (int j = 0; j < 6; j++) {
        // sd of a sample covariance of unit-variance normals: sqrt((1 + rho^2)/n) <= 0.01 here
        assertEquals(want[i][j], cov[i][j], 0.04, "cov[" + i + "][" + j + "]");
      }
    }
  }

  @Test
  void denseSampleCovarianceMatchesTheDefinition() {
    BmiTask t = BmiTasks.multinormalDense(2, 2);
    int n = 20_000;
    double[][] xy = t.sampler().sample(n, new SplittableRandom(12));
    double[][] cov = covariance(joined(xy, n, 2, 2));
    for (int i = 0; i < 4; i++) {
      for (int j = 0; j < 4; j++) {
        assertEquals(i == j ? 1.0 : 0.5, cov[i][j], 0.04, "cov[" + i + "][" + j + "]");
      }
    }
  }

  @Test
  void studentMarginalHasTheStudentQuartiles() {
    // Student t with 3 degrees of freedom: P(|T| < 0.764892) = 1/2 (its upper quartile)
    BmiTask t = BmiTasks.studentIdentity(2, 2, 3);
    int n = 20_000;
    double[][] xy = t.sampler().sample(n, new SplittableRandom(13));
    int inside = 0;
    for (double v : xy[0]) {
      inside += Math.abs(v) < 0.764892 ? 1 : 0;
    }
    double p = inside / (double) xy[0].length;
    assertEquals(0.5, p, 4 * Math.sqrt(0.25 / xy[0].length), "fraction inside the quartiles");
  }

  @Test
  void rescaledSampleHasZeroMeanAndUnitVariance() {
    BmiTask t = BmiTasks.halfCube(BmiTasks.multinormal2Pair(3, 3));
    double[][] xy = t.sample(3000, 4);
    double[][] cov = covariance(joined(xy, 3000, 3, 3));
    for (int i = 0; i < 6; i++) {
      assertEquals(1.0, cov[i][i] * 2999 / 3000, 1e-12);
    }
    double mean = 0;
    for (int i = 0; i < 3000; i++) {
      mean += xy[1][i * 3 + 2];
    }
    assertEquals(0.0, mean / 3000, 1e-12);
  }

  @Test
  void spiralRotatesWithoutChangingNorms() {
    BmiTask base = BmiTasks.multinormal2Pair(3, 3);
    BmiTask sp = BmiTasks.spiral(base);
    double[][] a = base.sampler().sample(500, new SplittableRandom(5));
    double[][] b = sp.sampler().sample(500, new SplittableRandom(5));
    boolean moved = false;
    for (int i = 0; i < 500; i++) {
      double na = 0;
      double nb = 0;
      for (int j = 0; j < 3; j++) {
        na += a[0][i * 3 + j] * a[0][i * 3 + j];
        nb += b[0][i * 3 + j] * b[0][i * 3 + j];
      }
      assertEquals(na, nb, 1e-12 * Math.max(1, na));
      // X's coordinate 2 is outside the rotation plane (0, 1)
      assertEquals(a[0][i * 3 + 2], b[0][i * 3 + 2], 0.0);
      moved |= Math.abs(a[0][i * 3] - b[0][i * 3]) > 1e-3;
    }
    assertTrue(moved, "the spiral moved some points");
  }

  @Test
  void ksgIsNearTheTruthOnTheBivariateNormalAndItsHalfCube() {
    // KSG1 (k = 5) at n = 2000 on Gaussian rho = 0.75: bias ~0.01 nats, sd ~0.02 (Kraskov et al.
    // 2004, Fig. 4; our bench/accuracy/results.md at n = 5000): mean of 3 seeds within 0.05.
    // The half-cube task has the same MI but KSG is biased on it (the paper's long-tail finding):
    // only asked to lie within 0.15.
    KsgMutualInformation ksg = new KsgMutualInformation(
        new KsgOptions(5, KsgAlgorithm.ONE, RunSettings.defaults().withBackend(BackendKind.JAVA).withThreads(1)));
    BmiTask normal = BmiTasks.bivariateNormal(0.75);
    assertEquals(normal.trueMi(), meanKsg(ksg, normal, 2000, 3), 0.05);
    BmiTask cube = BmiTasks.halfCube(normal);
    assertEquals(cube.trueMi(), meanKsg(ksg, cube, 2000, 3), 0.15);
  }

  private static double meanKsg(KsgMutualInformation ksg, BmiTask t, int n, int seeds) {
    double s = 0;
    for (int seed = 0; seed < seeds; seed++) {
      double[][] xy = t.sample(n, seed);
      s += ksg.estimate(Matrix.of("x", xy[0], n, t.dimX()), Matrix.of("y", xy[1], n, t.dimY())).value();
    }
    return s / seeds;
  }

  private static double[][] joined(double[][] xy, int n, int dx, int dy) {
    double[][] z = new double[n][dx + dy];
    for (int i = 0; i < n; i++) {
      System.arraycopy(xy[0], i * dx, z[i], 0, dx);
      System.arraycopy(xy[1], i * dy, z[i], dx, dy);
    }
    return z;
  }

  /** sample covariance (ddof 1) */
  private static double[][] covariance(double[][] z) {
    int n = z.length;
    int d = z[0].length;
    double[] mean = new double[d];
    for (double[] r : z) {
      for (int j = 0; j < d; j++) {
        mean[j] += r[j] / n;
      }
    }
    double[][] c = new double[d][d];
    for (double[] r : z) {
      for (int i = 0; i < d; i++) {
        for (int j = 0; j < d; j++) {
          c[i][j] += (r[i] - mean[i]) * (r[j] - mean[j]) / (n - 1);
        }
      }
    }
    return c;
  }
}
