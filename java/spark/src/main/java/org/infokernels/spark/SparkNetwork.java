package org.infokernels.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.infokernels.core.BackendKind;
import org.infokernels.core.InvalidInputException;
import org.infokernels.core.Matrix;
import org.infokernels.core.RunSettings;
import org.infokernels.internal.Parallel;
import org.infokernels.timeseries.Network;
import org.infokernels.timeseries.NetworkInference;
import org.infokernels.timeseries.NetworkInferenceOptions;
import org.infokernels.timeseries.Series;

/**
 * Multivariate transfer-entropy network inference as Spark tasks, one task per target: the nodes (every target
 * needs every node as a candidate source) go to the executors once, as a broadcast; a task runs
 * {@link NetworkInference#inferTarget} for its target on the executor's backend; the driver collects the
 * targets' results (a few numbers per selected variable) and applies the Benjamini–Hochberg correction across
 * targets with {@link NetworkInference#assemble}, so the network is the single-machine one, bit for bit on the
 * same backend and seed. With fewer targets than tasks wanted ({@link #batchesPerTarget}), each target runs on a
 * driver thread instead and every greedy inclusion step's candidates (candidates × (1 + surrogates) conditional
 * MIs, the bulk of the work) are cut into batches, one Spark task each ({@link NetworkInference#candidateValues});
 * the result is the same, bit for bit.
 */
final class SparkNetwork {
  private SparkNetwork() {}

  /** the nodes as they travel: name, and per trial the matrix name and values */
  record Nodes(String[] names, String[][] trialNames, double[][][] values) implements Serializable {
    private static final long serialVersionUID = 1L;

    static Nodes of(List<Series> nodes) {
      int p = nodes.size();
      String[] names = new String[p];
      String[][] tn = new String[p][];
      double[][][] v = new double[p][][];
      for (int j = 0; j < p; j++) {
        Series s = nodes.get(j);
        if (s.dims() != 1) {
          throw new InvalidInputException(s.name() + " has " + s.dims() + " columns; every node is one univariate "
              + "series");
        }
        names[j] = s.name();
        tn[j] = new String[s.trials()];
        v[j] = new double[s.trials()][];
        for (int r = 0; r < s.trials(); r++) {
          tn[j][r] = s.trial(r).name();
          v[j][r] = s.trial(r).toRowMajor();
        }
      }
      return new Nodes(names, tn, v);
    }

    List<Series> series() {
      List<Series> out = new ArrayList<>();
      for (int j = 0; j < names.length; j++) {
        List<Matrix> trials = new ArrayList<>();
        for (int r = 0; r < values[j].length; r++) {
          trials.add(Matrix.of(trialNames[j][r], values[j][r], values[j][r].length, 1));
        }
        out.add(Series.ofTrials(names[j], trials));
      }
      return out;
    }
  }

  /** one target's result as it travels back to the driver */
  record Done(int target, int[] pastProcess, int[] pastLag, double[] pastP, int[] srcProcess, int[] srcLag,
              double[] srcTe, double[] srcP, double omnibusTe, double omnibusP, boolean omnibusSignificant,
              int[] edgeSource, double[] edgeTe, int observations, String backend, String fallback,
              String executor, double seconds) implements Serializable {
    private static final long serialVersionUID = 1L;

    static Done of(NetworkInference.TargetResult t, String fallback, String executor) {
      int np = t.targetPast().size();
      int[] pp = new int[np];
      int[] pl = new int[np];
      double[] pv = new double[np];
      for (int i = 0; i < np; i++) {
        Network.Variable v = t.targetPast().get(i);
        pp[i] = v.process();
        pl[i] = v.lag();
        pv[i] = v.pValue();
      }
      int ns = t.sources().size();
      int[] sp = new int[ns];
      int[] sl = new int[ns];
      double[] st = new double[ns];
      double[] sv = new double[ns];
      for (int i = 0; i < ns; i++) {
        Network.Variable v = t.sources().get(i);
        sp[i] = v.process();
        sl[i] = v.lag();
        st[i] = v.te();
        sv[i] = v.pValue();
      }
      int ne = t.edgeTe().size();
      int[] es = new int[ne];
      double[] et = new double[ne];
      int i = 0;
      for (var e : t.edgeTe().entrySet()) {
        es[i] = e.getKey();
        et[i++] = e.getValue();
      }
      return new Done(t.target(), pp, pl, pv, sp, sl, st, sv, t.omnibusTe(), t.omnibusPValue(),
          t.omnibusSignificant(), es, et, t.observations(), t.backend(), fallback, executor, t.seconds());
    }

    NetworkInference.TargetResult result() {
      List<Network.Variable> past = new ArrayList<>();
      for (int i = 0; i < pastProcess.length; i++) {
        past.add(new Network.Variable(pastProcess[i], pastLag[i], Double.NaN, pastP[i]));
      }
      List<Network.Variable> src = new ArrayList<>();
      for (int i = 0; i < srcProcess.length; i++) {
        src.add(new Network.Variable(srcProcess[i], srcLag[i], srcTe[i], srcP[i]));
      }
      TreeMap<Integer, Double> edges = new TreeMap<>();
      for (int i = 0; i < edgeSource.length; i++) {
        edges.put(edgeSource[i], edgeTe[i]);
      }
      return new NetworkInference.TargetResult(target, past, src, omnibusTe, omnibusP, omnibusSignificant, edges,
          observations, backend, seconds);
    }
  }

  /**
   * Candidate batches per target and inclusion step: 1 (one task per target) unless there are fewer targets than
   * the tasks asked for ({@code tasks}, or 0: one per core of the cluster), then enough batches for every task
   * to have work, with at least 2 candidates (each 1 + surrogates conditional MIs) in a batch.
   */
  static int batchesPerTarget(int tasks, int cores, int targets, int candidates) {
    int wanted = tasks > 0 ? tasks : Math.max(1, cores);
    int b = (wanted + targets - 1) / targets;
    return Math.max(1, Math.min(b, candidates / 2));
  }

