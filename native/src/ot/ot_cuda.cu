// ot_cuda.cu -- CUDA entries of entropic optimal transport: ik_sinkhorn_lse_cuda (one
// half-iteration) and ik_sinkhorn_cuda (a whole solve, with the driver of ot_solver.hpp running on
// the host and every array -- points, potentials, weights -- on the device: per iteration only a
// scalar or two come back). Semantics: infokernels.h, "optimal transport".
//
// Half-iteration: ONE fused kernel, out_r = lw_r - LSE_c(h_c - C_rc/eps), C never stored.
// A block of 256 threads (8 warps) owns 8 R rows (R = 4, or 1 when there are too few rows to give
// every SM two blocks); warp w owns rows w R .. w R + R - 1 and its 32 lanes split the columns.
// Columns are staged in tiles of 128 (4 per lane) and coordinates in chunks of 16, transposed in
// shared memory ([coordinate][column], a warp reads 32 consecutive columns: conflict-free; the row
// coordinates are a broadcast). Distances accumulate by fma from coordinate differences, then each
// pair is folded into the lane's running (max, sum) per row in base 2 (FlashAttention's exp2
// trick: h and 1/eps are pre-scaled by log2(e), so each pair costs at most one exp2):
//   t = h2_c - C_rc log2(e)/eps;  a = t - max;
//   a > 0 ? (sum = sum 2^-a + 1, max = t) : (sum += 2^a, skipped below 2^-54: it cannot change a bit).
// At the end the 32 lanes of a row are merged by a fixed xor butterfly (the merge is commutative,
// so both partners get the same bits) and lane 0 writes lw_r - ln 2 (max + log2 sum). Every row
// visits its columns in a fixed order (lane, then tile): no atomics, results bitwise identical
// run to run and independent of R. Shared memory: 16 x 128 + 16 x 32 + 128 values (21 KiB double).
//
// Precision: double throughout by default (agrees with the cpu entries to ~1e-13: only exp/exp2
// and summation order differ). IK_PRECISION_FLOAT stages coordinates as float and computes
// distances, exponents and sums in float (never TF32: there is no matrix product), with the
// potentials, weights and the driver's reductions kept in double; expect ~1e-6 relative.
// The plan statistics pass (once per solve) is always double.
//
// Small vector updates (scale, affine, averaged update) are elementwise kernels; reductions
// (marginal error, max |change|, <a, f>) use a fixed grid with a fixed per-thread stride and a
// fixed shared-memory tree, partials summed on the host in block order: deterministic.
//
// Tested against the _cpu entries by native/test/test_ot_cuda.cpp.
#include <cuda_runtime.h>
#include <math_constants.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <new>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "../core/cuda_util.cuh"
#include "../core/status.hpp"
#include "ot_solver.hpp"

