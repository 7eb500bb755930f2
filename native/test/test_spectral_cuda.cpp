// test_spectral_cuda.cpp -- ik_batched_sym_eigenvalues_cuda (parallel Jacobi, one block per matrix)
// against ik_batched_sym_eigenvalues_cpu (LAPACK dsyevd; itself tested by test_spectral_cpu.cpp),
// or against a sequential Jacobi routine written here when the library has no LAPACK:
//   * n = 1, 2, 3, 4, 5, 17, 64, 127, 128 and the device maximum, batches of 1, 7, 32 and 200
//     (more blocks than SMs), and one batch larger than a 512 MiB chunk at the maximum n;
//   * random symmetric, low-rank PSD, diagonal with spread magnitudes, identity, zero matrices;
//   * tolerance 1e-13 ||A||_F per eigenvalue, ascending order; two runs give identical bits;
//   * n above ik_batched_sym_eigenvalues_cuda_max_n and invalid arguments -> IK_EINVAL.
// No usable GPU (or a build without CUDA): prints "skipped: no GPU: <reason>" and exits 77.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "infokernels.h"

namespace {

int g_failures = 0;
int g_checks = 0;
double g_worst = 0.0;
bool g_have_lapack = true;

void fail(const std::string& what) {
  if (++g_failures <= 40) std::printf("FAIL %s\n", what.c_str());
}

std::vector<double> jacobi_eigenvalues(std::vector<double> a, int n) {
  for (int sweep = 0; sweep < 100; ++sweep) {
    double off = 0.0, fro = 0.0;
    for (int i = 0; i < n * n; ++i) fro += a[i] * a[i];
    for (int i = 0; i < n; ++i)
      for (int j = 0; j < n; ++j)
        if (i != j) off += a[i * n + j] * a[i * n + j];
    if (off <= 1e-34 * fro || off == 0.0) break;
    for (int p = 0; p < n - 1; ++p)
      for (int q = p + 1; q < n; ++q) {
        const double apq = a[p * n + q];
        if (apq == 0.0) continue;
        const double theta = (a[q * n + q] - a[p * n + p]) / (2.0 * apq);
        const double t = (theta >= 0 ? 1.0 : -1.0) / (std::fabs(theta) + std::sqrt(theta * theta + 1.0));
        const double c = 1.0 / std::sqrt(t * t + 1.0), s = t * c;
        for (int k = 0; k < n; ++k) {
          const double akp = a[k * n + p], akq = a[k * n + q];
          a[k * n + p] = c * akp - s * akq;
          a[k * n + q] = s * akp + c * akq;
        }
        for (int k = 0; k < n; ++k) {
          const double apk = a[p * n + k], aqk = a[q * n + k];
          a[p * n + k] = c * apk - s * aqk;
          a[q * n + k] = s * apk + c * aqk;
        }
        a[p * n + q] = a[q * n + p] = 0.0;
      }
  }
  std::vector<double> w(n);
  for (int i = 0; i < n; ++i) w[i] = a[i * n + i];
  std::sort(w.begin(), w.end());
  return w;
}

std::vector<double> make(int kind, int n, std::mt19937_64& rng) {
  std::normal_distribution<double> g(0.0, 1.0);
  std::vector<double> a(static_cast<size_t>(n) * n, 0.0);
  if (kind == 0) {
    for (int i = 0; i < n; ++i)
      for (int j = i; j < n; ++j) a[i * n + j] = a[j * n + i] = g(rng);
  } else if (kind == 1) {
    const int r = std::max(1, n / 3);
    std::vector<double> x(static_cast<size_t>(r) * n);
    for (auto& v : x) v = g(rng);
    for (int i = 0; i < n; ++i)
      for (int j = 0; j < n; ++j) {
        double s = 0;
        for (int k = 0; k < r; ++k) s += x[k * n + i] * x[k * n + j];
        a[i * n + j] = s / r;
      }
  } else if (kind == 2) {
    for (int i = 0; i < n; ++i) a[i * n + i] = g(rng) * std::pow(10.0, static_cast<double>(i % 7) - 3.0);
  } else if (kind == 3) {
    for (int i = 0; i < n; ++i) a[i * n + i] = 1.0;
  }
  return a;
}

std::vector<double> reference(const std::vector<double>& a, int64_t batch, int n) {
  std::vector<double> w(static_cast<size_t>(batch) * n);
  if (g_have_lapack) {
    if (ik_batched_sym_eigenvalues_cpu(a.data(), batch, n, 0, w.data()) == IK_OK) return w;
    g_have_lapack = false;
    std::printf("note: cpu entry unavailable (%s); the reference is this test's Jacobi routine\n", ik_last_error());
  }
  const size_t nn = static_cast<size_t>(n) * n;
  for (int64_t b = 0; b < batch; ++b) {
    const auto wb = jacobi_eigenvalues(std::vector<double>(a.begin() + b * nn, a.begin() + (b + 1) * nn), n);
    std::copy(wb.begin(), wb.end(), w.begin() + b * n);
  }
  return w;
}

void run_batch(int64_t batch, int n, uint64_t seed, bool time_it = false) {
  std::mt19937_64 rng(seed);
  const size_t nn = static_cast<size_t>(n) * n;
  std::vector<double> a(static_cast<size_t>(batch) * nn);
  for (int64_t b = 0; b < batch; ++b) {
    const auto m = make(static_cast<int>(b % 5), n, rng);
    std::copy(m.begin(), m.end(), a.begin() + static_cast<std::ptrdiff_t>(b * nn));
  }
  char ctx[160];
  std::snprintf(ctx, sizeof ctx, "batch=%lld n=%d seed=%llu", static_cast<long long>(batch), n,
                static_cast<unsigned long long>(seed));
  const auto want = reference(a, batch, n);
  std::vector<double> w1(want.size()), w2(want.size());
  const auto t0 = std::chrono::steady_clock::now();
  int32_t st = ik_batched_sym_eigenvalues_cuda(a.data(), batch, n, 0, w1.data());
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  ++g_checks;
  if (st != IK_OK) {
    fail(std::string(ctx) + ": status " + std::to_string(st) + " " + ik_last_error());
    return;
  }
  if (time_it) std::printf("%s: %.3f ms (incl. transfers)\n", ctx, secs * 1e3);
  st = ik_batched_sym_eigenvalues_cuda(a.data(), batch, n, 0, w2.data());
  ++g_checks;
  if (st != IK_OK || std::memcmp(w1.data(), w2.data(), w1.size() * sizeof(double)) != 0)
    fail(std::string(ctx) + ": two runs differ (status " + std::to_string(st) + ")");
  for (int64_t b = 0; b < batch; ++b) {
    double fro = 0;
    for (size_t q = 0; q < nn; ++q) fro += a[b * nn + q] * a[b * nn + q];
    const double tol = 1e-13 * std::max(std::sqrt(fro), 1e-300);
    for (int i = 0; i < n; ++i) {
      ++g_checks;
      const double got = w1[b * n + i], ref = want[b * n + i];
      const double err = std::fabs(got - ref);
      g_worst = std::max(g_worst, err / tol);
      if (!(err <= tol)) {
        char buf[200];
        std::snprintf(buf, sizeof buf, " item %lld w[%d]: cuda %.17g cpu %.17g (|err| %.3g > %.3g)",
                      static_cast<long long>(b), i, got, ref, err, tol);
        fail(ctx + std::string(buf));
      }
      if (i > 0 && !(w1[b * n + i - 1] <= got)) fail(std::string(ctx) + ": not ascending");
    }
  }
}

void expect_einval(int32_t st, const std::string& what) {
  ++g_checks;
  if (st != IK_EINVAL) fail(what + ": expected IK_EINVAL, got " + std::to_string(st) + " " + ik_last_error());
  else if (std::strlen(ik_last_error()) == 0) fail(what + ": IK_EINVAL without a message");
}

}  // namespace

