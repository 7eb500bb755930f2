package org.infokernels.internal.support;

import java.util.function.DoubleUnaryOperator;
import org.infokernels.core.Estimate;
import org.infokernels.core.InvalidInputException;
import org.infokernels.core.SpectralMethod;
import org.infokernels.internal.Estimation;
import org.infokernels.internal.MemoryGuard;
import org.infokernels.internal.backend.Backend;
import org.infokernels.internal.kernel.Kernel;
import org.infokernels.internal.kernel.PairSums;

/** Rényi α-entropy of a trace-normalised kernel matrix by the three routes: Frobenius, exact, SLQ; the result type of the spectral entropies (Rényi, DSE). */
public final class SpectralSupport {
  private SpectralSupport() {}

  /**
   * value in nats, its Monte-Carlo standard error and quadrature error bound (0 when exact), the
   * Lanczos steps taken (0 when exact) and the route taken
   */
  public record Spectral(double value, double stdError, double quadratureError, int steps, String method) {}

  /**
   * S_α(A) = ln(Σ λᵢ(A)^α)/(1 − α) for A = M/tr(M), M = K (y null) or K∘L.
   * α = 2: Σλ² = ‖M‖²_F/tr(M)², a streaming sum (no spectrum). Exact: |eigenvalues| of the explicit
   * matrix (the canonical code takes abs). SLQ: tr f(A) with the control variate tr(A) = 1,
   * f(λ) = |λ|^α − λ, so only the small remainder is estimated stochastically.
   */
  public static Spectral renyi(Backend b, double[] x, int dx, double[] y, int dy, int n, Kernel kx, Kernel ky,
                        double alpha, SpectralMethod method, int probes, int steps, int threads, long seed) {
    if (alpha == 2.0) {
      double[] s = b.pairSums(x, dx, y, dy, n, kx, ky, threads, null, null);
      double sumSq = y == null ? s[PairSums.KK] / (s[PairSums.TRK] * s[PairSums.TRK])
          : s[PairSums.KL2] / (s[PairSums.DIAG_KL] * s[PairSums.DIAG_KL]);
      return new Spectral(-Math.log(sumSq), 0.0, 0.0, 0, "frobenius");
    }
    SpectralMethod m = method.resolve(n);
    if (m == SpectralMethod.EXACT) {
      requireExact("the exact spectrum", b, n);
      double[] w = b.kernelSpectrum(x, dx, y, dy, n, kx, ky, false, threads);
      return new Spectral(renyiOfSpectrum(w, alpha), 0.0, 0.0, 0, "exact");
    }
    if (alpha > SLQ_MAX_ALPHA) {
      throw new InvalidInputException("alpha = " + alpha + " is above " + SLQ_MAX_ALPHA + ", where the stochastic Lanczos"
          + " estimate of tr(A^alpha) underflows; use SpectralMethod.EXACT (n = " + n + ")");
    }
    double[] diagK = KernelSupport.diagonal(kx, x, n, dx);
    double[] diagL = y == null ? null : KernelSupport.diagonal(ky, y, n, dy);
    double tr = 0;
    for (int i = 0; i < n; i++) {
      tr += diagL == null ? diagK[i] : diagK[i] * diagL[i];
    }
    GramOperator a = new GramOperator(b, x, dx, y, dy, n, kx, ky, null, 1.0 / tr, threads);
    // T = tr g(A), g(λ) = (|λ|^α − λ)/(α − 1) = λ·expm1((α − 1) ln|λ|)/(α − 1): smooth through α = 1
    // (g → λ ln λ), so the quadrature never divides a rounding error by α − 1; then
    // Σλ^α = 1 + (α − 1)·T (tr A = 1) and S_α = −log1p((α − 1)·T)/(α − 1)
    double delta = alpha - 1;
    SpectralTraces.Traces r = SpectralTraces.estimate(a, 1.0, probes, steps,
        new DoubleUnaryOperator[] {lam -> powerExcess(Math.abs(lam), delta)}, Estimation.stream(seed, 3), true);
    double t = r.value()[0];
    double stdError = Math.sqrt(r.covarianceOfMeans(0, 0));
    double toNats = 1.0 / Math.abs(1 + delta * t);  // |dS/dT|
    return new Spectral(-log1pOver(delta * t, delta), stdError * toNats, r.bound()[0] * toNats, r.steps(), "slq");
  }

