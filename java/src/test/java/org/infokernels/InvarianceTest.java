package org.infokernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.BiFunction;
import org.infokernels.core.Bandwidth;
import org.infokernels.core.Estimate;
import org.infokernels.core.KsgAlgorithm;
import org.infokernels.core.Matrix;
import org.infokernels.core.RunSettings;
import org.infokernels.internal.backend.Backend;
import org.infokernels.internal.backend.Backends;
import org.infokernels.kernel.CauchySchwarzQmi;
import org.infokernels.kernel.Cka;
import org.infokernels.kernel.CkaOptions;
import org.infokernels.kernel.CsQmiOptions;
import org.infokernels.kernel.Hsic;
import org.infokernels.kernel.HsicOptions;
import org.infokernels.kernel.KernelType;
import org.infokernels.kernel.RenyiEntropy;
import org.infokernels.kernel.RenyiMutualInformation;
import org.infokernels.kernel.RenyiOptions;
import org.infokernels.knn.CmiOptions;
import org.infokernels.knn.ConditionalMutualInformation;
import org.infokernels.knn.EntropyOptions;
import org.infokernels.knn.KlDivergenceOptions;
import org.infokernels.knn.KnnKlDivergence;
import org.infokernels.knn.KozachenkoLeonenkoEntropy;
import org.infokernels.knn.KsgMutualInformation;
import org.infokernels.knn.KsgOptions;
import org.infokernels.matrix.DiffusionSpectralEntropy;
import org.infokernels.matrix.DiffusionSpectralMutualInformation;
import org.infokernels.matrix.DseOptions;
import org.infokernels.matrix.DsmiOptions;
import org.infokernels.matrix.TruncatedEntropyOptions;
import org.infokernels.matrix.TruncatedMatrixEntropy;
import org.infokernels.matrix.VonNeumannEntropy;
import org.infokernels.matrix.VonNeumannKind;
import org.infokernels.matrix.VonNeumannOptions;
import org.infokernels.ot.Sinkhorn;
import org.infokernels.ot.SinkhornDivergence;
import org.infokernels.ot.SinkhornDivergenceOptions;
import org.infokernels.ot.SinkhornOptions;
import org.infokernels.ot.WassersteinDependency;
import org.infokernels.ot.WassersteinDependencyOptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Data like users' data: every measure that is translation invariant in theory gives the same value
 * when its inputs are shifted by offsets up to 10⁶ times their scale, and every measure that is
 * scale invariant (or equivariant in a known way) gives the same (or the predicted) value at
 * magnitudes from 10⁻¹⁵⁰ to 10¹⁵⁰ — on every backend present. All-zero-mean unit-scale test data
 * once hid a catastrophic cancellation in linear-kernel HSIC (81.9 instead of 0.798 at an offset of
 * 10⁴); these tests fail on it.
 *
 * <p>Tolerances: x + c rounds x to the ulp of c (1.2·10⁻¹⁰ at c = 10⁶ for data of scale 1), a
 * relative perturbation of the data of about 10⁻¹⁰, which moves a well-conditioned estimate by as
 * much; 10⁻⁷ relative leaves three orders of magnitude and is still 10⁶ times tighter than the bug.
 * Scaling by a power of ten rounds each value once (10⁻¹⁶).
 */
class InvarianceTest {
  static final int N = 160;

  /** the inputs of a measure: x, y, z (n × 2, n × 2, n × 1) with dependence and non-zero means, and labels */
  record Data(Matrix x, Matrix y, Matrix z, int[] labels) {
    Data map(double offsetX, double offsetY, double scaleX, double scaleY) {
      return new Data(affine(x, scaleX, offsetX), affine(y, scaleY, offsetY), affine(z, scaleX, offsetX), labels);
    }
  }

  static Matrix affine(Matrix m, double scale, double offset) {
    double[] v = m.toRowMajor();
    for (int i = 0; i < v.length; i++) {
      v[i] = scale * v[i] + offset;
    }
    return Matrix.of(m.name(), v, m.rows(), m.cols());
  }

