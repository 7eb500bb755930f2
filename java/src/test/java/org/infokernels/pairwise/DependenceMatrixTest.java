package org.infokernels.pairwise;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.infokernels.core.BackendKind;
import org.infokernels.core.Estimate;
import org.infokernels.core.InvalidInputException;
import org.infokernels.core.KsgAlgorithm;
import org.infokernels.core.Matrix;
import org.infokernels.core.RunSettings;
import org.infokernels.internal.backend.Backend;
import org.infokernels.internal.backend.Backends;
import org.infokernels.kernel.CkaOptions;
import org.infokernels.kernel.CsQmiOptions;
import org.infokernels.kernel.HsicOptions;
import org.infokernels.kernel.KernelType;
import org.infokernels.kernel.RenyiOptions;
import org.infokernels.knn.KsgOptions;
import org.infokernels.timeseries.TransferEntropyOptions;
import org.junit.jupiter.api.Test;

/**
 * Every entry of a dependence matrix equals the single-pair estimate of its pair (java and cpu,
 * every measure, X alone, groups and X × Y), permutation p-values do not depend on the thread
 * count, Benjamini–Hochberg against a hand computation, progress, cancellation and bad input.
 */
class DependenceMatrixTest {
  /** agreement of an entry with the single-pair estimate: both are the same formula up to rounding */
  static final double REL = 1e-9;

  /** 5 columns: a, a + noise, c, sin(3c) + noise, independent noise */
  static Matrix data(int n, long seed) {
    Random g = new Random(seed);
    double[][] rows = new double[n][5];
    for (int i = 0; i < n; i++) {
      double a = g.nextGaussian();
      double c = g.nextGaussian();
      rows[i] = new double[] {a, a + 0.5 * g.nextGaussian(), c, Math.sin(3 * c) + 0.3 * g.nextGaussian(), g.nextGaussian()};
    }
    return Matrix.of("data", rows);
  }

  static List<PairMeasure> measures(RunSettings s) {
    List<PairMeasure> ms = new ArrayList<>();
    ms.add(PairMeasure.hsic(HsicOptions.defaults().withSettings(s)));
    ms.add(PairMeasure.hsic(HsicOptions.defaults().withUnbiased(true).withSettings(s)));
    ms.add(PairMeasure.hsic(HsicOptions.defaults().withKernel(KernelType.LINEAR).withSettings(s)));
    ms.add(PairMeasure.cka(CkaOptions.defaults().withSettings(s)));
    ms.add(PairMeasure.cka(CkaOptions.defaults().withKernel(KernelType.RBF).withSettings(s)));
    ms.add(PairMeasure.cka(CkaOptions.defaults().withKernel(KernelType.RBF).withDebiased(true).withSettings(s)));
    ms.add(PairMeasure.csQmi(CsQmiOptions.defaults().withSettings(s)));
    ms.add(PairMeasure.mi(new KsgOptions(3, KsgAlgorithm.ONE, s)));
    ms.add(PairMeasure.mi(new KsgOptions(4, KsgAlgorithm.TWO, s.withStandardize(true))));
    ms.add(PairMeasure.renyiMi(RenyiOptions.defaults().withSettings(s)));
    return ms;
  }

  static void assertClose(double want, double got, String what) {
    double tol = REL * Math.max(Math.abs(want), 1e-300);
    assertTrue(Math.abs(want - got) <= tol, what + ": single-pair " + want + ", matrix " + got);
  }

  /** every computed entry against {@link PairMeasure#estimate} of its pair */
  static void assertEntriesAreSinglePairs(PairMeasure m, Variables x, Variables y, PairwiseResult r, String what) {
    for (PairwiseResult.Entry e : r.entries()) {
      Matrix a = x.get(e.row());
      Matrix b = y == null ? x.get(e.col()) : y.get(e.col());
      Estimate single = m.estimate(a, b);
      String at = what + " " + m.name() + " " + m.settings() + " (" + e.rowName() + ", " + e.colName() + ")";
      assertClose(single.value(), e.value(), at);
      if (single.pValue().isPresent()) {
        assertEquals(single.pValue().getAsDouble(), e.pValue(), at + " p-value");
      }
      if (r.mirrored()) {
        assertEquals(e.value(), r.value(e.col(), e.row()).getAsDouble(), at + " mirrored");
      }
    }
  }

