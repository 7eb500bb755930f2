package org.infokernels.timeseries;

import java.util.List;

/**
 * The result of {@link NetworkInference}: for every target its selected past variables, the
 * omnibus test and its Benjamini–Hochberg q-value, and the directed edges that survive the
 * false-discovery-rate correction. Information quantities are in nats.
 *
 * @param names         the node names, in input order
 * @param observations  the pooled realisations every estimate uses (per trial T − max(maxLag, maxLagTarget))
 * @param backend       the backend that ran the k-NN counts
 * @param targets       one result per node, in node order
 * @param edges         the significant edges (targets with q ≤ fdr), by target then source
 * @param seconds       compute time of this run (targets read from a checkpoint cost nothing)
 */
public record Network(List<String> names, int observations, String backend, List<Target> targets, List<Edge> edges,
                      double seconds) {
  /** copies the lists */
  public Network {
    names = List.copyOf(names);
    targets = List.copyOf(targets);
    edges = List.copyOf(edges);
  }

  /**
   * One past variable (process, lag) in a target's conditioning set: the realisation x_{process}[t − lag]
   * of the current value x_target[t].
   *
   * @param process the node index
   * @param lag     the lag ≥ 1
   * @param te      its conditional MI with the current value given every other selected variable, in nats
   *                (for a source variable the conditional TE I(y_{t−lag} ; x_t | rest), IDTxl's
   *                {@code selected_sources_te}); NaN for target variables
   * @param pValue  its p-value: the sequential maximum-statistic p-value for source variables, the
   *                maximum-statistic p-value at inclusion for target variables (NaN when lag 1 was added
   *                without a test)
   */
  public record Variable(int process, int lag, double te, double pValue) {}

  /**
   * The analysis of one target before the correction across targets.
   *
   * @param target          the node index
   * @param targetPast      the selected variables of the target's own past, in order of inclusion
   * @param sources         the selected source variables that passed pruning and the sequential test, by
   *                        (process, lag)
   * @param omnibusTe       I(all selected source variables ; x_t | selected target past) in nats (0 without sources)
   * @param omnibusPValue   its maximum-statistic-free surrogate p-value (1 without sources)
   * @param omnibusSignificant whether the omnibus test passed at alpha
   * @param qValue          the Benjamini–Hochberg q-value of the omnibus p-value across all targets
   * @param significant     whether the target keeps its sources: omnibus significant and q ≤ fdr
   */
  public record Target(int target, List<Variable> targetPast, List<Variable> sources, double omnibusTe,
                       double omnibusPValue, boolean omnibusSignificant, double qValue, boolean significant) {
    /** copies the lists */
    public Target {
      targetPast = List.copyOf(targetPast);
      sources = List.copyOf(sources);
    }
  }

  /**
   * A directed edge source → target.
   *
   * @param source  the source node
   * @param target  the target node
   * @param lags    the selected lags of the source, ascending
   * @param te      the conditional TE of all of them jointly, I(y_{t−lags} ; x_t | every other selected
   *                variable of the target), in nats (IDTxl's single-link TE)
   * @param pValue  the smallest sequential maximum-statistic p-value among its lags
   * @param qValue  the target's omnibus q-value
   */
  public record Edge(int source, int target, List<Integer> lags, double te, double pValue, double qValue) {
    /** copies the lags */
    public Edge {
      lags = List.copyOf(lags);
    }
  }

  /** the adjacency matrix, rows sources, columns targets: 1 where an edge is, else 0 */
  public int[][] adjacency() {
    int p = names.size();
    int[][] a = new int[p][p];
    for (Edge e : edges) {
      a[e.source()][e.target()] = 1;
    }
    return a;
  }
}
