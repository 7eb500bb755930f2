package org.infokernels.timeseries;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.IntFunction;
import org.infokernels.core.Estimate;
import org.infokernels.core.InvalidInputException;
import org.infokernels.core.Matrix;
import org.infokernels.core.RunSettings;
import org.infokernels.internal.support.BlockJackknife;
import org.junit.jupiter.api.Test;

/**
 * The block-jackknife interval of transfer entropy, conditional TE and active information storage
 * against linear Gaussian VAR(1) processes, whose history-1 values are known in closed form from
 * the stationary covariance Σ = AΣAᵀ + Q:
 * <pre>  TE_{S→T|Z} = ½ ln( var(T_{t+1} | T_t, Z_t) / var(T_{t+1} | T_t, Z_t, S_t) ),
 *   AIS_X = ½ ln( var(X) / var(X_{t+1} | X_t) )</pre>
 * Over R = 40 independent realisations of n = 600 observations (non-zero means, mixed scales,
 * strong autocorrelation) it checks (1) that the mean reported std_error is not below the spread of
 * the estimates over realisations and at most 1.8 times it (ratio in [0.9, 1.8]; the sd over 40 runs
 * has a relative error of about 11%), (2) that 95% intervals cover the estimator's expectation (the
 * mean of the R estimates) in at least 90% of runs, and (3) the closed-form truth in at least 85%
 * (KSG's bias at n = 600 is small against the standard error here). Measured (printed): the
 * jackknife of refitted KSG estimates is conservative, std_error ≈ 1.55 (TE), 1.34 (conditional TE),
 * 1.24 (AIS) times the true spread, because the delete-d jackknife variance of the non-smooth k-NN
 * conditional MI is biased upwards (Efron–Stein) even without dependence: deleting single points
 * instead of blocks gives the same 1.55 for TE. The test fails an interval that ignores the serial
 * dependence: the iid delete-a-group jackknife of the same AIS estimates gives 0.81 of the spread
 * (asserted below 0.8 of the block jackknife's), under bound (1).
 */
class TimeSeriesIntervalTest {
  static final RunSettings S = RunSettings.defaults().withThreads(2).withStandardize(true);
  static final int N = 600;
  static final int RUNS = 40;

  /** a linear Gaussian VAR(1): x_{t+1} = A x_t + diag(sd)·ε, reported as offset + scale·x */
  record Var(double[][] a, double[] sd, double[] offset, double[] scale) {
    int p() {
      return sd.length;
    }

    /** the stationary covariance Σ = AΣAᵀ + diag(sd²), by iteration */
    double[][] sigma() {
      int p = p();
      double[][] s = new double[p][p];
      for (int it = 0; it < 5000; it++) {
        double[][] next = new double[p][p];
        for (int i = 0; i < p; i++) {
          for (int j = 0; j < p; j++) {
            double v = i == j ? sd[i] * sd[i] : 0;
            for (int k = 0; k < p; k++) {
              for (int l = 0; l < p; l++) {
                v += a[i][k] * s[k][l] * a[j][l];
              }
            }
            next[i][j] = v;
          }
        }
        s = next;
      }
      return s;
    }

    /** var(x_{t+1}[i] | x_t[given]) = Σ_ii − cᵀ Σ_GG⁻¹ c with c = (AΣ)_{i,G} */
    double conditionalVariance(int i, int... given) {
      double[][] s = sigma();
      int g = given.length;
      double[][] m = new double[g][g + 1];
      for (int r = 0; r < g; r++) {
        for (int c = 0; c < g; c++) {
          m[r][c] = s[given[r]][given[c]];
        }
        double cov = 0;
        for (int k = 0; k < p(); k++) {
          cov += a[i][k] * s[k][given[r]];
        }
        m[r][g] = cov;
      }
      double[] c = new double[g];
      for (int r = 0; r < g; r++) {
        c[r] = m[r][g];
      }
      // solve Σ_GG w = c by Gaussian elimination (g ≤ 3, positive definite)
      for (int col = 0; col < g; col++) {
        for (int r = col + 1; r < g; r++) {
          double f = m[r][col] / m[col][col];
          for (int q = col; q <= g; q++) {
            m[r][q] -= f * m[col][q];
          }
        }
      }
      double[] w = new double[g];
      for (int r = g - 1; r >= 0; r--) {
        double v = m[r][g];
        for (int q = r + 1; q < g; q++) {
          v -= m[r][q] * w[q];
        }
        w[r] = v / m[r][r];
      }
      double v = s[i][i];
      for (int r = 0; r < g; r++) {
        v -= c[r] * w[r];
      }
      return v;
    }

