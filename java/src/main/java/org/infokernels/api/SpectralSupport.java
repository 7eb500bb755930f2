package org.infokernels.api;

import java.util.function.DoubleUnaryOperator;
import org.infokernels.backend.Backend;
import org.infokernels.backend.Kernel;
import org.infokernels.backend.PairSums;

/** Rényi α-entropy of a trace-normalised kernel matrix by the three routes: Frobenius, exact, SLQ; the result type of the spectral entropies (Rényi, DSE). */
final class SpectralSupport {
  private SpectralSupport() {}

  /**
   * value in nats, its Monte-Carlo standard error and quadrature error bound (0 when exact), the
   * Lanczos steps taken (0 when exact) and the route taken
   */
  record Spectral(double value, double stdError, double quadratureError, int steps, String method) {}

  /**
   * S_α(A) = ln(Σ λᵢ(A)^α)/(1 − α) for A = M/tr(M), M = K (y null) or K∘L.
   * α = 2: Σλ² = ‖M‖²_F/tr(M)², a streaming sum (no spectrum). Exact: |eigenvalues| of the explicit
   * matrix (the canonical code takes abs). SLQ: tr f(A) with the control variate tr(A) = 1,
   * f(λ) = |λ|^α − λ, so only the small remainder is estimated stochastically.
   */
  static Spectral renyi(Backend b, double[] x, int dx, double[] y, int dy, int n, Kernel kx, Kernel ky,
                        double alpha, SpectralMethod method, int probes, int steps, int threads, long seed) {
    if (alpha == 2.0) {
      double[] s = b.pairSums(x, dx, y, dy, n, kx, ky, threads, null, null);
      double sumSq = y == null ? s[PairSums.KK] / (s[PairSums.TRK] * s[PairSums.TRK])
          : s[PairSums.KL2] / (s[PairSums.DIAG_KL] * s[PairSums.DIAG_KL]);
      return new Spectral(-Math.log(sumSq), 0.0, 0.0, 0, "frobenius");
    }
    SpectralMethod m = method.resolve(n);
    if (m == SpectralMethod.EXACT) {
      double[] mat = b.kernelMatrix(x, dx, y, dy, n, kx, ky, threads);
      double tr = 0;
      for (int i = 0; i < n; i++) {
        tr += mat[i * n + i];
      }
      double[] w = b.symEigenvalues(mat, n, threads);
      double sum = 0;
      for (double v : w) {
        sum += Math.pow(Math.abs(v) / tr, alpha);
      }
      return new Spectral(Math.log(sum) / (1 - alpha), 0.0, 0.0, 0, "exact");
    }
    double[] diagK = KernelSupport.diagonal(kx, x, n, dx);
    double[] diagL = y == null ? null : KernelSupport.diagonal(ky, y, n, dy);
    double tr = 0;
    for (int i = 0; i < n; i++) {
      tr += diagL == null ? diagK[i] : diagK[i] * diagL[i];
    }
    GramOperator a = new GramOperator(b, x, dx, y, dy, n, kx, ky, null, 1.0 / tr, threads);
    SpectralTraces.Traces r = SpectralTraces.estimate(a, 1.0, probes, steps,
        new DoubleUnaryOperator[] {lam -> Math.pow(Math.abs(lam), alpha)}, KnnSupport.stream(seed, 3), false);
    double trF = r.value()[0];
    double stdError = Math.sqrt(r.covarianceOfMeans(0, 0));
    double toNats = 1.0 / (Math.abs(1 - alpha) * trF);  // d S / d tr f = 1/((1 − α) tr f)
    return new Spectral(Math.log(trF) / (1 - alpha), stdError * toNats, r.bound()[0] * toNats, r.steps(), "slq");
  }
}
