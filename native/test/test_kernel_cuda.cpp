// test_kernel_cuda.cpp -- the cuda entries of the kernel family against the cpu entries
// (themselves tested against naive loops by test_kernel_cpu.cpp): ik_pair_sums_cuda (nine sums
// and both row sums) and ik_kernel_matvec_cuda (m = 1, 5, 11), for n = 1, 2, 17, 64, 65, 1000,
// 4097 (around and across the 64-row device tiles), dx, dy in {1, 3, 64, 100}, RBF and linear
// kernels in every combination, y == NULL. Tolerance 1e-12 relative to the magnitude of the
// summed terms (for linear kernels: the same sums over |x|, |y|, computed by the cpu entry).
// Two cuda runs must give identical bits, and ik_last_path must say the cuda kernels ran
// ("kernel_cuda:tiled"). Invalid arguments -> IK_EINVAL.
// No usable GPU (or a build without CUDA): prints "skipped: no GPU: <reason>" and exits 77.
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

// test_util.hpp: fail, check_ok, check_true, check_rel, same_bits, gauss, kernel_name, have_gpu
using namespace ik_test;

namespace {

// the cuda value against the cpu one: 1e-12 relative to the magnitude of the summed terms
void check_vs_cpu(double got, double want, double scale, const std::string& what) {
  check_rel(got, want, scale, what, 1e-12, "cuda", "cpu");
}

// |v| for linear kernels: sums over |x| bound the magnitude of the terms of the sums over x
std::vector<double> magnitude_data(const std::vector<double>& v, int kernel) {
  if (kernel == IK_KERNEL_RBF) return v;
  std::vector<double> a(v.size());
  for (size_t q = 0; q < v.size(); ++q) a[q] = std::fabs(v[q]);
  return a;
}

void run_case(int64_t n, int dx, int dy, int kx, int ky, bool has_y, std::mt19937_64& rng) {
  const auto x = gauss(n, dx, rng);
  const auto y = gauss(n, dy, rng);
  const double sx = std::sqrt(static_cast<double>(dx)), sy = 0.7 * std::sqrt(static_cast<double>(dy));
  const double* yp = has_y ? y.data() : nullptr;
  const auto xa = magnitude_data(x, kx), ya = magnitude_data(y, ky);
  const double* yap = has_y ? ya.data() : nullptr;
  char name[200];
  std::snprintf(name, sizeof name, "n=%lld dx=%d dy=%d kx=%s ky=%s%s", static_cast<long long>(n), dx, has_y ? dy : 0,
                kernel_name(kx), has_y ? kernel_name(ky) : "-", has_y ? "" : " y=NULL");
  const size_t un = static_cast<size_t>(n);

  // ---- pair sums
  std::vector<double> cs(IK_PAIR_SUMS_LEN), ms(IK_PAIR_SUMS_LEN), crk(un), crl(un), mrk(un), mrl(un);
  if (ik_pair_sums_cpu(x.data(), dx, yp, dy, n, kx, sx, ky, sy, 0, cs.data(), crk.data(), crl.data()) != IK_OK ||
      ik_pair_sums_cpu(xa.data(), dx, yap, dy, n, kx, sx, ky, sy, 0, ms.data(), mrk.data(), mrl.data()) != IK_OK) {
    fail(std::string("ik_pair_sums_cpu ") + name + ": " + ik_last_error());
    return;
  }
  std::vector<double> first;
  for (int run = 0; run < 2; ++run) {
    std::vector<double> gs(IK_PAIR_SUMS_LEN, -1.0), grk(un, -1.0), grl(un, -1.0);
    const std::string what = std::string("ik_pair_sums_cuda ") + name + " run " + std::to_string(run);
    const int32_t st = ik_pair_sums_cuda(x.data(), dx, yp, dy, n, kx, sx, ky, sy, 0, gs.data(), grk.data(), grl.data());
    if (st != IK_OK) {
      fail(what + ": status " + std::to_string(st) + " " + ik_last_error());
      return;
    }
    check_path("kernel_cuda:tiled", what);
    for (int q = 0; q < IK_PAIR_SUMS_LEN; ++q)
      check_vs_cpu(gs[q], cs[q], std::fabs(ms[q]), what + " sum[" + std::to_string(q) + "]");
    for (size_t i = 0; i < un; ++i) {
      check_vs_cpu(grk[i], crk[i], std::fabs(mrk[i]), what + " row_k[" + std::to_string(i) + "]");
      check_vs_cpu(grl[i], crl[i], std::fabs(mrl[i]), what + " row_l[" + std::to_string(i) + "]");
    }
    std::vector<double> all = gs;
    all.insert(all.end(), grk.begin(), grk.end());
    all.insert(all.end(), grl.begin(), grl.end());
    ++g_checks;
    if (run == 0)
      first = all;
    else if (!same_bits(all, first))
      fail(what + ": bits differ between two cuda runs");
  }
  {
    std::vector<double> gs(IK_PAIR_SUMS_LEN);
    const std::string what = std::string("ik_pair_sums_cuda ") + name + " rows=NULL";
    if (check_ok(ik_pair_sums_cuda(x.data(), dx, yp, dy, n, kx, sx, ky, sy, 0, gs.data(), nullptr, nullptr), what))
      check_true(std::memcmp(gs.data(), first.data(), sizeof(double) * IK_PAIR_SUMS_LEN) == 0,
                 what + ": bits differ from the call with row outputs");
  }

  // ---- mat-vec
  for (int m : {1, 5, 11}) {
    const auto v = gauss(n, m, rng);
    std::vector<double> va(v.size());
    for (size_t q = 0; q < v.size(); ++q) va[q] = std::fabs(v[q]);
    const size_t len = un * static_cast<size_t>(m);
    std::vector<double> co(len), mo(len);
    if (ik_kernel_matvec_cpu(x.data(), dx, yp, dy, n, kx, sx, ky, sy, v.data(), m, 0, co.data()) != IK_OK ||
        ik_kernel_matvec_cpu(xa.data(), dx, yap, dy, n, kx, sx, ky, sy, va.data(), m, 0, mo.data()) != IK_OK) {
      fail(std::string("ik_kernel_matvec_cpu ") + name + ": " + ik_last_error());
      return;
    }
    std::vector<double> firstv;
    for (int run = 0; run < 2; ++run) {
      std::vector<double> go(len, -1.0);
      const std::string what = std::string("ik_kernel_matvec_cuda ") + name + " m=" + std::to_string(m) + " run " +
                               std::to_string(run);
      const int32_t st = ik_kernel_matvec_cuda(x.data(), dx, yp, dy, n, kx, sx, ky, sy, v.data(), m, 0, go.data());
      if (st != IK_OK) {
        fail(what + ": status " + std::to_string(st) + " " + ik_last_error());
        return;
      }
      check_path("kernel_cuda:tiled", what);
      for (size_t q = 0; q < len; ++q)
        check_vs_cpu(go[q], co[q], std::fabs(mo[q]), what + " out[" + std::to_string(q) + "]");
      ++g_checks;
      if (run == 0)
        firstv = go;
      else if (!same_bits(go, firstv))
        fail(what + ": bits differ between two cuda runs");
    }
  }
}

void expect_einval(int32_t status, const char* what) {
  ++g_checks;
  if (status != IK_EINVAL) fail(std::string("invalid argument not rejected: ") + what + " (status " + std::to_string(status) + ")");
  check_path("", what);
}

void test_invalid() {
  const double x[6] = {0, 1, 2, 3, 4, 5};
  double s[IK_PAIR_SUMS_LEN], out[3], v[3] = {1, 1, 1};
  const int R = IK_KERNEL_RBF;
  expect_einval(ik_pair_sums_cuda(nullptr, 2, nullptr, 0, 3, R, 1, R, 1, 0, s, nullptr, nullptr), "pair_sums x=NULL");
  expect_einval(ik_pair_sums_cuda(x, 2, nullptr, 0, 3, R, 1, R, 1, 0, nullptr, nullptr, nullptr), "pair_sums out=NULL");
  expect_einval(ik_pair_sums_cuda(x, 2, nullptr, 0, 0, R, 1, R, 1, 0, s, nullptr, nullptr), "pair_sums n=0");
  expect_einval(ik_pair_sums_cuda(x, 0, nullptr, 0, 3, R, 1, R, 1, 0, s, nullptr, nullptr), "pair_sums dx=0");
  expect_einval(ik_pair_sums_cuda(x, 2, nullptr, 0, 3, R, -1, R, 1, 0, s, nullptr, nullptr), "pair_sums sigma<0");
  expect_einval(ik_pair_sums_cuda(x, 2, x, 2, 3, R, 1, 3, 1, 0, s, nullptr, nullptr), "pair_sums kernel_y=3");
  expect_einval(ik_kernel_matvec_cuda(x, 2, nullptr, 0, 3, R, 1, R, 1, v, 0, 0, out), "matvec m=0");
  expect_einval(ik_kernel_matvec_cuda(x, 2, nullptr, 0, 3, R, 1, R, 1, nullptr, 1, 0, out), "matvec v=NULL");
  expect_einval(ik_kernel_matvec_cuda(x, 2, nullptr, 0, 3, R, NAN, R, 1, v, 1, 0, out), "matvec sigma=NaN");
}

}  // namespace

