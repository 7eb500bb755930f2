package org.infokernels.core;

/**
 * The RBF bandwidth σ: a fixed value, or the median heuristic — the median Euclidean distance
 * over the pairs i &lt; j (numpy's median: the mean of the two middle values for an even count),
 * computed per variable; above {@value #MEDIAN_MAX_ROWS} rows over the pairs of a random
 * subsample of that many rows drawn from the run's seed.
 *
 * @param value  σ when fixed (NaN for the median heuristic)
 * @param isMedian true for the median heuristic
 */
public record Bandwidth(double value, boolean isMedian) {
  /** rows above which the median heuristic subsamples */
  public static final int MEDIAN_MAX_ROWS = 2000;

  /**
   * Checks a fixed σ.
   *
   * @throws InvalidInputException if a fixed σ ({@code isMedian} false) is not a finite number &gt; 0
   */
  public Bandwidth {
    if (!isMedian) {
      Check.positive("sigma", value);
    }
  }

  /** the median heuristic (value NaN), resolved per variable when an estimator runs */
  public static Bandwidth median() {
    return new Bandwidth(Double.NaN, true);
  }

  /**
   * A fixed σ, in the units of the data.
   *
   * @param sigma the bandwidth
   * @return the fixed bandwidth
   * @throws InvalidInputException if {@code sigma} is not a finite number &gt; 0
   */
  public static Bandwidth of(double sigma) {
    return new Bandwidth(sigma, false);
  }

  /** "median" or a number &gt; 0 */
  public static Bandwidth parse(String s) {
    if ("median".equals(s)) {
      return median();
    }
    double v;
    try {
      v = Double.parseDouble(s);
    } catch (NumberFormatException e) {
      throw new InvalidInputException("sigma = " + s + " is neither a number nor 'median'");
    }
    return of(v);
  }

  @Override
  public String toString() {
    return isMedian ? "median" : Double.toString(value);
  }
}
