package org.infokernels.core;

/** Unit of an information quantity. Estimators compute in nats; conversion happens only at the edge. */
public enum Unit {
  /** natural logarithm (base e) */
  NATS("nats", 1.0),
  /** base-2 logarithm */
  BITS("bits", Math.log(2.0)),
  /** base-10 logarithm */
  HARTLEYS("hartleys", Math.log(10.0));

  private final String label;
  private final double lnBase;

  Unit(String label, double lnBase) {
    this.label = label;
    this.lnBase = lnBase;
  }

  /** {@code nats}, {@code bits} or {@code hartleys} */
  public String label() {
    return label;
  }

  /** value in this unit of a quantity given in nats */
  public double fromNats(double nats) {
    return this == NATS ? nats : nats / lnBase;
  }

  /** the unit of a logarithm base: "e", "2" or "10" */
  public static Unit ofBase(String base) {
    switch (base) {
      case "e": return NATS;
      case "2": return BITS;
      case "10": return HARTLEYS;
      default: throw new InvalidInputException("base = " + base + " is not one of e, 2, 10");
    }
  }
}
