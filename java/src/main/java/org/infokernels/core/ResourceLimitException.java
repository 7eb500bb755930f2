package org.infokernels.core;

/**
 * An estimate was refused before it started because it would need more memory than this JVM or
 * machine can give (a dense n × n matrix, an array beyond 2³¹ elements). The message names the
 * size, the limit and the alternative (e.g. the matrix-free SLQ route, or a subsample). It is an
 * {@link InvalidInputException}: the command line reports it in one line with exit status 2.
 */
public final class ResourceLimitException extends InvalidInputException {
  private static final long serialVersionUID = 1L;

  /** @param message the size, the limit and the alternative */
  public ResourceLimitException(String message) {
    super(message);
  }
}
