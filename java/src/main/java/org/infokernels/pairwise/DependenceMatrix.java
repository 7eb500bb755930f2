package org.infokernels.pairwise;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.infokernels.core.BackendKind;
import org.infokernels.core.Estimate;
import org.infokernels.core.InvalidInputException;
import org.infokernels.core.RunSettings;
import org.infokernels.internal.Estimation;
import org.infokernels.internal.backend.Backend;
import org.infokernels.internal.backend.Backends;
import org.infokernels.internal.kernel.GramProducts;

/**
 * One measure over every pair of variables: X alone (every unordered pair i &lt; j, or every
 * ordered pair i ≠ j for the directed transfer entropy, source = row) or X × Y (every pair of an
 * X variable and a Y variable). Every entry equals the single-pair estimate of the measure for
 * that pair ({@link PairMeasure#estimate}, i.e. the single-pair command) with the same options and
 * seed: the seed of every pair is the run's seed itself, so a permutation p-value does not depend
 * on which thread computed the pair, or when, and any entry can be reproduced by the single-pair
 * API or command. With permutations the p-values get Benjamini–Hochberg q-values over all
 * computed pairs ({@link BenjaminiHochberg}).
 *
 * <p><b>What is shared across pairs.</b> Per variable, once: the preparation (standardisation),
 * the median-heuristic σ (HSIC, CKA, CS-QMI, Rényi MI; on the seeded subsample the single-pair
 * estimator draws), the kernel's rescaling, the Gram row sums, and Rényi MI's marginal entropy
 * S(A). HSIC, CKA (except biased linear, a per-pair feature-space product) and CS-QMI are computed
 * for all pairs together on the java and cpu backends (the tiles' products in the native library on
 * cpu, bit for bit those of Java, reported as the stage {@code gram_tiles: cpu}): each tile of each variable's Gram matrix is
 * evaluated once per pass and enters every pair (O(n²·p) kernel evaluations instead of
 * O(n²·p²); see {@code GramProducts}), and one pass per permutation serves every pair's test.
 * Jitter is drawn per pair, as the single-pair estimator draws it, so with jitter only the pool is
 * shared.
 *
 * <p><b>Threads.</b> A bounded pool of {@code threads} workers (0 = all cores) runs the pairs, and
 * each pair's estimate gets max(1, threads / workers) threads (1 when there are at least as many
 * pairs as workers); the shared Gram tiles are split over the same number of threads.
 *
 * <p><b>Cancellation.</b> {@link Run#cancel()} stops the run: no further pair starts (a pair in
 * progress finishes), and {@link Run#await()} returns the pairs completed, with
 * {@link PairwiseResult#complete()} false. The shared Gram passes stop at the next tile; their
 * values exist only after the first pass, their p-values only after the last permutation.
 */
public final class DependenceMatrix {
  private final PairMeasure measure;
  private final PairwiseOptions options;

  /**
   * A dependence matrix of {@code measure}.
   *
   * @param measure the measure and its options (the run settings inside apply to every pair)
   * @param options the false discovery rate and the progress listener
   * @throws InvalidInputException if the measure cannot run in this build
   */
  public DependenceMatrix(PairMeasure measure, PairwiseOptions options) {
    this.measure = Objects.requireNonNull(measure, "measure");
    this.options = Objects.requireNonNull(options, "options");
  }

  /**
   * The matrix of every pair within {@code x}.
   *
   * @throws InvalidInputException if x has fewer than 2 variables, or a pair's estimate throws (the
   *         message names the pair)
   */
  public PairwiseResult compute(Variables x) {
    return start(x, null).await();
  }

  /**
   * The matrix of every (x variable, y variable) pair.
   *
   * @throws InvalidInputException if x and y have different numbers of rows, or a pair's estimate
   *         throws (the message names the pair)
   */
  public PairwiseResult compute(Variables x, Variables y) {
    return start(x, Objects.requireNonNull(y, "y")).await();
  }

