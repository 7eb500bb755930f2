package org.infokernels.matrix;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.DoubleUnaryOperator;
import org.infokernels.core.BatchEstimate;
import org.infokernels.core.Estimate;
import org.infokernels.core.InvalidInputException;
import org.infokernels.core.Matrix;
import org.infokernels.core.RunSettings;
import org.infokernels.core.SpectralMethod;
import org.infokernels.internal.Estimation;
import org.infokernels.internal.backend.Backend;
import org.infokernels.internal.backend.Backends;
import org.infokernels.internal.kernel.Kernel;
import org.infokernels.internal.matrix.CovarianceGrams;
import org.infokernels.internal.support.GramOperator;
import org.infokernels.internal.support.KernelSupport;
import org.infokernels.internal.support.SpectralSupport;
import org.infokernels.internal.support.SpectralTraces;

/**
 * von Neumann entropy in nats of a trace-normalised PSD matrix built from X:
 * <pre>  S(A) = −Σᵢ λᵢ ln λᵢ,  λ = eigenvalues of A/tr(A), negative round-off clipped to 0, 0 ln 0 = 0</pre>
 * <ul>
 *   <li>{@code cov} (default): A = XcᵀXc (d × d), Xc = X minus its column means; {@code linear}:
 *       A = XcXcᵀ (n × n). Both have the same non-zero spectrum, so both compute the Gram matrix on
 *       the smaller side, min(n, d) (the result is the same number; {@code gram_size} reports
 *       which). Time O(n·d·m + m³), memory O(m²), m = min(n, d). An isotropic covariance gives
 *       ln d, a rank-r covariance with equal eigenvalues ln r.</li>
 *   <li>{@code rbf}: A = K, K_ij = exp(−‖x_i − x_j‖²/(2σ²)) (σ default: median heuristic), i.e. the
 *       matrix-based Rényi entropy of order α = 1 (Sánchez Giraldo et al. [2]). Exact eigenvalues of the
 *       n × n matrix (O(n³) time, O(n²) memory), or SLQ on matrix-free products of A = K/n with
 *       f(λ) = λ ln λ (O(s·n²·(d + p)) time, O(n·p) memory; reports {@code std_error}).</li>
 * </ul>
 * {@link #estimateBatch} takes many matrices of one shape (e.g. 32 attention heads × 128 tokens ×
 * 128 features) and solves their eigenproblems in one backend call (cpu: LAPACK per matrix with
 * threads over the batch; cuda: one Jacobi thread block per matrix; java: EJML per matrix);
 * kinds cov and linear only.
 *
 * <p>[1] J. von Neumann, Mathematische Grundlagen der Quantenmechanik (1932).
 * [2] L. G. Sánchez Giraldo, M. Rao, J. C. Príncipe, IEEE Trans. Inf. Theory 61(1), 535–548 (2015).
 */
public final class VonNeumannEntropy {
  private final VonNeumannOptions options;

  /** An estimator with {@code options}; throws {@link NullPointerException} if they are null. */
  public VonNeumannEntropy(VonNeumannOptions options) {
    this.options = Objects.requireNonNull(options, "options");
  }

