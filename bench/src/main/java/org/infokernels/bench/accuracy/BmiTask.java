package org.infokernels.bench.accuracy;

import java.util.Objects;
import java.util.SplittableRandom;

/**
 * One ground-truth task of the BMI benchmark (Czyż, Grabowski, Vogt, Beerenwinkel, Marx, "Beyond
 * Normal: On the Evaluation of Mutual Information Estimators", NeurIPS 2023; task definitions in
 * github.com/cbg-ethz/bmi, {@code src/bmi/benchmark/task_list.py}): a sampler of paired X (n × dimX)
 * and Y (n × dimY) with known mutual information {@code trueMi} in nats.
 *
 * @param id      BMI's task id (e.g. {@code multinormal-sparse-3-3-2-2.0}), so results join with theirs
 * @param name    BMI's display name (e.g. {@code Multinormal 3 × 3 (2-pair)})
 * @param dimX    columns of X
 * @param dimY    columns of Y
 * @param trueMi  I(X;Y) in nats from the closed form the BMI code uses
 * @param sampler draws the sample (before the rescaling every task gets)
 */
public record BmiTask(String id, String name, int dimX, int dimY, double trueMi, Sampler sampler) {
  /** draws n paired rows of (X, Y) from a random stream */
  @FunctionalInterface
  public interface Sampler {
    /**
     * n draws: row-major X (n × dimX) in {@code x} and Y (n × dimY) in {@code y}
     *
     * @param n   rows
     * @param rng the stream
     * @return {x, y}
     */
    double[][] sample(int n, SplittableRandom rng);
  }

  /** checks the fields */
  public BmiTask {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(sampler, "sampler");
    if (dimX < 1 || dimY < 1) {
      throw new IllegalArgumentException("dimensions must be >= 1 (" + dimX + ", " + dimY + ")");
    }
    if (!(trueMi >= 0) || Double.isInfinite(trueMi)) {
      throw new IllegalArgumentException("true MI = " + trueMi + " must be finite and >= 0");
    }
  }

  /**
   * A sample of n rows with seed {@code seed}, every column then centred and scaled to unit
   * variance (ddof 0), as BMI's {@code transform_rescale} (sklearn {@code preprocessing.scale}) does
   * to every task of the paper: X in row 0, Y in row 1 (row-major). The stream is a
   * {@link SplittableRandom} of the seed and the task id, so each task and seed is reproducible
   * alone (BMI's JAX/NumPy streams cannot be reproduced in Java: same distributions, other draws).
   *
   * @param n    rows (≥ 2)
   * @param seed the seed
   * @return {x, y}, each row-major
   */
  public double[][] sample(int n, long seed) {
    if (n < 2) {
      throw new IllegalArgumentException("n = " + n + " must be >= 2");
    }
    SplittableRandom rng = new SplittableRandom(seed * 0x9E3779B97F4A7C15L ^ id.hashCode());
    double[][] xy = sampler.sample(n, rng);
    if (xy[0].length != (long) n * dimX || xy[1].length != (long) n * dimY) {
      throw new IllegalStateException(id + ": the sampler returned the wrong shape");
    }
    standardize(xy[0], n, dimX);
    standardize(xy[1], n, dimY);
    return xy;
  }

  /** column j of the row-major n × d array to mean 0 and variance 1 (ddof 0), in place */
  static void standardize(double[] a, int n, int d) {
    for (int j = 0; j < d; j++) {
      double mean = 0;
      for (int i = 0; i < n; i++) {
        mean += a[i * d + j];
      }
      mean /= n;
      double ss = 0;
      for (int i = 0; i < n; i++) {
        double c = a[i * d + j] - mean;
        ss += c * c;
      }
      double sd = Math.sqrt(ss / n);
      if (!(sd > 0)) {
        throw new IllegalStateException("column " + j + " is constant");
      }
      for (int i = 0; i < n; i++) {
        a[i * d + j] = (a[i * d + j] - mean) / sd;
      }
    }
  }
}
