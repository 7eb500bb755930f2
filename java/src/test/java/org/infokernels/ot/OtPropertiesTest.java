package org.infokernels.ot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.infokernels.core.BackendKind;
import org.infokernels.core.Estimate;
import org.infokernels.core.InvalidInputException;
import org.infokernels.core.Matrix;
import org.infokernels.core.Precision;
import org.infokernels.core.RunSettings;
import org.infokernels.core.Unit;
import org.infokernels.internal.Estimation;
import org.infokernels.internal.backend.Backend;
import org.infokernels.internal.backend.Backends;
import org.junit.jupiter.api.Test;

/**
 * Closed-form truths and properties of the optimal-transport estimators on the default backend
 * (cpu when the native library loads, else java), plus input checks. Random inputs come from
 * fixed seeds printed in the failure messages.
 */
class OtPropertiesTest {
  static final RunSettings AUTO = RunSettings.defaults();

  static Matrix gauss(String name, long seed, int n, int d, double shift) {
    Random r = new Random(seed);
    double[] v = new double[n * d];
    for (int i = 0; i < v.length; i++) {
      v[i] = r.nextGaussian() + (i % d == 0 ? shift : 0.0);
    }
    return Matrix.of(name, v, n, d);
  }

  static Estimate sinkhorn(double eps, Matrix x, Matrix y) {
    return new Sinkhorn(SinkhornOptions.defaults().withEpsilon(eps)).estimate(x, y);
  }

  static Estimate divergence(double eps, Matrix x, Matrix y) {
    return new SinkhornDivergence(SinkhornDivergenceOptions.defaults().withEpsilon(eps)).estimate(x, y);
  }

  @Test
  void potsExampleGivesItsValueOnEveryBackend() {
    // POT sinkhorn2 docstring: a = b = [.5, .5], M = [[0, 1], [1, 0]], reg = 1 -> 0.26894142
    Matrix x = Matrix.column("x", 0.0, 1.0);
    for (Backend b : Backends.available()) {
      Estimate e = new Sinkhorn(SinkhornOptions.defaults().withEpsilon(1.0)
          .withSettings(AUTO.withBackend(b.kind()))).estimate(x, x);
      assertEquals(0.26894142136999516, e.value(), 1e-15, "POT example on " + b.kind().label());
      assertEquals(true, e.extras().get("converged"));
      assertEquals("sinkhorn", e.measure());
      assertTrue(e.dimensionless());
    }
  }

  @Test
  void divergenceOfASampleWithItselfIsZero() {
    // With tol = 1e-9 on the marginals (cross term) and on the potential's change (self terms), each
    // OT_eps is within ~1e-8 relative of its fixed point (java/docs/conventions/ot.md: about 1e-7): |S| <= 1e-6 OT_eps(x, x).
    for (long seed = 1; seed <= 4; seed++) {
      Matrix x = gauss("x", seed, 120, 1 + (int) seed % 3, 0.0);
      Estimate e = divergence(0.5, x, x);
      @SuppressWarnings("unchecked")
      double selfTerm = ((Map<String, Double>) e.extras().get("terms")).get("xx");
      assertEquals(0.0, e.value(), 1e-6 * Math.abs(selfTerm), "S(x, x), seed " + seed);
    }
  }

  @Test
  void divergenceIsNonNegative() {
    // S_eps >= 0 (Feydy et al. 2019, Thm 1); the fixed points are reached to ~1e-8 relative, so allow
    // -1e-7 of the terms' size.
    for (long seed = 10; seed < 16; seed++) {
      double shift = (seed % 3) * 0.1;
      Matrix x = gauss("x", seed, 90, 2, 0.0);
      Matrix y = gauss("y", seed + 100, 70, 2, shift);
      Estimate e = divergence(0.2 + 0.3 * (seed % 2), x, y);
      @SuppressWarnings("unchecked")
      double xy = ((Map<String, Double>) e.extras().get("terms")).get("xy");
      assertTrue(e.value() >= -1e-7 * Math.abs(xy), "S = " + e.value() + " < 0, seed " + seed + " shift " + shift);
    }
  }

