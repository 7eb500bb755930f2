package org.infokernels.matrix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.infokernels.core.Bandwidth;
import org.infokernels.core.BatchEstimate;
import org.infokernels.core.Estimate;
import org.infokernels.core.InvalidInputException;
import org.infokernels.core.Matrix;
import org.infokernels.core.RunSettings;
import org.infokernels.core.SpectralMethod;
import org.infokernels.core.Unit;
import org.junit.jupiter.api.Test;

/**
 * Closed forms and properties of the matrix entropies (von Neumann, UNComp truncated entropy,
 * DSE, DSMI), each tolerance derived next to its assert; seeds are in the messages. Runs on the
 * default backend (cpu when the native library loads, else java); CrossBackendMatrixTest covers
 * the agreement between backends.
 */
class MatrixEntropyPropertiesTest {
  static Matrix gaussian(String name, long seed, int n, int d) {
    Random r = new Random(seed);
    double[] v = new double[n * d];
    for (int i = 0; i < v.length; i++) {
      v[i] = r.nextGaussian();
    }
    return Matrix.of(name, v, n, d);
  }

  /** rows +e_i and −e_i for i < r, in d dimensions: mean 0, XcᵀXc = 2·diag(1 (r times), 0 ...) */
  static Matrix plusMinusUnitVectors(int r, int d) {
    double[] v = new double[2 * r * d];
    for (int i = 0; i < r; i++) {
      v[(2 * i) * d + i] = 1;
      v[(2 * i + 1) * d + i] = -1;
    }
    return Matrix.of("pm" + r + "x" + d, v, 2 * r, d);
  }

  /** k clusters of m points, centres 100σ apart along a line, spread 1e-3σ (σ = 1), d = 2 */
  static Matrix clusters(long seed, int k, int m) {
    Random r = new Random(seed);
    double[] v = new double[k * m * 2];
    for (int c = 0; c < k; c++) {
      for (int i = 0; i < m; i++) {
        v[(c * m + i) * 2] = 100.0 * c + 1e-3 * r.nextGaussian();
        v[(c * m + i) * 2 + 1] = 1e-3 * r.nextGaussian();
      }
    }
    return Matrix.of("clusters" + k, v, k * m, 2);
  }

  static double vonNeumann(Matrix x, VonNeumannKind kind) {
    return new VonNeumannEntropy(VonNeumannOptions.defaults().withKind(kind)).estimate(x).value();
  }

  static double dse(Matrix x, double sigma) {
    return new DiffusionSpectralEntropy(DseOptions.defaults().withSigma(Bandwidth.of(sigma))).estimate(x).value();
  }

  // ---------------------------------------------------------------- von Neumann

  @Test
  void vonNeumannOfACovarianceExactlyProportionalToTheIdentityIsLnD() {
    for (int d = 1; d <= 9; d++) {
      Matrix x = plusMinusUnitVectors(d, d);
      // eigenvalues exactly 2 (d times) / 2d = 1/d: the only error is the rounding of ln
      assertEquals(Math.log(d), vonNeumann(x, VonNeumannKind.COV), 1e-13, "cov d=" + d);
      assertEquals(Math.log(d), vonNeumann(x, VonNeumannKind.LINEAR), 1e-13, "linear d=" + d);
    }
  }

  @Test
  void vonNeumannOfARankRCovarianceWithEqualEigenvaluesIsLnR() {
    for (int r = 1; r <= 6; r++) {
      // d = 10 > r: the d − r zero eigenvalues add 0·ln 0 = 0 (round-off negatives clipped)
      assertEquals(Math.log(r), vonNeumann(plusMinusUnitVectors(r, 10), VonNeumannKind.COV), 1e-13, "r=" + r);
    }
  }

  @Test
  void vonNeumannOfAnIsotropicGaussianSampleIsNearLnD() {
    // sample covariance of n = 20000 N(0, I_6) rows: eigenvalues 1 + O(sqrt(d/n)) relative, and
    // ln d − S ≈ ½ Σ p_i δ_i² ≈ 2d/n = 6e-4 (δ_i the relative deviations): 2e-3 leaves 3x margin
    Matrix x = gaussian("iso", 7, 20000, 6);
    double s = vonNeumann(x, VonNeumannKind.COV);
    assertTrue(s <= Math.log(6) + 1e-12, "at most ln d: " + s);
    assertEquals(Math.log(6), s, 2e-3, "seed 7");
  }

