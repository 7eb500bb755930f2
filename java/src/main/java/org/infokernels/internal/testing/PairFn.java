package org.infokernels.internal.testing;

import org.infokernels.core.Check;

/**
 * A symmetric function f(a, b) of two rows of one sample, as the pair-row entries take it:
 * linear a·b, Gaussian exp(−‖a − b‖²/(2σ²)) or the Euclidean distance ‖a − b‖. ‖a − b‖² is
 * summed from coordinate differences, so f(a, a) is exactly 0 for the distance and 1 for the
 * Gaussian kernel.
 *
 * @param kind  what f is
 * @param sigma σ &gt; 0 of the Gaussian kernel (ignored otherwise)
 */
public record PairFn(Kind kind, double sigma) {
  /** the C ABI codes: IK_KERNEL_LINEAR = 0, IK_KERNEL_RBF = 1, IK_PAIR_DISTANCE = 2 */
  public enum Kind {
    LINEAR(0), RBF(1), DISTANCE(2);

    private final int code;

    Kind(int code) {
      this.code = code;
    }

    public int code() {
      return code;
    }
  }

  public PairFn {
    if (kind == Kind.RBF) {
      Check.positive("sigma", sigma);
    }
  }

  public static PairFn distance() {
    return new PairFn(Kind.DISTANCE, 1.0);
  }

  public static PairFn rbf(double sigma) {
    return new PairFn(Kind.RBF, sigma);
  }

  public static PairFn linear() {
    return new PairFn(Kind.LINEAR, 1.0);
  }

  public int code() {
    return kind.code();
  }

  /** f(x_i, x_i) for each row: 0 (distance), 1 (Gaussian) or ‖x_i‖² (linear) */
  public double[] diagonal(double[] x, int n, int d) {
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      if (kind == Kind.RBF) {
        out[i] = 1.0;
      } else if (kind == Kind.LINEAR) {
        double s = 0;
        for (int c = 0; c < d; c++) {
          s += x[i * d + c] * x[i * d + c];
        }
        out[i] = s;
      }
    }
    return out;
  }
}