  @Test
  void divergenceApproachesTheSquaredMeanShiftAsEpsilonShrinks() {
    // X ~ N(0, 1), Y ~ N(2, 1), n = m = 400, d = 1.
    // (1) Entropic bias: with uniform weights the optimal unregularised plan (a matching / n) has
    //     KL(P | a x b) = log n, so OT_0 <= OT_eps <= OT_0 + eps log n for the cross term and
    //     0 <= OT_eps(a, a) <= eps log n for the self terms: |S_eps - W2^2(x^, y^)| <= eps log n.
    // (2) In d = 1, W2^2(x^, y^) = (1/n) sum (x_(i) - y_(i))^2 (sorted matching), computed exactly
    //     here; it is (xbar - ybar)^2 + R with R >= 0 the W2^2 of the centred samples.
    // (3) Sampling: xbar - ybar ~ N(-2, 2/n), so (xbar - ybar)^2 - 4 has sd 2 * 2 * sqrt(2/n) = 0.283;
    //     W2^2(x^, y^) is within 4 sd + R of |mu_X - mu_Y|^2 = 4.
    int n = 400;
    Matrix x = gauss("x", 77, n, 1, 0.0);
    Matrix y = gauss("y", 78, n, 1, 2.0);
    double[] xs = x.toRowMajor();
    double[] ys = y.toRowMajor();
    double xbar = Arrays.stream(xs).average().orElseThrow();
    double ybar = Arrays.stream(ys).average().orElseThrow();
    Arrays.sort(xs);
    Arrays.sort(ys);
    double w2 = 0;
    double r = 0;
    for (int i = 0; i < n; i++) {
      w2 += (xs[i] - ys[i]) * (xs[i] - ys[i]) / n;
      double c = (xs[i] - xbar) - (ys[i] - ybar);
      r += c * c / n;
    }
    double sd = 2 * 2 * Math.sqrt(2.0 / n);
    assertEquals(4.0, w2, 4 * sd + r, "the sample's W2^2 against |mu_X - mu_Y|^2 (sampling error)");
    // eps log n is 0.6, 0.18, 0.06 here: each bound fails if the divergence is off by a few
    // percent of its value (the former eps = 1 step allowed 6 around 4). Each gap must also be
    // smaller than the previous one, the first measured at eps = 0.3.
    double previous = Math.abs(new SinkhornDivergence(SinkhornDivergenceOptions.defaults().withEpsilon(0.3)
        .withEpsilonScaling(0.5)).estimate(x, y).value() - w2);
    for (double eps : new double[] {0.1, 0.03, 0.01}) {
      Estimate e = new SinkhornDivergence(SinkhornDivergenceOptions.defaults().withEpsilon(eps).withEpsilonScaling(0.5))
          .estimate(x, y);
      assertEquals(true, e.converged().orElseThrow(), "eps = " + eps + " converged");
      double gap = Math.abs(e.value() - w2);
      assertTrue(gap <= eps * Math.log(n), "eps = " + eps + ": |S - W2^2| = " + gap + " > eps log n");
      assertTrue(gap < previous, "eps = " + eps + ": S does not approach W2^2 (" + gap + " after " + previous + ")");
      assertEquals(4.0, e.value(), 4 * sd + r + eps * Math.log(n), "eps = " + eps + ": S against |mu_X - mu_Y|^2");
      previous = gap;
    }
  }

  @Test
  void wassersteinDependencyOfIndependentSamplesIsNearZeroWithALargePValue() {
    // Independent X and Y: Z and Z' sample the same law P_X x P_Y, so the statistic is a draw from
    // its own permutation null: with 19 permutations p = (1 + #{null >= obs})/20 is uniform on
    // {0.05, ..., 1}; seed 3 gives a non-extreme draw, and obs stays within the null's 3 sd. "Near
    // 0" is relative to that null: S_eps between two finite samples of one law is O(1/n), not 0.
    // A dependent pair (Y = X + 0.2 noise) lies far outside its null: p = 1/20, the smallest value,
    // and S is several times larger. eps = 1 (about 0.4 x the median cost) keeps each of the
    // 3 x 20 solves at tens of iterations: Z and Z' share their x coordinates, and at 0.1 x the
    // median the cross term needs thousands (the reference's POT loop as well).
    int n = 100;
    Matrix x = gauss("x", 301, n, 1, 0.0);
    Matrix yi = gauss("y", 302, n, 1, 0.0);
    RunSettings s = AUTO.withPermutations(19).withSeed(3);
    WassersteinDependencyOptions o = WassersteinDependencyOptions.defaults().withEpsilon(1.0).withSettings(s);
    Estimate ind = new WassersteinDependency(o).estimate(x, yi);
    double p = ind.pValue().orElseThrow();
    assertTrue(p > 0.05, "independent: p = " + p);
    assertTrue(ind.value() <= ind.nullMean(Unit.NATS).orElseThrow() + 3 * ind.nullStd(Unit.NATS).orElseThrow(),
        "independent: value " + ind.value() + " outside its null");
    assertTrue(ind.value() >= -1e-9, "S >= 0: " + ind.value());
    double[] yd = new double[n];
    Random r = new Random(303);
    for (int i = 0; i < n; i++) {
      yd[i] = x.get(i, 0) + 0.2 * r.nextGaussian();
    }
    Estimate dep = new WassersteinDependency(o).estimate(x, Matrix.column("y", yd));
    assertEquals(0.05, dep.pValue().orElseThrow(), 1e-12, "dependent: p");
    assertTrue(dep.value() > 3 * ind.value(), "dependent " + dep.value() + " vs independent " + ind.value());
  }

