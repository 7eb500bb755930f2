package org.infokernels.spark;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Map;
import java.util.PriorityQueue;
import org.apache.spark.Partitioner;
import org.apache.spark.broadcast.Broadcast;

/**
 * Cuts work into tasks of balanced estimated cost (not count): the longest-processing-time-first rule (Graham
 * 1969), each item, costliest first, to the task with the least cost so far; the costliest task is then within
 * 4/3 of the best possible cut. R. L. Graham, "Bounds on multiprocessing timing anomalies", SIAM J. Appl. Math.
 * 17(2), 416–429 (1969).
 */
final class CostBalancer {
  private CostBalancer() {}

  /** the task (0 .. tasks−1) of each item; ties go to the lower task, so the cut is deterministic */
  static int[] assign(double[] costs, int tasks) {
    if (tasks < 1) {
      throw new IllegalArgumentException("tasks = " + tasks + " must be >= 1");
    }
    Integer[] order = new Integer[costs.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -costs[i]).thenComparingInt(i -> i));
    PriorityQueue<double[]> load = new PriorityQueue<>((a, b) -> a[0] != b[0] ? Double.compare(a[0], b[0])
        : Double.compare(a[1], b[1]));
    for (int t = 0; t < tasks; t++) {
      load.add(new double[] {0.0, t});
    }
    int[] out = new int[costs.length];
    for (int i : order) {
      double[] least = load.poll();
      out[i] = (int) least[1];
      least[0] += costs[i];
      load.add(least);
    }
    return out;
  }

  /** the largest task cost over the mean task cost of a cut (1 = perfectly balanced) */
  static double imbalance(double[] costs, int[] task, int tasks) {
    double[] sum = new double[tasks];
    double total = 0;
    for (int i = 0; i < costs.length; i++) {
      sum[task[i]] += costs[i];
      total += costs[i];
    }
    double max = Arrays.stream(sum).max().orElse(0);
    return total == 0 ? 1 : max / (total / tasks);
  }

  /** a partitioner that sends each key to the task {@link #assign} chose for it */
  static final class KeyPartitioner extends Partitioner {
    private static final long serialVersionUID = 1L;
    private final Broadcast<Map<Object, Integer>> tasksOfKeys;
    private final int tasks;

    KeyPartitioner(Broadcast<Map<Object, Integer>> tasksOfKeys, int tasks) {
      this.tasksOfKeys = tasksOfKeys;
      this.tasks = tasks;
    }

    @Override
    public int numPartitions() {
      return tasks;
    }

    @Override
    public int getPartition(Object key) {
      Integer t = tasksOfKeys.value().get(key);
      return t != null ? t : Math.floorMod(key.hashCode(), tasks);
    }

    @Override
    public boolean equals(Object o) {
      return o == this;
    }

    @Override
    public int hashCode() {
      return System.identityHashCode(this);
    }
  }
}
