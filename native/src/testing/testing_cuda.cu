// testing_cuda.cu -- CUDA entries of the testing family (ik_pair_rows_cuda,
// ik_pair_centred_rows_cuda, ik_pair_matvec_cuda, ik_pair_permuted_rows_cuda) with the semantics
// of the _cpu entries documented in infokernels.h. Double precision throughout.
//
// One thread per row i: it visits j = 0 .. n-1 in order, in spans of kSpan columns, sums each
// span's contributions in registers and merges the span's partial into its (sum, compensation)
// pair by Neumaier's algorithm -- the same order for every launch, no atomics, nothing n x n
// (device memory O(n (dx + dy + q))): results are bitwise identical run to run, and each row sum
// is accurate to a few ulps of its magnitude at any n. Unlike the cpu tiles this visits every
// ordered pair (no use of symmetry). The threads of a warp read the same row j at the same time
// (one broadcast transaction, L1-cached); row i's own coordinates stay in L1.
//
// Tested against the _cpu entries by native/test/test_testing_cuda.cpp (1e-12 relative to the
// magnitude of the summed terms, identical bits on two runs, ik_last_path "testing_cuda:rows").
#include <cuda_runtime.h>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "../core/cuda_util.cuh"
#include "../core/status.hpp"
#include "testing_args.hpp"

