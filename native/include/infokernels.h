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

/* norms for k-NN distances */
#define IK_NORM_EUCLIDEAN 0
#define IK_NORM_MAX 1

/* message of the last failing ik_ call on this thread; valid until this thread's next ik_ call */
const char* ik_last_error(void);
/* library version, e.g. "0.1.0" */
const char* ik_version(void);
/* number of hardware threads the cpu kernels use when threads <= 0 */
int32_t ik_hardware_threads(void);

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

/* ik_cmi_counts: Frenzel-Pompe conditional MI counts (PRL 99 204101, 2007).
 * eps(i)/2 = k-th neighbour max-norm distance in (x, y, z); strict counts in (x,z), (y,z), z. */
int32_t ik_cmi_counts_cpu(const double* x, int32_t dx, const double* y, int32_t dy,
                          const double* z, int32_t dz, int64_t n, int32_t k, int32_t threads,
                          double* out_eps, int64_t* out_nxz, int64_t* out_nyz, int64_t* out_nz);
int32_t ik_cmi_counts_cuda(const double* x, int32_t dx, const double* y, int32_t dy,
                           const double* z, int32_t dz, int64_t n, int32_t k, int32_t threads,
                           double* out_eps, int64_t* out_nxz, int64_t* out_nyz, int64_t* out_nz);

#ifdef __cplusplus
}
#endif

#endif /* INFOKERNELS_H */
