package org.infokernels.bench;

import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.infokernels.core.BackendKind;
import org.infokernels.core.Matrix;
import org.infokernels.core.RunSettings;
import org.infokernels.internal.backend.Backends;
import org.infokernels.timeseries.ActiveInfoStorageOptions;
import org.infokernels.timeseries.ActiveInformationStorage;
import org.infokernels.timeseries.ConditionalSeries;
import org.infokernels.timeseries.Series;
import org.infokernels.timeseries.Surrogate;
import org.infokernels.timeseries.TransferEntropy;
import org.infokernels.timeseries.TransferEntropyOptions;
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
 * Time-series family × backend × n: transfer entropy (KSG 1, k = 3; target history 1 and 3,
 * source history 1), conditional TE given a third series, active information storage (history 3)
 * and TE with 100 circular-shift surrogates, on coupled AR(1) series with offsets and mixed scales
 * (z drives y, y drives x, as in {@code bench/peers/jidt.sh}). The JIDT comparison of the same
 * workloads is {@code bench/peers/jidt.sh}.
 *
 * <pre>
 *   mvn -B -q package -DskipTests
 *   java -jar bench/target/benchmarks.jar TimeSeriesBenchmark -p backend=java,cpu -rf json -rff bench/results/ts.json
 *   # on a GPU machine: -p backend=java,cpu,cuda
 * </pre>
 * An unavailable backend fails its own rows in setup with the reason; pass only usable ones.
 * {@code teSurrogates100} runs at n = 10⁴ only (at 10⁵ it is 101 estimates of seconds each).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx8g"})
@Warmup(iterations = 1, time = 2)
@Measurement(iterations = 3, time = 2)
public class TimeSeriesBenchmark {
  @Param({"java", "cpu"})
  public String backend;

  @Param({"10000", "100000"})
  public int n;

  private Series source;
  private Series target;
  private Series conditional;
  private RunSettings settings;

  @Setup(Level.Trial)
  public void setUp() {
    BackendKind kind = BackendKind.parse(backend);
    Backends.select(kind);  // throws with the reason when the backend cannot run here
    settings = RunSettings.defaults().withBackend(kind);
    Random r = new Random(42);
    int burn = 100;
    double[] x = new double[n + burn];
    double[] y = new double[n + burn];
    double[] z = new double[n + burn];
    for (int t = 1; t < n + burn; t++) {
      z[t] = 0.6 * z[t - 1] + r.nextGaussian();
      y[t] = 0.7 * y[t - 1] + 0.3 * z[t - 1] + r.nextGaussian();
      x[t] = 0.5 * x[t - 1] + 0.4 * y[t - 1] + r.nextGaussian();
    }
    double[] xs = new double[n];
    double[] ys = new double[n];
    double[] zs = new double[n];
    for (int t = 0; t < n; t++) {
      xs[t] = 250.0 + 3.0 * x[t + burn];
      ys[t] = -40.0 + 0.01 * y[t + burn];
      zs[t] = 1e3 + z[t + burn];
    }
    source = Series.of(Matrix.column("y", ys));
    target = Series.of(Matrix.column("x", xs));
    conditional = Series.of(Matrix.column("z", zs));
  }

  private TransferEntropyOptions te(int targetHistory) {
    return TransferEntropyOptions.defaults().withTarget(targetHistory, 1).withSource(1, 1).withSettings(settings);
  }

  @Benchmark
  public double teHistory1() {
    return new TransferEntropy(te(1)).estimate(source, target).value();
  }

  @Benchmark
  public double teHistory3() {
    return new TransferEntropy(te(3)).estimate(source, target).value();
  }

  @Benchmark
  public double conditionalTe() {
    return new TransferEntropy(te(1)).estimate(source, target, List.of(ConditionalSeries.of(conditional))).value();
  }

  @Benchmark
  public double aisHistory3() {
    return new ActiveInformationStorage(ActiveInfoStorageOptions.defaults().withEmbedding(3, 1).withSettings(settings))
        .estimate(target).value();
  }

  @Benchmark
  public double teSurrogates100() {
    if (n > 10_000) {
      return Double.NaN;  // see the class comment
    }
    return new TransferEntropy(te(1).withSurrogate(Surrogate.CIRCULAR)
        .withSettings(settings.withPermutations(100).withSeed(1))).estimate(source, target).pValue().orElseThrow();
  }
}
