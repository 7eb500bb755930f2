package org.infokernels.timeseries;

import java.util.Objects;
import org.infokernels.core.Check;
import org.infokernels.core.RunSettings;

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
 * @param settings   backend, threads, seed, permutations (surrogates), jitter, standardisation
 */
public record ActiveInfoStorageOptions(int k, int history, int tau, int theiler, Surrogate surrogate,
                                       AutoEmbed autoEmbed, int maxHistory, int maxTau, RunSettings settings) {
  /** checks every value: each must be at least its minimum */
  public ActiveInfoStorageOptions {
    Check.atLeast("k", k, 1);
    Check.atLeast("history", history, 1);
    Check.atLeast("tau", tau, 1);
    Check.atLeast("theiler", theiler, 0);
    Objects.requireNonNull(surrogate, "surrogate");
    Objects.requireNonNull(autoEmbed, "autoEmbed");
    Check.atLeast("max history", maxHistory, 1);
    Check.atLeast("max tau", maxTau, 1);
    Objects.requireNonNull(settings, "settings");
  }

  /** k = 3, history 1, tau 1, no window, circular surrogates, no auto-embedding */
  public static ActiveInfoStorageOptions defaults() {
    return new ActiveInfoStorageOptions(3, 1, 1, 0, Surrogate.CIRCULAR, AutoEmbed.NONE, 5, 3, RunSettings.defaults());
  }

  /** with {@code v} neighbours */
  public ActiveInfoStorageOptions withK(int v) { return new ActiveInfoStorageOptions(v, history, tau, theiler, surrogate, autoEmbed, maxHistory, maxTau, settings); }
  /** with embedding length {@code h} and spacing {@code t} */
  public ActiveInfoStorageOptions withEmbedding(int h, int t) { return new ActiveInfoStorageOptions(k, h, t, theiler, surrogate, autoEmbed, maxHistory, maxTau, settings); }
  /** with Theiler window {@code w} */
  public ActiveInfoStorageOptions withTheiler(int w) { return new ActiveInfoStorageOptions(k, history, tau, w, surrogate, autoEmbed, maxHistory, maxTau, settings); }
  /** with surrogate method {@code s} */
  public ActiveInfoStorageOptions withSurrogate(Surrogate s) { return new ActiveInfoStorageOptions(k, history, tau, theiler, s, autoEmbed, maxHistory, maxTau, settings); }
  /** with auto-embedding {@code a} over histories up to {@code maxH} and taus up to {@code maxT} */
  public ActiveInfoStorageOptions withAutoEmbed(AutoEmbed a, int maxH, int maxT) { return new ActiveInfoStorageOptions(k, history, tau, theiler, surrogate, a, maxH, maxT, settings); }
  /** with run settings {@code s} */
  public ActiveInfoStorageOptions withSettings(RunSettings s) { return new ActiveInfoStorageOptions(k, history, tau, theiler, surrogate, autoEmbed, maxHistory, maxTau, s); }
}
