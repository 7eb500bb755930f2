package org.infokernels.knn;

import java.util.Objects;
import org.infokernels.core.Check;
import org.infokernels.core.Estimate;
import org.infokernels.core.Matrix;
import org.infokernels.core.Norm;
import org.infokernels.core.RunSettings;
import org.infokernels.internal.Estimation;
import org.infokernels.internal.KnnSupport;
import org.infokernels.internal.Ranges;
import org.infokernels.internal.backend.Backend;
import org.infokernels.internal.backend.Backends;
import org.infokernels.internal.math.SpecialFunctions;

/**
 * Differential entropy H(X) in nats by the Kozachenko–Leonenko k-nearest-neighbour estimator,
 * written with radii as in Kraskov et al. [2] eq. 20:
 * <pre>  Ĥ = ψ(N) − ψ(k) + ln c_d + (d/N) Σᵢ ln ρ_k(i)</pre>
 * ρ_k(i) is the distance from xᵢ to its k-th nearest neighbour among the other N − 1 points;
 * c_d the volume of the unit ball of the norm (Euclidean π^{d/2}/Γ(d/2+1), max norm 2^d).
 * Duplicate points make ρ = 0 and are refused (use jitter). Unbiased as N → ∞; at finite N the
 * bias grows with d. Time O(N log N) per dimension for small d with a k-d tree (blocked
 * O(N² d) brute force on cuda), memory O(N d).
 *
 * <p>[1] L. F. Kozachenko, N. N. Leonenko, Probl. Peredachi Inf. 23(2), 9–16 (1987).
 * [2] A. Kraskov, H. Stögbauer, P. Grassberger, Phys. Rev. E 69, 066138 (2004).
 */
public final class KozachenkoLeonenkoEntropy {
  private final EntropyOptions options;

  /** An estimator with {@code options}; throws {@link NullPointerException} if they are null. */
  public KozachenkoLeonenkoEntropy(EntropyOptions options) {
    this.options = Objects.requireNonNull(options, "options");
  }

  /**
   * Ĥ(X) in nats of the sample x by the formula of the class javadoc, after the standardisation
   * and jitter the settings ask for.
   *
   * @param x n × d sample, one row per point
   * @return the estimate in nats; extras {@code k}, {@code norm}
   * @throws org.infokernels.core.InvalidInputException if k ≥ n, the precision is not double, a point coincides with
   *         its k-th neighbour (duplicates; add jitter), standardisation meets a constant column, or an explicit cuda
   *         backend is asked for k &gt; 64
   * @throws org.infokernels.core.BackendUnavailableException if the settings ask for a backend that cannot run here
   */
  public Estimate estimate(Matrix x) {
    int n = x.rows();
    int d = x.cols();
    int k = options.k();
    Check.kBelowN(k, n, x.name());
    RunSettings s = options.settings();
    Estimation.requireDouble(s, "entropy");
    Backend backend = Backends.selectForKnn(s.backend(), k);
    long t0 = System.nanoTime();
    Matrix xp = Estimation.prepare(s, x)[0];
    // data near the ends of the double range: distances are taken of x·2^−e (exact), and
    // Ĥ(x) = Ĥ(x·2^−e) + d·e·ln 2
    int e = Ranges.exponent(xp);
    xp = xp.timesPowerOfTwo(-e);
    double[] data = xp.toRowMajor();
    double[] rho = backend.knnDistance(data, n, data, n, d, k, options.norm(), true, s.threads());
    KnnSupport.requireNonZero(rho, k, x.name());
    double sumLog = 0;
    for (double r : rho) {
      sumLog += Math.log(r);
    }
    double h = SpecialFunctions.digamma(n) - SpecialFunctions.digamma(k)
        + SpecialFunctions.logUnitBallVolume(d, options.norm() == Norm.MAX) + d * sumLog / n + d * e * Math.log(2);
    Estimate.Builder b = Estimate.builder("entropy").estimator("kozachenko-leonenko").value(h)
        .backend(backend.kind().label()).n(n).dims(d).extra("k", k).extra("norm", options.norm().label());
    return b.seconds(Estimation.secondsSince(t0)).build();
  }
}