  /**
   * Refuses the exact route of an n × n kernel matrix that would not fit in memory
   * ({@link MemoryGuard}): on the java backend the matrix and EJML's two working copies are on the
   * heap, elsewhere one copy on the heap and one in native memory.
   */
  public static void requireExact(String what, Backend b, int n) {
    boolean java = b.runs(Backend.Stage.EIGEN, n) == org.infokernels.core.BackendKind.JAVA;
    MemoryGuard.requireDense(what, n, java ? 3 : 1, java ? 0 : 1,
        "SpectralMethod.SLQ (matrix-free, with its standard error)");
  }

  /** the largest α of the SLQ route: (λ/λ_max)^α of the tail underflows beyond */
  static final double SLQ_MAX_ALPHA = 50;

  /** (p^α − p)/(α − 1) = p·expm1(δ ln p)/δ for p ≥ 0 (0 at p = 0), and p ln p at δ = 0 */
  static double powerExcess(double p, double delta) {
    if (p == 0) {
      return 0.0;
    }
    double l = Math.log(p);
    return delta == 0 ? p * l : p * Math.expm1(delta * l) / delta;
  }

  /** log1p(u)/δ, with its limit at δ = 0 (u = δ·T → T) */
  private static double log1pOver(double u, double delta) {
    return delta == 0 ? u : Math.log1p(u) / delta;
  }

  /**
   * S_α of the spectrum w: p = |w|/Σ|w| (the canonical code's absolute values, renormalised so that
   * Σp = 1 exactly and the α → 1 limit is the von Neumann entropy −Σ p ln p), then
   * <ul>
   *   <li>|α − 1| ≤ 1: S_α = −log1p(Σ p·expm1((α − 1) ln p))/(α − 1), which keeps every digit next to
   *       α = 1 (α = 1 ± 2⁻⁵² gives the von Neumann entropy, not ±10);</li>
   *   <li>otherwise S_α = ln Σ exp(α ln p)/(1 − α) by log-sum-exp, so that huge α (10⁵ and beyond)
   *       does not underflow Σp^α to 0.</li>
   * </ul>
   */
  static double renyiOfSpectrum(double[] w, double alpha) {
    double total = 0;
    for (double v : w) {
      total += Math.abs(v);
    }
    double delta = alpha - 1;
    if (Math.abs(delta) <= 1) {
      double u = 0;
      for (double v : w) {
        double p = Math.abs(v) / total;
        if (p > 0) {
          u += delta == 0 ? p * Math.log(p) : p * Math.expm1(delta * Math.log(p));
        }
      }
      return delta == 0 ? -u : -Math.log1p(u) / delta;
    }
    // ln Σp^α = α ln p_max + ln Σ exp(α (ln p − ln p_max)); α/(1 − α) is formed first, so that
    // α = 10³⁰⁰ gives the min-entropy −ln p_max instead of overflowing
    double lmax = Double.NEGATIVE_INFINITY;
    for (double v : w) {
      double p = Math.abs(v) / total;
      if (p > 0) {
        lmax = Math.max(lmax, Math.log(p));
      }
    }
    double sum = 0;
    for (double v : w) {
      double p = Math.abs(v) / total;
      if (p > 0) {
        sum += Math.exp(alpha * (Math.log(p) - lmax));
      }
    }
    return alpha / (1 - alpha) * lmax + Math.log(sum) / (1 - alpha);
  }

  /**
   * Records where the stages of a spectral route ran, as {@link Estimate#stages()} reports them:
   * exact (kernel matrix, eigenvalues), SLQ (Nyström columns, Lanczos products), Frobenius (pair sums).
   */
  public static void stages(Estimate.Builder b, Backend backend, String method, int n) {
    switch (method) {
      case "exact":
        b.stage("kernel", backend.stageLabel(Backend.Stage.KERNEL_MATRIX, n))
            .stage("eigen", backend.stageLabel(Backend.Stage.EIGEN, n));
        break;
      case "slq":
        b.stage("nystrom", backend.runs(Backend.Stage.CROSS_MATVEC, n).label())
            .stage("lanczos", backend.runs(Backend.Stage.MATVEC, n).label());
        break;
      default:
        b.stage("pair_sums", backend.runs(Backend.Stage.PAIR_SUMS, n).label());
    }
  }
}
