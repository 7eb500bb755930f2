package org.infokernels.ot;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.infokernels.core.BackendKind;
import org.infokernels.core.Check;
import org.infokernels.core.Estimate;
import org.infokernels.core.InvalidInputException;
import org.infokernels.core.Matrix;
import org.infokernels.core.Precision;
import org.infokernels.core.RunSettings;
import org.infokernels.internal.Ranges;
import org.infokernels.internal.backend.Backend;
import org.infokernels.internal.math.OrderStatistics;
import org.infokernels.internal.ot.SinkhornResult;

/** Shared plumbing of the optimal-transport estimators: checks, the default ε, weights, solves. */
final class OtSupport {
  private OtSupport() {}

  /** rows of each sample that the default ε looks at (java/docs/cli.md) */
  static final int EPSILON_ROWS = 2000;
  /** the default ε is this fraction of the median cost */
  static final double EPSILON_FACTOR = 0.1;
  /** weights must sum to 1 within this */
  static final double WEIGHT_SUM_TOL = 1e-9;

  static void checkCommon(Double epsilon, int maxIter, double tol, double scaling) {
    if (epsilon != null) {
      Check.positive("epsilon", epsilon);
    }
    Check.atLeast("max-iter", maxIter, 1);
    Check.finiteNonNegative("tol", tol);
    if (!(scaling == 0.0 || (scaling > 0.0 && scaling < 1.0))) {
      throw new InvalidInputException("epsilon-scaling = " + scaling + " must be 0 (off) or a ratio in (0, 1)");
    }
  }

  /** both samples in the same space */
  static void sameColumns(Matrix x, Matrix y) {
    if (x.cols() != y.cols()) {
      throw new InvalidInputException(x.name() + " has " + x.cols() + " columns but " + y.name() + " has " + y.cols()
          + "; both samples must live in the same space");
    }
  }

  /**
   * java/docs/cli.md default: 0.1 × numpy's median (mean of the two middle values for an even count) of the
   * squared Euclidean costs between the first min(n, 2000) rows of x and the first min(m, 2000) rows of y.
   */
  static double defaultEpsilon(Matrix x, Matrix y) {
    int r = Math.min(x.rows(), EPSILON_ROWS);
    int s = Math.min(y.rows(), EPSILON_ROWS);
    int d = x.cols();
    double[] xv = x.toRowMajor();
    double[] yv = y.toRowMajor();
    double[] c = new double[r * s];
    for (int i = 0; i < r; i++) {
      for (int j = 0; j < s; j++) {
        double sum = 0;
        for (int k = 0; k < d; k++) {
          double t = xv[i * d + k] - yv[j * d + k];
          sum += t * t;
        }
        c[i * s + j] = sum;
      }
    }
    double med = OrderStatistics.median(c);
    double eps = EPSILON_FACTOR * med;
    if (!(eps > 0)) {
      throw new InvalidInputException("the default epsilon is 0: the median cost between " + x.name() + " and "
          + y.name() + " is 0 (at least half of the pairs coincide); give epsilon explicitly");
    }
    return eps;
  }

  static double epsilon(Double given, Matrix x, Matrix y) {
    return given != null ? given : defaultEpsilon(x, y);
  }

  /**
   * Checked weights of the rows of {@code of}: null (uniform), else finite, ≥ 0 and summing to 1
   * within 1e-9. Returns a copy.
   */
  static double[] weights(String name, double[] w, Matrix of) {
    if (w == null) {
      return null;
    }
    if (w.length != of.rows()) {
      throw new InvalidInputException(name + " has " + w.length + " weights but " + of.name() + " has " + of.rows()
          + " rows");
    }
    double sum = 0;
    for (int i = 0; i < w.length; i++) {
      if (!Double.isFinite(w[i]) || w[i] < 0) {
        throw new InvalidInputException(name + ": weight " + i + " (0-based) is " + w[i]
            + "; weights must be finite and >= 0");
      }
      sum += w[i];
    }
    if (!(Math.abs(sum - 1.0) <= WEIGHT_SUM_TOL)) {
      throw new InvalidInputException(name + ": the weights sum to " + sum + ", not 1 (tolerance "
          + WEIGHT_SUM_TOL + "); normalise them");
    }
    return w.clone();
  }

