package org.infokernels.internal.kernel;

import org.infokernels.core.Check;

/**
 * A positive-definite kernel: linear k(a, b) = a·b, or Gaussian (RBF)
 * k(a, b) = exp(−‖a − b‖²/(2σ²)) without the 1/(σ√(2π)) prefactor.
 *
 * @param rbf   true for the Gaussian kernel
 * @param sigma bandwidth σ &gt; 0 (ignored for the linear kernel)
 */
public record Kernel(boolean rbf, double sigma) {
  public Kernel {
    if (rbf) {
      Check.positive("sigma", sigma);
    }
  }

  public static Kernel linear() {
    return new Kernel(false, 1.0);
  }

  public static Kernel rbf(double sigma) {
    return new Kernel(true, sigma);
  }

  /** the C ABI code: IK_KERNEL_LINEAR = 0, IK_KERNEL_RBF = 1 */
  public int code() {
    return rbf ? 1 : 0;
  }
}
