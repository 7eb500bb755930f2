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

  public int number() {
    return number;
  }

  public String label() {
    return label;
  }
}
