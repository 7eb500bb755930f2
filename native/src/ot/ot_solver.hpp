// ot_solver.hpp -- argument checks and the iteration driver of entropic optimal transport, shared
// by the CPU (ot_cpu.cpp) and CUDA (ot_cuda.cu) entries so that both run the same sequence of
// updates, stop at the same iteration and reject the same inputs with the same messages.
// Semantics: infokernels.h, "optimal transport"; maths: java/docs/conventions/ot.md.
//
// The driver never sees a cost value. It is written against an Engine that owns the points and
// the potentials (host arrays on the CPU, device arrays on the GPU) and provides:
//
//   Vec                          an owning array of doubles (movable)
//   Vec vec(len, fill)           a new array
//   Vec upload(host, len)        a copy of a host array
//   void download(v, host, len)
//   void half(side, eps, h, lw, out)   out_r = lw_r - LSE_c(h_c - C_rc / eps)   (lw null: 0)
//                                side 0: rows = x (n), columns = y (m); side 1: rows = y, columns = x
//   void scale(v, s)             v *= s
//   void affine(out, base, v, s) out = base + s v
//   double sym_update(f, t, eps) f <- (f + eps t) / 2, returns max |change|
//   double marginal_err2(v_old, v_new, b)   sum_j (b_j expm1(v_old_j - v_new_j))^2
//   double dot(a, b)
//   Stats stats(eps, u, v, la, lb, a)       one fused pass over the plan P = exp(u + v - C/eps)
//
// Reductions inside an engine have a fixed association order, so the driver's decisions (the
// stopping iteration above all) are reproducible run to run and for every thread count.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "../core/status.hpp"

