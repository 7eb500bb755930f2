package org.infokernels.kernel;

import java.util.Objects;
import org.infokernels.core.Estimate;
import org.infokernels.core.Matrix;
import org.infokernels.core.RunSettings;
import org.infokernels.internal.Estimation;
import org.infokernels.internal.backend.Backend;
import org.infokernels.internal.backend.Backends;
import org.infokernels.internal.kernel.Kernel;
import org.infokernels.internal.support.KernelSupport;
import org.infokernels.internal.support.SpectralSupport;

/**
 * Matrix-based Rényi α-entropy of X in nats (Sánchez Giraldo, Rao, Príncipe [1]):
 * <pre>  S_α(A) = ln(Σᵢ λᵢ(A)^α)/(1 − α),  A = K/tr(K) = K/n</pre>
 * for the Gaussian Gram matrix K (σ default: median heuristic); eigenvalues taken in absolute
 * value as the canonical code does. Routes ({@link org.infokernels.core.SpectralMethod}): α = 2 uses Σλ² = ‖A‖²_F, a
 * streaming sum (O(n²d) time, O(nd) memory, any n); exact eigenvalues need the n × n matrix
 * (O(n²) memory, O(n³) time: n ≈ 4000 in seconds on cpu with LAPACK); SLQ is matrix-free and
 * reports its standard error in {@code std_error}. The canonical Python code reports log2: use bits.
 *
 * <p>[1] L. G. Sánchez Giraldo, M. Rao, J. C. Príncipe, IEEE Trans. Inf. Theory 61(1), 535–548 (2015).
 */
public final class RenyiEntropy {
  private final RenyiOptions options;

  /** An estimator with {@code options}; throws {@link NullPointerException} if they are null. */
  public RenyiEntropy(RenyiOptions options) {
    this.options = Objects.requireNonNull(options, "options");
  }

  /**
   * S_α(X) in nats of the sample x by the formula and route of the class javadoc, after the
   * standardisation and jitter the settings ask for.
   *
   * @param x n × d sample, one row per point
   * @return the estimate in nats; extras {@code alpha}, {@code sigma_x}, {@code method} (frobenius,
   *         exact or slq) and, for SLQ, {@code std_error}, {@code quadrature_error}, {@code probes},
   *         {@code lanczos_steps}
   * @throws org.infokernels.core.InvalidInputException if the precision is not double, standardisation meets a constant
   *         column, σ is unusable (median heuristic on fewer than 2 rows or giving 0, an explicit σ
   *         below 2^-500 of the data's magnitude), or SLQ is asked for α &gt; 50
   * @throws org.infokernels.core.BackendUnavailableException if the settings ask for a backend that cannot run here
   */
  public Estimate estimate(Matrix x) {
    int n = x.rows();
    RunSettings s = options.settings();
    Estimation.requireDouble(s, "renyi-entropy");
    Backend backend = Backends.select(s.backend());
    long t0 = System.nanoTime();
    KernelSupport.Variable v = KernelSupport.rbf(Estimation.prepare(s, x)[0], options.sigma(), s.seed());
    SpectralSupport.Spectral r = SpectralSupport.renyi(backend, v.data(), x.cols(), null, 0, n, v.kernel(), null,
        options.alpha(), options.method(), options.probes(), options.lanczosSteps(), s.threads(), s.seed());
    Estimate.Builder b = Estimate.builder("renyi-entropy").estimator("matrix-renyi").value(r.value())
        .backend(backend.kind().label()).n(n).dims(x.cols()).extra("alpha", options.alpha()).extra("sigma_x", v.sigma())
        .extra("method", r.method());
    SpectralSupport.stages(b, backend, r.method(), n);
    if (r.method().equals("slq")) {
      b.stdError(r.stdError()).extra("quadrature_error", r.quadratureError())
          .extra("probes", options.probes()).extra("lanczos_steps", r.steps());
    }
    return b.seconds(Estimation.secondsSince(t0)).build();
  }
}