  @Test
  void everyEntryEqualsTheSinglePairEstimateOnEveryBackend() {
    Matrix d = data(90, 1);
    Variables cols = Variables.columns(d, null, "x");
    Variables groups = Variables.groups(d, Variables.parseGroups("0-1;2;3-4", 5), List.of("a", "b", "c", "d", "e"), "x");
    Variables xs = Variables.columns(d.selectColumns(0, 1, 2), null, "x");
    Variables ys = Variables.columns(d.selectColumns(3, 4), null, "y");
    assertEquals(List.of("a+b", "c", "d+e"), groups.names());
    for (Backend b : Backends.available()) {
      if (b.kind() == BackendKind.CUDA) {
        continue;
      }
      RunSettings s = RunSettings.defaults().withBackend(b.kind());
      for (PairMeasure m : measures(s)) {
        DependenceMatrix dm = new DependenceMatrix(m, PairwiseOptions.defaults());
        PairwiseResult r = dm.compute(cols);
        assertEquals(10, r.pairs(), m.name());
        assertTrue(r.complete());
        assertTrue(r.value(0, 0).isEmpty(), "the diagonal is not computed");
        assertEntriesAreSinglePairs(m, cols, null, r, b.kind().label() + " columns");
        assertEntriesAreSinglePairs(m, groups, null, dm.compute(groups), b.kind().label() + " groups");
        PairwiseResult xy = dm.compute(xs, ys);
        assertEquals(6, xy.pairs());
        assertFalse(xy.mirrored());
        assertEntriesAreSinglePairs(m, xs, ys, xy, b.kind().label() + " x*y");
      }
    }
  }

  /**
   * The kernel measures' shared tiles on cpu take their products from the native library, which
   * performs the Java loop's operations in its order: every entry and p-value is the java backend's,
   * bit for bit (columns, groups, X × Y; n = 77 leaves a partial 32-row tile; data with offsets).
   */
  @Test
  void kernelMatricesOnCpuEqualTheJavaBackendBitForBit() {
    Backend cpu = Backends.of(BackendKind.CPU);
    org.junit.jupiter.api.Assumptions.assumeTrue(cpu.isAvailable(), "the cpu backend (native library) is needed");
    assertEquals("cpu", cpu.tileProducts().label());
    Matrix d = data(77, 9);
    double[][] shifted = new double[77][];
    for (int i = 0; i < 77; i++) {
      shifted[i] = new double[5];
      for (int j = 0; j < 5; j++) {
        shifted[i][j] = d.get(i, j);
      }
      shifted[i][0] += 1e4;
      shifted[i][3] *= 1e-3;
    }
    Matrix m = Matrix.of("data", shifted);
    Variables cols = Variables.columns(m, null, "x");
    Variables groups = Variables.groups(m, Variables.parseGroups("0-1;2;3-4", 5), List.of("a", "b", "c", "d", "e"), "x");
    Variables xs = Variables.columns(m.selectColumns(0, 1, 2), null, "x");
    Variables ys = Variables.columns(m.selectColumns(3, 4), null, "y");
    for (int t = 0; t < 3; t++) {
      RunSettings base = RunSettings.defaults().withPermutations(t == 0 ? 9 : 0).withSeed(5);
      for (int v = 0; v < 3; v++) {
        PairMeasure onJava = measures(base.withBackend(BackendKind.JAVA)).get(v == 0 ? 0 : v == 1 ? 1 : 6);
        PairMeasure onCpu = measures(base.withBackend(BackendKind.CPU)).get(v == 0 ? 0 : v == 1 ? 1 : 6);
        Variables x = t == 0 ? cols : t == 1 ? groups : xs;
        Variables y = t == 2 ? ys : null;
        PairwiseResult rj = y == null ? new DependenceMatrix(onJava, PairwiseOptions.defaults()).compute(x)
            : new DependenceMatrix(onJava, PairwiseOptions.defaults()).compute(x, y);
        PairwiseResult rc = y == null ? new DependenceMatrix(onCpu, PairwiseOptions.defaults()).compute(x)
            : new DependenceMatrix(onCpu, PairwiseOptions.defaults()).compute(x, y);
        assertEquals("cpu", rc.stages().get("gram_tiles"), onCpu.name());
        assertEquals(rj.entries().size(), rc.entries().size());
        for (int k = 0; k < rj.entries().size(); k++) {
          PairwiseResult.Entry a = rj.entries().get(k);
          PairwiseResult.Entry b = rc.entries().get(k);
          String at = onCpu.name() + " " + t + " (" + a.rowName() + ", " + a.colName() + ")";
          assertEquals(Double.doubleToRawLongBits(a.value()), Double.doubleToRawLongBits(b.value()),
              at + ": java " + a.value() + ", cpu " + b.value());
          assertEquals(Double.doubleToRawLongBits(a.pValue()), Double.doubleToRawLongBits(b.pValue()), at + " p-value");
        }
      }
    }
  }

