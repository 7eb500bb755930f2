package org.infokernels.cli.common;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.infokernels.core.CancelledException;

/**
 * The {@code --timeout SECONDS} of every command: the estimate runs on the calling thread, and a
 * timer thread interrupts it when the time is up; every backend then stops within about a second
 * ({@link CancelledException}) and the tool prints {@code infokernels: error: timed out after N s}
 * and exits with status {@link #EXIT_TIMEOUT}.
 */
public final class Timeout {
  private Timeout() {}

  /** exit status of a command whose {@code --timeout} expired */
  public static final int EXIT_TIMEOUT = 3;

  /** the estimate did not end within {@code --timeout} */
  public static final class Expired extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final double lateSeconds;

    Expired(double seconds, double lateSeconds) {
      super("timed out after " + seconds(seconds) + " s");
      this.lateSeconds = lateSeconds;
    }

    /** seconds from the interrupt to the end of the estimate (how promptly it stopped) */
    public double lateSeconds() {
      return lateSeconds;
    }
  }

  static String seconds(double s) {
    return s == Math.rint(s) && s < 1e15 ? Long.toString((long) s) : Double.toString(s);
  }

  /**
   * body() on this thread, interrupted after {@code seconds} (0: no limit). Throws {@link Expired}
   * when the limit interrupted it; leaves the thread's interrupt status clear either way.
   */
  public static <T> T call(double seconds, Supplier<T> body) {
    if (!(seconds > 0)) {
      return body.get();
    }
    Thread caller = Thread.currentThread();
    AtomicBoolean fired = new AtomicBoolean();
    java.util.concurrent.atomic.AtomicLong firedAt = new java.util.concurrent.atomic.AtomicLong();
    long nanos = (long) Math.min(seconds * 1e9, Long.MAX_VALUE / 2.0);
    Thread timer = new Thread(() -> {
      long deadline = System.nanoTime() + nanos;
      try {
        for (long left; (left = deadline - System.nanoTime()) > 0;) {
          java.util.concurrent.TimeUnit.NANOSECONDS.sleep(left);
        }
      } catch (InterruptedException e) {
        return;  // the body ended first
      }
      firedAt.set(System.nanoTime());
      fired.set(true);
      caller.interrupt();
    }, "infokernels-timeout");
    timer.setDaemon(true);
    timer.start();
    try {
      return body.get();
    } catch (RuntimeException e) {
      // after the interrupt anything may surface (CancelledException, an interrupted file read ...)
      if (fired.get()) {
        throw new Expired(seconds, (System.nanoTime() - firedAt.get()) * 1e-9);
      }
      throw e;
    } finally {
      timer.interrupt();
      boolean joined = false;
      while (!joined) {
        try {
          timer.join();
          joined = true;
        } catch (InterruptedException e) {
          // the timer's own interrupt: cleared below
        }
      }
      if (fired.get()) {
        Thread.interrupted();
      }
    }
  }
}
