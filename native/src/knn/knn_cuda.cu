// knn_cuda.cu -- CUDA k-NN entries: k-th neighbour distances (Kozachenko-Leonenko rho_k,
// Wang-Kulkarni-Verdu nu_k), KSG neighbour counts (algorithms 1 and 2) and Frenzel-Pompe CMI
// counts, with exactly the semantics of the _cpu entries documented in infokernels.h.
//
// Two exact paths; one CUDA thread owns one query point in both.
//
// 1. Tiled brute force (the reference path; any d <= 6144): O(n_query n_ref d) work, O(n d)
//    device memory (never n x n). The block stages tiles of reference rows in shared memory
//    (row-major, d doubles each, coalesced copies) and every thread scans them in index order.
//    knn_select_kernel keeps the query's k best candidates sorted by (distance, index) in
//    registers and writes the k-th distance (for KSG algorithm 2 also, per marginal, the largest
//    marginal distance among the k joint neighbours); marginal_count_kernel counts, per marginal
//    space, the other points inside the radius (strict < for KSG 1 and CMI, <= for KSG 2).
// 2. Uniform grid (cell lists) when the joint dimension is <= 4 and n_ref >= 4096: the points
//    are bucketed by cell on the host (counting sort, O(n)), the k-NN search visits rings of
//    cells around the query until no unvisited cell can hold a point at or below the current
//    k-th distance, and each count visits only the cells that overlap its radius. Expected work
//    O(n (k + cells per ring)) instead of O(n^2); the same (distance, index) order, distance
//    arithmetic and comparisons as path 1, so the results are identical.
// IK_CUDA_KNN=brute or =grid (environment) forces a path, for tests and benchmarks; ik_last_path
// reports the one that ran ("knn_cuda:grid" or "knn_cuda:brute").
//
// Double precision throughout; the Euclidean sum is formed without FMA contraction in the CPU's
// column order, so distances are bitwise equal to the CPU's and every count is exact. No
// floating-point atomics: each output is written by the one thread that owns it (deterministic).
// Inputs are expected finite (the grid path falls back to brute force otherwise).
//
// Tested against the _cpu entries by native/test/test_knn_cuda.cpp (distances to 1e-12
// relative, counts exactly) on random and integer-grid (tied) data, once per path.
#include <cuda_runtime.h>
#include <math_constants.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <new>
#include <stdexcept>
#include <string>
#include <vector>

#include "../core/cuda_util.cuh"
#include "../core/status.hpp"

