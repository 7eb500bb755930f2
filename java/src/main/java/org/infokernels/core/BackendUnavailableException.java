package org.infokernels.core;

/**
 * A backend was asked for explicitly ({@link RunSettings#withBackend}, the CLI's {@code --backend},
 * or the system property {@code infokernels.backend}) but cannot run here. The message says why,
 * e.g. {@code cuda backend unavailable: CUDA driver version is insufficient for CUDA runtime
 * version (error 35)} or {@code cpu backend unavailable: the native library did not load (...)}.
 * {@link BackendKind#AUTO} never throws it: it falls back (cuda, cpu, java) and the estimate says
 * which backend ran. It is an {@link InvalidInputException}, so the command line reports it as a
 * usage error (one line, exit status 2).
 */
public final class BackendUnavailableException extends InvalidInputException {
  private static final long serialVersionUID = 1L;

  /** @param message why the backend cannot run, starting with its name */
  public BackendUnavailableException(String message) {
    super(message);
  }
}
