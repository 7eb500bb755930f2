package org.infokernels.cli.common;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.infokernels.core.InvalidInputException;

/**
 * What the GraalVM native executable of the CLI ({@code ci/native-image.sh}) needs before it draws
 * a picture. The plots use java.awt, whose native half (libawt, libfontmanager, the font
 * configuration) the executable takes from the JDK whose shared libraries it links: the JVM sets
 * {@code java.home} to that JDK, a native image does not. {@link #preparePlot} sets it, in the
 * native executable only, to the JDK that holds the {@code libjava.so} the process has loaded, and
 * refuses {@code --plot} up front (exit 2, one line) where there is none, instead of failing after
 * the estimates. Labels in scripts that need complex text layout are refused there too
 * ({@link #requireSimpleText}).
 */
public final class NativeExecutable {
  private NativeExecutable() {}

  /** true in a native image at run time (GraalVM sets this property to "runtime" there) */
  public static boolean running() {
    return "runtime".equals(System.getProperty("org.graalvm.nativeimage.imagecode"));
  }

  /**
   * Makes {@code --plot} drawable; does nothing on the JVM, without a plot, or where
   * {@code java.home} is set already (e.g. {@code -Djava.home=...} on the command line).
   */
  public static void preparePlot(Object plot) {
    if (plot == null || !running() || System.getProperty("java.home") != null) return;
    Path home = loadedJdk(Path.of("/proc/self/maps"));
    if (home == null) {
      throw new InvalidInputException("--plot " + plot + ": pictures need the desktop libraries of the JDK this"
          + " executable was built with, and no JDK library is loaded; run the JVM CLI (java -jar"
          + " infokernels.jar) for --plot, or pass -Djava.home=JDK");
    }
    System.setProperty("java.home", home.toString());
  }

  /**
   * Refuses, in the native executable only, labels that java.awt would lay out with HarfBuzz
   * ({@link java.awt.Font#textRequiresLayout}: complex scripts such as Arabic or Devanagari): the
   * image does not register HarfBuzz's foreign-function calls, so such a picture would fail after
   * the estimates. Call it once the labels are known and before the work starts.
   */
  public static void requireSimpleText(Object plot, List<String> labels) {
    if (plot == null || !running()) return;
    for (String label : labels) {
      char[] c = label.toCharArray();
      if (java.awt.Font.textRequiresLayout(c, 0, c.length)) {
        throw new InvalidInputException("--plot " + plot + ": the label '" + label + "' needs complex text layout,"
            + " which the native executable does not include; run the JVM CLI (java -jar infokernels.jar) for"
            + " this picture");
      }
    }
  }

  /**
   * The JDK home holding the {@code lib/libjava.so} mapped into this process (a line of
   * {@code /proc/self/maps} ends with its path), or null.
   */
  static Path loadedJdk(Path maps) {
    List<String> lines;
    try {
      lines = Files.readAllLines(maps);
    } catch (IOException | RuntimeException e) {
      return null;
    }
    for (String line : lines) {
      int at = line.indexOf('/');
      if (at < 0 || !line.endsWith("/lib/libjava.so")) continue;
      Path lib = Path.of(line.substring(at));
      Path home = lib.getParent().getParent();
      if (home != null && Files.isDirectory(home.resolve("lib"))) return home;
    }
    return null;
  }
}
