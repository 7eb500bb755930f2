package org.infokernels.timeseries;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.infokernels.core.Matrix;

/** Simulated vector autoregressive processes with known directed lags (the test networks). */
final class VarProcesses {
  private VarProcesses() {}

  /** a coupling source → target at lag, weight w; {@code quadratic}: w·(y² − 1) instead of w·y */
  record Link(int source, int target, int lag, double w, boolean quadratic) {}

  /** the linear network: 0→1 lag 1, 0→2 lag 2, 1→3 lag 1, 2→3 lag 3, 3→4 lag 2 (self-coupling at lag 1) */
  static final List<Link> LINEAR = List.of(new Link(0, 1, 1, 0.5, false), new Link(0, 2, 2, 0.5, false),
      new Link(1, 3, 1, 0.4, false), new Link(2, 3, 3, 0.4, false), new Link(3, 4, 2, 0.5, false));

  /** the non-linear network: 0→1 lag 1 and 2→3 lag 2 quadratic (no linear correlation), 1→4 lag 3 linear */
  static final List<Link> NONLINEAR = List.of(new Link(0, 1, 1, 0.6, true), new Link(2, 3, 2, 0.6, true),
      new Link(1, 4, 3, 0.5, false));

  /**
   * p nodes, T steps after a burn-in of 200, innovations N(0, 1), self-coupling 0.3 + 0.05·j at lag 1,
   * node j reported as offset_j + scale_j·x_j (offsets and scales of mixed magnitude)
   */
  static List<Series> simulate(int p, int steps, List<Link> links, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    int burn = 200;
    int total = steps + burn;
    double[][] x = new double[p][total];
    for (int t = 0; t < total; t++) {
      for (int j = 0; j < p; j++) {
        double v = gaussian(rng);
        if (t >= 1) {
          v += (0.3 + 0.05 * j) * x[j][t - 1];
        }
        for (Link l : links) {
          if (l.target() == j && t >= l.lag()) {
            double y = x[l.source()][t - l.lag()];
            v += l.w() * (l.quadratic() ? y * y - 1 : y);
          }
        }
        x[j][t] = v;
      }
    }
    List<Series> out = new ArrayList<>();
    for (int j = 0; j < p; j++) {
      double offset = (j % 2 == 0 ? 1 : -1) * 10.0 * (j + 1);
      double scale = Math.pow(10, (j % 3) - 1);
      double[] v = new double[steps];
      for (int t = 0; t < steps; t++) {
        v[t] = offset + scale * x[j][burn + t];
      }
      out.add(Series.of(Matrix.column("x" + j, v)));
    }
    return out;
  }

  private static double gaussian(SplittableRandom rng) {
    double u = rng.nextDouble();
    double w = rng.nextDouble();
    return Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * w);
  }
}