  @Test
  void linearAndCovHaveTheSameValueOnBothSidesOfNEqualsD() {
    for (int[] sh : new int[][] {{50, 8}, {6, 40}, {12, 12}}) {
      Matrix x = gaussian("x", sh[0] * 31L + sh[1], sh[0], sh[1]);
      double cov = vonNeumann(x, VonNeumannKind.COV);
      // the reference's n x n route, computed here independently: eigenvalues of XcXcᵀ/tr
      double direct = spectralEntropy(centredGram(x, false, false), 0.0, false);
      assertEquals(direct, cov, 1e-10, "n=" + sh[0] + " d=" + sh[1]);
      assertEquals(cov, vonNeumann(x, VonNeumannKind.LINEAR), 1e-12, "n=" + sh[0] + " d=" + sh[1]);
    }
  }

  @Test
  void batchedVonNeumannEqualsOneByOne() {
    List<Matrix> same = List.of(gaussian("a", 1, 40, 6), gaussian("b", 2, 40, 6), gaussian("c", 3, 40, 6));
    BatchEstimate b = new VonNeumannEntropy(VonNeumannOptions.defaults()).estimateBatch(same);
    assertEquals(3, b.size());
    for (int i = 0; i < 3; i++) {
      assertEquals(vonNeumann(same.get(i), VonNeumannKind.COV), b.value(i), 1e-12, "item " + i);
    }
    Estimate s = b.summary();
    assertEquals((b.value(0) + b.value(1) + b.value(2)) / 3, s.value(), 1e-15);
    assertEquals(3, s.extras().get("batch"));
  }

  // ---------------------------------------------------------------- truncated (UNComp)

  /** the centred (and, if asked, row-normalised) Gram: d x d (features) or n x n, as the reference builds it */
  static double[][] centredGram(Matrix x, boolean rowNormalize, boolean features) {
    int n = x.rows();
    int d = x.cols();
    double[][] r = new double[n][d];
    for (int j = 0; j < d; j++) {
      double m = 0;
      for (int i = 0; i < n; i++) {
        m += x.get(i, j);
      }
      m /= n;
      for (int i = 0; i < n; i++) {
        r[i][j] = x.get(i, j) - m;
      }
    }
    if (rowNormalize) {
      for (double[] row : r) {
        double s = 0;
        for (double v : row) {
          s += v * v;
        }
        s = Math.sqrt(s);
        for (int j = 0; j < d; j++) {
          row[j] /= s;
        }
      }
    }
    int m = features ? d : n;
    double[][] a = new double[m][m];
    for (int p = 0; p < m; p++) {
      for (int q = 0; q < m; q++) {
        double s = 0;
        if (features) {
          for (int i = 0; i < n; i++) {
            s += r[i][p] * r[i][q];
          }
          a[p][q] = s / n;
        } else {
          for (int j = 0; j < d; j++) {
            s += r[p][j] * r[q][j];
          }
          a[p][q] = s;
        }
      }
    }
    return a;
  }

