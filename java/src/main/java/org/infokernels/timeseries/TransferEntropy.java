package org.infokernels.timeseries;

import java.util.ArrayList;
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
 * Transfer entropy from a source Y to a target X in nats (Schreiber [1]), and conditional transfer
 * entropy given further series C (Lizier et al. [2]):
 * <pre>  TE_{Y→X|C} = I(y⁽ˡ⁾_{t+1−u} ; x_{t+1} | x⁽ᵏ⁾_t, c⁽ᶜᵏ⁾_{t+1−c_u})</pre>
 * estimated by the Frenzel–Pompe conditional MI [3] (KSG algorithm 1 of [4] in the joint space,
 * max norm, strict counts: ψ(k) − ⟨ψ(n_xz+1) + ψ(n_yz+1) − ψ(n_z+1)⟩), or by KSG algorithm 2
 * (JIDT's Kraskov2: per-space radii, non-strict counts, ψ(k) − 2/k + ⟨ψ(n_z) − ψ(n_xz) − ψ(n_yz) +
 * 1/n_xz + 1/n_yz⟩). Embeddings, the first usable time t0 = max((k−1)·k_tau, (l−1)·l_tau + u − 1, …)
 * and the pooling of trials are JIDT's ({@code TransferEntropyCalculatorKraskov},
 * {@code ConditionalTransferEntropyCalculatorKraskov} with {@code NORMALISE=false} and no added
 * noise give the same numbers; see README for the property names). Multivariate series: every lag
 * contributes all columns.
 *
 * <p>Also: local values (per observation; their mean is the estimate), a Theiler window
 * ({@code DYN_CORR_EXCL}), surrogate significance tests (circular shift of the source by default,
 * each surrogate with its own seeded stream) and automatic embedding ({@link AutoEmbed}). Time
 * O(N log N) per estimate for low dimensions (k-d trees), memory O(N·d) for N pooled observations.
 *
 * <p>Confidence interval ({@link TransferEntropyOptions#ci()} &gt; 0): the delete-a-block jackknife
 * of Künsch [6] over the embedded observations, which keeps their serial dependence: each trial is
 * cut into G = 20 contiguous blocks of ⌊N_r/20⌋ observations (with 20 or more trials, runs of whole
 * trials are deleted instead), replicate j re-runs the k-NN search and the conditional-MI sum on
 * the observations outside block j of every trial (an honest estimate at 95% of N, same backend,
 * same embedding, Theiler window on the original times), se² = (G−1)/G·Σⱼ(θ₍ⱼ₎ − θ̄)², interval
 * TE ± t₁₉·se; extras std_error, ci_low, ci_high, ci_method = "block-jackknife", ci_level,
 * ci_replicates, ci_block_length. Cost: 20 more estimates. The interval is for the estimator's
 * sampling spread around its expectation: KSG's finite-sample bias is not corrected.
 *
 * <p>[1] T. Schreiber, Phys. Rev. Lett. 85, 461 (2000).
 * [2] J. T. Lizier, M. Prokopenko, A. Y. Zomaya, Phys. Rev. E 77, 026110 (2008).
 * [3] S. Frenzel, B. Pompe, Phys. Rev. Lett. 99, 204101 (2007).
 * [4] A. Kraskov, H. Stögbauer, P. Grassberger, Phys. Rev. E 69, 066138 (2004).
 * [5] J. T. Lizier, Frontiers in Robotics and AI 1, 11 (2014) (JIDT).
 * [6] H. R. Künsch, "The jackknife and the bootstrap for general stationary observations", Ann.
 * Statist. 17(3), 1217–1241 (1989).
 */
public final class TransferEntropy {
  private final TransferEntropyOptions options;

  /** @param options neighbours, estimator, embeddings, Theiler window, surrogates, run settings */
  public TransferEntropy(TransferEntropyOptions options) {
    this.options = Objects.requireNonNull(options, "options");
  }

  /** the estimate and its local values, one per pooled observation (trial by trial, in time order) */
  public record LocalEstimate(Estimate estimate, double[] locals) {
    /** a copy of the local values */
    @Override
    public double[] locals() {
      return locals.clone();
    }
  }

  /**
   * TE from the single-trial series {@code source} to {@code target} (rows are time steps)
   *
   * @throws org.infokernels.core.InvalidInputException for series of different lengths, a series
   *     too short for the embedding, k not below the number of observations, duplicate embedding
   *     vectors (with their count), FLOAT precision
   */
  public Estimate estimate(Matrix source, Matrix target) {
    return estimate(Series.of(source), Series.of(target), List.of());
  }

  /** TE from {@code source} to {@code target}, trials pooled; throws as {@link #estimate(Matrix, Matrix)} */
  public Estimate estimate(Series source, Series target) {
    return estimate(source, target, List.of());
  }

  /**
   * Conditional TE given the conditioning series (each with its own history, tau and delay; empty:
   * plain TE); throws as {@link #estimate(Matrix, Matrix)}, also when a conditional's trials differ
   */
  public Estimate estimate(Series source, Series target, List<ConditionalSeries> conditionals) {
    return run(source, target, conditionals, false).estimate();
  }

  /** {@link #estimate(Series, Series, List)} with the local values */
  public LocalEstimate estimateWithLocals(Series source, Series target, List<ConditionalSeries> conditionals) {
    return run(source, target, conditionals, true);
  }

  private LocalEstimate run(Series source, Series target, List<ConditionalSeries> conditionals, boolean keepLocals) {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(conditionals, "conditionals");
    target.requireSameShape(source);
    for (ConditionalSeries c : conditionals) {
      target.requireSameShape(c.series());
    }
    RunSettings s = options.settings();
    Estimation.requireDouble(s, "transfer-entropy");
    int k = options.k();
    Backend backend = Backends.selectForKnn(s.backend(), k);
    long t0 = System.nanoTime();
    List<Series> all = new ArrayList<>();
    all.add(source);
    all.add(target);
    for (ConditionalSeries c : conditionals) {
      all.add(c.series());
    }
    List<Series> p = TimeSeriesSupport.prepare(s, all);
    Series src = p.get(0);
    Series tgt = p.get(1);
    List<ConditionalSeries> conds = new ArrayList<>();
    for (int i = 0; i < conditionals.size(); i++) {
      ConditionalSeries c = conditionals.get(i);
      conds.add(new ConditionalSeries(p.get(2 + i), c.history(), c.tau(), c.delay()));
    }
    int w = options.theiler();
    int kh = options.targetHistory();
    int kt = options.targetTau();
    int lh = options.sourceHistory();
    int lt = options.sourceTau();
    if (options.autoEmbed() != AutoEmbed.NONE) {
      int[] te = AutoEmbedding.choose(options.autoEmbed(), backend, tgt, k, options.maxHistory(), options.maxTau(), w,
          options.estimator(), s.threads());
      int[] se = AutoEmbedding.choose(options.autoEmbed(), backend, src, k, options.maxHistory(), options.maxTau(), w,
          options.estimator(), s.threads());
      kh = te[0];
      kt = te[1];
      lh = se[0];
      lt = se[1];
    }
    Embedding.Observations o = Embedding.transferEntropy(src, tgt, conds, kh, kt, lh, lt, options.delay(), w);
    Check.kBelowN(k, o.n(), "the embedded observations");
    String what = "the embedded observations (source past, target next, target past"
        + (conds.isEmpty() ? ")" : ", conditionals)");
    double[] locals = TimeSeriesSupport.localCmi(backend, o, k, options.estimator(), w, s.threads(), what);
    double te = TimeSeriesSupport.mean(locals);
    Estimate.Builder b = Estimate.builder("transfer-entropy").estimator(options.estimator().label()).value(te)
        .backend(backend.kind().label()).n(o.n()).dims(source.dims(), target.dims()).extra("k", k)
        .extra("target_history", kh).extra("target_tau", kt).extra("source_history", lh).extra("source_tau", lt)
        .extra("delay", options.delay());
    if (!conds.isEmpty()) {
      List<Integer> dims = new ArrayList<>();
      List<Integer> hs = new ArrayList<>();
      List<Integer> taus = new ArrayList<>();
      List<Integer> delays = new ArrayList<>();
      for (ConditionalSeries c : conds) {
        dims.add(c.series().dims());
        hs.add(c.history());
        taus.add(c.tau());
        delays.add(c.delay());
      }
      b.extra("conditional_dims", dims).extra("conditional_history", hs).extra("conditional_tau", taus)
          .extra("conditional_delay", delays);
    }
    if (w > 0) {
      b.extra("theiler", w);
    }
    if (source.trials() > 1) {
      b.extra("trials", source.trials());
    }
    if (options.autoEmbed() != AutoEmbed.NONE) {
      b.extra("auto_embed", options.autoEmbed().label());
    }
    if (o.times() != null || options.estimator() == KsgAlgorithm.TWO) {
      b.stage("knn", backend.runs(Backend.Stage.KNN_EXTENDED, o.n()).label());
    }
    Embedding.Observations base = o;
    KsgAlgorithm alg = options.estimator();
    TimeSeriesSupport.surrogateTest(b, te, s, options.surrogate(), backend.kind() != BackendKind.CUDA,
        (i, rng, threads) -> {
          double[] a = Embedding.surrogate(options.surrogate(), base.a(), base.da(), base.trialStart(), rng);
          return TimeSeriesSupport.mean(TimeSeriesSupport.localCmi(backend, base.withA(a), k, alg, w, threads, what));
        });
    Estimate e = b.seconds(Estimation.secondsSince(t0)).build();
    if (options.ci() > 0) {
      // the 20 refits side by side (not on cuda), the threads divided among them: same interval
      int workers = backend.kind() != BackendKind.CUDA ? Parallel.resolveThreads(s.threads()) : 1;
      e = BlockJackknife.interval(e, base.trialStart(), BlockJackknife.GROUPS, options.ci(), workers, s.threads(),
          (keep, threads) -> {
            Embedding.Observations r = base.rows(keep);
            Check.kBelowN(k, r.n(), "the observations of a replicate");
            return TimeSeriesSupport.mean(TimeSeriesSupport.localCmi(backend, r, k, alg, w, threads, what));
          });
    }
    return new LocalEstimate(e, keepLocals ? locals : new double[0]);
  }
}
