// test_testing_cpu.cpp -- every cpu entry of the testing family against naive double loops over
// explicit n x n matrices written here (a_ij = |x_i - x_j| with the squared distance summed from
// coordinate differences, exp(-|x_i - x_j|^2 / (2 sigma^2)) or x_i . x_j):
//   ik_pair_rows_cpu           the five row sums a, b, ab, aa, bb;
//   ik_pair_centred_rows_cpu   a va, a vb, b va, b vb and (A B)^2 with A, B double-centred;
//   ik_pair_matvec_cpu         F V for m = 1, 2, 9 and 64; V a group indicator (m = 1, 2, 3), RBF
//                              on offset data (the Gram route) and on two far-apart groups;
//   ik_pair_permuted_rows_cpu  sum_j a_ij b^k_ij for 1, 3 and 17 permutations of y.
// n = 1, 2, 3, 17, 33, 257, 1000 (around and across the 32..128-row tiles), dx, dy in {1, 3, 64},
// the three pair functions in several combinations. Tolerance: 1e-12 relative to the sum of the
// magnitudes of the summed terms. Thread counts 1, 2, 3 must give identical bits. Everything runs
// once per instruction set the CPU has (IK_CPU_ISA = generic, avx2, avx512), and ik_last_path must
// name it ("testing_cpu:<isa>"; "" after a failing call). Also: invalid arguments -> IK_EINVAL.
// Prints each failure with the entry, n, dims, functions, threads and instruction set; exits 1 if any.
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

using namespace ik_test;

