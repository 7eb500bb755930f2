package org.infokernels.backend;

import org.infokernels.api.InvalidInputException;

/** A backend was asked for explicitly but cannot run here; the message says why. */
public final class BackendUnavailableException extends InvalidInputException {
  private static final long serialVersionUID = 1L;

  public BackendUnavailableException(String message) {
    super(message);
  }
}
