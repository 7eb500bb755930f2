package org.infokernels.timeseries;

import java.util.List;
import java.util.Objects;
import org.infokernels.core.InvalidInputException;
import org.infokernels.core.Matrix;

/**
 * A (possibly multivariate) time series: one or more trials (replications of the same process),
 * each a {@link Matrix} whose rows are time steps and whose columns are the variables. Trials may
 * differ in length but not in their number of columns; every trial is embedded on its own (no
 * embedding vector spans two trials) and the observations of all trials are pooled (JIDT's
 * {@code addObservations} once per trial). Immutable.
 */
public final class Series {
  private final String name;
  private final List<Matrix> trials;

  private Series(String name, List<Matrix> trials) {
    this.name = Objects.requireNonNull(name, "name");
    if (trials.isEmpty()) {
      throw new InvalidInputException(name + " has no trials");
    }
    int d = trials.get(0).cols();
    for (int r = 1; r < trials.size(); r++) {
      if (trials.get(r).cols() != d) {
        throw new InvalidInputException(name + ": trial " + r + " has " + trials.get(r).cols() + " columns but trial 0 has "
            + d);
      }
    }
    this.trials = List.copyOf(trials);
  }

  /** one trial: the rows of m are the time steps */
  public static Series of(Matrix m) {
    return new Series(m.name(), List.of(m));
  }

  /** several trials of the same process (each a matrix of time steps × variables), pooled */
  public static Series ofTrials(String name, List<Matrix> trials) {
    return new Series(name, trials);
  }

  /** the name used in messages */
  public String name() {
    return name;
  }

  /** the number of trials */
  public int trials() {
    return trials.size();
  }

  /** trial r (time steps × variables) */
  public Matrix trial(int r) {
    return trials.get(r);
  }

  /** the number of variables (columns) */
  public int dims() {
    return trials.get(0).cols();
  }

  /** the length of trial r in time steps */
  public int length(int r) {
    return trials.get(r).rows();
  }

  /** the trials as a list (unmodifiable) */
  public List<Matrix> trialList() {
    return trials;
  }

  /** the same series with every trial replaced by f(trial) */
  Series map(java.util.function.UnaryOperator<Matrix> f) {
    return new Series(name, trials.stream().map(f).toList());
  }

  /** the requirement that other has the same trials and lengths as this (source, target, conditionals) */
  void requireSameShape(Series other) {
    if (other.trials() != trials()) {
      throw new InvalidInputException(name + " has " + trials() + " trial" + (trials() == 1 ? "" : "s") + " but "
          + other.name + " has " + other.trials() + "; every series must have the same trials");
    }
    for (int r = 0; r < trials(); r++) {
      if (other.length(r) != length(r)) {
        throw new InvalidInputException(name + (trials() > 1 ? " (trial " + r + ")" : "") + " has " + length(r)
            + " time steps but " + other.name + " has " + other.length(r) + "; the series must have the same length");
      }
    }
  }

  @Override
  public String toString() {
    return name + " (" + trials() + " trial" + (trials() == 1 ? "" : "s") + ", " + dims() + " variable"
        + (dims() == 1 ? "" : "s") + ")";
  }
}
