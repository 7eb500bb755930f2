package org.infokernels.testing;

/**
 * How {@link DistanceCorrelation} visits the pairs.
 * <ul>
 *   <li>{@link #AUTO}: {@link #FAST_1D} when X and Y are both one-dimensional, else {@link #TILED};</li>
 *   <li>{@link #TILED}: every pair on the backend's tiled pair engine, O(n²·(dx + dy)) time, O(n·d) memory;</li>
 *   <li>{@link #FAST_1D}: Huo &amp; Székely's O(n log n) algorithm for one-dimensional X and Y (Java,
 *       double-double sums), the same value to ~1e-13.</li>
 * </ul>
 */
public enum DcorAlgorithm {
  /** FAST_1D for one-dimensional X and Y, else TILED */
  AUTO("auto"),
  /** every pair on the tiled pair engine: O(n²·d) time, O(n·d) memory */
  TILED("tiled"),
  /** Huo &amp; Székely's O(n log n) algorithm (1-D X and Y only) */
  FAST_1D("fast");

  private final String label;

  DcorAlgorithm(String label) {
    this.label = label;
  }

  /** the command-line spelling: auto, tiled, fast */
  public String label() {
    return label;
  }
}
