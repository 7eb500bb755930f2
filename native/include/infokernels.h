/*
 * infokernels.h -- the only C ABI of the infokernels native library.
 *
 * Plain C: pointers, sizes, status codes and a thread-local last-error message. No C++ type,
 * exception or allocation crosses this header. Arrays are row-major n x d `double`.
 * Every function returns an ik_status; results are written through pointers.
 *
 * Each computational entry exists twice with the same arguments: `_cpu` (C++17, threads)
 * and `_cuda` (CUDA kernels; returns IK_ENOCUDA when the library was built without nvcc
 * or when no usable device/driver is present -- ik_last_error() then says why).
 */
#ifndef INFOKERNELS_H
#define INFOKERNELS_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* status codes (ik_status) */
#define IK_OK 0
#define IK_EINVAL (-1)
#define IK_ENOMEM (-2)
#define IK_ENOCUDA (-3)
#define IK_EINTERNAL (-4)
#define IK_ECANCELLED (-5) /* the call was cancelled (ik_set_cancel_flag, ik_cancel_all); its outputs are undefined */

/* norms for k-NN distances */
#define IK_NORM_EUCLIDEAN 0
#define IK_NORM_MAX 1

/* message of the last failing ik_ call on this thread; valid until this thread's next ik_ call */
const char* ik_last_error(void);
/* What the last compute entry (a _cpu or _cuda function) called on this thread actually ran, as
 * "<family>_<backend>:<path>": for logs and tests, so that a fallback cannot pass for the path
 * asked for. Thread-local; valid until this thread's next ik_ call. Every ik_ function that returns
 * a status resets it to ""; a compute entry sets it when it succeeds, so it stays "" when the call
 * failed or had nothing to compute (an ik_knn_distance_* call with n_query = 0). The strings are
 * stable (a new path adds a string; an existing one keeps its meaning):
 *   "knn_cpu:kdtree"       ik_knn_distance_cpu, ik_ksg_counts_cpu, ik_cmi_counts_cpu (k-d trees;
 *                          one-dimensional marginals are counted on a sorted copy)
 *   "knn_cuda:grid"        the _cuda k-NN entries on uniform-grid cell lists: joint dimension <= 4,
 *                          n_ref >= 4096 or IK_CUDA_KNN=grid, every coordinate finite, and (same_set = 1)
 *                          query == ref
 *   "knn_cuda:brute"       the _cuda k-NN entries by tiled brute force: every other case, and IK_CUDA_KNN=brute
 *   "kernel_cpu:avx512", "kernel_cpu:avx2", "kernel_cpu:generic"
 *                          ik_pair_sums_cpu, ik_kernel_matvec_cpu, ik_kernel_cross_matvec_cpu and
 *                          ik_kernel_matrix_cpu: the instruction set of the tiles (cpuid, capped by the
 *                          environment variable IK_CPU_ISA=generic|avx2|avx512)
 *   "kernel_cuda:tiled"    ik_pair_sums_cuda, ik_kernel_matvec_cuda
 *   "kernel_cuda:matrix"   ik_kernel_matrix_device_cuda (the matrix stays on the device)
 *   "eigen_cpu:lapack"     ik_sym_eigenvalues_cpu, ik_batched_sym_eigenvalues_cpu (LAPACKE_dsyevd)
 *   "eigen_cuda:jacobi"    ik_batched_sym_eigenvalues_cuda
 *   "ot_cpu:avx512", "ot_cpu:avx2", "ot_cpu:generic"
 *                          ik_sinkhorn_lse_cpu, ik_sinkhorn_cpu: the instruction set, as for kernel_cpu
 *   "ot_cuda:double", "ot_cuda:float"
 *                          ik_sinkhorn_lse_cuda, ik_sinkhorn_cuda: the precision of the log-sum-exp passes
 *   "testing_cpu:avx512", "testing_cpu:avx2", "testing_cpu:generic"
 *                          ik_pair_rows_cpu, ik_pair_centred_rows_cpu, ik_pair_matvec_cpu,
 *                          ik_pair_permuted_rows_cpu: the instruction set, as for kernel_cpu
 *   "testing_cuda:rows"    the four _cuda entries of the testing family
 *   "gram_cpu:avx512", "gram_cpu:avx2", "gram_cpu:generic"
 *                          ik_gram_accumulate_cpu: the instruction set, as for kernel_cpu */
