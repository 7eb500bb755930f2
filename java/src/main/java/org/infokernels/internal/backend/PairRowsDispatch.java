package org.infokernels.internal.backend;

import org.infokernels.bindings.global.infokernels;
import org.infokernels.core.BackendKind;
import org.infokernels.core.BackendUnavailableException;
import org.infokernels.internal.testing.PairFn;
import org.infokernels.internal.testing.PairRows;

/**
 * The testing family's pair-row entries ({@code ik_pair_rows}, {@code ik_pair_centred_rows},
 * {@code ik_pair_matvec}, {@code ik_pair_permuted_rows}; infokernels.h) on a backend: the Java
 * twin {@link PairRows} for java, the {@code _cpu} or {@code _cuda} entry otherwise. Kept apart
 * from {@link Backend} (same stems, same semantics) so that the family adds files instead of
 * editing the interface every family shares. Thread-safe.
 */
public final class PairRowsDispatch {
  private PairRowsDispatch() {}

  private static boolean native_(Backend b) {
    if (b.kind() == BackendKind.JAVA) {
      return false;
    }
    if (!b.isAvailable()) {
      throw new BackendUnavailableException(b.unavailableReason());
    }
    return true;
  }

  private static boolean cuda(Backend b) {
    return b.kind() == BackendKind.CUDA;
  }

  private static void check(Backend b, int status, String stem) {
    NativeLibrary.check(status, "ik_" + stem + (cuda(b) ? "_cuda" : "_cpu"));
  }

  /** per row Σa, Σb, Σab, Σa², Σb² (n × 5), a = fx on x, b = fy on y */
  public static double[] pairRows(Backend b, double[] x, int dx, PairFn fx, double[] y, int dy, PairFn fy, int n,
                                  int threads) {
    if (!native_(b)) {
      return PairRows.pairRows(x, dx, fx, y, dy, fy, n, threads);
    }
    double[] out = new double[n * infokernels.IK_PAIR_ROWS_LEN];
    check(b, cuda(b)
        ? infokernels.ik_pair_rows_cuda(x, dx, y, dy, n, fx.code(), fx.sigma(), fy.code(), fy.sigma(), threads, out)
        : infokernels.ik_pair_rows_cpu(x, dx, y, dy, n, fx.code(), fx.sigma(), fy.code(), fy.sigma(), threads, out),
        "pair_rows");
    return out;
  }

  /** per row a·va, a·vb, b·va, b·vb, Σ (AB)² (n × 5); see {@link PairRows#pairCentredRows} */
  public static double[] pairCentredRows(Backend b, double[] x, int dx, PairFn fx, double[] y, int dy, PairFn fy,
                                         int n, double[] va, double[] vb, double[] ca, double[] cb, double ga,
                                         double gb, int threads) {
    if (!native_(b)) {
      return PairRows.pairCentredRows(x, dx, fx, y, dy, fy, n, va, vb, ca, cb, ga, gb, threads);
    }
    double[] out = new double[n * infokernels.IK_PAIR_CENTRED_LEN];
    check(b, cuda(b)
        ? infokernels.ik_pair_centred_rows_cuda(x, dx, y, dy, n, fx.code(), fx.sigma(), fy.code(), fy.sigma(), va, vb,
            ca, cb, ga, gb, threads, out)
        : infokernels.ik_pair_centred_rows_cpu(x, dx, y, dy, n, fx.code(), fx.sigma(), fy.code(), fy.sigma(), va, vb,
            ca, cb, ga, gb, threads, out), "pair_centred_rows");
    return out;
  }

  /** F V (n × m) for V n × m row-major, m ≤ {@link #MAX_COLUMNS} */
  public static double[] pairMatvec(Backend b, double[] x, int d, PairFn f, int n, double[] v, int m, int threads) {
    if (!native_(b)) {
      return PairRows.pairMatvec(x, d, f, n, v, m, threads);
    }
    double[] out = new double[n * m];
    check(b, cuda(b)
        ? infokernels.ik_pair_matvec_cuda(x, d, n, f.code(), f.sigma(), v, m, threads, out)
        : infokernels.ik_pair_matvec_cpu(x, d, n, f.code(), f.sigma(), v, m, threads, out), "pair_matvec");
    return out;
  }

  /** per row and permutation k Σⱼ aᵢⱼ b^k_ij (n × batch), batch ≤ {@link #MAX_COLUMNS} */
  public static double[] pairPermutedRows(Backend b, double[] x, int dx, PairFn fx, double[] yBatch, int dy,
                                          PairFn fy, int n, int batch, int threads) {
    if (!native_(b)) {
      return PairRows.pairPermutedRows(x, dx, fx, yBatch, dy, fy, n, batch, threads);
    }
    double[] out = new double[n * batch];
    check(b, cuda(b)
        ? infokernels.ik_pair_permuted_rows_cuda(x, dx, yBatch, dy, n, batch, fx.code(), fx.sigma(), fy.code(),
            fy.sigma(), threads, out)
        : infokernels.ik_pair_permuted_rows_cpu(x, dx, yBatch, dy, n, batch, fx.code(), fx.sigma(), fy.code(),
            fy.sigma(), threads, out), "pair_permuted_rows");
    return out;
  }

  /** the most columns of {@link #pairMatvec} and permutations of {@link #pairPermutedRows} per call */
  public static final int MAX_COLUMNS = 64;
}
