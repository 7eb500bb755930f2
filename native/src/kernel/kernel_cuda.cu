// kernel_cuda.cu -- CUDA entries of the kernel family: ik_pair_sums_cuda (the one pass behind
// HSIC, CKA and CS-QMI) and ik_kernel_matvec_cuda (Gram mat-vecs for matrix Renyi), with the
// semantics of the _cpu entries documented in infokernels.h. Double precision throughout.
//
// Engine (engine/tile.hpp): 64-row blocks; the tiles (bi <= bj) run in the round-robin rounds of
// RoundRobin, one kernel launch per round on one stream. The tiles of a round touch disjoint
// blocks, so each block of threads adds its row sums / outputs into global memory with plain
// read-modify-writes (one writer per address per launch, launches ordered by the stream), and
// its scalar partials into the accumulator of its slot. No floating-point atomics, no n x n
// buffer (device memory O(n (dx + dy + m))): results are bitwise identical run to run.
//
// Tile: one block of 256 threads (16 x 16) per 64 x 64 tile; thread (tx, ty) owns the 4 x 4
// pairs (ty + 16a, tx + 16b), so a warp reads 16 consecutive j-coordinates (conflict-free) and
// 2 i-coordinates (broadcast). Coordinates are staged in chunks of 16 into shared memory,
// transposed with a row stride of 65 doubles (odd: the transposing stores are conflict-free),
// 2 x 16 x 65 doubles = 16.6 KiB per operand pair. Distance (or dot product) -> exp -> products
// -> sums all stay in registers ("fused"): the kernel matrix is never written. Reductions have a
// fixed shape: rows over the 16 tx-lanes of a half-warp by __shfl_down_sync (offsets 8, 4, 2, 1),
// columns over the 16 ty-rows through shared memory in ty order, scalars by a warp butterfly and
// then the 8 warps in order. A diagonal tile (b, b) visits all of its ordered pairs and adds row
// sums only; an off-diagonal tile doubles its scalar sums (exact) and adds row and column sums.
//
// Mat-vec: the 64 x 64 tile of M = K or K o L is written to shared memory (64 x 65 doubles,
// aliasing the staging area) and multiplied by V in chunks of 8 columns: out_i += M V_j and, on
// off-diagonal tiles, out_j += M^T V_i, each output summed by one thread in index order.
// Shared memory: 41.5 KiB per block (below the 48 KiB static limit on every arch).
//
// Tested against the _cpu entries by native/test/test_kernel_cuda.cpp (1e-12 relative, identical
// bits on two runs).
#include <cuda_runtime.h>

#include <algorithm>
#include <cstdint>
#include <new>
#include <stdexcept>
#include <string>
#include <vector>

#include "../core/cuda_util.cuh"
#include "../core/status.hpp"
#include "../engine/tile.hpp"
#include "kernel_args.hpp"

