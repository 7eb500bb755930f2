package org.infokernels.internal.math;

/**
 * The distribution functions the tests and intervals need: ln Γ, the regularized incomplete gamma
 * functions (gamma and χ² tails), the standard normal quantile and the Kolmogorov distribution.
 * Accurate to about 1e-14 relative in the ranges used; no dependency.
 */
public final class Distributions {
  private Distributions() {}

  private static final double[] LANCZOS = {
      0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
      12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7};

  /** ln Γ(x) for x &gt; 0 (Lanczos, g = 7, n = 9; about 1e-15 relative) */
  public static double lnGamma(double x) {
    if (!(x > 0)) {
      throw new IllegalArgumentException("lnGamma(" + x + "): x must be > 0");
    }
    if (x < 0.5) {  // reflection keeps the series where it is accurate
      return Math.log(Math.PI / Math.sin(Math.PI * x)) - lnGamma(1 - x);
    }
    double z = x - 1;
    double a = LANCZOS[0];
    double t = z + 7.5;
    for (int i = 1; i < 9; i++) {
      a += LANCZOS[i] / (z + i);
    }
    return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
  }

  /**
   * The regularized lower incomplete gamma P(a, x) = γ(a, x)/Γ(a), a &gt; 0, x ≥ 0: the series for
   * x &lt; a + 1, else 1 − Q by the continued fraction (Numerical Recipes, 3rd ed., §6.2).
   */
  public static double regularizedGammaP(double a, double x) {
    if (!(a > 0) || !(x >= 0)) {
      throw new IllegalArgumentException("regularizedGammaP(" + a + ", " + x + ")");
    }
    if (x == 0) {
      return 0;
    }
    if (Double.isInfinite(x)) {
      return 1;
    }
    return x < a + 1 ? gammaSeries(a, x) : 1 - gammaFraction(a, x);
  }

  /** the upper tail Q(a, x) = 1 − P(a, x), computed directly in the tail (no cancellation) */
  public static double regularizedGammaQ(double a, double x) {
    if (!(a > 0) || !(x >= 0)) {
      throw new IllegalArgumentException("regularizedGammaQ(" + a + ", " + x + ")");
    }
    if (x == 0) {
      return 1;
    }
    if (Double.isInfinite(x)) {
      return 0;
    }
    return x < a + 1 ? 1 - gammaSeries(a, x) : gammaFraction(a, x);
  }

  private static double gammaSeries(double a, double x) {
    double ap = a;
    double del = 1.0 / a;
    double sum = del;
    for (int n = 0; n < 100000; n++) {
      ap += 1;
      del *= x / ap;
      sum += del;
      if (Math.abs(del) < Math.abs(sum) * 1e-16) {
        break;
      }
    }
    return sum * Math.exp(-x + a * Math.log(x) - lnGamma(a));
  }

  private static double gammaFraction(double a, double x) {
    final double tiny = 1e-300;
    double b = x + 1 - a;
    double c = 1 / tiny;
    double d = 1 / b;
    double h = d;
    for (int i = 1; i < 100000; i++) {
      double an = -i * (i - a);
      b += 2;
      d = an * d + b;
      if (Math.abs(d) < tiny) {
        d = tiny;
      }
      c = b + an / c;
      if (Math.abs(c) < tiny) {
        c = tiny;
      }
      d = 1 / d;
      double del = d * c;
      h *= del;
      if (Math.abs(del - 1) < 1e-16) {
        break;
      }
    }
    return Math.exp(-x + a * Math.log(x) - lnGamma(a)) * h;
  }

  /** P(X &gt; x) for X ~ Gamma(shape, scale); 1 for x ≤ 0 */
  public static double gammaSurvival(double x, double shape, double scale) {
    if (!(x > 0)) {
      return 1;
    }
    return regularizedGammaQ(shape, x / scale);
  }

  /** P(X &gt; x) for X ~ χ²_k; 1 for x ≤ 0 */
  public static double chiSquaredSurvival(double x, double k) {
    if (!(x > 0)) {
      return 1;
    }
    return regularizedGammaQ(k / 2, x / 2);
  }

