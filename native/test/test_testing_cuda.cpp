// test_testing_cuda.cpp -- the cuda entries of the testing family against the cpu entries
// (themselves tested against naive loops by test_testing_cpu.cpp): ik_pair_rows_cuda,
// ik_pair_centred_rows_cuda, ik_pair_matvec_cuda (m = 1, 2, 9) and ik_pair_permuted_rows_cuda
// (batch = 1, 5), for n = 1, 2, 17, 129, 1000, 4097 (around and across the 128-row blocks and
// the 256-column spans), dx, dy in {1, 3, 64}, the three pair functions. Tolerance 1e-12 relative
// to the magnitude of the summed terms (the same sums of |values|, computed by the cpu entry on
// |x|, |y| for the linear kernel). Two cuda runs must give identical bits, and ik_last_path must
// say the cuda kernels ran ("testing_cuda:rows"). Invalid arguments -> IK_EINVAL.
// No usable GPU (or a build without CUDA): prints "skipped: no GPU: <reason>" and exits 77.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "infokernels.h"
#include "test_util.hpp"

using namespace ik_test;

namespace {

const char* fn_name(int k) { return k == IK_PAIR_DISTANCE ? "distance" : kernel_name(k); }

std::vector<double> magnitude_data(const std::vector<double>& v, int kind) {
  if (kind != IK_KERNEL_LINEAR) return v;
  std::vector<double> a(v.size());
  for (size_t q = 0; q < v.size(); ++q) a[q] = std::fabs(v[q]);
  return a;
}

std::vector<double> absolute(std::vector<double> v) {
  for (auto& e : v) e = std::fabs(e);
  return v;
}

// cuda twice (same bits, path named) against cpu; mag: the cpu entry on magnitudes
template <class Cuda>
void compare(const std::string& what, size_t len, Cuda cuda, const std::vector<double>& cpu,
             const std::vector<double>& mag) {
  std::vector<double> first;
  for (int run = 0; run < 2; ++run) {
    std::vector<double> o(len, -1.0);
    if (!check_ok(cuda(o.data()), what)) return;
    check_path("testing_cuda:rows", what);
    if (run == 0) {
      first = o;
      for (size_t q = 0; q < len; ++q)
        check_rel(o[q], cpu[q], mag[q], what + " value " + std::to_string(q), 1e-12, "cuda", "cpu");
    } else if (!same_bits(first, o)) {
      fail(what + ": bits differ between two cuda runs");
    }
  }
}

void run_case(int64_t n, int dx, int dy, int kx, int ky, std::mt19937_64& rng) {
  const size_t un = static_cast<size_t>(n);
  const auto x = gauss(n, dx, rng);
  const auto y = gauss(n, dy, 0.5, rng);
  const double sx = std::sqrt(static_cast<double>(dx)), sy = 0.7 * std::sqrt(static_cast<double>(dy));
  const auto xa = magnitude_data(x, kx), ya = magnitude_data(y, ky);
  char name[200];
  std::snprintf(name, sizeof name, " n=%lld dx=%d dy=%d fx=%s fy=%s", static_cast<long long>(n), dx, dy, fn_name(kx),
                fn_name(ky));

  std::vector<double> cpu(un * IK_PAIR_ROWS_LEN), mag(un * IK_PAIR_ROWS_LEN);
  if (!check_ok(ik_pair_rows_cpu(x.data(), dx, y.data(), dy, n, kx, sx, ky, sy, 0, cpu.data()), "cpu rows") ||
      !check_ok(ik_pair_rows_cpu(xa.data(), dx, ya.data(), dy, n, kx, sx, ky, sy, 0, mag.data()), "cpu rows"))
    return;
  compare(std::string("ik_pair_rows_cuda") + name, un * IK_PAIR_ROWS_LEN, [&](double* o) {
    return ik_pair_rows_cuda(x.data(), dx, y.data(), dy, n, kx, sx, ky, sy, 0, o);
  }, cpu, mag);

  std::vector<double> va(un), vb(un), ca(un), cb(un);
  double ga = 0, gb = 0;
  for (int64_t i = 0; i < n; ++i) {
    va[i] = cpu[i * 5];
    vb[i] = std::cos(static_cast<double>(i));
    ca[i] = cpu[i * 5] / n;
    cb[i] = cpu[i * 5 + 1] / n;
    ga += cpu[i * 5] / (static_cast<double>(n) * n);
    gb += cpu[i * 5 + 1] / (static_cast<double>(n) * n);
  }
  std::vector<double> ccpu(un * IK_PAIR_CENTRED_LEN), cmag(un * IK_PAIR_CENTRED_LEN);
  const auto ava = absolute(va), avb = absolute(vb), aca = absolute(ca), acb = absolute(cb);
  if (!check_ok(ik_pair_centred_rows_cpu(x.data(), dx, y.data(), dy, n, kx, sx, ky, sy, va.data(), vb.data(),
                                         ca.data(), cb.data(), ga, gb, 0, ccpu.data()), "cpu centred") ||
      !check_ok(ik_pair_centred_rows_cpu(xa.data(), dx, ya.data(), dy, n, kx, sx, ky, sy, ava.data(), avb.data(),
                                         aca.data(), acb.data(), -std::fabs(ga), -std::fabs(gb), 0, cmag.data()),
                "cpu centred"))
    return;
  // the magnitude run subtracts |ca| where the real one may add: bound (A B)^2 by 4x the
  // magnitude run's value plus the real one
  for (int64_t i = 0; i < n; ++i) cmag[i * 5 + 4] = 4.0 * (std::fabs(cmag[i * 5 + 4]) + std::fabs(ccpu[i * 5 + 4]));
  compare(std::string("ik_pair_centred_rows_cuda") + name, un * IK_PAIR_CENTRED_LEN, [&](double* o) {
    return ik_pair_centred_rows_cuda(x.data(), dx, y.data(), dy, n, kx, sx, ky, sy, va.data(), vb.data(), ca.data(),
                                     cb.data(), ga, gb, 0, o);
  }, ccpu, cmag);

  for (int m : {1, 2, 9}) {
    std::vector<double> v(un * m);
    std::normal_distribution<double> g(0.0, 1.0);
    for (auto& e : v) e = g(rng);
    const auto av = absolute(v);
    std::vector<double> mcpu(un * m), mmag(un * m);
    if (!check_ok(ik_pair_matvec_cpu(x.data(), dx, n, kx, sx, v.data(), m, 0, mcpu.data()), "cpu matvec") ||
        !check_ok(ik_pair_matvec_cpu(xa.data(), dx, n, kx, sx, av.data(), m, 0, mmag.data()), "cpu matvec"))
      return;
    compare(std::string("ik_pair_matvec_cuda m=") + std::to_string(m) + name, un * m, [&](double* o) {
      return ik_pair_matvec_cuda(x.data(), dx, n, kx, sx, v.data(), m, 0, o);
    }, mcpu, mmag);
  }

  for (int batch : {1, 5}) {
    std::vector<double> yb(un * dy * batch), yab(un * dy * batch);
    std::vector<int64_t> p(un);
    for (int k = 0; k < batch; ++k) {
      for (int64_t i = 0; i < n; ++i) p[i] = i;
      std::shuffle(p.begin(), p.end(), rng);
      for (int64_t i = 0; i < n; ++i)
        for (int c = 0; c < dy; ++c) {
          yb[(k * n + i) * dy + c] = y[p[i] * dy + c];
          yab[(k * n + i) * dy + c] = ya[p[i] * dy + c];
        }
    }
    std::vector<double> pcpu(un * batch), pmag(un * batch);
    if (!check_ok(ik_pair_permuted_rows_cpu(x.data(), dx, yb.data(), dy, n, batch, kx, sx, ky, sy, 0, pcpu.data()),
                  "cpu permuted") ||
        !check_ok(ik_pair_permuted_rows_cpu(xa.data(), dx, yab.data(), dy, n, batch, kx, sx, ky, sy, 0, pmag.data()),
                  "cpu permuted"))
      return;
    compare(std::string("ik_pair_permuted_rows_cuda batch=") + std::to_string(batch) + name, un * batch,
            [&](double* o) {
              return ik_pair_permuted_rows_cuda(x.data(), dx, yb.data(), dy, n, batch, kx, sx, ky, sy, 0, o);
            },
            pcpu, pmag);
  }
}

void test_invalid() {
  const double x[4] = {0, 1, 2, 3};
  double out[64];
  const int32_t cases[] = {
      ik_pair_rows_cuda(nullptr, 1, x, 1, 4, IK_PAIR_DISTANCE, 0, IK_PAIR_DISTANCE, 0, 0, out),
      ik_pair_rows_cuda(x, 1, x, 1, 4, 9, 0, IK_PAIR_DISTANCE, 0, 0, out),
      ik_pair_matvec_cuda(x, 1, 4, IK_KERNEL_RBF, -1.0, x, 1, 0, out),
      ik_pair_permuted_rows_cuda(x, 1, x, 1, 4, 65, IK_PAIR_DISTANCE, 0, IK_PAIR_DISTANCE, 0, 0, out),
  };
  int q = 0;
  for (int32_t st : cases) {
    check_true(st == IK_EINVAL, "invalid arguments case " + std::to_string(q++) + ": status " + std::to_string(st));
    check_path("", "invalid arguments");
  }
}

}  // namespace

int main() {
  if (!have_gpu()) return kSkipped;
  test_invalid();
  const int dims[3] = {1, 3, 64};
  const int combos[3][2] = {{IK_PAIR_DISTANCE, IK_PAIR_DISTANCE}, {IK_KERNEL_RBF, IK_KERNEL_LINEAR},
                            {IK_KERNEL_LINEAR, IK_KERNEL_RBF}};
  uint64_t seed = 1;
  for (int64_t n : {1, 2, 17, 129, 1000, 4097}) {
    for (int di = 0; di < 3; ++di) {
      for (const auto& kk : combos) {
        std::mt19937_64 rng(seed++);
        run_case(n, dims[di], dims[(di + 1) % 3], kk[0], kk[1], rng);
      }
    }
  }
  std::printf("%d checks, %d failures (worst error / bound %.3g)\n", g_checks, g_failures, g_worst);
  return g_failures == 0 ? 0 : 1;
}
