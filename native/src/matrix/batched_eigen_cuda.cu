// batched_eigen_cuda.cu -- ik_batched_sym_eigenvalues_cuda: all eigenvalues of many small symmetric
// matrices, one thread block per matrix, by the parallel cyclic Jacobi method (no cuSOLVER).
// Semantics: infokernels.h (the same as ik_batched_sym_eigenvalues_cpu, ascending per matrix).
//
// Storage: the matrix lives in shared memory for the whole solve, as its upper triangle packed
// row by row (m(m+1)/2 doubles), where m is n rounded up to a multiple of 4; the padding rows and
// columns are zero and never rotate (their a_pq is 0), so they stay decoupled and their zero
// diagonal is not reported. Packing halves the footprint of a full m x m array, which sets the
// size limit: bytes(m) = 8 (m(m+1)/2 + 2m + 8) must fit the opt-in dynamic shared memory per
// block (cudaDevAttrMaxSharedMemoryPerBlockOptin, requested with cudaFuncSetAttribute above the
// 48 KiB default): sm_90 227 KiB -> n <= 236, sm_80 163 KiB -> n <= 200, sm_86/sm_89 99 KiB ->
// n <= 156, sm_75 64 KiB -> n <= 124 (n = 128, the UNComp head size, takes 66.6 KiB). Larger n
// is IK_EINVAL naming the limit; ik_batched_sym_eigenvalues_cuda_max_n reports it so that
// callers fall back to the cpu entry (LAPACK) beforehand.
//
// Ordering: the round-robin (circle-method) tournament. Each sweep has m - 1 rounds; a round pairs
// every index with another, p_k = (r + k) mod (m - 1), q_k = (r - k) mod (m - 1), q_0 = m - 1, so
// its m/2 rotations touch disjoint rows and columns and apply at once: A <- J^T A J, J the product
// of the rotations. Round: (1) m/2 threads compute (c, s, t) of their pair (Rutishauser's stable
// tan formula, Numerical Recipes 11.1) and store it with the pair's indices; (2) the (m/2)(m/2 + 1)/2 2 x 2 blocks A[{p_u,q_u},{p_v,q_v}],
// u <= v, are updated independently (each element of the triangle belongs to exactly one block),
// J_u^T B J_v, with the diagonal blocks by a_pp -= t a_pq, a_qq += t a_pq, a_pq = 0; the blocks are
// spread over the 256 threads by folding the triangle into a rectangle, so no thread idles.
// Two barriers per round, no atomics: the result is bitwise identical run to run.
//
// Convergence: a pair rotates only when |a_pq| > 2^-60 ||A||_F (the Frobenius norm is invariant);
// the solve ends after the first sweep with no rotation (cyclic Jacobi converges quadratically:
// 9-10 sweeps for random matrices, up to ~16 for rank-deficient PSD ones, measured at n <= 236). The off-diagonal mass left is then below m 2^-60 ||A||_F, so by Weyl's
// inequality every eigenvalue is within ~1e-16 ||A||_F of the exact one: the same accuracy as
// LAPACK's dsyevd. A solve that needs more than 100 sweeps is reported as an internal error.
//
// Tested against ik_batched_sym_eigenvalues_cpu (LAPACK) by native/test/test_matrix_cuda.cpp.
#include <cuda_runtime.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <new>
#include <stdexcept>
#include <string>
#include <vector>

#include "../core/cuda_util.cuh"
#include "../core/status.hpp"

