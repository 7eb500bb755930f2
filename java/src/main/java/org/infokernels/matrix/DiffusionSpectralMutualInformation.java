package org.infokernels.matrix;

import java.util.Arrays;
import java.util.Objects;
import java.util.SplittableRandom;
import org.infokernels.core.Estimate;
import org.infokernels.core.InvalidInputException;
import org.infokernels.core.Matrix;
import org.infokernels.core.RunSettings;
import org.infokernels.internal.Estimation;
import org.infokernels.internal.backend.Backend;
import org.infokernels.internal.backend.Backends;
import org.infokernels.internal.support.KernelSupport;
import org.infokernels.internal.support.SpectralSupport;

/**
 * Diffusion spectral mutual information in nats between X and discrete class labels Y (Liao et
 * al. [1], Def. 2; repo ChenLiu-1996/DiffusionSpectralEntropy, {@code dse_dsmi/dsmi.py}):
 * <pre>  DSMI(X; Y) = Σ_c p(c) · [ mean_r DSE(X_{S_{c,r}}) − DSE(X | Y = c) ],  p(c) = n_c / n</pre>
 * with {@link DiffusionSpectralEntropy} as DSE, X | Y = c the rows of class c, and S_{c,r}
 * (r = 1..repeats) random subsets of all n rows of size n_c, drawn without replacement.
 *
 * <p>Random subsets: for the class at position j of the sorted distinct labels, by partial
 * Fisher–Yates shuffles from {@code java.util.SplittableRandom(seed + j)}, one subset after the
 * other — reproducible from the seed, but not the canonical code's Python {@code random.sample}
 * stream (reseeded per class) nor numpy's: the marginal term, hence the value, differs from theirs
 * by the sampling noise (std ≈ 0.02 nats on 400 rows). The conditional part
 * Σ_c p(c)·DSE(X | Y = c) is deterministic and exact; it is reported as {@code conditional_part},
 * with {@code marginal_part} and per class ({@code classes}, {@code class_counts},
 * {@code conditional_entropies}, {@code marginal_entropies}, {@code class_parts}), all in nats.
 *
 * <p>σ = 10 absolute by default as in the original (the median heuristic is computed once on all
 * of X); t = 1; the original reports bits. Each DSE takes the route of {@code method} for its own
 * size; with SLQ, {@code std_error} combines the DSEs' standard errors. Labels: at least 2 classes,
 * one label per row. Time: classes × (repeats + 1) DSEs of n_c rows.
 *
 * <p>[1] D. Liao et al., arXiv:2312.04823 (2023).
 */
public final class DiffusionSpectralMutualInformation {
  private final DsmiOptions options;

  /** An estimator with {@code options}; throws {@link NullPointerException} if they are null. */
  public DiffusionSpectralMutualInformation(DsmiOptions options) {
    this.options = Objects.requireNonNull(options, "options");
  }

  /**
   * DSMI in nats between the sample and its class labels by the formula of the class javadoc, after
   * the standardisation and jitter the settings ask for.
   *
   * @param input  n × d sample, one row per point
   * @param labels one integer class label per row of input
   * @return the estimate in nats; extras as listed in the class javadoc and {@code sigma_x},
   *         {@code t}, {@code repeats}, {@code method}
   * @throws InvalidInputException if labels and input have different lengths, all labels are equal,
   *         the precision is not double, standardisation meets a constant column, or σ is unusable
   *         (median heuristic giving 0, an explicit σ below 2^-500 of the data's magnitude)
   * @throws org.infokernels.core.BackendUnavailableException if the settings ask for a backend that
   *         cannot run here
   * @throws NullPointerException if {@code labels} is null
   */
  public Estimate estimate(Matrix input, int[] labels) {
    Objects.requireNonNull(labels, "labels");
    int n = input.rows();
    if (labels.length != n) {
      throw new InvalidInputException("labels have " + labels.length + " rows but " + input.name() + " has " + n);
    }
    int[] classes = Arrays.stream(labels).distinct().sorted().toArray();
    if (classes.length < 2) {
      throw new InvalidInputException("labels: all " + n + " rows are in one class (" + classes[0]
          + "); DSMI needs at least 2 classes");
    }
    RunSettings s = options.settings();
    Estimation.requireDouble(s, "dsmi");
    Backend backend = Backends.select(s.backend());
    long t0 = System.nanoTime();
    // σ is absolute: data and σ are rescaled together when out of range (Ranges); the median
    // heuristic, if asked, is computed once on all of X
    KernelSupport.Variable v = KernelSupport.rbf(Estimation.prepare(s, input)[0], options.sigma(), s.seed());
    Matrix x = Matrix.of(input.name(), v.data(), n, input.cols());
    double sigma = v.kernel().sigma();
    int nc = classes.length;
    int[] counts = new int[nc];
    double[] conditional = new double[nc];
    double[] marginal = new double[nc];
    double[] parts = new double[nc];
    double conditionalPart = 0;
    double marginalPart = 0;
    double var = 0;
    double quadrature = 0;
    boolean slq = false;
    for (int j = 0; j < nc; j++) {
      int c = classes[j];
      int[] rows = java.util.stream.IntStream.range(0, n).filter(i -> labels[i] == c).toArray();
      counts[j] = rows.length;
      SpectralSupport.Spectral cond = dse(backend, x.selectRows(rows), sigma);
      SplittableRandom rng = new SplittableRandom(s.seed() + j);
      double sum = 0;
      double margVar = 0;
      for (int r = 0; r < options.repeats(); r++) {
        SpectralSupport.Spectral m = dse(backend,
            x.selectRows(Estimation.randomSubset(n, rows.length, rng)), sigma);
        sum += m.value();
        margVar += m.stdError() * m.stdError();
        quadrature += (double) rows.length / n * m.quadratureError() / options.repeats();
        slq |= m.method().equals("slq");
      }
      slq |= cond.method().equals("slq");
      quadrature += (double) rows.length / n * cond.quadratureError();
      double p = (double) rows.length / n;
      conditional[j] = cond.value();
      marginal[j] = sum / options.repeats();
      parts[j] = p * (marginal[j] - conditional[j]);
      conditionalPart += p * conditional[j];
      marginalPart += p * marginal[j];
      var += p * p * (cond.stdError() * cond.stdError() + margVar / ((double) options.repeats() * options.repeats()));
    }
    Estimate.Builder b = Estimate.builder("dsmi").estimator("diffusion-spectral").value(marginalPart - conditionalPart)
        .backend(backend.kind().label()).n(n).dims(x.cols()).extra("sigma_x", v.sigma()).extra("t", options.t())
        .extra("repeats", options.repeats())
        .extra("method", options.method().label()).extra("conditional_part", conditionalPart)
        .extra("marginal_part", marginalPart).extra("classes", classes).extra("class_counts", counts)
        .extra("conditional_entropies", conditional).extra("marginal_entropies", marginal).extra("class_parts", parts);
    if (slq) {
      b.stdError(Math.sqrt(var)).extra("quadrature_error", quadrature);
    }
    SpectralSupport.stages(b, backend, slq ? "slq" : "exact", n);
    return b.seconds(Estimation.secondsSince(t0)).build();
  }

  private SpectralSupport.Spectral dse(Backend backend, Matrix rows, double sigma) {
    RunSettings s = options.settings();
    return DiffusionSpectralEntropy.compute(backend, rows.toRowMajor(), rows.cols(), sigma, options.t(), options.method(),
        options.probes(),
        options.lanczosSteps(), s.threads(), s.seed());
  }
}
