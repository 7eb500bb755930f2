// test_matrix_cpu.cpp -- ik_batched_sym_eigenvalues_cpu against a classical cyclic Jacobi routine
// in test_util.hpp (row-by-row sweeps, Numerical Recipes 11.1), independent of LAPACK:
//   * batches of 1, 3 and 32 matrices, n = 1, 2, 3, 17, 64, 128, 130;
//   * random symmetric (indefinite), covariance-like PSD of rank d < n (many zero eigenvalues),
//     diagonal, identity (one eigenvalue of multiplicity n) and zero matrices;
//   * tolerance 1e-13 ||A||_F per eigenvalue (both solvers are backward stable: errors are a
//     small multiple of 1e-16 ||A||_F), ascending order, input left unchanged;
//   * thread counts 1, 2, 3 and 0 (all) give identical bits;
//   * each item equals ik_sym_eigenvalues_cpu on that matrix to the last bit (same LAPACK call);
//   * ik_last_path "eigen_cpu:lapack" after each call, "" after a failing one;
//   * invalid arguments -> IK_EINVAL.
// Built without LAPACK (ik_lapack_compiled() == 0; the entry must then return IK_EINTERNAL "built
// without LAPACK"): prints "skipped: ..." and exits 77. With LAPACK every error is a failure.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "infokernels.h"
#include "test_util.hpp"

// test_util.hpp: fail, check_ok, check_true, make_symmetric, sym_kind_name, cyclic_jacobi_eigenvalues
using namespace ik_test;

namespace {

double frobenius(const double* a, int n) {
  double s = 0;
  for (int i = 0; i < n * n; ++i) s += a[i] * a[i];
  return std::sqrt(s);
}

void expect_einval(int32_t st, const std::string& what) {
  ++g_checks;
  if (st != IK_EINVAL) fail(what + ": expected IK_EINVAL, got " + std::to_string(st));
  else if (std::strlen(ik_last_error()) == 0) fail(what + ": IK_EINVAL without a message");
  check_path("", what);
}

void run_batch(int64_t batch, int n, uint64_t seed) {
  std::mt19937_64 rng(seed);
  const size_t nn = static_cast<size_t>(n) * n;
  std::vector<double> a(static_cast<size_t>(batch) * nn);
  std::vector<int> kinds(static_cast<size_t>(batch));
  for (int64_t b = 0; b < batch; ++b) {
    kinds[b] = static_cast<int>(b % 5);
    const auto m = make_symmetric(kinds[b], n, rng);
    std::copy(m.begin(), m.end(), a.begin() + static_cast<std::ptrdiff_t>(b * nn));
  }
  // the lower triangle must not be read: poison it
  std::vector<double> poisoned = a;
  for (int64_t b = 0; b < batch; ++b)
    for (int i = 0; i < n; ++i)
      for (int j = 0; j < i; ++j) poisoned[b * nn + i * n + j] = 1e300;
  const std::vector<double> before = poisoned;

  std::vector<double> first;
  for (int threads : {1, 2, 3, 0}) {
    std::vector<double> w(static_cast<size_t>(batch) * n, -7.0);
    const int32_t st = ik_batched_sym_eigenvalues_cpu(poisoned.data(), batch, n, threads, w.data());
    char ctx[160];
    std::snprintf(ctx, sizeof ctx, "batch=%lld n=%d threads=%d seed=%llu", static_cast<long long>(batch), n, threads,
                  static_cast<unsigned long long>(seed));
    ++g_checks;
    if (st != IK_OK) {
      fail(std::string(ctx) + ": status " + std::to_string(st) + " " + ik_last_error());
      return;
    }
    check_path("eigen_cpu:lapack", ctx);
    if (poisoned != before) fail(std::string(ctx) + ": the input was modified");
    if (first.empty()) {
      first = w;
      for (int64_t b = 0; b < batch; ++b) {
        const double* ab = a.data() + b * nn;
        const auto want = cyclic_jacobi_eigenvalues(std::vector<double>(ab, ab + nn), n);
        const double scale = std::max(frobenius(ab, n), 1e-300);
        for (int i = 0; i < n; ++i) {
          ++g_checks;
          const double got = w[b * n + i];
          const double err = std::fabs(got - want[i]);
          g_worst = std::max(g_worst, err / (1e-13 * scale));
          if (!(err <= 1e-13 * scale))
            fail(std::string(ctx) + " item " + std::to_string(b) + " (" + sym_kind_name(kinds[b]) + ") w[" +
                 std::to_string(i) + "] = " + std::to_string(got) + " vs jacobi " + std::to_string(want[i]));
          if (i > 0 && !(w[b * n + i - 1] <= got)) fail(std::string(ctx) + ": not ascending");
        }
        // the single-matrix entry on the same matrix: the same LAPACK call, the same bits
        std::vector<double> one(ab, ab + nn), w1(n);
        if (ik_sym_eigenvalues_cpu(one.data(), n, 1, w1.data()) != IK_OK) {
          fail(std::string("ik_sym_eigenvalues_cpu: ") + ik_last_error());
        } else if (std::strcmp(ik_last_path(), "eigen_cpu:lapack") != 0) {
          fail(std::string(ctx) + " item " + std::to_string(b) + ": ik_sym_eigenvalues_cpu ran " + ik_last_path());
        } else if (std::memcmp(w1.data(), w.data() + b * n, n * sizeof(double)) != 0) {
          fail(std::string(ctx) + " item " + std::to_string(b) + ": differs from ik_sym_eigenvalues_cpu");
        }
      }
    } else if (std::memcmp(first.data(), w.data(), w.size() * sizeof(double)) != 0) {
      fail(std::string(ctx) + ": bits differ from threads=1");
    }
  }
}

}  // namespace

