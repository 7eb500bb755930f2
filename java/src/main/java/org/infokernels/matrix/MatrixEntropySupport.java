package org.infokernels.matrix;

import java.util.Arrays;
import java.util.List;
import org.infokernels.core.InvalidInputException;
import org.infokernels.core.Matrix;
import org.infokernels.core.RunSettings;
import org.infokernels.internal.Estimation;
import org.infokernels.internal.Ranges;
import org.infokernels.internal.matrix.CovarianceGrams;

/** Shared plumbing of the matrix entropies: spectra → entropies, and batches of covariance Gram matrices. */
final class MatrixEntropySupport {
  private MatrixEntropySupport() {}

  /** −Σ p ln p over p = w_i/trace of w[off .. off + m), negative round-off clipped to 0, 0 ln 0 = 0 */
  static double vonNeumann(double[] w, int off, int m, double trace) {
    double h = 0;
    for (int i = 0; i < m; i++) {
      double p = w[off + i] / trace;
      if (p > 0) {
        h -= p * Math.log(p);
      }
    }
    return h;
  }

  /**
   * UNComp's truncated entropy from the m eigenvalues w of the d × d matrix A (m = d), or of its
   * n × n twin (m = n &lt; d: the d − m missing eigenvalues are 0): σ = |λ/tr A + jitter| for all
   * d of them, descending, H_K = −Σ_{i ≤ K} σ_i ln σ_i / ln d.
   */
  static double truncated(double[] w, int off, int m, double trace, int d, int rank) {
    double jitter = TruncatedEntropyOptions.JITTER;
    double[] s = new double[d];
    for (int i = 0; i < m; i++) {
      s[i] = Math.abs(w[off + i] / trace + jitter);
    }
    for (int i = m; i < d; i++) {
      s[i] = jitter;
    }
    Arrays.sort(s);
    double h = 0;
    for (int i = d - 1; i >= d - rank; i--) {
      if (s[i] > 0) {
        h -= s[i] * Math.log(s[i]);
      }
    }
    return h / Math.log(d);
  }

  /** −Σ p ln p with p_i = |w_i|^t / Σ_j |w_j|^t (0 ln 0 = 0): the DSE of a diffusion spectrum */
  static double entropyOfPowers(double[] w, int t) {
    double[] p = new double[w.length];
    double sum = 0;
    for (int i = 0; i < w.length; i++) {
      p[i] = t == 1 ? Math.abs(w[i]) : Math.pow(Math.abs(w[i]), t);
      sum += p[i];
    }
    double h = 0;
    for (double v : p) {
      double q = v / sum;
      if (q > 0) {
        h -= q * Math.log(q);
      }
    }
    return h;
  }

  static double trace(double[] a, int off, int m) {
    double t = 0;
    for (int i = 0; i < m; i++) {
      t += a[off + i * m + i];
    }
    return t;
  }

  /** every item has the shape of the first; a batch is not empty */
  static void requireSameShape(List<Matrix> items) {
    if (items.isEmpty()) {
      throw new InvalidInputException("the batch is empty (0 matrices)");
    }
    Matrix first = items.get(0);
    for (int b = 1; b < items.size(); b++) {
      Matrix m = items.get(b);
      if (m.rows() != first.rows() || m.cols() != first.cols()) {
        throw new InvalidInputException("batch item " + b + " (" + m.name() + ") is " + m.rows() + " x " + m.cols()
            + " but item 0 (" + first.name() + ") is " + first.rows() + " x " + first.cols()
            + "; every matrix of a batch must have the same shape");
      }
    }
  }

  /** the matrices of a [batch][rows][cols] array, named name[0], name[1], ... */
  static List<Matrix> items(String name, double[][][] x) {
    if (x.length == 0) {
      throw new InvalidInputException(name + ": the batch is empty (0 matrices)");
    }
    Matrix[] out = new Matrix[x.length];
    for (int b = 0; b < x.length; b++) {
      out[b] = Matrix.of(name + "[" + b + "]", x[b]);
    }
    return List.of(out);
  }

  /**
   * The covariance-type Gram matrices of a batch, each on its smaller side (m = min(n, d)), one
   * after the other (batch × m × m), built on {@code threads} threads: Xc column-centred, rows
   * scaled to unit norm when {@code rowNormalize} (UNComp's R), times {@code scale}.
   */
  static double[] grams(List<Matrix> items, boolean rowNormalize, double scale, int threads) {
    int n = items.get(0).rows();
    int d = items.get(0).cols();
    int m = CovarianceGrams.gramSize(n, d);
    if ((long) items.size() * m * m > Integer.MAX_VALUE - 8L) {
      throw new org.infokernels.core.ResourceLimitException("the " + items.size() + " Gram matrices of " + m + " x " + m
          + " have more than 2^31 - 1 elements together; split the batch");
    }
    org.infokernels.internal.MemoryGuard.requireDense("the " + m + " x " + m + " Gram matrix", m, 2, 1,
        "fewer rows or fewer features (the Gram matrix is min(n, d) square)");
    double[] out = new double[items.size() * m * m];
    forEachItem(items.size(), threads, b -> {
      Matrix item = items.get(b);
      double[] x = item.toRowMajor();
      CovarianceGrams.centreColumns(x, 0, n, d);
      if (rowNormalize) {
        int zero = CovarianceGrams.normalizeRows(x, 0, n, d);
        if (zero >= 0) {
          throw new InvalidInputException(item.name() + ": row " + zero + " (0-based) equals the column means, so it is 0"
              + " after centring and cannot be scaled to unit norm (truncated entropy normalises every centred row)");
        }
      }
      CovarianceGrams.smallerGram(x, 0, n, d, scale, out, b * m * m);
    });
    return out;
  }

  /** body(b) for every item on up to {@code threads} threads (0: all cores); the first failure is rethrown */
  static void forEachItem(int count, int threads, java.util.function.IntConsumer body) {
    org.infokernels.internal.Parallel.forEach(count, threads, body);
  }

  /**
   * x rescaled by a power of two when its magnitude is outside the safe range ({@link Ranges});
   * for measures of A/tr(A) that do not depend on the scale of x (von Neumann cov/linear, UNComp)
   */
  static Matrix inRange(Matrix x) {
    return x.timesPowerOfTwo(-Ranges.exponent(x));
  }

  /** each item standardised / jittered as the settings ask, then brought into range ({@link #inRange}) */
  static List<Matrix> prepared(RunSettings s, List<Matrix> items) {
    Matrix[] p = Estimation.prepare(s, items.toArray(new Matrix[0]));
    for (int i = 0; i < p.length; i++) {
      p[i] = inRange(p[i]);
    }
    return List.of(p);
  }

  /** the stages of a batch: Gram matrices in Java, the eigenproblems where the backend runs them */
  static java.util.Map<String, String> batchStages(org.infokernels.internal.backend.Backend backend, boolean batched, int m) {
    java.util.Map<String, String> st = new java.util.LinkedHashMap<>();
    st.put("gram", "java");
    st.put("eigen", backend.stageLabel(!batched ? org.infokernels.internal.backend.Backend.Stage.EIGEN
        : org.infokernels.internal.backend.Backend.Stage.BATCHED_EIGEN, m));
    return st;
  }
}
