package org.infokernels.bench;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.infokernels.core.BackendKind;
import org.infokernels.core.KsgAlgorithm;
import org.infokernels.core.Matrix;
import org.infokernels.core.RunSettings;
import org.infokernels.internal.backend.Backends;
import org.infokernels.knn.CmiOptions;
import org.infokernels.knn.ConditionalMutualInformation;
import org.infokernels.knn.EntropyOptions;
import org.infokernels.knn.KlDivergenceOptions;
import org.infokernels.knn.KnnKlDivergence;
import org.infokernels.knn.KozachenkoLeonenkoEntropy;
import org.infokernels.knn.KsgMutualInformation;
import org.infokernels.knn.KsgOptions;
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
 * k-NN family × backend × n on correlated Gaussians (X, Y 2-D each, Z 1-D, k = 3).
 *
 * <pre>
 *   mvn -B -q package -DskipTests
 *   java -jar bench/target/benchmarks.jar KnnBenchmark -p backend=java,cpu -rf json -rff bench/results/knn.json
 *   # on a GPU machine: -p backend=java,cpu,cuda
 * </pre>
 * An unavailable backend fails its own rows in setup with the reason; pass only usable ones.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx8g"})
@Warmup(iterations = 1, time = 2)
@Measurement(iterations = 3, time = 2)
public class KnnBenchmark {
  @Param({"java", "cpu"})
  public String backend;

  @Param({"10000", "100000"})
  public int n;

  private Matrix x;
  private Matrix y;
  private Matrix z;
  private RunSettings settings;

  @Setup(Level.Trial)
  public void setUp() {
    BackendKind kind = BackendKind.parse(backend);
    Backends.select(kind);  // throws with the reason when the backend cannot run here
    settings = RunSettings.defaults().withBackend(kind);
    Random r = new Random(42);
    double[] xv = new double[n * 2];
    double[] yv = new double[n * 2];
    double[] zv = new double[n];
    for (int i = 0; i < n; i++) {
      zv[i] = r.nextGaussian();
      for (int c = 0; c < 2; c++) {
        xv[i * 2 + c] = r.nextGaussian() + 0.5 * zv[i];
        yv[i * 2 + c] = 0.6 * xv[i * 2 + c] + 0.8 * r.nextGaussian();
      }
    }
    x = Matrix.of("x", xv, n, 2);
    y = Matrix.of("y", yv, n, 2);
    z = Matrix.of("z", zv, n, 1);
  }

  @Benchmark
  public double entropy() {
    return new KozachenkoLeonenkoEntropy(EntropyOptions.defaults().withSettings(settings)).estimate(x).value();
  }

  @Benchmark
  public double miKsg1() {
    return new KsgMutualInformation(KsgOptions.defaults().withSettings(settings)).estimate(x, y).value();
  }

  @Benchmark
  public double miKsg2() {
    return new KsgMutualInformation(KsgOptions.defaults().withAlgorithm(KsgAlgorithm.TWO).withSettings(settings))
        .estimate(x, y).value();
  }

  @Benchmark
  public double cmi() {
    return new ConditionalMutualInformation(CmiOptions.defaults().withSettings(settings)).estimate(x, y, z).value();
  }

  @Benchmark
  public double klDivergence() {
    return new KnnKlDivergence(KlDivergenceOptions.defaults().withSettings(settings)).estimate(x, y).value();
  }
}
