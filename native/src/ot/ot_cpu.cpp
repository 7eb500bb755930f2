// ot_cpu.cpp -- CPU entries of entropic optimal transport: ik_sinkhorn_lse_cpu (one half-iteration
// of log-domain Sinkhorn) and ik_sinkhorn_cpu (a whole solve: POT's alternating loop or Feydy's
// symmetric one, ot_solver.hpp). Semantics: infokernels.h, "optimal transport".
//
// Kernel (one half-iteration): out_r = lw_r - LSE_c(h_c - C_rc/eps) with C_rc = |p_r - q_c|^2
// recomputed on the fly, never stored. Rows are cut into tasks of 64; a task sweeps the columns
// block by block (T columns packed column-major, T = engine::choose_tile(m, d + 1, 512 KiB), so
// a block stays in L2 while the task's 16 groups of 4 rows pass over it). The micro-kernel takes
// 4 rows (broadcast) against 8 columns (one simd::P8) per coordinate, as the kernel family does,
// then folds t = h_c - C_rc/eps into a running (max, sum) per row and lane with ONE exponential
// per pair ("online" log-sum-exp, as FlashAttention's softmax):
//   a = t - max;  e = exp(-|a|);  a > 0 ? (sum = sum e + 1, max = t) : (sum += e).
// (Skipping groups whose terms are all below exp(-37) -- they cannot change a bit of a sum >= 1 --
// was tried: the test cost 40% at the default eps, where almost nothing is skipped.)
// Lanes start at max = -DBL_MAX, sum = 0; columns past m have h = -inf (e = 0), so the column
// loop has no masks. At the end of a row its 8 lanes are merged in lane order. Each row thus
// visits its columns in an order fixed by (m, d): results are bitwise identical for every thread
// count and run to run. The plan statistics (cost, KL, row sums) are one more fused pass of the
// same shape with P = exp(u_r + v_c - C_rc/eps) (no maximum needed: P <= 1).
//
// Instruction sets as in kernel_cpu.cpp (engine/isa_cpu.hpp): each body is compiled for SSE2,
// AVX2+FMA and AVX-512 and picked by cpuid (IK_CPU_ISA=generic|avx2|avx512 caps it). Threads: one
// pool per call, kept for the whole solve (thousands of half-iterations), tasks handed out
// dynamically.
//
// Tested by native/test/test_ot_cpu.cpp against a naive dense log-domain loop.
#if defined(__GNUC__) && !defined(__clang__)
// vectors only travel between always-inline functions of this file: no ABI is involved
#pragma GCC diagnostic ignored "-Wpsabi"
#endif

#include <algorithm>
#include <atomic>
#include <cmath>
#include <condition_variable>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <functional>
#include <limits>
#include <mutex>
#include <string>
#include <system_error>
#include <thread>
#include <vector>

#include "../core/status.hpp"
#include "../engine/isa_cpu.hpp"
#include "../engine/simd_cpu.hpp"
#include "../engine/tile.hpp"
#include "ot_solver.hpp"