  @Test
  void smallEpsilonStaysFinite() {
    // eps = 1e-3 x the median cost: exp(-C/eps) underflows for almost every pair, the log domain
    // must not; not converging within max-iter is a result (a warning), not an error.
    Matrix x = gauss("x", 41, 150, 2, 0.0);
    Matrix y = gauss("y", 42, 130, 2, 1.0);
    double median = OtSupport.defaultEpsilon(x, y) / 0.1;
    Estimate e = new Sinkhorn(SinkhornOptions.defaults().withEpsilon(1e-3 * median).withMaxIter(200)).estimate(x, y);
    assertTrue(Double.isFinite(e.value()) && e.value() > 0, "value " + e.value());
    assertTrue(Double.isFinite((Double) e.extras().get("regularized")));
    assertTrue(Double.isFinite((Double) e.extras().get("marginal_error")));
    Estimate s = new SinkhornDivergence(SinkhornDivergenceOptions.defaults().withEpsilon(1e-3 * median).withMaxIter(200))
        .estimate(x, y);
    assertTrue(Double.isFinite(s.value()), "divergence " + s.value());
  }

  @Test
  void nonConvergenceIsAWarningNotAnError() {
    Matrix x = gauss("x", 51, 60, 2, 0.0);
    Matrix y = gauss("y", 52, 50, 2, 1.0);
    Estimate e = new Sinkhorn(SinkhornOptions.defaults().withEpsilon(0.05).withMaxIter(3)).estimate(x, y);
    assertEquals(false, e.extras().get("converged"));
    assertEquals(false, e.converged().orElseThrow());
    assertEquals(3, e.extras().get("iterations"));
    assertEquals(3, e.iterations().orElseThrow());
    assertTrue(e.toString().contains("NOT CONVERGED"), e.toString());
    assertEquals(1, e.warnings().size(), e.warnings().toString());
    assertTrue(e.warnings().get(0).contains("did not converge in 3 iterations"), e.warnings().get(0));
    assertTrue(Double.isFinite(e.value()));
  }

  @Test
  void epsilonScalingReachesTheSameValue() {
    // The same fixed point: both runs stop with marginals within 1e-9, so the costs agree to ~1e-8
    // relative; 1e-6 leaves room.
    Matrix x = gauss("x", 61, 200, 2, 0.0);
    Matrix y = gauss("y", 62, 180, 2, 0.7);
    SinkhornOptions o = SinkhornOptions.defaults().withEpsilon(0.05).withMaxIter(100000);
    Estimate plain = new Sinkhorn(o).estimate(x, y);
    Estimate annealed = new Sinkhorn(o.withEpsilonScaling(0.5)).estimate(x, y);
    assertEquals(plain.value(), annealed.value(), 1e-6 * plain.value());
    assertEquals((Double) plain.extras().get("regularized"), (Double) annealed.extras().get("regularized"),
        1e-6 * Math.abs((Double) plain.extras().get("regularized")));
    assertEquals(0.5, annealed.extras().get("epsilon_scaling"));
  }

  @Test
  void valueIsInvariantToTheOrderOfRows() {
    Matrix x = gauss("x", 71, 80, 3, 0.0);
    Matrix y = gauss("y", 72, 60, 3, 0.5);
    int[] perm = Estimation.permutation(80, new java.util.SplittableRandom(7));
    Estimate a = sinkhorn(0.4, x, y);
    Estimate b = sinkhorn(0.4, x.selectRows(perm), y);
    assertEquals(a.value(), b.value(), 1e-9 * a.value());
    assertEquals(a.extras().get("iterations"), b.extras().get("iterations"));
  }

  @Test
  void weightsUniformEqualsDefaultAndZeroWeightDropsThePoint() {
    Matrix x = gauss("x", 81, 40, 2, 0.0);
    Matrix y = gauss("y", 82, 30, 2, 0.5);
    double[] a = new double[40];
    Arrays.fill(a, 1.0 / 40);
    Estimate uniform = sinkhorn(0.3, x, y);
    Estimate explicit = new Sinkhorn(SinkhornOptions.defaults().withEpsilon(0.3)).estimate(x, y, a, null);
    assertEquals(uniform.value(), explicit.value(), 1e-12 * uniform.value());
    // a zero-weight row plays no part: the same as leaving it out
    double[] b = new double[30];
    Arrays.fill(b, 1.0 / 29);
    b[5] = 0.0;
    int[] keep = new int[29];
    for (int j = 0, q = 0; j < 30; j++) {
      if (j != 5) {
        keep[q++] = j;
      }
    }
    Estimate zero = new Sinkhorn(SinkhornOptions.defaults().withEpsilon(0.3)).estimate(x, y, null, b);
    Estimate dropped = sinkhorn(0.3, x, y.selectRows(keep));
    assertEquals(dropped.value(), zero.value(), 1e-12 * dropped.value());
  }