namespace {

const char* fn_name(int k) { return k == IK_PAIR_DISTANCE ? "distance" : kernel_name(k); }

// the explicit n x n matrix of f over the rows of x, and the magnitude of each entry's terms
void naive_matrix(const std::vector<double>& x, int64_t n, int d, int kind, double sigma, std::vector<double>* f,
                  std::vector<double>* mag) {
  f->assign(static_cast<size_t>(n * n), 0.0);
  mag->assign(static_cast<size_t>(n * n), 0.0);
  for (int64_t i = 0; i < n; ++i) {
    for (int64_t j = 0; j < n; ++j) {
      const double* a = &x[static_cast<size_t>(i * d)];
      const double* b = &x[static_cast<size_t>(j * d)];
      double s = 0, sa = 0;
      for (int c = 0; c < d; ++c) {
        if (kind == IK_KERNEL_LINEAR) {
          s += a[c] * b[c];
          sa += std::fabs(a[c] * b[c]);
        } else {
          const double t = a[c] - b[c];
          s += t * t;
        }
      }
      const size_t ij = static_cast<size_t>(i * n + j);
      if (kind == IK_KERNEL_LINEAR) {
        (*f)[ij] = s;
        (*mag)[ij] = sa;
      } else {
        (*f)[ij] = kind == IK_KERNEL_RBF ? std::exp(-s / (2.0 * sigma * sigma)) : std::sqrt(s);
        (*mag)[ij] = std::fabs((*f)[ij]);
      }
    }
  }
}

// mv (n x m) against the explicit F V, F and its magnitudes n x n, V n x m row-major
void check_matvec(const std::vector<double>& a, const std::vector<double>& ma, const std::vector<double>& v,
                  int64_t n, int m, const std::vector<double>& mv, const std::string& what) {
  for (int64_t i = 0; i < n; ++i)
    for (int q = 0; q < m; ++q) {
      double want = 0, mag = 0;
      for (int64_t j = 0; j < n; ++j) {
        const double vj = v[static_cast<size_t>(j * m + q)];
        want += a[static_cast<size_t>(i * n + j)] * vj;
        mag += std::fabs(ma[static_cast<size_t>(i * n + j)] * vj);
      }
      check_rel(mv[static_cast<size_t>(i * m + q)], want, mag,
                what + " row " + std::to_string(i) + " column " + std::to_string(q));
    }
}

struct Case {
  int64_t n;
  int dx, dy, kx, ky;
  double sx, sy;
  std::string isa;
  std::string name(const char* fn) const {
    char buf[240];
    std::snprintf(buf, sizeof buf, "%s n=%lld dx=%d dy=%d fx=%s fy=%s isa=%s", fn, static_cast<long long>(n), dx, dy,
                  fn_name(kx), fn_name(ky), isa.c_str());
    return buf;
  }
};

std::string expected_path(const std::string& isa) { return "testing_cpu:" + isa; }

// runs call(threads, out) for threads 1, 2, 3: same bits each time, the path named; returns threads=1's out
template <class Call>
bool run_threads(const std::string& what, const std::string& isa, size_t len, Call call, std::vector<double>* out) {
  std::vector<double> first;
  for (int threads : {1, 2, 3}) {
    std::vector<double> o(len, -1.0);
    const std::string w = what + " threads=" + std::to_string(threads);
    if (!check_ok(call(threads, o.data()), w)) return false;
    check_path(expected_path(isa), w);
    if (threads == 1) {
      first = o;
    } else if (!same_bits(first, o)) {
      fail(w + ": bits differ from threads=1");
    }
  }
  *out = first;
  return true;
}

void run_case(const Case& cs, std::mt19937_64& rng) {
  const int64_t n = cs.n;
  const size_t un = static_cast<size_t>(n);
  const auto x = gauss(n, cs.dx, rng);
  const auto y = gauss(n, cs.dy, 0.5, rng);
  std::vector<double> a, ma, b, mb;
  naive_matrix(x, n, cs.dx, cs.kx, cs.sx, &a, &ma);
  naive_matrix(y, n, cs.dy, cs.ky, cs.sy, &b, &mb);

  // ---- rows
  std::vector<double> rows;
  const std::string wr = cs.name("ik_pair_rows_cpu");
  if (run_threads(wr, cs.isa, un * IK_PAIR_ROWS_LEN, [&](int t, double* o) {
        return ik_pair_rows_cpu(x.data(), cs.dx, y.data(), cs.dy, n, cs.kx, cs.sx, cs.ky, cs.sy, t, o);
      }, &rows)) {
    for (int64_t i = 0; i < n; ++i) {
      double want[5] = {0, 0, 0, 0, 0}, mag[5] = {0, 0, 0, 0, 0};
      for (int64_t j = 0; j < n; ++j) {
        const size_t ij = static_cast<size_t>(i * n + j);
        want[0] += a[ij];
        want[1] += b[ij];
        want[2] += a[ij] * b[ij];
        want[3] += a[ij] * a[ij];
        want[4] += b[ij] * b[ij];
        mag[0] += ma[ij];
        mag[1] += mb[ij];
        mag[2] += ma[ij] * mb[ij];
        mag[3] += ma[ij] * ma[ij];
        mag[4] += mb[ij] * mb[ij];
      }
      for (int q = 0; q < 5; ++q)
        check_rel(rows[static_cast<size_t>(i * 5 + q)], want[q], mag[q],
                  wr + " row " + std::to_string(i) + " value " + std::to_string(q));
    }
  }

  // ---- centred rows: centring by the row means, as for HSIC's gamma null, with weights va, vb
  std::vector<double> va(un), vb(un), ca(un), cb(un);
  double ga = 0, gb = 0;
  for (int64_t i = 0; i < n; ++i) {
    double ra = 0, rb = 0;
    for (int64_t j = 0; j < n; ++j) {
      ra += a[static_cast<size_t>(i * n + j)];
      rb += b[static_cast<size_t>(i * n + j)];
    }
    ca[i] = ra / n;
    cb[i] = rb / n;
    ga += ra;
    gb += rb;
    va[i] = ra;
    vb[i] = std::sin(static_cast<double>(i));
  }
  ga /= static_cast<double>(n) * n;
  gb /= static_cast<double>(n) * n;
  std::vector<double> cen;
  const std::string wc = cs.name("ik_pair_centred_rows_cpu");
  if (run_threads(wc, cs.isa, un * IK_PAIR_CENTRED_LEN, [&](int t, double* o) {
        return ik_pair_centred_rows_cpu(x.data(), cs.dx, y.data(), cs.dy, n, cs.kx, cs.sx, cs.ky, cs.sy, va.data(),
                                        vb.data(), ca.data(), cb.data(), ga, gb, t, o);
      }, &cen)) {
    for (int64_t i = 0; i < n; ++i) {
      double want[5] = {0, 0, 0, 0, 0}, mag[5] = {0, 0, 0, 0, 0};
      for (int64_t j = 0; j < n; ++j) {
        const size_t ij = static_cast<size_t>(i * n + j);
        want[0] += a[ij] * va[j];
        want[1] += a[ij] * vb[j];
        want[2] += b[ij] * va[j];
        want[3] += b[ij] * vb[j];
        const double A = a[ij] - ca[i] - ca[j] + ga, B = b[ij] - cb[i] - cb[j] + gb;
        want[4] += (A * B) * (A * B);
        mag[0] += std::fabs(ma[ij] * va[j]);
        mag[1] += std::fabs(ma[ij] * vb[j]);
        mag[2] += std::fabs(mb[ij] * va[j]);
        mag[3] += std::fabs(mb[ij] * vb[j]);
        const double Am = ma[ij] + std::fabs(ca[i]) + std::fabs(ca[j]) + std::fabs(ga);
        const double Bm = mb[ij] + std::fabs(cb[i]) + std::fabs(cb[j]) + std::fabs(gb);
        mag[4] += (Am * Bm) * (Am * Bm);
      }
      for (int q = 0; q < 5; ++q)
        check_rel(cen[static_cast<size_t>(i * 5 + q)], want[q], mag[q],
                  wc + " row " + std::to_string(i) + " value " + std::to_string(q));
    }
  }

  // ---- mat-vec over x's function
  for (int m : {1, 2, 9, 64}) {
    if (m == 64 && n > 257) continue;
    std::vector<double> v(un * m);
    std::normal_distribution<double> g(0.0, 1.0);
    for (auto& e : v) e = g(rng);
    std::vector<double> mv;
    const std::string wm = cs.name("ik_pair_matvec_cpu") + " m=" + std::to_string(m);
    if (!run_threads(wm, cs.isa, un * m, [&](int t, double* o) {
          return ik_pair_matvec_cpu(x.data(), cs.dx, n, cs.kx, cs.sx, v.data(), m, t, o);
        }, &mv))
      continue;
    check_matvec(a, ma, v, n, m, mv, wm);
  }

  // ---- permuted rows
  for (int batch : {1, 3, 17}) {
    if (batch == 17 && n > 257) continue;
    std::vector<std::vector<int64_t>> perms(static_cast<size_t>(batch));
    std::vector<double> yb(static_cast<size_t>(batch) * un * cs.dy);
    for (int k = 0; k < batch; ++k) {
      auto& p = perms[static_cast<size_t>(k)];
      p.resize(un);
      for (int64_t i = 0; i < n; ++i) p[i] = i;
      std::shuffle(p.begin(), p.end(), rng);
      for (int64_t i = 0; i < n; ++i)
        std::copy(y.begin() + p[i] * cs.dy, y.begin() + (p[i] + 1) * cs.dy,
                  yb.begin() + (static_cast<int64_t>(k) * n + i) * cs.dy);
    }
    std::vector<double> pr;
    const std::string wp = cs.name("ik_pair_permuted_rows_cpu") + " batch=" + std::to_string(batch);
    if (!run_threads(wp, cs.isa, un * batch, [&](int t, double* o) {
          return ik_pair_permuted_rows_cpu(x.data(), cs.dx, yb.data(), cs.dy, n, batch, cs.kx, cs.sx, cs.ky, cs.sy, t,
                                           o);
        }, &pr))
      continue;
    for (int k = 0; k < batch; ++k) {
      const auto& p = perms[static_cast<size_t>(k)];
      for (int64_t i = 0; i < n; ++i) {
        double want = 0, mag = 0;
        for (int64_t j = 0; j < n; ++j) {
          const size_t pij = static_cast<size_t>(p[i] * n + p[j]);
          want += a[static_cast<size_t>(i * n + j)] * b[pij];
          mag += ma[static_cast<size_t>(i * n + j)] * mb[pij];
        }
        check_rel(pr[static_cast<size_t>(i * batch + k)], want, mag,
                  wp + " permutation " + std::to_string(k) + " row " + std::to_string(i));
      }
    }
  }
}

// ---- the mat-vec's special routes: V a group indicator (MMD's pooled sample: X rows, then Y
// rows; one add per value instead of one FMA per value and column), and the RBF kernel by the
// Gram identity on centred data, which must be taken for offset data near its mean (x ~ 1000 +
// N(0, 1)) and refused when a group lies 400 away (its error would then be ~1e-10, far above the
// tolerance). Group bounds off the tile edges, an empty group, and every kind of pair function.
void test_matvec_routes(const std::string& isa) {
  uint64_t seed = 1000;
  for (double far : {0.0, 400.0}) {
    for (int64_t n : {300, 1000}) {
      const int d = 10;
      const int64_t s = n * 437 / 1000;
      const size_t un = static_cast<size_t>(n);
      std::mt19937_64 rng(seed++);
      auto x = gauss(n, d, 1000.0, rng);
      for (int64_t i = s; i < n; ++i)
        for (int c = 0; c < d; ++c) {
          double& e = x[static_cast<size_t>(i * d + c)];
          e = 1000.5 + far + 1.3 * (e - 1000.0);
        }
      for (int kind : {IK_KERNEL_RBF, IK_PAIR_DISTANCE, IK_KERNEL_LINEAR}) {
        if (kind == IK_KERNEL_LINEAR && far > 0) continue;
        std::vector<double> a, ma;
        naive_matrix(x, n, d, kind, 3.0, &a, &ma);
        for (int m : {1, 2, 3}) {
          std::vector<double> v(un * m, 0.0);
          for (int64_t i = 0; i < n; ++i) {
            const int g = m == 1 ? 0 : i < s ? 0 : m - 1;  // m = 3: the middle group is empty
            v[static_cast<size_t>(i * m + g)] = 1.0;
          }
          char buf[160];
          std::snprintf(buf, sizeof buf, "ik_pair_matvec_cpu groups n=%lld m=%d f=%s far=%g isa=%s",
                        static_cast<long long>(n), m, fn_name(kind), far, isa.c_str());
          std::vector<double> mv;
          if (!run_threads(buf, isa, un * m, [&](int t, double* o) {
                return ik_pair_matvec_cpu(x.data(), d, n, kind, 3.0, v.data(), m, t, o);
              }, &mv))
            continue;
          check_matvec(a, ma, v, n, m, mv, buf);
        }
      }
    }
  }
}

void test_invalid() {
  const double x[4] = {0, 1, 2, 3};
  double out[64];
  const std::string w = "invalid arguments";
  const int32_t cases[] = {
      ik_pair_rows_cpu(nullptr, 1, x, 1, 4, IK_PAIR_DISTANCE, 0, IK_PAIR_DISTANCE, 0, 1, out),
      ik_pair_rows_cpu(x, 0, x, 1, 4, IK_PAIR_DISTANCE, 0, IK_PAIR_DISTANCE, 0, 1, out),
      ik_pair_rows_cpu(x, 1, x, 1, 0, IK_PAIR_DISTANCE, 0, IK_PAIR_DISTANCE, 0, 1, out),
      ik_pair_rows_cpu(x, 1, x, 1, 4, 7, 0, IK_PAIR_DISTANCE, 0, 1, out),
      ik_pair_rows_cpu(x, 1, x, 1, 4, IK_KERNEL_RBF, 0.0, IK_PAIR_DISTANCE, 0, 1, out),
      ik_pair_rows_cpu(x, 1, x, 1, 4, IK_PAIR_DISTANCE, 0, IK_PAIR_DISTANCE, 0, 1, nullptr),
      ik_pair_centred_rows_cpu(x, 1, x, 1, 4, IK_PAIR_DISTANCE, 0, IK_PAIR_DISTANCE, 0, nullptr, x, x, x, 0, 0, 1, out),
      ik_pair_matvec_cpu(x, 1, 4, IK_PAIR_DISTANCE, 0, x, 0, 1, out),
      ik_pair_matvec_cpu(x, 1, 4, IK_PAIR_DISTANCE, 0, x, 65, 1, out),
      ik_pair_permuted_rows_cpu(x, 1, x, 1, 4, 0, IK_PAIR_DISTANCE, 0, IK_PAIR_DISTANCE, 0, 1, out),
  };
  int q = 0;
  for (int32_t st : cases) {
    check_true(st == IK_EINVAL, w + " case " + std::to_string(q++) + ": status " + std::to_string(st));
    check_path("", w);
  }
}

}  // namespace