  /** −Σ λ ln λ (λ of A/tr A + jitter·I, negatives clipped), divided by ln m when normalized */
  static double spectralEntropy(double[][] a, double jitter, boolean normalized) {
    int m = a.length;
    double tr = 0;
    for (int i = 0; i < m; i++) {
      tr += a[i][i];
    }
    DMatrixRMaj mat = new DMatrixRMaj(m, m);
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < m; j++) {
        mat.set(i, j, a[i][j] / tr + (i == j ? jitter : 0));
      }
    }
    var dec = DecompositionFactory_DDRM.eig(m, false, true);
    assertTrue(dec.decompose(mat));
    double h = 0;
    for (int i = 0; i < m; i++) {
      double l = dec.getEigenvalue(i).real;
      if (l > 0) {
        h -= l * Math.log(l);
      }
    }
    return normalized ? h / Math.log(m) : h;
  }

  static double truncated(Matrix x, int k) {
    return new TruncatedMatrixEntropy(TruncatedEntropyOptions.ofRank(k)).estimate(x).value();
  }

  @Test
  void truncatedEntropyWithRankDIsTheFullJitteredSpectralEntropyOverLnD() {
    // n > d (the d x d matrix itself) and n < d (the n x n twin plus d − n jitter eigenvalues)
    for (int[] sh : new int[][] {{300, 12}, {7, 20}, {128, 128}}) {
      Matrix x = gaussian("x", sh[0] + 1000L * sh[1], sh[0], sh[1]);
      double want = spectralEntropy(centredGram(x, true, true), TruncatedEntropyOptions.JITTER, true);
      assertEquals(want, truncated(x, sh[1]), 1e-10, "n=" + sh[0] + " d=" + sh[1]);
    }
  }

  @Test
  void truncatedEntropyOfUnitRowsWithIsotropicCovarianceIsOne() {
    // ±e_i: centred rows already unit, A = I/d exactly: H_d = −d (1/d + j) ln(1/d + j) / ln d = 1 − O(j·d)
    for (int d = 2; d <= 8; d++) {
      assertEquals(1.0, truncated(plusMinusUnitVectors(d, d), d), 1e-8, "d=" + d);
    }
  }

  @Test
  void truncatedEntropyGrowsWithTheRankAndIsDimensionless() {
    Matrix x = gaussian("x", 3, 200, 10);
    double prev = 0;
    for (int k = 1; k <= 10; k++) {
      double h = truncated(x, k);
      assertTrue(h > prev, "K=" + k + ": " + h + " <= " + prev);
      prev = h;
    }
    Estimate e = new TruncatedMatrixEntropy(TruncatedEntropyOptions.ofRank(3)).estimate(x);
    assertTrue(e.dimensionless());
    assertEquals(e.value(), e.in(Unit.BITS), 0.0, "normalised by ln d: the same in every base");
  }

  @Test
  void batchedTruncatedEntropyTakesArraysAndEqualsOneByOne() {
    double[][][] x = new double[4][][];
    Random r = new Random(11);
    for (int b = 0; b < 4; b++) {
      x[b] = new double[32][16];
      for (double[] row : x[b]) {
        for (int j = 0; j < 16; j++) {
          row[j] = r.nextGaussian() * (j + 1);
        }
      }
    }
    BatchEstimate be = new TruncatedMatrixEntropy(TruncatedEntropyOptions.ofRank(5)).estimateBatch(x);
    for (int b = 0; b < 4; b++) {
      assertEquals(truncated(Matrix.of("x" + b, x[b]), 5), be.value(b), 1e-12, "item " + b);
    }
    assertEquals(32, be.rows());
    assertEquals(16, be.cols());
  }

  @Test
  void badInputsAreClearErrors() {
    Matrix x = gaussian("x", 1, 50, 4);
    assertMessage(assertThrows(InvalidInputException.class, () -> TruncatedEntropyOptions.ofRank(0)), "rank = 0");
    assertMessage(assertThrows(InvalidInputException.class, () -> truncated(x, 5)), "rank = 5", "d = 4");
    assertMessage(assertThrows(InvalidInputException.class, () -> truncated(gaussian("one", 1, 50, 1), 1)), "d >= 2");
    // 10 rows (0, 0), 10 rows (1, 1) and row 5 = (0.5, 0.5), the column means: 0 after centring
    double[] dup = new double[42];
    for (int i = 0, other = 0; i < 21; i++) {
      double v = i == 5 ? 0.5 : other++ % 2;
      dup[2 * i] = v;
      dup[2 * i + 1] = v;
    }
    assertMessage(assertThrows(InvalidInputException.class, () -> truncated(Matrix.of("z", dup, 21, 2), 1)), "row 5",
        "unit norm");
    assertMessage(assertThrows(InvalidInputException.class,
        () -> vonNeumann(Matrix.of("c", new double[] {1, 2, 1, 2, 1, 2}, 3, 2), VonNeumannKind.COV)), "c:", "undefined");
    assertMessage(assertThrows(InvalidInputException.class, () -> DseOptions.defaults().withT(0)), "t = 0");
    assertMessage(assertThrows(InvalidInputException.class, () -> DseOptions.defaults().withSigma(Bandwidth.of(0))),
        "sigma = 0");
    assertMessage(assertThrows(InvalidInputException.class, () -> Bandwidth.of(-1)), "sigma = -1");
    DiffusionSpectralMutualInformation dsmi = new DiffusionSpectralMutualInformation(DsmiOptions.defaults());
    assertMessage(assertThrows(InvalidInputException.class, () -> dsmi.estimate(x, new int[49])), "49", "50");
    assertMessage(assertThrows(InvalidInputException.class, () -> dsmi.estimate(x, new int[50])), "one class",
        "at least 2");
    assertMessage(assertThrows(InvalidInputException.class, () -> new VonNeumannEntropy(VonNeumannOptions.defaults()
        .withKind(VonNeumannKind.RBF)).estimateBatch(List.of(x))), "cov and linear");
    assertMessage(assertThrows(InvalidInputException.class, () -> new TruncatedMatrixEntropy(TruncatedEntropyOptions
        .ofRank(1)).estimateBatch(List.of(x, gaussian("y", 2, 49, 4)))), "49 x 4", "50 x 4", "same shape");
  }

  static void assertMessage(Throwable t, String... parts) {
    for (String p : parts) {
      assertTrue(t.getMessage().contains(p), "'" + p + "' not in: " + t.getMessage());
    }
  }

  // ---------------------------------------------------------------- DSE, DSMI

  @Test
  void dseOfKTightClustersIsLnKAndGrowsWithK() {
    // G ≈ block diagonal of all-ones blocks (off-block exp(−100²/2) = 0): K has eigenvalue 1 once
    // per cluster and the rest O(spread²/σ²) = 1e-6, so DSE = ln k + O(k·d·1e-6·ln 1e6) ≈ ln k + 3e-5
    double prev = -1;
    for (int k : new int[] {1, 2, 4, 8}) {
      double h = dse(clusters(k, k, 200 / k), 1.0);
      assertEquals(Math.log(k), h, 2e-4, "k=" + k + " seed " + k);
      assertTrue(h > prev, "more clusters, higher DSE: k=" + k);
      prev = h;
    }
    // uniform noise with no structure at scale σ: the flattest diffusion spectrum of all, DSE → ln n
    Random r = new Random(5);
    double[] u = new double[400];
    for (int i = 0; i < u.length; i++) {
      u[i] = 700 * r.nextDouble();
    }
    double noise = dse(Matrix.of("uniform", u, 200, 2), 1.0);
    assertTrue(noise > prev + 2, "uniform noise " + noise + " vs 8 clusters " + prev);
    assertTrue(noise <= Math.log(200) + 1e-12, "at most ln n: " + noise);
  }

  @Test
  void dsmiOfClusterLabelsIsLnKAndOfIndependentLabelsIsNearZero() {
    Matrix x = clusters(3, 4, 50);
    int[] labels = new int[200];
    for (int i = 0; i < 200; i++) {
      labels[i] = i / 50;
    }
    DiffusionSpectralMutualInformation dsmi = new DiffusionSpectralMutualInformation(DsmiOptions.defaults()
        .withSigma(Bandwidth.of(1.0)));
    // each class is one cluster (DSE 0); a random subset of 50 of 200 holds all 4 clusters with
    // probability 1 − 4·(3/4)^50·... ≈ 1 − 1e-6, DSE ln 4: DSMI = ln 4 up to the 3e-5 of the DSEs
    Estimate e = dsmi.estimate(x, labels);
    assertEquals(Math.log(4), e.value(), 1e-3, "cluster labels");
    assertEquals(0.0, (Double) e.extras().get("conditional_part"), 1e-3);
    // labels independent of X (seeded): the oracle's spread over 20 seeds on N(0, I_3), n = 300,
    // σ = 1 is std 0.017, max |DSMI| 0.037; 0.08 is 4.5 standard deviations
    Matrix g = gaussian("g", 9, 300, 3);
    Random r = new Random(10);
    int[] random = new int[300];
    for (int i = 0; i < 300; i++) {
      random[i] = r.nextInt(3);
    }
    double v = dsmi.estimate(g, random).value();
    assertEquals(0.0, v, 0.08, "independent labels, seed 10");
  }

  @Test
  void dsmiIsReproducibleFromTheSeedAndItsPartsAddUp() {
    Matrix g = gaussian("g", 12, 150, 2);
    int[] labels = new int[150];
    for (int i = 0; i < 150; i++) {
      labels[i] = g.get(i, 0) > 0 ? 7 : -1;
    }
    DsmiOptions o = DsmiOptions.defaults().withSigma(Bandwidth.of(0.7)).withSettings(RunSettings.defaults().withSeed(3));
    Estimate a = new DiffusionSpectralMutualInformation(o).estimate(g, labels);
    Estimate b = new DiffusionSpectralMutualInformation(o).estimate(g, labels);
    assertEquals(a.value(), b.value(), 0.0, "same seed, same value");
    assertEquals(List.of(-1, 7), a.extras().get("classes"));
    @SuppressWarnings("unchecked")
    double[] parts = ((List<Double>) a.extras().get("class_parts")).stream().mapToDouble(Double::doubleValue).toArray();
    assertEquals(a.value(), parts[0] + parts[1], 1e-12);
    assertEquals(a.value(), (Double) a.extras().get("marginal_part") - (Double) a.extras().get("conditional_part"), 1e-12);
    double c = new DiffusionSpectralMutualInformation(o.withSettings(RunSettings.defaults().withSeed(4))).estimate(g, labels)
        .value();
    assertTrue(c != a.value(), "another seed draws other subsets");
  }

  @Test
  void slqAgreesWithTheExactSpectrumWithinItsErrorEstimate() {
    Matrix x = gaussian("x", 21, 400, 3);
    for (int t : new int[] {1, 2}) {
      for (double sigma : new double[] {0.3, 1.5}) {
        DseOptions o = DseOptions.defaults().withSigma(Bandwidth.of(sigma)).withT(t);
        double exact = new DiffusionSpectralEntropy(o.withMethod(SpectralMethod.EXACT)).estimate(x).value();
        Estimate slq = new DiffusionSpectralEntropy(o.withMethod(SpectralMethod.SLQ)).estimate(x);
        // Monte-Carlo error (4 standard errors) plus the reported quadrature bound
        double se = (Double) slq.extras().get("std_error");
        double qe = (Double) slq.extras().get("quadrature_error");
        assertTrue(se > 0 && qe >= 0, "dse sigma=" + sigma + " t=" + t + " se=" + se + " qe=" + qe);
        // capped: bench/slq.sh measured DSE rms errors of 6.5e-3 nats; a budget above 0.05 nats
        // (about 1% of ln 400) means the estimate itself has degraded
        assertTrue(4 * se + qe < 0.05, "dse sigma=" + sigma + " t=" + t + " error budget " + (4 * se + qe));
        assertEquals(exact, slq.value(), 4 * se + qe, "dse sigma=" + sigma + " t=" + t + " se=" + se + " qe=" + qe);
      }
    }
    VonNeumannOptions v = VonNeumannOptions.defaults().withKind(VonNeumannKind.RBF);
    double exact = new VonNeumannEntropy(v.withMethod(SpectralMethod.EXACT)).estimate(x).value();
    Estimate slq = new VonNeumannEntropy(v.withMethod(SpectralMethod.SLQ)).estimate(x);
    double se = (Double) slq.extras().get("std_error");
    double qe = (Double) slq.extras().get("quadrature_error");
    assertTrue(4 * se + qe < 0.01, "von Neumann rbf error budget " + (4 * se + qe) + " above the 0.01 nats cap");
    assertEquals(exact, slq.value(), 4 * se + qe, "von Neumann rbf se=" + se + " qe=" + qe);
  }

  @Test
  void subsampleUsesASeededSubsetOfRows() {
    Matrix x = gaussian("x", 30, 500, 2);
    DseOptions o = DseOptions.defaults().withSigma(Bandwidth.of(0.5)).withSubsample(200);
    Estimate a = new DiffusionSpectralEntropy(o).estimate(x);
    assertEquals(200, a.n());
    assertEquals(200, a.extras().get("subsample"));
    assertEquals(a.value(), new DiffusionSpectralEntropy(o).estimate(x).value(), 0.0);
    assertEquals(new DiffusionSpectralEntropy(o.withSubsample(0)).estimate(x).value(),
        new DiffusionSpectralEntropy(o.withSubsample(500)).estimate(x).value(), 0.0, "N >= n: all rows");
  }
}