const char* ik_last_path(void);
/* ---- cooperative cancellation ----
 * ik_set_cancel_flag(flag): the compute entries this thread calls from now on poll *flag (an int32
 * the caller owns and keeps valid while such a call runs; NULL = none, the default) between blocks
 * of work, in the calling thread and in every worker thread the call starts; once it is non-zero
 * they stop, join their workers and return IK_ECANCELLED. The flag is per calling thread: another
 * thread's calls go on. Typical use: a watchdog thread writes 1 into the flag of a thread that should
 * stop (a Java thread that was interrupted), the caller writes 0 before its next call. A poll comes
 * at least every few milliseconds of work (a block of k-NN queries, a tile round of the pair engine,
 * an OT row task, one matrix of a batch, a panel of the tridiagonal reduction in the LAPACK
 * eigensolve); on cuda, Sinkhorn polls every sweep and the pair engine between the launches of
 * its rounds (launches are queued, so it stops once the queue blocks), the other cuda entries
 * only when they start.
 * ik_cancel_all(1): every running and future compute call of every thread returns IK_ECANCELLED
 * (a process shutting down: set it, then wait until ik_active_calls() is 0 before freeing what the
 * calls use); ik_cancel_all(0) clears it.
 * ik_active_calls(): the number of ik_ calls running now, in every thread. */
int32_t ik_set_cancel_flag(const int32_t* flag);
void ik_cancel_all(int32_t on);
int32_t ik_active_calls(void);

/* library version, e.g. "0.1.0" */
const char* ik_version(void);
/* number of hardware threads the cpu kernels use when threads <= 0 */
int32_t ik_hardware_threads(void);
/* 1 when the library was built with LAPACK (OpenBLAS with LAPACKE), else 0: then
 * ik_sym_eigenvalues_cpu and ik_batched_sym_eigenvalues_cpu return IK_EINTERNAL ("built without LAPACK") */
int32_t ik_lapack_compiled(void);
/* Stops OpenBLAS's idle worker threads. OpenBLAS starts nproc - 1 of them when it is loaded, and
 * each spins for about 2^28 cycles (~0.1 s) waiting for work before it sleeps: on a 2-core machine
 * that takes a core from the first 0.1 s of the process's computations (a 10^4-row MMD measured
 * 0.21 s instead of 0.16 s). OpenBLAS starts the pool again by itself at its next multi-threaded
 * call (the lazy re-init it uses after fork). Call it only while no thread is inside OpenBLAS (its
 * shutdown joins the workers): the CLI calls it once, right after loading the library. Returns
 * IK_OK; a no-op in a build without OpenBLAS. */
int32_t ik_blas_release_idle(void);

/* ---- CUDA discovery (never fails hard: IK_ENOCUDA plus a reason when unusable) ---- */
/* 1 when the library was compiled with CUDA kernels, else 0 */
int32_t ik_cuda_compiled(void);
/* number of usable CUDA devices; IK_ENOCUDA (and the CUDA error text) when none can be used */
int32_t ik_cuda_device_count(int32_t* out_count);
/* name and compute capability of a device, written as "NAME (sm_XY, N MiB)" into buf */
int32_t ik_cuda_device_describe(int32_t device, char* buf, int32_t buf_len);

/* ---- k-NN family ----
 * ik_knn_distance: distance from every query point to its k-th nearest neighbour among the
 * reference points, in the Euclidean (norm = IK_NORM_EUCLIDEAN) or max norm. With
 * same_set = 1, query and ref are the same n points (pass the same pointer and n_query = n_ref)
 * and each point itself is excluded (k-th neighbour among the other n - 1 points).
 * Used by Kozachenko-Leonenko entropy (rho_k) and the Wang-Kulkarni-Verdu KL divergence (nu_k).
 * Exact (no approximation); memory O(n d). threads <= 0: all hardware threads. */
