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

  /** the lower-case name, as the CLI's {@code --backend} takes it and {@link Estimate#backend()} reports it */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The backend named by its label ({@code auto}, {@code java}, {@code cpu} or {@code cuda}; exact,
   * lower case).
   *
   * @param s the label
   * @return the backend of that label
   * @throws InvalidInputException if {@code s} is not one of the four labels
   */
  public static BackendKind parse(String s) {
    for (BackendKind b : values()) {
      if (b.label().equals(s)) {
        return b;
      }
    }
    throw new InvalidInputException("backend = " + s + " is not one of auto, java, cpu, cuda");
  }
}