  static Data data() {
    Random r = new Random(2024);
    double[] x = new double[N * 2];
    double[] y = new double[N * 2];
    double[] z = new double[N];
    int[] labels = new int[N];
    for (int i = 0; i < N; i++) {
      z[i] = r.nextGaussian();
      x[2 * i] = 3.0 + z[i] + 0.5 * r.nextGaussian();
      x[2 * i + 1] = -1.0 + 0.2 * r.nextGaussian();
      y[2 * i] = 0.5 * x[2 * i] + r.nextGaussian();
      y[2 * i + 1] = 7.0 + x[2 * i + 1] * x[2 * i + 1] + 0.3 * r.nextGaussian();
      labels[i] = x[2 * i] > 3.0 ? 1 : 0;
    }
    return new Data(Matrix.of("x", x, N, 2), Matrix.of("y", y, N, 2), Matrix.column("z", z), labels);
  }

  /** a measure under test: its name and its value on the data with the given settings */
  record Measure(String name, BiFunction<RunSettings, Data, Double> value) {}

  static List<Measure> measures() {
    List<Measure> m = new ArrayList<>();
    m.add(new Measure("entropy", (s, d) -> new KozachenkoLeonenkoEntropy(EntropyOptions.defaults().withSettings(s))
        .estimate(d.x()).value()));
    for (KsgAlgorithm a : KsgAlgorithm.values()) {
      m.add(new Measure("mi " + a.label(), (s, d) -> new KsgMutualInformation(KsgOptions.defaults().withAlgorithm(a)
          .withSettings(s)).estimate(d.x(), d.y()).value()));
    }
    m.add(new Measure("cmi", (s, d) -> new ConditionalMutualInformation(CmiOptions.defaults().withSettings(s))
        .estimate(d.x(), d.y(), d.z()).value()));
    for (KernelType k : KernelType.values()) {
      for (boolean unbiased : new boolean[] {false, true}) {
        m.add(new Measure("hsic " + k.label() + (unbiased ? " unbiased" : ""), (s, d) -> new Hsic(HsicOptions.defaults()
            .withKernel(k).withUnbiased(unbiased).withSettings(s)).estimate(d.x(), d.y()).value()));
        m.add(new Measure("cka " + k.label() + (unbiased ? " debiased" : ""), (s, d) -> new Cka(CkaOptions.defaults()
            .withKernel(k).withDebiased(unbiased).withSettings(s)).estimate(d.x(), d.y()).value()));
      }
    }
    m.add(new Measure("cs-qmi", (s, d) -> new CauchySchwarzQmi(CsQmiOptions.defaults().withSettings(s))
        .estimate(d.x(), d.y()).value()));
    for (double alpha : new double[] {1.01, 2.0}) {
      m.add(new Measure("renyi-entropy alpha " + alpha, (s, d) -> new RenyiEntropy(RenyiOptions.defaults()
          .withAlpha(alpha).withSettings(s)).estimate(d.x()).value()));
      m.add(new Measure("renyi-mi alpha " + alpha, (s, d) -> new RenyiMutualInformation(RenyiOptions.defaults()
          .withAlpha(alpha).withSettings(s)).estimate(d.x(), d.y()).value()));
    }
    for (VonNeumannKind k : VonNeumannKind.values()) {
      m.add(new Measure("von-neumann " + k.label(), (s, d) -> new VonNeumannEntropy(VonNeumannOptions.defaults()
          .withKind(k).withSettings(s)).estimate(d.x()).value()));
    }
    m.add(new Measure("truncated-entropy", (s, d) -> new TruncatedMatrixEntropy(TruncatedEntropyOptions.ofRank(1)
        .withSettings(s)).estimate(d.x()).value()));
    m.add(new Measure("dse", (s, d) -> new DiffusionSpectralEntropy(DseOptions.defaults().withSigma(Bandwidth.of(1.0))
        .withSettings(s)).estimate(d.x()).value()));
    m.add(new Measure("dsmi", (s, d) -> new DiffusionSpectralMutualInformation(DsmiOptions.defaults()
        .withSigma(Bandwidth.of(1.0)).withSettings(s)).estimate(d.x(), d.labels()).value()));
    return m;
  }

  /** two-sample measures: both samples are shifted by the same offset */
  static List<Measure> twoSampleMeasures() {
    List<Measure> m = new ArrayList<>();
    m.add(new Measure("kl-divergence", (s, d) -> new KnnKlDivergence(KlDivergenceOptions.defaults().withSettings(s))
        .estimate(d.x(), d.y()).value()));
    m.add(new Measure("sinkhorn", (s, d) -> new Sinkhorn(SinkhornOptions.defaults().withSettings(s))
        .estimate(d.x(), d.y()).value()));
    m.add(new Measure("sinkhorn-divergence", (s, d) -> new SinkhornDivergence(SinkhornDivergenceOptions.defaults()
        .withSettings(s)).estimate(d.x(), d.y()).value()));
    return m;
  }

