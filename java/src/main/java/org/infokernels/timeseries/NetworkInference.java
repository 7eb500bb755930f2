package org.infokernels.timeseries;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.infokernels.core.Check;
import org.infokernels.core.InvalidInputException;
import org.infokernels.core.KsgAlgorithm;
import org.infokernels.core.Matrix;
import org.infokernels.core.RunSettings;
import org.infokernels.internal.Estimation;
import org.infokernels.internal.backend.Backend;
import org.infokernels.internal.backend.Backends;

/**
 * Multivariate transfer-entropy network inference, IDTxl's algorithm (Novelli, Wollstadt, Mediano,
 * Wibral, Lizier [1]; Lizier &amp; Rubinov [2]). For each target x, with current value x_t and the
 * realisations t = L … T−1 of every trial (L = max(maxLag, maxLagTarget), pooled):
 * <ol>
 *   <li>greedy selection from the target's own past x_{t−1} … x_{t−maxLagTarget}, then from every other
 *       node's past y_{t−minLag} … y_{t−maxLag}: in each round the candidate c with the largest
 *       I(c ; x_t | S) given the selected set S joins S if it beats the maximum statistic, the
 *       per-surrogate maximum over all remaining candidates of I(c̃ ; x_t | S) (c̃ a surrogate of c);
 *       the first round that fails ends the stage (x_{t−1} is added when no target variable was
 *       selected);</li>
 *   <li>pruning: the selected source variable with the smallest I(v ; x_t | S∖v) is removed unless it
 *       beats the minimum statistic (per surrogate the minimum over the source variables), until one
 *       does;</li>
 *   <li>the omnibus test of I(all source variables ; x_t | target variables) against jointly resampled
 *       source variables, then the sequential maximum statistic for each source variable (the r-th
 *       largest value against the r-th largest surrogate value of each surrogate);</li>
 *   <li>Benjamini–Hochberg [3] across the targets' omnibus p-values: a target keeps its sources when
 *       its omnibus test passed and its q-value is at most fdr.</li>
 * </ol>
 * Every conditional MI is the Frenzel–Pompe KSG estimate of {@link TransferEntropy} (max norm,
 * k neighbours, Theiler window), computed by the same backends; a p-value is
 * (1 + #{null ≥ observed})/(1 + N). Each test draws its surrogates from its own stream, seeded from
 * (seed, target, test number, candidate, surrogate), so results do not depend on threads or
 * scheduling; targets run in parallel on a bounded pool. Time O(p · R · c · N · n log n) for p
 * targets, R selection rounds, c = (p−1)·(maxLag−minLag+1) candidates, N surrogates, n
 * realisations; memory O(p · L · n).
 *
 * <p>[1] L. Novelli, P. Wollstadt, P. Mediano, M. Wibral, J. T. Lizier, Network Neuroscience 3(3),
 * 827–847 (2019). [2] J. T. Lizier, M. Rubinov, Max Planck Institute preprint 25/2012 (2012).
 * [3] Y. Benjamini, Y. Hochberg, J. R. Stat. Soc. B 57, 289–300 (1995).
 */
public final class NetworkInference {
  private final NetworkInferenceOptions options;

  /** @param options lags, estimator, surrogate counts, levels and run settings */
  public NetworkInference(NetworkInferenceOptions options) {
    this.options = Objects.requireNonNull(options, "options");
  }

  /** Told when a target is done (called from worker threads, one call at a time). */
  public interface Listener {
    /**
     * target {@code target} is done; {@code done} of {@code total} targets are
     *
     * @param fromCheckpoint whether it was read from the checkpoint directory instead of computed
     */
    void targetDone(int target, int done, int total, boolean fromCheckpoint);
  }

  /**
   * The network of the univariate series {@code nodes} (one per node, all with the same trials and
   * lengths), without checkpoints.
   *
   * @throws InvalidInputException for fewer than 2 nodes, a node with more than one column, series of
   *     different lengths or trials, series not longer than the largest lag, k not below the number of
   *     realisations, duplicate points (zero k-NN distances)
   */
  public Network infer(List<Series> nodes) {
    return infer(nodes, null, null);
  }