namespace {

// Threads per block = query points per block. 128 keeps the register-resident top-k lists of
// the larger K buckets within the register file (see the occupancy note at choose_tile_rows).
constexpr int kBlock = 128;
// Query coordinates held in registers (fully unrolled column loop) when d <= kQueryRegs; larger
// d reads the query row from global memory (cached in L1: it is the same row for the whole scan).
constexpr int kQueryRegs = 8;
// Largest k served: the sorted list lives in registers, K doubles per thread.
constexpr int kMaxK = 64;
// Shared-memory tile: a 16 KiB target, at most 1024 rows, and always at least one row.
constexpr std::size_t kTileTargetBytes = 16 * 1024;
constexpr int kMaxTileRows = 1024;
// Dynamic shared memory per block without the opt-in attribute, on every arch from sm_75 up.
constexpr std::size_t kSharedLimitBytes = 48 * 1024;
// One staged row must fit the limit: d <= 6144.
constexpr int kMaxD = static_cast<int>(kSharedLimitBytes / sizeof(double));

// Grid path: up to 4 gridded dimensions (levels); below kGridMinPoints brute force is as fast.
constexpr int kLevels = 4;
constexpr int64_t kGridMinPoints = 4096;
// Average points per cell of the bounding box (at most n + 1 cells: 4 bytes each). Small cells
// keep ring 1 small where the data concentrate (a Gaussian's centre holds ~10-100x the average).
constexpr double kPointsPerCell = 2.0;
// Safety margins, in cells, on every cell-coordinate bound. Cell coordinates u = (v - o) / h
// carry relative rounding errors of ~2^-52 (correctly rounded - and /), and so do distances;
// 1e-6 cells plus 1e-12 (|u| + m) covers both by many orders of magnitude.
constexpr double kCellMargin = 1e-6;
constexpr double kCellRelMargin = 1e-12;

enum Norm : int { kEuclidean = IK_NORM_EUCLIDEAN, kMaxNorm = IK_NORM_MAX };

// Column layout of a joint row, as up to three contiguous segments [0, b1) [b1, b2) [b2, d).
// KSG packs (x | y): M = 2 marginals x = seg0, y = seg1.
// CMI packs (x | z | y): M = 3 marginals xz = seg0+seg1, yz = seg1+seg2, z = seg1.
struct Layout {
  int b1;
  int b2;
};

// ---------------------------------------------------------------------------------------------
// device helpers shared by both paths

// Norm accumulation in the CPU's order: max |a_c - b_c| or sum of squares. The Euclidean key is
// the squared distance (monotone in the distance; sqrt is applied once to the k-th). __dadd_rn /
// __dmul_rn forbid FMA contraction so the sum rounds exactly like the CPU loop.
template <int NORM>
__device__ __forceinline__ double accumulate(double acc, double t) {
  if (NORM == kMaxNorm) return fmax(acc, t);
  return __dadd_rn(acc, __dmul_rn(t, t));
}

// Max-norm distance of each segment of the layout (empty segments give 0).
template <bool QREG>
__device__ __forceinline__ void segment_distances(const double (&q)[kQueryRegs],
                                                  const double* __restrict__ qg, const double* p,
                                                  int d, Layout lay, double& s0, double& s1,
                                                  double& s2) {
  s0 = 0.0;
  s1 = 0.0;
  s2 = 0.0;
  if (QREG) {
#pragma unroll
    for (int c = 0; c < kQueryRegs; ++c) {
      if (c < d) {
        const double t = fabs(q[c] - p[c]);
        // b1, b2 are uniform over the grid: these branches never diverge
        if (c < lay.b1) {
          s0 = fmax(s0, t);
        } else if (c < lay.b2) {
          s1 = fmax(s1, t);
        } else {
          s2 = fmax(s2, t);
        }
      }
    }
  } else {
    for (int c = 0; c < lay.b1; ++c) s0 = fmax(s0, fabs(qg[c] - p[c]));
    for (int c = lay.b1; c < lay.b2; ++c) s1 = fmax(s1, fabs(qg[c] - p[c]));
    for (int c = lay.b2; c < d; ++c) s2 = fmax(s2, fabs(qg[c] - p[c]));
  }
}

// Marginal distances from segment distances: M = 2 is KSG (x, y), M = 3 is CMI (xz, yz, z).
template <int M>
__device__ __forceinline__ void marginal_distances(double s0, double s1, double s2,
                                                   double (&dm)[3]) {
  if (M == 2) {
    dm[0] = s0;
    dm[1] = s1;
    dm[2] = 0.0;
  } else {
    dm[0] = fmax(s0, s1);
    dm[1] = fmax(s1, s2);
    dm[2] = s1;
  }
}

// The k-list: best[0..K-1] ascending in (key, j); slots [0, K-k) hold the sentinel key -1 (below
// any distance), so the real k-list is best[K-k..K-1], best[K-1] is the k-th, and every index is
// a compile-time constant after unrolling (the list stays in registers). Empty slots are
// (+inf, -1): a candidate at +inf never enters (keys are finite for finite inputs).
template <int K>
__device__ __forceinline__ void init_list(double (&best)[K], int (&best_j)[K], int k) {
#pragma unroll
  for (int t = 0; t < K; ++t) {
    best[t] = t < K - k ? -1.0 : CUDART_INF;
    best_j[t] = -1;
  }
}

// Does (key, j) precede the k-th entry? ASCENDING: candidates arrive in ascending j (the
// brute-force scan), so a tie never precedes an entry already in the list and comparing keys
// alone is the (key, j) order. Otherwise (grid path, any arrival order) ties compare j.
template <int K, bool ASCENDING>
__device__ __forceinline__ bool precedes_kth(const double (&best)[K], const int (&best_j)[K],
                                             double key, int j) {
  if (ASCENDING) return key < best[K - 1];
  return key < best[K - 1] || (key == best[K - 1] && j < best_j[K - 1]);
}

// Replace the k-th entry by (key, j) and restore the order with one unrolled bubble pass.
template <int K, bool ASCENDING>
__device__ __forceinline__ void insert_sorted(double (&best)[K], int (&best_j)[K], double key,
                                              int j) {
  best[K - 1] = key;
  best_j[K - 1] = j;
#pragma unroll
  for (int t = K - 1; t > 0; --t) {
    const bool before = ASCENDING ? best[t] < best[t - 1]
                                  : (best[t] < best[t - 1] ||
                                     (best[t] == best[t - 1] && best_j[t] < best_j[t - 1]));
    if (before) {
      const double tk = best[t];
      best[t] = best[t - 1];
      best[t - 1] = tk;
      const int tj = best_j[t];
      best_j[t] = best_j[t - 1];
      best_j[t - 1] = tj;
    }
  }
}

// KSG alg. 2: out_radius[m * n + i] = max over the k joint neighbours j of the max-norm distance
// of marginal m between the joint rows i and j (global memory, original order).
template <int K, int M>
__device__ __forceinline__ void write_neighbour_radii(const int (&best_j)[K], int k,
                                                      const double* __restrict__ rows, int d,
                                                      Layout lay, int64_t i, int64_t n,
                                                      double* __restrict__ out_radius) {
  const double* qi = rows + i * d;
  double unused[kQueryRegs];
  double rad[3] = {0.0, 0.0, 0.0};
#pragma unroll
  for (int t = 0; t < K; ++t) {
    if (t >= K - k) {
      const double* p = rows + static_cast<int64_t>(best_j[t]) * d;
      double s0, s1, s2, dm[3];
      segment_distances<false>(unused, qi, p, d, lay, s0, s1, s2);
      marginal_distances<M>(s0, s1, s2, dm);
#pragma unroll
      for (int m = 0; m < M; ++m) rad[m] = fmax(rad[m], dm[m]);
    }
  }
#pragma unroll
  for (int m = 0; m < M; ++m) out_radius[m * n + i] = rad[m];
}

// ---------------------------------------------------------------------------------------------
// path 1: tiled brute force

// Distance key between the thread's query and one reference row p (shared or global memory).
template <int NORM, bool QREG>
__device__ __forceinline__ double distance_key(const double (&q)[kQueryRegs],
                                               const double* __restrict__ qg,
                                               const double* p, int d) {
  double acc = 0.0;
  if (QREG) {
#pragma unroll
    for (int c = 0; c < kQueryRegs; ++c) {
      if (c < d) acc = accumulate<NORM>(acc, fabs(q[c] - p[c]));
    }
  } else {
    for (int c = 0; c < d; ++c) acc = accumulate<NORM>(acc, fabs(qg[c] - p[c]));
  }
  return acc;
}

// Copy reference rows [j0, j0 + rows) of a row-major n x d array into shared memory. The rows
// are contiguous in global memory, so consecutive threads read consecutive doubles (coalesced).
__device__ __forceinline__ void stage_tile(double* tile, const double* __restrict__ pts,
                                           int64_t j0, int rows, int d) {
  const double* src = pts + j0 * d;
  const int count = rows * d;  // <= kMaxD by choose_tile_rows
  for (int t = threadIdx.x; t < count; t += kBlock) tile[t] = src[t];
}

// Load the query row into registers (QREG) and return its global address (used when !QREG).
// Inactive threads (past the end) point at row 0 and load zeros.
template <bool QREG>
__device__ __forceinline__ const double* load_query(const double* __restrict__ query,
                                                    int64_t i, bool active, int d,
                                                    double (&q)[kQueryRegs]) {
  const double* qg = query + (active ? i : 0) * d;
#pragma unroll
  for (int c = 0; c < kQueryRegs; ++c) q[c] = (QREG && active && c < d) ? qg[c] : 0.0;
  return qg;
}

// For each query i: the k smallest (key, j) over the reference rows (j == i skipped when
// exclude_self), written as out_dist[i] = the k-th distance; with NEED_INDEX (KSG alg. 2, query
// and ref are the same joint rows) also the neighbour radii of each of the M marginals.
// Every thread of the block takes part in every __syncthreads (inactive ones only stage).
template <int K, int NORM, bool QREG, bool NEED_INDEX, int M>
__global__ void __launch_bounds__(kBlock)
    knn_select_kernel(const double* __restrict__ ref, int64_t n_ref,
                      const double* __restrict__ query, int64_t n_query, int d, int k,
                      int exclude_self, int tile_rows, Layout lay,
                      double* __restrict__ out_dist, double* __restrict__ out_radius) {
  extern __shared__ double tile[];
  const int64_t i = static_cast<int64_t>(blockIdx.x) * kBlock + threadIdx.x;
  const bool active = i < n_query;
  double q[kQueryRegs];
  const double* qg = load_query<QREG>(query, i, active, d, q);

  double best[K];
  int best_j[K];
  init_list<K>(best, best_j, k);

  for (int64_t j0 = 0; j0 < n_ref; j0 += tile_rows) {
    const int rows = static_cast<int>(n_ref - j0 < tile_rows ? n_ref - j0 : tile_rows);
    __syncthreads();  // every thread is done with the previous tile
    stage_tile(tile, ref, j0, rows, d);
    __syncthreads();
    if (active) {
      for (int r = 0; r < rows; ++r) {
        const double key = distance_key<NORM, QREG>(q, qg, tile + r * d, d);
        const int j = static_cast<int>(j0 + r);
        if (precedes_kth<K, true>(best, best_j, key, j) && !(exclude_self && j == i)) {
          insert_sorted<K, true>(best, best_j, key, j);
        }
      }
    }
  }
  if (!active) return;

  out_dist[i] = NORM == kEuclidean ? sqrt(best[K - 1]) : best[K - 1];
  if (NEED_INDEX) write_neighbour_radii<K, M>(best_j, k, ref, d, lay, i, n_query, out_radius);
}

// counts[m * n + i] = #{j != i : dist_m(i, j) < radius_m(i)} (STRICT; <= otherwise) for each of
// the M marginal spaces of the layout, radius_m(i) = radius[m * radius_stride + i] (stride 0:
// one radius for all marginals). Integer counts in registers: exact and deterministic.
template <int M, bool STRICT, bool QREG>
__global__ void __launch_bounds__(kBlock)
    marginal_count_kernel(const double* __restrict__ pts, int64_t n, int d, Layout lay,
                          const double* __restrict__ radius, int64_t radius_stride,
                          int tile_rows, int64_t* __restrict__ counts) {
  extern __shared__ double tile[];
  const int64_t i = static_cast<int64_t>(blockIdx.x) * kBlock + threadIdx.x;
  const bool active = i < n;
  double q[kQueryRegs];
  const double* qg = load_query<QREG>(pts, i, active, d, q);

  double r[M];
  int count[M];
#pragma unroll
  for (int m = 0; m < M; ++m) {
    r[m] = active ? radius[m * radius_stride + i] : 0.0;
    count[m] = 0;
  }

  for (int64_t j0 = 0; j0 < n; j0 += tile_rows) {
    const int rows = static_cast<int>(n - j0 < tile_rows ? n - j0 : tile_rows);
    __syncthreads();
    stage_tile(tile, pts, j0, rows, d);
    __syncthreads();
    if (active) {
      for (int row = 0; row < rows; ++row) {
        double s0, s1, s2, dm[3];
        segment_distances<QREG>(q, qg, tile + row * d, d, lay, s0, s1, s2);
        marginal_distances<M>(s0, s1, s2, dm);
        const int other = (j0 + row) != i;
#pragma unroll
        for (int m = 0; m < M; ++m) {
          // strict <: KSG alg. 1 and CMI count points inside the open ball
          const bool inside = STRICT ? dm[m] < r[m] : dm[m] <= r[m];
          count[m] += other & static_cast<int>(inside);
        }
      }
    }
  }
  if (!active) return;
#pragma unroll
  for (int m = 0; m < M; ++m) counts[m * n + i] = count[m];
}

// ---------------------------------------------------------------------------------------------
// path 2: uniform grid (cell lists), gridded dimension gd <= 4
//
// The gd columns of the space sit on the last gd of 4 levels; the first 4 - gd levels are
// padding with one cell (m = 1, u = 0), so every loop below is a fixed 4-level nest. Level L
// holds column L - (4 - gd). Cells are cubes of side h (the max-norm ball is a cube); a point's
// cell on level L is floor(u) clamped to [0, m_L - 1], u = (v - o_L) / h.
// No shared memory: each thread walks its own cells (neighbouring threads serve neighbouring
// sorted points, so they read nearby cells through L1/L2). ptxas, sm_90: 64 registers for
// K = 4 (8 blocks of 128 threads per SM, 50% occupancy), 128 for K = 16, ~230 for K = 32;
// K = 64 spills. The count kernel uses 48 (10 blocks).

struct GridView {
  const double* pts;  // n x gd, sorted by cell (stable: ascending original index within a cell)
  const int* idx;     // original index of each sorted point
  const int* start;   // points of cell c are [start[c], start[c + 1])
  int gd;
  int m[kLevels];       // cells per level
  int stride[kLevels];  // linear cell id = sum_L a_L stride_L (row-major over levels)
  double o[kLevels];    // origin per level
  double h;             // cell side
};

__host__ __device__ __forceinline__ int clamp_cell(double u, int m) {
  const double f = floor(u);
  if (!(f > 0.0)) return 0;  // also -inf and NaN
  if (f >= static_cast<double>(m - 1)) return m - 1;
  return static_cast<int>(f);
}

// Query coordinates per level (0 on padding levels), continuous cell coordinates and cells.
__device__ __forceinline__ void locate(const GridView& g, const double* __restrict__ row,
                                       double (&ql)[kLevels], double (&u)[kLevels],
                                       int (&c)[kLevels]) {
  const int off = kLevels - g.gd;
#pragma unroll
  for (int L = 0; L < kLevels; ++L) {
    ql[L] = L >= off ? row[L - off] : 0.0;
    u[L] = L >= off ? (ql[L] - g.o[L]) / g.h : 0.0;
    c[L] = clamp_cell(u[L], g.m[L]);
  }
}

// Distance key of sorted point s, accumulated in column order (the same arithmetic as path 1).
template <int NORM>
__device__ __forceinline__ double grid_key(const GridView& g, const double (&ql)[kLevels],
                                           int s) {
  const int off = kLevels - g.gd;
  const double* p = g.pts + static_cast<int64_t>(s) * g.gd;
  double acc = 0.0;
#pragma unroll
  for (int L = 0; L < kLevels; ++L) {
    if (L >= off) acc = accumulate<NORM>(acc, fabs(ql[L] - p[L - off]));
  }
  return acc;
}

// Distance bound, in cells, to every cell outside the ring box [c - r, c + r]: an unvisited point
// lies beyond a face of the box on some level where cells remain, so its distance is at least
// the query's distance to that face. +inf when no cell remains (all points visited).
__device__ __forceinline__ double unvisited_gap(const GridView& g, const double (&u)[kLevels],
                                                const int (&c)[kLevels], int r) {
  double gap = CUDART_INF;
#pragma unroll
  for (int L = 0; L < kLevels; ++L) {
    const double margin = kCellMargin + kCellRelMargin * (fabs(u[L]) + g.m[L]);
    if (c[L] - r > 0) gap = fmin(gap, u[L] - (c[L] - r) - margin);
    if (c[L] + r < g.m[L] - 1) gap = fmin(gap, (c[L] + r + 1) - u[L] - margin);
  }
  return gap;
}

// k-NN by rings of cells: ring r is the shell of the box [c - r, c + r] (clamped to the grid);
// after each ring the search stops once the k-th key is strictly below the key of the
// unvisited-gap bound, so no unvisited point can precede or tie the k-th. Thread t serves query
// row t; with query_idx (same set: the grid's own sorted points) its original index is
// query_idx[t] and the point itself is skipped. Outputs go to the original index.
template <int K, int NORM, bool NEED_INDEX, int M>
__global__ void __launch_bounds__(kBlock)
    knn_select_grid_kernel(GridView g, const double* __restrict__ query,
                           const int* __restrict__ query_idx, int64_t n_query, int k,
                           const double* __restrict__ rows, int d_rows, Layout lay,
                           double* __restrict__ out_dist, double* __restrict__ out_radius) {
  const int64_t t = static_cast<int64_t>(blockIdx.x) * kBlock + threadIdx.x;
  if (t >= n_query) return;  // no __syncthreads in this kernel
  const int self = query_idx != nullptr ? query_idx[t] : -1;
  const int64_t i = query_idx != nullptr ? self : t;
  double ql[kLevels], u[kLevels];
  int c[kLevels];
  locate(g, query + t * g.gd, ql, u, c);

  double best[K];
  int best_j[K];
  init_list<K>(best, best_j, k);
  // points [s0, s1) of consecutive cells
  auto visit = [&](int s0, int s1) {
    for (int s = s0; s < s1; ++s) {
      const double key = grid_key<NORM>(g, ql, s);
      const int j = g.idx[s];
      if (j != self && precedes_kth<K, false>(best, best_j, key, j)) {
        insert_sorted<K, false>(best, best_j, key, j);
      }
    }
  };

  for (int r = 0;; ++r) {
    int lo[kLevels], hi[kLevels];
#pragma unroll
    for (int L = 0; L < kLevels; ++L) {
      lo[L] = c[L] - r > 0 ? c[L] - r : 0;
      hi[L] = c[L] + r < g.m[L] - 1 ? c[L] + r : g.m[L] - 1;
    }
    for (int a0 = lo[0]; a0 <= hi[0]; ++a0) {
      const bool in0 = abs(a0 - c[0]) < r;
      for (int a1 = lo[1]; a1 <= hi[1]; ++a1) {
        const bool in1 = in0 && abs(a1 - c[1]) < r;
        for (int a2 = lo[2]; a2 <= hi[2]; ++a2) {
          const bool in2 = in1 && abs(a2 - c[2]) < r;
          const int base = a0 * g.stride[0] + a1 * g.stride[1] + a2 * g.stride[2];
          // cells [first, last] of this line, in one or two runs: when the line lies inside the
          // previous ring box (then r >= 1) only its two end cells are new
#pragma unroll 1
          for (int run = 0; run < 2; ++run) {  // one inlined copy of the insertion code
            const int first = run == 0 ? (in2 ? c[3] - r : lo[3]) : c[3] + r;
            const int last = run == 0 ? (in2 ? c[3] - r : hi[3]) : c[3] + r;
            const bool valid = run == 0 ? !in2 || c[3] - r >= 0 : in2 && c[3] + r <= g.m[3] - 1;
            if (valid) visit(g.start[base + first], g.start[base + last + 1]);
          }
        }
      }
    }
    const double gap = unvisited_gap(g, u, c, r);
    if (gap == CUDART_INF) break;
    const double bound = gap * g.h;
    if (bound > 0.0 && best[K - 1] < (NORM == kMaxNorm ? bound : bound * bound)) break;
  }

  out_dist[i] = NORM == kEuclidean ? sqrt(best[K - 1]) : best[K - 1];
  if (NEED_INDEX) write_neighbour_radii<K, M>(best_j, k, rows, d_rows, lay, i, n_query, out_radius);
}

// counts[m_index * n + i] = #{j != i : |p_i - p_j|_max < r(i)} (STRICT; <= otherwise) in the
// grid's space, r(i) = radius[m_index * radius_stride + i]; only the cells that overlap the
// radius box are visited. Thread t serves sorted point t (neighbouring threads, nearby cells).
template <bool STRICT>
__global__ void __launch_bounds__(kBlock)
    marginal_count_grid_kernel(GridView g, int64_t n, const double* __restrict__ radius,
                               int64_t radius_stride, int m_index, int64_t* __restrict__ counts) {
  const int64_t t = static_cast<int64_t>(blockIdx.x) * kBlock + threadIdx.x;
  if (t >= n) return;
  const int self = g.idx[t];
  const double r = radius[m_index * radius_stride + self];
  double ql[kLevels], u[kLevels];
  int c[kLevels];
  locate(g, g.pts + t * g.gd, ql, u, c);
  const double ru = r / g.h;
  int lo[kLevels], hi[kLevels];
#pragma unroll
  for (int L = 0; L < kLevels; ++L) {
    const double margin = kCellMargin + kCellRelMargin * (fabs(u[L]) + ru + g.m[L]);
    lo[L] = clamp_cell(u[L] - ru - margin, g.m[L]);
    hi[L] = clamp_cell(u[L] + ru + margin, g.m[L]);
  }
  int count = 0;
  for (int a0 = lo[0]; a0 <= hi[0]; ++a0) {
    for (int a1 = lo[1]; a1 <= hi[1]; ++a1) {
      for (int a2 = lo[2]; a2 <= hi[2]; ++a2) {
        const int base = a0 * g.stride[0] + a1 * g.stride[1] + a2 * g.stride[2];
        const int s1 = g.start[base + hi[3] + 1];
        for (int s = g.start[base + lo[3]]; s < s1; ++s) {
          const double dist = grid_key<kMaxNorm>(g, ql, s);
          // strict <: KSG alg. 1 and CMI count points inside the open ball
          const bool inside = STRICT ? dist < r : dist <= r;
          count += static_cast<int>(inside && g.idx[s] != self);
        }
      }
    }
  }
  counts[m_index * n + self] = count;
}

// ---------------------------------------------------------------------------------------------
// host side: errors, device memory (core/cuda_util.cuh)

using ik::cuda::check;
using ik::cuda::DeviceBuffer;
using ik::cuda::download;
using ik::cuda::require_device;
using ik::cuda::upload;

unsigned grid_for(int64_t n) { return static_cast<unsigned>((n + kBlock - 1) / kBlock); }

// ---------------------------------------------------------------------------------------------
// host side: path 1 (brute force)

// Reference rows staged per shared-memory tile (cf. faiss chooseTileSize). Every staged row is
// read by all 128 threads of the block as a broadcast (one address per warp: no bank conflicts),
// so a tile row costs 8 d bytes and feeds 128 distance evaluations; past a few hundred rows a
// bigger tile only saves __syncthreads. The 16 KiB target leaves shared memory for several
// resident blocks per SM even on sm_75 (64 KiB/SM) and ~14 on sm_90 (228 KiB/SM), where the
// register file is the occupancy limit instead (ptxas, sm_90: 40-48 registers for K = 4, 64-72
// for K = 16, ~128 for K = 32, 168 for K = 64; i.e. 10, 7, 4 and 3 resident blocks of 128
// threads per SM; KSG-2 lists with indices need more and K = 64 spills to local memory).
// Rows: 1024 for d <= 2, 512 for d = 4, 102 for d = 20, one 48 KiB row at d = kMaxD.
int choose_tile_rows(int d) {
  const int rows = static_cast<int>(kTileTargetBytes / (sizeof(double) * static_cast<std::size_t>(d)));
  return std::max(1, std::min(rows, kMaxTileRows));
}

std::size_t tile_bytes(int tile_rows, int d) {
  return static_cast<std::size_t>(tile_rows) * static_cast<std::size_t>(d) * sizeof(double);
}

struct SelectArgs {
  const double* ref;
  int64_t n_ref;
  const double* query;
  int64_t n_query;
  int d;
  int k;
  int exclude_self;
  Layout lay;
  double* out_dist;
  double* out_radius;
};

template <int K, int NORM, bool QREG, bool NEED_INDEX, int M>
void launch_select(const SelectArgs& a) {
  const int rows = choose_tile_rows(a.d);
  knn_select_kernel<K, NORM, QREG, NEED_INDEX, M>
      <<<grid_for(a.n_query), kBlock, tile_bytes(rows, a.d)>>>(
          a.ref, a.n_ref, a.query, a.n_query, a.d, a.k, a.exclude_self, rows, a.lay,
          a.out_dist, a.out_radius);
  check(cudaGetLastError(), "knn_select_kernel launch");
}

// K buckets 4, 16, 32, 64: k <= K; unused slots hold sentinels (see init_list).
template <int NORM, bool QREG, bool NEED_INDEX, int M>
void select_k(const SelectArgs& a) {
  if (a.k <= 4) {
    launch_select<4, NORM, QREG, NEED_INDEX, M>(a);
  } else if (a.k <= 16) {
    launch_select<16, NORM, QREG, NEED_INDEX, M>(a);
  } else if (a.k <= 32) {
    launch_select<32, NORM, QREG, NEED_INDEX, M>(a);
  } else {
    launch_select<kMaxK, NORM, QREG, NEED_INDEX, M>(a);
  }
}

template <int NORM, bool NEED_INDEX, int M>
void select_brute(const SelectArgs& a) {
  if (a.d <= kQueryRegs) {
    select_k<NORM, true, NEED_INDEX, M>(a);
  } else {
    select_k<NORM, false, NEED_INDEX, M>(a);
  }
}

struct CountArgs {
  const double* pts;
  int64_t n;
  int d;
  Layout lay;
  const double* radius;
  int64_t radius_stride;
  int64_t* counts;
};

template <int M, bool STRICT>
void count_brute(const CountArgs& a) {
  const int rows = choose_tile_rows(a.d);
  const std::size_t smem = tile_bytes(rows, a.d);
  if (a.d <= kQueryRegs) {
    marginal_count_kernel<M, STRICT, true><<<grid_for(a.n), kBlock, smem>>>(
        a.pts, a.n, a.d, a.lay, a.radius, a.radius_stride, rows, a.counts);
  } else {
    marginal_count_kernel<M, STRICT, false><<<grid_for(a.n), kBlock, smem>>>(
        a.pts, a.n, a.d, a.lay, a.radius, a.radius_stride, rows, a.counts);
  }
  check(cudaGetLastError(), "marginal_count_kernel launch");
}

// ---------------------------------------------------------------------------------------------
// host side: path 2 (grid)

// ik_last_path of the two paths (the grid's callers take brute force when build_grid fails)
constexpr const char* kPathGrid = "knn_cuda:grid";
constexpr const char* kPathBrute = "knn_cuda:brute";

// IK_CUDA_KNN = auto (default) | brute | grid.
bool use_grid(int64_t n_ref, int64_t d) {
  if (d > kLevels) return false;
  const char* v = std::getenv("IK_CUDA_KNN");
  const std::string path = v != nullptr ? v : "auto";
  if (path == "brute") return false;
  if (path == "grid") return true;
  IK_REQUIRE(path == "auto" || path.empty(),
             "IK_CUDA_KNN = '" + path + "' is not auto, brute or grid");
  return n_ref >= kGridMinPoints;
}

// Cell lists of columns [c_lo, c_lo + gd) of n row-major rows of width d, built on the host with
// a stable counting sort: O(n gd) time, n gd doubles + n ints + at most ~n/2 + 2 ints of cells.
struct HostGrid {
  GridView view{};  // pointers unset
  std::vector<double> pts;
  std::vector<int> idx;
  std::vector<int> start;
};

// False when a coordinate is not finite (then the caller uses brute force).
bool build_grid(const double* rows, int64_t n, int d, int c_lo, int gd, HostGrid* out) {
  const int off = kLevels - gd;
  double lo[kLevels], hi[kLevels];
  for (int c = 0; c < gd; ++c) {
    lo[c] = std::numeric_limits<double>::infinity();
    hi[c] = -std::numeric_limits<double>::infinity();
  }
  for (int64_t i = 0; i < n; ++i) {
    const double* p = rows + i * d + c_lo;
    for (int c = 0; c < gd; ++c) {
      if (!std::isfinite(p[c])) return false;
      lo[c] = std::min(lo[c], p[c]);
      hi[c] = std::max(hi[c], p[c]);
    }
  }
  // cell side: about kPointsPerCell points per cell of the bounding box, over the dimensions
  // with a non-zero extent (the others get one cell)
  const double target = std::max(1.0, static_cast<double>(n) / kPointsPerCell);
  double extent[kLevels], log_volume = 0.0, max_extent = 0.0;
  int live = 0;
  for (int c = 0; c < gd; ++c) {
    extent[c] = hi[c] - lo[c];
    if (!std::isfinite(extent[c])) return false;
    if (extent[c] > 0.0) {
      log_volume += std::log(extent[c]);
      max_extent = std::max(max_extent, extent[c]);
      ++live;
    }
  }
  double h = live > 0 ? std::exp((log_volume - std::log(target)) / live) : 1.0;
  if (!(h > 0.0) || !std::isfinite(h)) h = max_extent > 0.0 ? max_extent : 1.0;
  // ceil() inflates the cell count by up to 2^gd: widen h until it is at most 2 target + 1
  double cells[kLevels];
  for (;;) {
    double total = 1.0;
    for (int c = 0; c < gd; ++c) {
      cells[c] = extent[c] > 0.0 ? std::max(1.0, std::ceil(extent[c] / h)) : 1.0;
      total *= cells[c];
    }
    if (total <= 2.0 * target + 1.0) break;
    h *= 1.1;
  }

  GridView& g = out->view;
  g.gd = gd;
  g.h = h;
  for (int L = 0; L < kLevels; ++L) {
    g.m[L] = L >= off ? static_cast<int>(cells[L - off]) : 1;
    g.o[L] = L >= off ? lo[L - off] : 0.0;
  }
  g.stride[kLevels - 1] = 1;
  for (int L = kLevels - 2; L >= 0; --L) g.stride[L] = g.stride[L + 1] * g.m[L + 1];
  const int64_t n_cells = static_cast<int64_t>(g.stride[0]) * g.m[0];

  std::vector<int> cell_of(static_cast<std::size_t>(n));
  out->start.assign(static_cast<std::size_t>(n_cells + 1), 0);
  for (int64_t i = 0; i < n; ++i) {
    const double* p = rows + i * d + c_lo;
    int cell = 0;
    for (int c = 0; c < gd; ++c) {
      const int L = c + off;
      cell += clamp_cell((p[c] - g.o[L]) / h, g.m[L]) * g.stride[L];
    }
    cell_of[static_cast<std::size_t>(i)] = cell;
    ++out->start[static_cast<std::size_t>(cell) + 1];
  }
  for (int64_t c = 0; c < n_cells; ++c) out->start[c + 1] += out->start[c];
  std::vector<int> fill(out->start.begin(), out->start.end() - 1);
  out->idx.resize(static_cast<std::size_t>(n));
  out->pts.resize(static_cast<std::size_t>(n) * gd);
  for (int64_t i = 0; i < n; ++i) {  // ascending i: stable within each cell
    const int s = fill[static_cast<std::size_t>(cell_of[static_cast<std::size_t>(i)])]++;
    out->idx[static_cast<std::size_t>(s)] = static_cast<int>(i);
    std::memcpy(&out->pts[static_cast<std::size_t>(s) * gd], rows + i * d + c_lo, sizeof(double) * gd);
  }
  return true;
}

// A grid on the device; view() points at the device copies.
class DeviceGrid {
 public:
  explicit DeviceGrid(const HostGrid& h)
      : pts_(h.pts.size()), idx_(h.idx.size()), start_(h.start.size()), view_(h.view) {
    upload(pts_.get(), h.pts.data(), h.pts.size());
    upload(idx_.get(), h.idx.data(), h.idx.size());
    upload(start_.get(), h.start.data(), h.start.size());
    view_.pts = pts_.get();
    view_.idx = idx_.get();
    view_.start = start_.get();
  }
  const GridView& view() const { return view_; }

