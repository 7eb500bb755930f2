package org.infokernels.pairwise;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;
import org.infokernels.core.Estimate;
import org.infokernels.core.Matrix;
import org.infokernels.core.RunSettings;
import org.infokernels.kernel.CkaOptions;
import org.infokernels.kernel.CsQmiOptions;
import org.infokernels.kernel.HsicOptions;
import org.infokernels.kernel.KernelType;
import org.infokernels.kernel.RenyiOptions;
import org.infokernels.knn.KsgOptions;
import org.infokernels.timeseries.TransferEntropyOptions;

/**
 * The measure of a {@link DependenceMatrix} with its options: the options record of the
 * single-pair estimator, unchanged, so that every entry of the matrix is what that estimator gives
 * for the pair ({@link #estimate}). The run settings inside the options (backend, threads, seed,
 * permutations, jitter, standardisation) apply to every pair; the seed of every pair is the seed
 * of the settings itself, so any entry can be reproduced with the single-pair API or command.
 *
 * <p>Measures: {@code mi} (KSG), {@code hsic}, {@code cka}, {@code cs-qmi}, {@code renyi-mi},
 * {@code transfer-entropy} (directed: the row variable is the source, the column variable the
 * target), {@code dcor} (distance correlation, {@link org.infokernels.testing.DistanceCorrelation}) and
 * {@link Custom} for any other single-pair estimator.
 */
