package org.infokernels.internal.math;

/** Special functions used by the estimators, accurate to about 1e-15 relative. */
public final class SpecialFunctions {
  /** Euler–Mascheroni constant γ = −ψ(1) */
  public static final double EULER_GAMMA = 0.5772156649015329;

  private SpecialFunctions() {}

  /**
   * Digamma ψ(x) = d/dx ln Γ(x) for x &gt; 0: the recurrence ψ(x) = ψ(x+1) − 1/x up to x ≥ 10, then
   * the asymptotic series ln x − 1/(2x) − Σ B₂ₖ/(2k x²ᵏ) through x⁻¹⁴ (next term &lt; 1e-16 at x = 10).
   */
  public static double digamma(double x) {
    if (!(x > 0)) {
      throw new IllegalArgumentException("digamma(" + x + "): x must be > 0");
    }
    double acc = 0;
    while (x < 10) {
      acc -= 1.0 / x;
      x += 1;
    }
    double f = 1.0 / (x * x);
    double series = f * (-1.0 / 12 + f * (1.0 / 120 + f * (-1.0 / 252 + f * (1.0 / 240
        + f * (-1.0 / 132 + f * (691.0 / 32760 + f * (-1.0 / 12)))))));
    return acc + Math.log(x) - 0.5 / x + series;
  }

  /** ln Γ(m/2) for an integer m ≥ 1, exactly by the recurrence from Γ(1) = 1 and Γ(1/2) = √π. */
  public static double lnGammaHalf(int m) {
    if (m < 1) {
      throw new IllegalArgumentException("lnGammaHalf(" + m + "): m must be >= 1");
    }
    double acc;
    double x;
    if (m % 2 == 0) {
      acc = 0;     // ln Γ(1)
      x = 1;
    } else {
      acc = 0.5 * Math.log(Math.PI);  // ln Γ(1/2)
      x = 0.5;
    }
    while (x < m / 2.0) {
      acc += Math.log(x);
      x += 1;
    }
    return acc;
  }

  /** ln of the volume of the unit ball in R^d: Euclidean π^{d/2}/Γ(d/2 + 1), max norm 2^d. */
  public static double logUnitBallVolume(int d, boolean maxNorm) {
    if (maxNorm) {
      return d * Math.log(2.0);
    }
    return 0.5 * d * Math.log(Math.PI) - lnGammaHalf(d + 2);
  }
}