  /**
   * Starts the run on a background thread and returns at once.
   *
   * @param x the row variables
   * @param y the column variables, or null for the pairs within x
   * @return the running computation
   * @throws InvalidInputException for bad input found before any pair runs (too few variables,
   *         mismatched rows, σ_Y without Y, an unavailable backend)
   */
  public Run start(Variables x, Variables y) {
    Objects.requireNonNull(x, "x");
    Job job = new Job(measure, options, x, y);
    Run run = new Run(job);
    Thread t = new Thread(run::execute, "infokernels-pairwise");
    t.setDaemon(true);
    run.thread = t;
    t.start();
    return run;
  }

  /** A running (or finished) dependence-matrix computation. */
  public static final class Run {
    private final Job job;
    private Thread thread;
    private volatile PairwiseResult result;
    private volatile RuntimeException failure;
    private volatile Error error;

    private Run(Job job) {
      this.job = job;
    }

    private void execute() {
      try {
        result = job.run();
      } catch (RuntimeException e) {
        failure = e;
      } catch (Error e) {
        error = e;
      }
    }

    /** asks the run to stop; {@link #await()} then returns the pairs completed so far */
    public void cancel() {
      job.cancelled.set(true);
    }

    /** true once the run has finished (completed, cancelled or failed) */
    public boolean isDone() {
      return !thread.isAlive();
    }

    /**
     * Waits for the run and returns its result (incomplete when cancelled).
     *
     * @throws InvalidInputException if a pair's estimate threw (the message names the pair)
     * @throws CancellationException if the waiting thread is interrupted
     */
    public PairwiseResult await() {
      try {
        thread.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CancellationException("interrupted while waiting for the dependence matrix");
      }
      if (error != null) {
        throw error;
      }
      if (failure != null) {
        throw failure;
      }
      return result;
    }
  }

  /** one pair's outcome */
  private record Outcome(double value, double pValue, String backend, int n, Map<String, String> stages) {}

  private static final class Job {
    final PairMeasure measure;
    final PairwiseOptions options;
    final Variables x;
    final Variables y;
    final AtomicBoolean cancelled = new AtomicBoolean();
    final int[] pr;
    final int[] pc;
    final long t0 = System.nanoTime();
    final Backend backend;

    Job(PairMeasure measure, PairwiseOptions options, Variables x, Variables y) {
      this.measure = measure;
      this.options = options;
      this.x = x;
      this.y = y;
      if (y == null && x.size() < 2) {
        throw new InvalidInputException("a dependence matrix of X alone needs at least 2 variables (X has "
            + x.size() + ")");
      }
      if (y != null && y.rows() != x.rows()) {
        throw new InvalidInputException("X has " + x.rows() + " rows but Y has " + y.rows());
      }
      if (y == null && sigmaY(measure) != null) {
        throw new InvalidInputException("sigmaY applies to the variables of Y; without Y every variable takes sigma");
      }
      RunSettings s = measure.settings();
      Estimation.requireDouble(s, measure.name());
      backend = measure instanceof PairMeasure.Custom ? null : Backends.select(s.backend());
      List<int[]> pairs = new ArrayList<>();
      if (y == null) {
        for (int i = 0; i < x.size(); i++) {
          for (int j = measure.directed() ? 0 : i + 1; j < x.size(); j++) {
            if (i != j) {
              pairs.add(new int[] {i, j});
            }
          }
        }
      } else {
        for (int i = 0; i < x.size(); i++) {
          for (int j = 0; j < y.size(); j++) {
            pairs.add(new int[] {i, j});
          }
        }
      }
      pr = new int[pairs.size()];
      pc = new int[pairs.size()];
      for (int k = 0; k < pr.length; k++) {
        pr[k] = pairs.get(k)[0];
        pc[k] = pairs.get(k)[1];
      }
    }

    private static org.infokernels.core.Bandwidth sigmaY(PairMeasure m) {
      if (m instanceof PairMeasure.Hsic h) {
        return h.options().sigmaY();
      }
      if (m instanceof PairMeasure.Cka c) {
        return c.options().sigmaY();
      }
      if (m instanceof PairMeasure.CsQmi q) {
        return q.options().sigmaY();
      }
      if (m instanceof PairMeasure.RenyiMi r) {
        return r.options().sigmaY();
      }
      return null;
    }

