package org.infokernels.core;

/**
 * Bad input: a value out of range, mismatched shapes, NaN or infinity, duplicate points, an
 * unusable backend. The message says what and where ({@code "x has 1000 rows but y has 999"}).
 * The CLI turns it into one line on stderr and exit status 2.
 */
public class InvalidInputException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /** @param message what is wrong and where, with the value and the bound */
  public InvalidInputException(String message) {
    super(message);
  }
}
