package org.infokernels.timeseries;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.infokernels.core.Estimate;
import org.infokernels.core.KsgAlgorithm;
import org.infokernels.core.Matrix;
import org.infokernels.core.RunSettings;
import org.infokernels.internal.Estimation;
import org.infokernels.internal.KnnSupport;
import org.infokernels.internal.Parallel;
import org.infokernels.internal.Ranges;
import org.infokernels.internal.backend.Backend;
import org.infokernels.internal.math.SpecialFunctions;

/** Shared plumbing of the time-series estimators: preparation, the KSG sums, surrogate tests. */
final class TimeSeriesSupport {
  private TimeSeriesSupport() {}

  /**
   * Each trial of each series standardised (per trial, as JIDT normalises each
   * {@code addObservations} call) and jittered as the settings ask, in the order given, then one
   * exact power-of-two scale for all of them when they lie outside the safe range (KSG estimates
   * do not change under a common scale).
   */
  static List<Series> prepare(RunSettings s, List<Series> series) {
    List<Matrix> all = Embedding.all(series);
    Matrix[] p = Estimation.prepare(s, all.toArray(new Matrix[0]));
    p = Ranges.scaled(Ranges.exponent(p), p);
    List<Series> out = new ArrayList<>();
    int q = 0;
    for (Series x : series) {
      List<Matrix> trials = new ArrayList<>();
      for (int r = 0; r < x.trials(); r++) {
        trials.add(p[q++]);
      }
      out.add(Series.ofTrials(x.name(), trials));
    }
    return out;
  }

  /**
   * Local conditional MI of the observations (x = a, y = b, z = c) by KSG algorithm 1 (Frenzel–Pompe:
   * ψ(k) − ψ(n_xz+1) − ψ(n_yz+1) + ψ(n_z+1)) or 2 (JIDT's Kraskov2: ψ(k) − 2/k + ψ(n_z) − ψ(n_xz) −
   * ψ(n_yz) + 1/n_xz + 1/n_yz); duplicates that make a joint radius 0 are refused.
   */
  static double[] localCmi(Backend backend, Embedding.Observations o, int k, KsgAlgorithm alg, int window,
                           int threads, String what) {
    Backend.CmiCounts c = backend.cmiCounts(o.a(), o.da(), o.b(), o.db(), o.c(), o.dc(), o.n(), k, alg.number(),
        o.times(), window, threads);
    KnnSupport.requireNonZero(c.eps(), k, what);
    int n = o.n();
    double[] local = new double[n];
    double psiK = SpecialFunctions.digamma(k);
    for (int i = 0; i < n; i++) {
      if (alg == KsgAlgorithm.ONE) {
        local[i] = psiK - SpecialFunctions.digamma(c.nxz()[i] + 1.0) - SpecialFunctions.digamma(c.nyz()[i] + 1.0)
            + SpecialFunctions.digamma(c.nz()[i] + 1.0);
      } else {
        local[i] = psiK - 2.0 / k + SpecialFunctions.digamma(c.nz()[i]) - SpecialFunctions.digamma(c.nxz()[i])
            - SpecialFunctions.digamma(c.nyz()[i]) + 1.0 / c.nxz()[i] + 1.0 / c.nyz()[i];
      }
    }
    return local;
  }

  /** Local MI of (a; b) by KSG algorithm 1: ψ(k) + ψ(N) − ψ(n_x+1) − ψ(n_y+1) (AIS) */
  static double[] localMi(Backend backend, Embedding.Observations o, int k, int window, int threads, String what) {
    Backend.KsgCounts c = backend.ksgCounts(o.a(), o.da(), o.b(), o.db(), o.n(), k, 1, o.times(), window, threads);
    KnnSupport.requireNonZero(c.eps(), k, what);
    int n = o.n();
    double[] local = new double[n];
    double constant = SpecialFunctions.digamma(k) + SpecialFunctions.digamma(n);
    for (int i = 0; i < n; i++) {
      local[i] = constant - SpecialFunctions.digamma(c.nx()[i] + 1.0) - SpecialFunctions.digamma(c.ny()[i] + 1.0);
    }
    return local;
  }

  /** MI of (a; b) by KSG algorithm 2: ψ(k) − 1/k + ψ(N) − ⟨ψ(n_x) + ψ(n_y)⟩ (auto-embedding for KSG-2 TE) */
  static double miKsg2(Backend backend, Embedding.Observations o, int k, int window, int threads, String what) {
    Backend.KsgCounts c = backend.ksgCounts(o.a(), o.da(), o.b(), o.db(), o.n(), k, 2, o.times(), window, threads);
    KnnSupport.requireNonZero(c.eps(), k, what);
    int n = o.n();
    double sum = 0;
    for (int i = 0; i < n; i++) {
      sum += SpecialFunctions.digamma(c.nx()[i]) + SpecialFunctions.digamma(c.ny()[i]);
    }
    return SpecialFunctions.digamma(k) - 1.0 / k + SpecialFunctions.digamma(n) - sum / n;
  }

  /** the mean in index order */
  static double mean(double[] v) {
    double s = 0;
    for (double t : v) {
      s += t;
    }
    return s / v.length;
  }

  /** the value of surrogate i, drawn from rng, computed with {@code threads} threads */
  @FunctionalInterface
  interface SurrogateDraw {
    double apply(int i, SplittableRandom rng, int threads);
  }

  /**
   * Surrogate test: count surrogates, surrogate s drawn from its own stream seeded by the s-th
   * number of the settings' seed stream (so the p-value does not depend on threads or scheduling);
   * p = (1 + #{null ≥ observed})/(1 + count), null mean and std (ddof = 1). With several threads
   * (and {@code parallel}: not on cuda) the surrogates run side by side, one thread each (the
   * threads divided among them): each is a whole estimate whose own search structures parallelise
   * less well than independent surrogates do. The nulls, hence the result, are the same.
   */
  static void surrogateTest(Estimate.Builder b, double observed, RunSettings s, Surrogate kind, boolean parallel,
                            SurrogateDraw draw) {
    int count = s.permutations();
    if (count <= 0) {
      return;
    }
    SplittableRandom root = Estimation.stream(s.seed(), 1);
    long[] seeds = new long[count];
    for (int i = 0; i < count; i++) {
      seeds[i] = root.nextLong();
    }
    double[] nulls = new double[count];
    int threads = Parallel.resolveThreads(s.threads());
    int workers = parallel ? Math.min(threads, count) : 1;
    int inner = workers > 1 ? Math.max(1, threads / workers) : s.threads();
    Parallel.forEach(count, workers, i -> nulls[i] = draw.apply(i, new SplittableRandom(seeds[i]), inner));
    int atLeast = 0;
    for (double v : nulls) {
      if (v >= observed) {
        atLeast++;
      }
    }
    double mean = mean(nulls);
    double ss = 0;
    for (double v : nulls) {
      ss += (v - mean) * (v - mean);
    }
    double std = count > 1 ? Math.sqrt(ss / (count - 1)) : 0.0;
    b.permutationTest((1.0 + atLeast) / (1.0 + count), mean, std, count).extra("surrogate", kind.label());
  }
}
