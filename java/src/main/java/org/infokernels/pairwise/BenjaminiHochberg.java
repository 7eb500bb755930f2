package org.infokernels.pairwise;

import java.util.Arrays;
import org.infokernels.core.InvalidInputException;

/**
 * Benjamini–Hochberg false discovery rate control [1]. For m p-values sorted ascending,
 * p₍₁₎ ≤ … ≤ p₍ₘ₎, the q-value (adjusted p-value, as R's {@code p.adjust(p, "BH")}) of p₍ᵢ₎ is
 * q₍ᵢ₎ = min_{j ≥ i} min(1, m·p₍ⱼ₎/j); rejecting every hypothesis with q ≤ α controls the false
 * discovery rate at α for independent or positively dependent tests. O(m log m).
 *
 * <p>[1] Y. Benjamini, Y. Hochberg, "Controlling the false discovery rate: a practical and powerful
 * approach to multiple testing", J. R. Statist. Soc. B 57(1), 289–300 (1995).
 */
public final class BenjaminiHochberg {
  private BenjaminiHochberg() {}

  /**
   * The q-values of {@code p}, in the order of {@code p}.
   *
   * @param p p-values in [0, 1]
   * @return q-values, q[i] ≥ p[i]
   * @throws InvalidInputException if a p-value is NaN or outside [0, 1]
   */
  public static double[] qValues(double[] p) {
    int m = p.length;
    Integer[] order = new Integer[m];
    for (int i = 0; i < m; i++) {
      if (!(p[i] >= 0 && p[i] <= 1)) {
        throw new InvalidInputException("p-value " + i + " = " + p[i] + " is not in [0, 1]");
      }
      order[i] = i;
    }
    // stable: equal p-values keep their input order, so ties get the same q whatever the order
    Arrays.sort(order, (a, b) -> Double.compare(p[a], p[b]));
    double[] q = new double[m];
    double running = 1.0;
    for (int r = m - 1; r >= 0; r--) {
      int i = order[r];
      running = Math.min(running, Math.min(1.0, p[i] * m / (r + 1)));
      q[i] = running;
    }
    return q;
  }
}
