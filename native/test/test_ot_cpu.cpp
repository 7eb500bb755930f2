// test_ot_cpu.cpp -- the optimal-transport cpu entries against a naive dense log-domain loop
// written here over the explicit n x m cost matrix (C_ij = |x_i - y_j|^2 from coordinate
// differences, two-pass log-sum-exp, POT's sinkhorn_log with the plan's column sums recomputed at
// every check, Feydy's averaged symmetric update, plan statistics from the explicit plan):
//   ik_sinkhorn_lse_cpu   out_i = lw_i - LSE_j(h_j - C_ij/eps), with and without lw;
//   ik_sinkhorn_cpu       alternating and symmetric modes, uniform and random weights:
//                         identical iteration count and converged flag, cost and OT_eps to 1e-10
//                         relative, marginal error to 1e-6 relative (it is a difference of
//                         nearly equal sums), potentials to 1e-9 of their spread.
// n, m = 1, 2, 7, 33, 200, 300, 517 (not multiples of the tiles), d = 1, 3, 20. Thread counts
// 1, 2, 3 give identical bits. Everything runs once per instruction set the CPU has (the larger
// whole solves on the widest one only: they exercise the same kernels), and ik_last_path must name
// that set ("ot_cpu:<isa>"; "" after a failing call). Also:
// POT's example X = Y = [[0],[1]], eps = 1 -> <P,M> = 0.26894142136999516; eps = 1e-3 x the median
// cost stays finite; epsilon scaling reaches the same plan; invalid arguments ->
// IK_EINVAL with a message. Prints each failure with its context; exits 1 if any.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "infokernels.h"
#include "test_util.hpp"

// test_util.hpp: fail, check_ok, check_abs, check_true, gauss, random_weights, cpu_isas
using namespace ik_test;

