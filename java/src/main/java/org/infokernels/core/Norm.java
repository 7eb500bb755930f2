package org.infokernels.core;

/** Distance used by the k-NN estimators. */
public enum Norm {
  /** ‖a − b‖₂ */
  EUCLIDEAN,
  /** ‖a − b‖∞ = max_c |a_c − b_c| (Chebyshev) */
  MAX;

  /** {@code euclidean} or {@code max}, as the CLI takes it and the extra {@code norm} reports it */
  public String label() {
    return this == EUCLIDEAN ? "euclidean" : "max";
  }
}
