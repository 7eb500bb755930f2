package org.infokernels.cli.common;

import org.infokernels.core.InvalidInputException;

/**
 * What the GraalVM native executable of the CLI ({@code ci/native-image.sh}) cannot do: draw
 * pictures. The plots use java.awt (fonts, Graphics2D), whose JNI and reflection metadata the
 * image does not carry, so {@code --plot} in the native executable is refused before any work
 * starts (exit 2, one line) instead of ending in a fatal JNI error after the estimates.
 */
public final class NativeExecutable {
  private NativeExecutable() {}

  /** true in a native image at run time (GraalVM sets this property to "runtime" there) */
  public static boolean running() {
    return "runtime".equals(System.getProperty("org.graalvm.nativeimage.imagecode"));
  }

  /** refuses {@code --plot} in the native executable; does nothing on the JVM or without a plot */
  public static void requirePlotSupport(Object plot) {
    if (plot != null && running()) {
      throw new InvalidInputException("--plot " + plot + ": pictures need java.awt, which the native executable"
          + " does not include; run the JVM CLI (java -jar infokernels.jar) for --plot");
    }
  }
}
