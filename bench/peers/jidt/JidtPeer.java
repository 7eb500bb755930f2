import infodynamics.measures.continuous.kraskov.ActiveInfoStorageCalculatorKraskov;
import infodynamics.measures.continuous.kraskov.TransferEntropyCalculatorKraskov;
import infodynamics.utils.EmpiricalMeasurementDistribution;
import java.util.Locale;
import java.util.Random;
import org.infokernels.core.BackendKind;
import org.infokernels.core.Estimate;
import org.infokernels.core.Matrix;
import org.infokernels.core.RunSettings;
import org.infokernels.timeseries.ActiveInfoStorageOptions;
import org.infokernels.timeseries.ActiveInformationStorage;
import org.infokernels.timeseries.Surrogate;
import org.infokernels.timeseries.TransferEntropy;
import org.infokernels.timeseries.TransferEntropyOptions;

/**
 * Side by side in one JVM: JIDT (built from source by jidt.sh, NORMALISE=false, no noise,
 * NUM_THREADS as given) against infokernels' API on the cpu and java backends, on the same coupled
 * AR series. Prints compute times, their ratios and both values (they must agree to 1e-9).
 * Usage: java -cp jidt-classes:infokernels.jar:. JidtPeer [threads] [n ...]
 */
public class JidtPeer {
  static double[][] series(int n, long seed) {
    Random g = new Random(seed);
    double[] x = new double[n];
    double[] y = new double[n];
    double xv = 0;
    double yv = 0;
    for (int t = 0; t < n + 100; t++) {
      double nx = 0.5 * xv + 0.4 * yv + g.nextGaussian();
      double ny = 0.7 * yv + g.nextGaussian();
      xv = nx;
      yv = ny;
      if (t >= 100) {
        x[t - 100] = xv;
        y[t - 100] = yv;
      }
    }
    return new double[][] {y, x};
  }

  static TransferEntropyCalculatorKraskov jidt(int threads, int k) throws Exception {
    TransferEntropyCalculatorKraskov c = new TransferEntropyCalculatorKraskov(1);
    c.setProperty("k", "3");
    c.setProperty("NORMALISE", "false");
    c.setProperty("NOISE_LEVEL_TO_ADD", "0");
    c.setProperty("NUM_THREADS", Integer.toString(threads));
    c.initialise(k, 1, 1, 1, 1);
    return c;
  }

  static double seconds(long t0) {
    return (System.nanoTime() - t0) * 1e-9;
  }

