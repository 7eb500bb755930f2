package org.infokernels.core;

import java.util.Locale;

/** Which engine computes an estimate. */
public enum BackendKind {
  /** cuda if a usable GPU is there, else cpu if the native library loads, else java */
  AUTO,
  /** pure Java: always available */
  JAVA,
  /** hand-written C++ through JNI */
  CPU,
  /** hand-written CUDA kernels */
  CUDA;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static BackendKind parse(String s) {
    for (BackendKind b : values()) {
      if (b.label().equals(s)) {
        return b;
      }
    }
    throw new InvalidInputException("backend = " + s + " is not one of auto, java, cpu, cuda");
  }
}