  /**
   * The standard normal quantile Φ⁻¹(p), 0 &lt; p &lt; 1: Acklam's rational approximation refined by
   * one Halley step on erfc (about 1e-15 relative).
   */
  public static double normalQuantile(double p) {
    if (!(p > 0 && p < 1)) {
      throw new IllegalArgumentException("normalQuantile(" + p + "): p must be in (0, 1)");
    }
    final double[] a = {-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02,
        -3.066479806614716e+01, 2.506628277459239e+00};
    final double[] b = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01,
        -1.328068155288572e+01};
    final double[] c = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00,
        4.374664141464968e+00, 2.938163982698783e+00};
    final double[] d = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00};
    double x;
    if (p < 0.02425) {
      double q = Math.sqrt(-2 * Math.log(p));
      x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
          / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
    } else if (p > 1 - 0.02425) {
      double q = Math.sqrt(-2 * Math.log(1 - p));
      x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
          / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
    } else {
      double q = p - 0.5;
      double r = q * q;
      x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q
          / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
    }
    double e = 0.5 * erfc(-x / Math.sqrt(2)) - p;
    double u = e * Math.sqrt(2 * Math.PI) * Math.exp(x * x / 2);
    return x - u / (1 + x * u / 2);
  }

  /**
   * The Student-t quantile by the Cornish–Fisher expansion in 1/ν (Abramowitz &amp; Stegun 26.7.5;
   * relative error below 1e-4 for ν ≥ 5); the normal quantile for ν &gt; 10⁴.
   *
   * @param p   the probability in (0, 1)
   * @param dof ν ≥ 1 degrees of freedom
   * @return t with P(T_ν ≤ t) = p
   */
  public static double studentQuantile(double p, double dof) {
    double z = normalQuantile(p);
    if (dof > 1e4) {
      return z;
    }
    double z2 = z * z;
    double g1 = (z2 + 1) * z / 4;
    double g2 = ((5 * z2 + 16) * z2 + 3) * z / 96;
    double g3 = (((3 * z2 + 19) * z2 + 17) * z2 - 15) * z / 384;
    double g4 = ((((79 * z2 + 776) * z2 + 1482) * z2 - 1920) * z2 - 945) * z / 92160;
    double v = dof;
    return z + g1 / v + g2 / (v * v) + g3 / (v * v * v) + g4 / (v * v * v * v);
  }

  /** the complementary error function erfc(x) = Q(1/2, x²) for x ≥ 0, 2 − erfc(−x) below */
  public static double erfc(double x) {
    if (x < 0) {
      return 2 - erfc(-x);
    }
    return x == 0 ? 1 : regularizedGammaQ(0.5, x * x);
  }

  /** the standard normal distribution function Φ(x) */
  public static double normalCdf(double x) {
    return 0.5 * erfc(-x / Math.sqrt(2));
  }

  /**
   * P(√n·D &gt; t) of the Kolmogorov distribution (one-sample KS statistic D, large n):
   * 2 Σ_{k≥1} (−1)^(k−1) e^(−2k²t²), with Stephens' small-sample correction t → t(√n + 0.12 + 0.11/√n)/√n
   * applied by the caller through {@link #kolmogorovSmirnovPValue}.
   */
  public static double kolmogorovSurvival(double t) {
    if (t <= 0) {
      return 1;
    }
    double s = 0;
    for (int k = 1; k < 100; k++) {
      double term = Math.exp(-2.0 * k * k * t * t);
      s += (k % 2 == 1 ? term : -term);
      if (term < 1e-18) {
        break;
      }
    }
    return Math.max(0, Math.min(1, 2 * s));
  }

  /** the p-value of a one-sample KS statistic d over n observations (Stephens 1970 correction) */
  public static double kolmogorovSmirnovPValue(double d, int n) {
    double sn = Math.sqrt(n);
    return kolmogorovSurvival(d * (sn + 0.12 + 0.11 / sn));
  }
}