int32_t ik_knn_distance_cpu(const double* ref, int64_t n_ref, const double* query, int64_t n_query,
                            int32_t d, int32_t k, int32_t norm, int32_t same_set, int32_t threads,
                            double* out_dist);
int32_t ik_knn_distance_cuda(const double* ref, int64_t n_ref, const double* query, int64_t n_query,
                             int32_t d, int32_t k, int32_t norm, int32_t same_set, int32_t threads,
                             double* out_dist);

/* ik_ksg_counts: Kraskov-Stoegbauer-Grassberger neighbour counts (PRE 69 066138, 2004).
 * Joint space z = (x, y) with the max norm; eps(i)/2 = distance of z_i to its k-th neighbour.
 * algorithm 1: n_x(i) = #{j != i : |x_i - x_j|_max <  eps(i)/2}  (strict), same for y.
 * algorithm 2: eps_x(i)/2 = max over the k joint neighbours of |x_i - x_j|_max,
 *              n_x(i) = #{j != i : |x_i - x_j|_max <= eps_x(i)/2} (non-strict), same for y.
 * out_eps (may be NULL) receives eps(i)/2. */
int32_t ik_ksg_counts_cpu(const double* x, int32_t dx, const double* y, int32_t dy, int64_t n,
                          int32_t k, int32_t algorithm, int32_t threads,
                          double* out_eps, int64_t* out_nx, int64_t* out_ny);
int32_t ik_ksg_counts_cuda(const double* x, int32_t dx, const double* y, int32_t dy, int64_t n,
                           int32_t k, int32_t algorithm, int32_t threads,
                           double* out_eps, int64_t* out_nx, int64_t* out_ny);
/* ik_ksg_counts_sorted_cpu: ik_ksg_counts_cpu with the sorting order of a one-dimensional x
 * and/or y given by the caller, so that an all-pairs run sorts each variable once instead of
 * once per pair. order_x (NULL: sorted here) lists the n rows of x (dx must be 1) by
 * non-decreasing value: order_x[p] = the row at sorted position p; same for order_y. The orders
 * are checked (a permutation of 0..n-1 along which the values never decrease; n < 2^31), and
 * the counts are those of ik_ksg_counts_cpu, bit for bit: any such order gives the same counts. */
int32_t ik_ksg_counts_sorted_cpu(const double* x, int32_t dx, const double* y, int32_t dy, int64_t n,
                                 int32_t k, int32_t algorithm, const int32_t* order_x, const int32_t* order_y,
                                 int32_t threads, double* out_eps, int64_t* out_nx, int64_t* out_ny);

/* ik_cmi_counts: Frenzel-Pompe conditional MI counts (PRL 99 204101, 2007).
 * eps(i)/2 = k-th neighbour max-norm distance in (x, y, z); strict counts in (x,z), (y,z), z. */
int32_t ik_cmi_counts_cpu(const double* x, int32_t dx, const double* y, int32_t dy,
                          const double* z, int32_t dz, int64_t n, int32_t k, int32_t threads,
                          double* out_eps, int64_t* out_nxz, int64_t* out_nyz, int64_t* out_nz);
int32_t ik_cmi_counts_cuda(const double* x, int32_t dx, const double* y, int32_t dy,
                           const double* z, int32_t dz, int64_t n, int32_t k, int32_t threads,
                           double* out_eps, int64_t* out_nxz, int64_t* out_nyz, int64_t* out_nz);

/* ---- kernel family: the tiled pairwise engine ----
 * Kernels: IK_KERNEL_LINEAR k(a,b) = a.b;  IK_KERNEL_RBF k(a,b) = exp(-|a-b|^2 / (2 sigma^2)), with
 * |a-b|^2 summed from coordinate differences (so the diagonal is exactly 0 and K_ii = 1).
 * Nothing n x n is allocated unless the function's name says "matrix". Reductions are
 * deterministic: a fixed tile partition (independent of the thread count) and partial sums in
 * double merged in tile order, so repeated runs give identical bits. */