namespace {

constexpr int kThreads = 256;
constexpr int kWarps = kThreads / 32;
constexpr int kMaxSweeps = 100;
constexpr double kRotateBelow = 8.673617379884035e-19;  // 2^-60: relative threshold on |a_pq|
// the input of one launch is at most this many bytes on the device (larger batches run in chunks)
constexpr std::size_t kChunkBytes = std::size_t{512} << 20;

__host__ __device__ constexpr int round_up4(int n) { return (n + 3) / 4 * 4; }

// doubles of shared memory for padded size m: packed triangle, c/s/t per pair, the pairs' two
// indices (int, m/2 doubles together), warp partials
__host__ __device__ constexpr long long shared_doubles(int m) {
  return static_cast<long long>(m) * (m + 1) / 2 + 4LL * (m / 2) + kWarps;
}

// offset of a_ij, i <= j, in the row-by-row packed upper triangle of an m x m matrix
__device__ __forceinline__ int packed(int i, int j, int m) { return i * m - (i * (i - 1)) / 2 + (j - i); }

__device__ __forceinline__ int sym(int i, int j, int m) { return i <= j ? packed(i, j, m) : packed(j, i, m); }

// pair k of round r of the circle-method tournament over m players (m even)
__device__ __forceinline__ void pair_of(int r, int k, int m, int& p, int& q) {
  const int mm = m - 1;
  if (k == 0) {
    p = r;
    q = mm;
  } else {
    p = (r + k) % mm;
    q = (r - k + mm) % mm;
  }
}

// Block sum of v over the block (warp shuffles, then the warps in order): deterministic.
__device__ double block_sum(double v, double* warp_part) {
  for (int o = 16; o > 0; o >>= 1) v += __shfl_down_sync(0xffffffffu, v, o);
  const int lane = threadIdx.x & 31, warp = threadIdx.x >> 5;
  if (lane == 0) warp_part[warp] = v;
  __syncthreads();
  double total = 0.0;
  for (int w = 0; w < kWarps; ++w) total += warp_part[w];
  __syncthreads();
  return total;
}

// One matrix per block: a (batch x n x n, row-major, upper triangle read) -> w (batch x n, ascending).
__global__ void __launch_bounds__(kThreads) jacobi_kernel(const double* __restrict__ a, int n, int m,
                                                          double* __restrict__ w, int* __restrict__ sweeps_out) {
  extern __shared__ double smem[];
  const int half = m / 2;
  double* s = smem;                                     // packed triangle
  double* rot_c = s + static_cast<long long>(m) * (m + 1) / 2;
  double* rot_s = rot_c + half;
  double* rot_t = rot_s + half;
  double* warp_part = rot_t + half;
  int* pair_p = reinterpret_cast<int*>(warp_part + kWarps);  // the pairs of the current round
  int* pair_q = pair_p + half;
  __shared__ int rotated;

  const int tid = threadIdx.x;
  const double* ab = a + static_cast<std::size_t>(blockIdx.x) * static_cast<std::size_t>(n) * n;

  // load the upper triangle; padding rows and columns are zero
  double fro2 = 0.0;
  for (int e = tid; e < m * m; e += kThreads) {
    const int i = e / m, j = e % m;
    if (j < i) continue;
    const double v = (i < n && j < n) ? ab[static_cast<std::size_t>(i) * n + j] : 0.0;
    s[packed(i, j, m)] = v;
    fro2 += (i == j ? 1.0 : 2.0) * v * v;
  }
  const double thr = kRotateBelow * sqrt(block_sum(fro2, warp_part));  // also a barrier

  // the (half)(half + 1)/2 blocks u <= v folded into a rectangle of half/2 rows x (half + 1) columns
  const int blocks = (half / 2) * (half + 1);
  int sweep = 0;
  for (; sweep < kMaxSweeps; ++sweep) {
    if (tid == 0) rotated = 0;
    __syncthreads();
    for (int r = 0; r < m - 1; ++r) {
      for (int k = tid; k < half; k += kThreads) {
        int p, q;
        pair_of(r, k, m, p, q);
        const double apq = s[sym(p, q, m)];
        double c = 1.0, sn = 0.0, t = 0.0;
        if (fabs(apq) > thr) {
          const double theta = (s[packed(q, q, m)] - s[packed(p, p, m)]) / (2.0 * apq);
          // t = sgn(theta) / (|theta| + sqrt(theta^2 + 1)), the smaller root; 1/(2 theta) when theta^2 overflows
          t = fabs(theta) > 1e150 ? 0.5 / theta : copysign(1.0, theta) / (fabs(theta) + sqrt(theta * theta + 1.0));
          c = 1.0 / sqrt(t * t + 1.0);
          sn = t * c;
          rotated = 1;
        }
        rot_c[k] = c;
        rot_s[k] = sn;
        rot_t[k] = t;
        pair_p[k] = p;
        pair_q[k] = q;
      }
      __syncthreads();
      for (int e = tid; e < blocks; e += kThreads) {
        // fold: rectangle row i holds triangle rows i (j < half - i) and half - 1 - i (the rest)
        const int i = e / (half + 1), j = e % (half + 1);
        int u, v;
        if (j < half - i) {
          u = i;
          v = i + j;
        } else {
          u = half - 1 - i;
          v = j - 1;
        }
        const int p = pair_p[u], q = pair_q[u];
        if (u == v) {
          // the same test as the pair phase (only this block touches a_pq in this round); t may be
          // 0 when theta is huge, and a_pq is then zeroed outright (its effect is below 1e-150)
          const int ipq = sym(p, q, m);
          const double apq = s[ipq];
          if (fabs(apq) > thr) {
            const double t = rot_t[u];
            s[packed(p, p, m)] -= t * apq;
            s[packed(q, q, m)] += t * apq;
            s[ipq] = 0.0;
          }
          continue;
        }
        const double cu = rot_c[u], su = rot_s[u], cv = rot_c[v], sv = rot_s[v];
        if (su == 0.0 && sv == 0.0) continue;
        const int pr = pair_p[v], pt = pair_q[v];
        const int i_pr = sym(p, pr, m), i_pt = sym(p, pt, m), i_qr = sym(q, pr, m), i_qt = sym(q, pt, m);
        const double a_pr = s[i_pr], a_pt = s[i_pt], a_qr = s[i_qr], a_qt = s[i_qt];
        // columns (pr, pt) by J_v, then rows (p, q) by J_u: a'_kp = c a_kp - s a_kq, a'_kq = s a_kp + c a_kq
        const double b_pr = cv * a_pr - sv * a_pt, b_pt = sv * a_pr + cv * a_pt;
        const double b_qr = cv * a_qr - sv * a_qt, b_qt = sv * a_qr + cv * a_qt;
        s[i_pr] = cu * b_pr - su * b_qr;
        s[i_qr] = su * b_pr + cu * b_qr;
        s[i_pt] = cu * b_pt - su * b_qt;
        s[i_qt] = su * b_pt + cu * b_qt;
      }
      __syncthreads();
    }
    const int any = rotated;
    __syncthreads();  // everyone has read the flag before thread 0 resets it
    if (!any) break;
  }

  // ascending order by rank (ties by index): n <= 236, so O(n^2) compares are nothing
  double* wb = w + static_cast<std::size_t>(blockIdx.x) * n;
  for (int i = tid; i < n; i += kThreads) {
    const double v = s[packed(i, i, m)];
    int rank = 0;
    for (int j = 0; j < n; ++j) {
      const double u = s[packed(j, j, m)];
      rank += (u < v) || (u == v && j < i);
    }
    wb[rank] = v;
  }
  if (tid == 0) sweeps_out[blockIdx.x] = sweep;
}

// ---------------------------------------------------------------------------------------------
// host side: errors, device memory (core/cuda_util.cuh)

using ik::cuda::check;
using ik::cuda::DeviceBuffer;
using ik::cuda::require_device;

// The opt-in shared memory per block of the current device, in bytes (IK_ENOCUDA without one).
int max_shared_optin() {
  require_device();
  int dev = 0;
  check(cudaGetDevice(&dev), "cudaGetDevice");
  int optin = 0;
  check(cudaDeviceGetAttribute(&optin, cudaDevAttrMaxSharedMemoryPerBlockOptin, dev),
        "cudaDeviceGetAttribute(MaxSharedMemoryPerBlockOptin)");
  return optin;
}

// the largest n whose padded size fits `optin` bytes, beside the kernel's static shared int
int max_n_for(int optin) {
  int m = 4;
  while (static_cast<long long>(sizeof(double)) * shared_doubles(m + 4) + 64 <= optin) m += 4;
  return static_cast<long long>(sizeof(double)) * shared_doubles(m) + 64 <= optin ? m : 0;
}

void batched_sym_eigenvalues(const double* a, int64_t batch, int64_t n, double* out_w) {
  const char* fn = "ik_batched_sym_eigenvalues_cuda";
  IK_REQUIRE(a != nullptr, std::string(fn) + ": a is null");
  IK_REQUIRE(out_w != nullptr, std::string(fn) + ": out_w is null");
  IK_REQUIRE(batch >= 1, std::string(fn) + ": batch = " + std::to_string(batch) + " is smaller than the minimum (1)");
  IK_REQUIRE(n >= 1, std::string(fn) + ": n = " + std::to_string(n) + " is smaller than the minimum (1)");
  const int optin = max_shared_optin();
  const int max_n = max_n_for(optin);
  IK_REQUIRE(n <= max_n, std::string(fn) + ": n = " + std::to_string(n) + " is larger than the maximum (" +
                             std::to_string(max_n) + ") whose packed matrix fits the " + std::to_string(optin / 1024) +
                             " KiB of shared memory per block of this device; use ik_batched_sym_eigenvalues_cpu");
  const int ni = static_cast<int>(n);
  const int m = round_up4(ni);
  const std::size_t bytes = sizeof(double) * static_cast<std::size_t>(shared_doubles(m));
  check(cudaFuncSetAttribute(jacobi_kernel, cudaFuncAttributeMaxDynamicSharedMemorySize, static_cast<int>(bytes)),
        "cudaFuncSetAttribute(MaxDynamicSharedMemorySize)");
  ik::set_last_path("eigen_cuda:jacobi");

  const std::size_t per = static_cast<std::size_t>(n) * static_cast<std::size_t>(n);
  const int64_t chunk = std::max<int64_t>(1, std::min<int64_t>(batch, static_cast<int64_t>(kChunkBytes / (per * sizeof(double)))));
  DeviceBuffer<double> da(static_cast<std::size_t>(chunk) * per);
  DeviceBuffer<double> dw(static_cast<std::size_t>(chunk) * static_cast<std::size_t>(n));
  DeviceBuffer<int> dsweeps(static_cast<std::size_t>(chunk));
  std::vector<int> sweeps(static_cast<std::size_t>(chunk));
  for (int64_t b0 = 0; b0 < batch; b0 += chunk) {
    const int64_t nb = std::min(chunk, batch - b0);
    check(cudaMemcpy(da.get(), a + static_cast<std::size_t>(b0) * per, static_cast<std::size_t>(nb) * per * sizeof(double),
                     cudaMemcpyHostToDevice),
          "cudaMemcpy to device");
    jacobi_kernel<<<static_cast<unsigned>(nb), kThreads, bytes>>>(da.get(), ni, m, dw.get(), dsweeps.get());
    check(cudaGetLastError(), "jacobi_kernel launch");
    check(cudaDeviceSynchronize(), "jacobi_kernel");
    check(cudaMemcpy(out_w + static_cast<std::size_t>(b0) * static_cast<std::size_t>(n), dw.get(),
                     static_cast<std::size_t>(nb) * static_cast<std::size_t>(n) * sizeof(double), cudaMemcpyDeviceToHost),
          "cudaMemcpy to host");
    check(cudaMemcpy(sweeps.data(), dsweeps.get(), static_cast<std::size_t>(nb) * sizeof(int), cudaMemcpyDeviceToHost),
          "cudaMemcpy to host");
    for (int64_t b = 0; b < nb; ++b)
      if (sweeps[static_cast<std::size_t>(b)] >= kMaxSweeps)
        throw std::runtime_error(std::string(fn) + ": the Jacobi iteration of matrix " + std::to_string(b0 + b) +
                                 " did not converge in " + std::to_string(kMaxSweeps) + " sweeps (NaN or infinite input?)");
  }
}

}  // namespace

extern "C" {

int32_t ik_batched_sym_eigenvalues_cuda(const double* a, int64_t batch, int64_t n, int32_t threads,
                                        double* out_w) {
  (void)threads;  // the device decides its own parallelism
  IK_GUARD(batched_sym_eigenvalues(a, batch, n, out_w));
}

int32_t ik_batched_sym_eigenvalues_cuda_max_n(int32_t* out_max_n) {
  IK_GUARD({
    IK_REQUIRE(out_max_n != nullptr, "ik_batched_sym_eigenvalues_cuda_max_n: out_max_n is null");
    *out_max_n = 0;
    *out_max_n = max_n_for(max_shared_optin());
  });
}

}  // extern "C"