 private:
  DeviceBuffer<double> pts_;
  DeviceBuffer<int> idx_;
  DeviceBuffer<int> start_;
  GridView view_;
};

struct GridSelectArgs {
  GridView grid;
  const double* query;  // n_query x grid.gd
  const int* query_idx; // same set: the grid's idx (self excluded); else nullptr
  int64_t n_query;
  int k;
  const double* rows;   // original-order joint rows (NEED_INDEX only)
  int d_rows;
  Layout lay;
  double* out_dist;
  double* out_radius;
};

template <int K, int NORM, bool NEED_INDEX, int M>
void launch_select_grid(const GridSelectArgs& a) {
  knn_select_grid_kernel<K, NORM, NEED_INDEX, M><<<grid_for(a.n_query), kBlock>>>(
      a.grid, a.query, a.query_idx, a.n_query, a.k, a.rows, a.d_rows, a.lay, a.out_dist,
      a.out_radius);
  check(cudaGetLastError(), "knn_select_grid_kernel launch");
}

template <int NORM, bool NEED_INDEX, int M>
void select_grid(const GridSelectArgs& a) {
  if (a.k <= 4) {
    launch_select_grid<4, NORM, NEED_INDEX, M>(a);
  } else if (a.k <= 16) {
    launch_select_grid<16, NORM, NEED_INDEX, M>(a);
  } else if (a.k <= 32) {
    launch_select_grid<32, NORM, NEED_INDEX, M>(a);
  } else {
    launch_select_grid<kMaxK, NORM, NEED_INDEX, M>(a);
  }
}

// Counts of one marginal space, from its own grid; results at counts[m_index * n + i].
template <bool STRICT>
void count_grid(const double* joint, int64_t n, int d, int c_lo, int gd, const double* radius,
                int64_t radius_stride, int m_index, int64_t* counts) {
  HostGrid host;
  if (!build_grid(joint, n, d, c_lo, gd, &host)) throw std::logic_error("grid of finite rows failed");
  const DeviceGrid grid(host);
  marginal_count_grid_kernel<STRICT><<<grid_for(n), kBlock>>>(grid.view(), n, radius,
                                                               radius_stride, m_index, counts);
  check(cudaGetLastError(), "marginal_count_grid_kernel launch");
  check(cudaDeviceSynchronize(), "marginal_count_grid_kernel");  // before the grid is freed
}

// ---------------------------------------------------------------------------------------------
// argument checks (the C ABI is a boundary: say what and where)

void require_not_null(const void* p, const char* name) {
  IK_REQUIRE(p != nullptr, std::string(name) + " is null");
}

void require_dim(int32_t d, const char* name) {
  IK_REQUIRE(d >= 1, std::string(name) + " = " + std::to_string(d) +
                         " is smaller than the minimum (1)");
}

// k in [1, available]; then the limits of this backend.
void require_k(int32_t k, int64_t available, const char* what) {
  IK_REQUIRE(k >= 1, "k = " + std::to_string(k) + " is smaller than the minimum (1)");
  IK_REQUIRE(k <= available, "k = " + std::to_string(k) + " exceeds the " + std::to_string(available) +
                                 " " + what);
  IK_REQUIRE(k <= kMaxK, "k = " + std::to_string(k) + " > " + std::to_string(kMaxK) +
                             " not supported on cuda (use the cpu backend)");
}

void require_cuda_sizes(int64_t n, int64_t d) {
  IK_REQUIRE(n <= INT32_MAX - kBlock, "n = " + std::to_string(n) +
                                          " exceeds the cuda limit (2^31 - 129 points)");
  IK_REQUIRE(d <= kMaxD, "d = " + std::to_string(d) + " exceeds the cuda limit (" +
                             std::to_string(kMaxD) + " joint dimensions)");
}

// Row-major joint rows from column blocks: row i = (a_i | b_i | c_i), widths da, db, dc (dc may be 0).
std::vector<double> pack_rows(int64_t n, const double* a, int da, const double* b, int db,
                              const double* c, int dc) {
  const int64_t d = static_cast<int64_t>(da) + db + dc;
  std::vector<double> out(static_cast<std::size_t>(n * d));
  for (int64_t i = 0; i < n; ++i) {
    double* row = out.data() + i * d;
    std::memcpy(row, a + i * da, sizeof(double) * da);
    std::memcpy(row + da, b + i * db, sizeof(double) * db);
    if (dc > 0) std::memcpy(row + da + db, c + i * dc, sizeof(double) * dc);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// entries (bodies outside IK_GUARD: template arguments and launches contain commas)

template <int NORM>
void knn_distance_grid(const HostGrid& host, const double* query, int64_t n_query, int k,
                       bool same_set, double* d_out) {
  const DeviceGrid grid(host);
  DeviceBuffer<double> d_query(same_set ? 0 : static_cast<std::size_t>(n_query) * host.view.gd);
  if (!same_set) upload(d_query.get(), query, static_cast<std::size_t>(n_query) * host.view.gd);
  const GridView& g = grid.view();
  select_grid<NORM, false, 2>(GridSelectArgs{g, same_set ? g.pts : d_query.get(),
                                             same_set ? g.idx : nullptr, n_query, k, nullptr, 0,
                                             Layout{0, 0}, d_out, nullptr});
  check(cudaDeviceSynchronize(), "knn_select_grid_kernel");
}

void knn_distance(const double* ref, int64_t n_ref, const double* query, int64_t n_query,
                  int32_t d, int32_t k, int32_t norm, int32_t same_set, double* out_dist) {
  require_not_null(ref, "ref");
  require_not_null(query, "query");
  require_not_null(out_dist, "out_dist");
  require_dim(d, "d");
  IK_REQUIRE(norm == IK_NORM_EUCLIDEAN || norm == IK_NORM_MAX,
             "norm = " + std::to_string(norm) + " is neither IK_NORM_EUCLIDEAN (0) nor IK_NORM_MAX (1)");
  IK_REQUIRE(same_set == 0 || same_set == 1, "same_set = " + std::to_string(same_set) + " is not 0 or 1");
  IK_REQUIRE(n_ref >= 0 && n_query >= 0, "n_ref = " + std::to_string(n_ref) + ", n_query = " +
                                             std::to_string(n_query) + ": sizes must be >= 0");
  if (same_set) {
    IK_REQUIRE(n_query == n_ref, "same_set = 1 but n_query = " + std::to_string(n_query) +
                                     " differs from n_ref = " + std::to_string(n_ref));
    require_k(k, n_ref - 1, "other points (each point excludes itself)");
  } else {
    require_k(k, n_ref, "reference points");
  }
  require_cuda_sizes(std::max(n_ref, n_query), d);
  ik::require_finite(ref, n_ref * d, "ref");
  if (query != ref) ik::require_finite(query, n_query * d, "query");
  const bool grid = use_grid(n_ref, d);
  require_device();
  if (n_query == 0) return;

  const std::size_t dd = static_cast<std::size_t>(d);
  DeviceBuffer<double> d_out(static_cast<std::size_t>(n_query));
  HostGrid host;
  // same_set with two different arrays keeps the brute-force meaning (query i excludes ref i)
  const bool one_array = !same_set || query == ref;
  if (grid && one_array && build_grid(ref, n_ref, d, 0, d, &host)) {
    ik::set_last_path(kPathGrid);
    if (norm == IK_NORM_MAX) {
      knn_distance_grid<kMaxNorm>(host, query, n_query, k, same_set, d_out.get());
    } else {
      knn_distance_grid<kEuclidean>(host, query, n_query, k, same_set, d_out.get());
    }
  } else {
    ik::set_last_path(kPathBrute);
    DeviceBuffer<double> d_ref(static_cast<std::size_t>(n_ref) * dd);
    upload(d_ref.get(), ref, static_cast<std::size_t>(n_ref) * dd);
    const bool shared_rows = same_set && query == ref;
    DeviceBuffer<double> d_query(shared_rows ? 0 : static_cast<std::size_t>(n_query) * dd);
    if (!shared_rows) upload(d_query.get(), query, static_cast<std::size_t>(n_query) * dd);
    SelectArgs a{d_ref.get(), n_ref, shared_rows ? d_ref.get() : d_query.get(), n_query, d, k,
                 same_set, Layout{d, d}, d_out.get(), nullptr};
    if (norm == IK_NORM_MAX) {
      select_brute<kMaxNorm, false, 2>(a);
    } else {
      select_brute<kEuclidean, false, 2>(a);
    }
    check(cudaDeviceSynchronize(), "knn_select_kernel");
  }
  download(out_dist, d_out.get(), static_cast<std::size_t>(n_query));
}

// Joint k-NN (max norm, self excluded) of the packed rows on the grid path: eps (and, with
// NEED_INDEX, the per-marginal neighbour radii) in original order.
template <bool NEED_INDEX, int M>
void joint_select_grid(const HostGrid& host, const double* d_rows, int64_t n, int d, int k,
                       Layout lay, double* d_eps, double* d_radius) {
  const DeviceGrid grid(host);
  const GridView& g = grid.view();
  select_grid<kMaxNorm, NEED_INDEX, M>(
      GridSelectArgs{g, g.pts, g.idx, n, k, d_rows, d, lay, d_eps, d_radius});
  check(cudaDeviceSynchronize(), "knn_select_grid_kernel");
}

void ksg_counts(const double* x, int32_t dx, const double* y, int32_t dy, int64_t n, int32_t k,
                int32_t algorithm, double* out_eps, int64_t* out_nx, int64_t* out_ny) {
  require_not_null(x, "x");
  require_not_null(y, "y");
  require_not_null(out_nx, "out_nx");
  require_not_null(out_ny, "out_ny");
  require_dim(dx, "dx");
  require_dim(dy, "dy");
  IK_REQUIRE(algorithm == 1 || algorithm == 2,
             "algorithm = " + std::to_string(algorithm) + " is not 1 or 2");
  IK_REQUIRE(n >= 0, "n = " + std::to_string(n) + " is negative");
  require_k(k, n - 1, "other points (each point excludes itself)");
  const int64_t d64 = static_cast<int64_t>(dx) + dy;
  require_cuda_sizes(n, d64);
  ik::require_finite(x, n * dx, "x");
  ik::require_finite(y, n * dy, "y");
  const bool grid = use_grid(n, d64);
  require_device();

  const int d = static_cast<int>(d64);
  const std::size_t nn = static_cast<std::size_t>(n);
  const Layout lay{dx, d};  // (x | y)
  const bool alg2 = algorithm == 2;
  const std::vector<double> joint = pack_rows(n, x, dx, y, dy, nullptr, 0);
  DeviceBuffer<double> d_eps(nn);
  DeviceBuffer<double> d_radius(alg2 ? 2 * nn : 0);
  DeviceBuffer<int64_t> d_counts(2 * nn);
  // alg. 1: one radius eps(i) for both marginals, strict; alg. 2: eps_x(i), eps_y(i), <=
  const double* radius = alg2 ? d_radius.get() : d_eps.get();
  const int64_t radius_stride = alg2 ? n : 0;

  HostGrid host;
  if (grid && build_grid(joint.data(), n, d, 0, d, &host)) {
    ik::set_last_path(kPathGrid);
    {
      DeviceBuffer<double> d_rows(alg2 ? joint.size() : 0);  // neighbour radii read joint rows
      upload(d_rows.get(), joint.data(), alg2 ? joint.size() : 0);
      if (alg2) {
        joint_select_grid<true, 2>(host, d_rows.get(), n, d, k, lay, d_eps.get(), d_radius.get());
      } else {
        joint_select_grid<false, 2>(host, nullptr, n, d, k, lay, d_eps.get(), nullptr);
      }
    }
    host = HostGrid();
    for (int m = 0; m < 2; ++m) {
      const int c_lo = m == 0 ? 0 : dx;
      const int gd = m == 0 ? dx : dy;
      if (alg2) {
        count_grid<false>(joint.data(), n, d, c_lo, gd, radius, radius_stride, m, d_counts.get());
      } else {
        count_grid<true>(joint.data(), n, d, c_lo, gd, radius, radius_stride, m, d_counts.get());
      }
    }
  } else {
    ik::set_last_path(kPathBrute);
    DeviceBuffer<double> d_pts(joint.size());
    upload(d_pts.get(), joint.data(), joint.size());
    SelectArgs a{d_pts.get(), n, d_pts.get(), n, d, k, 1, lay, d_eps.get(), d_radius.get()};
    const CountArgs ca{d_pts.get(), n, d, lay, radius, radius_stride, d_counts.get()};
    if (alg2) {
      select_brute<kMaxNorm, true, 2>(a);
      count_brute<2, false>(ca);  // n_x(i) = #{j != i : |x_i - x_j| <= eps_x(i)}
    } else {
      select_brute<kMaxNorm, false, 2>(a);
      count_brute<2, true>(ca);  // n_x(i) = #{j != i : |x_i - x_j| < eps(i)}
    }
    check(cudaDeviceSynchronize(), "ksg kernels");
  }
  if (out_eps != nullptr) download(out_eps, d_eps.get(), nn);
  download(out_nx, d_counts.get(), nn);
  download(out_ny, d_counts.get() + nn, nn);
}

void cmi_counts(const double* x, int32_t dx, const double* y, int32_t dy, const double* z,
                int32_t dz, int64_t n, int32_t k, double* out_eps, int64_t* out_nxz,
                int64_t* out_nyz, int64_t* out_nz) {
  require_not_null(x, "x");
  require_not_null(y, "y");
  require_not_null(z, "z");
  require_not_null(out_nxz, "out_nxz");
  require_not_null(out_nyz, "out_nyz");
  require_not_null(out_nz, "out_nz");
  require_dim(dx, "dx");
  require_dim(dy, "dy");
  require_dim(dz, "dz");
  IK_REQUIRE(n >= 0, "n = " + std::to_string(n) + " is negative");
  require_k(k, n - 1, "other points (each point excludes itself)");
  const int64_t d64 = static_cast<int64_t>(dx) + dy + dz;
  require_cuda_sizes(n, d64);
  ik::require_finite(x, n * dx, "x");
  ik::require_finite(y, n * dy, "y");
  ik::require_finite(z, n * dz, "z");
  const bool grid = use_grid(n, d64);
  require_device();

  const int d = static_cast<int>(d64);
  const std::size_t nn = static_cast<std::size_t>(n);
  // (x | z | y): the marginals xz, yz and z are unions of adjacent segments, i.e. column ranges
  const Layout lay{dx, dx + dz};
  const std::vector<double> joint = pack_rows(n, x, dx, z, dz, y, dy);
  DeviceBuffer<double> d_eps(nn);
  DeviceBuffer<int64_t> d_counts(3 * nn);

  HostGrid host;
  if (grid && build_grid(joint.data(), n, d, 0, d, &host)) {
    ik::set_last_path(kPathGrid);
    joint_select_grid<false, 2>(host, nullptr, n, d, k, lay, d_eps.get(), nullptr);
    host = HostGrid();
    // strict counts in (x,z), (y,z) and z with the joint eps (Frenzel-Pompe eq. 2)
    const int c_lo[3] = {0, dx, dx};
    const int gd[3] = {dx + dz, dz + dy, dz};
    for (int m = 0; m < 3; ++m) {
      count_grid<true>(joint.data(), n, d, c_lo[m], gd[m], d_eps.get(), 0, m, d_counts.get());
    }
  } else {
    ik::set_last_path(kPathBrute);
    DeviceBuffer<double> d_pts(joint.size());
    upload(d_pts.get(), joint.data(), joint.size());
    // M only matters with NEED_INDEX: share the KSG-1 / max-norm instantiations
    select_brute<kMaxNorm, false, 2>(
        SelectArgs{d_pts.get(), n, d_pts.get(), n, d, k, 1, lay, d_eps.get(), nullptr});
    // strict counts in (x,z), (y,z) and z with the joint eps (Frenzel-Pompe eq. 2)
    count_brute<3, true>(CountArgs{d_pts.get(), n, d, lay, d_eps.get(), 0, d_counts.get()});
    check(cudaDeviceSynchronize(), "cmi kernels");
  }
  if (out_eps != nullptr) download(out_eps, d_eps.get(), nn);
  download(out_nxz, d_counts.get(), nn);
  download(out_nyz, d_counts.get() + nn, nn);
  download(out_nz, d_counts.get() + 2 * nn, nn);
}

}  // namespace

extern "C" {

// threads is ignored: the GPU runs one CUDA thread per query point.
int32_t ik_knn_distance_cuda(const double* ref, int64_t n_ref, const double* query, int64_t n_query,
                             int32_t d, int32_t k, int32_t norm, int32_t same_set, int32_t threads,
                             double* out_dist) {
  (void)threads;
  IK_GUARD({ knn_distance(ref, n_ref, query, n_query, d, k, norm, same_set, out_dist); });
}

int32_t ik_ksg_counts_cuda(const double* x, int32_t dx, const double* y, int32_t dy, int64_t n,
                           int32_t k, int32_t algorithm, int32_t threads,
                           double* out_eps, int64_t* out_nx, int64_t* out_ny) {
  (void)threads;
  IK_GUARD({ ksg_counts(x, dx, y, dy, n, k, algorithm, out_eps, out_nx, out_ny); });
}

int32_t ik_cmi_counts_cuda(const double* x, int32_t dx, const double* y, int32_t dy,
                           const double* z, int32_t dz, int64_t n, int32_t k, int32_t threads,
                           double* out_eps, int64_t* out_nxz, int64_t* out_nyz, int64_t* out_nz) {
  (void)threads;
  IK_GUARD({ cmi_counts(x, dx, y, dy, z, dz, n, k, out_eps, out_nxz, out_nyz, out_nz); });
}

}  // extern "C"
