package org.infokernels.internal.support;

import java.util.List;
import org.infokernels.internal.kernel.PairEngine;

/**
 * Row-parallel loops of the Java linear algebra around the spectral estimates (n × r blocks), on
 * {@link PairEngine#forBlocks}: fixed blocks of {@value #ROWS} rows, per-block partial sums added
 * in block order, so results do not depend on the thread count.
 */
final class RowBlocks {
  static final int ROWS = 2048;

  private RowBlocks() {}

  /** work on rows [lo, hi); acc: this block's accumulator (null for {@link #each}) */
  interface Task {
    void run(int lo, int hi, double[] acc);
  }

  /** Σ over the row blocks of their accumulators (length len) */
  static double[] sum(int n, int len, int threads, Task task) {
    List<double[]> parts = PairEngine.forBlocks(n, ROWS, threads, (lo, hi) -> {
      double[] acc = new double[len];
      task.run(lo, hi, acc);
      return acc;
    });
    double[] out = new double[len];
    for (double[] p : parts) {
      for (int i = 0; i < len; i++) {
        out[i] += p[i];
      }
    }
    return out;
  }

  /** the task on every row block (rows written independently) */
  static void each(int n, int threads, Task task) {
    PairEngine.forBlocks(n, ROWS, threads, (lo, hi) -> {
      task.run(lo, hi, null);
      return null;
    });
  }
}