#define IK_KERNEL_LINEAR 0
#define IK_KERNEL_RBF 1

/* indices into out_sums of ik_pair_sums (IK_PAIR_SUMS_LEN doubles) */
#define IK_SUM_KL 0      /* sum_ij K_ij L_ij */
#define IK_SUM_KK 1      /* sum_ij K_ij^2 */
#define IK_SUM_LL 2      /* sum_ij L_ij^2 */
#define IK_SUM_KL2 3     /* sum_ij (K_ij L_ij)^2 */
#define IK_SUM_K 4       /* sum_ij K_ij */
#define IK_SUM_L 5       /* sum_ij L_ij */
#define IK_SUM_TRK 6     /* sum_i K_ii */
#define IK_SUM_TRL 7     /* sum_i L_ii */
#define IK_SUM_DIAG_KL 8 /* sum_i K_ii L_ii */
#define IK_PAIR_SUMS_LEN 9

/* ik_pair_sums: streaming sums over all ordered pairs (i, j) of K (kernel of x) and L (kernel of
 * y), plus the row sums K.1 and L.1 (out_row_k, out_row_l: n doubles each, may be NULL).
 * y may be NULL (dy ignored): then L is taken as K. Time O(n^2 (dx + dy)), memory O(n (dx + dy)). */
int32_t ik_pair_sums_cpu(const double* x, int32_t dx, const double* y, int32_t dy, int64_t n,
                         int32_t kernel_x, double sigma_x, int32_t kernel_y, double sigma_y,
                         int32_t threads, double* out_sums, double* out_row_k, double* out_row_l);
int32_t ik_pair_sums_cuda(const double* x, int32_t dx, const double* y, int32_t dy, int64_t n,
                          int32_t kernel_x, double sigma_x, int32_t kernel_y, double sigma_y,
                          int32_t threads, double* out_sums, double* out_row_k, double* out_row_l);

/* ik_kernel_matvec: out = M V without storing M, where M = K (y == NULL) or the Hadamard product
 * K o L (y != NULL); V and out are n x m row-major. Time O(n^2 (d + m)), memory O(n (d + m)). */
int32_t ik_kernel_matvec_cpu(const double* x, int32_t dx, const double* y, int32_t dy, int64_t n,
                             int32_t kernel_x, double sigma_x, int32_t kernel_y, double sigma_y,
                             const double* v, int32_t m, int32_t threads, double* out);
int32_t ik_kernel_matvec_cuda(const double* x, int32_t dx, const double* y, int32_t dy, int64_t n,
                              int32_t kernel_x, double sigma_x, int32_t kernel_y, double sigma_y,
                              const double* v, int32_t m, int32_t threads, double* out);

/* ik_kernel_cross_matvec: out = M[:, cols] W, the n x c block of the columns of M (K or K o L, as
 * ik_kernel_matvec) at the indices cols[0..c-1] (each in [0, n)) applied to W (c x m row-major);
 * out is n x m row-major. The Nystrom step of the spectral estimates. Time O(n c (d + m)), memory
 * O((n + c) m). CPU only: the cuda backend runs it here too (c << n). */
int32_t ik_kernel_cross_matvec_cpu(const double* x, int32_t dx, const double* y, int32_t dy, int64_t n,
                                   int32_t kernel_x, double sigma_x, int32_t kernel_y, double sigma_y,
                                   const int64_t* cols, int64_t c, const double* w, int32_t m, int32_t threads,
                                   double* out);

/* ik_kernel_matrix: the explicit n x n matrix K (or K o L), row-major, for eigensolvers. O(n^2) memory. */
int32_t ik_kernel_matrix_cpu(const double* x, int32_t dx, const double* y, int32_t dy, int64_t n,
                             int32_t kernel_x, double sigma_x, int32_t kernel_y, double sigma_y,
                             int32_t threads, double* out);

