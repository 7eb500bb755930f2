package org.infokernels.internal.backend;

import org.bytedeco.javacpp.Loader;
import org.infokernels.bindings.global.infokernels;
import org.infokernels.core.BackendUnavailableException;

/**
 * Loads {@code libinfokernels.so} (and, through the preset's inheritance, OpenBLAS) once, lazily,
 * and never throws: a failure is recorded and reported by the cpu and cuda backends.
 * {@code -Dinfokernels.native.disable=true} pretends the library is missing (to test the fallback).
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
    if (status == infokernels.IK_ENOCUDA) {
      throw new BackendUnavailableException(msg);
    }
    if (status == infokernels.IK_ENOMEM) {
      throw new OutOfMemoryError(what + ": native allocation failed: " + msg);
    }
    throw new IllegalStateException(what + " failed (status " + status + "): " + msg);
  }
}
