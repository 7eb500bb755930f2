package org.infokernels.ot;

import java.util.Objects;
import org.infokernels.core.Check;
import org.infokernels.core.Estimate;
import org.infokernels.core.InvalidInputException;
import org.infokernels.core.Matrix;
import org.infokernels.core.Precision;
import org.infokernels.core.RunSettings;
import org.infokernels.internal.Estimation;
import org.infokernels.internal.backend.Backend;
import org.infokernels.internal.backend.Backends;

/**
 * Wasserstein dependency measure between X and Y (Ozair et al. [1]: a Wasserstein distance between
 * P_XY and P_X ⊗ P_Y), plug-in estimate with the debiased Sinkhorn divergence ({@link SinkhornDivergence},
 * variant {@link SinkhornVariant#FEYDY}):
 * <pre>  WD = S_ε(Z, Z'),   Z = {(xᵢ, yᵢ)},   Z' = {(xᵢ, y_{π(i)})}</pre>
 * π a permutation of the rows (the usual way to sample P_X ⊗ P_Y from paired data): given, or drawn
 * from the seed. The value depends on π. Cost ‖z − z'‖² on the joint coordinates [x, y], so the
 * scales of X and Y matter (standardise first if they differ). Default ε: 0.1 × the median cost
 * between the first min(n, 2000) rows of Z and Z'. Units: squared distance (dimensionless);
 * near 0 for independent X and Y, S_ε ≥ 0 always.
 *
 * <p>With {@link RunSettings#permutations()} = N a permutation test is run at the same ε: each null
 * draw permutes the rows of Y (breaking any dependence) and a fresh π; p = (1 + #{null ≥ observed})/(1 + N).
 *
 * <p>Time O(n²·(dx + dy)) per sweep, memory O(n·(dx + dy)).
 *
 * <p>[1] S. Ozair, C. Lynch, Y. Bengio, A. van den Oord, S. Levine, P. Sermanet, "Wasserstein dependency
 * measure for representation learning", NeurIPS 2019. [2] J. Feydy et al., AISTATS 2019.
 */
public final class WassersteinDependency {
  /** stream of the seed that draws π (0: jitter, 1: permutation tests, 2: median subsamples) */
  static final int PI_STREAM = 3;

  private final WassersteinDependencyOptions options;

  /** An estimator with {@code options}; throws {@link NullPointerException} if they are null. */
  public WassersteinDependency(WassersteinDependencyOptions options) {
    this.options = Objects.requireNonNull(options, "options");
  }

  /** checks that p is a permutation of 0..n−1, saying where it is not */
  public static void checkPermutation(int[] p, int n, String what) {
    if (p.length != n) {
      throw new InvalidInputException(what + " has " + p.length + " entries but the data have " + n + " rows");
    }
    int[] seen = new int[n];
    java.util.Arrays.fill(seen, -1);
    for (int i = 0; i < n; i++) {
      int v = p[i];
      if (v < 0 || v >= n) {
        throw new InvalidInputException(what + ": entry " + i + " (0-based) is " + v + ", outside 0.." + (n - 1)
            + "; it must be a permutation of the row indices");
      }
      if (seen[v] >= 0) {
        throw new InvalidInputException(what + ": the value " + v + " appears twice (entries " + seen[v] + " and " + i
            + ", 0-based); it must be a permutation of 0.." + (n - 1));
      }
      seen[v] = i;
    }
  }

  /**
   * WD = S_ε(Z, Z') of the paired samples (row i of x and y is one draw) by the formula of the class
   * javadoc, after the standardisation and jitter the settings ask for; with permutations, the p-value
   * of the permutation test. A problem that does not converge is reported, not thrown.
   *
   * @param x n × dx sample
   * @param y n × dy sample
   * @return the measure in squared units of the input (dimensionless); extras {@code epsilon},
   *         {@code terms}, {@code iterations}, {@code converged}
   * @throws InvalidInputException if x and y have different numbers of rows, the given π is not a
   *         permutation of 0..n−1, precision FLOAT is asked of a backend other than cuda,
   *         standardisation meets a constant column, or ε is unusable: below 10⁻¹² of the samples'
   *         squared diameter, too large for double precision, or a default ε of 0 (half of the
   *         costs are 0)
   * @throws org.infokernels.core.BackendUnavailableException if the settings ask for a backend that
   *         cannot run here
   */
  public Estimate estimate(Matrix x, Matrix y) {
    Check.sameRows(x, y);
    int n = x.rows();
    int[] pi = options.permutation();
    RunSettings s = options.settings();
    if (pi != null) {
      checkPermutation(pi, n, "permutation");
    } else {
      pi = Estimation.permutation(n, Estimation.stream(s.seed(), PI_STREAM));
    }
    Backend backend = Backends.select(s.backend());
    long t0 = System.nanoTime();
    Estimate.Builder e = Estimate.builder("wasserstein-dependency").estimator("feydy").dimensionless(true);
    Precision precision = OtSupport.precision(backend, s, e);
    Matrix[] p = Estimation.prepare(s, x, y);
    Matrix z0 = p[0].hstack(p[1], "z");
    Matrix zp0 = p[0].hstack(p[1].selectRows(pi), "z'");
    // one power of two for Z and Z' (the same values): ε is taken between them, as java/docs/cli.md says
    OtSupport.Scaled sc = OtSupport.scaled(options.epsilon(), z0, zp0);
    Matrix z = sc.samples()[0];
    Matrix zp = sc.samples()[1];
    int dx = x.cols();
    double eps = sc.eps();
    OtSupport.Divergence dv = divergence(backend, z, zp, eps, precision).unscaled(sc, "wasserstein-dependency");
    e.value(dv.value()).backend(backend.kind().label()).n(n).dims(x.cols(), y.cols()).extra("epsilon", sc.epsilon());
    dv.report(e, "wasserstein-dependency", options.maxIter(), options.tol());
    if (options.epsilonScaling() > 0) {
      e.extra("epsilon_scaling", options.epsilonScaling());
    }
    Matrix xs = columns(z, 0, dx);
    Matrix ys = columns(z, dx, z.cols());
    Estimation.permutationTest(e, dv.value(), s.permutations(), Estimation.stream(s.seed(), 1), r -> {
      Matrix yr = ys.selectRows(Estimation.permutation(n, r));
      int[] pr = Estimation.permutation(n, r);
      return divergence(backend, xs.hstack(yr, "z"), xs.hstack(yr.selectRows(pr), "z'"), eps, precision)
          .unscaled(sc, "wasserstein-dependency").value();
    });
    return e.seconds(Estimation.secondsSince(t0)).build();
  }

  /** columns [from, to) of m */
  private static Matrix columns(Matrix m, int from, int to) {
    int[] idx = new int[to - from];
    for (int i = 0; i < idx.length; i++) {
      idx[i] = from + i;
    }
    return m.selectColumns(idx);
  }

  private OtSupport.Divergence divergence(Backend backend, Matrix z, Matrix zp, double eps, Precision precision) {
    return OtSupport.divergence(backend, z, null, zp, null, eps, SinkhornVariant.FEYDY, options.maxIter(),
        options.tol(), options.epsilonScaling(), precision, options.settings().threads());
  }
}
