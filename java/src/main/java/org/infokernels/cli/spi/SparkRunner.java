package org.infokernels.cli.spi;

import java.util.Iterator;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import org.infokernels.core.InvalidInputException;
import org.infokernels.pairwise.PairMeasure;
import org.infokernels.pairwise.PairwiseOptions;
import org.infokernels.pairwise.PairwiseResult;
import org.infokernels.pairwise.Variables;
import org.infokernels.timeseries.Network;
import org.infokernels.timeseries.NetworkInferenceOptions;
import org.infokernels.timeseries.Series;

/**
 * What the CLI's {@code --spark MASTER} runs through: implemented by the Spark module
 * ({@code infokernels-spark_2.13}, class {@code org.infokernels.spark.SparkCliRunner}) and registered in its
 * {@code META-INF/services}, so that the core jar does not depend on Spark. The CLI looks it up with
 * {@link ServiceLoader} only when {@code --spark} is given ({@link #find}). Each method returns the very object
 * the single-machine API returns for the same input (the same values, bit for bit, on the same backend and seed).
 */
public interface SparkRunner {
  /** how to put the Spark module on the class path, for the error message when it is absent */
  String HOW = "run org.infokernels.cli.Main from java/spark/target/infokernels-spark.jar with Spark's jars: "
      + "java @java/spark/spark-jvm.args -cp java/spark/target/infokernels-spark.jar:$(cat "
      + "java/spark/target/spark-classpath.txt) "
      + "org.infokernels.cli.Main ..., or spark-submit --class org.infokernels.cli.Main "
      + "java/spark/target/infokernels-spark.jar ...; README, Spark";

  /**
   * The dependence matrix of {@code measure} over the pairs of {@code x} (y null) or x × y, as Spark tasks on
   * {@code master}: {@link org.infokernels.pairwise.DependenceMatrix#compute} with the same entries.
   *
   * @param master  the Spark master URL ({@code local[2]}, {@code spark://host:7077}) or {@code submit}
   * @param measure the measure with its options and run settings
   * @param options the false discovery rate (progress is not reported)
   * @param x       the row variables
   * @param y       the column variables, or null for the pairs within x
   * @return the matrix
   */
  PairwiseResult pairwise(String master, PairMeasure measure, PairwiseOptions options, Variables x, Variables y);

  /**
   * Multivariate transfer-entropy network inference as Spark tasks on {@code master}, one task per target:
   * {@link org.infokernels.timeseries.NetworkInference#infer(List)}'s network.
   *
   * @param master  the Spark master URL or {@code submit}
   * @param options the inference options and run settings
   * @param nodes   the univariate series, one per node
   * @return the network
   */
  Network network(String master, NetworkInferenceOptions options, List<Series> nodes);

  /**
   * The Spark module's runner, found with {@link ServiceLoader} on the class path of this class.
   *
   * @return the runner
   * @throws InvalidInputException when the Spark module (or Spark itself) is not on the class path
   */
  static SparkRunner find() {
    try {
      Iterator<SparkRunner> it = ServiceLoader.load(SparkRunner.class, SparkRunner.class.getClassLoader()).iterator();
      if (it.hasNext()) {
        return it.next();
      }
    } catch (ServiceConfigurationError | LinkageError e) {
      throw new InvalidInputException("--spark needs Spark on the class path (" + e.getMessage() + "; " + HOW + ")");
    }
    throw new InvalidInputException("--spark needs the Spark module on the class path (" + HOW + ")");
  }

  /**
   * Runs {@code call} and turns a Spark class that cannot be found (the module is there, Spark is not) into
   * bad input with the message of {@link #find}.
   *
   * @param call what to run
   * @param <T>  the result type
   * @return the call's result
   */
  static <T> T run(java.util.function.Supplier<T> call) {
    try {
      return call.get();
    } catch (NoClassDefFoundError e) {
      throw new InvalidInputException("--spark needs Spark on the class path (class " + e.getMessage()
          + " not found; " + HOW + ")");
    }
  }
}
