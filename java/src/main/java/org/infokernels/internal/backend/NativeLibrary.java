package org.infokernels.internal.backend;

import org.bytedeco.javacpp.Loader;
import org.infokernels.bindings.global.infokernels;
import org.infokernels.core.BackendUnavailableException;

/**
 * Loads {@code libinfokernels.so} (and, through the preset's inheritance, OpenBLAS) once, lazily,
 * and never throws: a failure is recorded and reported by the cpu and cuda backends.
 * {@code -Dinfokernels.native.disable=true} pretends the library is missing (to test the fallback).
 *
 * <p>{@code -Dinfokernels.blas.releaseIdle=true} (the CLI sets it) stops OpenBLAS's idle worker
 * threads right after loading ({@code ik_blas_release_idle}): OpenBLAS starts nproc − 1 of them
 * when it loads and each spins ~0.1 s before sleeping, which on a 2-core machine takes a core from
 * the start of the first computation (a 10⁴-row MMD: 0.21 s instead of 0.16 s). It must not be set
 * where other code in the JVM may be inside OpenBLAS while this library loads (the shutdown joins
 * the workers); OpenBLAS restarts them at its next multi-threaded call.
 */
final class NativeLibrary {
  private NativeLibrary() {}

  private static final class Holder {
    static final boolean LOADED;
    static final String ERROR;
    static final String PATH;

    static {
      boolean ok = false;
      String err = "";
      String path = "";
      if (Boolean.getBoolean("infokernels.native.disable")) {
        err = "native library disabled by -Dinfokernels.native.disable=true";
      } else {
        try {
          path = Loader.load(infokernels.class);
          ok = true;
          if (Boolean.getBoolean("infokernels.blas.releaseIdle")) {
            infokernels.ik_blas_release_idle();
          }
          Runtime.getRuntime().addShutdownHook(new Thread(NativeLibrary::shutdown, "infokernels-shutdown"));
        } catch (Throwable t) {  // UnsatisfiedLinkError, NoClassDefFoundError, TypeNotPresentException ...
          err = "native library could not be loaded: " + t;
        }
      }
      LOADED = ok;
      ERROR = err;
      PATH = path == null ? "" : path;
    }
  }

  static boolean loaded() {
    return Holder.LOADED;
  }

  static String error() {
    return Holder.ERROR;
  }

  static String path() {
    return Holder.PATH;
  }

  /** the longest a shutdown waits for native calls to stop (they poll every few ms to ~1 s) */
  static final long SHUTDOWN_WAIT_MS = 10_000;

  /**
   * The shutdown hook (SIGTERM, System.exit): cancels every native call (ik_cancel_all) and waits
   * until none runs, at most {@link #SHUTDOWN_WAIT_MS} ms, so that the process's exit handlers
   * (OpenBLAS frees its buffers in one) never run under a native computation: a SIGTERM during a
   * native eigensolve used to end in SIGSEGV or "BLAS : Bad memory unallocation!".
   */
  static void shutdown() {
    infokernels.ik_cancel_all(1);
    long deadline = System.nanoTime() + SHUTDOWN_WAIT_MS * 1_000_000L;
    while (infokernels.ik_active_calls() > 0 && System.nanoTime() < deadline) {
      try {
        Thread.sleep(2);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** ik_ calls running now, in every thread (0 when the library did not load) */
  static int activeCalls() {
    return loaded() ? infokernels.ik_active_calls() : 0;
  }

  /** the message of the failing ik_ call on this thread */
  static String lastError() {
    return infokernels.ik_last_error().getString();
  }

  /** throws for a non-zero status, with the library's message */
  static void check(int status, String what) {
    if (status == infokernels.IK_OK) {
      return;
    }
    String msg = lastError();
    if (status == infokernels.IK_EINVAL) {
      throw new org.infokernels.core.InvalidInputException(what + ": " + msg);
    }
    if (status == infokernels.IK_ECANCELLED) {
      throw new org.infokernels.core.CancelledException(what + ": cancelled ("
          + (Thread.currentThread().isInterrupted() ? "the thread was interrupted" : "the process is shutting down")
          + ")");
    }
    if (status == infokernels.IK_ENOCUDA) {
      throw new BackendUnavailableException(msg);
    }
    if (status == infokernels.IK_ENOMEM) {
      throw new OutOfMemoryError(what + ": native allocation failed: " + msg);
    }
    throw new IllegalStateException(what + " failed (status " + status + "): " + msg);
  }
}