namespace {

namespace simd = ik::simd;

constexpr int kRows = 4;                          // rows per micro-tile (broadcast operands)
constexpr int kLanes = simd::kLanes;              // columns per micro-tile (one P8)
constexpr int64_t kTaskRows = 64;                 // rows per task (16 micro-tiles)
constexpr std::size_t kCacheBudget = 512 * 1024;  // see engine::choose_tile
constexpr double kLowest = -std::numeric_limits<double>::max();
constexpr double kNegInf = -std::numeric_limits<double>::infinity();

using ik::engine::Isa;
using ik::engine::detect_isa;

// ---------------------------------------------------------------------------------------------
// threads

// A fixed set of workers kept for a whole solve. run(tasks, fn) calls fn(task) for every task on
// the caller and the workers (dynamic hand-out) and returns when all are done; a task's result may
// not depend on which thread ran it.
class Pool {
 public:
  explicit Pool(int threads) {
    for (int w = 1; w < threads; ++w) {
      try {
        workers_.emplace_back([this] { loop(); });
      } catch (const std::system_error&) {
        break;  // run on the threads we have
      }
    }
  }
  ~Pool() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stop_ = true;
      ++generation_;
    }
    wake_.notify_all();
    for (auto& t : workers_) t.join();
  }
  Pool(const Pool&) = delete;
  Pool& operator=(const Pool&) = delete;

  // Polls the cancel token of the thread that made the pool (the entry's) before every task.
  void run(int64_t tasks, const std::function<void(int64_t)>& fn) {
    cancel_.check();
    if (workers_.empty() || tasks <= 1) {
      for (int64_t t = 0; t < tasks; ++t) {
        cancel_.check();
        fn(t);
      }
      return;
    }
    {
      std::lock_guard<std::mutex> lock(mutex_);
      fn_ = &fn;
      tasks_ = tasks;
      next_.store(0, std::memory_order_relaxed);
      active_ = static_cast<int>(workers_.size());
      error_ = nullptr;
      ++generation_;
    }
    wake_.notify_all();
    work();
    std::unique_lock<std::mutex> lock(mutex_);
    done_.wait(lock, [&] { return active_ == 0; });
    fn_ = nullptr;
    if (error_) std::rethrow_exception(error_);
  }

 private:
  void work() {
    for (int64_t t; (t = next_.fetch_add(1, std::memory_order_relaxed)) < tasks_;) {
      try {
        cancel_.check();
        (*fn_)(t);
      } catch (...) {
        std::lock_guard<std::mutex> lock(mutex_);
        if (!error_) error_ = std::current_exception();
      }
    }
  }
  void loop() {
    uint64_t seen = 0;
    for (;;) {
      {
        std::unique_lock<std::mutex> lock(mutex_);
        wake_.wait(lock, [&] { return generation_ != seen; });
        seen = generation_;
        if (stop_) return;
      }
      work();
      std::lock_guard<std::mutex> lock(mutex_);
      if (--active_ == 0) done_.notify_one();
    }
  }

  const ik::CancelToken cancel_ = ik::current_cancel();
  std::vector<std::thread> workers_;
  std::mutex mutex_;
  std::condition_variable wake_, done_;
  const std::function<void(int64_t)>* fn_ = nullptr;
  int64_t tasks_ = 0;
  std::atomic<int64_t> next_{0};
  int active_ = 0;
  uint64_t generation_ = 0;
  bool stop_ = false;
  std::exception_ptr error_;
};

// ---------------------------------------------------------------------------------------------
// data layout

// The len x d row-major array cut into blocks of T rows, each block column-major (T doubles per
// coordinate), rows past len zero: the column side of a micro-tile reads 8 lanes in one load.
struct Packed {
  std::vector<double> data;
  int64_t len = 0, T = 0, nb = 0;
};

Packed pack_columns(const double* a, int64_t len, int64_t d) {
  Packed p;
  p.len = len;
  p.T = ik::engine::choose_tile(len, d + 1, kCacheBudget);  // d coordinates + one potential per column
  p.nb = (len + p.T - 1) / p.T;
  p.data.assign(static_cast<std::size_t>(p.nb * p.T * d), 0.0);
  for (int64_t i = 0; i < len; ++i) {
    double* block = p.data.data() + (i / p.T) * p.T * d + (i % p.T);
    for (int64_t c = 0; c < d; ++c) block[c * p.T] = a[i * d + c];
  }
  return p;
}

// ---------------------------------------------------------------------------------------------
// micro-kernels

// Squared distances of 4 rows `xi` to JG groups of 8 columns at `col` (packed, stride T), summed
// over coordinates in order 0..d-1 from differences (exactly 0 for equal points).
template <int JG, int W>
IK_INLINE void sq_dist(const double* const (&xi)[kRows], const double* col, int64_t T, int64_t d,
                       simd::P8<W> (&acc)[kRows][JG]) {
  using V = simd::P8<W>;
  for (int r = 0; r < kRows; ++r)
    for (int g = 0; g < JG; ++g) acc[r][g] = simd::zero<W>();
  for (int64_t c = 0; c < d; ++c) {
    V xj[JG];
    for (int g = 0; g < JG; ++g) xj[g] = simd::load<W>(col + c * T + g * kLanes);
    for (int r = 0; r < kRows; ++r) {
      const double a = xi[r][c];
      for (int g = 0; g < JG; ++g) {
        const V t = a - xj[g];
        acc[r][g] += t * t;
      }
    }
  }
}

