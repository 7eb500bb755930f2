package org.infokernels.timeseries;

import java.util.Objects;
import org.infokernels.core.Check;
import org.infokernels.core.KsgAlgorithm;
import org.infokernels.core.RunSettings;
import org.infokernels.internal.support.PairStatistics;

/**
 * Options of {@link TransferEntropy}; the names of JIDT's properties in brackets.
 *
 * @param k             neighbours of the KSG estimator, ≥ 1 (default 3; JIDT {@code k})
 * @param estimator     KSG algorithm 1 (Frenzel–Pompe, the default) or 2 for the conditional MI
 *                      (JIDT {@code TransferEntropyCalculatorKraskov} with Kraskov1 / Kraskov2)
 * @param targetHistory target embedding length k ≥ 1 (1; {@code k_HISTORY})
 * @param targetTau     target embedding spacing ≥ 1 (1; {@code k_TAU})
 * @param sourceHistory source embedding length l ≥ 1 (1; {@code l_HISTORY})
 * @param sourceTau     source embedding spacing ≥ 1 (1; {@code l_TAU})
 * @param delay         source–target delay u ≥ 1 (1; {@code DELAY}): y_{t+1−u} informs x_{t+1}
 * @param theiler       Theiler window W ≥ 0 (0 = off; {@code DYN_CORR_EXCL}): neighbours within W
 *                      time steps of the same trial are excluded from the search and the counts
 * @param surrogate     how the null of a permutation test resamples the source (circular shift)
 * @param autoEmbed     choose the target's and source's history and tau ({@link AutoEmbed})
 * @param maxHistory    the largest history auto-embedding tries (≥ 1; {@code AUTO_EMBED_K_SEARCH_MAX})
 * @param maxTau        the largest tau auto-embedding tries (≥ 1; {@code AUTO_EMBED_TAU_SEARCH_MAX})
 * @param ci            confidence level of an interval (0 = none, the default): the delete-a-block
 *                      jackknife over contiguous blocks of the embedded observations (Künsch 1989;
 *                      {@link TransferEntropy})
 * @param settings      backend, threads, seed, permutations (surrogates), jitter, standardisation
 */
public record TransferEntropyOptions(int k, KsgAlgorithm estimator, int targetHistory, int targetTau,
                                     int sourceHistory, int sourceTau, int delay, int theiler, Surrogate surrogate,
                                     AutoEmbed autoEmbed, int maxHistory, int maxTau, double ci,
                                     RunSettings settings) {
  /**
   * checks every value: each must be at least its minimum
   *
   * @throws IllegalArgumentException if a value is below its minimum or {@code ci} is neither 0 nor in (0, 1)
   */
  public TransferEntropyOptions {
    Check.atLeast("k", k, 1);
    Objects.requireNonNull(estimator, "estimator");
    Check.atLeast("target history", targetHistory, 1);
    Check.atLeast("target tau", targetTau, 1);
    Check.atLeast("source history", sourceHistory, 1);
    Check.atLeast("source tau", sourceTau, 1);
    Check.atLeast("delay", delay, 1);
    Check.atLeast("theiler", theiler, 0);
    Objects.requireNonNull(surrogate, "surrogate");
    Objects.requireNonNull(autoEmbed, "autoEmbed");
    Check.atLeast("max history", maxHistory, 1);
    Check.atLeast("max tau", maxTau, 1);
    PairStatistics.checkLevel(ci);
    Objects.requireNonNull(settings, "settings");
  }

  /** the options without an interval (ci = 0) */
  public TransferEntropyOptions(int k, KsgAlgorithm estimator, int targetHistory, int targetTau, int sourceHistory,
                                int sourceTau, int delay, int theiler, Surrogate surrogate, AutoEmbed autoEmbed,
                                int maxHistory, int maxTau, RunSettings settings) {
    this(k, estimator, targetHistory, targetTau, sourceHistory, sourceTau, delay, theiler, surrogate, autoEmbed,
        maxHistory, maxTau, 0.0, settings);
  }

  /** k = 3, KSG 1, every history, tau and delay 1, no Theiler window, circular surrogates, no auto-embedding */
  public static TransferEntropyOptions defaults() {
    return new TransferEntropyOptions(3, KsgAlgorithm.ONE, 1, 1, 1, 1, 1, 0, Surrogate.CIRCULAR, AutoEmbed.NONE, 5, 3,
        RunSettings.defaults());
  }

  /** with {@code k} neighbours */
  public TransferEntropyOptions withK(int v) { return new TransferEntropyOptions(v, estimator, targetHistory, targetTau, sourceHistory, sourceTau, delay, theiler, surrogate, autoEmbed, maxHistory, maxTau, ci, settings); }
  /** with KSG algorithm {@code a} */
  public TransferEntropyOptions withEstimator(KsgAlgorithm a) { return new TransferEntropyOptions(k, a, targetHistory, targetTau, sourceHistory, sourceTau, delay, theiler, surrogate, autoEmbed, maxHistory, maxTau, ci, settings); }
  /** with target history {@code h} and spacing {@code tau} */
  public TransferEntropyOptions withTarget(int h, int tau) { return new TransferEntropyOptions(k, estimator, h, tau, sourceHistory, sourceTau, delay, theiler, surrogate, autoEmbed, maxHistory, maxTau, ci, settings); }
  /** with source history {@code h} and spacing {@code tau} */
  public TransferEntropyOptions withSource(int h, int tau) { return new TransferEntropyOptions(k, estimator, targetHistory, targetTau, h, tau, delay, theiler, surrogate, autoEmbed, maxHistory, maxTau, ci, settings); }
  /** with source–target delay {@code u} */
  public TransferEntropyOptions withDelay(int u) { return new TransferEntropyOptions(k, estimator, targetHistory, targetTau, sourceHistory, sourceTau, u, theiler, surrogate, autoEmbed, maxHistory, maxTau, ci, settings); }
  /** with Theiler window {@code w} */
  public TransferEntropyOptions withTheiler(int w) { return new TransferEntropyOptions(k, estimator, targetHistory, targetTau, sourceHistory, sourceTau, delay, w, surrogate, autoEmbed, maxHistory, maxTau, ci, settings); }
  /** with surrogate method {@code s} */
  public TransferEntropyOptions withSurrogate(Surrogate s) { return new TransferEntropyOptions(k, estimator, targetHistory, targetTau, sourceHistory, sourceTau, delay, theiler, s, autoEmbed, maxHistory, maxTau, ci, settings); }
  /** with auto-embedding {@code a} over histories up to {@code maxH} and taus up to {@code maxT} */
  public TransferEntropyOptions withAutoEmbed(AutoEmbed a, int maxH, int maxT) { return new TransferEntropyOptions(k, estimator, targetHistory, targetTau, sourceHistory, sourceTau, delay, theiler, surrogate, a, maxH, maxT, ci, settings); }
  /** with the confidence level {@code level} of the block-jackknife interval (0 = none) */
  public TransferEntropyOptions withCi(double level) { return new TransferEntropyOptions(k, estimator, targetHistory, targetTau, sourceHistory, sourceTau, delay, theiler, surrogate, autoEmbed, maxHistory, maxTau, level, settings); }
  /** with run settings {@code s} */
  public TransferEntropyOptions withSettings(RunSettings s) { return new TransferEntropyOptions(k, estimator, targetHistory, targetTau, sourceHistory, sourceTau, delay, theiler, surrogate, autoEmbed, maxHistory, maxTau, ci, s); }
}
