package org.infokernels.kernel;

/** Kernel of the kernel-family measures: linear k(a,b) = a·b, or Gaussian exp(−‖a−b‖²/(2σ²)). */
public enum KernelType {
  /** k(a, b) = a·b (on the column-centred data) */
  LINEAR,
  /** k(a, b) = exp(−‖a − b‖²/(2σ²)) */
  RBF;

  /** {@code linear} or {@code rbf}, as the CLI's {@code --kernel} takes it and the extra {@code kernel} reports it */
  public String label() {
    return this == LINEAR ? "linear" : "rbf";
  }
}
