package org.infokernels.internal;

import org.infokernels.core.CancelledException;

/**
 * The interrupt poll of the Java loops (permutation tests, the Java backend's blocks, SLQ probes):
 * {@link #check()} throws {@link CancelledException} once the current thread has been interrupted,
 * leaving its interrupt status set. Internal: not API.
 */
public final class Cancellation {
  private Cancellation() {}

  /** throws {@link CancelledException} if the current thread is interrupted (the status stays set) */
  public static void check() {
    if (Thread.currentThread().isInterrupted()) {
      throw cancelled();
    }
  }

  /** the exception for an interrupted estimate */
  public static CancelledException cancelled() {
    return new CancelledException("estimate cancelled: the thread was interrupted");
  }
}