  @Test
  void transferEntropyComputesEveryOrderedPairWithTheRowAsSource() {
    Random g = new Random(4);
    double[][] rows = new double[300][3];
    for (int t = 1; t < 300; t++) {
      rows[t][0] = 0.5 * rows[t - 1][0] + g.nextGaussian();
      rows[t][1] = 0.6 * rows[t - 1][0] + 0.3 * rows[t - 1][1] + g.nextGaussian();
      rows[t][2] = g.nextGaussian();
    }
    Variables v = Variables.columns(Matrix.of("ts", rows), null, "x");
    for (Backend b : Backends.available()) {
      if (b.kind() == BackendKind.CUDA) {
        continue;
      }
      PairMeasure m = PairMeasure.transferEntropy(TransferEntropyOptions.defaults().withTarget(2, 1)
          .withSettings(RunSettings.defaults().withBackend(b.kind()).withPermutations(9).withSeed(3)));
      PairwiseResult r = new DependenceMatrix(m, PairwiseOptions.defaults()).compute(v);
      assertEquals(6, r.pairs());
      assertFalse(r.mirrored());
      assertEntriesAreSinglePairs(m, v, null, r, b.kind().label());
      assertTrue(r.value(0, 1).getAsDouble() > r.value(1, 0).getAsDouble(), "x0 drives x1");
    }
  }

  @Test
  void permutationPValuesEqualTheSinglePairOnesAndDoNotDependOnThreads() {
    Variables v = Variables.columns(data(80, 2), null, "x");
    for (Backend b : Backends.available()) {
      if (b.kind() == BackendKind.CUDA) {
        continue;
      }
      RunSettings s = RunSettings.defaults().withBackend(b.kind()).withPermutations(19).withSeed(11);
      List<PairMeasure> ms = List.of(PairMeasure.hsic(HsicOptions.defaults().withSettings(s)),
          PairMeasure.cka(CkaOptions.defaults().withKernel(KernelType.RBF).withSettings(s)),
          PairMeasure.csQmi(CsQmiOptions.defaults().withSettings(s)),
          PairMeasure.mi(KsgOptions.defaults().withSettings(s)));
      for (PairMeasure m : ms) {
        // 19 permutations: p >= 0.05, so with 10 pairs a q-value is at least 0.05·10/k for the k smallest
        PairwiseOptions o = PairwiseOptions.defaults().withFdr(0.3);
        PairwiseResult one = new DependenceMatrix(m.withSettings(s.withThreads(1)), o).compute(v);
        PairwiseResult two = new DependenceMatrix(m.withSettings(s.withThreads(2)), o).compute(v);
        assertEntriesAreSinglePairs(m, v, null, one, b.kind().label());
        assertTrue(one.tested());
        for (int k = 0; k < one.entries().size(); k++) {
          assertEquals(one.entries().get(k).pValue(), two.entries().get(k).pValue(), m.name() + " p at 1 and 2 threads");
          assertEquals(one.entries().get(k).qValue(), two.entries().get(k).qValue(), m.name() + " q");
        }
        assertTrue(one.significant(0, 1), m.name() + ": a and a + noise are dependent");
        assertTrue(one.significantEntries().stream().anyMatch(e -> e.row() == 2 && e.col() == 3), m.name());
      }
    }
  }