  public static void main(String[] args) throws Exception {
    int threads = args.length > 0 ? Integer.parseInt(args[0]) : 2;
    int[] sizes = args.length > 1 ? java.util.Arrays.stream(args, 1, args.length).mapToInt(Integer::parseInt).toArray()
        : new int[] {10000, 100000};
    System.out.printf(Locale.ROOT, "# JIDT NUM_THREADS=%d; infokernels threads=%d; times are compute seconds (best of 2)%n",
        threads, threads);
    System.out.printf(Locale.ROOT, "%-26s %8s %10s %10s %10s %9s %9s %s%n", "case", "n", "jidt_s", "cpu_s", "java_s",
        "jidt/cpu", "jidt/java", "max |diff| (values)");
    for (int n : sizes) {
      double[][] yx = series(n, n);
      Matrix src = Matrix.column("y", yx[0]);
      Matrix dst = Matrix.column("x", yx[1]);
      for (int k : new int[] {1, 3}) {
        double jv = 0;
        double jt = Double.POSITIVE_INFINITY;
        for (int rep = 0; rep < 2; rep++) {
          TransferEntropyCalculatorKraskov c = jidt(threads, k);
          long t0 = System.nanoTime();
          c.setObservations(yx[0], yx[1]);
          jv = c.computeAverageLocalOfObservations();
          jt = Math.min(jt, seconds(t0));
        }
        double[] ours = new double[2];
        double[] times = {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY};
        BackendKind[] kinds = {BackendKind.CPU, BackendKind.JAVA};
        for (int b = 0; b < 2; b++) {
          for (int rep = 0; rep < 2; rep++) {
            TransferEntropy te = new TransferEntropy(TransferEntropyOptions.defaults().withTarget(k, 1)
                .withSettings(RunSettings.defaults().withBackend(kinds[b]).withThreads(threads)));
            long t0 = System.nanoTime();
            ours[b] = te.estimate(src, dst).value();
            times[b] = Math.min(times[b], seconds(t0));
          }
        }
        double diff = Math.max(Math.abs(jv - ours[0]), Math.abs(jv - ours[1]));
        System.out.printf(Locale.ROOT, "%-26s %8d %10.3f %10.3f %10.3f %9.1f %9.1f %.1e (%.12f)%n",
            "TE k=" + k + " l=1", n, jt, times[0], times[1], jt / times[0], jt / times[1], diff, jv);
      }
    }
    // 100 surrogates at n = 10^4: JIDT's computeSignificance (permutations of the source) against ours
    int n = 10000;
    double[][] yx = series(n, 77);
    TransferEntropyCalculatorKraskov c = jidt(threads, 1);
    c.setObservations(yx[0], yx[1]);
    long t0 = System.nanoTime();
    EmpiricalMeasurementDistribution d = c.computeSignificance(100);
    double jt = seconds(t0);
    double[] times = new double[2];
    double[] p = new double[2];
    BackendKind[] kinds = {BackendKind.CPU, BackendKind.JAVA};
    for (int b = 0; b < 2; b++) {
      TransferEntropy te = new TransferEntropy(TransferEntropyOptions.defaults().withSurrogate(Surrogate.SHUFFLE)
          .withSettings(RunSettings.defaults().withBackend(kinds[b]).withThreads(threads).withPermutations(100)));
      t0 = System.nanoTime();
      Estimate e = te.estimate(Matrix.column("y", yx[0]), Matrix.column("x", yx[1]));
      times[b] = seconds(t0);
      p[b] = e.pValue().orElseThrow();
    }
    System.out.printf(Locale.ROOT, "%-26s %8d %10.3f %10.3f %10.3f %9.1f %9.1f p: jidt %.3f, ours %.3f%n",
        "TE k=1 + 100 surrogates", n, jt, times[0], times[1], jt / times[0], jt / times[1], d.pValue, p[0]);
    // AIS, history 3
    for (int nn : sizes) {
      double[] x = series(nn, 5)[1];
      ActiveInfoStorageCalculatorKraskov a = new ActiveInfoStorageCalculatorKraskov(1);
      a.setProperty("k", "3");
      a.setProperty("NORMALISE", "false");
      a.setProperty("NOISE_LEVEL_TO_ADD", "0");
      a.setProperty("NUM_THREADS", Integer.toString(threads));
      a.initialise(3, 1);
      t0 = System.nanoTime();
      a.setObservations(x);
      double jv = a.computeAverageLocalOfObservations();
      double jta = seconds(t0);
      double[] ov = new double[2];
      double[] ot = new double[2];
      for (int b = 0; b < 2; b++) {
        ActiveInformationStorage ais = new ActiveInformationStorage(ActiveInfoStorageOptions.defaults().withEmbedding(3, 1)
            .withSettings(RunSettings.defaults().withBackend(kinds[b]).withThreads(threads)));
        t0 = System.nanoTime();
        ov[b] = ais.estimate(Matrix.column("x", x)).value();
        ot[b] = seconds(t0);
      }
      System.out.printf(Locale.ROOT, "%-26s %8d %10.3f %10.3f %10.3f %9.1f %9.1f %.1e (%.12f)%n", "AIS history 3", nn, jta,
          ot[0], ot[1], jta / ot[0], jta / ot[1], Math.max(Math.abs(jv - ov[0]), Math.abs(jv - ov[1])), jv);
    }
  }
}
