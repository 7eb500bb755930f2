package org.infokernels.internal;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;

/**
 * Runs independent items (matrices of a batch, surrogates, replicates, permutations) on a few platform
 * threads, first failure rethrown.
 */
public final class Parallel {
  private Parallel() {}

  public static int resolveThreads(int threads) {
    return threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
  }

  /**
   * body(i) for i in [0, count), items taken in turn by min(threads, count) workers (the caller is
   * one of them). Each item must write only its own output, so the result does not depend on the
   * thread count.
   */
  public static void forEach(int count, int threads, IntConsumer body) {
    Thread caller = Thread.currentThread();  // each item first polls its interrupt status
    int workers = Math.min(resolveThreads(threads), count);
    if (workers <= 1) {
      for (int i = 0; i < count; i++) {
        Cancellation.check();
        body.accept(i);
      }
      return;
    }
    AtomicInteger next = new AtomicInteger();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Runnable work = () -> {
      try {
        for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
          if (caller.isInterrupted()) {
            throw Cancellation.cancelled();
          }
          body.accept(i);
        }
      } catch (Throwable t) {
        failure.compareAndSet(null, t);
        next.set(count);
      }
    };
    Thread[] pool = new Thread[workers - 1];
    for (int w = 0; w < pool.length; w++) {
      pool[w] = new Thread(work, "infokernels-worker-" + (w + 1));
      pool[w].setDaemon(true);
      pool[w].start();
    }
    work.run();
    for (Thread t : pool) {
      joinUninterruptibly(t);
    }
    Throwable t = failure.get();
    if (t instanceof RuntimeException) {
      throw (RuntimeException) t;
    }
    if (t instanceof Error) {
      throw (Error) t;
    }
    if (t != null) {
      throw new IllegalStateException(t);
    }
  }

  /** t.join(), waiting on through interrupts; the caller's interrupt status is restored afterwards */
  public static void joinUninterruptibly(Thread t) {
    boolean interrupted = false;
    while (true) {
      try {
        t.join();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