namespace {

namespace targs = ik::testing;
using ik::cuda::DeviceBuffer;

constexpr int kThreads = 128;   // rows per block
constexpr int64_t kSpan = 256;  // columns summed in registers before a compensated merge
constexpr int kMaxQ = targs::kMaxColumns;

enum Op : int { kRowsOp = 0, kCentredOp = 1, kMatvecOp = 2, kPermutedOp = 3 };

struct Args {
  int64_t n;
  int q;
  const double* x;
  int dx;
  targs::Fn fx;
  const double* y;  // rows / centred: n x dy; permuted: q blocks of n x dy
  int dy;
  targs::Fn fy;
  const double *va, *vb, *ca, *cb;
  double ga, gb;
  const double* v;  // mat-vec: n x q
  double* out;      // n x q
};

// f(a, b): a.b, exp(scale |a-b|^2) or |a-b|, the squared distance from coordinate differences
__device__ __forceinline__ double pair_value(const double* a, const double* b, int d, targs::Fn f) {
  double s = 0.0;
  if (f.kind == targs::kLinear) {
    for (int c = 0; c < d; ++c) s += a[c] * b[c];
    return s;
  }
  for (int c = 0; c < d; ++c) {
    const double t = a[c] - b[c];
    s += t * t;
  }
  return f.kind == targs::kRbf ? exp(f.scale * s) : sqrt(s);
}

__device__ __forceinline__ void neumaier(double& sum, double& comp, double v) {
  const double t = sum + v;
  comp += fabs(sum) >= fabs(v) ? (sum - t) + v : (v - t) + sum;
  sum = t;
}

template <int OP, int QMAX>
__global__ void __launch_bounds__(kThreads) rows_kernel(Args g) {
  const int64_t i = static_cast<int64_t>(blockIdx.x) * kThreads + threadIdx.x;
  if (i >= g.n) return;
  const int q = g.q;
  double sum[QMAX], comp[QMAX], acc[QMAX];
  for (int k = 0; k < QMAX; ++k) sum[k] = comp[k] = 0.0;
  const double* xi = g.x + i * g.dx;
  const double* yi = g.y + i * g.dy;
  const double cai = OP == kCentredOp ? g.ga - g.ca[i] : 0.0;
  const double cbi = OP == kCentredOp ? g.gb - g.cb[i] : 0.0;
  for (int64_t j0 = 0; j0 < g.n; j0 += kSpan) {
    for (int k = 0; k < QMAX; ++k) acc[k] = 0.0;
    const int64_t j1 = min(g.n, j0 + kSpan);
    for (int64_t j = j0; j < j1; ++j) {
      const double a = pair_value(xi, g.x + j * g.dx, g.dx, g.fx);
      if (OP == kRowsOp || OP == kCentredOp) {
        const double b = pair_value(yi, g.y + j * g.dy, g.dy, g.fy);
        if (OP == kRowsOp) {
          acc[0] += a;
          acc[1] += b;
          acc[2] += a * b;
          acc[3] += a * a;
          acc[4] += b * b;
        } else {
          const double vaj = g.va[j], vbj = g.vb[j];
          acc[0] += a * vaj;
          acc[1] += a * vbj;
          acc[2] += b * vaj;
          acc[3] += b * vbj;
          const double A = (a + cai) - g.ca[j];
          const double B = (b + cbi) - g.cb[j];
          const double p = A * B;
          acc[4] += p * p;
        }
      } else if (OP == kMatvecOp) {
        const double* vj = g.v + j * q;
        for (int k = 0; k < q; ++k) acc[k] += a * vj[k];
      } else {
        for (int k = 0; k < q; ++k) {
          const double* yk = g.y + static_cast<int64_t>(k) * g.n * g.dy;
          acc[k] += a * pair_value(yk + i * g.dy, yk + j * g.dy, g.dy, g.fy);
        }
      }
    }
    for (int k = 0; k < q; ++k) neumaier(sum[k], comp[k], acc[k]);
  }
  for (int k = 0; k < q; ++k) g.out[i * q + k] = sum[k] + comp[k];
}

template <int OP, int QMAX>
void launch(const Args& a) {
  const int64_t blocks = (a.n + kThreads - 1) / kThreads;
  rows_kernel<OP, QMAX><<<static_cast<unsigned>(blocks), kThreads>>>(a);
  ik::cuda::check(cudaGetLastError(), "rows_kernel launch");
  ik::cuda::check(cudaDeviceSynchronize(), "rows_kernel");
}

// device copy of n * width host doubles
DeviceBuffer<double> to_device(const double* p, std::size_t count) {
  DeviceBuffer<double> d(count);
  d.upload(p);
  return d;
}

void finish(const Args& a, double* out) {
  ik::cuda::download(out, a.out, static_cast<std::size_t>(a.n) * a.q);
  ik::set_last_path("testing_cuda:rows");
}

void pair_rows(const double* x, int32_t dx, const double* y, int32_t dy, int64_t n, int32_t kind_x, double sigma_x,
               int32_t kind_y, double sigma_y, double* out, bool centred, const double* va, const double* vb,
               const double* ca, const double* cb, double ga, double gb) {
  const std::string fn = centred ? "ik_pair_centred_rows_cuda" : "ik_pair_rows_cuda";
  targs::check_sample(fn, "x", x, dx, n);
  targs::check_sample(fn, "y", y, dy, n);
  if (centred) {
    targs::check_values(fn, "va", va, n);
    targs::check_values(fn, "vb", vb, n);
    targs::check_values(fn, "ca", ca, n);
    targs::check_values(fn, "cb", cb, n);
    targs::check_value(fn, "ga", ga);
    targs::check_value(fn, "gb", gb);
  }
  targs::check_out(fn, "out", out);
  Args a{};
  a.n = n;
  a.q = centred ? IK_PAIR_CENTRED_LEN : IK_PAIR_ROWS_LEN;
  a.fx = targs::pair_fn(fn, "x", kind_x, sigma_x);
  a.fy = targs::pair_fn(fn, "y", kind_y, sigma_y);
  a.dx = dx;
  a.dy = dy;
  ik::cuda::require_device();
  const std::size_t un = static_cast<std::size_t>(n);
  DeviceBuffer<double> dxv = to_device(x, un * dx), dyv = to_device(y, un * dy);
  DeviceBuffer<double> dva, dvb, dca, dcb;
  if (centred) {
    dva = to_device(va, un);
    dvb = to_device(vb, un);
    dca = to_device(ca, un);
    dcb = to_device(cb, un);
  }
  DeviceBuffer<double> dout(un * a.q);
  a.x = dxv.get();
  a.y = dyv.get();
  a.va = dva.get();
  a.vb = dvb.get();
  a.ca = dca.get();
  a.cb = dcb.get();
  a.ga = ga;
  a.gb = gb;
  a.out = dout.get();
  if (centred) {
    launch<kCentredOp, IK_PAIR_CENTRED_LEN>(a);
  } else {
    launch<kRowsOp, IK_PAIR_ROWS_LEN>(a);
  }
  finish(a, out);
}

void pair_matvec(const double* x, int32_t d, int64_t n, int32_t kind, double sigma, const double* v, int32_t m,
                 double* out) {
  const std::string fn = "ik_pair_matvec_cuda";
  targs::check_sample(fn, "x", x, d, n);
  targs::check_out(fn, "out", out);
  targs::check_count(fn, "m", m);
  targs::check_values(fn, "v", v, n * m);
  Args a{};
  a.n = n;
  a.q = m;
  a.fx = targs::pair_fn(fn, "", kind, sigma);
  a.dx = d;
  ik::cuda::require_device();
  const std::size_t un = static_cast<std::size_t>(n);
  DeviceBuffer<double> dxv = to_device(x, un * d), dvv = to_device(v, un * m), dout(un * m);
  a.x = dxv.get();
  a.y = dxv.get();
  a.dy = d;
  a.v = dvv.get();
  a.out = dout.get();
  launch<kMatvecOp, kMaxQ>(a);
  finish(a, out);
}

void pair_permuted_rows(const double* x, int32_t dx, const double* y_batch, int32_t dy, int64_t n, int32_t batch,
                        int32_t kind_x, double sigma_x, int32_t kind_y, double sigma_y, double* out) {
  const std::string fn = "ik_pair_permuted_rows_cuda";
  targs::check_sample(fn, "x", x, dx, n);
  targs::check_sample(fn, "y", y_batch, dy, n);
  targs::check_out(fn, "out", out);
  targs::check_count(fn, "batch", batch);
  IK_REQUIRE(n * dy <= std::numeric_limits<int64_t>::max() / batch,
             fn + ": n * dy * batch values overflow a 64-bit count");
  targs::check_values(fn, "y_batch", y_batch, n * dy * batch);
  Args a{};
  a.n = n;
  a.q = batch;
  a.fx = targs::pair_fn(fn, "x", kind_x, sigma_x);
  a.fy = targs::pair_fn(fn, "y", kind_y, sigma_y);
  a.dx = dx;
  a.dy = dy;
  ik::cuda::require_device();
  const std::size_t un = static_cast<std::size_t>(n);
  DeviceBuffer<double> dxv = to_device(x, un * dx), dyv = to_device(y_batch, un * dy * batch), dout(un * batch);
  a.x = dxv.get();
  a.y = dyv.get();
  a.out = dout.get();
  launch<kPermutedOp, kMaxQ>(a);
  finish(a, out);
}

}  // namespace