  /** double, or FLOAT on the cuda backend (the only one with float OT kernels); FLOAT elsewhere is refused */
  static Precision precision(Backend backend, RunSettings s, Estimate.Builder b) {
    if (s.precision() == Precision.FLOAT && backend.kind() != BackendKind.CUDA) {
      throw new InvalidInputException("precision " + s.precision().label() + " of the optimal-transport kernels is"
          + " implemented on the cuda backend only; the " + backend.kind().label() + " backend computes in double"
          + " (use RunSettings.withPrecision(Precision.DOUBLE))");
    }
    return s.precision();
  }

  /**
   * ε below this fraction of the samples' squared diameter is refused: the log-domain potentials
   * C/ε exceed 10¹², and exp((f + g − C)/ε) keeps fewer than 4 of double's 16 digits
   */
  static final double MIN_EPSILON_RATIO = 1e-12;

  /**
   * The samples of one OT estimate with one power of two 2^−e applied to all of them when they lie
   * outside the safe range ({@link Ranges}: costs scale by 2^−2e, so ε does too, and the values are
   * scaled back by 2^2e), and ε in the scaled units.
   *
   * @param samples  the scaled samples, in the order given
   * @param e        the exponent (0: untouched)
   * @param eps      ε for the scaled samples
   * @param epsilon  ε in the units of the input, as reported
   */
  record Scaled(Matrix[] samples, int e, double eps, double epsilon) {
    /** a cost-like value of the scaled problem in the input's units (refused if it leaves the double range) */
    double unscale(String what, double v) {
      return Ranges.unscale(what, v, 2 * e);
    }
  }

  /**
   * Scales the samples, resolves ε (the default is taken on the first two of {@code samples}: the
   * two measures compared) and refuses an ε that double precision cannot solve for.
   */
  static Scaled scaled(Double given, Matrix... samples) {
    int e = Ranges.exponent(samples);
    Matrix[] ms = Ranges.scaled(e, samples);
    double eps = given != null ? Math.scalb(given, -2 * e) : defaultEpsilon(ms[0], ms[1]);
    double reported = given != null ? given : Math.scalb(eps, 2 * e);
    double diam2 = squaredDiameter(ms);
    if (!(eps >= MIN_EPSILON_RATIO * diam2) || eps == 0) {
      throw new InvalidInputException("epsilon = " + reported + " is below " + MIN_EPSILON_RATIO + " x the squared diameter"
          + " of the samples (" + Math.scalb(diam2, 2 * e) + "): the log-domain potentials C/epsilon would exceed 1e12"
          + " and exp((f + g - C)/epsilon) would lose every digit in double precision; use epsilon >= "
          + OtSupport.number(Math.scalb(MIN_EPSILON_RATIO * diam2, 2 * e)) + " (typically 0.01-0.1 x the median cost)");
    }
    if (!Double.isFinite(eps)) {
      throw new InvalidInputException("epsilon = " + reported + " is too large for samples of squared diameter "
          + Math.scalb(diam2, 2 * e) + " (it overflows once the data are brought into range); give a smaller epsilon");
    }
    return new Scaled(ms, e, eps, reported);
  }

  /** the squared diagonal of the bounding box of all the samples (≥ every cost between them) */
  static double squaredDiameter(Matrix... ms) {
    int d = ms[0].cols();
    double sum = 0;
    for (int c = 0; c < d; c++) {
      double lo = Double.POSITIVE_INFINITY;
      double hi = Double.NEGATIVE_INFINITY;
      for (Matrix m : ms) {
        for (int i = 0; i < m.rows(); i++) {
          lo = Math.min(lo, m.get(i, c));
          hi = Math.max(hi, m.get(i, c));
        }
      }
      sum += (hi - lo) * (hi - lo);
    }
    return sum;
  }

  /**
   * One Sinkhorn problem on the backend. Points of zero weight play no part in the plan and are
   * dropped first (the native kernels take log a).
   */
  static SinkhornResult solve(Backend backend, Matrix x, double[] a, Matrix y, double[] b, double eps,
                              boolean symmetric, int maxIter, double tol, double scaling, Precision precision,
                              int threads) {
    int[] keepX = positive(a);
    int[] keepY = symmetric ? null : positive(b);
    Matrix xs = keepX == null ? x : x.selectRows(keepX);
    Matrix ys = symmetric ? xs : keepY == null ? y : y.selectRows(keepY);
    double[] as = keepX == null ? a : select(a, keepX);
    double[] bs = symmetric ? null : keepY == null ? b : select(b, keepY);
    double[] xd = xs.toRowMajor();
    double[] yd = symmetric ? xd : ys.toRowMajor();
    return backend.sinkhorn(xd, xs.rows(), yd, ys.rows(), x.cols(), as, bs, eps, symmetric, maxIter, tol, scaling,
        precision, threads);
  }