namespace {

constexpr int kThreads = 256;
constexpr int kWarps = kThreads / 32;
constexpr int kTileCols = 128;                // columns staged per tile
constexpr int kColsPerLane = kTileCols / 32;  // 4
constexpr int kChunk = 16;                    // coordinates staged per pass
constexpr int kReduceBlocks = 120;            // fixed grid of the reductions
constexpr double kLog2e = 1.4426950408889634074;
constexpr double kLn2 = 0.69314718055994530942;

// ---------------------------------------------------------------------------------------------
// device side

template <class T>
struct Num;
template <>
struct Num<double> {
  static __device__ __forceinline__ double exp2_(double a) { return exp2(a); }
  static __device__ __forceinline__ double fma_(double a, double b, double c) { return fma(a, b, c); }
  static __device__ __forceinline__ double lowest() { return -1.7976931348623157e308; }
  static __device__ __forceinline__ double skip() { return -54.0; }  // 2^-54 < ulp(1)/2 = 2^-53
};
template <>
struct Num<float> {
  static __device__ __forceinline__ float exp2_(float a) { return exp2f(a); }
  static __device__ __forceinline__ float fma_(float a, float b, float c) { return fmaf(a, b, c); }
  static __device__ __forceinline__ float lowest() { return -3.402823466e38f; }
  static __device__ __forceinline__ float skip() { return -25.0f; }  // 2^-25 < ulp(1)/2 = 2^-24
};

// fold t into the running (max m, sum s) with at most one exp2. After its first term a lane's sum
// is >= 1 (the largest term is 2^0), so a term below 2^skip (half an ulp of 1) cannot change its
// bits: its exp2 is skipped, bitwise the same result (at small eps, most of them).
template <class T>
__device__ __forceinline__ void lse_push(T& m, T& s, T t) {
  const T a = t - m;
  if (a > T(0)) {
    s = Num<T>::fma_(s, Num<T>::exp2_(-a), T(1));
    m = t;
  } else if (a > Num<T>::skip()) {
    s += Num<T>::exp2_(a);
  }
}

// (m, s) <- (m, s) + (mo, so); commutative bit for bit
template <class T>
__device__ __forceinline__ void lse_merge(T& m, T& s, T mo, T so) {
  const T big = m > mo ? m : mo;
  const T s1 = s > T(0) ? s * Num<T>::exp2_(m - big) : T(0);
  const T s2 = so > T(0) ? so * Num<T>::exp2_(mo - big) : T(0);
  s = s1 + s2;
  m = big;
}

// Stage coordinates [c0, c0 + cw) of `count` points starting at `first` (row-major, d per point)
// transposed into s[c * stride + k]; points past `len` read 0.
template <class T>
__device__ __forceinline__ void stage(const T* __restrict__ p, int64_t len, int d, int64_t first, int count,
                                      int c0, int cw, T* s, int stride) {
  for (int e = threadIdx.x; e < count * cw; e += kThreads) {
    const int k = e / cw, c = e % cw;  // consecutive threads: consecutive coordinates of a point
    const int64_t i = first + k;
    s[c * stride + k] = i < len ? p[i * d + c0 + c] : T(0);
  }
}

template <class T, int R>
__global__ void __launch_bounds__(kThreads)
    lse_kernel(const T* __restrict__ rows, int64_t nr, const T* __restrict__ cols, int64_t nc, int d,
               const double* __restrict__ h, const double* __restrict__ lw, T c2, double* __restrict__ out) {
  constexpr int kRowsPerBlock = kWarps * R;
  __shared__ T sc[kChunk * kTileCols];
  __shared__ T sr[kChunk * kRowsPerBlock];
  __shared__ T sh[kTileCols];
  const int lane = threadIdx.x & 31, warp = threadIdx.x >> 5;
  const int64_t row0 = static_cast<int64_t>(blockIdx.x) * kRowsPerBlock;
  const int chunks = (d + kChunk - 1) / kChunk;

  T mx[R], sm[R];
#pragma unroll
  for (int r = 0; r < R; ++r) {
    mx[r] = Num<T>::lowest();
    sm[r] = T(0);
  }
  for (int64_t j0 = 0; j0 < nc; j0 += kTileCols) {
    T acc[R][kColsPerLane];
#pragma unroll
    for (int r = 0; r < R; ++r)
#pragma unroll
      for (int k = 0; k < kColsPerLane; ++k) acc[r][k] = T(0);
    for (int ch = 0; ch < chunks; ++ch) {
      const int c0 = ch * kChunk, cw = min(kChunk, d - c0);
      __syncthreads();  // the previous chunk / tile is consumed
      stage(cols, nc, d, j0, kTileCols, c0, cw, sc, kTileCols);
      if (chunks > 1 || j0 == 0) stage(rows, nr, d, row0, kRowsPerBlock, c0, cw, sr, kRowsPerBlock);
      if (ch == 0 && threadIdx.x < kTileCols) {
        const int64_t j = j0 + threadIdx.x;
        sh[threadIdx.x] = j < nc ? static_cast<T>(h[j] * kLog2e) : static_cast<T>(-CUDART_INF);
      }
      __syncthreads();
      for (int c = 0; c < cw; ++c) {
        T xr[R], yc[kColsPerLane];
#pragma unroll
        for (int r = 0; r < R; ++r) xr[r] = sr[c * kRowsPerBlock + warp * R + r];
#pragma unroll
        for (int k = 0; k < kColsPerLane; ++k) yc[k] = sc[c * kTileCols + lane + 32 * k];
#pragma unroll
        for (int r = 0; r < R; ++r)
#pragma unroll
          for (int k = 0; k < kColsPerLane; ++k) {
            const T t = xr[r] - yc[k];
            acc[r][k] = Num<T>::fma_(t, t, acc[r][k]);
          }
      }
    }
#pragma unroll
    for (int k = 0; k < kColsPerLane; ++k) {
      const T hv = sh[lane + 32 * k];  // -inf past the end: adds exactly 0
#pragma unroll
      for (int r = 0; r < R; ++r) lse_push(mx[r], sm[r], hv - acc[r][k] * c2);
    }
  }
#pragma unroll
  for (int r = 0; r < R; ++r) {
#pragma unroll
    for (int off = 16; off > 0; off >>= 1) {
      const T mo = __shfl_xor_sync(0xffffffffu, mx[r], off);
      const T so = __shfl_xor_sync(0xffffffffu, sm[r], off);
      lse_merge(mx[r], sm[r], mo, so);
    }
    const int64_t i = row0 + warp * R + r;
    if (lane == 0 && i < nr) {
      const double l = (static_cast<double>(mx[r]) + log2(static_cast<double>(sm[r]))) * kLn2;
      out[i] = (lw ? lw[i] : 0.0) - l;
    }
  }
}

// Plan statistics per row i of x: sum_j P, sum_j P C, sum_j P (p_i + q_j - C/eps) with
// P = exp(u_i + v_j - C/eps); same tiling as lse_kernel with R = 1, double only.
__global__ void __launch_bounds__(kThreads)
    stats_kernel(const double* __restrict__ rows, int64_t nr, const double* __restrict__ cols, int64_t nc, int d,
                 const double* __restrict__ u, const double* __restrict__ p, const double* __restrict__ v,
                 const double* __restrict__ q, double inv_eps, double* __restrict__ rsum,
                 double* __restrict__ rcost, double* __restrict__ rkl) {
  __shared__ double sc[kChunk * kTileCols];
  __shared__ double sr[kChunk * kWarps];
  __shared__ double sv[kTileCols];
  __shared__ double sq[kTileCols];
  const int lane = threadIdx.x & 31, warp = threadIdx.x >> 5;
  const int64_t row0 = static_cast<int64_t>(blockIdx.x) * kWarps;
  const int64_t i = row0 + warp;
  const int chunks = (d + kChunk - 1) / kChunk;
  const double ui = i < nr ? u[i] : 0.0, pi = i < nr ? p[i] : 0.0;
  double ps = 0.0, cs = 0.0, ks = 0.0;
  for (int64_t j0 = 0; j0 < nc; j0 += kTileCols) {
    double acc[kColsPerLane];
#pragma unroll
    for (int k = 0; k < kColsPerLane; ++k) acc[k] = 0.0;
    for (int ch = 0; ch < chunks; ++ch) {
      const int c0 = ch * kChunk, cw = min(kChunk, d - c0);
      __syncthreads();
      stage(cols, nc, d, j0, kTileCols, c0, cw, sc, kTileCols);
      if (chunks > 1 || j0 == 0) stage(rows, nr, d, row0, kWarps, c0, cw, sr, kWarps);
      if (ch == 0 && threadIdx.x < kTileCols) {
        const int64_t j = j0 + threadIdx.x;
        sv[threadIdx.x] = j < nc ? v[j] : -CUDART_INF;
        sq[threadIdx.x] = j < nc ? q[j] : 0.0;
      }
      __syncthreads();
      for (int c = 0; c < cw; ++c) {
        const double xr = sr[c * kWarps + warp];
#pragma unroll
        for (int k = 0; k < kColsPerLane; ++k) {
          const double t = xr - sc[c * kTileCols + lane + 32 * k];
          acc[k] = fma(t, t, acc[k]);
        }
      }
    }
#pragma unroll
    for (int k = 0; k < kColsPerLane; ++k) {
      const double ce = acc[k] * inv_eps;
      const double pl = exp((ui + sv[lane + 32 * k]) - ce);  // 0 past the end
      ps += pl;
      cs += pl * acc[k];
      ks += pl * ((pi + sq[lane + 32 * k]) - ce);
    }
  }
#pragma unroll
  for (int off = 16; off > 0; off >>= 1) {
    ps += __shfl_xor_sync(0xffffffffu, ps, off);
    cs += __shfl_xor_sync(0xffffffffu, cs, off);
    ks += __shfl_xor_sync(0xffffffffu, ks, off);
  }
  if (lane == 0 && i < nr) {
    rsum[i] = ps;
    rcost[i] = cs;
    rkl[i] = ks;
  }
}

__global__ void scale_kernel(double* v, int64_t n, double s) {
  for (int64_t i = blockIdx.x * static_cast<int64_t>(blockDim.x) + threadIdx.x; i < n;
       i += static_cast<int64_t>(gridDim.x) * blockDim.x)
    v[i] *= s;
}

__global__ void affine_kernel(double* out, const double* base, const double* v, double s, int64_t n) {
  for (int64_t i = blockIdx.x * static_cast<int64_t>(blockDim.x) + threadIdx.x; i < n;
       i += static_cast<int64_t>(gridDim.x) * blockDim.x)
    out[i] = base[i] + s * v[i];
}

// Block reduction over a fixed tree (sum or max); the result is in thread 0.
template <bool MAX>
__device__ __forceinline__ double block_reduce(double v, double* shared) {
  shared[threadIdx.x] = v;
  __syncthreads();
  for (int w = kThreads / 2; w > 0; w >>= 1) {
    if (threadIdx.x < w) {
      const double o = shared[threadIdx.x + w];
      shared[threadIdx.x] = MAX ? fmax(shared[threadIdx.x], o) : shared[threadIdx.x] + o;
    }
    __syncthreads();
  }
  return shared[0];
}

// which = 0: f <- (f + eps t)/2, partial max |change|; 1: sum (b expm1(x - y))^2; 2: sum x y
template <int WHICH>
__global__ void __launch_bounds__(kThreads)
    reduce_kernel(double* f, const double* x, const double* y, const double* b, double eps, int64_t n,
                  double* partial) {
  __shared__ double shared[kThreads];
  double acc = 0.0;
  for (int64_t i = blockIdx.x * static_cast<int64_t>(kThreads) + threadIdx.x; i < n;
       i += static_cast<int64_t>(gridDim.x) * kThreads) {
    if (WHICH == 0) {
      const double fn = 0.5 * (f[i] + eps * x[i]);
      acc = fmax(acc, fabs(fn - f[i]));
      f[i] = fn;
    } else if (WHICH == 1) {
      const double e = b[i] * expm1(x[i] - y[i]);
      acc += e * e;
    } else {
      acc += x[i] * y[i];
    }
  }
  const double r = block_reduce<WHICH == 0>(acc, shared);
  if (threadIdx.x == 0) partial[blockIdx.x] = r;
}

// ---------------------------------------------------------------------------------------------
// host side: errors, device memory (core/cuda_util.cuh)

using ik::cuda::check;
using ik::cuda::DeviceBuffer;
using ik::cuda::require_device;

unsigned grid_for(int64_t n) {
  return static_cast<unsigned>(std::max<int64_t>(1, std::min<int64_t>((n + kThreads - 1) / kThreads, 1024)));
}

// ---------------------------------------------------------------------------------------------
// the engine of ot_solver.hpp

class CudaEngine {
 public:
  using Vec = DeviceBuffer<double>;