int main() {
  double a[4] = {2, 1, 1, 2}, w[2];
  int32_t st = ik_batched_sym_eigenvalues_cpu(a, 1, 2, 1, w);
  if (!ik_lapack_compiled()) {
    // the one allowed skip: a build without LAPACK, which must say so
    if (st != IK_EINTERNAL || std::strstr(ik_last_error(), "without LAPACK") == nullptr) {
      std::printf("FAIL built without LAPACK: expected IK_EINTERNAL \"built without LAPACK\", got %d (%s)\n", st,
                  ik_last_error());
      return 1;
    }
    std::printf("skipped: %s\n", ik_last_error());
    return kSkipped;
  }
  if (check_ok(st, "[[2,1],[1,2]]")) check_path("eigen_cpu:lapack", "[[2,1],[1,2]]");
  if (st == IK_OK)
    check_true(std::fabs(w[0] - 1.0) <= 1e-15 && std::fabs(w[1] - 3.0) <= 1e-15, "[[2,1],[1,2]] -> 1, 3");

  expect_einval(ik_batched_sym_eigenvalues_cpu(nullptr, 1, 2, 1, w), "a=NULL");
  expect_einval(ik_batched_sym_eigenvalues_cpu(a, 1, 2, 1, nullptr), "out_w=NULL");
  expect_einval(ik_batched_sym_eigenvalues_cpu(a, 0, 2, 1, w), "batch=0");
  expect_einval(ik_batched_sym_eigenvalues_cpu(a, 1, 0, 1, w), "n=0");
  expect_einval(ik_batched_sym_eigenvalues_cpu(a, INT64_MAX / 2, 1 << 20, 1, w), "batch*n*n overflows");

  uint64_t seed = 100;
  for (int n : {1, 2, 3, 17, 64, 128, 130})
    for (int64_t batch : {1, 3, 32}) {
      if (n == 130 && batch == 32) continue;
      run_batch(batch, n, seed++);
    }
  std::printf("worst error: %.3g of the 1e-13 ||A||_F tolerance\n", g_worst);
  std::printf("%s: %d checks, %d failures\n", g_failures ? "FAILED" : "ok", g_checks, g_failures);
  return g_failures ? 1 : 0;
}
