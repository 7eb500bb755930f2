package org.infokernels.spark;

import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.infokernels.core.BackendKind;
import org.infokernels.internal.backend.Backend;
import org.infokernels.internal.backend.Backends;

/**
 * What an executor JVM knows about itself: whether the native library loaded (once per JVM, on the first task
 * that asks, from the infokernels jar on the executor's class path: JavaCPP extracts it into its cache), which
 * backend {@code auto} becomes on it (cpu, or java with the reason), and a label naming the executor for the
 * per-task report.
 */
final class ExecutorRuntime {
  private ExecutorRuntime() {}

  /** how many times this JVM probed the native library: 1 after the first task, whatever the task count */
  static final AtomicInteger PROBES = new AtomicInteger();

  private static final class Native {
    static final boolean CPU;
    static final String REASON;

    static {
      PROBES.incrementAndGet();
      Backend cpu = Backends.of(BackendKind.CPU);
      boolean ok;
      String why;
      try {
        ok = cpu.isAvailable();
        why = ok ? null : cpu.unavailableReason();
      } catch (Throwable t) {  // a broken jar on the executor: report, never kill the executor
        ok = false;
        why = "native library could not be probed: " + t;
      }
      CPU = ok;
      REASON = why;
    }
  }

  /**
   * The backend a task runs on this JVM: {@code auto} becomes cpu where the native library loaded and java
   * elsewhere; an explicit backend is kept (the estimator throws where it cannot run).
   */
  static BackendKind resolve(String requested) {
    BackendKind k = BackendKind.parse(requested);
    if (k != BackendKind.AUTO) {
      return k;
    }
    return Native.CPU ? BackendKind.CPU : BackendKind.JAVA;
  }

  /** null where the requested backend runs as asked, else why auto fell back to java on this JVM */
  static String fallback(String requested) {
    if (BackendKind.parse(requested) != BackendKind.AUTO || Native.CPU) {
      return null;
    }
    return "java fallback: " + Native.REASON;
  }

  /** "executor ID (pid PID)" inside a Spark task, "driver (pid PID)" outside one */
  static String label() {
    String id = "driver";
    SparkEnv env = SparkEnv.get();
    if (TaskContext.get() != null && env != null) {
      id = "executor " + env.executorId();
    }
    return id + " (pid " + ProcessHandle.current().pid() + ")";
  }
}