    int threads() {
      int t = measure.settings().threads();
      return t <= 0 ? Runtime.getRuntime().availableProcessors() : t;
    }

    /**
     * the shared Gram engine runs the kernel measures on the java and cpu backends when no jitter is
     * asked (tiles evaluated in Java for both, their products in Java or, on cpu, in the native
     * library with the same bits; the shared tiles beat per-pair native Gram passes by the factor the
     * README gives); on cuda each pair is the GPU's single-pair estimate
     */
    boolean sharedKernels() {
      RunSettings s = measure.settings();
      boolean kernelMeasure = measure instanceof PairMeasure.Hsic || measure instanceof PairMeasure.CsQmi
          || (measure instanceof PairMeasure.Cka c && !c.featureSpace());
      return kernelMeasure && s.jitter() == 0 && backend != null && backend.kind() != BackendKind.CUDA;
    }

    /** the shared engine's tile products: the backend's (native on cpu, same bits as Java) */
    GramProducts.TileProducts tiles() {
      return backend == null ? GramProducts.JAVA : backend.tileProducts();
    }

    String name(boolean rowSide, int i) {
      return rowSide || y == null ? x.name(i) : y.name(i);
    }

    PairwiseResult run() {
      int total = pr.length;
      double[] value = new double[total];
      double[] pValue = new double[total];
      boolean[] done = new boolean[total];
      java.util.Arrays.fill(pValue, Double.NaN);
      String backendLabel = backend == null ? null : backend.kind().label();
      Map<String, String> stages = new LinkedHashMap<>();
      int n = x.rows();
      Progress progress = new Progress(options.progress(), total, t0);
      if (sharedKernels()) {
        int vars = x.size() + (y == null ? 0 : y.size());
        long units = KernelPairs.units(vars, n, measure.settings().permutations());
        AtomicLong unitsDone = new AtomicLong();
        GramProducts.Control ctl = new GramProducts.Control() {
          @Override public boolean cancelled() {
            return cancelled.get();
          }

          @Override public void done(long u) {
            long d = unitsDone.addAndGet(u);
            progress.set((long) Math.floor((double) total * d / units));
          }
        };
        try {
          KernelPairs.Output o = KernelPairs.run(measure, x, y, pr, pc, threads(), ctl, tiles());
          for (int k = 0; k < total; k++) {
            value[k] = o.value[k];
            pValue[k] = o.p[k];
            done[k] = true;
          }
          testsIncomplete = !o.testsDone;
          if (o.testsDone) {
            progress.set(total);
          }
        } catch (CancellationException e) {
          // nothing of the first pass is usable: no pair completed
        }
      } else {
        runPerPair(value, pValue, done, progress, stages);
        for (int k = 0; k < total; k++) {
          if (done[k] && backendLabel == null) {
            backendLabel = outcomeBackend;
          }
        }
        if (outcomeN > 0) {
          n = outcomeN;
        }
      }
      int computed = 0;
      for (boolean d : done) {
        computed += d ? 1 : 0;
      }
      boolean tested = measure.settings().permutations() > 0;
      double[] q = new double[total];
      java.util.Arrays.fill(q, Double.NaN);
      if (tested) {
        int m = 0;
        for (int k = 0; k < total; k++) {
          if (done[k] && !Double.isNaN(pValue[k])) {
            m++;
          }
        }
        double[] ps = new double[m];
        int[] at = new int[m];
        m = 0;
        for (int k = 0; k < total; k++) {
          if (done[k] && !Double.isNaN(pValue[k])) {
            ps[m] = pValue[k];
            at[m++] = k;
          }
        }
        double[] qs = BenjaminiHochberg.qValues(ps);
        for (int i = 0; i < m; i++) {
          q[at[i]] = qs[i];
        }
      }
      List<PairwiseResult.Entry> entries = new ArrayList<>();
      for (int k = 0; k < total; k++) {
        if (done[k]) {
          entries.add(new PairwiseResult.Entry(pr[k], pc[k], name(true, pr[k]), name(false, pc[k]), value[k],
              pValue[k], q[k]));
        }
      }
      boolean dimensionless = measure instanceof PairMeasure.Hsic || measure instanceof PairMeasure.Cka
          || measure instanceof PairMeasure.Dcor;
      if (measure instanceof PairMeasure.Custom) {
        dimensionless = customDimensionless;
      }
      List<String> rowNames = x.names();
      List<String> colNames = y == null ? x.names() : y.names();
      boolean mirrored = y == null && !measure.directed();
      stages.putAll(outcomeStages);
      if (sharedKernels() && backendLabel != null && !backendLabel.equals("java")) {
        stages.put("gram_tiles", tiles().label());
      }
      return new PairwiseResult(measure.name(), rowNames, colNames, mirrored, dimensionless, entries, n, total,
          measure.settings().permutations(), options.fdr(), backendLabel == null ? "none" : backendLabel, stages,
          Estimation.secondsSince(t0), computed == total && !testsIncomplete);
    }