/* ik_gram_accumulate_cpu: the tile products of the all-pairs kernel engine (Java GramProducts):
 * for a < na and b < nc (with upper = 1 only b >= a; other entries are left as they are)
 *   c[a * nc + b] += w * S_ab,   S_ab = sum over k = 0 .. len-1, ascending, of g[ra[a] * len + k] * g[cb[b] * len + k]
 * where g holds `slots` rows of len doubles (a tile of each variable's centred Gram matrix) and
 * ra, cb pick rows of it. Every S_ab starts at 0 and adds one rounded product per k, in k order,
 * with the product and the sum rounded separately (no fused multiply-add), then c gets w * S_ab:
 * the operations of the Java twin, so the results equal it bit for bit on every instruction set
 * and whichever other rows are in the call. Single-threaded (the caller runs one call per lane);
 * time O(na * nc * len), memory O(nc * len). ra and cb entries must lie in [0, slots); w finite.
 * ik_last_path "gram_cpu:avx512", "gram_cpu:avx2" or "gram_cpu:generic" (as for kernel_cpu). */
int32_t ik_gram_accumulate_cpu(const double* g, int64_t len, int32_t slots, const int32_t* ra, int32_t na,
                               const int32_t* cb, int32_t nc, int32_t upper, double w, double* c);

/* ---- the explicit kernel matrix on the device (cuda only): exact spectra with cuSOLVER ----
 * ik_kernel_matrix_device_cuda: builds M = K (y == NULL) or the Hadamard product K o L, n x n, on the
 * device and leaves it there: *out_device receives a device pointer to n*n doubles (row-major; M is
 * symmetric, so it is also its column-major self, what cuSOLVER's dsyevd reads). With normalize =
 * IK_MATRIX_SYM_NORMALIZED the matrix is D^-1/2 M D^-1/2, D = diag(M 1) (the symmetric diffusion
 * operator of DSE; every row sum must be positive and finite). The pointer belongs to the primary
 * context of the current device (device 0 unless the caller changed it), so any CUDA runtime in the
 * process can use it -- the Java cuda backend hands it to cusolverDnDsyevd of the org.bytedeco:cuda
 * presets and copies back only the n eigenvalues. Free it with ik_device_free_cuda. On failure
 * *out_device is NULL and nothing stays allocated. The elements agree with ik_kernel_matrix_cpu to
 * ~1e-15 relative (RBF diagonal exactly 1). Time O(n^2 d), device memory n^2 + O(n (dx + dy)) doubles;
 * n <= 524280. ik_last_path "kernel_cuda:matrix". Without CUDA (stub build, no driver or device)
 * IK_ENOCUDA with the reason in ik_last_error. `threads` is ignored. */
#define IK_MATRIX_PLAIN 0
#define IK_MATRIX_SYM_NORMALIZED 1
int32_t ik_kernel_matrix_device_cuda(const double* x, int32_t dx, const double* y, int32_t dy, int64_t n,
                                     int32_t kernel_x, double sigma_x, int32_t kernel_y, double sigma_y,
                                     int32_t normalize, int32_t threads, double** out_device);
/* copies count doubles from the device array device_ptr (from ik_kernel_matrix_device_cuda) to out_host */
int32_t ik_device_download_cuda(const double* device_ptr, int64_t count, double* out_host);
/* frees a device array returned by ik_kernel_matrix_device_cuda; NULL is a no-op */
int32_t ik_device_free_cuda(double* device_ptr);

/* ik_sym_eigenvalues: all eigenvalues (ascending) of the symmetric n x n matrix a (row-major;
 * only the upper triangle is read; a is overwritten) by LAPACKE_dsyevd from OpenBLAS, with
 * `threads` OpenBLAS threads (<= 0: 1). IK_EINTERNAL if the library was built without LAPACK.
 * Time O(n^3), memory O(n^2).
 * OpenBLAS's thread count is one value per process (also for openblas_set_num_threads_local), so the
 * LAPACK entries (this and ik_batched_sym_eigenvalues_cpu) coordinate it: concurrent calls that
 * need the same count run together, a call that needs another count waits for them; the count is
 * written only when it differs from the one needed (never when OPENBLAS_NUM_THREADS=1 and
 * threads <= 1), and the value found before is put back after the last of the concurrent calls.
 * Code outside this library that sets OpenBLAS's count during a call is not coordinated. */