  static void close(double expected, double got, double rtol, String what) {
    assertTrue(Double.isFinite(got), what + ": " + got);
    assertEquals(expected, got, rtol * Math.max(Math.abs(expected), 1e-12), what);
  }

  @TestFactory
  List<DynamicTest> translationInvariance() {
    Data d = data();
    List<DynamicTest> tests = new ArrayList<>();
    for (Backend b : Backends.available()) {
      RunSettings s = RunSettings.defaults().withBackend(b.kind());
      for (Measure m : measures()) {
        tests.add(DynamicTest.dynamicTest(m.name() + " [" + b.kind().label() + "]", () -> {
          double base = m.value().apply(s, d);
          for (double c : new double[] {1e3, 1e4, 1e6}) {
            close(base, m.value().apply(s, d.map(c, -0.3 * c, 1, 1)), 1e-7, m.name() + " shifted by " + c);
          }
        }));
      }
      for (Measure m : twoSampleMeasures()) {
        tests.add(DynamicTest.dynamicTest(m.name() + " [" + b.kind().label() + "]", () -> {
          double base = m.value().apply(s, d);
          for (double c : new double[] {1e3, 1e6}) {
            close(base, m.value().apply(s, d.map(c, c, 1, 1)), 1e-7, m.name() + " both shifted by " + c);
          }
        }));
      }
      tests.add(DynamicTest.dynamicTest("wasserstein-dependency [" + b.kind().label() + "]", () -> {
        BiFunction<RunSettings, Data, Double> wdm = (st, dd) -> new WassersteinDependency(
            WassersteinDependencyOptions.defaults().withSettings(st)).estimate(dd.x(), dd.y()).value();
        double base = wdm.apply(s, d);
        close(base, wdm.apply(s, d.map(1e6, -2e5, 1, 1)), 1e-7, "wasserstein-dependency shifted");
      }));
    }
    return tests;
  }