  /**
   * S(A) in nats of the matrix A of the options' kind built from the sample (class javadoc), after
   * the standardisation and jitter the settings ask for.
   *
   * @param input n × d sample, one row per point
   * @return the estimate in nats; extras {@code gram_size} (cov, linear) or {@code sigma_x},
   *         {@code method} and, for SLQ, {@code std_error}, {@code quadrature_error},
   *         {@code probes}, {@code lanczos_steps} (rbf)
   * @throws InvalidInputException if the precision is not double, all rows are equal (cov, linear:
   *         A = 0), standardisation meets a constant column, or σ is unusable (rbf: median heuristic
   *         on fewer than 2 rows or giving 0, an explicit σ below 2^-500 of the data's magnitude)
   * @throws org.infokernels.core.BackendUnavailableException if the settings ask for a backend that cannot run here
   */
  public Estimate estimate(Matrix input) {
    RunSettings s = options.settings();
    Estimation.requireDouble(s, "von-neumann");
    Backend backend = Backends.select(s.backend());
    long t0 = System.nanoTime();
    Matrix x = Estimation.prepare(s, input)[0];
    int n = x.rows();
    int d = x.cols();
    Estimate.Builder b = Estimate.builder("von-neumann").estimator(options.kind().label()).backend(backend.kind().label())
        .n(n).dims(d);
    if (options.kind() == VonNeumannKind.RBF) {
      KernelSupport.Variable v = KernelSupport.rbf(x, options.sigma(), s.seed());
      SpectralMethod m = options.method().resolve(n);
      b.extra("sigma_x", v.sigma()).extra("method", m.label());
      SpectralSupport.stages(b, backend, m.label(), n);
      if (m == SpectralMethod.EXACT) {
        SpectralSupport.requireExact("von-neumann: the exact spectrum", backend, n);
        // tr K = Σ K_ii = n exactly (RBF: K_ii = exp(0) = 1), as the sum of the explicit diagonal gave
        double tr = n;
        double[] w = backend.kernelSpectrum(v.data(), d, null, 0, n, v.kernel(), null, false, s.threads());
        b.value(MatrixEntropySupport.vonNeumann(w, 0, n, tr));
      } else {
        double[] xv = v.data();
        Kernel kernel = v.kernel();
        // A = K/n, tr A = 1 (K_ii = 1); S = −tr(A ln A)
        GramOperator a = new GramOperator(backend, xv, d, null, 0, n, kernel, null, null, 1.0 / n, s.threads());
        SpectralTraces.Traces t = SpectralTraces.estimate(a, 1.0, options.probes(), options.lanczosSteps(),
            new DoubleUnaryOperator[] {lam -> lam > 0 ? lam * Math.log(lam) : 0.0}, Estimation.stream(s.seed(), 5), true);
        b.value(-t.value()[0]).stdError(Math.sqrt(t.covarianceOfMeans(0, 0)))
            .extra("quadrature_error", t.bound()[0]).extra("probes", options.probes())
            .extra("lanczos_steps", t.steps());
      }
    } else {
      int m = CovarianceGrams.gramSize(n, d);
      // A/tr(A) does not depend on the scale of x: data near the ends of the double range are rescaled
      double[] a = MatrixEntropySupport.grams(List.of(MatrixEntropySupport.inRange(x)), false, 1.0, s.threads());
      b.stage("gram", "java").stage("eigen", backend.stageLabel(Backend.Stage.EIGEN, m));
      double tr = requirePositiveTrace(MatrixEntropySupport.trace(a, 0, m), x);
      double[] w = backend.symEigenvalues(a, m, s.threads());
      b.value(MatrixEntropySupport.vonNeumann(w, 0, m, tr)).extra("gram_size", m);
    }
    return b.seconds(Estimation.secondsSince(t0)).build();
  }

  /**
   * One entropy per matrix of {@code x} ([batch][rows][cols]); kinds cov and linear. The matrices
   * are named x[0], x[1], ... in messages; see {@link #estimateBatch(List)}.
   *
   * @throws InvalidInputException as {@link #estimateBatch(List)}, and for a ragged matrix or a NaN
   *         or infinite value
   */
  public BatchEstimate estimateBatch(double[][][] x) {
    return estimateBatch(MatrixEntropySupport.items("x", x));
  }

  /**
   * One entropy per matrix (all of one shape), with every eigenproblem of the batch in one call of
   * {@code Backend.batchedSymEigenvalues}; kinds cov and linear (each computes the min(n, d) Gram).
   *
   * @param items the matrices, n × d each
   * @return the entropies in nats, in batch order; extra {@code gram_size}
   * @throws InvalidInputException if the kind is rbf, the batch is empty or its shapes differ, the
   *         precision is not double, a matrix has all rows equal (A = 0), or standardisation meets a
   *         constant column
   * @throws org.infokernels.core.BackendUnavailableException if the settings ask for a backend that
   *         cannot run here
   */
  public BatchEstimate estimateBatch(List<Matrix> items) {
    if (options.kind() == VonNeumannKind.RBF) {
      throw new InvalidInputException("batched von Neumann entropy supports kind cov and linear, not rbf");
    }
    MatrixEntropySupport.requireSameShape(items);
    RunSettings s = options.settings();
    Estimation.requireDouble(s, "von-neumann");
    Backend backend = Backends.select(s.backend());
    items = MatrixEntropySupport.prepared(s, items);
    long t0 = System.nanoTime();
    int n = items.get(0).rows();
    int d = items.get(0).cols();
    int m = CovarianceGrams.gramSize(n, d);
    int batch = items.size();
    double[] a = MatrixEntropySupport.grams(items, false, 1.0, s.threads());
    double[] tr = new double[batch];
    for (int i = 0; i < batch; i++) {
      tr[i] = requirePositiveTrace(MatrixEntropySupport.trace(a, i * m * m, m), items.get(i));
    }
    double[] w = backend.batchedSymEigenvalues(a, batch, m, s.threads());
    double[] values = new double[batch];
    for (int i = 0; i < batch; i++) {
      values[i] = MatrixEntropySupport.vonNeumann(w, i * m, m, tr[i]);
    }
    Map<String, Object> extras = new LinkedHashMap<>();
    extras.put("gram_size", m);
    List<String> warnings = new ArrayList<>();
    Map<String, String> stages = MatrixEntropySupport.batchStages(backend, true, m);
    return new BatchEstimate("von-neumann", options.kind().label(), values, false, backend.kind().label(), n, d,
        Estimation.secondsSince(t0), extras, warnings, stages);
  }

  private static double requirePositiveTrace(double tr, Matrix x) {
    if (!(tr > 0)) {
      throw new InvalidInputException(x.name() + ": every row is the same (the centred data are 0), so A = 0 and its"
          + " von Neumann entropy is undefined");
    }
    return tr;
  }
}
