package org.infokernels.bench;

import java.util.Locale;
import java.util.Random;
import org.infokernels.core.BackendKind;
import org.infokernels.core.Estimate;
import org.infokernels.core.Matrix;
import org.infokernels.core.RunSettings;
import org.infokernels.kernel.Hsic;
import org.infokernels.kernel.HsicOptions;
import org.infokernels.knn.KsgMutualInformation;
import org.infokernels.knn.KsgOptions;
import org.infokernels.pairwise.DependenceMatrix;
import org.infokernels.pairwise.PairMeasure;
import org.infokernels.pairwise.PairwiseOptions;
import org.infokernels.pairwise.PairwiseResult;
import org.infokernels.pairwise.Variables;

/**
 * The issue-14 benchmarks in one JVM (not JMH: one run of each is minutes at the sizes):
 * all-pairs HSIC (rbf, median σ) by {@link DependenceMatrix} against a loop of the single-pair
 * {@link Hsic} API over the same pairs, and all-pairs KSG MI (k = 3) pairs per second, each on
 * the backends asked for. Data: p standard normal columns, every odd column the previous one
 * plus noise. When the full loop would take longer than {@code --loop-budget} seconds, the loop
 * runs over the first pairs only and its time is extrapolated linearly (said in the output).
 *
 * <pre>
 *   java -cp bench/target/benchmarks.jar org.infokernels.bench.PairwiseBench --p 100 --n 10000 \
 *       --backends java,cpu --measures hsic,mi --loop-budget 120
 * </pre>
 */
public final class PairwiseBench {
  private PairwiseBench() {}

  /** runs the benchmarks; prints one line per measurement */
  public static void main(String[] args) {
    int p = 100;
    int n = 10_000;
    String[] backends = {"java", "cpu"};
    String[] measures = {"hsic", "mi"};
    double loopBudget = 120;
    int threads = 0;
    for (int i = 0; i < args.length; i += 2) {
      switch (args[i]) {
        case "--p": p = Integer.parseInt(args[i + 1]); break;
        case "--n": n = Integer.parseInt(args[i + 1]); break;
        case "--backends": backends = args[i + 1].split(","); break;
        case "--measures": measures = args[i + 1].split(","); break;
        case "--loop-budget": loopBudget = Double.parseDouble(args[i + 1]); break;
        case "--threads": threads = Integer.parseInt(args[i + 1]); break;
        default: throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    Random g = new Random(1);
    double[][] rows = new double[n][p];
    for (int i = 0; i < n; i++) {
      for (int c = 0; c < p; c++) {
        rows[i][c] = c % 2 == 1 ? rows[i][c - 1] + g.nextGaussian() : g.nextGaussian();
      }
    }
    Variables v = Variables.columns(Matrix.of("bench", rows), null, "x");
    int pairs = p * (p - 1) / 2;
    System.out.printf(Locale.ROOT, "# p = %d, n = %d, %d pairs, %d cores, threads %d%n", p, n, pairs,
        Runtime.getRuntime().availableProcessors(), threads);
    for (String m : measures) {
      for (String b : backends) {
        RunSettings s = RunSettings.defaults().withBackend(BackendKind.parse(b)).withThreads(threads);
        PairMeasure measure = m.equals("hsic") ? PairMeasure.hsic(HsicOptions.defaults().withSettings(s))
            : PairMeasure.mi(KsgOptions.defaults().withSettings(s));
        long t0 = System.nanoTime();
        PairwiseResult r = new DependenceMatrix(measure, PairwiseOptions.defaults()).compute(v);
        double all = (System.nanoTime() - t0) * 1e-9;
        // the loop: the single-pair API on each pair, as a user would write it
        long t1 = System.nanoTime();
        int done = 0;
        double maxRel = 0;
        outer:
        for (int i = 0; i < p; i++) {
          for (int j = i + 1; j < p; j++) {
            Estimate e = m.equals("hsic") ? new Hsic(HsicOptions.defaults().withSettings(s)).estimate(v.get(i), v.get(j))
                : new KsgMutualInformation(KsgOptions.defaults().withSettings(s)).estimate(v.get(i), v.get(j));
            double want = e.value();
            double got = r.value(i, j).getAsDouble();
            maxRel = Math.max(maxRel, Math.abs(want - got) / Math.max(Math.abs(want), 1e-300));
            done++;
            if ((System.nanoTime() - t1) * 1e-9 > loopBudget) {
              break outer;
            }
          }
        }
        double loop = (System.nanoTime() - t1) * 1e-9;
        double loopAll = loop * pairs / done;
        System.out.printf(Locale.ROOT, "%s %s: all-pairs %.2f s (%.1f pairs/s, backend %s%s); single-pair loop %s%.2f s "
            + "(%d of %d pairs run%s) -> ratio %.1fx; max rel. difference %.1e%n", m, b, all, pairs / all, r.backend(),
            r.stages().isEmpty() ? "" : " " + r.stages(), done < pairs ? "~" : "", loopAll, done, pairs,
            done < pairs ? ", time extrapolated" : "", loopAll / all, maxRel);
      }
    }
  }
}
