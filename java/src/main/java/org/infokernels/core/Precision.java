package org.infokernels.core;

/** Arithmetic precision. Double is the default everywhere and is exact to the float64 oracle. */
public enum Precision {
  DOUBLE,
  FLOAT;

  public String label() {
    return this == DOUBLE ? "double" : "float";
  }
}
