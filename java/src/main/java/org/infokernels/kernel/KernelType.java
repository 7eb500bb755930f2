package org.infokernels.kernel;

/** Kernel of the kernel-family measures: linear k(a,b) = a·b, or Gaussian exp(−‖a−b‖²/(2σ²)). */
public enum KernelType {
  LINEAR,
  RBF;

  public String label() {
    return this == LINEAR ? "linear" : "rbf";
  }
}
