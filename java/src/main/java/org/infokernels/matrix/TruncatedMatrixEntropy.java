package org.infokernels.matrix;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.infokernels.core.BatchEstimate;
import org.infokernels.core.Estimate;
import org.infokernels.core.InvalidInputException;
import org.infokernels.core.Matrix;
import org.infokernels.core.RunSettings;
import org.infokernels.internal.Estimation;
import org.infokernels.internal.backend.Backend;
import org.infokernels.internal.backend.Backends;
import org.infokernels.internal.matrix.CovarianceGrams;

/**
 * Truncated matrix entropy of UNComp (Xiong et al. [1]; repo menik1126/UNComp,
 * {@code uncomp/utils/entropy_utils.py cal_entropy_no_group_svd}), exactly as that code computes it:
 * <ol>
 *   <li>R = X minus the mean over the rows (tokens); every row scaled to unit L2 norm;</li>
 *   <li>A = RᵀR/n (d × d), so tr A = 1;</li>
 *   <li>σ₁ ≥ σ₂ ≥ … = singular values (= eigenvalues: A is PSD) of A/tr(A) + 10⁻¹⁰·I;</li>
 *   <li>H_K = −Σ_{i ≤ K} σᵢ ln σᵢ / ln d.</li>
 * </ol>
 * The value is normalised by ln d, so it is dimensionless (the same in every log base; the unit
 * option does not apply). K = d gives the full von Neumann entropy of the jittered A over ln d;
 * because of the row normalisation it is not vN(cov)/ln d. When n &lt; d the n × n twin RRᵀ/n is
 * decomposed instead (the same non-zero spectrum; the other d − n eigenvalues are exactly the
 * jitter). Time O(n·d·m + m³), m = min(n, d); requires d ≥ 2 (ln d &gt; 0) and 1 ≤ K ≤ d.
 *
 * <p>{@link #estimateBatch} takes many matrices of one shape — UNComp's use, e.g. one layer's 32
 * heads × 128 tokens × 128 dims — and solves their eigenproblems in one backend call (cpu: LAPACK
 * per matrix, threads over the batch; cuda: one Jacobi thread block per matrix; java: EJML).
 *
 * <p>[1] J. Xiong et al., "UNComp: Uncertainty-Aware Long-Context Compressor for Efficient Large
 * Language Model Inference", arXiv:2410.03090 (2024).
 */
public final class TruncatedMatrixEntropy {
  private final TruncatedEntropyOptions options;

  /** An estimator with {@code options}; throws {@link NullPointerException} if they are null. */
  public TruncatedMatrixEntropy(TruncatedEntropyOptions options) {
    this.options = Objects.requireNonNull(options, "options");
  }

  /**
   * H_K of one matrix x (n × d) by the steps of the class javadoc: {@link #estimateBatch(List)} of a
   * batch of one. Dimensionless.
   *
   * @param x n × d matrix, rows are tokens (samples)
   * @return the estimate (dimensionless); extras {@code rank}, {@code gram_size}
   * @throws InvalidInputException if d &lt; 2, the rank exceeds d, the precision is not double, a
   *         centred row is 0 (it cannot be scaled to unit norm), or standardisation meets a constant
   *         column
   * @throws org.infokernels.core.BackendUnavailableException if the settings ask for a backend that cannot run here
   */
  public Estimate estimate(Matrix x) {
    return estimateBatch(List.of(x)).summaryOfOne();
  }

  /**
   * One value per matrix of {@code x} ([batch][rows][cols]), named x[0], x[1], ... in messages; see
   * {@link #estimateBatch(List)}.
   *
   * @throws InvalidInputException as {@link #estimateBatch(List)}, and for a ragged matrix or a NaN
   *         or infinite value
   */
  public BatchEstimate estimateBatch(double[][][] x) {
    return estimateBatch(MatrixEntropySupport.items("x", x));
  }

  /**
   * One value per matrix (all of one shape), every eigenproblem of the batch in one backend call
   * ({@code Backend.batchedSymEigenvalues}), after the standardisation and jitter the settings ask for.
   *
   * @param items the matrices, n × d each
   * @return the values (dimensionless), in batch order; extras {@code rank}, {@code gram_size}
   * @throws InvalidInputException if the batch is empty or its shapes differ, d &lt; 2, the rank
   *         exceeds d, the precision is not double, a centred row is 0 (it cannot be scaled to unit
   *         norm), or standardisation meets a constant column
   * @throws org.infokernels.core.BackendUnavailableException if the settings ask for a backend that
   *         cannot run here
   */
  public BatchEstimate estimateBatch(List<Matrix> items) {
    MatrixEntropySupport.requireSameShape(items);
    Matrix first = items.get(0);
    int n = first.rows();
    int d = first.cols();
    if (d < 2) {
      throw new InvalidInputException(first.name() + " has d = " + d + " column; the truncated entropy is normalised by"
          + " ln d and needs d >= 2");
    }
    int k = options.rank();
    if (k > d) {
      throw new InvalidInputException("rank = " + k + " is larger than the number of columns of " + first.name()
          + " (d = " + d + ")");
    }
    RunSettings s = options.settings();
    Estimation.requireDouble(s, "truncated-entropy");
    Backend backend = Backends.select(s.backend());
    long t0 = System.nanoTime();
    // every row is scaled to unit norm: the value does not depend on the scale of x
    items = MatrixEntropySupport.prepared(s, items);
    int m = CovarianceGrams.gramSize(n, d);
    int batch = items.size();
    double[] a = MatrixEntropySupport.grams(items, true, 1.0 / n, s.threads());
    double[] tr = new double[batch];
    for (int i = 0; i < batch; i++) {
      tr[i] = MatrixEntropySupport.trace(a, i * m * m, m);
    }
    double[] w = batch == 1 ? backend.symEigenvalues(a, m, s.threads())
        : backend.batchedSymEigenvalues(a, batch, m, s.threads());
    double[] values = new double[batch];
    for (int i = 0; i < batch; i++) {
      values[i] = MatrixEntropySupport.truncated(w, i * m, m, tr[i], d, k);
    }
    Map<String, Object> extras = new LinkedHashMap<>();
    extras.put("rank", k);
    extras.put("gram_size", m);
    List<String> warnings = new ArrayList<>();
    return new BatchEstimate("truncated-entropy", "uncomp", values, true, backend.kind().label(), n, d,
        Estimation.secondsSince(t0), extras, warnings, MatrixEntropySupport.batchStages(backend, batch > 1, m));
  }
}
