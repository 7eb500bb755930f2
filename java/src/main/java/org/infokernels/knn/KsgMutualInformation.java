package org.infokernels.knn;

import java.util.Objects;
import java.util.SplittableRandom;
import org.infokernels.core.BackendKind;
import org.infokernels.core.Check;
import org.infokernels.core.Estimate;
import org.infokernels.core.KsgAlgorithm;
import org.infokernels.core.Matrix;
import org.infokernels.core.RunSettings;
import org.infokernels.internal.Estimation;
import org.infokernels.internal.KnnSupport;
import org.infokernels.internal.Parallel;
import org.infokernels.internal.Ranges;
import org.infokernels.internal.backend.Backend;
import org.infokernels.internal.backend.Backends;
import org.infokernels.internal.math.SpecialFunctions;

/**
 * Mutual information I(X;Y) in nats by Kraskov–Stögbauer–Grassberger [1]. Max norm in the joint
 * space z = (x, y) and in each marginal; ε(i)/2 is the distance of zᵢ to its k-th neighbour.
 * <ul>
 *   <li>Algorithm 1 (eq. 8): Î = ψ(k) + ψ(N) − ⟨ψ(n_x+1) + ψ(n_y+1)⟩ with
 *       n_x(i) = #{j ≠ i : ‖xᵢ − xⱼ‖ &lt; ε(i)/2}, strict.</li>
 *   <li>Algorithm 2 (eq. 9): Î = ψ(k) − 1/k + ψ(N) − ⟨ψ(n_x) + ψ(n_y)⟩ with ε_x(i)/2 the largest
 *       x-distance among the k joint neighbours and n_x(i) = #{j ≠ i : ‖xᵢ − xⱼ‖ ≤ ε_x(i)/2}.</li>
 * </ul>
 * No rescaling, no noise and no clipping at 0 unless asked ({@code standardize}, {@code jitter}).
 * The k joint neighbours are the k smallest in (distance, index) order, identically on every
 * backend. With {@code permutations} &gt; 0, Y's rows are permuted to give a p-value
 * (1 + #{null ≥ Î})/(1 + N_perm). Time O(N log N) for low dimension with k-d trees; memory O(N d).
 *
 * <p>[1] A. Kraskov, H. Stögbauer, P. Grassberger, Phys. Rev. E 69, 066138 (2004).
 */
public final class KsgMutualInformation {
  private final KsgOptions options;

  /** An estimator with {@code options}; throws {@link NullPointerException} if they are null. */
  public KsgMutualInformation(KsgOptions options) {
    this.options = Objects.requireNonNull(options, "options");
  }

  /**
   * Î(X;Y) in nats of the paired samples (row i of x and y is one draw) by the algorithm of the
   * options (class javadoc), after the standardisation and jitter the settings ask for; with
   * permutations, the p-value of permuting Y's rows.
   *
   * @param x n × dx sample
   * @param y n × dy sample
   * @return the estimate in nats; extra {@code k}
   * @throws org.infokernels.core.InvalidInputException if x and y have different numbers of rows, k ≥ n, the
   *         precision is not double, a joint point coincides with its k-th neighbour (duplicates; add jitter),
   *         standardisation meets a constant column, or an explicit cuda backend is asked for k &gt; 64
   * @throws org.infokernels.core.BackendUnavailableException if the settings ask for a backend that cannot run here
   */
  public Estimate estimate(Matrix x, Matrix y) {
    return estimate(x, y, null, null);
  }

  /**
   * The rows of a one-column sample by non-decreasing value (equal values in any order), for
   * {@link #estimate(Matrix, Matrix, int[], int[])}: a variable that enters many pairs is sorted once.
   *
   * @throws org.infokernels.core.InvalidInputException if v has more than one column
   */
  public static int[] sortingOrder(Matrix v) {
    if (v.cols() != 1) {
      throw new org.infokernels.core.InvalidInputException(
          v.name() + " has " + v.cols() + " columns; a sorting order exists for one column only");
    }
    return org.infokernels.internal.knn.KnnKernels.sortingOrder(v.toRowMajor(), v.rows());
  }