int main() {
  if (!have_gpu()) return kSkipped;
  char desc[256];
  if (check_ok(ik_cuda_device_describe(0, desc, sizeof desc), "ik_cuda_device_describe(0)"))
    std::printf("device 0: %s\n", desc);

  test_invalid();
  const int dims[4] = {1, 3, 64, 100};
  const int combos[4][2] = {{IK_KERNEL_RBF, IK_KERNEL_RBF},
                            {IK_KERNEL_LINEAR, IK_KERNEL_LINEAR},
                            {IK_KERNEL_RBF, IK_KERNEL_LINEAR},
                            {IK_KERNEL_LINEAR, IK_KERNEL_RBF}};
  uint64_t seed = 1;
  for (int64_t n : {1, 2, 17, 64, 65, 1000, 4097}) {
    for (int di = 0; di < 4; ++di) {
      const int dx = dims[di], dy = dims[(di + 1) % 4];
      if (n == 4097 && di != 2) continue;  // the big n once, at d = 64 / 100
      for (const auto& kk : combos) {
        std::mt19937_64 rng(seed++);
        run_case(n, dx, dy, kk[0], kk[1], true, rng);
      }
      for (int k : {IK_KERNEL_RBF, IK_KERNEL_LINEAR}) {
        std::mt19937_64 rng(seed++);
        run_case(n, dx, dy, k, k, false, rng);
      }
    }
  }
  std::printf("worst error: %.3g of the 1e-12 tolerance\n", g_worst);
  std::printf("%s: %d checks, %d failures\n", g_failures ? "FAILED" : "ok", g_checks, g_failures);
  return g_failures ? 1 : 0;
}
