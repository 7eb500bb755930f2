package org.infokernels.api;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/**
 * Row-parallel loops of the Java linear algebra around the spectral estimates (n × r blocks):
 * fixed blocks of {@value #ROWS} rows, per-block partial sums added in block order, so results do
 * not depend on the thread count.
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
    int blocks = (n + ROWS - 1) / ROWS;
    double[][] parts = new double[blocks][];
    run(blocks, threads, b -> {
      double[] acc = new double[len];
      task.run(b * ROWS, Math.min(n, (b + 1) * ROWS), acc);
      parts[b] = acc;
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
    int blocks = (n + ROWS - 1) / ROWS;
    run(blocks, threads, b -> task.run(b * ROWS, Math.min(n, (b + 1) * ROWS), null));
  }

  private static void run(int blocks, int threads, IntConsumer body) {
    int t = threads <= 0 ? Runtime.getRuntime().availableProcessors() : threads;
    t = Math.max(1, Math.min(t, blocks));
    if (t == 1) {
      for (int b = 0; b < blocks; b++) {
        body.accept(b);
      }
      return;
    }
    ForkJoinPool pool = new ForkJoinPool(t);
    try {
      pool.submit(() -> IntStream.range(0, blocks).parallel().forEach(body)).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
    } finally {
      pool.shutdown();
    }
  }
}