  /**
   * {@link #estimate(Matrix, Matrix)} with the sorting orders of a one-column x and/or y given
   * ({@link #sortingOrder}; null: sorted here), so that a loop over many pairs sorts each variable
   * once: the same estimate, bit for bit (any order along which the values never decrease gives the
   * same marginal counts; standardisation and the exact power-of-two scaling keep the order). The
   * orders are checked (O(n)); with jitter they are not used, since the noise reorders the values.
   *
   * @throws org.infokernels.core.InvalidInputException as {@link #estimate(Matrix, Matrix)}, and if an
   *         order does not sort its variable's values
   */
  public Estimate estimate(Matrix x, Matrix y, int[] orderX, int[] orderY) {
    Check.sameRows(x, y);
    int n = x.rows();
    int k = options.k();
    Check.kBelowN(k, n, x.name() + " and " + y.name());
    RunSettings s = options.settings();
    Estimation.requireDouble(s, "mi");
    Backend backend = Backends.selectForKnn(s.backend(), k);
    long t0 = System.nanoTime();
    // one power of two for all inputs (exact): every distance, hence every count, is unchanged
    Matrix[] prepared = Estimation.prepare(s, x, y);
    Matrix[] p = Ranges.scaled(Ranges.exponent(prepared), prepared);
    double[] xd = p[0].toRowMajor();
    double[] yd = p[1].toRowMajor();
    int dx = x.cols();
    int dy = y.cols();
    int[] ox = s.jitter() > 0 ? null : KnnSupport.checkedOrder(orderX, x, n);
    int[] oy = s.jitter() > 0 ? null : KnnSupport.checkedOrder(orderY, y, n);
    Backend.KsgCounts c = backend.ksgCounts(xd, dx, yd, dy, n, k, options.algorithm().number(), ox, oy,
        s.threads());
    KnnSupport.requireNonZero(c.eps(), k, "the joint sample (" + x.name() + ", " + y.name() + ")");
    double mi = fromCounts(c, n, k, options.algorithm());
    Estimate.Builder b = Estimate.builder("mi").estimator(options.algorithm().label()).value(mi)
        .backend(backend.kind().label()).n(n).dims(dx, dy).extra("k", k);
    SplittableRandom rng = Estimation.stream(s.seed(), 1);
    // permutations drawn in order, evaluated side by side (not on cuda): the same p-value at any thread count
    int workers = backend.kind() != BackendKind.CUDA ? Parallel.resolveThreads(s.threads()) : 1;
    Estimation.permutationTest(b, mi, s.permutations(), rng, workers, s.threads(), r -> Estimation.permutation(n, r),
        (perm, threads) -> {
          double[] yPerm = p[1].selectRows(perm).toRowMajor();
          // X's order serves every permutation; Y's follows its rows (row perm[i] of y is row i of yPerm)
          return fromCounts(backend.ksgCounts(xd, dx, yPerm, dy, n, k, options.algorithm().number(), ox,
              KnnSupport.permutedOrder(oy, perm), threads), n, k, options.algorithm());
        });
    return b.seconds(Estimation.secondsSince(t0)).build();
  }

  static double fromCounts(Backend.KsgCounts c, int n, int k, KsgAlgorithm algorithm) {
    long[] nx = c.nx();
    long[] ny = c.ny();
    double sum = 0;
    if (algorithm == KsgAlgorithm.ONE) {
      for (int i = 0; i < n; i++) {
        sum += SpecialFunctions.digamma(nx[i] + 1.0) + SpecialFunctions.digamma(ny[i] + 1.0);
      }
      return SpecialFunctions.digamma(k) + SpecialFunctions.digamma(n) - sum / n;
    }
    for (int i = 0; i < n; i++) {
      sum += SpecialFunctions.digamma(nx[i]) + SpecialFunctions.digamma(ny[i]);
    }
    return SpecialFunctions.digamma(k) - 1.0 / k + SpecialFunctions.digamma(n) - sum / n;
  }
}
