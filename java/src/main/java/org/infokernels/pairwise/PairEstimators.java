package org.infokernels.pairwise;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.infokernels.core.Bandwidth;
import org.infokernels.core.Estimate;
import org.infokernels.core.InvalidInputException;
import org.infokernels.core.Matrix;
import org.infokernels.core.RunSettings;
import org.infokernels.internal.Estimation;
import org.infokernels.internal.backend.Backend;
import org.infokernels.internal.backend.Backends;
import org.infokernels.internal.support.KernelSupport;
import org.infokernels.internal.support.SpectralSupport;
import org.infokernels.kernel.KernelType;
import org.infokernels.knn.KsgMutualInformation;
import org.infokernels.kernel.RenyiOptions;

/**
 * Pair-by-pair estimates with the per-variable work done once: the preparation (standardisation)
 * of every measure, σ of the kernel measures (passed to the single-pair estimator as the explicit
 * value the median heuristic gives, which is the same kernel to the last bit), Rényi MI's
 * marginal entropies, and KSG MI's sorting order of every one-column variable (its marginal counts
 * run on the sorted values; the counts, hence the estimate, are the same to the last bit). With jitter (drawn per pair by the single-pair estimator), transfer entropy
 * and custom measures, each pair is the single-pair estimator on the raw variables.
 */
final class PairEstimators {
  private final PairMeasure measure;
  private final Variables x;
  private final Variables y;
  private final RunSettings inner;
  private final boolean shareVariables;
  private Matrix[] rowPrep;
  private Matrix[] colPrep;
  private double[] rowSigma;
  private double[] colSigma;
  private KernelSupport.Variable[] rowVar;
  private KernelSupport.Variable[] colVar;
  private SpectralSupport.Spectral[] rowEntropy;
  private SpectralSupport.Spectral[] colEntropy;
  private int[][] rowOrder;
  private int[][] colOrder;

  PairEstimators(PairMeasure measure, Variables x, Variables y, int innerThreads, int workers) {
    this.measure = measure;
    this.x = x;
    this.y = y;
    this.inner = measure.settings().withThreads(innerThreads);
    this.shareVariables = measure.settings().jitter() == 0 && !(measure instanceof PairMeasure.Custom)
        && !(measure instanceof PairMeasure.TransferEntropy) && !(measure instanceof PairMeasure.Dcor);
  }

  /** the per-variable work, on the pool */
  void prepare(ExecutorService pool, AtomicBoolean cancelled) throws InterruptedException, ExecutionException {
    if (!shareVariables) {
      return;
    }
    int px = x.size();
    rowPrep = new Matrix[px];
    rowSigma = new double[px];
    rowVar = new KernelSupport.Variable[px];
    rowEntropy = new SpectralSupport.Spectral[px];
    rowOrder = new int[px][];
    if (y == null) {
      colPrep = rowPrep;
      colSigma = rowSigma;
      colVar = rowVar;
      colEntropy = rowEntropy;
      colOrder = rowOrder;
    } else {
      colPrep = new Matrix[y.size()];
      colSigma = new double[y.size()];
      colVar = new KernelSupport.Variable[y.size()];
      colEntropy = new SpectralSupport.Spectral[y.size()];
      colOrder = new int[y.size()][];
    }
    List<Future<?>> fs = new ArrayList<>();
    for (int i = 0; i < px; i++) {
      int v = i;
      fs.add(pool.submit(() -> prepareOne(x.get(v), x.name(v), true, v, cancelled)));
    }
    if (y != null) {
      for (int i = 0; i < y.size(); i++) {
        int v = i;
        fs.add(pool.submit(() -> prepareOne(y.get(v), y.name(v), false, v, cancelled)));
      }
    }
    for (Future<?> f : fs) {
      f.get();
    }
  }

  private void prepareOne(Matrix m, String name, boolean row, int v, AtomicBoolean cancelled) {
    if (cancelled.get()) {
      return;
    }
    RunSettings s = measure.settings();
    try {
      Matrix p = Estimation.prepare(s, m)[0];
      (row ? rowPrep : colPrep)[v] = p;
      if (measure instanceof PairMeasure.Mi && p.cols() == 1) {
        // KSG's marginal counts of a one-column variable run on its sorted values: sorted once here
        (row ? rowOrder : colOrder)[v] = KsgMutualInformation.sortingOrder(p);
      }
      Bandwidth b = bandwidth(row);
      if (b != null) {
        KernelSupport.Variable kv = KernelSupport.variable(p, false, b, s.seed());
        (row ? rowSigma : colSigma)[v] = kv.sigma();
        (row ? rowVar : colVar)[v] = kv;
        if (measure instanceof PairMeasure.RenyiMi r) {
          RenyiOptions o = r.options();
          Backend backend = Backends.select(s.backend());
          (row ? rowEntropy : colEntropy)[v] = SpectralSupport.renyi(backend, kv.data(), m.cols(), null, 0, m.rows(),
              kv.kernel(), null, o.alpha(), o.method(), o.probes(), o.lanczosSteps(), inner.threads(), s.seed());
        }
      }
    } catch (InvalidInputException e) {
      cancelled.set(true);
      throw new InvalidInputException("variable " + name + ": " + e.getMessage());
    }
  }