  @Test
  void floatPrecisionOffTheGpuIsRefused() {
    // an option that is accepted must act: float kernels exist on cuda only, so java refuses FLOAT
    Matrix x = Matrix.column("x", 0.0, 1.0);
    InvalidInputException ex = assertThrows(InvalidInputException.class, () -> new Sinkhorn(SinkhornOptions.defaults()
        .withEpsilon(1.0).withSettings(AUTO.withBackend(BackendKind.JAVA).withPrecision(Precision.FLOAT))).estimate(x, x));
    assertTrue(ex.getMessage().contains("cuda backend only"), ex.getMessage());
  }

  @Test
  void badInputsSayWhatAndWhere() {
    Matrix x = gauss("x", 91, 10, 2, 0.0);
    Matrix y3 = gauss("y", 92, 8, 3, 0.0);
    Matrix y = gauss("y", 93, 8, 2, 0.0);
    List<Map.Entry<String, Runnable>> bad = List.of(
        Map.entry("epsilon = 0.0 must be a finite number > 0", () -> SinkhornOptions.defaults().withEpsilon(0.0)),
        Map.entry("epsilon = -1.0 must be", () -> SinkhornDivergenceOptions.defaults().withEpsilon(-1.0)),
        Map.entry("x has 2 columns but y has 3", () -> sinkhorn(1.0, x, y3)),
        Map.entry("x has 2 columns but y has 3", () -> divergence(1.0, x, y3)),
        Map.entry("a: weight 3 (0-based) is -0.1", () -> new Sinkhorn(SinkhornOptions.defaults())
            .estimate(x, y, new double[] {0.3, 0.3, 0.3, -0.1, 0.2, 0, 0, 0, 0, 0}, null)),
        Map.entry("b: the weights sum to 0.7999", () -> new Sinkhorn(SinkhornOptions.defaults())
            .estimate(x, y, null, new double[] {0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1})),
        Map.entry("a has 3 weights but x has 10 rows", () -> new Sinkhorn(SinkhornOptions.defaults())
            .estimate(x, y, new double[] {0.2, 0.3, 0.5}, null)),
        Map.entry("max-iter = 0 is smaller than the minimum (1)", () -> SinkhornOptions.defaults().withMaxIter(0)),
        Map.entry("epsilon-scaling = 1.0 must be 0 (off) or a ratio in (0, 1)",
            () -> SinkhornOptions.defaults().withEpsilonScaling(1.0)),
        Map.entry("permutation: the value 1 appears twice (entries 0 and 2", () -> new WassersteinDependency(
            WassersteinDependencyOptions.defaults().withPermutation(new int[] {1, 0, 1, 3, 4, 5, 6, 7, 8, 9}))
            .estimate(x, x)),
        Map.entry("permutation: entry 9 (0-based) is 10, outside 0..9", () -> new WassersteinDependency(
            WassersteinDependencyOptions.defaults().withPermutation(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 10}))
            .estimate(x, x)),
        Map.entry("permutation has 3 entries but the data have 10 rows", () -> new WassersteinDependency(
            WassersteinDependencyOptions.defaults().withPermutation(new int[] {0, 1, 2})).estimate(x, x)),
        Map.entry("x has 10 rows but y has 8", () -> new WassersteinDependency(WassersteinDependencyOptions.defaults())
            .estimate(x, y)),
        Map.entry("the default epsilon is 0", () -> sinkhornDefault(Matrix.column("x", 1, 1, 1), Matrix.column("y", 1, 1))));
    for (Map.Entry<String, Runnable> c : bad) {
      InvalidInputException ex = assertThrows(InvalidInputException.class, c.getValue()::run, c.getKey());
      assertTrue(ex.getMessage().contains(c.getKey()), "message '" + ex.getMessage() + "' lacks '" + c.getKey() + "'");
      assertFalse(ex.getMessage().contains("\n"), "one line: " + ex.getMessage());
    }
  }

  static Estimate sinkhornDefault(Matrix x, Matrix y) {
    return new Sinkhorn(SinkhornOptions.defaults()).estimate(x, y);
  }
}
