// test_ot_cuda.cpp -- the optimal-transport cuda entries against the cpu entries:
//   ik_sinkhorn_lse_cuda  double: 1e-13 of the terms' size; float: 2e-5 of it (float costs and exp2);
//                         two runs give identical bits; R = 1 and R = 4 row layouts (small and
//                         large n) give the same values;
//   ik_sinkhorn_cuda      alternating and symmetric modes, uniform and random weights, with and
//                         without epsilon scaling: the same iteration count and converged flag as
//                         the cpu, cost and OT_eps to 1e-11 relative, potentials to 1e-9 of their
//                         spread; float mode: cost within 1e-4 relative at a loose tolerance.
// n, m = 1, 7, 33, 300, 517, 3000 (not multiples of the 8/32-row blocks or 128-column tiles), d = 1, 3,
// 20 (d > 16 takes the chunked coordinate path). ik_last_path "ot_cuda:double" / "ot_cuda:float" after
// each call. Invalid arguments -> IK_EINVAL, as on the cpu.
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

// test_util.hpp: fail, check_ok, check_abs, check_true, gauss, random_weights, have_gpu
using namespace ik_test;

namespace {

std::string ctx(const char* entry, int64_t n, int64_t m, int d, double eps, const char* extra) {
  char buf[200];
  std::snprintf(buf, sizeof buf, "%s n=%lld m=%lld d=%d eps=%g%s", entry, static_cast<long long>(n),
                static_cast<long long>(m), d, eps, extra);
  return buf;
}

double sq(const std::vector<double>& x, int64_t i, const std::vector<double>& y, int64_t j, int d) {
  double s = 0;
  for (int c = 0; c < d; ++c) {
    const double t = x[i * d + c] - y[j * d + c];
    s += t * t;
  }
  return s;
}

void lse_case(int64_t n, int64_t m, int d, double eps, std::mt19937_64& rng) {
  const auto x = gauss(n, d, 0.0, rng), y = gauss(m, d, 0.3, rng);
  const auto h = gauss(m, 1, 0.0, rng), lw = gauss(n, 1, 0.0, rng);
  std::vector<double> want(n), got(n), again(n), single(n);
  const std::string where = ctx("ik_sinkhorn_lse_cuda", n, m, d, eps, "");
  if (ik_sinkhorn_lse_cpu(x.data(), n, y.data(), m, d, eps, h.data(), lw.data(), IK_PRECISION_DOUBLE, 0, want.data()) !=
      IK_OK) {
    fail(where + ": cpu failed: " + ik_last_error());
    return;
  }
  const int s1 = ik_sinkhorn_lse_cuda(x.data(), n, y.data(), m, d, eps, h.data(), lw.data(), IK_PRECISION_DOUBLE, 0, got.data());
  if (!check_ok(s1, where + " double")) return;
  check_path("ot_cuda:double", where + " double");
  const int s2 = ik_sinkhorn_lse_cuda(x.data(), n, y.data(), m, d, eps, h.data(), lw.data(), IK_PRECISION_DOUBLE, 0, again.data());
  if (!check_ok(s2, where + " double, second run")) return;
  const int s3 = ik_sinkhorn_lse_cuda(x.data(), n, y.data(), m, d, eps, h.data(), lw.data(), IK_PRECISION_FLOAT, 0, single.data());
  if (!check_ok(s3, where + " float")) return;
  check_path("ot_cuda:float", where + " float");
  for (int64_t i = 0; i < n; ++i) {
    // the exponents' size bounds the rounding: |lw| + |h| + C/eps
    double big = 0;
    for (int64_t j = 0; j < m; ++j) big = std::max(big, std::fabs(h[j]) + sq(x, i, y, j, d) / eps);
    const double scale = std::fabs(lw[i]) + big + 1.0;
    check_abs(got[i], want[i], 1e-13 * scale, where + " double i=" + std::to_string(i));
    check_abs(single[i], want[i], 2e-5 * scale, where + " float i=" + std::to_string(i));
  }
  check_true(std::memcmp(got.data(), again.data(), n * sizeof(double)) == 0, where + ": two runs differ in bits");
}

void solve_case(int64_t n, int64_t m, int d, bool weighted, int mode, double scaling, std::mt19937_64& rng) {
  const bool sym = mode == IK_SINKHORN_SYMMETRIC;
  if (sym) m = n;
  const auto x = gauss(n, d, 0.0, rng);
  const auto y = sym ? x : gauss(m, d, 0.5, rng);
  const double eps = 0.2 * d;
  const auto a = random_weights(n, rng), b = random_weights(m, rng);
  const double* ap = weighted ? a.data() : nullptr;
  const double* bp = weighted ? b.data() : nullptr;
  std::vector<double> fc(n), gc(m), sc(IK_OT_STATS_LEN), fg(n), gg(m), sg(IK_OT_STATS_LEN), sf(IK_OT_STATS_LEN);
  char extra[96];
  std::snprintf(extra, sizeof extra, " %s%s scaling=%g", sym ? "symmetric" : "alternating", weighted ? " weighted" : "",
                scaling);
  const std::string where = ctx("ik_sinkhorn_cuda", n, m, d, eps, extra);
  if (ik_sinkhorn_cpu(x.data(), n, y.data(), m, d, ap, bp, eps, mode, 5000, 1e-9, scaling, IK_PRECISION_DOUBLE, 0,
                      fc.data(), gc.data(), sc.data()) != IK_OK) {
    fail(where + ": cpu failed: " + ik_last_error());
    return;
  }
  const int st = ik_sinkhorn_cuda(x.data(), n, y.data(), m, d, ap, bp, eps, mode, 5000, 1e-9, scaling,
                                  IK_PRECISION_DOUBLE, 0, fg.data(), gg.data(), sg.data());
  if (st != IK_OK) {
    fail(where + ": status " + std::to_string(st) + " " + ik_last_error());
    return;
  }
  check_path("ot_cuda:double", where);
  check_abs(sg[IK_OT_ITERATIONS], sc[IK_OT_ITERATIONS], 0.0, where + " iterations");
  check_abs(sg[IK_OT_CONVERGED], sc[IK_OT_CONVERGED], 0.0, where + " converged");
  check_abs(sg[IK_OT_COST], sc[IK_OT_COST], 1e-11 * std::fabs(sc[IK_OT_COST]) + 1e-300, where + " cost");
  check_abs(sg[IK_OT_REGULARIZED], sc[IK_OT_REGULARIZED], 1e-11 * std::fabs(sc[IK_OT_REGULARIZED]) + 1e-14,
            where + " regularized");
  check_abs(sg[IK_OT_MARGINAL_ERROR], sc[IK_OT_MARGINAL_ERROR], 1e-4 * sc[IK_OT_MARGINAL_ERROR] + 1e-15,
            where + " marginal error");
  double lo = fc[0], hi = fc[0];
  for (double v : fc) lo = std::min(lo, v), hi = std::max(hi, v);
  for (int64_t i = 0; i < n; ++i) check_abs(fg[i], fc[i], 1e-9 * std::max(hi - lo, 1.0), where + " f_" + std::to_string(i));

  // float: the same plan to float accuracy, at a tolerance float can reach
  const int s2 = ik_sinkhorn_cuda(x.data(), n, y.data(), m, d, ap, bp, eps, mode, 5000, 1e-5, scaling,
                                  IK_PRECISION_FLOAT, 0, nullptr, nullptr, sf.data());
  if (!check_ok(s2, where + " float")) return;
  check_path("ot_cuda:float", where + " float");
  check_abs(sf[IK_OT_COST], sc[IK_OT_COST], 1e-4 * std::fabs(sc[IK_OT_COST]) + 1e-12, where + " float cost");
}

void invalid() {
  const double x[4] = {0, 1, 2, 3};
  const double h[4] = {0, 0, 0, 0};
  double out[4], s[IK_OT_STATS_LEN];
  const double unnorm[2] = {0.5, 0.6};
  check_true(ik_sinkhorn_lse_cuda(x, 2, x, 2, 1, 0.0, h, nullptr, IK_PRECISION_DOUBLE, 0, out) == IK_EINVAL, "cuda eps = 0");
  check_true(ik_sinkhorn_lse_cuda(x, 2, x, 2, 1, 1.0, h, nullptr, 5, 0, out) == IK_EINVAL, "cuda precision 5");
  check_true(ik_sinkhorn_cuda(x, 2, x, 2, 1, unnorm, nullptr, 1.0, 0, 10, 1e-9, 0.0, 0, 0, nullptr, nullptr, s) == IK_EINVAL,
             "cuda weights sum 1.1");
  check_path("", "cuda weights sum 1.1");
}

}  // namespace