  /**
   * {@link #infer(List)} with a checkpoint directory (null: none): each finished target is written to
   * {@code checkpoint/target-J.txt}, and targets found there (written by a run with the same data and
   * options) are read instead of computed, so a resumed run gives the same result as an uninterrupted one.
   *
   * @param listener told of each finished target (null: nobody)
   * @throws InvalidInputException as {@link #infer(List)}, also for a checkpoint file of another run
   *     (other data or options), an unreadable one, or a directory that cannot be written
   */
  public Network infer(List<Series> nodes, Path checkpoint, Listener listener) {
    Objects.requireNonNull(nodes, "nodes");
    if (nodes.size() < 2) {
      throw new InvalidInputException("network inference needs at least 2 nodes (got " + nodes.size() + ")");
    }
    for (Series s : nodes) {
      Objects.requireNonNull(s, "node");
      if (s.dims() != 1) {
        throw new InvalidInputException(s.name() + " has " + s.dims() + " columns; every node is one univariate series");
      }
      nodes.get(0).requireSameShape(s);
    }
    RunSettings s = options.settings();
    Estimation.requireDouble(s, "network");
    Backend backend = Backends.selectForKnn(s.backend(), options.k());
    long t0 = System.nanoTime();
    Data data = new Data(TimeSeriesSupport.prepare(s, nodes), options);
    Check.kBelowN(options.k(), data.n, "the realisations (" + data.n + " after the largest lag " + data.lag + ")");
    int p = nodes.size();
    int threads = s.threads() > 0 ? s.threads() : Runtime.getRuntime().availableProcessors();
    int workers = Math.min(threads, p);
    int inner = Math.max(1, threads / workers);
    String fingerprint = checkpoint == null ? null : fingerprint(data);
    if (checkpoint != null) {
      try {
        Files.createDirectories(checkpoint);
      } catch (IOException e) {
        throw new InvalidInputException("cannot create the checkpoint directory " + checkpoint + ": " + e.getMessage());
      }
    }
    Raw[] raws = new Raw[p];
    int[] done = {0};
    ExecutorService pool = Executors.newFixedThreadPool(workers, r -> {
      Thread t = new Thread(r, "infokernels-network");
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int j = 0; j < p; j++) {
        int target = j;
        futures.add(pool.submit(() -> {
          Path file = checkpoint == null ? null : checkpoint.resolve("target-" + target + ".txt");
          Raw r = file != null && Files.exists(file) ? Raw.read(file, fingerprint, target) : null;
          boolean cached = r != null;
          if (r == null) {
            r = new TargetAnalysis(data, options, backend, inner, target).run();
            if (file != null) {
              r.write(file, fingerprint);
            }
          }
          raws[target] = r;
          synchronized (done) {
            done[0]++;
            if (listener != null) {
              listener.targetDone(target, done[0], p, cached);
            }
          }
          return null;
        }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof RuntimeException) {
        throw (RuntimeException) c;
      }
      if (c instanceof Error) {
        throw (Error) c;
      }
      throw new IllegalStateException(c);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } finally {
      pool.shutdownNow();
    }
    List<String> names = new ArrayList<>();
    for (Series x : nodes) {
      names.add(x.name());
    }
    return assemble(names, data.n, backend.kind().label(), raws, Estimation.secondsSince(t0));
  }

  /**
   * Steps 1–3 of {@link #infer(List)} (selection, pruning, omnibus and sequential tests) for the one target
   * {@code target}, without the Benjamini–Hochberg correction across targets (step 4, {@link #assemble}): the
   * unit of work of a distributed run (one task per target, e.g. on Spark). The result equals, bit for bit, the
   * part of {@link #infer(List)}'s result that concerns this target on the same backend and seed: every test's
   * surrogates are seeded from (seed, target, test, candidate, surrogate) alone, and a conditional MI
   * I(c ; x_t | S) does not depend on the number of threads (Novelli et al., Network Neuroscience 3(3), 2019).
   * The run settings' threads (0 = all cores) are all given to this target.
   *
   * @param nodes  all the nodes, as for {@link #infer(List)} (every target needs every candidate source)
   * @param target the index of the target node in {@code nodes}
   * @return the target's selected variables, omnibus test and per-source transfer entropies
   * @throws InvalidInputException as {@link #infer(List)}, and for a target index outside [0, nodes)
   */
  public TargetResult inferTarget(List<Series> nodes, int target) {
    return inferTarget(nodes, target, null);
  }

  /**
   * Evaluates the candidates of one greedy inclusion step elsewhere, e.g. as Spark tasks over batches of
   * candidates, for {@link #inferTarget(List, int, CandidateEvaluator)}: the unit of work below one target,
   * for a target with many candidate sources and lags.
   */
  public interface CandidateEvaluator {
    /**
     * The values of inclusion test {@code test} of {@code target} for every candidate (process
     * {@code candProcess[i]}, lag {@code candLag[i]}) given the selected variables, row i for candidate i: what
     * {@link #candidateValues} returns, which may be called on any batches of the candidates (each row depends
     * on its own candidate only).
     */
    double[][] evaluate(int target, int test, int[] selProcess, int[] selLag, int[] candProcess, int[] candLag);
  }

  /**
   * {@link #inferTarget(List, int)} with the candidate evaluations of every greedy inclusion step (the bulk of
   * the work: candidates × (1 + surrogates) conditional MIs per step) handed to {@code evaluator} (null: here);
   * the pruning, omnibus and sequential tests run here. The result is {@link #inferTarget(List, int)}'s, bit for
   * bit, when the evaluator returns {@link #candidateValues} of the same nodes and options.
   *
   * @throws InvalidInputException as {@link #inferTarget(List, int)}
   * @throws IllegalStateException if the evaluator returns a table of the wrong shape
   */
  public TargetResult inferTarget(List<Series> nodes, int target, CandidateEvaluator evaluator) {
    long t0 = System.nanoTime();
    Prepared pr = prepared(nodes, target);
    Raw r = new TargetAnalysis(pr.data, options, pr.backend, pr.threads, target, evaluator).run();
    return new TargetResult(target, r.targetPast, r.sources, r.omnibusTe, r.omnibusP, r.omnibusSignificant,
        r.edgeTe, pr.data.n, pr.backend.kind().label(), Estimation.secondsSince(t0));
  }

  /**
   * One batch of a greedy inclusion step of {@code target} (the work a {@link CandidateEvaluator} hands out):
   * for candidate i (process {@code candProcess[i]}, lag {@code candLag[i]}), row i holds its conditional
   * transfer entropy I(c ; x_t | selected) in nats, then the values of its {@code maxStatSurrogates}
   * surrogates of test {@code test}, each seeded from (seed, target, test, candidate, surrogate) alone.
   *
   * @throws InvalidInputException as {@link #inferTarget(List, int)}, and for a process or lag outside the data
   */
  public double[][] candidateValues(List<Series> nodes, int target, int test, int[] selProcess, int[] selLag,
                                    int[] candProcess, int[] candLag) {
    Prepared pr = prepared(nodes, target);
    TargetAnalysis ta = new TargetAnalysis(pr.data, options, pr.backend, pr.threads, target, null);
    return ta.values(test, ta.vars(selProcess, selLag), ta.vars(candProcess, candLag));
  }

  private record Prepared(Data data, Backend backend, int threads) {}

  private Prepared prepared(List<Series> nodes, int target) {
    Objects.requireNonNull(nodes, "nodes");
    if (target < 0 || target >= nodes.size()) {
      throw new InvalidInputException("target " + target + " is not a node index in [0, " + nodes.size() + ")");
    }
    if (nodes.size() < 2) {
      throw new InvalidInputException("network inference needs at least 2 nodes (got " + nodes.size() + ")");
    }
    for (Series s : nodes) {
      Objects.requireNonNull(s, "node");
      if (s.dims() != 1) {
        throw new InvalidInputException(s.name() + " has " + s.dims() + " columns; every node is one univariate series");
      }
      nodes.get(0).requireSameShape(s);
    }
    RunSettings s = options.settings();
    Estimation.requireDouble(s, "network");
    Backend backend = Backends.selectForKnn(s.backend(), options.k());
    Data data = new Data(TimeSeriesSupport.prepare(s, nodes), options);
    Check.kBelowN(options.k(), data.n, "the realisations (" + data.n + " after the largest lag " + data.lag + ")");
    int threads = s.threads() > 0 ? s.threads() : Runtime.getRuntime().availableProcessors();
    return new Prepared(data, backend, threads);
  }

  /**
   * One target's result of steps 1–3 of the algorithm ({@link #inferTarget}), before the Benjamini–Hochberg
   * correction across targets (Benjamini &amp; Hochberg, J. R. Stat. Soc. B 57, 1995) that {@link #assemble}
   * applies.
   *
   * @param target             the target's node index
   * @param targetPast         the selected variables of the target's own past (te NaN)
   * @param sources            the selected source variables that passed the sequential maximum statistic,
   *                           te = I(v ; x_t | all other selected variables) in nats, by (process, lag)
   * @param omnibusTe          I(all sources ; x_t | target past) in nats (0 without sources)
   * @param omnibusPValue      its p-value (1 without sources), (1 + #{null ≥ observed})/(1 + N)
   * @param omnibusSignificant whether the omnibus p-value is at most alpha
   * @param edgeTe             per source process: I(its selected lags ; x_t | the other selected variables), nats
   * @param observations       the number of realisations n
   * @param backend            the backend that ran
   * @param seconds            the wall time of this target
   */
  public record TargetResult(int target, List<Network.Variable> targetPast, List<Network.Variable> sources,
                             double omnibusTe, double omnibusPValue, boolean omnibusSignificant,
                             java.util.SortedMap<Integer, Double> edgeTe, int observations, String backend,
                             double seconds) {
    /** copies the lists and the map */
    public TargetResult {
      targetPast = List.copyOf(targetPast);
      sources = List.copyOf(sources);
      edgeTe = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(edgeTe));
    }
  }

  /**
   * Step 4 of {@link #infer(List)}: the network from every target's result ({@link #inferTarget}, in any order,
   * each target once). Benjamini–Hochberg q-values over the targets' omnibus p-values (Benjamini &amp; Hochberg,
   * J. R. Stat. Soc. B 57, 1995); a target keeps its sources when its omnibus test passed and q ≤ fdr; an edge
   * per source process of such a target, with its lags, te and the smallest p-value of its variables. With the
   * results of {@link #inferTarget} for every target this is {@link #infer(List)}'s network, bit for bit (except
   * {@code seconds}).
   *
   * @param names   the node names, in node order
   * @param results one result per node
   * @param seconds the wall time to report
   * @return the network
   * @throws InvalidInputException when a node has no result, two results, or results disagree on n
   */
  public Network assemble(List<String> names, List<TargetResult> results, double seconds) {
    int p = names.size();
    Raw[] raws = new Raw[p];
    int n = -1;
    java.util.TreeSet<String> backends = new java.util.TreeSet<>();
    for (TargetResult t : results) {
      if (t.target() < 0 || t.target() >= p || raws[t.target()] != null) {
        throw new InvalidInputException("target " + t.target() + " is not a node index in [0, " + p
            + ") or has two results");
      }
      if (n >= 0 && t.observations() != n) {
        throw new InvalidInputException("the target results disagree on n (" + n + " and " + t.observations() + ")");
      }
      n = t.observations();
      backends.add(t.backend());
      raws[t.target()] = new Raw(t.targetPast(), t.sources(), t.omnibusTe(), t.omnibusPValue(),
          t.omnibusSignificant(), new TreeMap<>(t.edgeTe()));
    }
    for (int j = 0; j < p; j++) {
      if (raws[j] == null) {
        throw new InvalidInputException("node " + j + " (" + names.get(j) + ") has no target result");
      }
    }
    return assemble(names, n, String.join(",", backends), raws, seconds);
  }

  private Network assemble(List<String> names, int observations, String backendLabel, Raw[] raws, double seconds) {
    int p = raws.length;
    double[] omnibus = new double[p];
    for (int j = 0; j < p; j++) {
      omnibus[j] = raws[j].omnibusP;
    }
    double[] q = benjaminiHochberg(omnibus);
    List<Network.Target> targets = new ArrayList<>();
    List<Network.Edge> edges = new ArrayList<>();
    for (int j = 0; j < p; j++) {
      Raw r = raws[j];
      boolean sig = r.omnibusSignificant && q[j] <= options.fdr();
      targets.add(new Network.Target(j, r.targetPast, r.sources, r.omnibusTe, r.omnibusP, r.omnibusSignificant, q[j],
          sig));
      if (!sig) {
        continue;
      }
      TreeMap<Integer, List<Network.Variable>> bySource = new TreeMap<>();
      for (Network.Variable v : r.sources) {
        bySource.computeIfAbsent(v.process(), x -> new ArrayList<>()).add(v);
      }
      for (var e : bySource.entrySet()) {
        List<Integer> lags = new ArrayList<>();
        double minP = 1;
        for (Network.Variable v : e.getValue()) {
          lags.add(v.lag());
          minP = Math.min(minP, v.pValue());
        }
        edges.add(new Network.Edge(e.getKey(), j, lags, r.edgeTe.get(e.getKey()), minP, q[j]));
      }
    }
    return new Network(names, observations, backendLabel, targets, edges, seconds);
  }

  /**
   * Benjamini–Hochberg q-values [3]: q_(i) = min_{j ≥ i} min(1, m·p_(j)/j) over the p-values sorted
   * ascending (ties keep their input order); a hypothesis is rejected at false discovery rate α iff q ≤ α,
   * the step-up rule of the paper.
   *
   * @param p p-values in [0, 1]
   * @return the q-values in input order
   * @throws InvalidInputException for a p-value outside [0, 1] or NaN
   */
  public static double[] benjaminiHochberg(double[] p) {
    int m = p.length;
    Integer[] order = new Integer[m];
    for (int i = 0; i < m; i++) {
      if (!(p[i] >= 0 && p[i] <= 1)) {
        throw new InvalidInputException("p-value " + p[i] + " (index " + i + ") is outside [0, 1]");
      }
      order[i] = i;
    }
    Arrays.sort(order, Comparator.comparingDouble(i -> p[i]));
    double[] q = new double[m];
    double running = 1;
    for (int r = m - 1; r >= 0; r--) {
      int i = order[r];
      running = Math.min(running, Math.min(1.0, p[i] * m / (r + 1.0)));
      q[i] = running;
    }
    return q;
  }

  /** the prepared series as realisation columns: col[process][lag] over the pooled current times */
  static final class Data {
    final int p;
    final int lag;
    final int n;
    final int[] trialStart;
    final long[] times;
    final double[][][] col;

    Data(List<Series> prepared, NetworkInferenceOptions o) {
      p = prepared.size();
      lag = Math.max(o.maxLag(), o.maxLagTarget());
      Series first = prepared.get(0);
      int trials = first.trials();
      trialStart = new int[trials + 1];
      for (int r = 0; r < trials; r++) {
        int count = first.length(r) - lag;
        if (count < 1) {
          throw new InvalidInputException(first.name() + (trials > 1 ? " (trial " + r + ")" : "") + " has "
              + first.length(r) + " time steps, too short for the largest lag " + lag + ": at least " + (lag + 1)
              + " are needed");
        }
        trialStart[r + 1] = trialStart[r] + count;
      }
      n = trialStart[trials];
      col = new double[p][lag + 1][n];
      for (int j = 0; j < p; j++) {
        Series s = prepared.get(j);
        for (int r = 0; r < trials; r++) {
          Matrix m = s.trial(r);
          for (int i = 0; i < trialStart[r + 1] - trialStart[r]; i++) {
            int t = lag + i;
            for (int l = 0; l <= lag; l++) {
              col[j][l][trialStart[r] + i] = m.get(t - l, 0);
            }
          }
        }
      }
      if (o.theiler() > 0) {
        times = new long[n];
        long offset = 0;
        for (int r = 0; r < trials; r++) {
          int count = trialStart[r + 1] - trialStart[r];
          for (int i = 0; i < count; i++) {
            times[trialStart[r] + i] = offset + i;
          }
          offset += count + (long) o.theiler() + 1;
        }
      } else {
        times = null;
      }
    }
  }

  /** a hash of the prepared data and of every option that changes the result (not threads, not the backend) */
  private String fingerprint(Data d) {
    long h = 0x9E3779B97F4A7C15L;
    NetworkInferenceOptions o = options;
    RunSettings s = o.settings();
    long[] fields = {d.p, d.n, o.minLag(), o.maxLag(), o.maxLagTarget(), o.k(), o.theiler(), o.surrogate().ordinal(),
        o.maxStatSurrogates(), o.minStatSurrogates(), o.omnibusSurrogates(), o.maxSeqSurrogates(),
        Double.doubleToLongBits(o.alpha()), s.seed(), Double.doubleToLongBits(s.jitter()), s.standardize() ? 1 : 0};
    for (long f : fields) {
      h = mix(h ^ f);
    }
    for (int r = 0; r < d.trialStart.length; r++) {
      h = mix(h ^ d.trialStart[r]);
    }
    for (double[][] c : d.col) {
      for (double[] v : c) {
        for (double x : v) {
          h = mix(h ^ Double.doubleToLongBits(x));
        }
      }
    }
    return Long.toHexString(h);
  }

  /** SplitMix64's finaliser */
  static long mix(long z) {
    z += 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** one target's result before the correction across targets */
  static final class Raw {
    final List<Network.Variable> targetPast;
    final List<Network.Variable> sources;
    final double omnibusTe;
    final double omnibusP;
    final boolean omnibusSignificant;
    final TreeMap<Integer, Double> edgeTe;

    Raw(List<Network.Variable> targetPast, List<Network.Variable> sources, double omnibusTe, double omnibusP,
        boolean omnibusSignificant, TreeMap<Integer, Double> edgeTe) {
      this.targetPast = targetPast;
      this.sources = sources;
      this.omnibusTe = omnibusTe;
      this.omnibusP = omnibusP;
      this.omnibusSignificant = omnibusSignificant;
      this.edgeTe = edgeTe;
    }

    private static final String MAGIC = "infokernels network checkpoint 1";

    void write(Path file, String fingerprint) {
      StringBuilder b = new StringBuilder(MAGIC).append('\n');
      b.append("fingerprint ").append(fingerprint).append('\n');
      for (Network.Variable v : targetPast) {
        b.append("past ").append(v.process()).append(' ').append(v.lag()).append(' ').append(v.te()).append(' ')
            .append(v.pValue()).append('\n');
      }
      for (Network.Variable v : sources) {
        b.append("source ").append(v.process()).append(' ').append(v.lag()).append(' ').append(v.te()).append(' ')
            .append(v.pValue()).append('\n');
      }
      b.append("omnibus ").append(omnibusTe).append(' ').append(omnibusP).append(' ').append(omnibusSignificant)
          .append('\n');
      for (var e : edgeTe.entrySet()) {
        b.append("edge ").append(e.getKey()).append(' ').append(e.getValue()).append('\n');
      }
      b.append("end\n");
      try {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, b, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException e) {
        throw new InvalidInputException("cannot write the checkpoint " + file + ": " + e.getMessage());
      }
    }

    static Raw read(Path file, String fingerprint, int target) {
      List<String> lines;
      try {
        lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new InvalidInputException("cannot read the checkpoint " + file + ": " + e.getMessage());
      }
      try {
        if (lines.size() < 4 || !lines.get(0).equals(MAGIC) || !lines.get(lines.size() - 1).equals("end")) {
          throw new InvalidInputException("not a complete checkpoint file");
        }
        if (!lines.get(1).equals("fingerprint " + fingerprint)) {
          throw new InvalidInputException("it was written by a run with other data or options (use an empty "
              + "directory, or delete it to recompute)");
        }
        List<Network.Variable> past = new ArrayList<>();
        List<Network.Variable> sources = new ArrayList<>();
        TreeMap<Integer, Double> edges = new TreeMap<>();
        double te = Double.NaN;
        double pv = Double.NaN;
        boolean sig = false;
        boolean omnibus = false;
        for (String line : lines.subList(2, lines.size() - 1)) {
          String[] f = line.split(" ");
          switch (f[0]) {
            case "past", "source" -> {
              Network.Variable v = new Network.Variable(Integer.parseInt(f[1]), Integer.parseInt(f[2]),
                  Double.parseDouble(f[3]), Double.parseDouble(f[4]));
              (f[0].equals("past") ? past : sources).add(v);
            }
            case "omnibus" -> {
              te = Double.parseDouble(f[1]);
              pv = Double.parseDouble(f[2]);
              sig = Boolean.parseBoolean(f[3]);
              omnibus = true;
            }
            case "edge" -> edges.put(Integer.parseInt(f[1]), Double.parseDouble(f[2]));
            default -> throw new InvalidInputException("unknown line '" + line + "'");
          }
        }
        if (!omnibus) {
          throw new InvalidInputException("no omnibus line");
        }
        return new Raw(past, sources, te, pv, sig, edges);
      } catch (InvalidInputException | NumberFormatException | ArrayIndexOutOfBoundsException e) {
        throw new InvalidInputException("checkpoint " + file + " for target " + target + " is unusable: "
            + e.getMessage());
      }
    }
  }

  /** IDTxl's analyse_single_target for one target */
  static final class TargetAnalysis {
    private final Data d;
    private final NetworkInferenceOptions o;
    private final Backend backend;
    private final int threads;
    private final int target;
    private final double[] cv;
    private int test;
    /** conditional-MI evaluations so far, all targets (for the complexity measurements) */
    static final java.util.concurrent.atomic.AtomicLong COUNT = new java.util.concurrent.atomic.AtomicLong();

    private final CandidateEvaluator evaluator;

    TargetAnalysis(Data d, NetworkInferenceOptions o, Backend backend, int threads, int target) {
      this(d, o, backend, threads, target, null);
    }

    /** evaluator: where the inclusion steps' candidates are evaluated (null: here) */
    TargetAnalysis(Data d, NetworkInferenceOptions o, Backend backend, int threads, int target,
                   CandidateEvaluator evaluator) {
      this.d = d;
      this.o = o;
      this.backend = backend;
      this.threads = threads;
      this.target = target;
      this.cv = d.col[target][0];
      this.evaluator = evaluator;
    }

    /** the variables (process[i], lag[i]), checked against the data */
    List<Var> vars(int[] process, int[] lag) {
      if (process.length != lag.length) {
        throw new InvalidInputException(process.length + " processes but " + lag.length + " lags");
      }
      List<Var> out = new ArrayList<>();
      for (int i = 0; i < process.length; i++) {
        if (process[i] < 0 || process[i] >= d.p || lag[i] < 0 || lag[i] > d.lag) {
          throw new InvalidInputException("variable (process " + process[i] + ", lag " + lag[i] + ") is outside the "
              + d.p + " processes and lags 0.." + d.lag);
        }
        out.add(new Var(process[i], lag[i], Double.NaN));
      }
      return out;
    }

    /** per candidate: {I(c ; x_t | selected), its surrogate values of test testNo} */
    double[][] values(int testNo, List<Var> selected, List<Var> cands) {
      double[] c = interleave(selected);
      int dc = selected.size();
      double[][] out = new double[cands.size()][];
      for (int i = 0; i < cands.size(); i++) {
        Var v = cands.get(i);
        double[] row = new double[1 + o.maxStatSurrogates()];
        row[0] = cmi(column(v), 1, c, dc);
        for (int s = 0; s < o.maxStatSurrogates(); s++) {
          double[] sur = Embedding.surrogate(o.surrogate(), column(v), 1, d.trialStart, rng(testNo, id(v), s));
          row[1 + s] = cmi(sur, 1, c, dc);
        }
        out[i] = row;
      }
      return out;
    }

    private static int[] processes(List<Var> vs) {
      return vs.stream().mapToInt(Var::process).toArray();
    }

    private static int[] lags(List<Var> vs) {
      return vs.stream().mapToInt(Var::lag).toArray();
    }

    /** a selected or candidate variable: process, lag, its inclusion p-value */
    private record Var(int process, int lag, double p) {}

    Raw run() {
      List<Var> selected = new ArrayList<>();
      List<Var> cands = new ArrayList<>();
      for (int l = 1; l <= o.maxLagTarget(); l++) {
        cands.add(new Var(target, l, Double.NaN));
      }
      include(cands, selected);
      if (selected.isEmpty()) {
        selected.add(new Var(target, 1, Double.NaN));
      }
      int nTarget = selected.size();
      cands.clear();
      for (int j = 0; j < d.p; j++) {
        for (int l = o.minLag(); l <= o.maxLag() && j != target; l++) {
          cands.add(new Var(j, l, Double.NaN));
        }
      }
      include(cands, selected);
      List<Var> past = new ArrayList<>(selected.subList(0, nTarget));
      List<Var> sources = new ArrayList<>(selected.subList(nTarget, selected.size()));
      double[][] table = prune(past, sources);
      double omnibusTe = 0;
      double omnibusP = 1;
      boolean omnibusSig = false;
      double[] seqP = new double[0];
      if (!sources.isEmpty()) {
        double[] a = interleave(sources);
        int da = sources.size();
        double[] c = interleave(past);
        omnibusTe = cmi(a, da, c, past.size());
        double[] nulls = new double[o.omnibusSurrogates()];
        for (int s = 0; s < nulls.length; s++) {
          double[] sur = Embedding.surrogate(o.surrogate(), a, da, d.trialStart, rng(test, -1, s));
          nulls[s] = cmi(sur, da, c, past.size());
        }
        test++;
        omnibusP = pValue(omnibusTe, nulls);
        omnibusSig = omnibusP <= o.alpha();
        if (omnibusSig) {
          seqP = sequential(past, sources, table);
          List<Var> kept = new ArrayList<>();
          List<Double> keptP = new ArrayList<>();
          for (int i = 0; i < sources.size(); i++) {
            if (seqP[i] <= o.alpha()) {
              kept.add(sources.get(i));
              keptP.add(seqP[i]);
            }
          }
          sources = kept;
          seqP = keptP.stream().mapToDouble(Double::doubleValue).toArray();
        } else {
          sources = new ArrayList<>();
        }
      }
      List<Var> full = new ArrayList<>(past);
      full.addAll(sources);
      List<Network.Variable> pastOut = new ArrayList<>();
      for (Var v : past) {
        pastOut.add(new Network.Variable(v.process(), v.lag(), Double.NaN, v.p()));
      }
      List<Network.Variable> srcOut = new ArrayList<>();
      for (int i = 0; i < sources.size(); i++) {
        Var v = sources.get(i);
        List<Var> rest = new ArrayList<>(full);
        rest.remove(v);
        double te = cmi(d.col[v.process()][v.lag()], 1, interleave(rest), rest.size());
        srcOut.add(new Network.Variable(v.process(), v.lag(), te, seqP[i]));
      }
      srcOut.sort(Comparator.comparingInt(Network.Variable::process).thenComparingInt(Network.Variable::lag));
      TreeMap<Integer, Double> edgeTe = new TreeMap<>();
      for (Network.Variable v : srcOut) {
        if (edgeTe.containsKey(v.process())) {
          continue;
        }
        List<Var> mine = new ArrayList<>();
        List<Var> rest = new ArrayList<>();
        for (Var x : full) {
          (x.process() == v.process() && x.process() != target ? mine : rest).add(x);
        }
        mine.sort(Comparator.comparingInt(Var::lag));
        edgeTe.put(v.process(), cmi(interleave(mine), mine.size(), interleave(rest), rest.size()));
      }
      return new Raw(pastOut, srcOut, omnibusTe, omnibusP, omnibusSig, edgeTe);
    }

    /** greedy inclusion with the maximum statistic (IDTxl _include_candidates) */
    private void include(List<Var> cands, List<Var> selected) {
      while (!cands.isEmpty()) {
        int m = cands.size();
        double[][] values = evaluator == null ? values(test, selected, cands)
            : evaluator.evaluate(target, test, processes(selected), lags(selected), processes(cands), lags(cands));
        if (values.length != m) {
          throw new IllegalStateException("the candidate evaluator returned " + values.length + " rows for " + m
              + " candidates");
        }
        double[] te = new double[m];
        int best = 0;
        double[] max = new double[o.maxStatSurrogates()];
        Arrays.fill(max, Double.NEGATIVE_INFINITY);
        for (int i = 0; i < m; i++) {
          if (values[i] == null || values[i].length != 1 + max.length) {
            throw new IllegalStateException("the candidate evaluator's row " + i + " does not hold 1 + "
                + max.length + " values");
          }
          te[i] = values[i][0];
          if (te[i] > te[best]) {
            best = i;
          }
          for (int s = 0; s < max.length; s++) {
            max[s] = Math.max(max[s], values[i][1 + s]);
          }
        }
        test++;
        double p = pValue(te[best], max);
        if (p > o.alpha()) {
          return;
        }
        Var chosen = cands.remove(best);
        selected.add(new Var(chosen.process(), chosen.lag(), p));
      }
    }

    /**
     * pruning with the minimum statistic (IDTxl _prune_candidates); returns the surrogate table of the
     * last round (sources × surrogates) or null when no source is left
     */
    private double[][] prune(List<Var> past, List<Var> sources) {
      while (!sources.isEmpty()) {
        int m = sources.size();
        double[] te = new double[m];
        double[][] table = new double[m][];
        int worst = 0;
        for (int i = 0; i < m; i++) {
          te[i] = leaveOneOut(past, sources, i, -1);
          if (te[i] < te[worst]) {
            worst = i;
          }
        }
        double[] min = new double[o.minStatSurrogates()];
        Arrays.fill(min, Double.POSITIVE_INFINITY);
        for (int i = 0; i < m; i++) {
          table[i] = new double[min.length];
          for (int s = 0; s < min.length; s++) {
            table[i][s] = leaveOneOut(past, sources, i, s);
            min[s] = Math.min(min[s], table[i][s]);
          }
        }
        test++;
        if (pValue(te[worst], min) <= o.alpha()) {
          return table;
        }
        sources.remove(worst);
      }
      return null;
    }

    /** I(v_i ; x_t | past, sources ∖ v_i), v_i replaced by its surrogate {@code s} of the current test when s ≥ 0 */
    private double leaveOneOut(List<Var> past, List<Var> sources, int i, int s) {
      List<Var> rest = new ArrayList<>(past);
      for (int j = 0; j < sources.size(); j++) {
        if (j != i) {
          rest.add(sources.get(j));
        }
      }
      Var v = sources.get(i);
      double[] a = column(v);
      if (s >= 0) {
        a = Embedding.surrogate(o.surrogate(), a, 1, d.trialStart, rng(test, id(v), s));
      }
      return cmi(a, 1, interleave(rest), rest.size());
    }

    /** IDTxl max_statistic_sequential: p-values of the sources in their order (1 after the first failure) */
    private double[] sequential(List<Var> past, List<Var> sources, double[][] minTable) {
      int m = sources.size();
      int count = o.maxSeqSurrogates();
      double[][] table = new double[m][];
      boolean reuse = minTable != null && minTable.length == m && minTable[0].length >= count;
      double[] te = new double[m];
      for (int i = 0; i < m; i++) {
        te[i] = leaveOneOut(past, sources, i, -1);
        if (reuse) {
          table[i] = Arrays.copyOf(minTable[i], count);
        } else {
          table[i] = new double[count];
          for (int s = 0; s < count; s++) {
            table[i][s] = leaveOneOut(past, sources, i, s);
          }
        }
      }
      if (!reuse) {
        test++;
      }
      Integer[] order = new Integer[m];
      for (int i = 0; i < m; i++) {
        order[i] = i;
      }
      Arrays.sort(order, (x, y) -> Double.compare(te[y], te[x]));
      double[][] sorted = new double[count][m];
      for (int s = 0; s < count; s++) {
        for (int i = 0; i < m; i++) {
          sorted[s][i] = table[i][s];
        }
        Arrays.sort(sorted[s]);
      }
      double[] p = new double[m];
      Arrays.fill(p, 1.0);
      for (int r = 0; r < m; r++) {
        int i = order[r];
        int atLeast = 0;
        for (int s = 0; s < count; s++) {
          if (sorted[s][m - 1 - r] >= te[i]) {
            atLeast++;
          }
        }
        p[i] = (1.0 + atLeast) / (1.0 + count);
        if (p[i] > o.alpha()) {
          break;
        }
      }
      return p;
    }

    private int id(Var v) {
      return v.process() * (d.lag + 1) + v.lag();
    }

    private SplittableRandom rng(int testNo, int candidate, int surrogate) {
      long seed = o.settings().seed();
      long h = mix(mix(mix(mix(seed) ^ target) ^ testNo) ^ candidate);
      return new SplittableRandom(mix(h ^ surrogate));
    }

    private double[] column(Var v) {
      return d.col[v.process()][v.lag()];
    }

    private double[] interleave(List<Var> vars) {
      int w = vars.size();
      double[] out = new double[d.n * w];
      for (int j = 0; j < w; j++) {
        double[] c = column(vars.get(j));
        for (int i = 0; i < d.n; i++) {
          out[i * w + j] = c[i];
        }
      }
      return out;
    }

    /** I(a ; x_t | c) in nats by KSG 1 (Frenzel–Pompe), KSG 1 MI when c is empty */
    private double cmi(double[] a, int da, double[] c, int dc) {
      COUNT.incrementAndGet();
      String what = "the realisations of target " + target;
      if (dc == 0) {
        Embedding.Observations obs = new Embedding.Observations(a, da, cv, 1, null, 0, d.n, d.trialStart, d.times);
        return TimeSeriesSupport.mean(TimeSeriesSupport.localMi(backend, obs, o.k(), o.theiler(), threads, what));
      }
      Embedding.Observations obs = new Embedding.Observations(a, da, cv, 1, c, dc, d.n, d.trialStart, d.times);
      return TimeSeriesSupport.mean(TimeSeriesSupport.localCmi(backend, obs, o.k(), KsgAlgorithm.ONE, o.theiler(),
          threads, what));
    }

    private static double pValue(double observed, double[] nulls) {
      int atLeast = 0;
      for (double v : nulls) {
        if (v >= observed) {
          atLeast++;
        }
      }
      return (1.0 + atLeast) / (1.0 + nulls.length);
    }
  }
}
