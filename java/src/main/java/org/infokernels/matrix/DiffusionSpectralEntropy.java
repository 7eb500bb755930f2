package org.infokernels.matrix;

import java.util.Objects;
import java.util.function.DoubleUnaryOperator;
import org.infokernels.core.Estimate;
import org.infokernels.core.Matrix;
import org.infokernels.core.RunSettings;
import org.infokernels.core.SpectralMethod;
import org.infokernels.internal.Estimation;
import org.infokernels.internal.backend.Backend;
import org.infokernels.internal.backend.Backends;
import org.infokernels.internal.kernel.Kernel;
import org.infokernels.internal.support.GramOperator;
import org.infokernels.internal.support.KernelSupport;
import org.infokernels.internal.support.SpectralSupport;
import org.infokernels.internal.support.SpectralTraces;

/**
 * Diffusion spectral entropy in nats (Liao et al. [1], Def. 1; repo ChenLiu-1996/
 * DiffusionSpectralEntropy, {@code dse_dsmi/dse.py}, {@code diffusion.py}):
 * <pre>  G_ij = exp(−‖x_i − x_j‖²/(2σ²)),  K = D^{−1/2} G D^{−1/2},  D = diag(G·1)
 *  λ = eigenvalues of K,  p_i = |λ_i|^t / Σ_j |λ_j|^t,  DSE = −Σ p_i ln p_i</pre>
 * K is similar to the diffusion operator P = D⁻¹G (same eigenvalues, top eigenvalue 1); G is a
 * Gaussian Gram matrix, hence PSD, so K is PSD and its spectrum lies in [0, 1] (the absolute value
 * only guards round-off). Conventions of the original: σ = 10 absolute by default (DSE depends on
 * the scale of the data), t = 1, <b>bits</b> — ask for bits to compare; it also adds machine eps to
 * every p_i, a ~1e-12 effect that is left out here, as in the reference.
 *
 * <p>Routes ({@link SpectralMethod}):
 * <ul>
 *   <li>exact: the n × n matrix K from {@code Backend.kernelSpectrum}, all its eigenvalues
 *       (O(n³) time, O(n²) memory; auto up to {@value SpectralMethod#AUTO_EXACT_MAX_N} rows);</li>
 *   <li>slq: matrix-free. DSE through two traces, S = tr|K|^t = Σ|λ|^t and
 *       T = tr(|K|^t ln|K|^t) = Σ |λ|^t ln|λ|^t, as DSE = ln S − T/S (expand p ln p = (|λ|^t/S)(ln|λ|^t − ln S)).
 *       D comes from one pass of {@code Backend.pairSums} (the row sums), then
 *       v ↦ D^{−1/2} G (D^{−1/2} v) runs through {@code Backend.kernelMatvec}; S and T are estimated
 *       together by {@code SpectralTraces} (deflation of the top Ritz pairs, then SLQ with the control
 *       variate tr K = Σᵢ 1/Dᵢ, known exactly because G_ii = 1; for t = 1, S = tr K is then exact).
 *       {@code std_error} is the probes' standard error of DSE by the delta method,
 *       Var ≈ g·Cov(S, T)·g with g = (1/S + T/S², −1/S). O(s·n²·(d + p)) time, O(n·(d + p)) memory.</li>
 * </ul>
 * {@code subsample} (off by default) replaces X by a seeded random subset of its rows first.
 *
 * <p>[1] D. Liao, C. Liu, B. W. Christensen, A. Tong, G. Huguet, G. Wolf, M. Nickel, I. Adelstein,
 * S. Krishnaswamy, "Assessing Neural Network Representations During Training Using Noise-Resilient
 * Diffusion Spectral Entropy", arXiv:2312.04823 (2023).
 */
public final class DiffusionSpectralEntropy {
  private final DseOptions options;

  /** An estimator with {@code options}; throws {@link NullPointerException} if they are null. */
  public DiffusionSpectralEntropy(DseOptions options) {
    this.options = Objects.requireNonNull(options, "options");
  }