  /**
   * Every target on a driver thread (targets run concurrently, as concurrent Spark jobs), with each greedy
   * inclusion step's candidates evaluated as {@code batches} Spark tasks
   * ({@link NetworkInference#candidateValues}); the pruning, omnibus and sequential tests of a target (a few
   * selected variables) run on the driver. The result is bit for bit the one-task-per-target one.
   */
  private static List<Done> splitTargets(JavaSparkContext jsc, Broadcast<Nodes> bc, Serializable encoded,
                                         String backend, int threads, List<Integer> targets, int batches) {
    NetworkInferenceOptions o = (NetworkInferenceOptions) RecordCodec.decode(encoded);
    RunSettings s = o.settings().withBackend(ExecutorRuntime.resolve(backend)).withThreads(threads);
    NetworkInference driver = new NetworkInference(o.withSettings(s));
    List<Series> nodes = bc.value().series();
    String where = "driver, candidates in " + batches + " Spark tasks per step";
    Done[] out = new Done[targets.size()];
    Parallel.forEach(out.length, Math.min(out.length, 32), i -> {
      int j = targets.get(i);
      out[i] = Done.of(driver.inferTarget(nodes, j, (target, test, sp, sl, cp, cl) -> evaluate(jsc, bc, encoded,
          backend, threads, batches, target, test, sp, sl, cp, cl)), ExecutorRuntime.fallback(backend), where);
    });
    return new ArrayList<>(Arrays.asList(out));
  }

  /** one inclusion step of one target: its candidates cut into batches, one Spark task each, rows in order */
  private static double[][] evaluate(JavaSparkContext jsc, Broadcast<Nodes> bc, Serializable encoded, String backend,
                                     int threads, int batches, int target, int test, int[] sp, int[] sl, int[] cp,
                                     int[] cl) {
    int m = cp.length;
    int size = (m + batches - 1) / batches;
    List<int[]> ranges = new ArrayList<>();
    for (int from = 0; from < m; from += size) {
      ranges.add(new int[] {from, Math.min(m, from + size)});
    }
    jsc.setJobDescription("network target " + target + " test " + test + ": " + m + " candidates");
    List<double[][]> parts = jsc.parallelize(ranges, ranges.size()).map(r -> {
      NetworkInferenceOptions o = (NetworkInferenceOptions) RecordCodec.decode(encoded);
      RunSettings s = o.settings().withBackend(ExecutorRuntime.resolve(backend)).withThreads(threads);
      return new NetworkInference(o.withSettings(s)).candidateValues(bc.value().series(), target, test, sp, sl,
          Arrays.copyOfRange(cp, r[0], r[1]), Arrays.copyOfRange(cl, r[0], r[1]));
    }).collect();
    double[][] out = new double[m][];
    int i = 0;
    for (double[][] part : parts) {
      for (double[] row : part) {
        out[i++] = row;
      }
    }
    return out;
  }

  /** the network and, per target, where it ran */
  record Outcome(Network network, List<Done> targets) {}

  static Outcome run(SparkSession spark, List<Series> nodes, NetworkInferenceOptions options, SparkOptions run) {
    long t0 = System.nanoTime();
    if (nodes.size() < 2) {
      throw new InvalidInputException("network inference needs at least 2 nodes (got " + nodes.size() + ")");
    }
    // the checks of the single-machine API, on the driver, before any task starts
    Series first = nodes.get(0);
    for (Series s : nodes) {
      boolean same = s.trials() == first.trials();
      for (int r = 0; same && r < s.trials(); r++) {
        same = s.length(r) == first.length(r);
      }
      if (!same) {
        throw new InvalidInputException(s.name() + " and " + first.name() + " differ in trials or lengths; every node "
            + "needs the same");
      }
    }
    Nodes data = Nodes.of(nodes);
    Serializable encoded = RecordCodec.encode(options);
    String backend = run.backend();
    int threads = run.threads();
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Broadcast<Nodes> bc = jsc.broadcast(data);
    int p = nodes.size();
    List<Integer> targets = new ArrayList<>();
    for (int j = 0; j < p; j++) {
      targets.add(j);
    }
    int sourceCandidates = (p - 1) * (options.maxLag() - options.minLag() + 1);
    int batches = batchesPerTarget(run.tasks(), jsc.defaultParallelism(), p, sourceCandidates);
    List<Done> done;
    if (batches == 1) {
      done = new ArrayList<>(jsc.parallelize(targets, p).map(j -> {
        NetworkInferenceOptions o = (NetworkInferenceOptions) RecordCodec.decode(encoded);
        BackendKind kind = ExecutorRuntime.resolve(backend);
        RunSettings s = o.settings().withBackend(kind).withThreads(threads);
        NetworkInference.TargetResult t = new NetworkInference(o.withSettings(s)).inferTarget(bc.value().series(), j);
        return Done.of(t, ExecutorRuntime.fallback(backend), ExecutorRuntime.label());
      }).collect());
    } else {
      done = splitTargets(jsc, bc, encoded, backend, threads, targets, batches);
    }
    done.sort((a, b) -> Integer.compare(a.target(), b.target()));
    List<NetworkInference.TargetResult> results = new ArrayList<>();
    for (Done d : done) {
      results.add(d.result());
    }
    bc.unpersist();
    double seconds = (System.nanoTime() - t0) * 1e-9;
    return new Outcome(new NetworkInference(options).assemble(List.of(data.names()), results, seconds), done);
  }
}
