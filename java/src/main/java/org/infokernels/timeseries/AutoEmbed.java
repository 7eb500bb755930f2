package org.infokernels.timeseries;

import java.util.Locale;
import org.infokernels.core.InvalidInputException;

/**
 * How the target's (and for transfer entropy the source's) embedding history and tau are chosen
 * when not given, as JIDT's {@code AUTO_EMBED_METHOD}: the pair (history, tau) with history ≤
 * {@code maxHistory}, tau ≤ {@code maxTau} that
 * <ul>
 *   <li>{@link #RAGWITZ}: minimises the mean squared error of predicting x_{t+1} by the mean of the
 *       next values of the k nearest embedding vectors (Ragwitz and Kantz, Phys. Rev. E 65, 056201,
 *       2002; JIDT {@code AUTO_EMBED_METHOD_RAGWITZ} with {@code AUTO_EMBED_RAGWITZ_NUM_NNS} = k);</li>
 *   <li>{@link #MAX_AIS}: maximises the active information storage of the series
 *       ({@code AUTO_EMBED_METHOD_MAX_CORR_AIS}).</li>
 * </ul>
 */
public enum AutoEmbed {
  /** the embedding given in the options */
  NONE,
  /** Ragwitz and Kantz prediction error */
  RAGWITZ,
  /** maximum active information storage */
  MAX_AIS;

  /** the command-line name: none, ragwitz, max-ais */
  public String label() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** the method named {@code s} (its label; "none" for {@link #NONE}) */
  public static AutoEmbed parse(String s) {
    for (AutoEmbed v : values()) {
      if (v.label().equals(s)) {
        return v;
      }
    }
    throw new InvalidInputException("unknown auto-embedding method '" + s + "'; one of ragwitz, max-ais");
  }
}