  @TestFactory
  List<DynamicTest> scaleInvarianceAndEquivariance() {
    Data d = data();
    double[] scales = {1e-150, 1e-40, 3.7e5, 1e150};
    List<DynamicTest> tests = new ArrayList<>();
    for (Backend b : Backends.available()) {
      RunSettings s = RunSettings.defaults().withBackend(b.kind());
      String on = " [" + b.kind().label() + "]";
      // scale invariant for each variable on its own: CKA (both kernels: the median sigma scales
      // with the data), and every Gaussian-kernel measure with the median heuristic
      List<Measure> perVariable = new ArrayList<>();
      for (KernelType k : KernelType.values()) {
        for (boolean debiased : new boolean[] {false, true}) {
          perVariable.add(new Measure("cka " + k.label() + (debiased ? " debiased" : ""), (st, dd) -> new Cka(
              CkaOptions.defaults().withKernel(k).withDebiased(debiased).withSettings(st)).estimate(dd.x(), dd.y()).value()));
        }
      }
      perVariable.add(new Measure("hsic rbf", (st, dd) -> new Hsic(HsicOptions.defaults().withSettings(st))
          .estimate(dd.x(), dd.y()).value()));
      perVariable.add(new Measure("cs-qmi", (st, dd) -> new CauchySchwarzQmi(CsQmiOptions.defaults().withSettings(st))
          .estimate(dd.x(), dd.y()).value()));
      perVariable.add(new Measure("renyi-mi", (st, dd) -> new RenyiMutualInformation(RenyiOptions.defaults()
          .withSettings(st)).estimate(dd.x(), dd.y()).value()));
      perVariable.add(new Measure("von-neumann cov", (st, dd) -> new VonNeumannEntropy(VonNeumannOptions.defaults()
          .withSettings(st)).estimate(dd.x()).value()));
      perVariable.add(new Measure("von-neumann rbf", (st, dd) -> new VonNeumannEntropy(VonNeumannOptions.defaults()
          .withKind(VonNeumannKind.RBF).withSettings(st)).estimate(dd.x()).value()));
      perVariable.add(new Measure("truncated-entropy", (st, dd) -> new TruncatedMatrixEntropy(
          TruncatedEntropyOptions.ofRank(2).withSettings(st)).estimate(dd.x()).value()));
      for (Measure m : perVariable) {
        tests.add(DynamicTest.dynamicTest("scale-invariant " + m.name() + on, () -> {
          double base = m.value().apply(s, d);
          for (double a : scales) {
            close(base, m.value().apply(s, d.map(0, 0, a, 1 / a)), 1e-9, m.name() + " x scaled by " + a + ", y by 1/" + a);
          }
        }));
      }
      // invariant under one common scale: KSG MI, Frenzel-Pompe CMI, the WKV divergence
      List<Measure> common = List.of(
          new Measure("mi", (st, dd) -> new KsgMutualInformation(KsgOptions.defaults().withSettings(st))
              .estimate(dd.x(), dd.y()).value()),
          new Measure("cmi", (st, dd) -> new ConditionalMutualInformation(CmiOptions.defaults().withSettings(st))
              .estimate(dd.x(), dd.y(), dd.z()).value()),
          new Measure("kl-divergence", (st, dd) -> new KnnKlDivergence(KlDivergenceOptions.defaults().withSettings(st))
              .estimate(dd.x(), dd.y()).value()));
      for (Measure m : common) {
        tests.add(DynamicTest.dynamicTest("common-scale-invariant " + m.name() + on, () -> {
          double base = m.value().apply(s, d);
          for (double a : scales) {
            close(base, m.value().apply(s, d.map(0, 0, a, a)), 1e-9, m.name() + " scaled by " + a);
          }
        }));
      }
      tests.add(DynamicTest.dynamicTest("entropy shifts by d ln a" + on, () -> {
        KozachenkoLeonenkoEntropy h = new KozachenkoLeonenkoEntropy(EntropyOptions.defaults().withSettings(s));
        double base = h.estimate(d.x()).value();
        for (double a : scales) {
          double got = h.estimate(affine(d.x(), a, 0)).value();
          assertEquals(base + 2 * Math.log(a), got, 1e-9 * Math.abs(base + 2 * Math.log(a)), "H(aX), a = " + a);
        }
      }));
      tests.add(DynamicTest.dynamicTest("linear hsic scales by a^2 b^2" + on, () -> {
        Hsic h = new Hsic(HsicOptions.defaults().withKernel(KernelType.LINEAR).withSettings(s));
        double base = h.estimate(d.x(), d.y()).value();
        for (double[] ab : new double[][] {{1e-50, 1e-40}, {1e60, 1e-90}, {3.7e5, 2.0}}) {
          double got = h.estimate(affine(d.x(), ab[0], 5 * ab[0]), affine(d.y(), ab[1], -2 * ab[1])).value();
          close(base * ab[0] * ab[0] * ab[1] * ab[1], got, 1e-9, "HSIC(aX + 5a, bY - 2b), a, b = " + ab[0] + ", " + ab[1]);
        }
      }));
      tests.add(DynamicTest.dynamicTest("sinkhorn scales by a^2" + on, () -> {
        for (double a : new double[] {1e-100, 1e100, 3.7e5}) {
          Estimate base = new Sinkhorn(SinkhornOptions.defaults().withEpsilon(0.5).withSettings(s)).estimate(d.x(), d.y());
          Estimate got = new Sinkhorn(SinkhornOptions.defaults().withEpsilon(0.5 * a * a).withSettings(s))
              .estimate(affine(d.x(), a, 0), affine(d.y(), a, 0));
          close(base.value() * a * a, got.value(), 1e-9, "sinkhorn(aX, aY, a^2 eps), a = " + a);
          assertEquals(base.iterations().orElseThrow(), got.iterations().orElseThrow(), "the same sweeps, a = " + a);
        }
      }));
      tests.add(DynamicTest.dynamicTest("dse with sigma scaled with the data" + on, () -> {
        double base = new DiffusionSpectralEntropy(DseOptions.defaults().withSigma(Bandwidth.of(1.0)).withSettings(s))
            .estimate(d.x()).value();
        for (double a : scales) {
          double got = new DiffusionSpectralEntropy(DseOptions.defaults().withSigma(Bandwidth.of(a)).withSettings(s))
              .estimate(affine(d.x(), a, 0)).value();
          close(base, got, 1e-9, "dse(aX, sigma = a), a = " + a);
        }
      }));
    }
    return tests;
  }
}
