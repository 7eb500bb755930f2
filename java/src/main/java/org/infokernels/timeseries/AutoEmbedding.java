package org.infokernels.timeseries;

import org.infokernels.core.KsgAlgorithm;
import org.infokernels.internal.knn.KnnKernels;
import org.infokernels.internal.backend.Backend;

/**
 * JIDT's automatic embedding ({@code ActiveInfoStorageCalculatorViaMutualInfo.preFinaliseAddObservations}):
 * every history h = 1 … maxHistory and tau = 1 … maxTau (only tau = 1 for h = 1, where tau does
 * not matter), in that order, scored on the series' own past/next observations; the first best
 * candidate wins (strict comparison).
 * <ul>
 *   <li>Ragwitz: the squared error of predicting x_{t+1} by the mean of the next values of the k
 *       nearest past vectors (max norm, the point and its Theiler window excluded), summed over
 *       the dimensions and divided by the number of observations; the smallest wins (Ragwitz and
 *       Kantz 2002).</li>
 *   <li>max AIS: the KSG active information storage (algorithm 1, or 2 when transfer entropy uses
 *       KSG 2; KSG needs no further bias correction in JIDT); the largest wins.</li>
 * </ul>
 */
final class AutoEmbedding {
  private AutoEmbedding() {}

  /** {history, tau} chosen for x */
  static int[] choose(AutoEmbed method, Backend backend, Series x, int knn, int maxHistory, int maxTau, int window,
                      KsgAlgorithm alg, int threads) {
    int bestH = 1;
    int bestTau = 1;
    double best = method == AutoEmbed.RAGWITZ ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
    for (int h = 1; h <= maxHistory; h++) {
      for (int tau = 1; tau <= maxTau; tau++) {
        Embedding.Observations o = Embedding.activeInfoStorage(x, h, tau, window);
        if (method == AutoEmbed.RAGWITZ) {
          double err = predictionError(o, knn, window, threads);
          if (err < best) {
            best = err;
            bestH = h;
            bestTau = tau;
          }
        } else {
          double ais = alg == KsgAlgorithm.ONE
              ? TimeSeriesSupport.mean(TimeSeriesSupport.localMi(backend, o, knn, window, threads, x.name()))
              : TimeSeriesSupport.miKsg2(backend, o, knn, window, threads, x.name());
          if (ais > best) {
            best = ais;
            bestH = h;
            bestTau = tau;
          }
        }
        if (h == 1) {
          break;
        }
      }
    }
    return new int[] {bestH, bestTau};
  }

  /** Ragwitz's criterion: Σ_t Σ_d (next − mean of the neighbours' next)² / N */
  static double predictionError(Embedding.Observations o, int knn, int window, int threads) {
    int n = o.n();
    int[] nb = KnnKernels.neighbours(o.a(), o.da(), n, knn, o.times(), window, threads);
    int db = o.db();
    double[] b = o.b();
    double total = 0;
    double[] pred = new double[db];
    for (int i = 0; i < n; i++) {
      java.util.Arrays.fill(pred, 0.0);
      for (int j = 0; j < knn; j++) {
        int q = nb[i * knn + j];
        for (int c = 0; c < db; c++) {
          pred[c] += b[q * db + c];
        }
      }
      for (int c = 0; c < db; c++) {
        double p = pred[c] / knn;
        double e = b[i * db + c] - p;
        total += e * e;
      }
    }
    return total / n;
  }
}