  CudaEngine(const double* x, int64_t n, const double* y, int64_t m, int32_t d, bool single)
      : n_(n), m_(m), d_(d), same_(x == y && n == m), single_(single) {
    require_device();
    int dev = 0;
    check(cudaGetDevice(&dev), "cudaGetDevice");
    check(cudaDeviceGetAttribute(&sms_, cudaDevAttrMultiProcessorCount, dev), "cudaDeviceGetAttribute");
    x_ = Vec(static_cast<std::size_t>(n * d));
    x_.upload(x);
    if (!same_) {
      y_ = Vec(static_cast<std::size_t>(m * d));
      y_.upload(y);
    }
    if (single_) {
      xf_ = to_float(x, n * d);
      if (!same_) yf_ = to_float(y, m * d);
    }
    partial_ = Vec(kReduceBlocks);
  }

  Vec vec(int64_t len, double fill) {
    std::vector<double> host(static_cast<std::size_t>(len), fill);
    return upload(host.data(), len);
  }
  Vec upload(const double* p, int64_t len) {
    Vec v(static_cast<std::size_t>(len));
    v.upload(p);
    return v;
  }
  void download(const Vec& v, double* out, int64_t len) { v.download(out, static_cast<std::size_t>(len)); }

  void half(int side, double eps, const Vec& h, const Vec* lw, Vec& out) {
    const bool s0 = side == 0;
    const int64_t nr = s0 ? n_ : m_, nc = s0 ? m_ : n_;
    const bool four = (nr + 8 * 4 - 1) / (8 * 4) >= 2 * static_cast<int64_t>(sms_);
    const int64_t rows_per_block = kWarps * (four ? 4 : 1);
    const unsigned blocks = static_cast<unsigned>((nr + rows_per_block - 1) / rows_per_block);
    const double* lwp = lw ? lw->get() : nullptr;
    if (single_) {
      const float* xs = xf_.get();
      const float* ys = same_ ? xf_.get() : yf_.get();
      const float c2 = static_cast<float>(kLog2e / eps);
      if (four)
        lse_kernel<float, 4><<<blocks, kThreads>>>(s0 ? xs : ys, nr, s0 ? ys : xs, nc, d_, h.get(), lwp, c2, out.get());
      else
        lse_kernel<float, 1><<<blocks, kThreads>>>(s0 ? xs : ys, nr, s0 ? ys : xs, nc, d_, h.get(), lwp, c2, out.get());
    } else {
      const double* xs = x_.get();
      const double* ys = same_ ? x_.get() : y_.get();
      const double c2 = kLog2e / eps;
      if (four)
        lse_kernel<double, 4><<<blocks, kThreads>>>(s0 ? xs : ys, nr, s0 ? ys : xs, nc, d_, h.get(), lwp, c2, out.get());
      else
        lse_kernel<double, 1><<<blocks, kThreads>>>(s0 ? xs : ys, nr, s0 ? ys : xs, nc, d_, h.get(), lwp, c2, out.get());
    }
    check(cudaGetLastError(), "lse_kernel launch");
  }