  @Test
  void benjaminiHochbergByHand() {
    // sorted: 0.01, 0.03, 0.04, 0.05, 0.20 (m = 5); m p/i = 0.05, 0.075, 0.0667, 0.0625, 0.2; running
    // minimum from the top: 0.05, 0.0625, 0.0625, 0.0625, 0.2
    double[] q = BenjaminiHochberg.qValues(new double[] {0.01, 0.04, 0.03, 0.20, 0.05});
    assertArrayEquals(new double[] {0.05, 0.0625, 0.0625, 0.2, 0.0625}, q, 1e-15);
    assertArrayEquals(new double[] {1.0, 1.0}, BenjaminiHochberg.qValues(new double[] {0.9, 1.0}), 0);
    assertArrayEquals(new double[] {0.5, 0.5}, BenjaminiHochberg.qValues(new double[] {0.5, 0.5}), 0);
    assertThrows(InvalidInputException.class, () -> BenjaminiHochberg.qValues(new double[] {1.5}));
  }

  @Test
  void qValuesOfTheMatrixAreBenjaminiHochbergOfItsPValues() {
    Variables v = Variables.columns(data(60, 3), null, "x");
    RunSettings s = RunSettings.defaults().withBackend(BackendKind.JAVA).withPermutations(29).withSeed(5);
    PairwiseResult r = new DependenceMatrix(PairMeasure.hsic(HsicOptions.defaults().withSettings(s)),
        PairwiseOptions.defaults().withFdr(0.2)).compute(v);
    double[] p = r.entries().stream().mapToDouble(PairwiseResult.Entry::pValue).toArray();
    double[] q = BenjaminiHochberg.qValues(p);
    for (int k = 0; k < q.length; k++) {
      PairwiseResult.Entry e = r.entries().get(k);
      assertEquals(q[k], e.qValue());
      assertEquals(q[k] <= 0.2, r.significant(e.row(), e.col()));
      assertEquals(e.qValue(), r.qValue(e.col(), e.row()).getAsDouble(), "mirrored");
    }
  }

  @Test
  void progressReachesTheTotalAndNeverDecreases() {
    Variables v = Variables.columns(data(60, 4), null, "x");
    for (PairMeasure m : List.of(PairMeasure.mi(KsgOptions.defaults()),
        PairMeasure.hsic(HsicOptions.defaults().withSettings(RunSettings.defaults().withBackend(BackendKind.JAVA)
            .withPermutations(3))))) {
      List<long[]> calls = new ArrayList<>();
      PairwiseResult r = new DependenceMatrix(m, PairwiseOptions.defaults().withProgress((done, total, sec) ->
          calls.add(new long[] {done, total}))).compute(v);
      assertFalse(calls.isEmpty());
      for (int i = 1; i < calls.size(); i++) {
        assertTrue(calls.get(i)[0] >= calls.get(i - 1)[0], "monotone");
      }
      assertEquals(10, calls.get(calls.size() - 1)[0]);
      assertEquals(10, calls.get(calls.size() - 1)[1]);
      assertEquals(10, r.pairs());
    }
  }

