package org.infokernels.ot;

import java.util.Objects;
import org.infokernels.core.Estimate;
import org.infokernels.core.Matrix;
import org.infokernels.core.Precision;
import org.infokernels.core.RunSettings;
import org.infokernels.internal.Estimation;
import org.infokernels.internal.backend.Backend;
import org.infokernels.internal.backend.Backends;

/**
 * Debiased Sinkhorn divergence between the empirical measures of X (n rows) and Y (m rows):
 * <pre>  S_ε(α, β) = W(α, β) − ½ W(α, α) − ½ W(β, β)</pre>
 * with the squared Euclidean cost ‖a − b‖² (no ½), absolute ε and the same ε in all three terms.
 * <ul>
 *   <li>{@link SinkhornVariant#FEYDY} (default): W = OT_ε = ⟨P,C⟩ + ε·KL(P ‖ a⊗b) (Genevay et al. [2],
 *       Feydy et al. [3], eq. 4). S_ε ≥ 0, S_ε(α, α) = 0, not clipped. The cross term is POT's
 *       alternating log-domain Sinkhorn; the self terms use Feydy's averaged symmetric update
 *       f ← ½(f + T(f)) ([3], sec. 3.1), which converges in tens of iterations where the
 *       alternating one oscillates, and OT_ε(α, α) = 2⟨a, f⟩.</li>
 *   <li>{@link SinkhornVariant#POT}: W = ⟨P, C⟩ of three alternating solves, then max(0, S): exactly
 *       POT's {@code ot.bregman.empirical_sinkhorn_divergence} (a different number).</li>
 * </ul>
 * As ε → 0, S_ε tends to the squared 2-Wasserstein distance W₂²(α, β) (‖μ_X − μ_Y‖² for two
 * samples that differ by a shift); as ε → ∞, to an MMD with kernel −‖a − b‖² ([3], Thm 1).
 * Units: squared distance of the input (dimensionless). Extras: {@code epsilon}, {@code terms}
 * {xy, xx, yy}, {@code iterations} of the three problems, {@code converged}, {@code m}.
 *
 * <p>Time O((n + m)²·d) per sweep, memory O((n + m)·d): no cost matrix is stored on any backend.
 *
 * <p>[1] M. Cuturi, NIPS 2013. [2] A. Genevay, G. Peyré, M. Cuturi, AISTATS 2018.
 * [3] J. Feydy, T. Séjourné, F.-X. Vialard, S. Amari, A. Trouvé, G. Peyré, AISTATS 2019.
 */
public final class SinkhornDivergence {
  private final SinkhornDivergenceOptions options;

  /** An estimator with {@code options}; throws {@link NullPointerException} if they are null. */
  public SinkhornDivergence(SinkhornDivergenceOptions options) {
    this.options = Objects.requireNonNull(options, "options");
  }

  /**
   * S_ε between x and y with uniform weights:
   * {@link #estimate(Matrix, Matrix, double[], double[])} with null weights.
   */
  public Estimate estimate(Matrix x, Matrix y) {
    return estimate(x, y, null, null);
  }

  /**
   * S_ε between the weighted samples x and y by the variant of the options (class javadoc), after
   * the standardisation and jitter the settings ask for. A problem that does not converge is
   * reported ({@code converged = false}, a warning), not thrown.
   *
   * @param x n × d sample
   * @param y m × d sample
   * @param a weights of the rows of x (≥ 0, summing to 1 within 1e-9), or null for uniform
   * @param b weights of the rows of y, or null for uniform
   * @return the divergence in squared units of the input (dimensionless); the extras of the class javadoc
   * @throws org.infokernels.core.InvalidInputException if x and y have different numbers of columns, a weight vector
   *         has the wrong length, a weight is negative or not finite, the weights do not sum to 1,
   *         precision FLOAT is asked of a backend other than cuda, standardisation meets a constant
   *         column, or ε is unusable: below 10⁻¹² of the samples' squared diameter, too large for
   *         double precision, or a default ε of 0 (half of the costs are 0)
   * @throws org.infokernels.core.BackendUnavailableException if the settings ask for a backend that
   *         cannot run here
   */
  public Estimate estimate(Matrix x, Matrix y, double[] a, double[] b) {
    OtSupport.sameColumns(x, y);
    double[] aw = OtSupport.weights("a", a, x);
    double[] bw = OtSupport.weights("b", b, y);
    RunSettings s = options.settings();
    Backend backend = Backends.select(s.backend());
    long t0 = System.nanoTime();
    Estimate.Builder e = Estimate.builder("sinkhorn-divergence").estimator(options.variant().label())
        .dimensionless(true);
    Precision precision = OtSupport.precision(backend, s, e);
    Matrix[] p = Estimation.prepare(s, x, y);
    OtSupport.Scaled sc = OtSupport.scaled(options.epsilon(), p);
    OtSupport.Divergence dv = OtSupport.divergence(backend, sc.samples()[0], aw, sc.samples()[1], bw, sc.eps(),
        options.variant(), options.maxIter(), options.tol(), options.epsilonScaling(), precision, s.threads())
        .unscaled(sc, "sinkhorn-divergence");
    e.value(dv.value()).backend(backend.kind().label()).n(x.rows()).dims(x.cols(), y.cols()).extra("m", y.rows())
        .extra("epsilon", sc.epsilon());
    dv.report(e, "sinkhorn-divergence", options.maxIter(), options.tol());
    if (options.epsilonScaling() > 0) {
      e.extra("epsilon_scaling", options.epsilonScaling());
    }
    return e.seconds(Estimation.secondsSince(t0)).build();
  }
}