public sealed interface PairMeasure
    permits PairMeasure.Mi, PairMeasure.Hsic, PairMeasure.Cka, PairMeasure.CsQmi, PairMeasure.RenyiMi,
    PairMeasure.TransferEntropy, PairMeasure.Dcor, PairMeasure.Custom {

  /** the names of the measures the pairwise command knows, in the order of java/docs/cli.md */
  List<String> NAMES = List.of("mi", "hsic", "cka", "cs-qmi", "dcor", "renyi-mi", "transfer-entropy");

  /**
   * Why the named measure cannot run in this build, or empty when it can (or the name is unknown;
   * see {@link #NAMES}); every named measure runs in this build.
   */
  static Optional<String> unavailable(String name) {
    return Optional.empty();
  }

  /** the command name of the measure ({@code "hsic"}, ...) */
  String name();

  /** true when the pairs are ordered (transfer entropy: source → target); false for symmetric measures */
  boolean directed();

  /** the run settings of every pair */
  RunSettings settings();

  /** the same measure with run settings {@code s} */
  PairMeasure withSettings(RunSettings s);

  /**
   * The single-pair estimate of this measure for (a, b): X = a and Y = b, or source = a and
   * target = b for transfer entropy. A dependence-matrix entry equals it.
   */
  Estimate estimate(Matrix a, Matrix b);

  /** KSG mutual information ({@link org.infokernels.knn.KsgMutualInformation}) with {@code options} */
  static Mi mi(KsgOptions options) {
    return new Mi(options);
  }

  /** HSIC ({@link org.infokernels.kernel.Hsic}) with {@code options} */
  static Hsic hsic(HsicOptions options) {
    return new Hsic(options);
  }

  /** CKA ({@link org.infokernels.kernel.Cka}) with {@code options} */
  static Cka cka(CkaOptions options) {
    return new Cka(options);
  }

  /** Cauchy–Schwarz QMI ({@link org.infokernels.kernel.CauchySchwarzQmi}) with {@code options} */
  static CsQmi csQmi(CsQmiOptions options) {
    return new CsQmi(options);
  }

  /** matrix-based Rényi MI ({@link org.infokernels.kernel.RenyiMutualInformation}) with {@code options} */
  static RenyiMi renyiMi(RenyiOptions options) {
    return new RenyiMi(options);
  }

  /** transfer entropy ({@link org.infokernels.timeseries.TransferEntropy}) with {@code options}, row = source */
  static TransferEntropy transferEntropy(TransferEntropyOptions options) {
    return new TransferEntropy(options);
  }

  /** distance correlation ({@link org.infokernels.testing.DistanceCorrelation}) with {@code options} */
  static Dcor dcor(org.infokernels.testing.DcorOptions options) {
    return new Dcor(options);
  }

  /**
   * Any single-pair estimator as a measure (no work is shared between its pairs).
   *
   * @param name      the measure's name, as its results report it
   * @param directed  true when (a, b) and (b, a) are different pairs
   * @param settings  the run settings the estimator was built with (its threads are the pool's)
   * @param estimator the estimate of one pair; it must be safe to call from several threads
   * @return the measure
   */
  static Custom custom(String name, boolean directed, RunSettings settings,
                       BiFunction<Matrix, Matrix, Estimate> estimator) {
    return new Custom(name, directed, settings, estimator);
  }

  /**
   * KSG mutual information.
   *
   * @param options k, algorithm and run settings of {@link org.infokernels.knn.KsgMutualInformation}
   */
  record Mi(KsgOptions options) implements PairMeasure {
    /** @throws NullPointerException if {@code options} is null */
    public Mi {
      Objects.requireNonNull(options, "options");
    }

    @Override public String name() { return "mi"; }
    @Override public boolean directed() { return false; }
    @Override public RunSettings settings() { return options.settings(); }
    @Override public Mi withSettings(RunSettings s) { return new Mi(options.withSettings(s)); }
    @Override public Estimate estimate(Matrix a, Matrix b) {
      return new org.infokernels.knn.KsgMutualInformation(options).estimate(a, b);
    }
  }

  /**
   * HSIC.
   *
   * @param options kernel, estimator, σ and run settings of {@link org.infokernels.kernel.Hsic}
   */
  record Hsic(HsicOptions options) implements PairMeasure {
    /** @throws NullPointerException if {@code options} is null */
    public Hsic {
      Objects.requireNonNull(options, "options");
    }

    @Override public String name() { return "hsic"; }
    @Override public boolean directed() { return false; }
    @Override public RunSettings settings() { return options.settings(); }
    @Override public Hsic withSettings(RunSettings s) { return new Hsic(options.withSettings(s)); }
    @Override public Estimate estimate(Matrix a, Matrix b) {
      return new org.infokernels.kernel.Hsic(options).estimate(a, b);
    }
  }

  /**
   * Centred kernel alignment.
   *
   * @param options kernel, debiasing, σ and run settings of {@link org.infokernels.kernel.Cka}
   */
  record Cka(CkaOptions options) implements PairMeasure {
    /** @throws NullPointerException if {@code options} is null */
    public Cka {
      Objects.requireNonNull(options, "options");
    }

    @Override public String name() { return "cka"; }
    @Override public boolean directed() { return false; }
    @Override public RunSettings settings() { return options.settings(); }
    @Override public Cka withSettings(RunSettings s) { return new Cka(options.withSettings(s)); }
    @Override public Estimate estimate(Matrix a, Matrix b) {
      return new org.infokernels.kernel.Cka(options).estimate(a, b);
    }

    /** true for biased linear CKA, which is computed in feature space (no Gram matrix) */
    boolean featureSpace() {
      return options.kernel() == KernelType.LINEAR && !options.debiased();
    }
  }

  /**
   * Cauchy–Schwarz quadratic mutual information.
   *
   * @param options σ and run settings of {@link org.infokernels.kernel.CauchySchwarzQmi}
   */
  record CsQmi(CsQmiOptions options) implements PairMeasure {
    /** @throws NullPointerException if {@code options} is null */
    public CsQmi {
      Objects.requireNonNull(options, "options");
    }

    @Override public String name() { return "cs-qmi"; }
    @Override public boolean directed() { return false; }
    @Override public RunSettings settings() { return options.settings(); }
    @Override public CsQmi withSettings(RunSettings s) { return new CsQmi(options.withSettings(s)); }
    @Override public Estimate estimate(Matrix a, Matrix b) {
      return new org.infokernels.kernel.CauchySchwarzQmi(options).estimate(a, b);
    }
  }

  /**
   * Matrix-based Rényi α mutual information.
   *
   * @param options α, σ, spectral method and run settings of {@link org.infokernels.kernel.RenyiMutualInformation}
   */
  record RenyiMi(RenyiOptions options) implements PairMeasure {
    /** @throws NullPointerException if {@code options} is null */
    public RenyiMi {
      Objects.requireNonNull(options, "options");
    }

    @Override public String name() { return "renyi-mi"; }
    @Override public boolean directed() { return false; }
    @Override public RunSettings settings() { return options.settings(); }
    @Override public RenyiMi withSettings(RunSettings s) { return new RenyiMi(options.withSettings(s)); }
    @Override public Estimate estimate(Matrix a, Matrix b) {
      return new org.infokernels.kernel.RenyiMutualInformation(options).estimate(a, b);
    }
  }

  /**
   * Transfer entropy from the row variable (source) to the column variable (target); the rows of
   * a variable are time steps (one trial).
   *
   * @param options embeddings, estimator, surrogates and run settings of
   *                {@link org.infokernels.timeseries.TransferEntropy}
   */
  record TransferEntropy(TransferEntropyOptions options) implements PairMeasure {
    /** @throws NullPointerException if {@code options} is null */
    public TransferEntropy {
      Objects.requireNonNull(options, "options");
    }

    @Override public String name() { return "transfer-entropy"; }
    @Override public boolean directed() { return true; }
    @Override public RunSettings settings() { return options.settings(); }
    @Override public TransferEntropy withSettings(RunSettings s) { return new TransferEntropy(options.withSettings(s)); }
    @Override public Estimate estimate(Matrix a, Matrix b) {
      return new org.infokernels.timeseries.TransferEntropy(options).estimate(a, b);
    }
  }

  /**
   * Distance correlation dCor² (Székely, Rizzo, Bakirov 2007), each pair by the single-pair estimator
   * (nothing shared between pairs).
   *
   * @param options estimator, algorithm, null and run settings of {@link org.infokernels.testing.DistanceCorrelation}
   */
  record Dcor(org.infokernels.testing.DcorOptions options) implements PairMeasure {
    /** @throws NullPointerException if {@code options} is null */
    public Dcor {
      Objects.requireNonNull(options, "options");
    }

    @Override public String name() { return "dcor"; }
    @Override public boolean directed() { return false; }
    @Override public RunSettings settings() { return options.settings(); }
    @Override public Dcor withSettings(RunSettings s) { return new Dcor(options.withSettings(s)); }
    @Override public Estimate estimate(Matrix a, Matrix b) {
      return new org.infokernels.testing.DistanceCorrelation(options).estimate(a, b);
    }
  }

  /**
   * A measure given by its single-pair estimator ({@link PairMeasure#custom}).
   *
   * @param name      the measure's name
   * @param directed  true when (a, b) and (b, a) are different pairs
   * @param settings  the run settings of the estimator
   * @param estimator the estimate of one pair, safe to call from several threads
   */
  record Custom(String name, boolean directed, RunSettings settings, BiFunction<Matrix, Matrix, Estimate> estimator)
      implements PairMeasure {
    /** @throws NullPointerException if any argument is null */
    public Custom {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(settings, "settings");
      Objects.requireNonNull(estimator, "estimator");
    }

    /** the same estimator: a custom measure cannot rebuild it, so only the pool's thread split changes */
    @Override public Custom withSettings(RunSettings s) { return new Custom(name, directed, s, estimator); }
    @Override public Estimate estimate(Matrix a, Matrix b) {
      return estimator.apply(a, b);
    }
  }
}
