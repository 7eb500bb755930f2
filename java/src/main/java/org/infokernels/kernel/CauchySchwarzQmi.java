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
import org.infokernels.internal.kernel.PairSums;
import org.infokernels.internal.support.KernelSupport;

/**
 * Cauchy–Schwarz quadratic mutual information in nats (Príncipe [1], ch. 2; the CS information
 * bottleneck [2]):
 * <pre>  I_CS = ln(V_J·V_M / V_C²) ≥ 0,  V_J = mean(K∘L),  V_M = mean(K)·mean(L),
 *         V_C = (1/n) Σᵢ rowmean(K)ᵢ·rowmean(L)ᵢ</pre>
 * with Gaussian Gram matrices K, L (σ applied directly in the Gram matrix, as the CS-IB code;
 * default σ: median heuristic per variable). Three streaming sums of the tiled pairwise engine:
 * O(n²·d) time, O(n·d) memory. The CS-IB code reports log2: use bits.
 *
 * <p>[1] J. C. Príncipe, Information Theoretic Learning, Springer 2010.
 * [2] S. Yu, X. Yu, S. Løkse, R. Jenssen, J. C. Príncipe, "Cauchy-Schwarz Divergence
 * Information Bottleneck for Regression", ICLR 2024.
 */
public final class CauchySchwarzQmi {
  private final CsQmiOptions options;

  /** An estimator with {@code options}; throws {@link NullPointerException} if they are null. */
  public CauchySchwarzQmi(CsQmiOptions options) {
    this.options = Objects.requireNonNull(options, "options");
  }

  /**
   * I_CS(X;Y) in nats of the paired samples (row i of x and y is one draw) by the formula of the
   * class javadoc, after the standardisation and jitter the settings ask for; with permutations, the
   * p-value of permuting Y's rows.
   *
   * @param x n × dx sample
   * @param y n × dy sample
   * @return the estimate in nats; extras {@code sigma_x}, {@code sigma_y} (the σ used, in the
   *         units of the input)
   * @throws org.infokernels.core.InvalidInputException if x and y have different numbers of rows, the precision is not
   *         double, standardisation meets a constant column, or σ is unusable: the median heuristic on
   *         fewer than 2 rows or giving 0 (half of the pairs coincide), an explicit σ below 2^-500 of
   *         the data's magnitude
   * @throws org.infokernels.core.BackendUnavailableException if the settings ask for a backend that cannot run here
   */
  public Estimate estimate(Matrix x, Matrix y) {
    Check.sameRows(x, y);
    int n = x.rows();
    RunSettings s = options.settings();
    Estimation.requireDouble(s, "cs-qmi");
    Backend backend = Backends.select(s.backend());
    long t0 = System.nanoTime();
    Matrix[] p = Estimation.prepare(s, x, y);
    KernelSupport.Variable vx = KernelSupport.rbf(p[0], options.sigma(), s.seed());
    KernelSupport.Variable vy = KernelSupport.rbf(p[1], options.sigmaY() != null ? options.sigmaY() : options.sigma(),
        s.seed());
    Kernel kx = vx.kernel();
    Kernel ky = vy.kernel();
    double[] xd = vx.data();
    double[] yd = vy.data();
    int dx = x.cols();
    int dy = y.cols();
    double value = compute(backend, xd, dx, yd, dy, n, kx, ky, s.threads());
    Estimate.Builder b = Estimate.builder("cs-qmi").estimator("cauchy-schwarz").value(value)
        .backend(backend.kind().label()).n(n).dims(dx, dy).extra("sigma_x", vx.sigma()).extra("sigma_y", vy.sigma());
    Estimation.permutationTest(b, value, s.permutations(), Estimation.stream(s.seed(), 1), r -> {
      double[] yp = Estimation.permutedRows(yd, dy, Estimation.permutation(n, r));
      return compute(backend, xd, dx, yp, dy, n, kx, ky, s.threads());
    });
    return b.seconds(Estimation.secondsSince(t0)).build();
  }

  static double compute(Backend backend, double[] xd, int dx, double[] yd, int dy, int n, Kernel kx, Kernel ky,
                        int threads) {
    KernelSupport.Sums sm = KernelSupport.sums(backend, xd, dx, yd, dy, n, kx, ky, threads);
    double nn = (double) n * n;
    double vj = sm.get(PairSums.KL) / nn;
    double vm = (sm.get(PairSums.K) / nn) * (sm.get(PairSums.L) / nn);
    double vc = KernelSupport.dot(sm.rowK(), sm.rowL()) / (nn * n);
    return Math.log(vj * vm / (vc * vc));
  }
}