int32_t ik_sym_eigenvalues_cpu(double* a, int64_t n, int32_t threads, double* out_w);

/* ---- matrix family: batched small symmetric eigenproblems (matrix entropies) ----
 * ik_batched_sym_eigenvalues: all eigenvalues of `batch` symmetric n x n matrices stored one after
 * the other in a (batch x n x n, row-major; only the upper triangle of each is read; a is not
 * modified), written ascending per matrix into out_w (batch x n). Used for UNComp-style batches
 * of covariance matrices (e.g. 32 heads x 128 x 128).
 * cpu: LAPACKE_dsyevd per matrix, the matrices spread over `threads` threads (<= 0: all hardware
 *      threads), each eigensolve with one OpenBLAS thread (OpenBLAS's count is coordinated as for
 *      ik_sym_eigenvalues_cpu); IK_EINTERNAL without LAPACK.
 * cuda: one thread block per matrix, parallel cyclic Jacobi in shared memory (no cuSOLVER);
 *      `threads` is ignored. n is limited by the device's shared memory per block:
 *      ik_batched_sym_eigenvalues_cuda_max_n (sm_90: 236, sm_80: 200, sm_86/89: 156, sm_75: 124);
 *      a larger n is IK_EINVAL (use the cpu entry).
 * Both agree to ~1e-15 ||A||_F per eigenvalue. Time O(batch n^3), memory O(threads n^2) host /
 * O(batch n^2) device (in chunks of at most 512 MiB). */
int32_t ik_batched_sym_eigenvalues_cpu(const double* a, int64_t batch, int64_t n, int32_t threads,
                                       double* out_w);
int32_t ik_batched_sym_eigenvalues_cuda(const double* a, int64_t batch, int64_t n, int32_t threads,
                                        double* out_w);
/* the largest n that ik_batched_sym_eigenvalues_cuda accepts on the current device */
int32_t ik_batched_sym_eigenvalues_cuda_max_n(int32_t* out_max_n);

/* ---- optimal transport: entropic OT with the squared Euclidean cost ----
 * C_ij = |x_i - y_j|^2 (POT's ot.dist default, no 1/2), summed from coordinate differences; eps is
 * absolute. Nothing n x m is stored: costs are recomputed tile by tile and each log-sum-exp is one
 * fused pass with a running maximum and a rescaled sum (FlashAttention-style), so memory is
 * O((n + m) d). Every row's reduction visits the columns in a fixed order and no floating-point
 * atomics are used: results are bitwise identical for every thread count and run to run.
 * Conventions: java/docs/conventions/ot.md; reference loop: POT ot.bregman.sinkhorn_log. */
#define IK_PRECISION_DOUBLE 0
#define IK_PRECISION_FLOAT 1 /* _cuda only: float costs and exponentials, double potentials (~1e-6 relative) */

/* ik_sinkhorn_lse: one half-iteration of log-domain Sinkhorn,
 *   out_i = lw_i - LSE_j( h_j - |x_i - y_j|^2 / eps ),   i < n, j < m   (lw == NULL: lw = 0).
 * With h = v (scaled potential g/eps) and lw = log a it is POT's u-update; with x and y swapped,
 * h = u, lw = log b, the v-update. Time O(n m d), memory O((n + m) d). */
int32_t ik_sinkhorn_lse_cpu(const double* x, int64_t n, const double* y, int64_t m, int32_t d, double eps,
                            const double* h, const double* lw, int32_t precision, int32_t threads, double* out);
int32_t ik_sinkhorn_lse_cuda(const double* x, int64_t n, const double* y, int64_t m, int32_t d, double eps,
                             const double* h, const double* lw, int32_t precision, int32_t threads, double* out);

/* modes of ik_sinkhorn */
/* POT sinkhorn_log from u = v = 0: v <- log b - LSE_i(u_i - C_ij/eps), u <- log a - LSE_j(v_j - C_ij/eps);
 * at iterations 0, 10, 20, ... after the u-update, stop when |P^T 1 - b|_2 < tol */
