package org.infokernels.internal;

import java.lang.management.ManagementFactory;
import java.util.Locale;
import org.infokernels.core.ResourceLimitException;

/**
 * Refuses work that would exhaust memory, before anything is allocated: dense n × n matrices of the
 * exact spectral routes. Java heap: the matrix itself (8n² bytes), three copies on the java backend
 * (EJML's decomposition works on copies); native memory: one more copy for the JNI call and LAPACK.
 * The heap limit is 90% of the JVM's maximum heap ({@code -Xmx}), the native limit the machine's
 * physical memory minus that heap. Java arrays also cap a matrix at 2³¹ − 1 elements.
 */
public final class MemoryGuard {
  private MemoryGuard() {}

  /** bytes as "3.2 GB" */
  public static String bytes(double b) {
    String[] units = {"B", "kB", "MB", "GB", "TB"};
    int u = 0;
    while (b >= 1000 && u < units.length - 1) {
      b /= 1000;
      u++;
    }
    return String.format(Locale.ROOT, u == 0 ? "%.0f %s" : "%.1f %s", b, units[u]);
  }

  /** the machine's physical memory in bytes, or Long.MAX_VALUE when unknown */
  static long physicalMemory() {
    java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.OperatingSystemMXBean) {
      return ((com.sun.management.OperatingSystemMXBean) os).getTotalMemorySize();
    }
    return Long.MAX_VALUE;
  }

  /**
   * Refuses a dense n × n double matrix of {@code what} when it cannot fit: more than 2³¹ − 1
   * elements, more Java heap than 90% of -Xmx ({@code javaCopies} matrices on the heap), or more
   * native memory than the machine has besides the heap ({@code nativeCopies} matrices).
   *
   * @param alternative what to use instead, in the library's terms (e.g. "SpectralMethod.SLQ")
   */
  public static void requireDense(String what, long n, int javaCopies, int nativeCopies, String alternative) {
    long elements = n * n;
    if (n > 46340 || elements > Integer.MAX_VALUE - 8L) {
      throw new ResourceLimitException(what + ": the dense " + n + " x " + n + " matrix has " + elements
          + " elements, more than a Java array can hold (2^31 - 1); use " + alternative);
    }
    double matrix = 8.0 * elements;
    long heap = Runtime.getRuntime().maxMemory();
    double heapNeed = javaCopies * matrix;
    if (heapNeed > 0.9 * heap) {
      throw new ResourceLimitException(what + ": the dense " + n + " x " + n + " matrix needs " + bytes(heapNeed)
          + " of Java heap (" + javaCopies + " x " + bytes(matrix) + "), more than 90% of the " + bytes(heap)
          + " this JVM may use (-Xmx); use " + alternative + " or give Java more heap");
    }
    long physical = physicalMemory();
    double nativeNeed = nativeCopies * matrix;
    if (physical != Long.MAX_VALUE && nativeNeed + heapNeed > physical) {
      throw new ResourceLimitException(what + ": the dense " + n + " x " + n + " matrix needs " + bytes(heapNeed)
          + " of Java heap and " + bytes(nativeNeed) + " of native memory, more than this machine's "
          + bytes(physical) + "; use " + alternative);
    }
  }
}
