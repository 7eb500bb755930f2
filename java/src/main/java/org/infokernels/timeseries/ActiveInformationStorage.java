package org.infokernels.timeseries;

import java.util.List;
import java.util.Objects;
import org.infokernels.core.BackendKind;
import org.infokernels.core.Check;
import org.infokernels.core.Estimate;
import org.infokernels.core.KsgAlgorithm;
import org.infokernels.core.Matrix;
import org.infokernels.core.RunSettings;
import org.infokernels.internal.Estimation;
import org.infokernels.internal.Parallel;
import org.infokernels.internal.backend.Backend;
import org.infokernels.internal.backend.Backends;
import org.infokernels.internal.support.BlockJackknife;

/**
 * Active information storage of a series X in nats (Lizier, Prokopenko, Zomaya [1]):
 * <pre>  AIS_X = I(x⁽ᵏ⁾_t ; x_{t+1}),  x⁽ᵏ⁾_t = (x_t, x_{t−tau}, …, x_{t−(k−1)tau}),  t = (k−1)·tau … T−2</pre>
 * by KSG algorithm 1 [2] (ψ(k) + ψ(N) − ⟨ψ(n_x+1) + ψ(n_y+1)⟩, max norm, strict counts), trials
 * embedded separately and pooled: JIDT's {@code ActiveInfoStorageCalculatorKraskov} with
 * {@code NORMALISE=false} and no added noise. Local values, a Theiler window, surrogate tests (the
 * next values are resampled, by circular shift unless asked otherwise) and automatic embedding as
 * in {@link TransferEntropy}. Time O(N log N), memory O(N·k·d). Confidence interval
 * ({@link ActiveInfoStorageOptions#ci()} &gt; 0): the delete-a-block jackknife over contiguous
 * blocks of the embedded observations (Künsch [3]; G = 20 groups, each replicate a full KSG
 * estimate on the kept observations), as in {@link TransferEntropy}; ci_method = "block-jackknife".
 *
 * <p>[1] J. T. Lizier, M. Prokopenko, A. Y. Zomaya, Information Sciences 208, 39–54 (2012).
 * [2] A. Kraskov, H. Stögbauer, P. Grassberger, Phys. Rev. E 69, 066138 (2004).
 * [3] H. R. Künsch, "The jackknife and the bootstrap for general stationary observations", Ann.
 * Statist. 17(3), 1217–1241 (1989).
 */
public final class ActiveInformationStorage {
  private final ActiveInfoStorageOptions options;

  /** @param options neighbours, embedding, Theiler window, surrogates, run settings */
  public ActiveInformationStorage(ActiveInfoStorageOptions options) {
    this.options = Objects.requireNonNull(options, "options");
  }

  /**
   * AIS of the single-trial series x (rows are time steps)
   *
   * @throws org.infokernels.core.InvalidInputException for a series too short for the embedding, k
   *     not below the number of observations, duplicate embedding vectors, FLOAT precision
   */
  public Estimate estimate(Matrix x) {
    return estimate(Series.of(x));
  }

  /** AIS of x, trials pooled; throws as {@link #estimate(Matrix)} */
  public Estimate estimate(Series x) {
    return run(x, false).estimate();
  }

  /** {@link #estimate(Series)} with the local values */
  public TransferEntropy.LocalEstimate estimateWithLocals(Series x) {
    return run(x, true);
  }

  private TransferEntropy.LocalEstimate run(Series input, boolean keepLocals) {
    Objects.requireNonNull(input, "x");
    RunSettings s = options.settings();
    Estimation.requireDouble(s, "active-info-storage");
    int k = options.k();
    Backend backend = Backends.selectForKnn(s.backend(), k);
    long t0 = System.nanoTime();
    Series x = TimeSeriesSupport.prepare(s, List.of(input)).get(0);
    int w = options.theiler();
    int h = options.history();
    int tau = options.tau();
    if (options.autoEmbed() != AutoEmbed.NONE) {
      int[] e = AutoEmbedding.choose(options.autoEmbed(), backend, x, k, options.maxHistory(), options.maxTau(), w,
          KsgAlgorithm.ONE, s.threads());
      h = e[0];
      tau = e[1];
    }
    Embedding.Observations o = Embedding.activeInfoStorage(x, h, tau, w);
    Check.kBelowN(k, o.n(), "the embedded observations");
    String what = "the embedded observations (past, next)";
    double[] locals = TimeSeriesSupport.localMi(backend, o, k, w, s.threads(), what);
    double ais = TimeSeriesSupport.mean(locals);
    Estimate.Builder b = Estimate.builder("active-info-storage").estimator("ksg1").value(ais)
        .backend(backend.kind().label()).n(o.n()).dims(input.dims()).extra("k", k).extra("history", h)
        .extra("tau", tau);
    if (w > 0) {
      b.extra("theiler", w);
    }
    if (input.trials() > 1) {
      b.extra("trials", input.trials());
    }
    if (options.autoEmbed() != AutoEmbed.NONE) {
      b.extra("auto_embed", options.autoEmbed().label());
    }
    if (o.times() != null) {
      b.stage("knn", backend.runs(Backend.Stage.KNN_EXTENDED, o.n()).label());
    }
    Embedding.Observations base = o;
    TimeSeriesSupport.surrogateTest(b, ais, s, options.surrogate(), backend.kind() != BackendKind.CUDA,
        (i, rng, threads) -> {
          double[] next = Embedding.surrogate(options.surrogate(), base.b(), base.db(), base.trialStart(), rng);
          return TimeSeriesSupport.mean(TimeSeriesSupport.localMi(backend, base.withB(next), k, w, threads, what));
        });
    Estimate e = b.seconds(Estimation.secondsSince(t0)).build();
    if (options.ci() > 0) {
      // the 20 refits side by side (not on cuda), the threads divided among them: same interval
      int workers = backend.kind() != BackendKind.CUDA ? Parallel.resolveThreads(s.threads()) : 1;
      e = BlockJackknife.interval(e, base.trialStart(), BlockJackknife.GROUPS, options.ci(), workers, s.threads(),
          (keep, threads) -> {
            Embedding.Observations r = base.rows(keep);
            Check.kBelowN(k, r.n(), "the observations of a replicate");
            return TimeSeriesSupport.mean(TimeSeriesSupport.localMi(backend, r, k, w, threads, what));
          });
    }
    return new TransferEntropy.LocalEstimate(e, keepLocals ? locals : new double[0]);
  }
}
