package org.infokernels.internal.backend;

import org.infokernels.core.BackendKind;
import org.infokernels.core.Norm;
import org.infokernels.internal.kernel.GramProducts;
import org.infokernels.internal.kernel.Kernel;
import org.infokernels.internal.ot.SinkhornResult;

/**
 * One engine that computes the kernels behind the estimators. One method per {@code ik_*}
 * function of {@code native/include/infokernels.h}, with the same stem and semantics; arrays
 * are row-major n × d. Implementations: {@link JavaBackend} (always available),
 * {@link CpuBackend} (C++ through JNI), {@link CudaBackend} (CUDA kernels).
 *
 * <p>Inputs are validated by the estimators before they reach a backend. Implementations are
 * thread-safe.
 */
public interface Backend {
  BackendKind kind();

  /** whether this backend can run here */
  boolean isAvailable();

  /** why it cannot run ("" when it can) */
  String unavailableReason();

  /** a short description for {@code --version}: the device, the library path, ... */
  String describe();

  /** The operations of this interface, for reporting where each one ran. */
  enum Stage {
    /** {@link #knnDistance}, {@link #ksgCounts}, {@link #cmiCounts} */
    KNN,
    /** {@link #pairSums} */
    PAIR_SUMS,
    /** {@link #kernelMatvec} */
    MATVEC,
    /** {@link #kernelCrossMatvec} */
    CROSS_MATVEC,
    /** {@link #kernelMatrix} */
    KERNEL_MATRIX,
    /** {@link #symEigenvalues} */
    EIGEN,
    /** {@link #batchedSymEigenvalues} */
    BATCHED_EIGEN,
    /** {@link #sinkhorn}, {@link #sinkhornLse} */
    SINKHORN,
    /** the k-NN counts with a Theiler window, or of conditional MI by KSG algorithm 2 */
    KNN_EXTENDED
  }

  /**
   * The backend that actually runs {@code stage} on matrices of size n when this one is asked:
   * this backend's kind, except where it delegates (the cuda backend runs the cpu entry for the
   * Nyström cross product, and the exact spectra on the cpu backend where cuSOLVER cannot load).
   * Estimators report it per stage ({@link #stageLabel}).
   */
  default BackendKind runs(Stage stage, int n) {
    return kind();
  }

  /**
   * The tile products of the all-pairs kernel engine ({@link GramProducts}): Java here; the native
   * backends run {@code ik_gram_accumulate_cpu}, the same operations with the same bits.
   */
  default GramProducts.TileProducts tileProducts() {
    return GramProducts.JAVA;
  }

  /**
   * {@link #runs}'s backend as {@link org.infokernels.core.Estimate#stages()} reports it: its label
   * ("cpu"), followed by " (fallback: why)" where this backend would run the stage itself but cannot
   * here (the cuda backend's exact spectra without cuSOLVER).
   */
  default String stageLabel(Stage stage, int n) {
    return runs(stage, n).label();
  }

  /**
   * All eigenvalues (ascending) of the explicit n × n kernel matrix M = K (y null) or K∘L, or with
   * {@code normalize} of D^{−1/2} M D^{−1/2}, D = diag(M·1) (the symmetric diffusion operator of
   * DSE; the row sums must be positive): the exact spectra of the Rényi, von Neumann and DSE
   * estimates. The default builds M with {@link #kernelMatrix}, normalises it on the host and calls
   * {@link #symEigenvalues}; the cuda backend with cuSOLVER builds M on the device and copies back
   * only the eigenvalues. Stages {@link Stage#KERNEL_MATRIX} and {@link Stage#EIGEN}.
   */
  default double[] kernelSpectrum(double[] x, int dx, double[] y, int dy, int n, Kernel kx, Kernel ky,
                                  boolean normalize, int threads) {
    double[] k = kernelMatrix(x, dx, y, dy, n, kx, ky, threads);
    if (normalize) {
      normalizeSymmetric(k, n);
    }
    return symEigenvalues(k, n, threads);
  }

