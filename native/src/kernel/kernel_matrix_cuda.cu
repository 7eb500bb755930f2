// kernel_matrix_cuda.cu -- the explicit kernel matrix built on the device and left there, for the
// exact spectra of the cuda backend (Renyi, von Neumann, DSE): the Java side hands the device
// pointer to cuSOLVER's dsyevd (through the org.bytedeco:cuda presets) and copies back only the n
// eigenvalues, so the n x n matrix never crosses the PCIe bus. Entries (infokernels.h):
//   ik_kernel_matrix_device_cuda  M = K or K o L (optionally D^-1/2 M D^-1/2) into fresh device memory
//   ik_device_download_cuda       device -> host copy (tests, and callers without a CUDA runtime of their own)
//   ik_device_free_cuda           cudaFree
//
// Device memory comes from this library's static CUDA runtime, which works in the driver's primary
// context of the device (as every CUDA runtime in the process does): a pointer from here is valid
// for cuSOLVER linked against the dynamic libcudart of the presets, on the same device.
//
// Element kernel: one thread per (i, j), a 32 x 8 block per 32 x 8 tile of M, the tile's rows of x
// (and y) staged in shared memory in chunks of 32 coordinates; the squared distance is summed from
// coordinate differences with fma (as in kernel_cuda.cu), so the diagonal of the RBF kernel is
// exactly exp(0) = 1. The whole matrix is written (both triangles), row-major; M is symmetric, so
// it is the same array in column-major order (what cuSOLVER reads).
// Normalisation (DSE's diffusion operator): D_i = sum_j M_ij by one warp per row in a fixed lane
// order and butterfly (deterministic), then M_ij *= d_i d_j with d = D^-1/2, the same product as
// the host code of DiffusionSpectralEntropy.
//
// Tested against ik_kernel_matrix_cpu (plus the host normalisation) by native/test/
// test_kernel_matrix_cuda.cpp (ctest kernel_matrix_device_cuda_vs_cpu, 1e-12 relative).
#include <cuda_runtime.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>

#include "../core/cuda_util.cuh"
#include "../core/status.hpp"
#include "../engine/tile.hpp"
#include "kernel_args.hpp"