  @Test
  void cancellationReturnsThePairsCompleted() {
    Variables v = Variables.columns(data(200, 5).hstack(data(200, 6), "wide").hstack(data(200, 7), "wider"), null, "x");
    PairMeasure m = PairMeasure.mi(KsgOptions.defaults().withSettings(RunSettings.defaults().withThreads(2)));
    AtomicReference<DependenceMatrix.Run> run = new AtomicReference<>();
    DependenceMatrix dm = new DependenceMatrix(m, PairwiseOptions.defaults().withProgress((done, total, sec) -> {
      if (done >= 5) {
        while (run.get() == null) {
          Thread.onSpinWait();
        }
        run.get().cancel();
      }
    }));
    run.set(dm.start(v, null));
    PairwiseResult r = run.get().await();
    assertTrue(run.get().isDone());
    assertFalse(r.complete());
    assertEquals(105, r.totalPairs());
    assertTrue(r.pairs() >= 5 && r.pairs() < 105, r.pairs() + " pairs");
    assertEntriesAreSinglePairs(m, v, null, r, "cancelled");
    // the shared Gram passes stop at the next tile
    PairMeasure h = PairMeasure.hsic(HsicOptions.defaults().withSettings(RunSettings.defaults()
        .withBackend(BackendKind.JAVA).withPermutations(50)));
    AtomicReference<DependenceMatrix.Run> run2 = new AtomicReference<>();
    DependenceMatrix dh = new DependenceMatrix(h, PairwiseOptions.defaults().withProgress((done, total, sec) -> {
      if (done >= total / 4) {
        while (run2.get() == null) {
          Thread.onSpinWait();
        }
        run2.get().cancel();
      }
    }));
    run2.set(dh.start(v, null));
    PairwiseResult rh = run2.get().await();
    assertFalse(rh.complete());
    // cancelled during a permutation pass: the values of the first pass, no p-value
    assertTrue(rh.pairs() == 0 || rh.pairs() == 105, rh.pairs() + " pairs");
    assertTrue(rh.entries().stream().allMatch(e -> Double.isNaN(e.pValue()) && Double.isNaN(e.qValue())));
  }

  @Test
  void badInputIsRefusedBeforeAnyPairRuns() {
    Matrix d = data(30, 8);
    PairMeasure m = PairMeasure.hsic(HsicOptions.defaults());
    DependenceMatrix dm = new DependenceMatrix(m, PairwiseOptions.defaults());
    assertThrows(InvalidInputException.class, () -> dm.compute(Variables.columns(d.selectColumns(0), null, "x")));
    assertThrows(InvalidInputException.class, () -> PairwiseOptions.defaults().withFdr(0));
    assertThrows(InvalidInputException.class, () -> PairwiseOptions.defaults().withFdr(1));
    assertThrows(InvalidInputException.class, () -> Variables.parseGroups("0-1;;2", 5));
    assertThrows(InvalidInputException.class, () -> Variables.parseGroups("0-7", 5));
    assertThrows(InvalidInputException.class, () -> Variables.parseGroups("2-1", 5));
    assertThrows(InvalidInputException.class, () -> Variables.parseGroups("a", 5));
    assertThrows(InvalidInputException.class, () -> new DependenceMatrix(PairMeasure.hsic(HsicOptions.defaults()
        .withSigmaY(org.infokernels.core.Bandwidth.of(1))), PairwiseOptions.defaults())
        .compute(Variables.columns(d, null, "x")));
    Variables shorter = Variables.columns(data(20, 9), null, "y");
    assertThrows(InvalidInputException.class, () -> dm.compute(Variables.columns(d, null, "x"), shorter));
    assertTrue(PairMeasure.unavailable("dcor").isEmpty());
    assertTrue(PairMeasure.unavailable("hsic").isEmpty());
    // a pair that fails names the pair
    double[][] rows = new double[30][2];
    for (int i = 0; i < 30; i++) {
      rows[i][0] = i % 2;
      rows[i][1] = i % 2;
    }
    Matrix dup = Matrix.of("dup", rows);
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> new DependenceMatrix(
        PairMeasure.mi(KsgOptions.defaults()), PairwiseOptions.defaults())
        .compute(Variables.columns(dup, List.of("u", "v"), "x")));
    assertTrue(e.getMessage().startsWith("pair (u, v): "), e.getMessage());
  }

  @Test
  void aCustomMeasureRunsAnySinglePairEstimator() {
    Variables v = Variables.columns(data(50, 10), null, "x");
    RunSettings s = RunSettings.defaults().withBackend(BackendKind.JAVA);
    org.infokernels.kernel.Hsic hsic = new org.infokernels.kernel.Hsic(HsicOptions.defaults().withSettings(s));
    PairMeasure c = PairMeasure.custom("my-hsic", false, s, hsic::estimate);
    PairwiseResult r = new DependenceMatrix(c, PairwiseOptions.defaults()).compute(v);
    assertEquals("my-hsic", r.of());
    assertTrue(r.dimensionless());
    assertEntriesAreSinglePairs(c, v, null, r, "custom");
  }
}