namespace {

// ---- naive dense reference ----

struct Dense {
  int64_t n, m;
  std::vector<double> c;  // n x m
  double at(int64_t i, int64_t j) const { return c[static_cast<size_t>(i * m + j)]; }
};

Dense cost(const std::vector<double>& x, int64_t n, const std::vector<double>& y, int64_t m, int d) {
  Dense D{n, m, std::vector<double>(static_cast<size_t>(n * m))};
  for (int64_t i = 0; i < n; ++i)
    for (int64_t j = 0; j < m; ++j) {
      double s = 0;
      for (int c = 0; c < d; ++c) {
        const double t = x[i * d + c] - y[j * d + c];
        s += t * t;
      }
      D.c[static_cast<size_t>(i * m + j)] = s;
    }
  return D;
}

// out_i = lw_i - LSE_j(h_j - C_ij/eps) (rows) or out_j = lw_j - LSE_i(h_i - C_ij/eps) (columns)
std::vector<double> naive_lse(const Dense& D, bool rows, double eps, const std::vector<double>& h,
                              const std::vector<double>* lw) {
  const int64_t nr = rows ? D.n : D.m, nc = rows ? D.m : D.n;
  std::vector<double> out(static_cast<size_t>(nr));
  for (int64_t r = 0; r < nr; ++r) {
    double mx = -INFINITY;
    for (int64_t c = 0; c < nc; ++c) mx = std::max(mx, h[c] - (rows ? D.at(r, c) : D.at(c, r)) / eps);
    double s = 0;
    for (int64_t c = 0; c < nc; ++c) s += std::exp(h[c] - (rows ? D.at(r, c) : D.at(c, r)) / eps - mx);
    out[r] = (lw ? (*lw)[r] : 0.0) - (mx + std::log(s));
  }
  return out;
}

struct NaiveResult {
  double cost = 0, reg = 0, err = 0;
  int iterations = 0;
  bool converged = false;
  std::vector<double> f, g;
};

// plan P_ij = exp(u_i + v_j - C_ij/eps): cost, KL(P | a x b), column (or row) marginal error
void plan_stats(const Dense& D, double eps, const std::vector<double>& u, const std::vector<double>& v,
                const std::vector<double>& a, const std::vector<double>& b, bool column_error, NaiveResult* r) {
  std::vector<double> col(static_cast<size_t>(D.m), 0.0), row(static_cast<size_t>(D.n), 0.0);
  double cst = 0, kl = 0;
  for (int64_t i = 0; i < D.n; ++i)
    for (int64_t j = 0; j < D.m; ++j) {
      const double l = u[i] + v[j] - D.at(i, j) / eps;
      const double p = std::exp(l);
      col[j] += p;
      row[i] += p;
      cst += p * D.at(i, j);
      if (p > 0) kl += p * (l - std::log(a[i]) - std::log(b[j]));
    }
  r->cost = cst;
  r->reg = cst + eps * kl;
  double e2 = 0;
  if (column_error)
    for (int64_t j = 0; j < D.m; ++j) e2 += (col[j] - b[j]) * (col[j] - b[j]);
  else
    for (int64_t i = 0; i < D.n; ++i) e2 += (row[i] - a[i]) * (row[i] - a[i]);
  r->err = std::sqrt(e2);
}

NaiveResult naive_alternating(const Dense& D, double eps, const std::vector<double>& a, const std::vector<double>& b,
                              int max_iter, double tol) {
  std::vector<double> la(a.size()), lb(b.size()), u(a.size(), 0.0), v(b.size(), 0.0);
  for (size_t i = 0; i < a.size(); ++i) la[i] = std::log(a[i]);
  for (size_t j = 0; j < b.size(); ++j) lb[j] = std::log(b[j]);
  NaiveResult r;
  double err = INFINITY;
  int it = 0;
  for (it = 0; it < max_iter; ++it) {
    v = naive_lse(D, false, eps, u, &lb);
    u = naive_lse(D, true, eps, v, &la);
    if (it % 10 == 0) {
      NaiveResult s;
      plan_stats(D, eps, u, v, a, b, true, &s);
      err = s.err;
      if (err < tol) {
        r.converged = true;
        break;
      }
    }
  }
  r.iterations = std::min(it + 1, max_iter);
  plan_stats(D, eps, u, v, a, b, true, &r);
  for (auto& e : u) e *= eps;
  for (auto& e : v) e *= eps;
  r.f = u;
  r.g = v;
  return r;
}

NaiveResult naive_symmetric(const Dense& D, double eps, const std::vector<double>& a, int max_iter, double tol) {
  const size_t n = a.size();
  std::vector<double> la(n), f(n, 0.0), h(n);
  for (size_t i = 0; i < n; ++i) la[i] = std::log(a[i]);
  NaiveResult r;
  int it = 0;
  for (it = 0; it < max_iter; ++it) {
    for (size_t i = 0; i < n; ++i) h[i] = la[i] + f[i] / eps;
    const std::vector<double> t = naive_lse(D, true, eps, h, nullptr);
    double delta = 0;
    for (size_t i = 0; i < n; ++i) {
      const double fn = 0.5 * (f[i] + eps * t[i]);
      delta = std::max(delta, std::fabs(fn - f[i]));
      f[i] = fn;
    }
    if (delta < tol) {
      r.converged = true;
      break;
    }
  }
  r.iterations = std::min(it + 1, max_iter);
  for (size_t i = 0; i < n; ++i) h[i] = la[i] + f[i] / eps;
  plan_stats(D, eps, h, h, a, a, false, &r);
  double dot = 0;
  for (size_t i = 0; i < n; ++i) dot += a[i] * f[i];
  r.reg = 2.0 * dot;
  r.f = f;
  return r;
}

// ---- cases ----

std::string ctx(const char* entry, const std::string& isa, int64_t n, int64_t m, int d, double eps, int threads,
                const char* extra = "") {
  char buf[220];
  std::snprintf(buf, sizeof buf, "%s isa=%s n=%lld m=%lld d=%d eps=%g threads=%d%s", entry, isa.c_str(),
                static_cast<long long>(n), static_cast<long long>(m), d, eps, threads, extra);
  return buf;
}

double spread(const std::vector<double>& v) {
  double lo = v[0], hi = v[0];
  for (double e : v) {
    lo = std::min(lo, e);
    hi = std::max(hi, e);
  }
  return std::max(hi - lo, 1.0);
}

void lse_case(int64_t n, int64_t m, int d, double eps, const std::string& isa, std::mt19937_64& rng) {
  const auto x = gauss(n, d, 0.0, rng), y = gauss(m, d, 0.3, rng);
  const auto h = gauss(m, 1, 0.0, rng), lw = gauss(n, 1, 0.0, rng);
  const Dense D = cost(x, n, y, m, d);
  for (int with_lw = 0; with_lw < 2; ++with_lw) {
    const auto want = naive_lse(D, true, eps, h, with_lw ? &lw : nullptr);
    std::vector<double> first;
    for (int threads : {1, 2, 3}) {
      std::vector<double> got(static_cast<size_t>(n));
      const int st = ik_sinkhorn_lse_cpu(x.data(), n, y.data(), m, d, eps, h.data(), with_lw ? lw.data() : nullptr,
                                         IK_PRECISION_DOUBLE, threads, got.data());
      const std::string where = ctx("ik_sinkhorn_lse_cpu", isa, n, m, d, eps, threads, with_lw ? " lw" : "");
      if (st != IK_OK) {
        fail(where + ": status " + std::to_string(st) + " " + ik_last_error());
        continue;
      }
      check_path("ot_cpu:" + isa, where);
      for (int64_t i = 0; i < n; ++i) {
        // terms up to |h| + C/eps in size: 1e-13 of that bounds the rounding of both sides
        const double scale = std::fabs(want[i]) + D.at(i, 0) / eps + 10.0;
        check_abs(got[i], want[i], 1e-13 * scale, where + " i=" + std::to_string(i));
      }
      if (first.empty())
        first = got;
      else
        check_true(std::memcmp(first.data(), got.data(), first.size() * sizeof(double)) == 0,
                   where + ": bits differ from threads=1");
    }
  }
}

void solve_case(int64_t n, int64_t m, int d, double eps_factor, bool weighted, int mode, const std::string& isa,
                std::mt19937_64& rng) {
  const bool sym = mode == IK_SINKHORN_SYMMETRIC;
  if (sym) m = n;
  const auto x = gauss(n, d, 0.0, rng);
  const auto y = sym ? x : gauss(m, d, 0.5, rng);
  const Dense D = cost(x, n, y, m, d);
  std::vector<double> all(D.c);
  std::nth_element(all.begin(), all.begin() + all.size() / 2, all.end());
  const double eps = std::max(eps_factor * all[all.size() / 2], 1e-3);
  std::vector<double> a = weighted ? random_weights(n, rng) : std::vector<double>(n, 1.0 / n);
  std::vector<double> b = weighted ? random_weights(m, rng) : std::vector<double>(m, 1.0 / m);
  const int max_iter = sym ? 10000 : 2000;
  const double tol = 1e-9;
  const NaiveResult want = sym ? naive_symmetric(D, eps, a, max_iter, tol) : naive_alternating(D, eps, a, b, max_iter, tol);

  std::vector<double> first_stats;
  for (int threads : {1, 2, 3}) {
    std::vector<double> f(static_cast<size_t>(n)), g(static_cast<size_t>(m)), s(IK_OT_STATS_LEN);
    const int st = ik_sinkhorn_cpu(x.data(), n, y.data(), m, d, weighted ? a.data() : nullptr,
                                   weighted ? b.data() : nullptr, eps, mode, max_iter, tol, 0.0, IK_PRECISION_DOUBLE,
                                   threads, f.data(), g.data(), s.data());
    const std::string where = ctx("ik_sinkhorn_cpu", isa, n, m, d, eps, threads,
                                  (std::string(sym ? " symmetric" : " alternating") + (weighted ? " weighted" : "")).c_str());
    if (st != IK_OK) {
      fail(where + ": status " + std::to_string(st) + " " + ik_last_error());
      continue;
    }
    check_path("ot_cpu:" + isa, where);
    check_abs(s[IK_OT_ITERATIONS], want.iterations, 0.0, where + " iterations");
    check_abs(s[IK_OT_CONVERGED], want.converged ? 1.0 : 0.0, 0.0, where + " converged");
    check_abs(s[IK_OT_COST], want.cost, 1e-10 * std::fabs(want.cost) + 1e-300, where + " cost");
    check_abs(s[IK_OT_REGULARIZED], want.reg, 1e-10 * std::fabs(want.reg) + 1e-14, where + " regularized");
    check_abs(s[IK_OT_MARGINAL_ERROR], want.err, 1e-6 * want.err + 1e-15, where + " marginal error");
    const double sf = spread(want.f);
    for (int64_t i = 0; i < n; ++i) check_abs(f[i], want.f[i], 1e-9 * sf, where + " f_" + std::to_string(i));
    if (!sym) {
      const double sg = spread(want.g);
      for (int64_t j = 0; j < m; ++j) check_abs(g[j], want.g[j], 1e-9 * sg, where + " g_" + std::to_string(j));
    }
    if (first_stats.empty())
      first_stats = s;
    else
      check_true(std::memcmp(first_stats.data(), s.data(), s.size() * sizeof(double)) == 0,
                 where + ": bits differ from threads=1");
  }
}

void pot_example() {
  // POT's sinkhorn2 docstring: a = b = [.5, .5], M = [[0, 1], [1, 0]], reg = 1 -> 0.26894142
  const double x[2] = {0.0, 1.0};
  double s[IK_OT_STATS_LEN];
  const int st = ik_sinkhorn_cpu(x, 2, x, 2, 1, nullptr, nullptr, 1.0, IK_SINKHORN_ALTERNATING, 1000, 1e-9, 0.0,
                                 IK_PRECISION_DOUBLE, 1, nullptr, nullptr, s);
  if (!check_ok(st, "POT example")) return;
  check_abs(s[IK_OT_COST], 0.26894142136999516, 1e-15, "POT example <P,M>");
  check_true(s[IK_OT_CONVERGED] == 1.0, "POT example converged");
}

void small_epsilon(std::mt19937_64& rng) {
  // eps = 1e-3 x the median cost: exp(-C/eps) underflows for nearly every pair; log domain must
  // stay finite. 1000 sweeps do not converge here, which is a result, not an error.
  const int64_t n = 150, m = 120;
  const int d = 2;
  const auto x = gauss(n, d, 0.0, rng), y = gauss(m, d, 1.0, rng);
  const Dense D = cost(x, n, y, m, d);
  std::vector<double> all(D.c);
  std::nth_element(all.begin(), all.begin() + all.size() / 2, all.end());
  const double eps = 1e-3 * all[all.size() / 2];
  for (int mode : {IK_SINKHORN_ALTERNATING, IK_SINKHORN_SYMMETRIC}) {
    std::vector<double> f(n), g(m), s(IK_OT_STATS_LEN);
    const int st = ik_sinkhorn_cpu(x.data(), n, y.data(), m, d, nullptr, nullptr, eps, mode, 1000, 1e-9, 0.0,
                                   IK_PRECISION_DOUBLE, 2, f.data(), g.data(), s.data());
    const std::string where = std::string("small eps mode=") + std::to_string(mode);
    if (!check_ok(st, where)) continue;
    for (double v : s) check_true(std::isfinite(v), where + ": a statistic is not finite");
    for (double v : f) check_true(std::isfinite(v), where + ": a potential is not finite");
  }
}

void epsilon_scaling(std::mt19937_64& rng) {
  // Annealing reaches the same fixed point: the plan's cost agrees to the stopping tolerance's
  // effect (marginals within 1e-9 -> cost within ~1e-9 x max cost). Whether it saves sweeps depends
  // on the data (the tail at eps, governed by the contraction rate at eps, is the same): printed only.
  const int64_t n = 300, m = 250;
  const int d = 2;
  const auto x = gauss(n, d, 0.0, rng), y = gauss(m, d, 0.7, rng);
  const double eps = 0.01;
  double plain[IK_OT_STATS_LEN], annealed[IK_OT_STATS_LEN];
  const int s1 = ik_sinkhorn_cpu(x.data(), n, y.data(), m, d, nullptr, nullptr, eps, IK_SINKHORN_ALTERNATING, 100000,
                                 1e-9, 0.0, IK_PRECISION_DOUBLE, 2, nullptr, nullptr, plain);
  const int s2 = ik_sinkhorn_cpu(x.data(), n, y.data(), m, d, nullptr, nullptr, eps, IK_SINKHORN_ALTERNATING, 100000,
                                 1e-9, 0.8, IK_PRECISION_DOUBLE, 2, nullptr, nullptr, annealed);
  const bool ok1 = check_ok(s1, "epsilon scaling: plain");
  const bool ok2 = check_ok(s2, "epsilon scaling: annealed");
  if (!ok1 || !ok2) return;
  check_true(plain[IK_OT_CONVERGED] == 1.0 && annealed[IK_OT_CONVERGED] == 1.0, "epsilon scaling: both converge");
  check_abs(annealed[IK_OT_COST], plain[IK_OT_COST], 1e-6 * plain[IK_OT_COST], "epsilon scaling: same cost");
  check_abs(annealed[IK_OT_REGULARIZED], plain[IK_OT_REGULARIZED], 1e-6 * std::fabs(plain[IK_OT_REGULARIZED]),
            "epsilon scaling: same OT_eps");
  std::printf("epsilon scaling at eps = %g: %.0f sweeps annealed vs %.0f plain\n", eps, annealed[IK_OT_ITERATIONS],
              plain[IK_OT_ITERATIONS]);
  for (int mode : {IK_SINKHORN_SYMMETRIC}) {
    double p2[IK_OT_STATS_LEN], a2[IK_OT_STATS_LEN];
    const bool okp = check_ok(ik_sinkhorn_cpu(x.data(), n, nullptr, 0, d, nullptr, nullptr, eps, mode, 100000, 1e-9, 0.0,
                                              IK_PRECISION_DOUBLE, 2, nullptr, nullptr, p2),
                              "epsilon scaling symmetric: plain");
    const bool oka = check_ok(ik_sinkhorn_cpu(x.data(), n, nullptr, 0, d, nullptr, nullptr, eps, mode, 100000, 1e-9, 0.8,
                                              IK_PRECISION_DOUBLE, 2, nullptr, nullptr, a2),
                              "epsilon scaling symmetric: annealed");
    if (!okp || !oka) continue;
    check_abs(a2[IK_OT_REGULARIZED], p2[IK_OT_REGULARIZED], 1e-7 * std::fabs(p2[IK_OT_REGULARIZED]) + 1e-12,
              "epsilon scaling symmetric: same OT_eps");
  }
}

void invalid() {
  const double x[4] = {0, 1, 2, 3};
  const double h[4] = {0, 0, 0, 0};
  double out[4], s[IK_OT_STATS_LEN];
  struct Bad {
    const char* what;
    int status;
  };
  const double neg[2] = {-0.5, 1.5};
  const double unnorm[2] = {0.5, 0.6};
  const Bad bad[] = {
      {"eps = 0", ik_sinkhorn_lse_cpu(x, 2, x, 2, 1, 0.0, h, nullptr, IK_PRECISION_DOUBLE, 1, out)},
      {"eps = -1", ik_sinkhorn_cpu(x, 2, x, 2, 1, nullptr, nullptr, -1.0, 0, 10, 1e-9, 0.0, 0, 1, nullptr, nullptr, s)},
      {"eps = nan", ik_sinkhorn_cpu(x, 2, x, 2, 1, nullptr, nullptr, NAN, 0, 10, 1e-9, 0.0, 0, 1, nullptr, nullptr, s)},
      {"d = 0", ik_sinkhorn_lse_cpu(x, 2, x, 2, 0, 1.0, h, nullptr, IK_PRECISION_DOUBLE, 1, out)},
      {"x null", ik_sinkhorn_lse_cpu(nullptr, 2, x, 2, 1, 1.0, h, nullptr, IK_PRECISION_DOUBLE, 1, out)},
      {"h null", ik_sinkhorn_lse_cpu(x, 2, x, 2, 1, 1.0, nullptr, nullptr, IK_PRECISION_DOUBLE, 1, out)},
      {"float on cpu", ik_sinkhorn_lse_cpu(x, 2, x, 2, 1, 1.0, h, nullptr, IK_PRECISION_FLOAT, 1, out)},
      {"negative weight", ik_sinkhorn_cpu(x, 2, x, 2, 1, neg, nullptr, 1.0, 0, 10, 1e-9, 0.0, 0, 1, nullptr, nullptr, s)},
      {"weights sum 1.1", ik_sinkhorn_cpu(x, 2, x, 2, 1, nullptr, unnorm, 1.0, 0, 10, 1e-9, 0.0, 0, 1, nullptr, nullptr, s)},
      {"mode 7", ik_sinkhorn_cpu(x, 2, x, 2, 1, nullptr, nullptr, 1.0, 7, 10, 1e-9, 0.0, 0, 1, nullptr, nullptr, s)},
      {"max_iter 0", ik_sinkhorn_cpu(x, 2, x, 2, 1, nullptr, nullptr, 1.0, 0, 0, 1e-9, 0.0, 0, 1, nullptr, nullptr, s)},
      {"scaling 1", ik_sinkhorn_cpu(x, 2, x, 2, 1, nullptr, nullptr, 1.0, 0, 10, 1e-9, 1.0, 0, 1, nullptr, nullptr, s)},
      {"stats null", ik_sinkhorn_cpu(x, 2, x, 2, 1, nullptr, nullptr, 1.0, 0, 10, 1e-9, 0.0, 0, 1, nullptr, nullptr, nullptr)},
  };
  for (const Bad& b : bad) {
    check_true(b.status == IK_EINVAL, std::string("invalid (") + b.what + "): status " + std::to_string(b.status));
  }
  check_true(ik_sinkhorn_lse_cpu(x, 2, x, 2, 1, -2.0, h, nullptr, IK_PRECISION_DOUBLE, 1, out) == IK_EINVAL,
             "invalid (eps = -2): status");
  check_path("", "invalid (eps = -2)");
  check_true(std::strstr(ik_last_error(), "eps = -2") != nullptr,
             std::string("message names eps: ") + ik_last_error());
}

}  // namespace

