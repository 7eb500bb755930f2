package org.infokernels.bench;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.infokernels.core.BackendKind;
import org.infokernels.core.Matrix;
import org.infokernels.core.RunSettings;
import org.infokernels.core.SpectralMethod;
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
 * Kernel family × backend at n = 10⁴ (d = 10, Y depends on half of X's coordinates), end to end
 * through the api with the default median σ: every measure streams the n × n Gram matrices tile by
 * tile in O(n·d) memory except {@code renyiEntropyExact}, which forms the matrix and calls the
 * eigensolver (LAPACK dsyevd with one thread on cpu, EJML on java) and therefore runs at a smaller
 * {@code exactN}.
 *
 * <ul>
 *   <li>{@code hsicBiased}, {@code hsicUnbiased}, {@code ckaRbf}, {@code csQmi}, {@code renyiMiAlpha2}:
 *       one pass of the pairwise engine over K and L (n²/2 pairs each, symmetric tiles).</li>
 *   <li>{@code ckaLinear}: the d × d feature-space route (always computed in Java).</li>
 *   <li>{@code renyiEntropySlq}: stochastic Lanczos quadrature with the defaults (Nyström head of
 *       rank 128 from 2000 landmarks, 8 probes, 4–25 Lanczos steps as the quadrature bound
 *       requires): one pass of K·V with 136 vectors, then one with 8 per further step.</li>
 * </ul>
 * <pre>
 *   mvn -B -q package -DskipTests
 *   java -jar bench/target/benchmarks.jar KernelBenchmark -p backend=java,cpu -rf json -rff bench/results/kernel.json
 *   # on a GPU machine: -p backend=java,cpu,cuda
 * </pre>
 * The side-by-side with the numpy oracle on the same data is {@code bench/peers/compare.py --family kernel}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx8g"})
@Warmup(iterations = 1, time = 2)
@Measurement(iterations = 3, time = 2)
public class KernelBenchmark {
  @Param({"java", "cpu"})
  public String backend;

  @Param({"10000"})
  public int n;

  @Param({"2000"})
  public int exactN;

  private static final int D = 10;
  private Matrix x;
  private Matrix y;
  private Matrix xSmall;
  private RunSettings settings;

  @Setup(Level.Trial)
  public void setUp() {
    BackendKind kind = BackendKind.parse(backend);
    Backends.select(kind);  // throws with the reason when the backend cannot run here
    settings = RunSettings.defaults().withBackend(kind);
    Random r = new Random(42);
    double[] xv = new double[n * D];
    double[] yv = new double[n * D];
    for (int i = 0; i < n; i++) {
      for (int c = 0; c < D; c++) {
        xv[i * D + c] = r.nextGaussian();
      }
      for (int c = 0; c < D; c++) {
        yv[i * D + c] = 0.5 * xv[i * D + c / 2] + r.nextGaussian();
      }
    }
    x = Matrix.of("x", xv, n, D);
    y = Matrix.of("y", yv, n, D);
    int m = Math.min(exactN, n);
    xSmall = Matrix.of("x", java.util.Arrays.copyOf(xv, m * D), m, D);
  }

  @Benchmark
  public double hsicBiased() {
    return new Hsic(HsicOptions.defaults().withSettings(settings)).estimate(x, y).value();
  }

  @Benchmark
  public double hsicUnbiased() {
    return new Hsic(HsicOptions.defaults().withUnbiased(true).withSettings(settings)).estimate(x, y).value();
  }

  @Benchmark
  public double ckaRbf() {
    return new Cka(CkaOptions.defaults().withKernel(KernelType.RBF).withSettings(settings)).estimate(x, y).value();
  }

  @Benchmark
  public double ckaLinear() {
    return new Cka(CkaOptions.defaults().withKernel(KernelType.LINEAR).withSettings(settings)).estimate(x, y).value();
  }

  @Benchmark
  public double csQmi() {
    return new CauchySchwarzQmi(CsQmiOptions.defaults().withSettings(settings)).estimate(x, y).value();
  }

  @Benchmark
  public double renyiMiAlpha2() {
    return new RenyiMutualInformation(RenyiOptions.defaults().withAlpha(2).withSettings(settings)).estimate(x, y).value();
  }

  @Benchmark
  @BenchmarkMode(Mode.SingleShotTime)
  @Warmup(iterations = 0)
  @Measurement(iterations = 1)
  public double renyiEntropySlq() {
    return new RenyiEntropy(RenyiOptions.defaults().withMethod(SpectralMethod.SLQ).withSettings(settings))
        .estimate(x).value();
  }

  @Benchmark
  @BenchmarkMode(Mode.SingleShotTime)
  @Warmup(iterations = 0)
  @Measurement(iterations = 1)
  public double renyiEntropyExact() {
    return new RenyiEntropy(RenyiOptions.defaults().withMethod(SpectralMethod.EXACT).withSettings(settings))
        .estimate(xSmall).value();
  }
}
