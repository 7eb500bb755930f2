package org.infokernels.internal;

import org.infokernels.core.InvalidInputException;
import org.infokernels.core.Matrix;

/**
 * Keeps data near the ends of the double range computable. Squared distances, Gram sums and
 * covariances of values of magnitude 10¹⁶⁰ overflow, and of magnitude 10⁻¹⁶⁰ underflow, although
 * every estimator here is either invariant or equivariant in a known way under scaling. Data whose
 * largest magnitude lies outside [2^−{@value #SAFE_EXPONENT}, 2^{@value #SAFE_EXPONENT}] (about
 * 10^±60) are multiplied by a power of two 2^−e, which is exact: every distance is scaled by the
 * same 2^−e, so neighbour orders, counts and ratios are bitwise what they were. The estimator then
 * undoes the scale on its result where the measure is equivariant (an entropy shifts by d·e·ln 2,
 * a linear-kernel HSIC scales by 2^(2eₓ+2e_y), a transport cost by 2^2e) and scales its explicit
 * parameters with the data (σ by 2^−e, ε by 2^−2e). Data inside the range are not touched.
 */
public final class Ranges {
  /** data with max |x| in [2^−SAFE_EXPONENT, 2^SAFE_EXPONENT] are left as they are */
  static final int SAFE_EXPONENT = 200;
  /**
   * an RBF bandwidth below 2^−SAFE_SIGMA times the (rescaled) data's magnitude makes 1/(2σ²)
   * overflow; above 2^SAFE_SIGMA the Gram matrix is all ones to the last bit, so larger σ are
   * computed as this one (the same numbers)
   */
  static final int SAFE_SIGMA = 500;

  private Ranges() {}

  /**
   * e such that the largest magnitude of the matrices times 2^−e lies in [0.5, 1), when that
   * magnitude is outside the safe range; 0 inside it (and for all-zero data)
   */
  public static int exponent(Matrix... ms) {
    double max = 0;
    for (Matrix m : ms) {
      max = Math.max(max, m.maxAbs());
    }
    if (max == 0) {
      return 0;
    }
    int e = Math.getExponent(max) + 1;
    return e > SAFE_EXPONENT || e < -SAFE_EXPONENT ? e : 0;
  }

  /** the matrices times 2^−e (the same objects when e = 0) */
  public static Matrix[] scaled(int e, Matrix... ms) {
    Matrix[] out = new Matrix[ms.length];
    for (int i = 0; i < ms.length; i++) {
      out[i] = ms[i].timesPowerOfTwo(-e);
    }
    return out;
  }

  /**
   * v·2^e, refused by name when it leaves the range of normal doubles: a result that is not
   * representable to full precision is an error, never Infinity, 0 or a subnormal printed as a number
   */
  public static double unscale(String what, double v, int e) {
    double r = Math.scalb(v, e);
    // subnormal results have lost significant digits: as wrong as an overflow
    if (!Double.isFinite(r) || (v != 0 && Math.abs(r) < Double.MIN_NORMAL)) {
      throw new InvalidInputException(what + " = " + v + " × 2^" + e + " is outside the range of double precision"
          + " (the input's magnitude is about 2^" + e + "); rescale the data");
    }
    return r;
  }

  /**
   * σ of data that were scaled by 2^−e, scaled likewise; σ below 2^−{@value #SAFE_SIGMA} of the
   * data's magnitude is refused (every off-diagonal kernel value would be 0 and 1/(2σ²) overflows),
   * σ above 2^{@value #SAFE_SIGMA} is clamped to it (the Gram matrix is all ones either way)
   */
  public static double sigma(String name, double sigma, int e, double scaledMaxAbs) {
    double s = Math.scalb(sigma, -e);
    double magnitude = scaledMaxAbs > 0 ? scaledMaxAbs : 1.0;
    double ratio = s / magnitude;
    if (!(ratio >= Math.scalb(1.0, -SAFE_SIGMA))) {
      throw new InvalidInputException(name + ": sigma = " + sigma + " is too small for data of magnitude "
          + Math.scalb(magnitude, e) + " (below 2^-" + SAFE_SIGMA + " of it, 1/(2 sigma^2) overflows and the Gram"
          + " matrix is the identity to all digits); give a larger sigma");
    }
    double max = Math.scalb(magnitude, SAFE_SIGMA);
    return Math.min(s, max);
  }
}