extern "C" {

int32_t ik_pair_rows_cuda(const double* x, int32_t dx, const double* y, int32_t dy, int64_t n, int32_t kind_x,
                          double sigma_x, int32_t kind_y, double sigma_y, int32_t threads, double* out) {
  (void)threads;  // the device decides its own parallelism
  IK_GUARD(pair_rows(x, dx, y, dy, n, kind_x, sigma_x, kind_y, sigma_y, out, false, nullptr, nullptr, nullptr,
                     nullptr, 0.0, 0.0));
}

int32_t ik_pair_centred_rows_cuda(const double* x, int32_t dx, const double* y, int32_t dy, int64_t n,
                                  int32_t kind_x, double sigma_x, int32_t kind_y, double sigma_y, const double* va,
                                  const double* vb, const double* ca, const double* cb, double ga, double gb,
                                  int32_t threads, double* out) {
  (void)threads;
  IK_GUARD(pair_rows(x, dx, y, dy, n, kind_x, sigma_x, kind_y, sigma_y, out, true, va, vb, ca, cb, ga, gb));
}

int32_t ik_pair_matvec_cuda(const double* x, int32_t d, int64_t n, int32_t kind, double sigma, const double* v,
                            int32_t m, int32_t threads, double* out) {
  (void)threads;
  IK_GUARD(pair_matvec(x, d, n, kind, sigma, v, m, out));
}

int32_t ik_pair_permuted_rows_cuda(const double* x, int32_t dx, const double* y_batch, int32_t dy, int64_t n,
                                   int32_t batch, int32_t kind_x, double sigma_x, int32_t kind_y, double sigma_y,
                                   int32_t threads, double* out) {
  (void)threads;
  IK_GUARD(pair_permuted_rows(x, dx, y_batch, dy, n, batch, kind_x, sigma_x, kind_y, sigma_y, out));
}

}  // extern "C"