#define IK_SINKHORN_ALTERNATING 0
/* self term OT_eps(a, a) on x (y, m, b unused), Feydy et al. 2019: f <- (f + T f)/2 with
 * T(f)_i = -eps LSE_j(log a_j + (f_j - C_ij)/eps), from f = 0; stop when max |f_new - f| < tol */
#define IK_SINKHORN_SYMMETRIC 1

/* indices into out_stats of ik_sinkhorn (IK_OT_STATS_LEN doubles) */
#define IK_OT_COST 0           /* <P, C>: what POT sinkhorn2 returns */
#define IK_OT_REGULARIZED 1    /* OT_eps = <P, C> + eps KL(P | a x b); symmetric mode: 2 <a, f> */
#define IK_OT_ITERATIONS 2     /* sweeps run (POT's niter + 1), annealing sweeps included */
#define IK_OT_CONVERGED 3      /* 1 when the stopping rule was met, else 0 */
#define IK_OT_MARGINAL_ERROR 4 /* |P^T 1 - b|_2 of the returned plan; symmetric mode: |P 1 - a|_2 */
#define IK_OT_STATS_LEN 5

/* ik_sinkhorn: a whole entropic OT solve (the loop runs inside the library: on the device for _cuda).
 * a (n), b (m): weights, each > 0 and summing to 1 within 1e-9; NULL = uniform. max_iter >= 1,
 * tol >= 0. eps_scaling: 0 = off, else the ratio r in (0, 1) of an annealing schedule
 * eps_k = D^2 r^k (D^2 = squared diagonal of the bounding box of x and y), one sweep per eps_k > eps
 * from the previous potentials, then the loop above at eps. Not converging within max_iter is not
 * an error: out_stats[IK_OT_CONVERGED] = 0 and the rest describes the last iterate.
 * out_f (n), out_g (m), may be NULL: potentials f = eps u, g = eps v (symmetric mode: f; out_g unused). */
int32_t ik_sinkhorn_cpu(const double* x, int64_t n, const double* y, int64_t m, int32_t d, const double* a,
                        const double* b, double eps, int32_t mode, int32_t max_iter, double tol,
                        double eps_scaling, int32_t precision, int32_t threads, double* out_f, double* out_g,
                        double* out_stats);
int32_t ik_sinkhorn_cuda(const double* x, int64_t n, const double* y, int64_t m, int32_t d, const double* a,
                         const double* b, double eps, int32_t mode, int32_t max_iter, double tol,
                         double eps_scaling, int32_t precision, int32_t threads, double* out_f, double* out_g,
                         double* out_stats);


/* ---- testing family: distance correlation, energy distance, MMD; the nulls and intervals of
 * HSIC and dCor (native/src/testing) ----
 * Pair functions f(a, b) of two rows of one sample: IK_KERNEL_LINEAR a.b, IK_KERNEL_RBF
 * exp(-|a-b|^2/(2 sigma^2)) and IK_PAIR_DISTANCE |a - b| (Euclidean), |a-b|^2 summed from coordinate
 * differences (f(a, a) is exactly 0 for the distance and 1 for the RBF kernel). Every entry visits all
 * n^2 ordered pairs (i, j) of one sample, j = i included, and returns per-row sums (n x q,
 * row-major): the estimators combine them in O(n), so nothing n x n is ever stored. Each row sum is
 * accumulated in double per tile and the tiles' partials are merged with Neumaier's compensated
 * summation in a fixed order: a row sum is accurate to a few ulps whatever n, and bitwise identical
 * for every thread count. Conventions: java/docs/conventions/testing.md. */
#define IK_PAIR_DISTANCE 2
#define IK_PAIR_ROWS_LEN 5
#define IK_PAIR_CENTRED_LEN 5

/* ik_pair_rows: a_ij = f_x(x_i, x_j), b_ij = f_y(y_i, y_j); per row i (out: n x IK_PAIR_ROWS_LEN)
 *   sum_j a_ij, sum_j b_ij, sum_j a_ij b_ij, sum_j a_ij^2, sum_j b_ij^2.
 * Distance covariance (V- and U-statistics), HSIC and their jackknife come from these sums.
 * Time O(n^2 (dx + dy)), memory O(n (dx + dy)). */
