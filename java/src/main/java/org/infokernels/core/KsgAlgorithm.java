package org.infokernels.core;

/** The two estimators of Kraskov, Stögbauer, Grassberger, Phys. Rev. E 69, 066138 (2004). */
public enum KsgAlgorithm {
  /** eq. 8: strict counts inside the joint k-th neighbour radius */
  ONE(1, "ksg1"),
  /** eq. 9: non-strict counts inside the per-marginal radii, minus 1/k */
  TWO(2, "ksg2");

  private final int number;
  private final String label;

  KsgAlgorithm(int number, String label) {
    this.number = number;
    this.label = label;
  }

  /** the algorithm's number in the paper, 1 or 2 */
  public int number() {
    return number;
  }

  /** {@code ksg1} or {@code ksg2}: the estimator name of the estimate and the CLI's {@code --estimator} value */
  public String label() {
    return label;
  }
}
