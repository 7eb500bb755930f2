package org.infokernels.kernel;

import java.util.Objects;
import org.infokernels.core.Check;
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
 * Matrix-based Rényi α mutual information in nats (Yu et al. [2], on [1]):
 * <pre>  I_α(A; B) = S_α(A) + S_α(B) − S_α(A∘B / tr(A∘B))</pre>
 * with A = K/n, B = L/n the Gaussian Gram matrices of X and Y (σ per variable, default median
 * heuristic) and ∘ the Hadamard product (joint entropy). Each entropy is computed as in
 * {@link RenyiEntropy}; for α = 2 all three are streaming sums. With permutations, Y's rows are
 * permuted for a p-value.
 *
 * <p>[1] L. G. Sánchez Giraldo, M. Rao, J. C. Príncipe, IEEE Trans. Inf. Theory 61(1), 535–548 (2015).
 * [2] S. Yu, L. G. Sánchez Giraldo, R. Jenssen, J. C. Príncipe, "Multivariate extension of
 * matrix-based Rényi's α-order entropy functional", IEEE TPAMI 42(11), 2960–2966 (2020).
 */
public final class RenyiMutualInformation {
  private final RenyiOptions options;

  /** An estimator with {@code options}; throws {@link NullPointerException} if they are null. */
  public RenyiMutualInformation(RenyiOptions options) {
    this.options = Objects.requireNonNull(options, "options");
  }

  /**
   * I_α(X;Y) in nats of the paired samples (row i of x and y is one draw) by the formula of the
   * class javadoc, after the standardisation and jitter the settings ask for; with permutations, the
   * p-value of permuting Y's rows.
   *
   * @param x n × dx sample
   * @param y n × dy sample
   * @return the estimate in nats; extras {@code alpha}, {@code sigma_x}, {@code sigma_y}, {@code method},
   *         {@code entropy_x}, {@code entropy_y}, {@code entropy_xy} and, for SLQ, the error fields
   *         of {@link RenyiEntropy#estimate}
   * @throws org.infokernels.core.InvalidInputException if x and y have different numbers of rows, the precision is not
   *         double, standardisation meets a constant column, σ is unusable (median heuristic on fewer
   *         than 2 rows or giving 0, an explicit σ below 2^-500 of the data's magnitude), or SLQ is
   *         asked for α &gt; 50
   * @throws org.infokernels.core.BackendUnavailableException if the settings ask for a backend that cannot run here
   */
  public Estimate estimate(Matrix x, Matrix y) {
    Check.sameRows(x, y);
    int n = x.rows();
    RunSettings s = options.settings();
    Estimation.requireDouble(s, "renyi-mi");
    Backend backend = Backends.select(s.backend());
    long t0 = System.nanoTime();
    Matrix[] p = Estimation.prepare(s, x, y);
    KernelSupport.Variable vx = KernelSupport.rbf(p[0], options.sigma(), s.seed());
    KernelSupport.Variable vy = KernelSupport.rbf(p[1], options.sigmaY() != null ? options.sigmaY() : options.sigma(),
        s.seed());
    double sx = vx.sigma();
    double sy = vy.sigma();
    Kernel kx = vx.kernel();
    Kernel ky = vy.kernel();
    double[] xd = vx.data();
    double[] yd = vy.data();
    SpectralSupport.Spectral hx = entropy(backend, xd, x.cols(), null, 0, n, kx, null, s);
    SpectralSupport.Spectral hy = entropy(backend, yd, y.cols(), null, 0, n, ky, null, s);
    SpectralSupport.Spectral hxy = entropy(backend, xd, x.cols(), yd, y.cols(), n, kx, ky, s);
    double mi = hx.value() + hy.value() - hxy.value();
    Estimate.Builder b = Estimate.builder("renyi-mi").estimator("matrix-renyi").value(mi)
        .backend(backend.kind().label()).n(n).dims(x.cols(), y.cols()).extra("alpha", options.alpha())
        .extra("sigma_x", sx).extra("sigma_y", sy).extra("method", hxy.method())
        .extra("entropy_x", hx.value()).extra("entropy_y", hy.value()).extra("entropy_xy", hxy.value());
    SpectralSupport.stages(b, backend, hxy.method(), n);
    if (hxy.method().equals("slq")) {
      b.stdError(Math.sqrt(hx.stdError() * hx.stdError() + hy.stdError() * hy.stdError()
          + hxy.stdError() * hxy.stdError()))
          .extra("quadrature_error", hx.quadratureError() + hy.quadratureError() + hxy.quadratureError())
          .extra("probes", options.probes())
          .extra("lanczos_steps", Math.max(hx.steps(), Math.max(hy.steps(), hxy.steps())));
    }
    Estimation.permutationTest(b, mi, s.permutations(), Estimation.stream(s.seed(), 1), r -> {
      double[] yp = Estimation.permutedRows(yd, y.cols(), Estimation.permutation(n, r));
      return hx.value() + hy.value() - entropy(backend, xd, x.cols(), yp, y.cols(), n, kx, ky, s).value();
    });
    return b.seconds(Estimation.secondsSince(t0)).build();
  }

  private SpectralSupport.Spectral entropy(Backend b, double[] x, int dx, double[] y, int dy, int n, Kernel kx,
                                           Kernel ky, RunSettings s) {
    return SpectralSupport.renyi(b, x, dx, y, dy, n, kx, ky, options.alpha(), options.method(), options.probes(),
        options.lanczosSteps(), s.threads(), s.seed());
  }
}