    private boolean testsIncomplete;
    private volatile String outcomeBackend;
    private volatile int outcomeN;
    private volatile boolean customDimensionless;
    private final Map<String, String> outcomeStages = new java.util.concurrent.ConcurrentHashMap<>();

    private void runPerPair(double[] value, double[] pValue, boolean[] done, Progress progress,
                            Map<String, String> stages) {
      int total = pr.length;
      int threads = threads();
      int workers = Math.max(1, Math.min(threads, total));
      int inner = Math.max(1, threads / workers);
      PairEstimators est = new PairEstimators(measure, x, y, inner, workers);
      ExecutorService pool = Executors.newFixedThreadPool(workers, r -> {
        Thread th = new Thread(r, "infokernels-pairwise-worker");
        th.setDaemon(true);
        return th;
      });
      try {
        est.prepare(pool, cancelled);
        List<Future<?>> fs = new ArrayList<>(total);
        for (int k = 0; k < total; k++) {
          int kk = k;
          fs.add(pool.submit(() -> {
            if (cancelled.get()) {
              return;
            }
            Estimate e;
            try {
              e = est.estimate(pr[kk], pc[kk]);
            } catch (InvalidInputException ex) {
              cancelled.set(true);
              throw new InvalidInputException("pair (" + name(true, pr[kk]) + ", " + name(false, pc[kk]) + "): "
                  + ex.getMessage());
            }
            value[kk] = e.value();
            pValue[kk] = e.pValue().orElse(Double.NaN);
            outcomeBackend = e.backend();
            outcomeN = e.n();
            customDimensionless = e.dimensionless();
            outcomeStages.putAll(e.stages());
            synchronized (done) {
              done[kk] = true;
            }
            progress.increment();
          }));
        }
        for (Future<?> f : fs) {
          f.get();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        cancelled.set(true);
      } catch (ExecutionException e) {
        Throwable c = e.getCause();
        if (c instanceof RuntimeException) {
          throw (RuntimeException) c;
        }
        if (c instanceof Error) {
          throw (Error) c;
        }
        throw new IllegalStateException(c);
      } finally {
        pool.shutdownNow();
      }
      synchronized (done) {
        // the arrays were written by the workers before they took this lock: taking it here
        // makes every write visible to this thread
        assert done.length == pr.length;
      }
    }
  }

  /** serialised progress reports, never decreasing */
  private static final class Progress {
    final PairwiseProgress listener;
    final long total;
    final long t0;
    long done;

    Progress(PairwiseProgress listener, long total, long t0) {
      this.listener = listener;
      this.total = total;
      this.t0 = t0;
    }

    synchronized void increment() {
      done++;
      listener.update(done, total, Estimation.secondsSince(t0));
    }

    synchronized void set(long d) {
      if (d > done) {
        done = d;
        listener.update(done, total, Estimation.secondsSince(t0));
      }
    }
  }
}