  /** k ← D^{−1/2} k D^{−1/2} in place, D = diag(k·1) (row sums in index order), for {@link #kernelSpectrum} */
  static void normalizeSymmetric(double[] k, int n) {
    double[] dis = new double[n];
    for (int i = 0; i < n; i++) {
      double rs = 0;
      for (int j = 0; j < n; j++) {
        rs += k[i * n + j];
      }
      dis[i] = 1.0 / Math.sqrt(rs);
    }
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        k[i * n + j] *= dis[i] * dis[j];
      }
    }
  }

  /** distance from each query point to its k-th nearest neighbour among ref (self excluded when sameSet) */
  double[] knnDistance(double[] ref, int nRef, double[] query, int nQuery, int d, int k, Norm norm,
                       boolean sameSet, int threads);

  /** KSG joint k-th neighbour radius and marginal counts (algorithm 1 strict, 2 non-strict) */
  KsgCounts ksgCounts(double[] x, int dx, double[] y, int dy, int n, int k, int algorithm, int threads);

  /**
   * {@link #ksgCounts} with the sorting order of a one-dimensional x and/or y known
   * ({@link org.infokernels.internal.knn.KnnKernels#sortingOrder}; null: none), so that a variable in
   * many pairs is sorted once. The same counts, bit for bit; the default ignores the orders (cuda).
   */
  default KsgCounts ksgCounts(double[] x, int dx, double[] y, int dy, int n, int k, int algorithm, int[] orderX,
                              int[] orderY, int threads) {
    return ksgCounts(x, dx, y, dy, n, k, algorithm, threads);
  }

  /** Frenzel–Pompe joint radius and strict counts in (x,z), (y,z) and z */
  CmiCounts cmiCounts(double[] x, int dx, double[] y, int dy, double[] z, int dz, int n, int k, int threads);

  /**
   * {@link #ksgCounts} with a Theiler window: no j with |times[j] − times[i]| ≤ window is a
   * neighbour of i (times null: none, the plain counts). The default runs the Java twin where a
   * window is asked for; {@link #runs} with {@link Stage#KNN_EXTENDED} says which backend does.
   */
  default KsgCounts ksgCounts(double[] x, int dx, double[] y, int dy, int n, int k, int algorithm, long[] times,
                              long window, int threads) {
    if (times == null) {
      return ksgCounts(x, dx, y, dy, n, k, algorithm, threads);
    }
    return JavaBackend.INSTANCE.ksgCounts(x, dx, y, dy, n, k, algorithm, times, window, threads);
  }

  /**
   * Conditional-MI counts by KSG algorithm 1 (Frenzel–Pompe, strict) or 2 (per-space radii,
   * non-strict; JIDT's Kraskov2), with an optional Theiler window (times null: none). Algorithm 1
   * without a window is {@link #cmiCounts(double[], int, double[], int, double[], int, int, int, int)}.
   */
  default CmiCounts cmiCounts(double[] x, int dx, double[] y, int dy, double[] z, int dz, int n, int k,
                              int algorithm, long[] times, long window, int threads) {
    if (times == null && algorithm == 1) {
      return cmiCounts(x, dx, y, dy, z, dz, n, k, threads);
    }
    return JavaBackend.INSTANCE.cmiCounts(x, dx, y, dy, z, dz, n, k, algorithm, times, window, threads);
  }

  /**
   * Streaming sums over all ordered pairs of K (kernel of x) and L (kernel of y; y null: L = K),
   * indexed by {@link org.infokernels.internal.kernel.PairSums}; rowK, rowL (length n, may be null) receive K·1 and L·1.
   */
  double[] pairSums(double[] x, int dx, double[] y, int dy, int n, Kernel kx, Kernel ky, int threads,
                    double[] rowK, double[] rowL);

  /** out = M·V (n × m, row-major) with M = K, or K∘L when y is not null; M is never stored */
  double[] kernelMatvec(double[] x, int dx, double[] y, int dy, int n, Kernel kx, Kernel ky, double[] v, int m,
                        int threads);

  /**
   * out = M[:, cols]·W (n × m, row-major) for W cols.length × m: the Gram columns at the indices
   * cols applied to W without storing them, O(n·|cols|·(d + m)) — the Nyström step of the
   * spectral estimates. The cuda backend runs the cpu entry (|cols| ≪ n).
   */
  double[] kernelCrossMatvec(double[] x, int dx, double[] y, int dy, int n, Kernel kx, Kernel ky, int[] cols,
                             double[] w, int m, int threads);

  /** the explicit n × n matrix K (or K∘L), row-major: O(n²) memory, for exact eigenvalues */
  double[] kernelMatrix(double[] x, int dx, double[] y, int dy, int n, Kernel kx, Kernel ky, int threads);

  /** all eigenvalues (ascending) of a symmetric n × n matrix (row-major; may be overwritten) */
  double[] symEigenvalues(double[] a, int n, int threads);

  /**
   * all eigenvalues (ascending per matrix, batch × n) of batch symmetric n × n matrices stored one
   * after the other in a (row-major, upper triangle read, not modified); for batches of small
   * matrices such as UNComp's per-head covariances
   */
  double[] batchedSymEigenvalues(double[] a, int batch, int n, int threads);

  /**
   * One half-iteration of log-domain Sinkhorn ({@code ik_sinkhorn_lse}): out_i = lw_i − LSE_j(h_j − ‖x_i − y_j‖²/ε)
   * for i &lt; n (lw null: 0); the n × m cost is never stored. FLOAT precision: cuda only.
   */
  double[] sinkhornLse(double[] x, int n, double[] y, int m, int d, double eps, double[] h, double[] lw,
                       org.infokernels.core.Precision precision, int threads);

  /**
   * A whole entropic OT solve ({@code ik_sinkhorn}): POT's alternating log-domain loop, or with
   * {@code symmetric} Feydy's averaged update for OT_ε(a, a) on x (y, m, b unused). Weights positive,
   * summing to 1, null = uniform; epsilonScaling 0 (off) or the annealing ratio in (0, 1).
   */
  SinkhornResult sinkhorn(double[] x, int n, double[] y, int m, int d, double[] a, double[] b, double eps,
                          boolean symmetric, int maxIter, double tol, double epsilonScaling,
                          org.infokernels.core.Precision precision, int threads);

  /** eps(i): joint k-th neighbour distance; nx, ny: marginal neighbour counts (self excluded) */
  record KsgCounts(double[] eps, long[] nx, long[] ny) {}

  /** eps(i): joint k-th neighbour distance; counts in (x,z), (y,z) and z (self excluded) */
  record CmiCounts(double[] eps, long[] nxz, long[] nyz, long[] nz) {}
}
