package org.infokernels.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.infokernels.core.BackendKind;
import org.infokernels.core.Bandwidth;
import org.infokernels.core.Matrix;
import org.infokernels.core.RunSettings;
import org.infokernels.core.SpectralMethod;
import org.infokernels.internal.backend.Backends;
import org.infokernels.matrix.DiffusionSpectralEntropy;
import org.infokernels.matrix.DiffusionSpectralMutualInformation;
import org.infokernels.matrix.DseOptions;
import org.infokernels.matrix.DsmiOptions;
import org.infokernels.matrix.TruncatedEntropyOptions;
import org.infokernels.matrix.TruncatedMatrixEntropy;
import org.infokernels.matrix.VonNeumannEntropy;
import org.infokernels.matrix.VonNeumannKind;
import org.infokernels.matrix.VonNeumannOptions;
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
 * Matrix entropies × backend, end to end through the api (Gram building, eigenproblems, entropies).
 *
 * <ul>
 *   <li>{@code truncatedBatch}, {@code vonNeumannBatch}: one UNComp layer, {@code batch} heads of
 *       {@code tokens} × {@code dim} (default 32 × 128 × 128), one value per head; target on the
 *       2-core dev VM: &lt; 50 ms on cpu.</li>
 *   <li>{@code Large.vonNeumannRbfExact}: exact von Neumann entropy of the n × n Gaussian Gram matrix
 *       (n = 4000, d = 3; the explicit matrix and LAPACK dsyevd with one thread), one shot.</li>
 *   <li>{@code Large.dseSlq}: DSE of the same data by matrix-free SLQ (defaults: 8 probes, at most
 *       25 Lanczos steps), one shot.</li>
 *   <li>{@code Medium.*}: n = 2000, d = 10 (4 separated clusters): von Neumann of the covariance and
 *       of the linear Gram (the d × d route), exact DSE and DSMI (eigenvalues of 2000 × 2000 and of
 *       every class's Gram matrix, 5 repeats).</li>
 * </ul>
 * <pre>
 *   mvn -B -q package -DskipTests
 *   java -jar bench/target/benchmarks.jar MatrixBenchmark -p backend=java,cpu -rf json -rff bench/results/matrix.json
 *   # on a GPU machine: -p backend=java,cpu,cuda (the batches then run the Jacobi kernel)
 * </pre>
 * An unavailable backend fails its own rows in setup with the reason; pass only usable ones.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx8g"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
public class MatrixBenchmark {
  @Param({"java", "cpu"})
  public String backend;

  @Param({"32"})
  public int batch;

  @Param({"128"})
  public int tokens;

  @Param({"128"})
  public int dim;

  private List<Matrix> heads;
  private RunSettings settings;

  static RunSettings settings(String backend) {
    BackendKind kind = BackendKind.parse(backend);
    Backends.select(kind);  // throws with the reason when the backend cannot run here
    return RunSettings.defaults().withBackend(kind);
  }

  @Setup(Level.Trial)
  public void setUp() {
    settings = settings(backend);
    Random r = new Random(42);
    heads = new ArrayList<>();
    for (int h = 0; h < batch; h++) {
      double[] v = new double[tokens * dim];
      for (int i = 0; i < v.length; i++) {
        v[i] = r.nextGaussian() / (1 + i % dim);  // decaying feature scales: a spread spectrum
      }
      heads.add(Matrix.of("head" + h, v, tokens, dim));
    }
  }

  @Benchmark
  public double[] truncatedBatch() {
    return new TruncatedMatrixEntropy(new TruncatedEntropyOptions(Math.min(32, dim), settings)).estimateBatch(heads)
        .values();
  }

  @Benchmark
  public double[] vonNeumannBatch() {
    return new VonNeumannEntropy(VonNeumannOptions.defaults().withSettings(settings)).estimateBatch(heads).values();
  }

  /** single n × d representations (n = 2000, d = 10, 4 clusters as labels): exact spectra */
  @State(Scope.Benchmark)
  public static class Medium {
    @Param({"java", "cpu"})
    public String backend;

    @Param({"2000"})
    public int n;

    Matrix x;
    int[] labels;
    RunSettings settings;

    @Setup(Level.Trial)
    public void setUp() {
      settings = MatrixBenchmark.settings(backend);
      Random r = new Random(11);
      double[] v = new double[n * 10];
      labels = new int[n];
      for (int i = 0; i < n; i++) {
        labels[i] = i % 4;
        for (int c = 0; c < 10; c++) {
          v[i * 10 + c] = r.nextGaussian() + (c == labels[i] ? 6.0 : 0.0);
        }
      }
      x = Matrix.of("x", v, n, 10);
    }
  }

  @Benchmark
  public double vonNeumannCov(Medium s) {
    return new VonNeumannEntropy(VonNeumannOptions.defaults().withSettings(s.settings)).estimate(s.x).value();
  }

  @Benchmark
  public double vonNeumannLinear(Medium s) {
    return new VonNeumannEntropy(VonNeumannOptions.defaults().withKind(VonNeumannKind.LINEAR).withSettings(s.settings))
        .estimate(s.x).value();
  }

  @Benchmark
  @BenchmarkMode(Mode.SingleShotTime)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @Warmup(iterations = 1)
  @Measurement(iterations = 2)
  public double dseExact(Medium s) {
    return new DiffusionSpectralEntropy(DseOptions.defaults().withMethod(SpectralMethod.EXACT).withSettings(s.settings))
        .estimate(s.x).value();
  }

  @Benchmark
  @BenchmarkMode(Mode.SingleShotTime)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @Warmup(iterations = 1)
  @Measurement(iterations = 2)
  public double dsmi(Medium s) {
    return new DiffusionSpectralMutualInformation(DsmiOptions.defaults().withSettings(s.settings))
        .estimate(s.x, s.labels).value();
  }

  /** n × n kernel-matrix spectra: seconds per call, so one shot per iteration */
  @State(Scope.Benchmark)
  public static class Large {
    @Param({"cpu"})
    public String backend;

    @Param({"4000"})
    public int n;

    Matrix x;
    RunSettings settings;

    @Setup(Level.Trial)
    public void setUp() {
      settings = MatrixBenchmark.settings(backend);
      Random r = new Random(7);
      double[] v = new double[n * 3];
      for (int i = 0; i < v.length; i++) {
        v[i] = r.nextGaussian();
      }
      x = Matrix.of("x", v, n, 3);
    }
  }

  @Benchmark
  @BenchmarkMode(Mode.SingleShotTime)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @Warmup(iterations = 0)
  @Measurement(iterations = 2)
  public double vonNeumannRbfExact(Large s) {
    return new VonNeumannEntropy(VonNeumannOptions.defaults().withKind(VonNeumannKind.RBF).withSigma(Bandwidth.of(1.0))
        .withMethod(SpectralMethod.EXACT).withSettings(s.settings)).estimate(s.x).value();
  }

  @Benchmark
  @BenchmarkMode(Mode.SingleShotTime)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @Warmup(iterations = 0)
  @Measurement(iterations = 2)
  public double dseSlq(Large s) {
    return new DiffusionSpectralEntropy(DseOptions.defaults().withSigma(Bandwidth.of(1.0)).withMethod(SpectralMethod.SLQ)
        .withSettings(s.settings)).estimate(s.x).value();
  }
}