namespace ik {
namespace ot {

// POT checks the marginal every 10 iterations (ot.bregman.sinkhorn_log, stopThr)
constexpr int kCheckEvery = 10;

// Plan statistics of one fused pass: sum_ij P C, sum_ij P (log P - log a_i - log b_j) = KL(P | a x b)
// and sum_i (P1 - a)_i^2.
struct Stats {
  double cost = 0.0;
  double kl = 0.0;
  double row_err2 = 0.0;
};

struct Problem {
  const double* x;
  int64_t n;
  const double* y;  // == x in symmetric mode
  int64_t m;
  int32_t d;
  const double* a;  // null: uniform
  const double* b;
  double eps;
  int32_t mode;
  int32_t max_iter;
  double tol;
  double scaling;  // annealing ratio in (0, 1), or 0 for none
};

struct Output {
  double* f;      // n potentials (eps u), may be null
  double* g;      // m potentials (eps v), may be null; not written in symmetric mode
  double* stats;  // IK_OT_STATS_LEN
};

// ---------------------------------------------------------------------------------------------
// argument checks

inline std::string num(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}

// The Problem of an ik_sinkhorn call; the symmetric mode does not use y, m and b.
inline Problem make_problem(const double* x, int64_t n, const double* y, int64_t m, int32_t d, const double* a,
                            const double* b, double eps, int32_t mode, int32_t max_iter, double tol,
                            double eps_scaling) {
  const bool sym = mode == IK_SINKHORN_SYMMETRIC;
  return Problem{x, n, sym ? x : y, sym ? n : m, d, a, sym ? nullptr : b, eps, mode, max_iter, tol, eps_scaling};
}

inline void check_points(const std::string& fn, const double* x, int64_t n, const double* y, int64_t m,
                         int32_t d) {
  IK_REQUIRE(x != nullptr, fn + ": x is null");
  IK_REQUIRE(y != nullptr, fn + ": y is null");
  IK_REQUIRE(n >= 1, fn + ": n = " + std::to_string(n) + " is smaller than the minimum (1)");
  IK_REQUIRE(m >= 1, fn + ": m = " + std::to_string(m) + " is smaller than the minimum (1)");
  IK_REQUIRE(d >= 1, fn + ": d = " + std::to_string(d) + " is smaller than the minimum (1)");
  // row offsets are int64_t products of a row index and d; CUDA grids index rows with 32 bits
  IK_REQUIRE(n <= (int64_t{1} << 31) && m <= (int64_t{1} << 31),
             fn + ": n = " + std::to_string(n) + ", m = " + std::to_string(m) + " exceed 2^31");
  require_finite(x, n * d, fn + ": x");
  if (y != x) require_finite(y, m * d, fn + ": y");
}

inline void check_eps(const std::string& fn, double eps) {
  IK_REQUIRE(eps > 0.0 && std::isfinite(eps), fn + ": eps = " + num(eps) + " must be a finite number > 0");
}

inline void check_precision(const std::string& fn, int32_t precision, bool float_ok) {
  IK_REQUIRE(precision == IK_PRECISION_DOUBLE || precision == IK_PRECISION_FLOAT,
             fn + ": precision = " + std::to_string(precision) +
                 " is not IK_PRECISION_DOUBLE (0) or IK_PRECISION_FLOAT (1)");
  IK_REQUIRE(float_ok || precision == IK_PRECISION_DOUBLE,
             fn + ": IK_PRECISION_FLOAT is implemented by the _cuda entries only");
}

// Weights: positive (a zero-weight point plays no part in the plan: the caller drops it) and
// summing to 1 within 1e-9.
inline void check_weights(const std::string& fn, const char* name, const double* w, int64_t len) {
  if (w == nullptr) return;
  double sum = 0.0;
  for (int64_t i = 0; i < len; ++i) {
    IK_REQUIRE(w[i] > 0.0 && std::isfinite(w[i]), fn + ": " + name + "[" + std::to_string(i) + "] = " +
                                                      num(w[i]) + " must be a finite number > 0");
    sum += w[i];
  }
  IK_REQUIRE(std::fabs(sum - 1.0) <= 1e-9, fn + ": the weights " + name + " sum to " + num(sum) +
                                               ", not 1 (tolerance 1e-9)");
}

inline void check_solve(const std::string& fn, const Problem& p, const Output& o) {
  check_points(fn, p.x, p.n, p.y, p.m, p.d);
  check_eps(fn, p.eps);
  IK_REQUIRE(p.mode == IK_SINKHORN_ALTERNATING || p.mode == IK_SINKHORN_SYMMETRIC,
             fn + ": mode = " + std::to_string(p.mode) +
                 " is not IK_SINKHORN_ALTERNATING (0) or IK_SINKHORN_SYMMETRIC (1)");
  IK_REQUIRE(p.max_iter >= 1, fn + ": max_iter = " + std::to_string(p.max_iter) + " is smaller than the minimum (1)");
  IK_REQUIRE(p.tol >= 0.0 && std::isfinite(p.tol), fn + ": tol = " + num(p.tol) + " must be a finite number >= 0");
  IK_REQUIRE(p.scaling == 0.0 || (p.scaling > 0.0 && p.scaling < 1.0),
             fn + ": eps_scaling = " + num(p.scaling) + " must be 0 (off) or in (0, 1)");
  check_weights(fn, "a", p.a, p.n);
  if (p.mode == IK_SINKHORN_ALTERNATING) check_weights(fn, "b", p.b, p.m);
  IK_REQUIRE(o.stats != nullptr, fn + ": out_stats is null");
}

// ---------------------------------------------------------------------------------------------
// epsilon scaling

// The annealing schedule eps_0 > eps_1 > ... > eps (Kosowsky-Yuille; Schmitzer 2019 sec. 3.2;
// Feydy 2020 sec. 3.3.3): eps_k = D^2 scaling^k while above the target, where D^2 =
// sum_c (max_c - min_c)^2 over both point sets bounds every cost from above. At eps_0 = D^2 the
// kernel exp(-C/eps) is far from 0 everywhere and the potentials settle in a sweep; each smaller
// eps starts from the previous potentials (one sweep per step), so the loop at eps starts close to
// its fixed point. It cannot change the loop's linear rate at eps, only its starting error: at
// tol = 1e-9 and scaling 0.8 we measured 15-35% fewer sweeps in total at small eps; it is not
// guaranteed (with scaling 0.5 one case took 9% more).
// The empty list means: no annealing.
inline std::vector<double> annealing_schedule(const Problem& p) {
  std::vector<double> out;
  if (p.scaling == 0.0) return out;
  double diam2 = 0.0;
  for (int32_t c = 0; c < p.d; ++c) {
    double lo = p.x[c], hi = p.x[c];
    for (int64_t i = 0; i < p.n; ++i) {
      lo = std::min(lo, p.x[i * p.d + c]);
      hi = std::max(hi, p.x[i * p.d + c]);
    }
    for (int64_t j = 0; j < p.m; ++j) {
      lo = std::min(lo, p.y[j * p.d + c]);
      hi = std::max(hi, p.y[j * p.d + c]);
    }
    diam2 += (hi - lo) * (hi - lo);
  }
  for (double e = diam2; e > p.eps && out.size() < 2000; e *= p.scaling) out.push_back(e);
  return out;
}

// ---------------------------------------------------------------------------------------------
// the driver

// log of the weights (uniform: -log len) as an engine array
template <class E>
typename E::Vec log_weights(E& e, const double* w, int64_t len) {
  std::vector<double> lw(static_cast<std::size_t>(len));
  for (int64_t i = 0; i < len; ++i) lw[i] = w ? std::log(w[i]) : -std::log(static_cast<double>(len));
  return e.upload(lw.data(), len);
}

template <class E>
typename E::Vec weights(E& e, const double* w, int64_t len) {
  if (w) return e.upload(w, len);
  return e.vec(len, 1.0 / static_cast<double>(len));
}

// POT's log-domain Sinkhorn (ot.bregman.sinkhorn_log) on scaled potentials u = f/eps, v = g/eps,
// from u = v = 0:   v <- log b - LSE_i(u_i - C_ij/eps);   u <- log a - LSE_j(v_j - C_ij/eps).
// At it % 10 == 0, after the u-update, POT computes err = |P^T 1 - b|_2 and stops below tol.
// The column sums of the current plan are c_j = exp(v_j + LSE_i(u_i - C_ij/eps)) = b_j
// exp(v_j - v'_j), v' the next v-update, so the check costs no extra pass: the next sweep's
// v-update is computed first, the error read from it (c_j - b_j = b_j expm1(v_j - v'_j), no
// cancellation), and it is kept when the run goes on. On stopping, (u, v) is the plan POT returns.
template <class E>
void solve_alternating(E& e, const Problem& p, const Output& o) {
  typename E::Vec la = log_weights(e, p.a, p.n), lb = log_weights(e, p.b, p.m);
  typename E::Vec a = weights(e, p.a, p.n), b = weights(e, p.b, p.m);
  typename E::Vec u = e.vec(p.n, 0.0), v = e.vec(p.m, 0.0), vn = e.vec(p.m, 0.0);
  int64_t sweeps = 0;

  // annealing: one sweep per eps_k, potentials carried over as f = eps u, g = eps v
  const std::vector<double> schedule = annealing_schedule(p);
  const ik::CancelToken cancel = ik::current_cancel();  // polled every sweep (the cuda entry too)
  double prev = 0.0;
  for (double ek : schedule) {
    cancel.check();
    if (prev > 0.0) {
      e.scale(u, prev / ek);
      e.scale(v, prev / ek);
    }
    e.half(1, ek, u, &lb, v);
    e.half(0, ek, v, &la, u);
    prev = ek;
    ++sweeps;
  }
  if (prev > 0.0) {
    e.scale(u, prev / p.eps);
    e.scale(v, prev / p.eps);
  }

  bool converged = false, have_next = false;
  double err = std::numeric_limits<double>::infinity();
  for (int32_t it = 0; it < p.max_iter; ++it) {
    cancel.check();
    if (have_next) {
      std::swap(v, vn);
    } else {
      e.half(1, p.eps, u, &lb, v);
    }
    have_next = false;
    e.half(0, p.eps, v, &la, u);
    ++sweeps;
    if (it % kCheckEvery == 0) {
      e.half(1, p.eps, u, &lb, vn);
      have_next = true;
      err = std::sqrt(e.marginal_err2(v, vn, b));
      if (err < p.tol) {
        converged = true;
        break;
      }
    }
  }
  if (!have_next) {  // the last sweep was not a check: the marginal error of the final plan
    e.half(1, p.eps, u, &lb, vn);
    err = std::sqrt(e.marginal_err2(v, vn, b));
  }

  const Stats s = e.stats(p.eps, u, v, la, lb, a);
  o.stats[IK_OT_COST] = s.cost;
  o.stats[IK_OT_REGULARIZED] = s.cost + p.eps * s.kl;
  o.stats[IK_OT_ITERATIONS] = static_cast<double>(sweeps);
  o.stats[IK_OT_CONVERGED] = converged ? 1.0 : 0.0;
  o.stats[IK_OT_MARGINAL_ERROR] = err;
  if (o.f) {
    e.scale(u, p.eps);
    e.download(u, o.f, p.n);
  }
  if (o.g) {
    e.scale(v, p.eps);
    e.download(v, o.g, p.m);
  }
}

// Feydy et al. 2019 (sec. 3.1) for the self term OT_eps(a, a) of a symmetric cost:
//   f <- (f + T f)/2,   T(f)_i = -eps LSE_j(log a_j + f_j/eps - C_ij/eps),
// from f = 0, stopping when max |f_new - f| < tol (checked every iteration). The averaged update
// converges in tens of iterations where the alternating one oscillates for thousands.
// OT_eps(a, a) = 2 <a, f>; the plan is P_ij = exp(u_i + u_j - C_ij/eps) with u = log a + f/eps.
template <class E>
void solve_symmetric(E& e, const Problem& p, const Output& o) {
  typename E::Vec la = log_weights(e, p.a, p.n), a = weights(e, p.a, p.n);
  typename E::Vec f = e.vec(p.n, 0.0), h = e.vec(p.n, 0.0), t = e.vec(p.n, 0.0);
  int64_t sweeps = 0;
  const ik::CancelToken cancel = ik::current_cancel();  // polled every sweep (the cuda entry too)
  for (double ek : annealing_schedule(p)) {
    cancel.check();
    e.affine(h, la, f, 1.0 / ek);
    e.half(0, ek, h, nullptr, t);
    e.sym_update(f, t, ek);
    ++sweeps;
  }
  bool converged = false;
  double delta = std::numeric_limits<double>::infinity();
  for (int32_t it = 0; it < p.max_iter; ++it) {
    cancel.check();
    e.affine(h, la, f, 1.0 / p.eps);
    e.half(0, p.eps, h, nullptr, t);
    delta = e.sym_update(f, t, p.eps);
    ++sweeps;
    if (delta < p.tol) {
      converged = true;
      break;
    }
  }
  e.affine(h, la, f, 1.0 / p.eps);  // u = log a + f/eps on both sides
  const Stats s = e.stats(p.eps, h, h, la, la, a);
  o.stats[IK_OT_COST] = s.cost;
  o.stats[IK_OT_REGULARIZED] = 2.0 * e.dot(a, f);
  o.stats[IK_OT_ITERATIONS] = static_cast<double>(sweeps);
  o.stats[IK_OT_CONVERGED] = converged ? 1.0 : 0.0;
  o.stats[IK_OT_MARGINAL_ERROR] = std::sqrt(s.row_err2);
  if (o.f) e.download(f, o.f, p.n);  // out_g is not used: the plan is symmetric
}

template <class E>
void solve(E& e, const Problem& p, const Output& o) {
  if (p.mode == IK_SINKHORN_SYMMETRIC)
    solve_symmetric(e, p, o);
  else
    solve_alternating(e, p, o);
}

}  // namespace ot
}  // namespace ik
