package org.infokernels.timeseries;

import java.util.Objects;
import org.infokernels.core.Check;
import org.infokernels.core.InvalidInputException;
import org.infokernels.core.RunSettings;

/**
 * Options of {@link NetworkInference}, multivariate transfer-entropy network inference (Novelli et
 * al., Network Neuroscience 3(3), 827, 2019; Lizier &amp; Rubinov, MPI preprint 25/2012); IDTxl's
 * setting names and defaults in brackets. The differences from IDTxl's defaults are listed in
 * README.md, "Network inference".
 *
 * @param minLag             smallest source lag tried, ≥ 1 (1; {@code min_lag_sources})
 * @param maxLag             largest source lag tried, ≥ minLag ({@code max_lag_sources}; required there, 5 here)
 * @param maxLagTarget       largest lag of the target's own past tried, ≥ 1 (= maxLag; {@code max_lag_target})
 * @param k                  neighbours of the KSG conditional-MI estimator, ≥ 1 (4; {@code kraskov_k})
 * @param theiler            Theiler window W ≥ 0 (0 = off; {@code theiler_t})
 * @param surrogate          how a candidate's realisations are resampled for the null (circular; IDTxl permutes
 *                           in time ({@link Surrogate#SHUFFLE}) or across replications)
 * @param maxStatSurrogates  surrogates of each maximum-statistic test, ≥ 1 (200; {@code n_perm_max_stat})
 * @param minStatSurrogates  surrogates of each minimum-statistic (pruning) test (200; {@code n_perm_min_stat} 500)
 * @param omnibusSurrogates  surrogates of the omnibus test (200; {@code n_perm_omnibus} 500)
 * @param maxSeqSurrogates   surrogates of the sequential maximum-statistic test (200; {@code n_perm_max_seq} 500;
 *                           the last pruning round's table is reused when it has enough columns, as in IDTxl)
 * @param alpha              level of every within-target test, in (0, 1) (0.05; {@code alpha_max_stat},
 *                           {@code alpha_min_stat}, {@code alpha_omnibus}, {@code alpha_max_seq})
 * @param fdr                false discovery rate of the Benjamini–Hochberg correction across targets, in (0, 1)
 *                           (0.05; {@code alpha_fdr})
 * @param settings           backend, threads (bounded parallelism across targets), seed, jitter, standardisation;
 *                           its permutation count is not used
 */
public record NetworkInferenceOptions(int minLag, int maxLag, int maxLagTarget, int k, int theiler, Surrogate surrogate,
                                      int maxStatSurrogates, int minStatSurrogates, int omnibusSurrogates,
                                      int maxSeqSurrogates, double alpha, double fdr, RunSettings settings) {
  /**
   * checks every value
   *
   * @throws InvalidInputException for a value below its minimum, maxLag below minLag, alpha or fdr outside (0, 1),
   *     or a surrogate count too small for alpha (1/(N+1) &gt; alpha: no p-value could be significant)
   */
  public NetworkInferenceOptions {
    Check.atLeast("min lag", minLag, 1);
    Check.atLeast("max lag", maxLag, 1);
    if (maxLag < minLag) {
      throw new InvalidInputException("max lag = " + maxLag + " is below min lag = " + minLag);
    }
    Check.atLeast("max lag of the target", maxLagTarget, 1);
    Check.atLeast("k", k, 1);
    Check.atLeast("theiler", theiler, 0);
    Objects.requireNonNull(surrogate, "surrogate");
    if (!(alpha > 0 && alpha < 1)) {
      throw new InvalidInputException("alpha = " + alpha + " must lie in (0, 1)");
    }
    if (!(fdr > 0 && fdr < 1)) {
      throw new InvalidInputException("fdr = " + fdr + " must lie in (0, 1)");
    }
    surrogates("maximum-statistic", maxStatSurrogates, alpha);
    surrogates("minimum-statistic", minStatSurrogates, alpha);
    surrogates("omnibus", omnibusSurrogates, alpha);
    surrogates("sequential maximum-statistic", maxSeqSurrogates, alpha);
    Objects.requireNonNull(settings, "settings");
  }

  private static void surrogates(String test, int n, double alpha) {
    Check.atLeast(test + " surrogates", n, 1);
    if (1.0 / (n + 1.0) > alpha) {
      throw new InvalidInputException(n + " " + test + " surrogates cannot reach alpha = " + alpha
          + ": the smallest p-value is 1/(N+1) = " + (1.0 / (n + 1.0)) + "; use at least " + (int) Math.ceil(1 / alpha - 1));
    }
  }

  /** lags 1..5 (target 1..5), k = 4, no Theiler window, circular surrogates, 200 surrogates per test, alpha = fdr = 0.05 */
  public static NetworkInferenceOptions defaults() {
    return new NetworkInferenceOptions(1, 5, 5, 4, 0, Surrogate.CIRCULAR, 200, 200, 200, 200, 0.05, 0.05,
        RunSettings.defaults());
  }

  /** with source lags {@code min..max} and target lags 1..{@code maxTarget} */
  public NetworkInferenceOptions withLags(int min, int max, int maxTarget) { return new NetworkInferenceOptions(min, max, maxTarget, k, theiler, surrogate, maxStatSurrogates, minStatSurrogates, omnibusSurrogates, maxSeqSurrogates, alpha, fdr, settings); }
  /** with {@code v} neighbours */
  public NetworkInferenceOptions withK(int v) { return new NetworkInferenceOptions(minLag, maxLag, maxLagTarget, v, theiler, surrogate, maxStatSurrogates, minStatSurrogates, omnibusSurrogates, maxSeqSurrogates, alpha, fdr, settings); }
  /** with Theiler window {@code w} */
  public NetworkInferenceOptions withTheiler(int w) { return new NetworkInferenceOptions(minLag, maxLag, maxLagTarget, k, w, surrogate, maxStatSurrogates, minStatSurrogates, omnibusSurrogates, maxSeqSurrogates, alpha, fdr, settings); }
  /** with surrogate method {@code s} */
  public NetworkInferenceOptions withSurrogate(Surrogate s) { return new NetworkInferenceOptions(minLag, maxLag, maxLagTarget, k, theiler, s, maxStatSurrogates, minStatSurrogates, omnibusSurrogates, maxSeqSurrogates, alpha, fdr, settings); }
  /** with the surrogate counts of the maximum-, minimum-statistic, omnibus and sequential tests */
  public NetworkInferenceOptions withSurrogates(int max, int min, int omnibus, int seq) { return new NetworkInferenceOptions(minLag, maxLag, maxLagTarget, k, theiler, surrogate, max, min, omnibus, seq, alpha, fdr, settings); }
  /** with test level {@code a} and false discovery rate {@code q} */
  public NetworkInferenceOptions withLevels(double a, double q) { return new NetworkInferenceOptions(minLag, maxLag, maxLagTarget, k, theiler, surrogate, maxStatSurrogates, minStatSurrogates, omnibusSurrogates, maxSeqSurrogates, a, q, settings); }
  /** with run settings {@code s} */
  public NetworkInferenceOptions withSettings(RunSettings s) { return new NetworkInferenceOptions(minLag, maxLag, maxLagTarget, k, theiler, surrogate, maxStatSurrogates, minStatSurrogates, omnibusSurrogates, maxSeqSurrogates, alpha, fdr, s); }
}