  /**
   * DSE in nats of the sample by the formula and route of the class javadoc, after the
   * standardisation and jitter the settings ask for and the subsample the options ask for.
   *
   * @param input n × d sample, one row per point
   * @return the estimate in nats; extras {@code sigma_x}, {@code t}, {@code method}, for SLQ
   *         {@code std_error}, {@code quadrature_error}, {@code probes}, {@code lanczos_steps}, and
   *         when subsampled {@code subsample}, {@code rows_given}
   * @throws org.infokernels.core.InvalidInputException if the precision is not double, standardisation meets a constant
   *         column, or σ is unusable (median heuristic on fewer than 2 rows or giving 0, an explicit σ
   *         below 2^-500 of the data's magnitude)
   * @throws org.infokernels.core.BackendUnavailableException if the settings ask for a backend that cannot run here
   */
  public Estimate estimate(Matrix input) {
    RunSettings s = options.settings();
    Estimation.requireDouble(s, "dse");
    Backend backend = Backends.select(s.backend());
    long t0 = System.nanoTime();
    Matrix x = Estimation.prepare(s, input)[0];
    Matrix data = x;
    if (options.subsample() > 0 && x.rows() > options.subsample()) {
      data = x.selectRows(Estimation.randomSubset(x.rows(), options.subsample(), Estimation.stream(s.seed(), 4)));
    }
    // σ is absolute (10 by default): data and σ are rescaled together when out of range (Ranges)
    KernelSupport.Variable v = KernelSupport.rbf(data, options.sigma(), s.seed());
    SpectralSupport.Spectral r = compute(backend, v.data(), data.cols(), v.kernel().sigma(), options.t(), options.method(),
        options.probes(), options.lanczosSteps(), s.threads(), s.seed());
    Estimate.Builder b = Estimate.builder("dse").estimator("diffusion-spectral").value(r.value())
        .backend(backend.kind().label()).n(data.rows()).dims(data.cols()).extra("sigma_x", v.sigma())
        .extra("t", options.t()).extra("method", r.method());
    SpectralSupport.stages(b, backend, r.method(), data.rows());
    if (r.method().equals("slq")) {
      b.stdError(r.stdError()).extra("quadrature_error", r.quadratureError())
          .extra("probes", options.probes()).extra("lanczos_steps", r.steps());
    }
    if (data != x) {
      b.extra("subsample", data.rows()).extra("rows_given", x.rows());
    }
    return b.seconds(Estimation.secondsSince(t0)).build();
  }

  /** DSE in nats with its errors, steps and route (as {@link SpectralSupport.Spectral}) */
  static SpectralSupport.Spectral compute(Backend b, double[] xv, int d, double sigma, int t, SpectralMethod method,
                                         int probes, int steps, int threads, long seed) {
    int n = xv.length / d;
    Kernel kernel = Kernel.rbf(sigma);
    SpectralMethod m = method.resolve(n);
    if (m == SpectralMethod.EXACT) {
      SpectralSupport.requireExact("dse: the exact spectrum", b, n);
      // K = D^{-1/2} G D^{-1/2} (Backend.normalizeSymmetric; on the device where the backend builds it there)
      double[] w = b.kernelSpectrum(xv, d, null, 0, n, kernel, null, true, threads);
      return new SpectralSupport.Spectral(MatrixEntropySupport.entropyOfPowers(w, t), 0.0, 0.0, 0, "exact");
    }
    double[] rowSums = new double[n];
    b.pairSums(xv, d, null, 0, n, kernel, null, threads, rowSums, null);
    double[] dis = new double[n];
    double traceK = 0;
    for (int i = 0; i < n; i++) {
      dis[i] = 1.0 / Math.sqrt(rowSums[i]);
      traceK += 1.0 / rowSums[i];  // K_ii = G_ii / D_i = 1 / D_i
    }
    DoubleUnaryOperator power = lam -> t == 1 ? Math.abs(lam) : Math.pow(Math.abs(lam), t);
    DoubleUnaryOperator powerLog = lam -> {
      double a = power.applyAsDouble(lam);
      return a > 0 ? a * Math.log(a) : 0.0;
    };
    GramOperator a = new GramOperator(b, xv, d, null, 0, n, kernel, null, dis, 1.0, threads);
    SpectralTraces.Traces tr = SpectralTraces.estimate(a, traceK, probes, steps,
        new DoubleUnaryOperator[] {power, powerLog}, Estimation.stream(seed, 5), true);
    double sum = tr.value()[0];
    double sumLog = tr.value()[1];
    double value = Math.log(sum) - sumLog / sum;
    double gS = 1.0 / sum + sumLog / (sum * sum);
    double gT = -1.0 / sum;
    double var = gS * gS * tr.covarianceOfMeans(0, 0) + 2 * gS * gT * tr.covarianceOfMeans(0, 1)
        + gT * gT * tr.covarianceOfMeans(1, 1);
    double bound = Math.abs(gS) * tr.bound()[0] + Math.abs(gT) * tr.bound()[1];  // linear in both bounds
    return new SpectralSupport.Spectral(value, Math.sqrt(Math.max(var, 0.0)), bound, tr.steps(), "slq");
  }

}