namespace {

using ik::engine::KernelParam;

constexpr int kBx = 32;     // columns j per block (a warp: coalesced writes of a row segment)
constexpr int kBy = 8;      // rows i per block
constexpr int kChunk = 32;  // coordinates staged per pass

struct Side {
  const double* p;  // n x d row-major (device)
  int d;
  int kind;
  double scale;  // -1 / (2 sigma^2) for RBF
};

// k(p_i, p_j) for this thread's (i, j); si holds the block's kBy rows i, sj its kBx rows j, chunk
// by chunk (row stride kChunk + 1: conflict-free column reads).
template <int KIND>
__device__ __forceinline__ double element(const Side s, int64_t n, int64_t i0, int64_t j0, double* si, double* sj) {
  const int tx = threadIdx.x, ty = threadIdx.y, tid = ty * kBx + tx;
  double acc = 0.0;
  for (int c0 = 0; c0 < s.d; c0 += kChunk) {
    const int cw = min(kChunk, s.d - c0);
    __syncthreads();
    for (int e = tid; e < kBy * cw; e += kBx * kBy) {
      const int r = e / cw, c = e % cw;
      const int64_t gi = i0 + r;
      si[r * (kChunk + 1) + c] = gi < n ? s.p[gi * s.d + c0 + c] : 0.0;
    }
    for (int e = tid; e < kBx * cw; e += kBx * kBy) {
      const int r = e / cw, c = e % cw;
      const int64_t gj = j0 + r;
      sj[r * (kChunk + 1) + c] = gj < n ? s.p[gj * s.d + c0 + c] : 0.0;
    }
    __syncthreads();
    for (int c = 0; c < cw; ++c) {
      const double a = si[ty * (kChunk + 1) + c], b = sj[tx * (kChunk + 1) + c];
      if (KIND == ik::engine::kRbf) {
        const double t = a - b;
        acc = fma(t, t, acc);
      } else {
        acc = fma(a, b, acc);
      }
    }
  }
  return KIND == ik::engine::kRbf ? exp(acc * s.scale) : acc;  // exp(-0) = 1 on the diagonal
}

template <int KX, int KY, bool HAS_Y>
__global__ void __launch_bounds__(kBx * kBy) matrix_kernel(const Side x, const Side y, int64_t n, double* __restrict__ out) {
  __shared__ double si[kBy * (kChunk + 1)];
  __shared__ double sj[kBx * (kChunk + 1)];
  const int64_t i0 = static_cast<int64_t>(blockIdx.y) * kBy, j0 = static_cast<int64_t>(blockIdx.x) * kBx;
  const int64_t i = i0 + threadIdx.y, j = j0 + threadIdx.x;
  double v = element<KX>(x, n, i0, j0, si, sj);
  if (HAS_Y) v *= element<KY>(y, n, i0, j0, si, sj);
  if (i < n && j < n) out[i * n + j] = v;
}

// D_i = sum_j M_ij, one warp per row: lane l adds j = l, l + 32, ... in order, then a fixed butterfly.
// d_i = 1/sqrt(D_i); bad (row sum not positive and finite) is set when a row cannot be normalised.
__global__ void row_scale_kernel(const double* __restrict__ m, int64_t n, double* __restrict__ d, int* bad) {
  const int64_t row = (static_cast<int64_t>(blockIdx.x) * blockDim.x + threadIdx.x) / 32;
  const int lane = threadIdx.x % 32;
  if (row >= n) return;
  double s = 0.0;
  for (int64_t j = lane; j < n; j += 32) s += m[row * n + j];
#pragma unroll
  for (int off = 16; off > 0; off >>= 1) s += __shfl_down_sync(0xffffffffu, s, off);
  if (lane == 0) {
    if (!(s > 0.0) || !isfinite(s)) *bad = 1;
    d[row] = 1.0 / sqrt(s);
  }
}

// M_ij *= d_i d_j (the product d_i d_j first, as the host code does)
__global__ void scale_kernel(double* __restrict__ m, int64_t n, const double* __restrict__ d) {
  const int64_t i = static_cast<int64_t>(blockIdx.y) * kBy + threadIdx.y;
  const int64_t j = static_cast<int64_t>(blockIdx.x) * kBx + threadIdx.x;
  if (i < n && j < n) m[i * n + j] *= d[i] * d[j];
}

using ik::cuda::check;
using ik::cuda::DeviceBuffer;
using ik::cuda::require_device;
using MatrixKernel = void (*)(const Side, const Side, int64_t, double*);

MatrixKernel pick(int kx, int ky, bool has_y) {
  using ik::engine::kLinear;
  using ik::engine::kRbf;
  if (!has_y) return kx == kRbf ? &matrix_kernel<kRbf, kRbf, false> : &matrix_kernel<kLinear, kLinear, false>;
  if (kx == kRbf) return ky == kRbf ? &matrix_kernel<kRbf, kRbf, true> : &matrix_kernel<kRbf, kLinear, true>;
  return ky == kRbf ? &matrix_kernel<kLinear, kRbf, true> : &matrix_kernel<kLinear, kLinear, true>;
}

void kernel_matrix_device(const double* x, int32_t dx, const double* y, int32_t dy, int64_t n, int32_t kernel_x,
                          double sigma_x, int32_t kernel_y, double sigma_y, int32_t normalize, double** out_device) {
  const char* fn = "ik_kernel_matrix_device_cuda";
  IK_REQUIRE(out_device != nullptr, std::string(fn) + ": out_device is null");
  *out_device = nullptr;
  ik::kernel_args::check_points(fn, x, dx, y, dy, n);
  IK_REQUIRE(normalize == IK_MATRIX_PLAIN || normalize == IK_MATRIX_SYM_NORMALIZED,
             std::string(fn) + ": normalize = " + std::to_string(normalize) +
                 " is not IK_MATRIX_PLAIN (0) or IK_MATRIX_SYM_NORMALIZED (1)");
  // n x n doubles must be addressable (and the grid's x dimension is (n + 31) / 32 < 2^31)
  IK_REQUIRE(n <= (int64_t{1} << 30) && static_cast<double>(n) * static_cast<double>(n) * 8.0 <
                                             static_cast<double>(std::numeric_limits<int64_t>::max()),
             std::string(fn) + ": n = " + std::to_string(n) + " is too large for an explicit n x n matrix");
  IK_REQUIRE((n + kBy - 1) / kBy <= 65535, std::string(fn) + ": n = " + std::to_string(n) +
                                               " is larger than the largest explicit matrix (n <= 524280)");
  const KernelParam kx = ik::kernel_args::kernel_param(fn, "x", kernel_x, sigma_x);
  const KernelParam ky = y ? ik::kernel_args::kernel_param(fn, "y", kernel_y, sigma_y) : kx;
  require_device();
  const ik::CancelToken cancel = ik::current_cancel();
  cancel.check();

  DeviceBuffer<double> xb(static_cast<std::size_t>(n) * dx);
  DeviceBuffer<double> yb(y ? static_cast<std::size_t>(n) * dy : 0);
  xb.upload(x);
  if (y) yb.upload(y);
  const Side sx{xb.get(), dx, kx.kind, kx.scale};
  const Side sy = y ? Side{yb.get(), dy, ky.kind, ky.scale} : sx;
  DeviceBuffer<double> m(static_cast<std::size_t>(n) * static_cast<std::size_t>(n));
  const dim3 block(kBx, kBy);
  const dim3 grid(static_cast<unsigned>((n + kBx - 1) / kBx), static_cast<unsigned>((n + kBy - 1) / kBy));
  pick(kx.kind, ky.kind, y != nullptr)<<<grid, block>>>(sx, sy, n, m.get());
  check(cudaGetLastError(), "matrix_kernel launch");
  if (normalize == IK_MATRIX_SYM_NORMALIZED) {
    DeviceBuffer<double> d(static_cast<std::size_t>(n));
    DeviceBuffer<int> bad(1, ik::cuda::kZeroFill);
    const int threads = 256;  // 8 rows per block
    const int64_t blocks = (n * 32 + threads - 1) / threads;
    row_scale_kernel<<<static_cast<unsigned>(blocks), threads>>>(m.get(), n, d.get(), bad.get());
    check(cudaGetLastError(), "row_scale_kernel launch");
    int host_bad = 0;
    bad.download(&host_bad, 1);  // synchronises
    IK_REQUIRE(host_bad == 0, std::string(fn) + ": a row sum of the kernel matrix is not positive and finite; "
                                                "IK_MATRIX_SYM_NORMALIZED needs positive row sums (the RBF kernel has them)");
    scale_kernel<<<grid, block>>>(m.get(), n, d.get());
    check(cudaGetLastError(), "scale_kernel launch");
  }
  check(cudaDeviceSynchronize(), "matrix_kernel");
  cancel.check();
  ik::set_last_path("kernel_cuda:matrix");
  *out_device = m.release();
}

void device_download(const double* device_ptr, int64_t count, double* out_host) {
  const char* fn = "ik_device_download_cuda";
  IK_REQUIRE(count >= 0, std::string(fn) + ": count = " + std::to_string(count) + " is negative");
  if (count == 0) return;
  IK_REQUIRE(device_ptr != nullptr, std::string(fn) + ": device_ptr is null");
  IK_REQUIRE(out_host != nullptr, std::string(fn) + ": out_host is null");
  require_device();
  ik::cuda::download(out_host, device_ptr, static_cast<std::size_t>(count));
}

void device_free(double* device_ptr) {
  if (device_ptr == nullptr) return;
  check(cudaFree(device_ptr), "cudaFree");
}

}  // namespace

extern "C" {

int32_t ik_kernel_matrix_device_cuda(const double* x, int32_t dx, const double* y, int32_t dy, int64_t n,
                                     int32_t kernel_x, double sigma_x, int32_t kernel_y, double sigma_y,
                                     int32_t normalize, int32_t threads, double** out_device) {
  (void)threads;  // the device decides its own parallelism
  IK_GUARD(kernel_matrix_device(x, dx, y, dy, n, kernel_x, sigma_x, kernel_y, sigma_y, normalize, out_device));
}

int32_t ik_device_download_cuda(const double* device_ptr, int64_t count, double* out_host) {
  IK_GUARD(device_download(device_ptr, count, out_host));
}

int32_t ik_device_free_cuda(double* device_ptr) { IK_GUARD(device_free(device_ptr)); }

}  // extern "C"
