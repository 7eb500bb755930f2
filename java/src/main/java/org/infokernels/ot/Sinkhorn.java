package org.infokernels.ot;

import java.util.Objects;
import org.infokernels.core.Estimate;
import org.infokernels.core.Matrix;
import org.infokernels.core.Precision;
import org.infokernels.core.RunSettings;
import org.infokernels.internal.Estimation;
import org.infokernels.internal.backend.Backend;
import org.infokernels.internal.backend.Backends;
import org.infokernels.internal.ot.SinkhornResult;

/**
 * Entropic optimal transport between the empirical measures α = Σ aᵢ δ_{xᵢ} and β = Σ bⱼ δ_{yⱼ}
 * (uniform weights unless given) by log-domain Sinkhorn [1, 2]:
 * <pre>  min_P ⟨P, C⟩ + ε Σ P_ij log P_ij   subject to  P1 = a, Pᵀ1 = b,   C_ij = ‖xᵢ − yⱼ‖²</pre>
 * (squared Euclidean cost without ½ and absolute ε, as POT's {@code ot.dist}/{@code sinkhorn2}).
 * From u = v = 0: v ← log b − LSE_i(uᵢ − C_ij/ε), u ← log a − LSE_j(vⱼ − C_ij/ε); every 10 sweeps,
 * after the u-update, stop when ‖Pᵀ1 − b‖₂ &lt; tol (POT's rule, so the plan and the count match POT's).
 * <ul>
 *   <li>{@code value}: the transport cost ⟨P, C⟩ of the plan P = exp(u ⊕ v − C/ε), what POT
 *       {@code sinkhorn2} returns;</li>
 *   <li>extras {@code regularized} OT_ε = ⟨P,C⟩ + ε·KL(P ‖ a⊗b) (Genevay et al. [3], Feydy et al. [4]),
 *       {@code iterations} (sweeps run: POT's niter + 1), {@code converged}, {@code marginal_error}
 *       ‖Pᵀ1 − b‖₂, {@code epsilon}, and {@code m}.</li>
 * </ul>
 * Units: squared distance of the input (dimensionless here, not information). Default ε: 0.1 ×
 * the median cost between the first min(n, 2000) rows of X and of Y. Not converging within
 * maxIter is a result: {@code converged = false}, a warning, the values of the last iterate.
 *
 * <p>Time O(n·m·d) per sweep, memory O((n + m)·d): the cost matrix is never stored; each
 * half-iteration recomputes costs tile by tile and reduces each log-sum-exp in one pass with a
 * running maximum (on every backend, the Java twin included). Epsilon scaling (annealing from the
 * squared diameter down to ε) reaches the same plan, typically in fewer sweeps at small ε.
 *
 * <p>[1] M. Cuturi, "Sinkhorn distances: lightspeed computation of optimal transport", NIPS 2013.
 * [2] POT, {@code ot.bregman.sinkhorn_log}; R. Flamary et al., JMLR 22(78), 2021.
 * [3] A. Genevay, G. Peyré, M. Cuturi, "Learning generative models with Sinkhorn divergences", AISTATS 2018.
 * [4] J. Feydy, T. Séjourné, F.-X. Vialard, S. Amari, A. Trouvé, G. Peyré, "Interpolating between optimal
 *     transport and MMD using Sinkhorn divergences", AISTATS 2019.
 */
public final class Sinkhorn {
  private final SinkhornOptions options;

  /** An estimator with {@code options}; throws {@link NullPointerException} if they are null. */
  public Sinkhorn(SinkhornOptions options) {
    this.options = Objects.requireNonNull(options, "options");
  }

  /**
   * The transport cost between x and y with uniform weights:
   * {@link #estimate(Matrix, Matrix, double[], double[])} with null weights.
   */
  public Estimate estimate(Matrix x, Matrix y) {
    return estimate(x, y, null, null);
  }

  /**
   * The transport cost ⟨P, C⟩ of the entropic plan between the weighted samples x and y (class
   * javadoc), after the standardisation and jitter the settings ask for. Not converging within
   * maxIter is a result: {@code converged = false} and a warning, not an exception.
   *
   * @param x n × d sample
   * @param y m × d sample
   * @param a weights of the rows of x (≥ 0, summing to 1 within 1e-9), or null for uniform
   * @param b weights of the rows of y, or null for uniform
   * @return the cost in squared units of the input (dimensionless); the extras of the class javadoc
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
    Estimate.Builder e = Estimate.builder("sinkhorn").estimator("log-domain").dimensionless(true);
    Precision precision = OtSupport.precision(backend, s, e);
    Matrix[] p = Estimation.prepare(s, x, y);
    OtSupport.Scaled sc = OtSupport.scaled(options.epsilon(), p);
    SinkhornResult r = OtSupport.solve(backend, sc.samples()[0], aw, sc.samples()[1], bw, sc.eps(), false,
        options.maxIter(), options.tol(), options.epsilonScaling(), precision, s.threads());
    e.value(sc.unscale("sinkhorn", r.cost())).backend(backend.kind().label()).n(x.rows()).dims(x.cols(), y.cols())
        .extra("m", y.rows()).extra("epsilon", sc.epsilon()).extra("regularized", sc.unscale("sinkhorn", r.regularized()))
        .extra("iterations", r.iterations()).iterations(r.iterations()).converged(r.converged())
        .extra("marginal_error", r.marginalError());
    if (options.epsilonScaling() > 0) {
      e.extra("epsilon_scaling", options.epsilonScaling());
    }
    if (precision == Precision.FLOAT) {
      e.extra("precision", "float");
    }
    if (!r.converged()) {
      e.warning(OtSupport.notConverged("sinkhorn", r, options.maxIter(), options.tol(), false));
    }
    return e.seconds(Estimation.secondsSince(t0)).build();
  }
}