  void scale(Vec& v, double s) {
    scale_kernel<<<grid_for(static_cast<int64_t>(v.size())), kThreads>>>(v.get(), static_cast<int64_t>(v.size()), s);
    check(cudaGetLastError(), "scale_kernel launch");
  }
  void affine(Vec& out, const Vec& base, const Vec& v, double s) {
    const int64_t n = static_cast<int64_t>(out.size());
    affine_kernel<<<grid_for(n), kThreads>>>(out.get(), base.get(), v.get(), s, n);
    check(cudaGetLastError(), "affine_kernel launch");
  }
  double sym_update(Vec& f, const Vec& t, double eps) {
    return reduce<0>(f.get(), t.get(), nullptr, nullptr, eps, static_cast<int64_t>(f.size()));
  }
  double marginal_err2(const Vec& v_old, const Vec& v_new, const Vec& b) {
    return reduce<1>(nullptr, v_old.get(), v_new.get(), b.get(), 0.0, static_cast<int64_t>(b.size()));
  }
  double dot(const Vec& a, const Vec& b) {
    return reduce<2>(nullptr, a.get(), b.get(), nullptr, 0.0, static_cast<int64_t>(a.size()));
  }

  ik::ot::Stats stats(double eps, const Vec& u, const Vec& v, const Vec& la, const Vec& lb, const Vec& a) {
    Vec p(static_cast<std::size_t>(n_)), q(static_cast<std::size_t>(m_));
    affine_kernel<<<grid_for(n_), kThreads>>>(p.get(), u.get(), la.get(), -1.0, n_);
    affine_kernel<<<grid_for(m_), kThreads>>>(q.get(), v.get(), lb.get(), -1.0, m_);
    check(cudaGetLastError(), "affine_kernel launch");
    Vec rsum(static_cast<std::size_t>(n_)), rcost(static_cast<std::size_t>(n_)), rkl(static_cast<std::size_t>(n_));
    const unsigned blocks = static_cast<unsigned>((n_ + kWarps - 1) / kWarps);
    stats_kernel<<<blocks, kThreads>>>(x_.get(), n_, same_ ? x_.get() : y_.get(), m_, d_, u.get(), p.get(), v.get(),
                                       q.get(), 1.0 / eps, rsum.get(), rcost.get(), rkl.get());
    check(cudaGetLastError(), "stats_kernel launch");
    std::vector<double> hs(static_cast<std::size_t>(n_)), hc(hs.size()), hk(hs.size()), ha(hs.size());
    rsum.download(hs.data(), hs.size());
    rcost.download(hc.data(), hc.size());
    rkl.download(hk.data(), hk.size());
    a.download(ha.data(), ha.size());
    ik::ot::Stats st;
    for (std::size_t i = 0; i < hs.size(); ++i) {  // row order, as the cpu engine
      st.cost += hc[i];
      st.kl += hk[i];
      const double e = hs[i] - ha[i];
      st.row_err2 += e * e;
    }
    return st;
  }

