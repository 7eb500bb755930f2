package org.infokernels.timeseries;

import java.util.Objects;
import org.infokernels.core.Check;

/**
 * A conditioning series of conditional transfer entropy with its own embedding: the past vector
 * c⁽ʰ⁾_{t+1−delay} = (c_{t+1−delay}, c_{t+1−delay−tau}, …, c_{t+1−delay−(history−1)tau}) joins the
 * conditioning set (JIDT's {@code ConditionalTransferEntropyCalculatorKraskov} cond embedding
 * lengths, taus and delays).
 *
 * @param series  the series (same trials and lengths as source and target)
 * @param history embedding length c_k ≥ 1
 * @param tau     spacing c_tau ≥ 1
 * @param delay   lag c_u ≥ 0 to the target's next value (1: c_t informs x_{t+1}; 0: the same time step)
 */
public record ConditionalSeries(Series series, int history, int tau, int delay) {
  /** checks the embedding parameters */
  public ConditionalSeries {
    Objects.requireNonNull(series, "series");
    Check.atLeast("conditional history", history, 1);
    Check.atLeast("conditional tau", tau, 1);
    Check.atLeast("conditional delay", delay, 0);
  }

  /** the series with history 1, tau 1, delay 1 */
  public static ConditionalSeries of(Series series) {
    return new ConditionalSeries(series, 1, 1, 1);
  }
}
