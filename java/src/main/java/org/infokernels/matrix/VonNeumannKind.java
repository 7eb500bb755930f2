package org.infokernels.matrix;

import java.util.Locale;

/**
 * The PSD matrix whose trace-normalised spectrum {@link VonNeumannEntropy} measures:
 * the covariance XcᵀXc (d × d), the linear Gram XcXcᵀ (n × n; the same non-zero spectrum), or the
 * Gaussian Gram K (n × n).
 */
public enum VonNeumannKind {
  /** A = XcᵀXc, Xc column-centred (the 1/n factor cancels in A/tr A) */
  COV,
  /** A = XcXcᵀ: same non-zero eigenvalues as COV, so the same entropy */
  LINEAR,
  /** A = K, K_ij = exp(−‖x_i − x_j‖²/(2σ²)): the matrix-based Rényi entropy of order 1 */
  RBF;

  /**
   * {@code cov}, {@code linear} or {@code rbf}: the estimator name of the estimate and the CLI's {@code --kind} value
   */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