 private:
  static DeviceBuffer<float> to_float(const double* p, int64_t len) {
    std::vector<float> f(static_cast<std::size_t>(len));
    for (int64_t i = 0; i < len; ++i) f[static_cast<std::size_t>(i)] = static_cast<float>(p[i]);
    DeviceBuffer<float> out(f.size());
    out.upload(f.data());
    return out;
  }

  template <int WHICH>
  double reduce(double* f, const double* x, const double* y, const double* b, double eps, int64_t n) {
    reduce_kernel<WHICH><<<kReduceBlocks, kThreads>>>(f, x, y, b, eps, n, partial_.get());
    check(cudaGetLastError(), "reduce_kernel launch");
    double host[kReduceBlocks];
    partial_.download(host, kReduceBlocks);  // synchronises
    double r = 0.0;
    for (int k = 0; k < kReduceBlocks; ++k) r = WHICH == 0 ? std::max(r, host[k]) : r + host[k];
    return r;
  }

  int64_t n_, m_;
  int d_;
  bool same_, single_;
  int sms_ = 1;
  Vec x_, y_, partial_;
  DeviceBuffer<float> xf_, yf_;
};

// ---------------------------------------------------------------------------------------------
// entry bodies (run inside IK_GUARD)

// ik_last_path: the precision of the log-sum-exp passes
const char* precision_path(int32_t precision) { return precision == IK_PRECISION_FLOAT ? "ot_cuda:float" : "ot_cuda:double"; }

void sinkhorn_lse(const double* x, int64_t n, const double* y, int64_t m, int32_t d, double eps, const double* h,
                  const double* lw, int32_t precision, double* out) {
  const std::string fn = "ik_sinkhorn_lse_cuda";
  ik::ot::check_points(fn, x, n, y, m, d);
  ik::ot::check_eps(fn, eps);
  ik::ot::check_precision(fn, precision, true);
  IK_REQUIRE(h != nullptr, fn + ": h is null");
  IK_REQUIRE(out != nullptr, fn + ": out is null");
  CudaEngine e(x, n, y, m, d, precision == IK_PRECISION_FLOAT);
  ik::set_last_path(precision_path(precision));
  const CudaEngine::Vec hv = e.upload(h, m);
  CudaEngine::Vec lwv, o(static_cast<std::size_t>(n));
  if (lw) lwv = e.upload(lw, n);
  e.half(0, eps, hv, lw ? &lwv : nullptr, o);
  check(cudaDeviceSynchronize(), "lse_kernel");
  o.download(out, static_cast<std::size_t>(n));
}

void sinkhorn(const ik::ot::Problem& p, int32_t precision, const ik::ot::Output& o) {
  const std::string fn = "ik_sinkhorn_cuda";
  ik::ot::check_solve(fn, p, o);
  ik::ot::check_precision(fn, precision, true);
  CudaEngine e(p.x, p.n, p.y, p.m, p.d, precision == IK_PRECISION_FLOAT);
  ik::set_last_path(precision_path(precision));
  ik::ot::solve(e, p, o);
  check(cudaDeviceSynchronize(), "sinkhorn");
}

}  // namespace

extern "C" {

int32_t ik_sinkhorn_lse_cuda(const double* x, int64_t n, const double* y, int64_t m, int32_t d, double eps,
                             const double* h, const double* lw, int32_t precision, int32_t threads, double* out) {
  (void)threads;  // the device decides its own parallelism
  IK_GUARD(sinkhorn_lse(x, n, y, m, d, eps, h, lw, precision, out));
}

int32_t ik_sinkhorn_cuda(const double* x, int64_t n, const double* y, int64_t m, int32_t d, const double* a,
                         const double* b, double eps, int32_t mode, int32_t max_iter, double tol,
                         double eps_scaling, int32_t precision, int32_t threads, double* out_f, double* out_g,
                         double* out_stats) {
  (void)threads;
  IK_GUARD(sinkhorn(ik::ot::make_problem(x, n, y, m, d, a, b, eps, mode, max_iter, tol, eps_scaling), precision,
                    (ik::ot::Output{out_f, out_g, out_stats})));
}

}  // extern "C"