int main() {
  int32_t count = 0;
  if (ik_cuda_device_count(&count) != IK_OK || count == 0) {
    std::printf("skipped: no GPU: %s\n", ik_last_error());
    return 77;
  }
  char desc[256];
  ik_cuda_device_describe(0, desc, sizeof desc);
  int32_t max_n = 0;
  if (ik_batched_sym_eigenvalues_cuda_max_n(&max_n) != IK_OK || max_n < 4) {
    std::printf("FAIL ik_batched_sym_eigenvalues_cuda_max_n: %d (%s)\n", max_n, ik_last_error());
    return 1;
  }
  std::printf("device 0: %s; batched Jacobi up to n = %d\n", desc, max_n);

  double a[4] = {2, 1, 1, 2}, w[2];
  expect_einval(ik_batched_sym_eigenvalues_cuda(nullptr, 1, 2, 0, w), "a=NULL");
  expect_einval(ik_batched_sym_eigenvalues_cuda(a, 1, 2, 0, nullptr), "out_w=NULL");
  expect_einval(ik_batched_sym_eigenvalues_cuda(a, 0, 2, 0, w), "batch=0");
  expect_einval(ik_batched_sym_eigenvalues_cuda(a, 1, 0, 0, w), "n=0");
  {
    std::vector<double> big(static_cast<size_t>(max_n + 1) * (max_n + 1), 0.0), wb(max_n + 1);
    expect_einval(ik_batched_sym_eigenvalues_cuda(big.data(), 1, max_n + 1, 0, wb.data()), "n = max_n + 1");
  }
  ++g_checks;
  if (ik_batched_sym_eigenvalues_cuda(a, 1, 2, 0, w) != IK_OK || std::fabs(w[0] - 1.0) > 1e-15 ||
      std::fabs(w[1] - 3.0) > 1e-15)
    fail(std::string("[[2,1],[1,2]] -> 1, 3: ") + ik_last_error());

  uint64_t seed = 500;
  for (int n : {1, 2, 3, 4, 5, 17, 64, 127, 128, static_cast<int>(max_n)})
    for (int64_t batch : {1, 7, 32, 200}) run_batch(batch, n, seed++, n == 128);
  // more than one 512 MiB chunk of input
  const int64_t per_chunk = (int64_t{512} << 20) / (int64_t{8} * max_n * max_n);
  run_batch(per_chunk + 5, max_n, seed++, true);

  std::printf("worst error: %.3g of the 1e-13 ||A||_F tolerance\n", g_worst);
  std::printf("%s: %d checks, %d failures\n", g_failures ? "FAILED" : "ok", g_checks, g_failures);
  return g_failures ? 1 : 0;
}