  /** indices of the positive weights, or null when all are positive (or w is null) */
  private static int[] positive(double[] w) {
    if (w == null) {
      return null;
    }
    int count = 0;
    for (double v : w) {
      if (v > 0) {
        count++;
      }
    }
    if (count == w.length) {
      return null;
    }
    int[] idx = new int[count];
    int q = 0;
    for (int i = 0; i < w.length; i++) {
      if (w[i] > 0) {
        idx[q++] = i;
      }
    }
    return idx;
  }

  private static double[] select(double[] w, int[] idx) {
    double[] out = new double[idx.length];
    for (int i = 0; i < idx.length; i++) {
      out[i] = w[idx[i]];
    }
    return out;
  }

  static String number(double v) {
    return String.format(Locale.ROOT, "%.3g", v);
  }

  /** the warning of a problem that stopped at max-iter */
  static String notConverged(String what, SinkhornResult r, int maxIter, double tol, boolean symmetric) {
    String why = symmetric ? "the potential still changed by at least tol = " + number(tol) + " per iteration"
        : "marginal error " + number(r.marginalError()) + " >= tol = " + number(tol);
    return what + " did not converge in " + maxIter + " iterations (" + why + "); the values are those of the last "
        + "iterate: raise max-iter, or use a larger epsilon or epsilon scaling";
  }

  /**
   * The three problems of S_ε(x, y) = W(α,β) − ½W(α,α) − ½W(β,β) (java/docs/conventions/ot.md).
   * FEYDY: W = OT_ε, self terms by the symmetric solver; POT: W = ⟨P,C⟩ by alternating solves, then max(0, ·).
   */
  static Divergence divergence(Backend backend, Matrix x, double[] a, Matrix y, double[] b, double eps,
                               SinkhornVariant variant, int maxIter, double tol, double scaling, Precision precision,
                               int threads) {
    boolean feydy = variant == SinkhornVariant.FEYDY;
    SinkhornResult xy = solve(backend, x, a, y, b, eps, false, maxIter, tol, scaling, precision, threads);
    SinkhornResult xx = solve(backend, x, a, x, a, eps, feydy, maxIter, tol, scaling, precision, threads);
    SinkhornResult yy = solve(backend, y, b, y, b, eps, feydy, maxIter, tol, scaling, precision, threads);
    double wxy = feydy ? xy.regularized() : xy.cost();
    double wxx = feydy ? xx.regularized() : xx.cost();
    double wyy = feydy ? yy.regularized() : yy.cost();
    double s = wxy - 0.5 * (wxx + wyy);
    if (!feydy) {
      s = Math.max(0.0, s);
    }
    return new Divergence(s, wxy, wxx, wyy, xy, xx, yy, feydy);
  }

  /** the divergence and its three problems */
  record Divergence(double value, double wxy, double wxx, double wyy, SinkhornResult xy, SinkhornResult xx,
                    SinkhornResult yy, boolean symmetricSelf) {
    /** the values in the input's units (see {@link Scaled}) */
    Divergence unscaled(Scaled sc, String what) {
      if (sc.e() == 0) {
        return this;
      }
      return new Divergence(sc.unscale(what, value), sc.unscale(what, wxy), sc.unscale(what, wxx),
          sc.unscale(what, wyy), xy, xx, yy, symmetricSelf);
    }

    /** sweeps of the three problems together */
    int totalIterations() {
      return xy.iterations() + xx.iterations() + yy.iterations();
    }

    Map<String, Double> terms() {
      Map<String, Double> m = new LinkedHashMap<>();
      m.put("xy", wxy);
      m.put("xx", wxx);
      m.put("yy", wyy);
      return m;
    }

    List<Integer> iterations() {
      return List.of(xy.iterations(), xx.iterations(), yy.iterations());
    }

    boolean converged() {
      return xy.converged() && xx.converged() && yy.converged();
    }

    /** the extras and warnings every divergence-based estimate reports */
    void report(Estimate.Builder b, String what, int maxIter, double tol) {
      b.extra("terms", terms()).extra("iterations", iterations()).converged(converged()).iterations(totalIterations());
      String[] names = {"OT(x, y)", "OT(x, x)", "OT(y, y)"};
      SinkhornResult[] rs = {xy, xx, yy};
      for (int t = 0; t < 3; t++) {
        if (!rs[t].converged()) {
          b.warning(notConverged(what + ": the term " + names[t], rs[t], maxIter, tol, t > 0 && symmetricSelf));
        }
      }
    }
  }
}