int main() {
  const std::vector<std::string> isas = cpu_isas();
  std::mt19937_64 rng(20240611);
  for (const std::string& isa : isas) {
    setenv("IK_CPU_ISA", isa.c_str(), 1);
    const int64_t sizes[][2] = {{1, 1}, {2, 7}, {7, 2}, {33, 200}, {300, 517}};
    for (const auto& nm : sizes)
      for (int d : {1, 3, 20}) lse_case(nm[0], nm[1], d, d == 20 ? 5.0 : 0.3, isa, rng);
    // whole solves exercise the same kernels: the largest size on the best instruction set only
    const bool best = isa == isas.back();
    const int64_t solve_sizes[][2] = {{1, 1}, {7, 2}, {33, 200}, {300, 217}};
    for (const auto& nm : solve_sizes)
      for (int d : {1, 3}) {
        if (nm[0] > 100 && !best) continue;
        solve_case(nm[0], nm[1], d, 0.1, false, IK_SINKHORN_ALTERNATING, isa, rng);
        solve_case(nm[0], nm[1], d, 0.1, true, IK_SINKHORN_ALTERNATING, isa, rng);
        solve_case(nm[0], nm[1], d, 0.1, false, IK_SINKHORN_SYMMETRIC, isa, rng);
        solve_case(nm[0], nm[1], d, 0.1, true, IK_SINKHORN_SYMMETRIC, isa, rng);
      }
    if (best) solve_case(120, 90, 20, 0.05, false, IK_SINKHORN_ALTERNATING, isa, rng);
  }
  unsetenv("IK_CPU_ISA");
  pot_example();
  small_epsilon(rng);
  epsilon_scaling(rng);
  invalid();
  std::printf("%d checks, %d failures\n", g_checks, g_failures);
  return g_failures == 0 ? 0 : 1;
}
