package org.infokernels.bench;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.infokernels.core.BackendKind;
import org.infokernels.core.Matrix;
import org.infokernels.core.RunSettings;
import org.infokernels.internal.backend.Backend;
import org.infokernels.internal.backend.Backends;
import org.infokernels.internal.ot.SinkhornResult;
import org.infokernels.ot.Sinkhorn;
import org.infokernels.ot.SinkhornDivergence;
import org.infokernels.ot.SinkhornDivergenceOptions;
import org.infokernels.ot.SinkhornOptions;
import org.infokernels.ot.WassersteinDependency;
import org.infokernels.ot.WassersteinDependencyOptions;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Time of one Sinkhorn iteration (a v-update and a u-update: 2·n·m fused cost evaluations and
 * exponentials) × backend × n, with n = m, d = 10, x ~ N(0, I), y ~ N(0.5, I), ε = 0.1 × the median
 * cost. Each invocation runs exactly {@code sweeps} iterations (tol = 0 never stops early) through
 * {@link Backend#sinkhorn}; the score divided by {@code sweeps} is the time per iteration. Memory is
 * O((n + m)·d) on every backend: n = 10⁵ needs a few MB where the cost matrix would need 80 GB.
 *
 * <pre>
 *   mvn -B -q package -DskipTests
 *   java -jar bench/target/benchmarks.jar OtBenchmark -p backend=java,cpu -rf json -rff bench/results/ot.json
 *   # the large case, cpu only (about 4 minutes; java needs about 15):
 *   java -jar bench/target/benchmarks.jar OtBenchmark.sinkhornIterations -p backend=cpu -p n=100000
 *   # on a GPU machine: -p backend=cpu,cuda
 * </pre>
 * The native timing program {@code native/test/bench_ot} measures the same without a JVM.
 * {@code Full.*}: whole estimates (sinkhorn, sinkhorn-divergence feydy, wasserstein-dependency)
 * through the api at n = m = 2000, d = 10, with the CLI's defaults; one shot per iteration.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
@Warmup(iterations = 1)
@Measurement(iterations = 3)
public class OtBenchmark {
  @Param({"cpu"})
  public String backend;

  @Param({"5000"})
  public int n;

  /** iterations per invocation */
  @Param({"2"})
  public int sweeps;

  private static final int D = 10;
  private Backend engine;
  private double[] x;
  private double[] y;
  private double eps;

  @Setup(Level.Trial)
  public void setUp() {
    engine = Backends.select(BackendKind.parse(backend));  // throws with the reason when it cannot run here
    Random r = new Random(42);
    x = new double[n * D];
    y = new double[n * D];
    for (int i = 0; i < x.length; i++) {
      x[i] = r.nextGaussian();
      y[i] = r.nextGaussian() + 0.5;
    }
    // 0.1 x the median cost over the first 2000 rows, as the CLI's default
    int k = Math.min(n, 2000);
    double[] c = new double[k * k];
    for (int i = 0; i < k; i++) {
      for (int j = 0; j < k; j++) {
        double s = 0;
        for (int q = 0; q < D; q++) {
          double t = x[i * D + q] - y[j * D + q];
          s += t * t;
        }
        c[i * k + j] = s;
      }
    }
    java.util.Arrays.sort(c);
    eps = 0.1 * 0.5 * (c[c.length / 2 - 1] + c[c.length / 2]);
  }

  /** whole estimates through the api at n = m = 2000 (default ε and tolerance, as the CLI) */
  @State(Scope.Benchmark)
  public static class Full {
    @Param({"java", "cpu"})
    public String backend;

    @Param({"2000"})
    public int n;

    Matrix x;
    Matrix y;
    RunSettings settings;

    @Setup(Level.Trial)
    public void setUp() {
      BackendKind kind = BackendKind.parse(backend);
      Backends.select(kind);
      settings = RunSettings.defaults().withBackend(kind);
      Random r = new Random(43);
      double[] xv = new double[n * D];
      double[] yv = new double[n * D];
      for (int i = 0; i < xv.length; i++) {
        xv[i] = r.nextGaussian();
        yv[i] = 0.5 * xv[i] + r.nextGaussian();
      }
      x = Matrix.of("x", xv, n, D);
      y = Matrix.of("y", yv, n, D);
    }
  }

  @Benchmark
  @BenchmarkMode(Mode.SingleShotTime)
  @Warmup(iterations = 1)
  @Measurement(iterations = 3)
  public double sinkhorn(Full s) {
    return new Sinkhorn(SinkhornOptions.defaults().withSettings(s.settings)).estimate(s.x, s.y).value();
  }

  @Benchmark
  @BenchmarkMode(Mode.SingleShotTime)
  @Warmup(iterations = 1)
  @Measurement(iterations = 3)
  public double sinkhornDivergence(Full s) {
    return new SinkhornDivergence(SinkhornDivergenceOptions.defaults().withSettings(s.settings)).estimate(s.x, s.y)
        .value();
  }

  @Benchmark
  @BenchmarkMode(Mode.SingleShotTime)
  @Warmup(iterations = 1)
  @Measurement(iterations = 3)
  public double wassersteinDependency(Full s) {
    return new WassersteinDependency(WassersteinDependencyOptions.defaults().withSettings(s.settings))
        .estimate(s.x, s.y).value();
  }

  @Benchmark
  public double sinkhornIterations() {
    SinkhornResult res = engine.sinkhorn(x, n, y, n, D, null, null, eps, false, sweeps, 0.0, 0.0,
        org.infokernels.core.Precision.DOUBLE, 0);
    return res.cost();
  }
}