    /** T steps after a burn-in of 500, one column per series */
    List<Matrix> simulate(int steps, long seed) {
      SplittableRandom rng = new SplittableRandom(seed);
      int p = p();
      double[] x = new double[p];
      double[][] out = new double[p][steps];
      for (int t = -500; t < steps; t++) {
        double[] next = new double[p];
        for (int i = 0; i < p; i++) {
          double v = sd[i] * gaussian(rng);
          for (int k = 0; k < p; k++) {
            v += a[i][k] * x[k];
          }
          next[i] = v;
        }
        x = next;
        if (t >= 0) {
          for (int i = 0; i < p; i++) {
            out[i][t] = offset[i] + scale[i] * x[i];
          }
        }
      }
      List<Matrix> m = new ArrayList<>();
      for (int i = 0; i < p; i++) {
        m.add(Matrix.column("x" + i, out[i]));
      }
      return m;
    }
  }

  static double gaussian(SplittableRandom rng) {
    double u = rng.nextDouble();
    double w = rng.nextDouble();
    return Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * w);
  }

  /** S (0) → T (1): S AR(1) 0.8, T = 0.5·T + 0.4·S + noise */
  static final Var TE = new Var(new double[][] {{0.8, 0}, {0.4, 0.5}}, new double[] {1, 0.8},
      new double[] {12, -3}, new double[] {0.01, 40});
  /** Z (2) drives S (0) and T (1), S → T */
  static final Var CTE = new Var(new double[][] {{0.5, 0, 0.6}, {0.35, 0.3, 0.5}, {0, 0, 0.7}},
      new double[] {1, 1, 1}, new double[] {5, -200, 0.5}, new double[] {3, 0.2, 7});
  /** X AR(1) 0.9 */
  static final Var AIS = new Var(new double[][] {{0.9}}, new double[] {1}, new double[] {-50}, new double[] {4});

  record Summary(double coverageOfMean, double coverageOfTruth, double seRatio, double iidRatio) {}

  /**
   * runs estimates with 95% intervals over RUNS realisations; iid: the iid group jackknife se of
   * the same estimate (for the comparison), or null
   */
  static Summary check(String what, double truth, IntFunction<Estimate> run, IntFunction<Double> iid) {
    double[] v = new double[RUNS];
    double[] lo = new double[RUNS];
    double[] hi = new double[RUNS];
    double seSum = 0;
    double iidSum = 0;
    for (int r = 0; r < RUNS; r++) {
      Estimate e = run.apply(r);
      assertEquals(BlockJackknife.METHOD, e.extras().get("ci_method"));
      v[r] = e.value();
      lo[r] = (Double) e.extras().get("ci_low");
      hi[r] = (Double) e.extras().get("ci_high");
      seSum += e.stdError().getAsDouble();
      if (iid != null && r < 10) {
        iidSum += iid.apply(r);
      }
    }
    double mean = 0;
    for (double x : v) {
      mean += x;
    }
    mean /= RUNS;
    double ss = 0;
    for (double x : v) {
      ss += (x - mean) * (x - mean);
    }
    double sd = Math.sqrt(ss / (RUNS - 1));
    int coverMean = 0;
    int coverTruth = 0;
    for (int r = 0; r < RUNS; r++) {
      coverMean += lo[r] <= mean && mean <= hi[r] ? 1 : 0;
      coverTruth += lo[r] <= truth && truth <= hi[r] ? 1 : 0;
    }
    double se = seSum / RUNS;
    double iidSe = iidSum / 10;
    Summary s = new Summary((double) coverMean / RUNS, (double) coverTruth / RUNS, se / sd, iidSe / sd);
    System.out.printf(Locale.ROOT, "[ts-interval] %s, n = %d, %d runs: truth %.4f, mean estimate %.4f (bias %+.4f), "
        + "sd over runs %.4f, mean block-jackknife se %.4f (ratio %.2f)%s; 95%% CI covers the mean in %.3f, the truth "
        + "in %.3f%n", what, N, RUNS, truth, mean, mean - truth, sd, se, s.seRatio(), iid == null ? ""
        : String.format(Locale.ROOT, ", iid group-jackknife se %.4f (ratio %.2f, first 10 runs)", iidSe, s.iidRatio()),
        s.coverageOfMean(), s.coverageOfTruth());
    assertTrue(s.seRatio() >= 0.9 && s.seRatio() <= 1.8, what + ": std_error / sd over runs = " + s.seRatio());
    assertTrue(s.coverageOfMean() >= 0.9, what + ": coverage of the estimator's mean " + s.coverageOfMean());
    assertTrue(s.coverageOfTruth() >= 0.85, what + ": coverage of the truth " + s.coverageOfTruth());
    return s;
  }

  /** the iid delete-a-group jackknife se over the same embedded observations (what ignoring the dependence gives) */
  static double iidSe(Embedding.Observations o, java.util.function.ToDoubleFunction<Embedding.Observations> f) {
    int g = 20;
    int n = o.n();
    int[] perm = org.infokernels.internal.Estimation.permutation(n, new SplittableRandom(5));
    int size = n / g;
    double[] theta = new double[g];
    for (int j = 0; j < g; j++) {
      int[] del = java.util.Arrays.copyOfRange(perm, j * size, (j + 1) * size);
      java.util.Arrays.sort(del);
      int[] keep = new int[n - size];
      int c = 0;
      int d = 0;
      for (int i = 0; i < n; i++) {
        if (d < del.length && del[d] == i) {
          d++;
        } else {
          keep[c++] = i;
        }
      }
      theta[j] = f.applyAsDouble(o.rows(keep));
    }
    double m = 0;
    for (double t : theta) {
      m += t;
    }
    m /= g;
    double ss = 0;
    for (double t : theta) {
      ss += (t - m) * (t - m);
    }
    return Math.sqrt((g - 1.0) / g * ss);
  }

  @Test
  void transferEntropyIntervalMatchesTheSpreadAndCoversTheTruth() {
    double truth = 0.5 * Math.log(TE.conditionalVariance(1, 1) / TE.conditionalVariance(1, 1, 0));
    TransferEntropy te = new TransferEntropy(TransferEntropyOptions.defaults().withCi(0.95).withSettings(S));
    check("TE S->T", truth, r -> {
      List<Matrix> m = TE.simulate(N + 1, 100 + r);
      return te.estimate(m.get(0), m.get(1));
    }, null);
  }

  @Test
  void conditionalTransferEntropyIntervalMatchesTheSpreadAndCoversTheTruth() {
    double truth = 0.5 * Math.log(CTE.conditionalVariance(1, 1, 2) / CTE.conditionalVariance(1, 1, 2, 0));
    TransferEntropy te = new TransferEntropy(TransferEntropyOptions.defaults().withCi(0.95).withSettings(S));
    check("conditional TE S->T | Z", truth, r -> {
      List<Matrix> m = CTE.simulate(N + 1, 300 + r);
      return te.estimate(Series.of(m.get(0)), Series.of(m.get(1)),
          List.of(new ConditionalSeries(Series.of(m.get(2)), 1, 1, 1)));
    }, null);
  }

  @Test
  void activeInfoStorageIntervalMatchesTheSpreadWhereTheIidJackknifeIsTooNarrow() {
    double truth = 0.5 * Math.log(AIS.sigma()[0][0] / AIS.conditionalVariance(0, 0));
    assertEquals(0.5 * Math.log(1 / (1 - 0.81)), truth, 1e-9, "AR(1) closed form");
    ActiveInformationStorage ais = new ActiveInformationStorage(ActiveInfoStorageOptions.defaults().withCi(0.95)
        .withSettings(S));
    Summary s = check("AIS AR(1) 0.9", truth, r -> ais.estimate(AIS.simulate(N + 1, 500 + r).get(0)), r -> {
      Series x = TimeSeriesSupport.prepare(S, List.of(Series.of(AIS.simulate(N + 1, 500 + r).get(0)))).get(0);
      Embedding.Observations o = Embedding.activeInfoStorage(x, 1, 1, 0);
      return iidSe(o, q -> TimeSeriesSupport.mean(TimeSeriesSupport.localMi(
          org.infokernels.internal.backend.Backends.selectForKnn(org.infokernels.core.BackendKind.JAVA, 3), q, 3, 0, 1, "")));
    });
    assertTrue(s.iidRatio() < 0.9 && s.iidRatio() < 0.8 * s.seRatio(),
        "the iid group jackknife should be too narrow for this slowly mixing process: " + s);
  }

  @Test
  void blockJackknifeOfASeriesMeanIsItsLongRunStandardError() {
    // AR(1) x_t = 0.8 x_{t−1} + ε, offset 7: sd of the mean of n values ≈ 1/(1 − 0.8)/√n (long-run
    // variance), 3 times the iid standard error √(var x / n) = √(1/(1 − 0.64)/n)
    int n = 4000;
    int runs = 20;
    double longRun = 1 / (1 - 0.8) / Math.sqrt(n);
    double block = 0;
    double iid = 0;
    for (int r = 0; r < runs; r++) {
      double[] x = Var1.ar(0.8, n, 40 + r);
      double mean = java.util.Arrays.stream(x).average().orElseThrow();
      Estimate full = Estimate.builder("mean").estimator("mean").backend("java").n(n).dims(1).value(mean).build();
      Estimate e = org.infokernels.uncertainty.Resampling.blockJackknife(full, new int[] {0, n}, 20, 0.95,
          rows -> java.util.Arrays.stream(rows[0]).mapToDouble(i -> x[i]).average().orElseThrow());
      assertEquals("block-jackknife", e.extras().get("ci_method"));
      assertEquals(200, e.extras().get("ci_block_length"));
      block += e.stdError().getAsDouble() / runs;
      iid += org.infokernels.uncertainty.Resampling.groupJackknife(full, new int[] {n}, 0.95, r,
          rows -> java.util.Arrays.stream(rows[0]).mapToDouble(i -> x[i]).average().orElseThrow())
          .stdError().getAsDouble() / runs;
    }
    System.out.printf(Locale.ROOT, "[ts-interval] mean of AR(1) 0.8, n = %d: long-run se %.4f, block jackknife %.4f, "
        + "iid group jackknife %.4f%n", n, longRun, block, iid);
    assertEquals(1.0, block / longRun, 0.15, "block jackknife of the mean vs its long-run standard error");
    assertTrue(iid / longRun < 0.5, "the iid jackknife ignores the autocorrelation: " + iid);
  }

  /** an AR(1) series with offset 7 */
  static final class Var1 {
    static double[] ar(double phi, int n, long seed) {
      SplittableRandom rng = new SplittableRandom(seed);
      double v = 0;
      for (int t = 0; t < 500; t++) {
        v = phi * v + gaussian(rng);
      }
      double[] x = new double[n];
      for (int t = 0; t < n; t++) {
        v = phi * v + gaussian(rng);
        x[t] = 7 + v;
      }
      return x;
    }
  }

  @Test
  void blocksAreContiguousPerTrialOrWholeTrials() {
    // one trial of 45: 20 blocks of 2, the last 5 always kept
    int[][] g = BlockJackknife.groups(new int[] {0, 45}, 20);
    assertEquals(20, g.length);
    assertEquals(List.of(6, 7), List.of(g[3][0], g[3][1]));
    // three trials of 40, 41, 60: blocks of 2, 2, 3 in each
    g = BlockJackknife.groups(new int[] {0, 40, 81, 141}, 20);
    assertEquals(7, g[0].length);
    assertEquals(List.of(2, 3, 42, 43, 84, 85, 86), java.util.Arrays.stream(g[1]).boxed().toList());
    // 45 trials of 10: groups of 2 whole trials, the last 5 trials always kept
    int[] starts = new int[46];
    for (int r = 0; r <= 45; r++) {
      starts[r] = 10 * r;
    }
    g = BlockJackknife.groups(starts, 20);
    assertEquals(20, g.length);
    assertEquals(20, g[19].length);
    assertEquals(380, g[19][0]);
    // too short to form 2 groups
    assertThrows(InvalidInputException.class, () -> BlockJackknife.groups(new int[] {0, 1}, 20));
  }

  @Test
  void pooledTrialsTheilerWindowAndKsg2() {
    List<Series> trials = new ArrayList<>();
    List<Matrix> src = new ArrayList<>();
    List<Matrix> tgt = new ArrayList<>();
    for (int r = 0; r < 3; r++) {
      List<Matrix> m = TE.simulate(200, 900 + r);
      src.add(m.get(0));
      tgt.add(m.get(1));
    }
    Series s = Series.ofTrials("s", src);
    Series t = Series.ofTrials("t", tgt);
    TransferEntropyOptions o = TransferEntropyOptions.defaults().withTheiler(3)
        .withEstimator(org.infokernels.core.KsgAlgorithm.TWO).withSettings(S);
    Estimate plain = new TransferEntropy(o).estimate(s, t);
    Estimate e = new TransferEntropy(o.withCi(0.9)).estimate(s, t);
    assertEquals(plain.value(), e.value(), 0.0, "the interval changes nothing of the value");
    assertEquals(9, e.extras().get("ci_block_length"));
    assertEquals(20, e.extras().get("ci_replicates"));
    double se = e.stdError().getAsDouble();
    double lo = (Double) e.extras().get("ci_low");
    double hi = (Double) e.extras().get("ci_high");
    assertTrue(se > 0 && lo < e.value() && e.value() < hi, e.toString());
    assertEquals(2 * 1.729 * se, hi - lo, 2e-3 * se, "t quantile of 19 df at 90%");
    // deterministic: no seed enters the blocks
    assertEquals(e.stdError().getAsDouble(), new TransferEntropy(o.withCi(0.9).withSettings(S.withSeed(77)))
        .estimate(s, t).stdError().getAsDouble(), 0.0);
    assertThrows(IllegalArgumentException.class, () -> o.withCi(1.0));
    assertThrows(IllegalArgumentException.class, () -> ActiveInfoStorageOptions.defaults().withCi(-0.5));
  }
}