namespace {

using ik::engine::KernelParam;
using ik::engine::RoundRobin;

constexpr int kTile = 64;         // rows per block of the partition (tile = 64 x 64 pairs)
constexpr int kSide = 16;         // threads per side of a block
constexpr int kThreads = kSide * kSide;
constexpr int kPer = kTile / kSide;  // 4 rows and 4 columns per thread
constexpr int kChunk = 16;        // coordinates staged per pass
constexpr int kPad = kTile + 1;   // row stride of the transposed staging and of the mat-vec tile
constexpr int kStage = kChunk * kPad;  // doubles per staged operand
constexpr int kVCols = 8;         // columns of V per mat-vec pass
constexpr int kWarps = kThreads / 32;
static_assert(2 * kStage <= kTile * kPad, "the staging area must fit in the mat-vec tile");
static_assert(kTile * kSide <= kStage, "column partials reuse one staging operand");

// One data set on the device.
struct Points {
  const double* p;  // n x d row-major
  int d;
  int kind;
  double scale;  // -1 / (2 sigma^2) for RBF
};

// ---------------------------------------------------------------------------------------------
// device side

// k(x_i, x_j) for this thread's 4 x 4 pairs of the tile (i_lo.., j_lo..); rows past n read 0.
template <int KIND>
__device__ __forceinline__ void tile_values(const Points a, int64_t n, int64_t i_lo, int64_t j_lo,
                                            double* si, double* sj, double (&v)[kPer][kPer]) {
  const int tx = threadIdx.x % kSide, ty = threadIdx.x / kSide;
  double acc[kPer][kPer];
#pragma unroll
  for (int r = 0; r < kPer; ++r)
#pragma unroll
    for (int c = 0; c < kPer; ++c) acc[r][c] = 0.0;
  for (int c0 = 0; c0 < a.d; c0 += kChunk) {
    const int cw = min(kChunk, a.d - c0);
    __syncthreads();  // the previous chunk (or the caller's use of si/sj) is done
    for (int e = threadIdx.x; e < kTile * cw; e += kThreads) {
      const int r = e / cw, c = e % cw;  // consecutive threads: consecutive coordinates of a row
      const int64_t gi = i_lo + r, gj = j_lo + r;
      si[c * kPad + r] = gi < n ? a.p[gi * a.d + c0 + c] : 0.0;
      sj[c * kPad + r] = gj < n ? a.p[gj * a.d + c0 + c] : 0.0;
    }
    __syncthreads();
    for (int c = 0; c < cw; ++c) {
      double xi[kPer], xj[kPer];
#pragma unroll
      for (int q = 0; q < kPer; ++q) {
        xi[q] = si[c * kPad + ty + kSide * q];
        xj[q] = sj[c * kPad + tx + kSide * q];
      }
#pragma unroll
      for (int r = 0; r < kPer; ++r)
#pragma unroll
        for (int s = 0; s < kPer; ++s) {
          if (KIND == ik::engine::kRbf) {
            const double t = xi[r] - xj[s];
            acc[r][s] = fma(t, t, acc[r][s]);
          } else {
            acc[r][s] = fma(xi[r], xj[s], acc[r][s]);
          }
        }
    }
  }
#pragma unroll
  for (int r = 0; r < kPer; ++r)
#pragma unroll
    for (int s = 0; s < kPer; ++s)
      v[r][s] = KIND == ik::engine::kRbf ? exp(acc[r][s] * a.scale) : acc[r][s];  // exp(-0) = 1
}

// Sum over the 16 lanes of each half-warp (fixed butterfly); the result is in lane 0 of the half.
__device__ __forceinline__ double half_warp_sum(double v) {
#pragma unroll
  for (int off = kSide / 2; off > 0; off >>= 1) v += __shfl_down_sync(0xffffffffu, v, off, kSide);
  return v;
}

// Sum over the 32 lanes of a warp (fixed butterfly); the result is in lane 0.
__device__ __forceinline__ double warp_sum(double v) {
#pragma unroll
  for (int off = 16; off > 0; off >>= 1) v += __shfl_down_sync(0xffffffffu, v, off);
  return v;
}

template <int KX, int KY, bool SAME>
__global__ void __launch_bounds__(kThreads)
    pair_sums_kernel(const Points x, const Points y, int64_t n, RoundRobin rr, int64_t round,
                     double* __restrict__ row_k, double* __restrict__ row_l,
                     double* __restrict__ slot_sums) {
  __shared__ double si[kStage];
  __shared__ double sj[kStage];
  __shared__ double warp_part[IK_PAIR_SUMS_LEN][kWarps];
  int64_t bi, bj;
  if (!rr.tile(round, blockIdx.x, &bi, &bj)) return;  // the bye: uniform over the block
  const bool diag = bi == bj;
  const int64_t i_lo = bi * kTile, j_lo = bj * kTile;
  const int tid = threadIdx.x, tx = tid % kSide, ty = tid / kSide;

  double k[kPer][kPer], l[kPer][kPer];
  tile_values<KX>(x, n, i_lo, j_lo, si, sj, k);
  if (SAME) {
#pragma unroll
    for (int r = 0; r < kPer; ++r)
#pragma unroll
      for (int s = 0; s < kPer; ++s) l[r][s] = k[r][s];
  } else {
    tile_values<KY>(y, n, i_lo, j_lo, si, sj, l);
  }

  ik::engine::PairSums<double> acc;
  ik::engine::DiagSums<double> dg;
  acc.reset(0.0);
  dg.reset(0.0);
  double rk[kPer], rl[kPer], ck[kPer], cl[kPer];
#pragma unroll
  for (int q = 0; q < kPer; ++q) rk[q] = rl[q] = ck[q] = cl[q] = 0.0;
#pragma unroll
  for (int r = 0; r < kPer; ++r) {
    const int64_t i = i_lo + ty + kSide * r;
#pragma unroll
    for (int s = 0; s < kPer; ++s) {
      const int64_t j = j_lo + tx + kSide * s;
      if (i < n && j < n) {
        acc.visit(k[r][s], l[r][s]);
        rk[r] += k[r][s];
        rl[r] += l[r][s];
        ck[s] += k[r][s];
        cl[s] += l[r][s];
        if (diag && i == j) dg.visit(k[r][s], l[r][s]);
      }
    }
  }

  // row sums: over the 16 tx-lanes of the half-warp that holds row ty + 16 r
#pragma unroll
  for (int r = 0; r < kPer; ++r) {
    const double sk = half_warp_sum(rk[r]);
    const double sl = half_warp_sum(rl[r]);
    const int64_t i = i_lo + ty + kSide * r;
    if (tx == 0 && i < n) {
      row_k[i] += sk;
      row_l[i] += sl;
    }
  }

  // column sums (off-diagonal tiles): over the 16 ty-rows, through shared memory in ty order
  if (!diag) {
    __syncthreads();  // everyone is done reading the staged coordinates
#pragma unroll
    for (int s = 0; s < kPer; ++s) {
      si[ty * kTile + tx + kSide * s] = ck[s];
      sj[ty * kTile + tx + kSide * s] = cl[s];
    }
    __syncthreads();
    if (tid < 2 * kTile) {
      const int c = tid % kTile;
      const double* part = tid < kTile ? si : sj;
      double sum = part[c];
      for (int t = 1; t < kSide; ++t) sum += part[t * kTile + c];
      const int64_t j = j_lo + c;
      if (j < n) (tid < kTile ? row_k : row_l)[j] += sum;
    }
  }

  // scalar sums: warp butterflies, then the 8 warps in order
  double part[IK_PAIR_SUMS_LEN] = {acc.kl, acc.kk, acc.ll, acc.kl2, acc.k, acc.l, dg.k, dg.l, dg.kl};
#pragma unroll
  for (int q = 0; q < IK_PAIR_SUMS_LEN; ++q) {
    const double w = warp_sum(part[q]);
    if (tid % 32 == 0) warp_part[q][tid / 32] = w;
  }
  __syncthreads();
  if (tid < IK_PAIR_SUMS_LEN) {
    double sum = warp_part[tid][0];
    for (int w = 1; w < kWarps; ++w) sum += warp_part[tid][w];
    // an off-diagonal tile stands for (i, j) and (j, i): doubling is exact; traces are diagonal
    if (!diag) sum = tid < IK_SUM_TRK ? 2.0 * sum : 0.0;
    slot_sums[static_cast<int64_t>(blockIdx.x) * IK_PAIR_SUMS_LEN + tid] += sum;
  }
}

template <int KX, int KY, bool HAS_Y>
__global__ void __launch_bounds__(kThreads)
    matvec_kernel(const Points x, const Points y, int64_t n, RoundRobin rr, int64_t round,
                  const double* __restrict__ v, int m, double* __restrict__ out) {
  __shared__ double g_tile[kTile * kPad];    // M tile; the staging area before that
  __shared__ double v_i[kTile * kVCols];     // V rows of block bi, 8 columns
  __shared__ double v_j[kTile * kVCols];     // V rows of block bj
  int64_t bi, bj;
  if (!rr.tile(round, blockIdx.x, &bi, &bj)) return;  // the bye: uniform over the block
  const bool diag = bi == bj;
  const int64_t i_lo = bi * kTile, j_lo = bj * kTile;
  const int tid = threadIdx.x, tx = tid % kSide, ty = tid / kSide;
  double* si = g_tile;
  double* sj = g_tile + kStage;

  double k[kPer][kPer], l[kPer][kPer];
  tile_values<KX>(x, n, i_lo, j_lo, si, sj, k);
  if (HAS_Y) tile_values<KY>(y, n, i_lo, j_lo, si, sj, l);
  __syncthreads();  // staging done: g_tile becomes the M tile
#pragma unroll
  for (int r = 0; r < kPer; ++r) {
    const int64_t i = i_lo + ty + kSide * r;
#pragma unroll
    for (int s = 0; s < kPer; ++s) {
      const int64_t j = j_lo + tx + kSide * s;
      const double g = HAS_Y ? k[r][s] * l[r][s] : k[r][s];
      g_tile[(ty + kSide * r) * kPad + tx + kSide * s] = (i < n && j < n) ? g : 0.0;
    }
  }

  for (int t0 = 0; t0 < m; t0 += kVCols) {
    const int tw = min(kVCols, m - t0);
    __syncthreads();  // the M tile is written / the previous V chunk is consumed
    for (int e = tid; e < kTile * kVCols; e += kThreads) {
      const int r = e / kVCols, t = e % kVCols;
      const int64_t gi = i_lo + r, gj = j_lo + r;
      v_i[e] = (t < tw && gi < n) ? v[gi * m + t0 + t] : 0.0;
      v_j[e] = (t < tw && gj < n) ? v[gj * m + t0 + t] : 0.0;
    }
    __syncthreads();
    for (int o = tid; o < kTile * tw; o += kThreads) {
      const int r = o % kTile, t = o / kTile;
      double sum = 0.0;
      for (int j = 0; j < kTile; ++j) sum = fma(g_tile[r * kPad + j], v_j[j * kVCols + t], sum);
      const int64_t i = i_lo + r;
      if (i < n) out[i * m + t0 + t] += sum;
    }
    if (!diag) {
      for (int o = tid; o < kTile * tw; o += kThreads) {
        const int c = o % kTile, t = o / kTile;
        double sum = 0.0;
        for (int i = 0; i < kTile; ++i) sum = fma(g_tile[i * kPad + c], v_i[i * kVCols + t], sum);
        const int64_t j = j_lo + c;
        if (j < n) out[j * m + t0 + t] += sum;
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// host side: errors, device memory (core/cuda_util.cuh), dispatch

using ik::cuda::check;
using ik::cuda::DeviceBuffer;
using ik::cuda::kZeroFill;
using ik::cuda::require_device;

using PairSumsKernel = void (*)(const Points, const Points, int64_t, RoundRobin, int64_t, double*, double*,
                                double*);
using MatvecKernel = void (*)(const Points, const Points, int64_t, RoundRobin, int64_t, const double*, int,
                              double*);

// The (kernel of x, kernel of y, flag) instantiation: flag = SAME (y absent) for pair sums, HAS_Y
// for the mat-vec.
PairSumsKernel pick_pair_sums(int kx, int ky, bool has_y) {
  using ik::engine::kLinear;
  using ik::engine::kRbf;
  if (!has_y) return kx == kRbf ? &pair_sums_kernel<kRbf, kRbf, true> : &pair_sums_kernel<kLinear, kLinear, true>;
  if (kx == kRbf) return ky == kRbf ? &pair_sums_kernel<kRbf, kRbf, false> : &pair_sums_kernel<kRbf, kLinear, false>;
  return ky == kRbf ? &pair_sums_kernel<kLinear, kRbf, false> : &pair_sums_kernel<kLinear, kLinear, false>;
}

MatvecKernel pick_matvec(int kx, int ky, bool has_y) {
  using ik::engine::kLinear;
  using ik::engine::kRbf;
  if (!has_y) return kx == kRbf ? &matvec_kernel<kRbf, kRbf, false> : &matvec_kernel<kLinear, kLinear, false>;
  if (kx == kRbf) return ky == kRbf ? &matvec_kernel<kRbf, kRbf, true> : &matvec_kernel<kRbf, kLinear, true>;
  return ky == kRbf ? &matvec_kernel<kLinear, kRbf, true> : &matvec_kernel<kLinear, kLinear, true>;
}

// x and y on the device (y shares x's buffer when absent).
struct DevicePoints {
  DeviceBuffer<double> xb, yb;
  Points x{}, y{};
  DevicePoints(const double* x_host, int32_t dx, const double* y_host, int32_t dy, int64_t n,
               KernelParam kx, KernelParam ky)
      : xb(static_cast<std::size_t>(n) * dx, kZeroFill),
        yb(y_host ? static_cast<std::size_t>(n) * dy : 0, kZeroFill) {
    xb.upload(x_host);
    x = Points{xb.get(), dx, kx.kind, kx.scale};
    if (y_host) {
      yb.upload(y_host);
      y = Points{yb.get(), dy, ky.kind, ky.scale};
    } else {
      y = x;
    }
  }
};

void pair_sums(const double* x, int32_t dx, const double* y, int32_t dy, int64_t n, int32_t kernel_x,
               double sigma_x, int32_t kernel_y, double sigma_y, double* out_sums, double* out_row_k,
               double* out_row_l) {
  const char* fn = "ik_pair_sums_cuda";
  ik::kernel_args::check_points(fn, x, dx, y, dy, n);
  IK_REQUIRE(out_sums != nullptr, std::string(fn) + ": out_sums is null");
  const KernelParam kx = ik::kernel_args::kernel_param(fn, "x", kernel_x, sigma_x);
  const KernelParam ky = y ? ik::kernel_args::kernel_param(fn, "y", kernel_y, sigma_y) : kx;
  require_device();

  const int64_t nb = (n + kTile - 1) / kTile;
  const RoundRobin rr(nb);
  DevicePoints pts(x, dx, y, dy, n, kx, ky);
  // zero-filled: the kernels add the row sums and the slot partials into them (+=)
  DeviceBuffer<double> row_k(static_cast<std::size_t>(n), kZeroFill), row_l(static_cast<std::size_t>(n), kZeroFill);
  DeviceBuffer<double> slots(static_cast<std::size_t>(rr.max_slots()) * IK_PAIR_SUMS_LEN, kZeroFill);
  const PairSumsKernel kernel = pick_pair_sums(kx.kind, ky.kind, y != nullptr);
  ik::set_last_path("kernel_cuda:tiled");
  const ik::CancelToken cancel = ik::current_cancel();
  for (int64_t r = 0; r < rr.rounds(); ++r) {
    cancel.check();  // between the launches of two rounds
    kernel<<<static_cast<unsigned>(rr.slots(r)), kThreads>>>(pts.x, pts.y, n, rr, r, row_k.get(), row_l.get(),
                                                              slots.get());
    check(cudaGetLastError(), "pair_sums_kernel launch");
  }
  check(cudaDeviceSynchronize(), "pair_sums_kernel");

  std::vector<double> host_slots(static_cast<std::size_t>(rr.max_slots()) * IK_PAIR_SUMS_LEN);
  slots.download(host_slots.data(), host_slots.size());
  for (int q = 0; q < IK_PAIR_SUMS_LEN; ++q) out_sums[q] = 0.0;
  for (int64_t s = 0; s < rr.max_slots(); ++s)  // slot order: fixed by n
    for (int q = 0; q < IK_PAIR_SUMS_LEN; ++q) out_sums[q] += host_slots[static_cast<std::size_t>(s * IK_PAIR_SUMS_LEN + q)];
  if (out_row_k) row_k.download(out_row_k, static_cast<std::size_t>(n));
  if (out_row_l) row_l.download(out_row_l, static_cast<std::size_t>(n));
}

void kernel_matvec(const double* x, int32_t dx, const double* y, int32_t dy, int64_t n, int32_t kernel_x,
                   double sigma_x, int32_t kernel_y, double sigma_y, const double* v, int32_t m, double* out) {
  const char* fn = "ik_kernel_matvec_cuda";
  ik::kernel_args::check_points(fn, x, dx, y, dy, n);
  IK_REQUIRE(v != nullptr, std::string(fn) + ": v is null");
  IK_REQUIRE(out != nullptr, std::string(fn) + ": out is null");
  IK_REQUIRE(m >= 1, std::string(fn) + ": m = " + std::to_string(m) + " is smaller than the minimum (1)");
  const KernelParam kx = ik::kernel_args::kernel_param(fn, "x", kernel_x, sigma_x);
  const KernelParam ky = y ? ik::kernel_args::kernel_param(fn, "y", kernel_y, sigma_y) : kx;
  require_device();

  const int64_t nb = (n + kTile - 1) / kTile;
  const RoundRobin rr(nb);
  DevicePoints pts(x, dx, y, dy, n, kx, ky);
  const std::size_t len = static_cast<std::size_t>(n) * static_cast<std::size_t>(m);
  DeviceBuffer<double> vb(len, kZeroFill), ob(len, kZeroFill);  // out is accumulated (+=)
  vb.upload(v);
  const MatvecKernel kernel = pick_matvec(kx.kind, ky.kind, y != nullptr);
  ik::set_last_path("kernel_cuda:tiled");
  const ik::CancelToken cancel = ik::current_cancel();
  for (int64_t r = 0; r < rr.rounds(); ++r) {
    cancel.check();  // between the launches of two rounds
    kernel<<<static_cast<unsigned>(rr.slots(r)), kThreads>>>(pts.x, pts.y, n, rr, r, vb.get(), m, ob.get());
    check(cudaGetLastError(), "matvec_kernel launch");
  }
  check(cudaDeviceSynchronize(), "matvec_kernel");
  ob.download(out, len);
}

}  // namespace

extern "C" {

int32_t ik_pair_sums_cuda(const double* x, int32_t dx, const double* y, int32_t dy, int64_t n,
                          int32_t kernel_x, double sigma_x, int32_t kernel_y, double sigma_y,
                          int32_t threads, double* out_sums, double* out_row_k, double* out_row_l) {
  (void)threads;  // the device decides its own parallelism
  IK_GUARD(pair_sums(x, dx, y, dy, n, kernel_x, sigma_x, kernel_y, sigma_y, out_sums, out_row_k, out_row_l));
}

int32_t ik_kernel_matvec_cuda(const double* x, int32_t dx, const double* y, int32_t dy, int64_t n,
                              int32_t kernel_x, double sigma_x, int32_t kernel_y, double sigma_y,
                              const double* v, int32_t m, int32_t threads, double* out) {
  (void)threads;
  IK_GUARD(kernel_matvec(x, dx, y, dy, n, kernel_x, sigma_x, kernel_y, sigma_y, v, m, out));
}

}  // extern "C"
