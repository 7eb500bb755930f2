package org.infokernels.internal.backend;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.bytedeco.javacpp.IntPointer;
import org.infokernels.bindings.global.infokernels;
import org.infokernels.internal.Cancellation;

/**
 * Thread.interrupt() for native calls. A thread blocked in an {@code ik_*} call cannot see its
 * interrupt, so each call runs inside a {@link Scope}: the thread's own cancel flag (an int in
 * native memory, one per thread, handed to the library with {@code ik_set_cancel_flag}) is cleared,
 * and the call is registered with a watchdog daemon thread that looks at every registered thread's
 * interrupt status every {@value #POLL_MS} ms and sets that thread's flag once it is interrupted.
 * The native kernels poll their caller's flag between blocks of work and return
 * {@code IK_ECANCELLED}, which {@link NativeLibrary#check} turns into a
 * {@link org.infokernels.core.CancelledException}. Flags are per thread: other threads' calls go on.
 */
final class NativeCancel {
  private NativeCancel() {}

  static final long POLL_MS = 5;

  /** this thread's flag, kept alive with the thread (the library keeps its address) */
  private static final ThreadLocal<IntPointer> FLAG = ThreadLocal.withInitial(() -> {
    IntPointer p = new IntPointer(1L);
    p.put(0L, 0);
    return p;
  });

  private static final Set<Scope> IN_FLIGHT = ConcurrentHashMap.newKeySet();
  private static volatile Thread watchdog;

  /** one native call of one thread (identity, not value, equality) */
  static final class Scope implements AutoCloseable {
    final Thread thread;
    final IntPointer flag;

    private Scope(Thread thread, IntPointer flag) {
      this.thread = thread;
      this.flag = flag;
    }

    @Override
    public void close() {
      IN_FLIGHT.remove(this);
    }
  }

  /** before an ik_ compute call: throws at once if the thread is already interrupted */
  static Scope enter() {
    Cancellation.check();
    Thread t = Thread.currentThread();
    IntPointer flag = FLAG.get();
    flag.put(0L, 0);
    infokernels.ik_set_cancel_flag(flag);
    Scope s = new Scope(t, flag);
    IN_FLIGHT.add(s);
    Thread w = watchdog;
    if (w == null) {
      w = startWatchdog();
    }
    LockSupport.unpark(w);
    return s;
  }

  private static synchronized Thread startWatchdog() {
    if (watchdog == null) {
      Thread w = new Thread(NativeCancel::watch, "infokernels-cancel-watchdog");
      w.setDaemon(true);
      w.start();
      watchdog = w;
    }
    return watchdog;
  }

  private static void watch() {
    for (;;) {
      if (IN_FLIGHT.isEmpty()) {
        LockSupport.park();  // enter() unparks
        continue;
      }
      for (Scope s : IN_FLIGHT) {
        if (s.thread.isInterrupted()) {
          s.flag.put(0L, 1);
        }
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(POLL_MS));
    }
  }
}
