package org.infokernels.pairwise;

/**
 * Progress of a {@link DependenceMatrix} run (or a network-inference run), called from the run's
 * threads (at most once at a time: the calls are serialised, {@code done} never decreases) after
 * each completed unit of work; a listener must return quickly. Where pairs are computed together
 * (the shared Gram tiles of HSIC, CKA and CS-QMI), {@code done} is the completed fraction of the
 * work times the number of pairs, rounded down.
 */
@FunctionalInterface
public interface PairwiseProgress {
  /** a listener that ignores every call */
  PairwiseProgress NONE = (done, total, seconds) -> { };

  /**
   * Called as the run advances.
   *
   * @param done    units (pairs, or targets of a network) completed
   * @param total   units in the run
   * @param seconds seconds since the run started
   */
  void update(long done, long total, double seconds);
}