// Fold t into the running (max, sum) of each lane with one exponential (see the file comment).
template <int W>
IK_INLINE void lse_push(simd::P8<W>& mx, simd::P8<W>& sm, const simd::P8<W>& t) {
  using D = typename simd::Native<W>::D;
  using I = typename simd::Native<W>::I;
  const D zero{};
  for (int q = 0; q < simd::P8<W>::N; ++q) {
    const D a = t.v[q] - mx.v[q];
    const D e = simd::exp_native<D, I>(a > zero ? zero - a : a);
    sm.v[q] = a > zero ? sm.v[q] * e + 1.0 : sm.v[q] + e;
    mx.v[q] = a > zero ? t.v[q] : mx.v[q];
  }
}

// log sum_l sm_l exp(mx_l) over the 8 lanes, in lane order.
template <int W>
IK_INLINE double lse_lanes(const simd::P8<W>& mx, const simd::P8<W>& sm) {
  double big = kLowest;
  for (int l = 0; l < kLanes; ++l) big = std::max(big, simd::lane(mx, l));
  double s = 0.0;
  for (int l = 0; l < kLanes; ++l) {
    const double sl = simd::lane(sm, l);
    if (sl > 0.0) s += sl * std::exp(simd::lane(mx, l) - big);
  }
  return big + std::log(s);
}

IK_INLINE void row_pointers(const double* rows, int64_t d, int64_t i0, int64_t last, const double* (&out)[kRows]) {
  for (int r = 0; r < kRows; ++r) out[r] = rows + std::min(i0 + r, last) * d;
}

// One side of the problem: the rows (row-major) and the other set packed as columns.
struct SideArgs {
  const double* rows;
  int64_t nr;
  const Packed* cols;
  int64_t d;
};

// out_r = lw_r - LSE_c(h_c - C_rc * inv_eps) for the rows of task `task`; hpad has nb*T entries.
template <int JG, int W>
IK_INLINE void lse_task(const SideArgs& s, const double* hpad, const double* lw, double inv_eps,
                        int64_t task, double* out) {
  using V = simd::P8<W>;
  const int64_t r_lo = task * kTaskRows, r_hi = std::min(s.nr, r_lo + kTaskRows);
  const int64_t T = s.cols->T, d = s.d;
  V mx[kTaskRows], sm[kTaskRows];
  for (int64_t r = 0; r < kTaskRows; ++r) {
    mx[r] = simd::splat<W>(kLowest);
    sm[r] = simd::zero<W>();
  }
  for (int64_t jb = 0; jb < s.cols->nb; ++jb) {
    const double* col = s.cols->data.data() + jb * T * d;
    const double* hb = hpad + jb * T;
    for (int64_t ig = r_lo; ig < r_hi; ig += kRows) {
      const double* xr[kRows];
      row_pointers(s.rows, d, ig, r_hi - 1, xr);
      V m4[kRows], s4[kRows];
      for (int r = 0; r < kRows; ++r) {
        m4[r] = mx[ig - r_lo + r];
        s4[r] = sm[ig - r_lo + r];
      }
      for (int64_t jg = 0; jg < T; jg += JG * kLanes) {
        V dist[kRows][JG];
        sq_dist<JG, W>(xr, col + jg, T, d, dist);
        for (int g = 0; g < JG; ++g) {
          const V hv = simd::load<W>(hb + jg + g * kLanes);
          for (int r = 0; r < kRows; ++r) lse_push<W>(m4[r], s4[r], hv - dist[r][g] * inv_eps);
        }
      }
      for (int r = 0; r < kRows; ++r) {
        mx[ig - r_lo + r] = m4[r];
        sm[ig - r_lo + r] = s4[r];
      }
    }
  }
  for (int64_t i = r_lo; i < r_hi; ++i)
    out[i] = (lw ? lw[i] : 0.0) - lse_lanes<W>(mx[i - r_lo], sm[i - r_lo]);
}