int main() {
  if (!have_gpu()) return kSkipped;
  char name[256];
  if (check_ok(ik_cuda_device_describe(0, name, sizeof name), "ik_cuda_device_describe(0)"))
    std::printf("device: %s\n", name);
  std::mt19937_64 rng(424242);
  const int64_t sizes[][2] = {{1, 1}, {7, 33}, {33, 7}, {300, 517}, {3000, 2000}, {20000, 300}};
  for (const auto& nm : sizes)
    for (int d : {1, 3, 20}) lse_case(nm[0], nm[1], d, d == 20 ? 5.0 : 0.3, rng);
  const int64_t solve_sizes[][2] = {{1, 1}, {7, 33}, {300, 217}, {3000, 2500}};
  for (const auto& nm : solve_sizes)
    for (int d : {1, 3, 20})
      for (int mode : {IK_SINKHORN_ALTERNATING, IK_SINKHORN_SYMMETRIC}) {
        solve_case(nm[0], nm[1], d, false, mode, 0.0, rng);
        solve_case(nm[0], nm[1], d, true, mode, 0.0, rng);
      }
  solve_case(500, 400, 2, false, IK_SINKHORN_ALTERNATING, 0.5, rng);
  solve_case(500, 500, 2, false, IK_SINKHORN_SYMMETRIC, 0.5, rng);
  invalid();
  std::printf("%d checks, %d failures\n", g_checks, g_failures);
  return g_failures == 0 ? 0 : 1;
}