  /** the σ rule of the row or column variables, or null when the measure has no Gaussian kernel */
  private Bandwidth bandwidth(boolean row) {
    Bandwidth sx;
    Bandwidth sy;
    if (measure instanceof PairMeasure.Hsic h && h.options().kernel() == KernelType.RBF) {
      sx = h.options().sigma();
      sy = h.options().sigmaY();
    } else if (measure instanceof PairMeasure.Cka c && c.options().kernel() == KernelType.RBF) {
      sx = c.options().sigma();
      sy = c.options().sigmaY();
    } else if (measure instanceof PairMeasure.CsQmi q) {
      sx = q.options().sigma();
      sy = q.options().sigmaY();
    } else if (measure instanceof PairMeasure.RenyiMi r) {
      sx = r.options().sigma();
      sy = r.options().sigmaY();
    } else {
      return null;
    }
    return row || sy == null ? sx : sy;
  }

  /** the single-pair estimate of (row variable r, column variable c) */
  Estimate estimate(int r, int c) {
    Matrix a = x.get(r);
    Matrix b = y == null ? x.get(c) : y.get(c);
    if (!shareVariables) {
      PairMeasure m = measure instanceof PairMeasure.Custom ? measure : measure.withSettings(inner);
      return m.estimate(a, b);
    }
    Matrix pa = rowPrep[r];
    Matrix pb = colPrep[c];
    RunSettings s = inner.withStandardize(false);
    if (measure instanceof PairMeasure.Mi m) {
      return new KsgMutualInformation(m.options().withSettings(s)).estimate(pa, pb, rowOrder[r], colOrder[c]);
    }
    if (measure instanceof PairMeasure.Hsic h) {
      var o = h.options().withSettings(s);
      if (o.kernel() == KernelType.RBF) {
        o = o.withSigma(Bandwidth.of(rowSigma[r])).withSigmaY(Bandwidth.of(colSigma[c]));
      }
      return new PairMeasure.Hsic(o).estimate(pa, pb);
    }
    if (measure instanceof PairMeasure.Cka k) {
      var o = k.options().withSettings(s);
      if (o.kernel() == KernelType.RBF) {
        o = o.withSigma(Bandwidth.of(rowSigma[r])).withSigmaY(Bandwidth.of(colSigma[c]));
      }
      return new PairMeasure.Cka(o).estimate(pa, pb);
    }
    if (measure instanceof PairMeasure.CsQmi q) {
      var o = q.options().withSettings(s).withSigma(Bandwidth.of(rowSigma[r])).withSigmaY(Bandwidth.of(colSigma[c]));
      return new PairMeasure.CsQmi(o).estimate(pa, pb);
    }
    return renyi((PairMeasure.RenyiMi) measure, r, c, a, b);
  }

  /**
   * I_α = S(A) + S(B) − S(A∘B/tr(A∘B)) with the marginal entropies computed once per variable;
   * the rest, the permutation test included, exactly as {@link org.infokernels.kernel.RenyiMutualInformation}
   */
  private Estimate renyi(PairMeasure.RenyiMi m, int r, int c, Matrix a, Matrix b) {
    RenyiOptions o = m.options();
    RunSettings s = measure.settings();
    Backend backend = Backends.select(s.backend());
    long t0 = System.nanoTime();
    KernelSupport.Variable vx = rowVar[r];
    KernelSupport.Variable vy = colVar[c];
    SpectralSupport.Spectral hx = rowEntropy[r];
    SpectralSupport.Spectral hy = colEntropy[c];
    int n = a.rows();
    int dx = a.cols();
    int dy = b.cols();
    double[] xd = vx.data();
    double[] yd = vy.data();
    SpectralSupport.Spectral hxy = SpectralSupport.renyi(backend, xd, dx, yd, dy, n, vx.kernel(), vy.kernel(), o.alpha(),
        o.method(), o.probes(), o.lanczosSteps(), inner.threads(), s.seed());
    double mi = hx.value() + hy.value() - hxy.value();
    Estimate.Builder builder = Estimate.builder("renyi-mi").estimator("matrix-renyi").value(mi)
        .backend(backend.kind().label()).n(n).dims(dx, dy).extra("alpha", o.alpha())
        .extra("sigma_x", vx.sigma()).extra("sigma_y", vy.sigma()).extra("method", hxy.method());
    SpectralSupport.stages(builder, backend, hxy.method(), n);
    SplittableRandom rng = Estimation.stream(s.seed(), 1);
    Estimation.permutationTest(builder, mi, s.permutations(), rng, q -> {
      double[] yp = Estimation.permutedRows(yd, dy, Estimation.permutation(n, q));
      return hx.value() + hy.value() - SpectralSupport.renyi(backend, xd, dx, yp, dy, n, vx.kernel(), vy.kernel(),
          o.alpha(), o.method(), o.probes(), o.lanczosSteps(), inner.threads(), s.seed()).value();
    });
    return builder.seconds(Estimation.secondsSince(t0)).build();
  }
}