// Per row: sum_c P, sum_c P C, sum_c P (p_r + q_c - C inv_eps), P = exp(u_r + v_c - C inv_eps);
// vpad is -inf past the columns' end and qpad 0, so padded columns add exactly 0.
template <int JG, int W>
IK_INLINE void stats_task(const SideArgs& s, const double* u, const double* p, const double* vpad,
                          const double* qpad, double inv_eps, int64_t task, double* rsum, double* rcost,
                          double* rkl) {
  using V = simd::P8<W>;
  const int64_t r_lo = task * kTaskRows, r_hi = std::min(s.nr, r_lo + kTaskRows);
  const int64_t T = s.cols->T, d = s.d;
  for (int64_t ig = r_lo; ig < r_hi; ig += kRows) {
    const double* xr[kRows];
    row_pointers(s.rows, d, ig, r_hi - 1, xr);
    double ui[kRows], pi[kRows];
    for (int r = 0; r < kRows; ++r) {
      const int64_t i = std::min(ig + r, r_hi - 1);
      ui[r] = u[i];
      pi[r] = p[i];
    }
    V ps[kRows], cs[kRows], ks[kRows];
    for (int r = 0; r < kRows; ++r) ps[r] = cs[r] = ks[r] = simd::zero<W>();
    for (int64_t jb = 0; jb < s.cols->nb; ++jb) {
      const double* col = s.cols->data.data() + jb * T * d;
      for (int64_t jg = 0; jg < T; jg += JG * kLanes) {
        V dist[kRows][JG];
        sq_dist<JG, W>(xr, col + jg, T, d, dist);
        for (int g = 0; g < JG; ++g) {
          const V vv = simd::load<W>(vpad + jb * T + jg + g * kLanes);
          const V qv = simd::load<W>(qpad + jb * T + jg + g * kLanes);
          for (int r = 0; r < kRows; ++r) {
            const V ce = dist[r][g] * inv_eps;
            const V pl = simd::exp<W>((ui[r] + vv) - ce);
            ps[r] += pl;
            cs[r] += pl * dist[r][g];
            ks[r] += pl * ((pi[r] + qv) - ce);
          }
        }
      }
    }
    for (int r = 0; r < kRows && ig + r < r_hi; ++r) {
      rsum[ig + r] = simd::hsum(ps[r]);
      rcost[ig + r] = simd::hsum(cs[r]);
      rkl[ig + r] = simd::hsum(ks[r]);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// instruction-set variants and their dispatch

using LseFn = void (*)(const SideArgs&, const double*, const double*, double, int64_t, double*);
using StatsFn = void (*)(const SideArgs&, const double*, const double*, const double*, const double*, double,
                         int64_t, double*, double*, double*);

void lse_generic(const SideArgs& s, const double* h, const double* lw, double ie, int64_t t, double* o) {
  lse_task<1, 2>(s, h, lw, ie, t, o);
}
void stats_generic(const SideArgs& s, const double* u, const double* p, const double* v, const double* q,
                   double ie, int64_t t, double* a, double* b, double* c) {
  stats_task<1, 2>(s, u, p, v, q, ie, t, a, b, c);
}
#if defined(IK_HAVE_ISA_CLONES)
IK_TARGET_AVX2 void lse_avx2(const SideArgs& s, const double* h, const double* lw, double ie, int64_t t,
                             double* o) {
  lse_task<1, 4>(s, h, lw, ie, t, o);
}
IK_TARGET_AVX512 void lse_avx512(const SideArgs& s, const double* h, const double* lw, double ie, int64_t t,
                                 double* o) {
  lse_task<2, 8>(s, h, lw, ie, t, o);
}
IK_TARGET_AVX2 void stats_avx2(const SideArgs& s, const double* u, const double* p, const double* v,
                               const double* q, double ie, int64_t t, double* a, double* b, double* c) {
  stats_task<1, 4>(s, u, p, v, q, ie, t, a, b, c);
}
IK_TARGET_AVX512 void stats_avx512(const SideArgs& s, const double* u, const double* p, const double* v,
                                   const double* q, double ie, int64_t t, double* a, double* b, double* c) {
  stats_task<2, 8>(s, u, p, v, q, ie, t, a, b, c);
}
#endif

LseFn pick_lse(Isa isa) {
#if defined(IK_HAVE_ISA_CLONES)
  if (isa == Isa::kAvx512) return &lse_avx512;
  if (isa == Isa::kAvx2) return &lse_avx2;
#endif
  (void)isa;
  return &lse_generic;
}
StatsFn pick_stats(Isa isa) {
#if defined(IK_HAVE_ISA_CLONES)
  if (isa == Isa::kAvx512) return &stats_avx512;
  if (isa == Isa::kAvx2) return &stats_avx2;
#endif
  (void)isa;
  return &stats_generic;
}

// ---------------------------------------------------------------------------------------------
// the engine of ot_solver.hpp

class CpuEngine {
 public:
  using Vec = std::vector<double>;

  // y == x (same pointer, m == n): one packed copy serves both sides.
  CpuEngine(const double* x, int64_t n, const double* y, int64_t m, int32_t d, int32_t threads)
      : x_(x), y_(y), n_(n), m_(m), d_(d), isa_(detect_isa()),
        pool_(static_cast<int>(std::max<int64_t>(
            1, std::min<int64_t>(ik::resolve_threads(threads), (std::max(n, m) + kTaskRows - 1) / kTaskRows)))) {
    lse_ = pick_lse(isa_);
    stats_ = pick_stats(isa_);
  }

  // ik_last_path: the instruction set of the kernels
  const char* path() const {
    return isa_ == Isa::kAvx512 ? "ot_cpu:avx512" : isa_ == Isa::kAvx2 ? "ot_cpu:avx2" : "ot_cpu:generic";
  }

  Vec vec(int64_t len, double fill) { return Vec(static_cast<std::size_t>(len), fill); }
  Vec upload(const double* p, int64_t len) { return Vec(p, p + len); }
  void download(const Vec& v, double* out, int64_t len) { std::copy(v.begin(), v.begin() + len, out); }

  void half(int side, double eps, const Vec& h, const Vec* lw, Vec& out) {
    const SideArgs s = side_args(side);
    pad(h, s.cols, kNegInf, &hpad_);
    const double inv_eps = 1.0 / eps;
    const double* hp = hpad_.data();
    const double* lwp = lw ? lw->data() : nullptr;
    double* o = out.data();
    const LseFn fn = lse_;
    pool_.run((s.nr + kTaskRows - 1) / kTaskRows, [&](int64_t t) { fn(s, hp, lwp, inv_eps, t, o); });
  }

  void scale(Vec& v, double s) {
    for (double& e : v) e *= s;
  }
  void affine(Vec& out, const Vec& base, const Vec& v, double s) {
    for (std::size_t i = 0; i < out.size(); ++i) out[i] = base[i] + s * v[i];
  }
  double sym_update(Vec& f, const Vec& t, double eps) {
    double delta = 0.0;
    for (std::size_t i = 0; i < f.size(); ++i) {
      const double fn = 0.5 * (f[i] + eps * t[i]);
      delta = std::max(delta, std::fabs(fn - f[i]));
      f[i] = fn;
    }
    return delta;
  }
  double marginal_err2(const Vec& v_old, const Vec& v_new, const Vec& b) {
    double s = 0.0;
    for (std::size_t j = 0; j < b.size(); ++j) {
      const double e = b[j] * std::expm1(v_old[j] - v_new[j]);
      s += e * e;
    }
    return s;
  }
  double dot(const Vec& a, const Vec& b) {
    double s = 0.0;
    for (std::size_t i = 0; i < a.size(); ++i) s += a[i] * b[i];
    return s;
  }

  ik::ot::Stats stats(double eps, const Vec& u, const Vec& v, const Vec& la, const Vec& lb, const Vec& a) {
    const SideArgs s = side_args(0);
    Vec p(u.size()), q(v.size());
    for (std::size_t i = 0; i < u.size(); ++i) p[i] = u[i] - la[i];
    for (std::size_t j = 0; j < v.size(); ++j) q[j] = v[j] - lb[j];
    Vec vpad, qpad;
    pad(v, s.cols, kNegInf, &vpad);
    pad(q, s.cols, 0.0, &qpad);
    Vec rsum(u.size()), rcost(u.size()), rkl(u.size());
    const double inv_eps = 1.0 / eps;
    const StatsFn fn = stats_;
    pool_.run((s.nr + kTaskRows - 1) / kTaskRows, [&](int64_t t) {
      fn(s, u.data(), p.data(), vpad.data(), qpad.data(), inv_eps, t, rsum.data(), rcost.data(), rkl.data());
    });
    ik::ot::Stats st;
    for (std::size_t i = 0; i < u.size(); ++i) {  // row order
      st.cost += rcost[i];
      st.kl += rkl[i];
      const double e = rsum[i] - a[i];
      st.row_err2 += e * e;
    }
    return st;
  }

 private:
  SideArgs side_args(int side) {
    if (side == 0) {
      if (ycols_.len == 0) ycols_ = pack_columns(y_, m_, d_);
      return SideArgs{x_, n_, &ycols_, d_};
    }
    if (y_ == x_ && m_ == n_) {  // symmetric: the packed x is the packed y
      if (ycols_.len == 0) ycols_ = pack_columns(y_, m_, d_);
      return SideArgs{y_, m_, &ycols_, d_};
    }
    if (xcols_.len == 0) xcols_ = pack_columns(x_, n_, d_);
    return SideArgs{y_, m_, &xcols_, d_};
  }
  static void pad(const Vec& v, const Packed* cols, double fill, Vec* out) {
    out->assign(static_cast<std::size_t>(cols->nb * cols->T), fill);
    std::copy(v.begin(), v.begin() + cols->len, out->begin());
  }

  const double* x_;
  const double* y_;
  int64_t n_, m_;
  int64_t d_;
  Isa isa_;
  LseFn lse_ = nullptr;
  StatsFn stats_ = nullptr;
  Packed xcols_, ycols_;
  Vec hpad_;
  Pool pool_;
};

// ---------------------------------------------------------------------------------------------
// entry bodies (run inside IK_GUARD)

void sinkhorn_lse(const double* x, int64_t n, const double* y, int64_t m, int32_t d, double eps,
                  const double* h, const double* lw, int32_t precision, int32_t threads, double* out) {
  const std::string fn = "ik_sinkhorn_lse_cpu";
  ik::ot::check_points(fn, x, n, y, m, d);
  ik::ot::check_eps(fn, eps);
  ik::ot::check_precision(fn, precision, false);
  IK_REQUIRE(h != nullptr, fn + ": h is null");
  IK_REQUIRE(out != nullptr, fn + ": out is null");
  CpuEngine e(x, n, y, m, d, threads);
  ik::set_last_path(e.path());
  const CpuEngine::Vec hv(h, h + m);
  CpuEngine::Vec lwv, o(static_cast<std::size_t>(n));
  if (lw) lwv.assign(lw, lw + n);
  e.half(0, eps, hv, lw ? &lwv : nullptr, o);
  std::copy(o.begin(), o.end(), out);
}

void sinkhorn(const ik::ot::Problem& p, int32_t precision, int32_t threads, const ik::ot::Output& o) {
  const std::string fn = "ik_sinkhorn_cpu";
  ik::ot::check_solve(fn, p, o);
  ik::ot::check_precision(fn, precision, false);
  CpuEngine e(p.x, p.n, p.y, p.m, p.d, threads);
  ik::set_last_path(e.path());
  ik::ot::solve(e, p, o);
}

}  // namespace

extern "C" {

int32_t ik_sinkhorn_lse_cpu(const double* x, int64_t n, const double* y, int64_t m, int32_t d, double eps,
                            const double* h, const double* lw, int32_t precision, int32_t threads, double* out) {
  IK_GUARD(sinkhorn_lse(x, n, y, m, d, eps, h, lw, precision, threads, out));
}

int32_t ik_sinkhorn_cpu(const double* x, int64_t n, const double* y, int64_t m, int32_t d, const double* a,
                        const double* b, double eps, int32_t mode, int32_t max_iter, double tol,
                        double eps_scaling, int32_t precision, int32_t threads, double* out_f, double* out_g,
                        double* out_stats) {
  IK_GUARD(sinkhorn(ik::ot::make_problem(x, n, y, m, d, a, b, eps, mode, max_iter, tol, eps_scaling), precision, threads,
                    (ik::ot::Output{out_f, out_g, out_stats})));
}

}  // extern "C"
