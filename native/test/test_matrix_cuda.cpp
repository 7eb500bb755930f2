// test_matrix_cuda.cpp -- ik_batched_sym_eigenvalues_cuda (parallel Jacobi, one block per matrix)
// against ik_batched_sym_eigenvalues_cpu (LAPACK dsyevd; itself tested by test_matrix_cpu.cpp),
// or against the sequential Jacobi routine of test_util.hpp when the library has no LAPACK
// (ik_lapack_compiled() == 0; with LAPACK an error of the cpu entry is a failure):
//   * n = 1, 2, 3, 4, 5, 17, 64, 127, 128 and the device maximum, batches of 1, 7, 32 and 200
//     (more blocks than SMs), and one batch larger than a 512 MiB chunk at the maximum n;
//   * random symmetric, low-rank PSD, diagonal with spread magnitudes, identity, zero matrices;
//   * tolerance 1e-13 ||A||_F per eigenvalue, ascending order; two runs give identical bits;
//   * ik_last_path "eigen_cuda:jacobi" after each call ("" after a failing one);
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
#include "test_util.hpp"

// test_util.hpp: fail, check_ok, check_true, make_symmetric, cyclic_jacobi_eigenvalues, have_gpu
using namespace ik_test;

namespace {

// The cpu entry (LAPACK) when the library has it -- then any error of it is a failure -- else this
// test's Jacobi routine. Returns an empty vector after a failure.
std::vector<double> reference(const std::vector<double>& a, int64_t batch, int n, const char* ctx) {
  std::vector<double> w(static_cast<size_t>(batch) * n);
  if (ik_lapack_compiled()) {
    const int32_t st = ik_batched_sym_eigenvalues_cpu(a.data(), batch, n, 0, w.data());
    ++g_checks;
    if (st == IK_OK) return w;
    fail(std::string(ctx) + ": ik_batched_sym_eigenvalues_cpu status " + std::to_string(st) + " " + ik_last_error());
    return {};
  }
  const size_t nn = static_cast<size_t>(n) * n;
  for (int64_t b = 0; b < batch; ++b) {
    const auto wb = cyclic_jacobi_eigenvalues(std::vector<double>(a.begin() + b * nn, a.begin() + (b + 1) * nn), n);
    std::copy(wb.begin(), wb.end(), w.begin() + b * n);
  }
  return w;
}

void run_batch(int64_t batch, int n, uint64_t seed, bool time_it = false) {
  std::mt19937_64 rng(seed);
  const size_t nn = static_cast<size_t>(n) * n;
  std::vector<double> a(static_cast<size_t>(batch) * nn);
  for (int64_t b = 0; b < batch; ++b) {
    const auto m = make_symmetric(static_cast<int>(b % 5), n, rng);
    std::copy(m.begin(), m.end(), a.begin() + static_cast<std::ptrdiff_t>(b * nn));
  }
  char ctx[160];
  std::snprintf(ctx, sizeof ctx, "batch=%lld n=%d seed=%llu", static_cast<long long>(batch), n,
                static_cast<unsigned long long>(seed));
  const auto want = reference(a, batch, n, ctx);
  if (want.empty()) return;
  std::vector<double> w1(want.size()), w2(want.size());
  const auto t0 = std::chrono::steady_clock::now();
  int32_t st = ik_batched_sym_eigenvalues_cuda(a.data(), batch, n, 0, w1.data());
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  ++g_checks;
  if (st != IK_OK) {
    fail(std::string(ctx) + ": status " + std::to_string(st) + " " + ik_last_error());
    return;
  }
  check_path("eigen_cuda:jacobi", ctx);
  if (time_it) std::printf("%s: %.3f ms (incl. transfers)\n", ctx, secs * 1e3);
  if (check_ok(ik_batched_sym_eigenvalues_cuda(a.data(), batch, n, 0, w2.data()), std::string(ctx) + " second run"))
    check_true(std::memcmp(w1.data(), w2.data(), w1.size() * sizeof(double)) == 0, std::string(ctx) + ": two runs differ");
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
  check_path("", what);
}

}  // namespace

int main() {
  if (!have_gpu()) return kSkipped;
  char desc[256] = "?";
  check_ok(ik_cuda_device_describe(0, desc, sizeof desc), "ik_cuda_device_describe(0)");
  int32_t max_n = 0;
  if (ik_batched_sym_eigenvalues_cuda_max_n(&max_n) != IK_OK || max_n < 4) {
    std::printf("FAIL ik_batched_sym_eigenvalues_cuda_max_n: %d (%s)\n", max_n, ik_last_error());
    return 1;
  }
  std::printf("device 0: %s; batched Jacobi up to n = %d\n", desc, max_n);
  std::printf("reference: %s\n", ik_lapack_compiled() ? "ik_batched_sym_eigenvalues_cpu (LAPACK)"
                                                       : "the Jacobi routine of test_util.hpp (built without LAPACK)");

  double a[4] = {2, 1, 1, 2}, w[2];
  expect_einval(ik_batched_sym_eigenvalues_cuda(nullptr, 1, 2, 0, w), "a=NULL");
  expect_einval(ik_batched_sym_eigenvalues_cuda(a, 1, 2, 0, nullptr), "out_w=NULL");
  expect_einval(ik_batched_sym_eigenvalues_cuda(a, 0, 2, 0, w), "batch=0");
  expect_einval(ik_batched_sym_eigenvalues_cuda(a, 1, 0, 0, w), "n=0");
  {
    std::vector<double> big(static_cast<size_t>(max_n + 1) * (max_n + 1), 0.0), wb(max_n + 1);
    expect_einval(ik_batched_sym_eigenvalues_cuda(big.data(), 1, max_n + 1, 0, wb.data()), "n = max_n + 1");
  }
  if (check_ok(ik_batched_sym_eigenvalues_cuda(a, 1, 2, 0, w), "[[2,1],[1,2]]")) {
    check_path("eigen_cuda:jacobi", "[[2,1],[1,2]]");
    check_true(std::fabs(w[0] - 1.0) <= 1e-15 && std::fabs(w[1] - 3.0) <= 1e-15, "[[2,1],[1,2]] -> 1, 3");
  }

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
