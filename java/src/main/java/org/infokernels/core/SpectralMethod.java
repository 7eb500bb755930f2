package org.infokernels.core;

/**
 * How a spectral quantity tr f(A) of an n × n kernel matrix is computed.
 * {@link #AUTO} is {@link #EXACT} up to {@value #AUTO_EXACT_MAX_N} rows and {@link #SLQ} above.
 */
public enum SpectralMethod {
  /** all eigenvalues of the explicit matrix (LAPACK dsyevd on cpu, EJML on java): O(n³) time, O(n²) memory */
  EXACT,
  /** stochastic Lanczos quadrature on matrix-free products: O(n²·(s·(d + p) + r)) time, O(n·(p + r)) memory */
  SLQ,
  /** exact up to AUTO_EXACT_MAX_N rows, SLQ above */
  AUTO;

  /** largest n for which AUTO chooses the exact eigensolver (about 10-30 s on 2 cores at 3000) */
  public static final int AUTO_EXACT_MAX_N = 3000;
  /**
   * SLQ default probe vectors: with the Nyström deflation of rank 128 the Rényi entropy at n = 4000
   * (8 seeds) was within 1–2·10⁻³ nats of exact, and n = 10⁵ runs in under a minute on 2 cores.
   * Probe blocks are padded to a multiple of 8 columns, so 8 or 16 use the passes fully.
   */
  public static final int DEFAULT_PROBES = 8;
  /**
   * SLQ default for the most Lanczos steps per probe; the runs stop earlier, from 4 steps on, once
   * the Gauss / Gauss–Radau quadrature bound is at most half the Monte-Carlo error
   */
  public static final int DEFAULT_LANCZOS_STEPS = 25;

  /** {@code exact}, {@code slq} or {@code auto}, as the CLI's {@code --method} takes it */
  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  /**
   * the method that runs for an n × n matrix: this one, or for {@link #AUTO} {@link #EXACT} up
   * to {@link #AUTO_EXACT_MAX_N} rows and {@link #SLQ} above
   */
  public SpectralMethod resolve(int n) {
    return this != AUTO ? this : (n <= AUTO_EXACT_MAX_N ? EXACT : SLQ);
  }
}