int main() {
  test_invalid();
  const int dims[3] = {1, 3, 64};
  const int combos[5][2] = {{IK_PAIR_DISTANCE, IK_PAIR_DISTANCE},
                            {IK_KERNEL_RBF, IK_KERNEL_RBF},
                            {IK_KERNEL_LINEAR, IK_PAIR_DISTANCE},
                            {IK_PAIR_DISTANCE, IK_KERNEL_RBF},
                            {IK_KERNEL_RBF, IK_KERNEL_LINEAR}};
  for (const std::string& isa : cpu_isas()) {
    setenv("IK_CPU_ISA", isa.c_str(), 1);
    test_matvec_routes(isa);
    uint64_t seed = 1;
    for (int64_t n : {1, 2, 3, 17, 33, 257, 1000}) {
      for (int di = 0; di < 3; ++di) {
        const int dx = dims[di], dy = dims[(di + 1) % 3];
        const double sx = std::sqrt(static_cast<double>(dx)), sy = 0.7 * std::sqrt(static_cast<double>(dy));
        for (const auto& kk : combos) {
          if (n == 1000 && dx + dy > 4 && kk[0] != IK_PAIR_DISTANCE) continue;  // keep the naive loops short
          std::mt19937_64 rng(seed++);
          run_case(Case{n, dx, dy, kk[0], kk[1], sx, sy, isa}, rng);
        }
      }
    }
  }
  std::printf("%d checks, %d failures (worst error / bound %.3g)\n", g_checks, g_failures, g_worst);
  return g_failures == 0 ? 0 : 1;
}
