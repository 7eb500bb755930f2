package org.infokernels.core;

/** Arithmetic precision. Double is the default everywhere and is exact to the float64 oracle. */
public enum Precision {
  /** float64 arithmetic: the default, on every backend */
  DOUBLE,
  /**
   * float32 arithmetic: implemented only by the optimal-transport kernels on the cuda backend; every
   * other estimator, and optimal transport on another backend, refuses it with {@link InvalidInputException}
   */
  FLOAT;

  /** {@code double} or {@code float}, as the CLI's {@code --precision} takes it */
  public String label() {
    return this == DOUBLE ? "double" : "float";
  }
}
