package org.infokernels.timeseries;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import org.infokernels.core.BackendKind;
import org.infokernels.core.Estimate;
import org.infokernels.core.InvalidInputException;
import org.infokernels.core.KsgAlgorithm;
import org.infokernels.core.Matrix;
import org.infokernels.core.RunSettings;
import org.infokernels.internal.backend.Backend;
import org.infokernels.internal.backend.Backends;
import org.junit.jupiter.api.Test;

/**
 * Transfer entropy and active information storage: hand-checkable embeddings, local values, the
 * Theiler window, surrogates, closed forms and backends. Golden values (equal to JIDT's, checked
 * with JIDT itself by bench/peers/jidt.sh) run through GoldenCliTest.
 */
class TimeSeriesTest {
  static Matrix column(String name, double... v) {
    return Matrix.column(name, v);
  }

  static double[] ramp(int n, double start) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = start + i;
    }
    return v;
  }

  @Test
  void embeddingRowsFirstUsableTimeAndTrialBoundariesAreJidts() {
    // target x_t = 100 + t, source y_t = 200 + t, conditional c_t = 300 + t (10 steps): each row's
    // values name their time steps
    Series x = Series.of(column("x", ramp(10, 100)));
    Series y = Series.of(column("y", ramp(10, 200)));
    Series c = Series.of(column("c", ramp(10, 300)));
    // k = 2, k_tau = 2, l = 2, l_tau = 1, u = 3, conditional history 1, delay 2:
    // t0 = max((2-1)*2, (2-1)*1 + 3 - 1, 0 + 2 - 1) = 3; observations t = 3..8 (6 rows)
    Embedding.Observations o = Embedding.transferEntropy(y, x, List.of(new ConditionalSeries(c, 1, 1, 2)), 2, 2, 2, 1, 3, 0);
    assertEquals(6, o.n());
    assertEquals(2, o.da());
    assertEquals(3, o.dc());
    // first row, t = 3: source past y_{t+1-u} = y_1, y_0; next x_4; target past x_3, x_1; conditional c_{t+1-2} = c_2
    assertArrayEquals(new double[] {201, 200}, Arrays.copyOfRange(o.a(), 0, 2));
    assertEquals(104, o.b()[0]);
    assertArrayEquals(new double[] {103, 101, 302}, Arrays.copyOfRange(o.c(), 0, 3));
    // last row, t = 8: y_6, y_5; x_9; x_8, x_6; c_7
    assertArrayEquals(new double[] {206, 205}, Arrays.copyOfRange(o.a(), 10, 12));
    assertEquals(109, o.b()[5]);
    assertArrayEquals(new double[] {108, 106, 307}, Arrays.copyOfRange(o.c(), 15, 18));
    // two trials of 5 and 7 steps, history 2: t0 = 1, 3 + 5 observations; no row spans two trials
    Series a = Series.ofTrials("a", List.of(column("a0", ramp(5, 0)), column("a1", ramp(7, 50))));
    Embedding.Observations s = Embedding.activeInfoStorage(a, 2, 1, 2);
    assertEquals(8, s.n());
    assertArrayEquals(new int[] {0, 3, 8}, s.trialStart());
    assertArrayEquals(new double[] {1, 0, 2, 1, 3, 2, 51, 50, 52, 51, 53, 52, 54, 53, 55, 54}, s.a());
    assertArrayEquals(new double[] {2, 3, 4, 52, 53, 54, 55, 56}, s.b());
    // Theiler times: consecutive within a trial, trials further apart than the window (2)
    long[] t = s.times();
    assertEquals(1, t[1] - t[0]);
    assertTrue(t[3] - t[2] > 2, Arrays.toString(t));
  }

  @Test
  void aSeriesTooShortOrMismatchedIsAnErrorThatSaysWhy() {
    Series x = Series.of(column("x", 1, 2, 3, 4));
    InvalidInputException e = assertThrows(InvalidInputException.class,
        () -> Embedding.activeInfoStorage(x, 3, 2, 0));
    assertTrue(e.getMessage().contains("x has 4 time steps, too short") && e.getMessage().contains("at least 6"),
        e.getMessage());
    Series y = Series.of(column("y", 1, 2, 3));
    e = assertThrows(InvalidInputException.class, () -> new TransferEntropy(TransferEntropyOptions.defaults()).estimate(y, x));
    assertTrue(e.getMessage().contains("has 4 time steps but y has 3"), e.getMessage());
    Series two = Series.ofTrials("t", List.of(column("t0", ramp(20, 0)), column("t1", ramp(20, 5))));
    Series one = Series.of(column("o", ramp(20, 3)));
    e = assertThrows(InvalidInputException.class, () -> new TransferEntropy(TransferEntropyOptions.defaults()).estimate(two, one));
    assertTrue(e.getMessage().contains("1 trial but t has 2"), e.getMessage());
    assertThrows(InvalidInputException.class, () -> TransferEntropyOptions.defaults().withDelay(0));
    assertThrows(InvalidInputException.class, () -> TransferEntropyOptions.defaults().withTarget(0, 1));
    assertThrows(InvalidInputException.class, () -> TransferEntropyOptions.defaults().withSource(1, 0));
    assertThrows(InvalidInputException.class, () -> ActiveInfoStorageOptions.defaults().withEmbedding(1, 0));
  }

  /** x_{t+1} = 0.5 x_t + 0.4 y_t + e, y_{t+1} = 0.7 y_t + h (unit Gaussian noises), after a burn-in */
  static Matrix[] var(int n, long seed) {
    Random g = new Random(seed);
    double[] x = new double[n];
    double[] y = new double[n];
    double xv = 0;
    double yv = 0;
    for (int t = 0; t < n + 100; t++) {
      double nx = 0.5 * xv + 0.4 * yv + g.nextGaussian();
      double ny = 0.7 * yv + g.nextGaussian();
      xv = nx;
      yv = ny;
      if (t >= 100) {
        x[t - 100] = xv;
        y[t - 100] = yv;
      }
    }
    return new Matrix[] {Matrix.column("x", x), Matrix.column("y", y)};
  }

  @Test
  void teOfALinearGaussianVarMatchesItsClosedForm() {
    // TE_{Y->X} (k = l = 1) = 1/2 ln(Var(x'|x) / Var(x'|x, y)) = 1/2 ln(1 + c^2 Var(y|x)) with the
    // stationary covariance of the VAR(1); TE_{X->Y} = 0. Tolerance: the estimator's bias and
    // spread at n = 20 000 measured over 20 independent series (KSG 1: bias -0.0010, sd 0.0065;
    // KSG 2: bias +0.0223, sd 0.0075): |bias| + 0.005 + 4 sd / sqrt(R) for the mean of R = 4 series.
    double sxx = 1;
    double syy = 1;
    double sxy = 0;
    for (int i = 0; i < 10000; i++) {
      double nxx = 0.25 * sxx + 2 * 0.5 * 0.4 * sxy + 0.16 * syy + 1;
      double nxy = 0.5 * 0.7 * sxy + 0.4 * 0.7 * syy;
      double nyy = 0.49 * syy + 1;
      sxx = nxx;
      sxy = nxy;
      syy = nyy;
    }
    double truth = 0.5 * Math.log(1 + 0.16 * (syy - sxy * sxy / sxx));
    int r = 4;
    double[][] biasSd = {{-0.0010, 0.0065}, {0.0223, 0.0075}};
    for (KsgAlgorithm alg : KsgAlgorithm.values()) {
      TransferEntropy te = new TransferEntropy(TransferEntropyOptions.defaults().withEstimator(alg));
      double yx = 0;
      double xy = 0;
      for (int i = 0; i < r; i++) {
        Matrix[] v = var(20000, 4242 + i);
        yx += te.estimate(v[1], v[0]).value() / r;
        xy += te.estimate(v[0], v[1]).value() / r;
      }
      double[] bs = biasSd[alg.number() - 1];
      double tol = Math.abs(bs[0]) + 0.005 + 4 * bs[1] / Math.sqrt(r);
      assertEquals(truth, yx, tol, alg.label() + " TE y->x, truth " + truth);
      assertEquals(0.0, xy, tol, alg.label() + " TE x->y");
    }
  }

  @Test
  void localValuesAverageToTheEstimate() {
    Matrix[] v = var(2000, 7);
    for (KsgAlgorithm alg : KsgAlgorithm.values()) {
      TransferEntropy.LocalEstimate l = new TransferEntropy(TransferEntropyOptions.defaults().withEstimator(alg)
          .withTarget(2, 1)).estimateWithLocals(Series.of(v[1]), Series.of(v[0]), List.of());
      double[] loc = l.locals();
      assertEquals(l.estimate().n(), loc.length);
      assertEquals(l.estimate().value(), Arrays.stream(loc).sum() / loc.length, 1e-12, alg.label());
    }
    TransferEntropy.LocalEstimate a = new ActiveInformationStorage(ActiveInfoStorageOptions.defaults().withEmbedding(2, 1))
        .estimateWithLocals(Series.of(v[0]));
    assertEquals(a.estimate().value(), Arrays.stream(a.locals()).sum() / a.locals().length, 1e-12, "ais");
  }

  @Test
  void theilerWindowZeroEqualsNoWindowAndALargerWindowChangesTheValue() {
    Matrix[] v = var(1500, 11);
    TransferEntropyOptions o = TransferEntropyOptions.defaults().withTarget(2, 1);
    for (KsgAlgorithm alg : KsgAlgorithm.values()) {
      double plain = new TransferEntropy(o.withEstimator(alg)).estimate(v[1], v[0]).value();
      double w0 = new TransferEntropy(o.withEstimator(alg).withTheiler(0)).estimate(v[1], v[0]).value();
      double w5 = new TransferEntropy(o.withEstimator(alg).withTheiler(5)).estimate(v[1], v[0]).value();
      assertEquals(plain, w0, 0.0, alg.label() + ": W = 0 is no window");
      assertTrue(w5 != plain, alg.label() + ": W = 5 excludes neighbours");
    }
  }

  @Test
  void everyBackendGivesTheSameValueBitForBit() {
    // KSG counts are integers and every backend sums the same digammas in the same order
    Matrix[] v = var(3000, 13);
    List<Backend> backends = Backends.available();
    for (KsgAlgorithm alg : KsgAlgorithm.values()) {
      for (int w : new int[] {0, 3}) {
        double ref = Double.NaN;
        for (Backend b : backends) {
          double te = new TransferEntropy(TransferEntropyOptions.defaults().withEstimator(alg).withTheiler(w).withTarget(2, 1)
              .withSettings(RunSettings.defaults().withBackend(b.kind()))).estimate(v[1], v[0]).value();
          if (Double.isNaN(ref)) {
            ref = te;
          }
          assertEquals(ref, te, 0.0, alg.label() + " W " + w + " on " + b.kind().label());
        }
      }
    }
  }

  @Test
  void circularShiftPValuesAreUniformUnderIndependence() {
    // 60 independent pairs of AR(1) series (strongly autocorrelated, independent of each other),
    // 19 circular-shift surrogates each: p = (1 + #{null >= obs})/20 is uniform on {0.05, ..., 1}
    // under the null. The share of p <= 0.1 (expected 0.1) must lie within 3 binomial sd, and the
    // mean p (expected 0.525) within 3 sd of the mean of 60 discrete uniforms (sd 0.0373).
    int sets = 60;
    int small = 0;
    double sum = 0;
    for (int s = 0; s < sets; s++) {
      Random g = new Random(9000 + s);
      double[] x = new double[300];
      double[] y = new double[300];
      for (int t = 1; t < 300; t++) {
        x[t] = 0.8 * x[t - 1] + g.nextGaussian();
        y[t] = 0.8 * y[t - 1] + g.nextGaussian();
      }
      Estimate e = new TransferEntropy(TransferEntropyOptions.defaults()
          .withSettings(RunSettings.defaults().withPermutations(19).withSeed(s))).estimate(Matrix.column("y", y),
          Matrix.column("x", x));
      double p = e.pValue().orElseThrow();
      small += p <= 0.1 ? 1 : 0;
      sum += p;
      assertEquals("circular", e.extras().get("surrogate"));
    }
    double share = small / (double) sets;
    assertEquals(0.1, share, 3 * Math.sqrt(0.1 * 0.9 / sets), "share of p <= 0.1");
    assertEquals(0.525, sum / sets, 3 * 0.2884 / Math.sqrt(sets), "mean p");
  }

  @Test
  void aDrivenTargetHasASmallPValueAndSurrogatesAreReproducible() {
    Matrix[] v = var(1000, 17);
    for (Surrogate kind : new Surrogate[] {Surrogate.CIRCULAR, Surrogate.SHUFFLE, Surrogate.BLOCK}) {
      TransferEntropyOptions o = TransferEntropyOptions.defaults().withSurrogate(kind)
          .withSettings(RunSettings.defaults().withPermutations(19).withSeed(3));
      Estimate a = new TransferEntropy(o).estimate(v[1], v[0]);
      Estimate b = new TransferEntropy(o.withSettings(o.settings().withThreads(1))).estimate(v[1], v[0]);
      assertEquals(0.05, a.pValue().orElseThrow(), 1e-12, kind.label());
      assertEquals(a.nullMean(org.infokernels.core.Unit.NATS).orElseThrow(),
          b.nullMean(org.infokernels.core.Unit.NATS).orElseThrow(), 0.0, kind.label() + ": same at 1 thread");
    }
  }

  @Test
  void surrogatesResampleAsDocumented() {
    double[] v = ramp(20, 0);
    int[] starts = {0, 10, 20};
    SplittableRandom rng = new SplittableRandom(5);
    double[] circ = Embedding.surrogate(Surrogate.CIRCULAR, v, 1, starts, rng);
    for (int r = 0; r < 2; r++) {
      // a rotation of each trial by at least n/10 = 1 and at most n - 1 steps
      double shift = ((circ[r * 10] - r * 10) % 10 + 10) % 10;
      assertTrue(shift >= 1 && shift <= 9, Arrays.toString(circ));
      for (int i = 0; i < 10; i++) {
        assertEquals(r * 10 + (i + shift) % 10, circ[r * 10 + i], 0.0);
      }
    }
    double[] swap = Embedding.surrogate(Surrogate.SWAP_TRIALS, v, 1, starts, rng);
    assertArrayEquals(new double[] {10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, swap);
    double[] block = Embedding.surrogate(Surrogate.BLOCK, v, 1, starts, rng);
    double[] sorted = block.clone();
    Arrays.sort(sorted);
    assertArrayEquals(v, sorted, "a block surrogate permutes rows");
    InvalidInputException e = assertThrows(InvalidInputException.class,
        () -> Embedding.surrogate(Surrogate.SWAP_TRIALS, v, 1, new int[] {0, 20}, rng));
    assertTrue(e.getMessage().contains("at least 2 trials"), e.getMessage());
  }

  @Test
  void multivariateSeriesUseEveryColumnAtEveryLag() {
    // a 2-D target with history 2 has 4 conditioning columns; permuting the columns of a series
    // does not change the max-norm estimate
    Matrix[] v = var(800, 23);
    double[] xy = new double[1600];
    double[] yx = new double[1600];
    for (int i = 0; i < 800; i++) {
      xy[2 * i] = v[0].get(i, 0);
      xy[2 * i + 1] = v[1].get(i, 0);
      yx[2 * i] = v[1].get(i, 0);
      yx[2 * i + 1] = v[0].get(i, 0);
    }
    Matrix s = Matrix.column("s", new Random(1).doubles(800).toArray());
    TransferEntropy te = new TransferEntropy(TransferEntropyOptions.defaults().withTarget(2, 1));
    Estimate a = te.estimate(s, Matrix.of("t", xy, 800, 2));
    Estimate b = te.estimate(s, Matrix.of("t", yx, 800, 2));
    assertEquals(a.value(), b.value(), 0.0);
    Embedding.Observations o = Embedding.transferEntropy(Series.of(s), Series.of(Matrix.of("t", xy, 800, 2)), List.of(),
        2, 1, 1, 1, 1, 0);
    assertEquals(4, o.dc());
    assertEquals(2, o.db());
  }

  @Test
  void autoEmbeddingReportsItsChoiceAndUsesIt() {
    // AR(2): history 2 carries information that history 1 lacks
    Random g = new Random(31);
    double[] x = new double[3000];
    for (int t = 2; t < x.length; t++) {
      x[t] = 0.6 * x[t - 1] - 0.3 * x[t - 2] + g.nextGaussian();
    }
    Matrix m = Matrix.column("x", x);
    Estimate auto = new ActiveInformationStorage(ActiveInfoStorageOptions.defaults().withAutoEmbed(AutoEmbed.MAX_AIS, 5, 3))
        .estimate(m);
    int h = (Integer) auto.extras().get("history");
    int tau = (Integer) auto.extras().get("tau");
    assertEquals("max-ais", auto.extras().get("auto_embed"));
    assertTrue(h >= 2, "history " + h);
    double direct = new ActiveInformationStorage(ActiveInfoStorageOptions.defaults().withEmbedding(h, tau)).estimate(m).value();
    assertEquals(direct, auto.value(), 0.0, "the estimate is the one of the chosen embedding");
    // every candidate scores no higher than the choice
    for (int hh = 1; hh <= 5; hh++) {
      for (int tt = 1; tt <= (hh == 1 ? 1 : 3); tt++) {
        double v = new ActiveInformationStorage(ActiveInfoStorageOptions.defaults().withEmbedding(hh, tt)).estimate(m).value();
        assertTrue(v <= auto.value(), "h " + hh + " tau " + tt + ": " + v + " > " + auto.value());
      }
    }
  }

  @Test
  void cudaRunsTheWindowOnTheJavaTwinAndSaysSo() {
    Backend cuda = Backends.of(BackendKind.CUDA);
    assertEquals(BackendKind.JAVA, cuda.runs(Backend.Stage.KNN_EXTENDED, 100));
    Matrix[] v = var(500, 3);
    Estimate e = new TransferEntropy(TransferEntropyOptions.defaults().withTheiler(2)).estimate(v[1], v[0]);
    String ran = e.backend();
    if (!ran.equals("java")) {
      assertEquals("java", e.stages().get("knn"), e.toString());
    }
  }

  @Test
  void trialsArePooledNotConcatenated() {
    // two trials as one series of 2 trials differ from their concatenation (no embedding vector
    // spans the boundary): the pooled observation count is (T1 - t0 - 1) + (T2 - t0 - 1)
    Matrix[] v = var(600, 29);
    List<Matrix> xs = new ArrayList<>();
    List<Matrix> ys = new ArrayList<>();
    for (int r = 0; r < 2; r++) {
      int[] rows = new int[300];
      for (int i = 0; i < 300; i++) {
        rows[i] = r * 300 + i;
      }
      xs.add(v[0].selectRows(rows));
      ys.add(v[1].selectRows(rows));
    }
    Estimate pooled = new TransferEntropy(TransferEntropyOptions.defaults().withTarget(2, 1))
        .estimate(Series.ofTrials("y", ys), Series.ofTrials("x", xs));
    assertEquals(2 * (300 - 1 - 1), pooled.n());
    assertEquals(2, pooled.extras().get("trials"));
    Estimate joined = new TransferEntropy(TransferEntropyOptions.defaults().withTarget(2, 1)).estimate(v[1], v[0]);
    assertEquals(600 - 2, joined.n());
  }
}
