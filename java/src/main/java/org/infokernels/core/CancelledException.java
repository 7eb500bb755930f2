package org.infokernels.core;

/**
 * An estimate stopped before its end because the thread that ran it was interrupted
 * ({@link Thread#interrupt()}), or because the process is shutting down. Every estimator polls for
 * it on every backend: the Java loops check the thread's interrupt status between blocks of work,
 * and the native kernels (cpu and cuda) poll a cancel flag that a watchdog sets when the calling
 * thread is interrupted, so an estimate returns within about a second of the interrupt with this
 * exception, and no thread of the library keeps running. Only the interrupted thread's estimate is
 * cancelled: concurrent estimates on other threads go on. The thread's interrupt status is left
 * set, so a caller that catches this exception still sees that it was interrupted.
 *
 * <p>The command line turns it into {@code infokernels: error: timed out after N s} and exit status
 * 3 when its {@code --timeout} expired.
 */
public final class CancelledException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** @param message what was cancelled, e.g. {@code ik_ksg_counts_cpu: cancelled} */
  public CancelledException(String message) {
    super(message);
  }
}
