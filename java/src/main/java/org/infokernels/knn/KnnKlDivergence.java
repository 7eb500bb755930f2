package org.infokernels.knn;

import java.util.Objects;
import org.infokernels.core.Check;
import org.infokernels.core.Estimate;
import org.infokernels.core.InvalidInputException;
import org.infokernels.core.Matrix;
import org.infokernels.core.RunSettings;
import org.infokernels.internal.Estimation;
import org.infokernels.internal.KnnSupport;
import org.infokernels.internal.Ranges;
import org.infokernels.internal.backend.Backend;
import org.infokernels.internal.backend.Backends;

/**
 * Kullback–Leibler divergence D(P‖Q) in nats from x ~ P (n rows) and y ~ Q (m rows) by the
 * k-NN estimator of Wang, Kulkarni and Verdú [1], eq. 5:
 * <pre>  D̂ = (d/n) Σᵢ ln(ν_k(i)/ρ_k(i)) + ln(m/(n − 1))</pre>
 * ρ_k(i): distance from xᵢ to its k-th neighbour among the other points of x; ν_k(i): to its
 * k-th neighbour in y. The unit-ball volume cancels; the norm (Euclidean by default, max as in
 * NPEET) still decides which point is k-th. n and m may differ. Time O((n + m) log(n + m)) for
 * low d, memory O((n + m) d).
 *
 * <p>[1] Q. Wang, S. R. Kulkarni, S. Verdú, IEEE Trans. Inf. Theory 55(5), 2392–2405 (2009).
 */
public final class KnnKlDivergence {
  private final KlDivergenceOptions options;

  /** An estimator with {@code options}; throws {@link NullPointerException} if they are null. */
  public KnnKlDivergence(KlDivergenceOptions options) {
    this.options = Objects.requireNonNull(options, "options");
  }

  /**
   * D̂(P‖Q) in nats from x ~ P and y ~ Q by the formula of the class javadoc, after the
   * standardisation and jitter the settings ask for.
   *
   * @param x n × d sample of P
   * @param y m × d sample of Q
   * @return the estimate in nats; extras {@code m}, {@code k}, {@code norm}
   * @throws InvalidInputException if x and y have different numbers of columns, k ≥ n, k &gt; m, the
   *         precision is not double, a point of x coincides with its k-th neighbour in x or in y
   *         (distance 0; add jitter), standardisation meets a constant column, or an explicit cuda
   *         backend is asked for k &gt; 64
   * @throws org.infokernels.core.BackendUnavailableException if the settings ask for a backend that cannot run here
   */
  public Estimate estimate(Matrix x, Matrix y) {
    int n = x.rows();
    int m = y.rows();
    int d = x.cols();
    if (y.cols() != d) {
      throw new InvalidInputException(x.name() + " has " + d + " columns but " + y.name() + " has " + y.cols()
          + "; both samples must live in the same space");
    }
    int k = options.k();
    Check.kBelowN(k, n, x.name());
    if (k > m) {
      throw new InvalidInputException("k = " + k + " is larger than the number of rows of " + y.name() + " (m = " + m + ")");
    }
    RunSettings s = options.settings();
    Estimation.requireDouble(s, "kl-divergence");
    Backend backend = Backends.selectForKnn(s.backend(), k);
    long t0 = System.nanoTime();
    // one power of two for all inputs (exact): every distance, hence every count, is unchanged
    Matrix[] prepared = Estimation.prepare(s, x, y);
    Matrix[] p = Ranges.scaled(Ranges.exponent(prepared), prepared);
    double[] xd = p[0].toRowMajor();
    double[] yd = p[1].toRowMajor();
    double[] rho = backend.knnDistance(xd, n, xd, n, d, k, options.norm(), true, s.threads());
    KnnSupport.requireNonZero(rho, k, x.name());
    double[] nu = backend.knnDistance(yd, m, xd, n, d, k, options.norm(), false, s.threads());
    int zeros = 0;
    for (double v : nu) {
      if (v == 0.0) {
        zeros++;
      }
    }
    if (zeros > 0) {
      throw new InvalidInputException(zeros + " point(s) of " + x.name() + " coincide with their " + KnnSupport.ordinal(k)
          + " nearest neighbour in " + y.name() + " (distance 0); add noise with RunSettings.withJitter to break ties");
    }
    double sum = 0;
    for (int i = 0; i < n; i++) {
      sum += Math.log(nu[i]) - Math.log(rho[i]);
    }
    double kl = d * sum / n + Math.log(m / (n - 1.0));
    Estimate.Builder b = Estimate.builder("kl-divergence").estimator("wang-kulkarni-verdu").value(kl)
        .backend(backend.kind().label()).n(n).dims(d, y.cols()).extra("m", m).extra("k", k)
        .extra("norm", options.norm().label());
    return b.seconds(Estimation.secondsSince(t0)).build();
  }
}
