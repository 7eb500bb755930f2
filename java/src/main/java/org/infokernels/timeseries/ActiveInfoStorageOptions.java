package org.infokernels.timeseries;

import java.util.Objects;
import org.infokernels.core.Check;
import org.infokernels.core.RunSettings;
import org.infokernels.internal.support.PairStatistics;

/**
 * Options of {@link ActiveInformationStorage}; JIDT's property names in brackets.
 *
 * @param k          neighbours of KSG algorithm 1, ≥ 1 (default 3; {@code k})
 * @param history    embedding length ≥ 1 (1; {@code k_HISTORY})
 * @param tau        embedding spacing ≥ 1 (1; {@code TAU})
 * @param theiler    Theiler window W ≥ 0 (0 = off; {@code DYN_CORR_EXCL})
 * @param surrogate  how the null of a permutation test resamples the next values (circular shift)
 * @param autoEmbed  choose history and tau ({@link AutoEmbed})
 * @param maxHistory the largest history auto-embedding tries
 * @param maxTau     the largest tau auto-embedding tries
 * @param ci         confidence level of an interval (0 = none, the default): the delete-a-block
 *                   jackknife over contiguous blocks of the embedded observations (Künsch 1989;
 *                   {@link ActiveInformationStorage})
 * @param settings   backend, threads, seed, permutations (surrogates), jitter, standardisation
 */
public record ActiveInfoStorageOptions(int k, int history, int tau, int theiler, Surrogate surrogate,
                                       AutoEmbed autoEmbed, int maxHistory, int maxTau, double ci,
                                       RunSettings settings) {
  /**
   * checks every value: each must be at least its minimum
   *
   * @throws IllegalArgumentException if a value is below its minimum or {@code ci} is neither 0 nor in (0, 1)
   */
  public ActiveInfoStorageOptions {
    Check.atLeast("k", k, 1);
    Check.atLeast("history", history, 1);
    Check.atLeast("tau", tau, 1);
    Check.atLeast("theiler", theiler, 0);
    Objects.requireNonNull(surrogate, "surrogate");
    Objects.requireNonNull(autoEmbed, "autoEmbed");
    Check.atLeast("max history", maxHistory, 1);
    Check.atLeast("max tau", maxTau, 1);
    PairStatistics.checkLevel(ci);
    Objects.requireNonNull(settings, "settings");
  }

  /** the options without an interval (ci = 0) */
  public ActiveInfoStorageOptions(int k, int history, int tau, int theiler, Surrogate surrogate, AutoEmbed autoEmbed,
                                  int maxHistory, int maxTau, RunSettings settings) {
    this(k, history, tau, theiler, surrogate, autoEmbed, maxHistory, maxTau, 0.0, settings);
  }

  /** k = 3, history 1, tau 1, no window, circular surrogates, no auto-embedding */
  public static ActiveInfoStorageOptions defaults() {
    return new ActiveInfoStorageOptions(3, 1, 1, 0, Surrogate.CIRCULAR, AutoEmbed.NONE, 5, 3, RunSettings.defaults());
  }

  /** with {@code v} neighbours */
  public ActiveInfoStorageOptions withK(int v) { return new ActiveInfoStorageOptions(v, history, tau, theiler, surrogate, autoEmbed, maxHistory, maxTau, ci, settings); }
  /** with embedding length {@code h} and spacing {@code t} */
  public ActiveInfoStorageOptions withEmbedding(int h, int t) { return new ActiveInfoStorageOptions(k, h, t, theiler, surrogate, autoEmbed, maxHistory, maxTau, ci, settings); }
  /** with Theiler window {@code w} */
  public ActiveInfoStorageOptions withTheiler(int w) { return new ActiveInfoStorageOptions(k, history, tau, w, surrogate, autoEmbed, maxHistory, maxTau, ci, settings); }
  /** with surrogate method {@code s} */
  public ActiveInfoStorageOptions withSurrogate(Surrogate s) { return new ActiveInfoStorageOptions(k, history, tau, theiler, s, autoEmbed, maxHistory, maxTau, ci, settings); }
  /** with auto-embedding {@code a} over histories up to {@code maxH} and taus up to {@code maxT} */
  public ActiveInfoStorageOptions withAutoEmbed(AutoEmbed a, int maxH, int maxT) { return new ActiveInfoStorageOptions(k, history, tau, theiler, surrogate, a, maxH, maxT, ci, settings); }
  /** with the confidence level {@code level} of the block-jackknife interval (0 = none) */
  public ActiveInfoStorageOptions withCi(double level) { return new ActiveInfoStorageOptions(k, history, tau, theiler, surrogate, autoEmbed, maxHistory, maxTau, level, settings); }
  /** with run settings {@code s} */
  public ActiveInfoStorageOptions withSettings(RunSettings s) { return new ActiveInfoStorageOptions(k, history, tau, theiler, surrogate, autoEmbed, maxHistory, maxTau, ci, s); }
}