int32_t ik_pair_rows_cpu(const double* x, int32_t dx, const double* y, int32_t dy, int64_t n,
                         int32_t kind_x, double sigma_x, int32_t kind_y, double sigma_y, int32_t threads,
                         double* out);
int32_t ik_pair_rows_cuda(const double* x, int32_t dx, const double* y, int32_t dy, int64_t n,
                          int32_t kind_x, double sigma_x, int32_t kind_y, double sigma_y, int32_t threads,
                          double* out);

/* ik_pair_centred_rows: with a, b as ik_pair_rows and A_ij = a_ij - ca_i - ca_j + ga,
 * B_ij = b_ij - cb_i - cb_j + gb (the double centring HKH when ca = row means, ga = grand mean),
 * per row i (out: n x IK_PAIR_CENTRED_LEN)
 *   sum_j a_ij va_j, sum_j a_ij vb_j, sum_j b_ij va_j, sum_j b_ij vb_j, sum_j (A_ij B_ij)^2.
 * The second pass of the jackknife (leave-one-out row sums) and of HSIC's gamma null (Gretton et
 * al. 2007: the variance of HSIC under independence). va, vb, ca, cb: n values each. */
int32_t ik_pair_centred_rows_cpu(const double* x, int32_t dx, const double* y, int32_t dy, int64_t n,
                                 int32_t kind_x, double sigma_x, int32_t kind_y, double sigma_y,
                                 const double* va, const double* vb, const double* ca, const double* cb,
                                 double ga, double gb, int32_t threads, double* out);
int32_t ik_pair_centred_rows_cuda(const double* x, int32_t dx, const double* y, int32_t dy, int64_t n,
                                  int32_t kind_x, double sigma_x, int32_t kind_y, double sigma_y,
                                  const double* va, const double* vb, const double* ca, const double* cb,
                                  double ga, double gb, int32_t threads, double* out);

/* ik_pair_matvec: out (n x m, row-major) = F V with F_ij = f(x_i, x_j), V n x m row-major, 1 <= m <= 64.
 * Energy distance and MMD on the pooled sample (V = group indicators) and their two-sample
 * permutation tests (one column per permutation). Time O(n^2 (d + m)), memory O(n (d + m)). */
int32_t ik_pair_matvec_cpu(const double* x, int32_t d, int64_t n, int32_t kind, double sigma, const double* v,
                           int32_t m, int32_t threads, double* out);
int32_t ik_pair_matvec_cuda(const double* x, int32_t d, int64_t n, int32_t kind, double sigma, const double* v,
                            int32_t m, int32_t threads, double* out);

/* ik_pair_permuted_rows: out (n x batch, row-major): per row i and k < batch, sum_j a_ij b^k_ij with
 * a_ij = f_x(x_i, x_j) and b^k_ij = f_y(y^k_i, y^k_j), y^k the k-th n x dy block of y_batch (the rows of
 * y in the k-th permutation's order), 1 <= batch <= 64. A batch of permutations of a paired test
 * (HSIC, dCor) in one pass: the x side is evaluated once per pair for the whole batch.
 * Time O(n^2 (dx + batch dy)), memory O(n (dx + batch dy)). */
int32_t ik_pair_permuted_rows_cpu(const double* x, int32_t dx, const double* y_batch, int32_t dy, int64_t n,
                                  int32_t batch, int32_t kind_x, double sigma_x, int32_t kind_y, double sigma_y,
                                  int32_t threads, double* out);
int32_t ik_pair_permuted_rows_cuda(const double* x, int32_t dx, const double* y_batch, int32_t dy, int64_t n,
                                   int32_t batch, int32_t kind_x, double sigma_x, int32_t kind_y, double sigma_y,
                                   int32_t threads, double* out);

#ifdef __cplusplus
}
#endif

#endif /* INFOKERNELS_H */
