// test_kernel_cpu.cpp -- every cpu entry of the kernel family against naive double loops over
// explicit n x n matrices written here (K_ij = exp(-|x_i - x_j|^2 / (2 sigma^2)) with the squared
// distance summed from coordinate differences, or x_i . x_j):
//   ik_pair_sums_cpu      the nine sums and both row sums;
//   ik_kernel_matvec_cpu  K V and (K o L) V, m = 1, 5 and 57 (57 up to n = 257);
//   ik_kernel_cross_matvec_cpu  K[:, cols] W and (K o L)[:, cols] W, 37 landmarks (one repeated), m = 1 and 11;
//   ik_kernel_matrix_cpu  K and K o L, element by element.
// n = 1, 2, 3, 17, 257, 1000 (not multiples of the tiles), dx, dy in {1, 3, 64}, RBF and linear
// kernels in every combination, y == NULL, and a narrow sigma whose Gram is mostly exp underflow.
// Tolerance: 1e-12 relative to the magnitude of the terms (sum of |terms|; linear kernels cancel).
// Thread counts 1, 2, 3 must give identical bits. Everything runs once per instruction set the
// CPU has (IK_CPU_ISA = generic, avx2, avx512), and ik_last_path must name that set
// ("kernel_cpu:<isa>"; "" after a failing call). Also: the vectorised exp against expl (<= 2 ulp,
// exp(0) = 1, underflow to 0) and invalid arguments -> IK_EINVAL.
//
//   test_kernel_cpu        the above
//   test_kernel_cpu eig    ik_sym_eigenvalues_cpu: [[2,1],[1,2]] -> 1, 3 and a random symmetric
//                          50 x 50 against a cyclic Jacobi routine written here; exits 77
//                          ("skipped") only when ik_lapack_compiled() is 0 (any error is a
//                          failure otherwise); ik_last_path "eigen_cpu:lapack".
// Prints each failure with the entry, n, dx, dy, kernels, m, threads and instruction set; exits 1 if any.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wpsabi"  // the V8 of simd_cpu.hpp never crosses a call here
#endif

#include "../src/engine/simd_cpu.hpp"
#include "infokernels.h"
#include <dlfcn.h>

#include "test_util.hpp"

// test_util.hpp: fail, check_ok, check_true, check_rel, same_bits, gauss, kernel_name, cpu_isas,
// cyclic_jacobi_eigenvalues
using namespace ik_test;

namespace {

// explicit Gram matrix and the magnitude of each entry's terms
void naive_gram(const std::vector<double>& x, int64_t n, int d, int kernel, double sigma,
                std::vector<double>* k, std::vector<double>* mag) {
  k->assign(static_cast<size_t>(n * n), 0.0);
  mag->assign(static_cast<size_t>(n * n), 0.0);
  for (int64_t i = 0; i < n; ++i) {
    for (int64_t j = 0; j < n; ++j) {
      const double* a = &x[static_cast<size_t>(i * d)];
      const double* b = &x[static_cast<size_t>(j * d)];
      double s = 0, sa = 0;
      for (int c = 0; c < d; ++c) {
        if (kernel == IK_KERNEL_RBF) {
          const double t = a[c] - b[c];
          s += t * t;
        } else {
          s += a[c] * b[c];
          sa += std::fabs(a[c] * b[c]);
        }
      }
      const size_t ij = static_cast<size_t>(i * n + j);
      if (kernel == IK_KERNEL_RBF) {
        (*k)[ij] = std::exp(-s / (2.0 * sigma * sigma));
        (*mag)[ij] = (*k)[ij];
      } else {
        (*k)[ij] = s;
        (*mag)[ij] = sa;
      }
    }
  }
}

struct Case {
  int64_t n;
  int dx, dy;
  int kx, ky;
  bool has_y;
  double sx, sy;
  std::string isa;
  std::string name(const char* entry) const {
    char buf[240];
    std::snprintf(buf, sizeof buf, "%s isa=%s n=%lld dx=%d dy=%d kx=%s(%g) ky=%s(%g)%s", entry, isa.c_str(),
                  static_cast<long long>(n), dx, has_y ? dy : 0, kernel_name(kx), sx,
                  has_y ? kernel_name(ky) : "-", sy, has_y ? "" : " y=NULL");
    return buf;
  }
};

void run_case(const Case& cs, std::mt19937_64& rng) {
  const int64_t n = cs.n;
  const auto x = gauss(n, cs.dx, rng);
  const auto y = gauss(n, cs.dy, rng);
  std::vector<double> K, Km, L, Lm;
  naive_gram(x, n, cs.dx, cs.kx, cs.sx, &K, &Km);
  if (cs.has_y) {
    naive_gram(y, n, cs.dy, cs.ky, cs.sy, &L, &Lm);
  } else {
    L = K;
    Lm = Km;
  }
  const double* yp = cs.has_y ? y.data() : nullptr;
  const size_t nn = static_cast<size_t>(n * n);

  // ---- pair sums
  double want[IK_PAIR_SUMS_LEN] = {0}, scale[IK_PAIR_SUMS_LEN] = {0};
  std::vector<double> want_rk(static_cast<size_t>(n), 0.0), want_rl(static_cast<size_t>(n), 0.0);
  std::vector<double> mag_rk(static_cast<size_t>(n), 0.0), mag_rl(static_cast<size_t>(n), 0.0);
  for (int64_t i = 0; i < n; ++i) {
    for (int64_t j = 0; j < n; ++j) {
      const size_t ij = static_cast<size_t>(i * n + j);
      const double k = K[ij], l = L[ij], km = Km[ij], lm = Lm[ij];
      want[IK_SUM_KL] += k * l;
      scale[IK_SUM_KL] += km * lm;
      want[IK_SUM_KK] += k * k;
      scale[IK_SUM_KK] += km * km;
      want[IK_SUM_LL] += l * l;
      scale[IK_SUM_LL] += lm * lm;
      want[IK_SUM_KL2] += k * l * k * l;
      scale[IK_SUM_KL2] += km * lm * km * lm;
      want[IK_SUM_K] += k;
      scale[IK_SUM_K] += km;
      want[IK_SUM_L] += l;
      scale[IK_SUM_L] += lm;
      want_rk[static_cast<size_t>(i)] += k;
      mag_rk[static_cast<size_t>(i)] += km;
      want_rl[static_cast<size_t>(i)] += l;
      mag_rl[static_cast<size_t>(i)] += lm;
    }
    const size_t ii = static_cast<size_t>(i * n + i);
    want[IK_SUM_TRK] += K[ii];
    scale[IK_SUM_TRK] += Km[ii];
    want[IK_SUM_TRL] += L[ii];
    scale[IK_SUM_TRL] += Lm[ii];
    want[IK_SUM_DIAG_KL] += K[ii] * L[ii];
    scale[IK_SUM_DIAG_KL] += Km[ii] * Lm[ii];
  }
  static const char* kSumNames[IK_PAIR_SUMS_LEN] = {"KL", "KK", "LL", "KL2", "K", "L", "trK", "trL", "diagKL"};

  std::vector<double> first_sums, first_rows;
  for (int threads : {1, 2, 3}) {
    std::vector<double> sums(IK_PAIR_SUMS_LEN, -1.0), rk(static_cast<size_t>(n), -1.0), rl(static_cast<size_t>(n), -1.0);
    const std::string what = cs.name("ik_pair_sums_cpu") + " threads=" + std::to_string(threads);
    const int32_t st = ik_pair_sums_cpu(x.data(), cs.dx, yp, cs.dy, n, cs.kx, cs.sx, cs.ky, cs.sy, threads,
                                        sums.data(), rk.data(), rl.data());
    if (st != IK_OK) {
      fail(what + ": status " + std::to_string(st) + " " + ik_last_error());
      continue;
    }
    check_path("kernel_cpu:" + cs.isa, what);
    for (int q = 0; q < IK_PAIR_SUMS_LEN; ++q) check_rel(sums[q], want[q], scale[q], what + " sum " + kSumNames[q]);
    for (int64_t i = 0; i < n; ++i) {
      check_rel(rk[static_cast<size_t>(i)], want_rk[static_cast<size_t>(i)], mag_rk[static_cast<size_t>(i)],
                what + " row_k[" + std::to_string(i) + "]");
      check_rel(rl[static_cast<size_t>(i)], want_rl[static_cast<size_t>(i)], mag_rl[static_cast<size_t>(i)],
                what + " row_l[" + std::to_string(i) + "]");
    }
    std::vector<double> rows = rk;
    rows.insert(rows.end(), rl.begin(), rl.end());
    ++g_checks;
    if (threads == 1) {
      first_sums = sums;
      first_rows = rows;
    } else if (!same_bits(sums, first_sums) || !same_bits(rows, first_rows)) {
      fail(what + ": bits differ from threads=1");
    }
  }
  // the row outputs are optional
  {
    std::vector<double> sums(IK_PAIR_SUMS_LEN);
    const std::string what = cs.name("ik_pair_sums_cpu") + " rows=NULL";
    if (check_ok(ik_pair_sums_cpu(x.data(), cs.dx, yp, cs.dy, n, cs.kx, cs.sx, cs.ky, cs.sy, 2, sums.data(), nullptr,
                                  nullptr),
                 what)) {
      check_path("kernel_cpu:" + cs.isa, what);
      check_true(same_bits(sums, first_sums), what + ": bits differ from the call with row outputs");
    }
  }

  // ---- mat-vec
  // m = 57: 8 column groups of 8, i.e. one full 6-group register block and a 2-group remainder on
  // AVX-512 (kept to n <= 257: the naive reference is O(n^2 m))
  for (int m : {1, 5, 57}) {
    if (m > 5 && n > 257) continue;
    const auto v = gauss(n, m, rng);
    std::vector<double> want_out(static_cast<size_t>(n * m), 0.0), mag_out(static_cast<size_t>(n * m), 0.0);
    for (int64_t i = 0; i < n; ++i)
      for (int64_t j = 0; j < n; ++j) {
        const size_t ij = static_cast<size_t>(i * n + j);
        const double g = cs.has_y ? K[ij] * L[ij] : K[ij];
        const double gm = cs.has_y ? Km[ij] * Lm[ij] : Km[ij];
        for (int t = 0; t < m; ++t) {
          want_out[static_cast<size_t>(i * m + t)] += g * v[static_cast<size_t>(j * m + t)];
          mag_out[static_cast<size_t>(i * m + t)] += gm * std::fabs(v[static_cast<size_t>(j * m + t)]);
        }
      }
    std::vector<double> first;
    for (int threads : {1, 2, 3}) {
      std::vector<double> out(static_cast<size_t>(n * m), -1.0);
      const std::string what =
          cs.name("ik_kernel_matvec_cpu") + " m=" + std::to_string(m) + " threads=" + std::to_string(threads);
      const int32_t st = ik_kernel_matvec_cpu(x.data(), cs.dx, yp, cs.dy, n, cs.kx, cs.sx, cs.ky, cs.sy, v.data(), m,
                                              threads, out.data());
      if (st != IK_OK) {
        fail(what + ": status " + std::to_string(st) + " " + ik_last_error());
        continue;
      }
      check_path("kernel_cpu:" + cs.isa, what);
      for (size_t q = 0; q < out.size(); ++q)
        check_rel(out[q], want_out[q], mag_out[q], what + " out[" + std::to_string(q) + "]");
      ++g_checks;
      if (threads == 1)
        first = out;
      else if (!same_bits(out, first))
        fail(what + ": bits differ from threads=1");
    }
  }

  // ---- cross mat-vec: M[:, cols] W, landmarks with a repeat and both ends, c = min(n, 37)
  {
    std::vector<int64_t> cols;
    const int64_t c = std::min<int64_t>(n, 37);
    for (int64_t l = 0; l < c; ++l) cols.push_back(l == 0 ? n - 1 : l == 1 ? 0 : (l * 7919) % n);
    if (c > 2) cols[2] = cols[0];
    for (int m : {1, 11}) {
      const auto w = gauss(c, m, rng);
      std::vector<double> want(static_cast<size_t>(n * m), 0.0), mag(static_cast<size_t>(n * m), 0.0);
      for (int64_t i = 0; i < n; ++i)
        for (int64_t l = 0; l < c; ++l) {
          const size_t ij = static_cast<size_t>(i * n + cols[static_cast<size_t>(l)]);
          const double g = cs.has_y ? K[ij] * L[ij] : K[ij];
          const double gm = cs.has_y ? Km[ij] * Lm[ij] : Km[ij];
          for (int t = 0; t < m; ++t) {
            want[static_cast<size_t>(i * m + t)] += g * w[static_cast<size_t>(l * m + t)];
            mag[static_cast<size_t>(i * m + t)] += gm * std::fabs(w[static_cast<size_t>(l * m + t)]);
          }
        }
      std::vector<double> first;
      for (int threads : {1, 2, 3}) {
        std::vector<double> out(static_cast<size_t>(n * m), -1.0);
        const std::string what = cs.name("ik_kernel_cross_matvec_cpu") + " m=" + std::to_string(m) +
                                 " threads=" + std::to_string(threads);
        const int32_t st = ik_kernel_cross_matvec_cpu(x.data(), cs.dx, yp, cs.dy, n, cs.kx, cs.sx, cs.ky, cs.sy,
                                                      cols.data(), c, w.data(), m, threads, out.data());
        if (st != IK_OK) {
          fail(what + ": status " + std::to_string(st) + " " + ik_last_error());
          continue;
        }
        check_path("kernel_cpu:" + cs.isa, what);
        for (size_t q = 0; q < out.size(); ++q)
          check_rel(out[q], want[q], mag[q], what + " out[" + std::to_string(q) + "]");
        ++g_checks;
        if (threads == 1)
          first = out;
        else if (!same_bits(out, first))
          fail(what + ": bits differ from threads=1");
      }
    }
  }

  // ---- explicit matrix
  if (n <= 1000) {
    std::vector<double> first;
    for (int threads : {1, 3}) {
      std::vector<double> out(nn, -1.0);
      const std::string what = cs.name("ik_kernel_matrix_cpu") + " threads=" + std::to_string(threads);
      const int32_t st =
          ik_kernel_matrix_cpu(x.data(), cs.dx, yp, cs.dy, n, cs.kx, cs.sx, cs.ky, cs.sy, threads, out.data());
      if (st != IK_OK) {
        fail(what + ": status " + std::to_string(st) + " " + ik_last_error());
        continue;
      }
      check_path("kernel_cpu:" + cs.isa, what);
      int bad = 0;
      for (size_t q = 0; q < nn && bad < 3; ++q) {
        const double want_q = cs.has_y ? K[q] * L[q] : K[q];
        const double mag_q = cs.has_y ? Km[q] * Lm[q] : Km[q];
        const int before = g_failures;
        check_rel(out[q], want_q, mag_q, what + " [" + std::to_string(q / n) + "," + std::to_string(q % n) + "]");
        bad += g_failures - before;
      }
      for (int64_t i = 0; i < n; ++i) {  // symmetric to the bit, diagonal exactly 1 for RBF
        ++g_checks;
        for (int64_t j = 0; j < i; ++j)
          if (out[static_cast<size_t>(i * n + j)] != out[static_cast<size_t>(j * n + i)]) {
            fail(what + ": not symmetric at " + std::to_string(i) + "," + std::to_string(j));
            i = n;
            break;
          }
      }
      if (cs.kx == IK_KERNEL_RBF && (!cs.has_y || cs.ky == IK_KERNEL_RBF))
        for (int64_t i = 0; i < n; ++i)
          if (out[static_cast<size_t>(i * n + i)] != 1.0) {
            fail(what + ": diagonal " + std::to_string(i) + " is not exactly 1");
            break;
          }
      ++g_checks;
      if (threads == 1)
        first = out;
      else if (!same_bits(out, first))
        fail(what + ": bits differ from threads=1");
    }
  }
}

// ---- the vectorised exp (header-only, compiled here for the baseline and, if present, AVX2+FMA)
void exp_generic(const double* in, double* out) { ik::simd::store(out, ik::simd::exp(ik::simd::load<2>(in))); }
#if defined(__x86_64__)
__attribute__((target("avx2,fma"))) void exp_avx2(const double* in, double* out) {
  ik::simd::store(out, ik::simd::exp(ik::simd::load<4>(in)));
}
#endif

double ulps(double got, long double want) {
  const double w = static_cast<double>(want);
  if (std::isinf(w) || std::isinf(got)) return got == w ? 0.0 : 1e300;
  double ulp = std::nextafter(std::fabs(w), INFINITY) - std::fabs(w);
  if (ulp == 0 || std::fabs(w) < 2.2250738585072014e-308) ulp = 4.9406564584124654e-324;
  return static_cast<double>(std::fabs(static_cast<long double>(got) - want) / ulp);
}

void test_exp() {
  std::mt19937_64 rng(7);
  double worst[2] = {0, 0};
  const struct {
    double lo, hi;
  } ranges[] = {{-745.0, 0.0}, {-40.0, 0.0}, {-1.0, 0.0}, {-1e-6, 1e-6}, {0.0, 709.0}};
  bool avx2 = false;
#if defined(__x86_64__)
  __builtin_cpu_init();
  avx2 = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
#endif
  for (const auto& r : ranges) {
    std::uniform_real_distribution<double> u(r.lo, r.hi);
    for (int it = 0; it < 200000; ++it) {
      double in[8], out[8];
      for (double& e : in) e = u(rng);
      exp_generic(in, out);
      for (int l = 0; l < 8; ++l) worst[0] = std::max(worst[0], ulps(out[l], expl(static_cast<long double>(in[l]))));
#if defined(__x86_64__)
      if (avx2) {
        exp_avx2(in, out);
        for (int l = 0; l < 8; ++l) worst[1] = std::max(worst[1], ulps(out[l], expl(static_cast<long double>(in[l]))));
      }
#endif
    }
  }
  std::printf("exp: max error %.3f ulp (baseline), %.3f ulp (avx2+fma)\n", worst[0], worst[1]);
  g_checks += 2;
  if (worst[0] > 2.0 || worst[1] > 2.0) fail("simd::exp: error above 2 ulp");
  // special values, both builds
  const double in[8] = {0.0, -0.0, -746.0, -1e300, -INFINITY, -745.2, 710.0, NAN};
  double out[2][8];
  exp_generic(in, out[0]);
#if defined(__x86_64__)
  if (avx2)
    exp_avx2(in, out[1]);
  else
#endif
    std::memcpy(out[1], out[0], sizeof out[0]);
  for (int b = 0; b < 2; ++b) {
    ++g_checks;
    if (out[b][0] != 1.0 || out[b][1] != 1.0) fail("simd::exp(0) is not exactly 1");
    if (out[b][2] != 0.0 || out[b][3] != 0.0 || out[b][4] != 0.0 || out[b][5] != 0.0)
      fail("simd::exp of very negative arguments is not 0");
    if (!std::isinf(out[b][6])) fail("simd::exp(710) is not +inf");
    if (!std::isnan(out[b][7])) fail("simd::exp(NaN) is not NaN");
  }
}

// ---- exp_nonpositive_many (the testing family's RBF tiles): the table route on AVX-512, exp_many
// (exp()'s steps on several vectors side by side) on the other widths; exp2_sixteenths_many (the
// testing family's Gram route): 2^(u / 16). Each on 16 values as two P8 vectors, W = 2 or 8.
struct ExpNonpositive {
  template <int W>
  static IK_SIMD_INLINE void run(ik::simd::P8<W> (&v)[2]) { ik::simd::exp_nonpositive_many<W, 2>(v); }
};
struct Exp2Sixteenths {
  template <int W>
  static IK_SIMD_INLINE void run(ik::simd::P8<W> (&v)[2]) { ik::simd::exp2_sixteenths_many<W, 2>(v); }
};
template <class F, int W>
IK_SIMD_INLINE void sixteen(const double* in, double* out) {
  ik::simd::P8<W> v[2] = {ik::simd::load<W>(in), ik::simd::load<W>(in + 8)};
  F::template run<W>(v);
  ik::simd::store(out, v[0]);
  ik::simd::store(out + 8, v[1]);
}
void expnp_generic(const double* in, double* out) { sixteen<ExpNonpositive, 2>(in, out); }
void exp16_generic(const double* in, double* out) { sixteen<Exp2Sixteenths, 2>(in, out); }
#if defined(__x86_64__)
#define IK_TEST_AVX512 __attribute__((target("avx512f,avx512dq,avx512vl,avx512bw,avx2,fma")))
IK_TEST_AVX512 void expnp_avx512(const double* in, double* out) { sixteen<ExpNonpositive, 8>(in, out); }
IK_TEST_AVX512 void exp16_avx512(const double* in, double* out) { sixteen<Exp2Sixteenths, 8>(in, out); }
#endif

// whether this CPU runs the AVX-512 clones (the set IK_TARGET_AVX512 asks for)
bool have_avx512() {
#if defined(__x86_64__)
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq") &&
         __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512bw");
#else
  return false;
#endif
}

void test_exp2_sixteenths() {
  const bool avx512 = have_avx512();
  const double kR = 6.93147180559945309417e-01 / 16.0;
  std::mt19937_64 rng(12);
  double worst = 0;
  bool generic_is_exp_many = true;
  const struct {
    double lo, hi;
  } ranges[] = {{-16.0 * 1022, 0.0}, {-740.0, 0.0}, {-16.0, 0.0}, {-0.5, 0.0}, {-1e-6, 0.0}};
  for (const auto& r : ranges) {
    std::uniform_real_distribution<double> u(r.lo, r.hi);
    for (int it = 0; it < 100000; ++it) {
      double in[16], out[16], scaled[16], ref[16];
      for (double& e : in) e = u(rng);
      exp16_generic(in, out);
      for (int l = 0; l < 16; ++l) scaled[l] = in[l] * kR;
      expnp_generic(scaled, ref);  // W = 2: exp_many of u ln 2 / 16
      for (int l = 0; l < 16; ++l) generic_is_exp_many = generic_is_exp_many && out[l] == ref[l];
#if defined(__x86_64__)
      if (avx512) {
        exp16_avx512(in, out);
        for (int l = 0; l < 16; ++l)
          worst = std::max(worst, ulps(out[l], exp2l(static_cast<long double>(in[l]) / 16.0L)));
      }
#endif
    }
  }
  std::printf("exp2_sixteenths_many: max error %.3f ulp (avx512 table)%s\n", worst,
              avx512 ? "" : " (no AVX-512 here: table route not run)");
  g_checks += 2;
  if (!generic_is_exp_many) fail("exp2_sixteenths_many (W = 2) is not exp_many(u ln 2 / 16)");
  if (worst > 1.1) fail("exp2_sixteenths_many (avx512 table): error above 1.1 ulp");
#if defined(__x86_64__)
  if (avx512) {  // exact powers of two: 2^(-16 k / 16) = 2^-k, 2^0 = 1
    const double in[16] = {0.0, -0.0, -16.0, -32.0, -160.0, -16.0 * 1000, -16.0 * 1022, -8.0,
                           -1.0, -15.0, -17.0, -0.25, -16.0 * 1021.5, -4.0, -12.0, -100.0};
    double out[16];
    exp16_avx512(in, out);
    ++g_checks;
    if (out[0] != 1.0 || out[1] != 1.0 || out[2] != 0.5 || out[3] != 0.25 || out[4] != 0x1p-10 ||
        out[5] != 0x1p-1000 || out[6] != 0x1p-1022)
      fail("exp2_sixteenths_many: 2^(-k) is not exact");
    for (int l = 7; l < 16; ++l)
      if (ulps(out[l], exp2l(static_cast<long double>(in[l]) / 16.0L)) > 1.1)
        fail("exp2_sixteenths_many(" + std::to_string(in[l]) + ") off by more than 1.1 ulp");
  }
#endif
}

void test_exp_nonpositive() {
  const bool avx512 = have_avx512();
  std::mt19937_64 rng(11);
  double worst[2] = {0, 0};
  bool same_as_exp = true;
  const struct {
    double lo, hi;
  } ranges[] = {{-746.0, 0.0}, {-745.0, -700.0}, {-40.0, 0.0}, {-1.0, 0.0}, {-0.05, 0.0}, {-1e-6, 0.0}};
  for (const auto& r : ranges) {
    std::uniform_real_distribution<double> u(r.lo, r.hi);
    for (int it = 0; it < 100000; ++it) {
      double in[16], out[16], ref[8];
      for (double& e : in) e = u(rng);
      expnp_generic(in, out);
      exp_generic(in, ref);  // exp_many performs exp()'s operations: the same bits
      for (int l = 0; l < 8; ++l) same_as_exp = same_as_exp && (out[l] == ref[l]);
      for (int l = 0; l < 16; ++l) worst[0] = std::max(worst[0], ulps(out[l], expl(static_cast<long double>(in[l]))));
#if defined(__x86_64__)
      if (avx512) {
        expnp_avx512(in, out);
        for (int l = 0; l < 16; ++l)
          worst[1] = std::max(worst[1], ulps(out[l], expl(static_cast<long double>(in[l]))));
      }
#endif
    }
  }
  std::printf("exp_nonpositive_many: max error %.3f ulp (exp_many), %.3f ulp (avx512 table)%s\n", worst[0], worst[1],
              avx512 ? "" : " (no AVX-512 here: table route not run)");
  g_checks += 3;
  if (!same_as_exp) fail("exp_many differs from simd::exp");
  if (worst[0] > 2.0) fail("exp_many: error above 2 ulp");
  if (worst[1] > 1.1) fail("exp_nonpositive_many (avx512 table): error above 1.1 ulp");
  const double in[16] = {0.0, -0.0, -746.0, -1e300, -INFINITY, -745.2, NAN, -708.5,
                         -1e-300, -0.0216, -0.0217, -0.0434, -693.2, -1000.0, -5e-324, -744.4};
  double out[16];
#if defined(__x86_64__)
  if (avx512) {
    expnp_avx512(in, out);
    ++g_checks;
    if (out[0] != 1.0 || out[1] != 1.0 || out[8] != 1.0 || out[14] != 1.0) fail("table exp(-0 .. 0) is not 1");
    if (out[2] != 0.0 || out[3] != 0.0 || out[4] != 0.0 || out[5] != 0.0 || out[13] != 0.0)
      fail("table exp of very negative arguments is not 0");
    if (!std::isnan(out[6])) fail("table exp(NaN) is not NaN");
    for (int l : {7, 9, 10, 11, 12, 15})
      if (ulps(out[l], expl(static_cast<long double>(in[l]))) > 1.1)
        fail("table exp(" + std::to_string(in[l]) + ") off by more than 1.1 ulp");
  }
#endif
  (void)out;
}

// ---- invalid arguments
void expect_einval(int32_t status, const char* what) {
  ++g_checks;
  if (status != IK_EINVAL) {
    fail(std::string("invalid argument not rejected: ") + what + " (status " + std::to_string(status) + ")");
  } else if (std::strlen(ik_last_error()) == 0) {
    fail(std::string("IK_EINVAL without a message: ") + what);
  }
  check_path("", std::string("after the invalid call ") + what);
}

void test_invalid() {
  const double x[6] = {0, 1, 2, 3, 4, 5};
  double s[IK_PAIR_SUMS_LEN], out[9], v[3] = {1, 1, 1};
  const int R = IK_KERNEL_RBF, Lk = IK_KERNEL_LINEAR;
  expect_einval(ik_pair_sums_cpu(nullptr, 2, nullptr, 0, 3, R, 1, R, 1, 1, s, nullptr, nullptr), "pair_sums x=NULL");
  expect_einval(ik_pair_sums_cpu(x, 2, nullptr, 0, 3, R, 1, R, 1, 1, nullptr, nullptr, nullptr), "pair_sums out=NULL");
  expect_einval(ik_pair_sums_cpu(x, 2, nullptr, 0, 0, R, 1, R, 1, 1, s, nullptr, nullptr), "pair_sums n=0");
  expect_einval(ik_pair_sums_cpu(x, 2, nullptr, 0, -5, R, 1, R, 1, 1, s, nullptr, nullptr), "pair_sums n<0");
  expect_einval(ik_pair_sums_cpu(x, 0, nullptr, 0, 3, R, 1, R, 1, 1, s, nullptr, nullptr), "pair_sums dx=0");
  expect_einval(ik_pair_sums_cpu(x, 2, x, 0, 3, R, 1, R, 1, 1, s, nullptr, nullptr), "pair_sums dy=0");
  expect_einval(ik_pair_sums_cpu(x, 2, nullptr, 0, 3, R, 0.0, R, 1, 1, s, nullptr, nullptr), "pair_sums sigma=0");
  expect_einval(ik_pair_sums_cpu(x, 2, nullptr, 0, 3, R, -1.0, R, 1, 1, s, nullptr, nullptr), "pair_sums sigma<0");
  expect_einval(ik_pair_sums_cpu(x, 2, nullptr, 0, 3, R, NAN, R, 1, 1, s, nullptr, nullptr), "pair_sums sigma=NaN");
  expect_einval(ik_pair_sums_cpu(x, 2, nullptr, 0, 3, R, INFINITY, R, 1, 1, s, nullptr, nullptr), "pair_sums sigma=inf");
  expect_einval(ik_pair_sums_cpu(x, 2, x, 2, 3, R, 1, R, -2.0, 1, s, nullptr, nullptr), "pair_sums sigma_y<0");
  expect_einval(ik_pair_sums_cpu(x, 2, nullptr, 0, 3, 2, 1, R, 1, 1, s, nullptr, nullptr), "pair_sums kernel_x=2");
  expect_einval(ik_pair_sums_cpu(x, 2, x, 2, 3, Lk, 1, -1, 1, 1, s, nullptr, nullptr), "pair_sums kernel_y=-1");
  expect_einval(ik_kernel_matvec_cpu(x, 2, nullptr, 0, 3, R, 1, R, 1, v, 0, 1, out), "matvec m=0");
  const int64_t cols_ok[2] = {0, 2}, cols_bad[2] = {0, 3}, cols_neg[1] = {-1};
  expect_einval(ik_kernel_cross_matvec_cpu(x, 2, nullptr, 0, 3, R, 1, R, 1, cols_bad, 2, v, 1, 1, out), "cross cols[1]=3");
  expect_einval(ik_kernel_cross_matvec_cpu(x, 2, nullptr, 0, 3, R, 1, R, 1, cols_neg, 1, v, 1, 1, out), "cross cols[0]=-1");
  expect_einval(ik_kernel_cross_matvec_cpu(x, 2, nullptr, 0, 3, R, 1, R, 1, cols_ok, 0, v, 1, 1, out), "cross c=0");
  expect_einval(ik_kernel_cross_matvec_cpu(x, 2, nullptr, 0, 3, R, 1, R, 1, cols_ok, 2, v, 0, 1, out), "cross m=0");
  expect_einval(ik_kernel_cross_matvec_cpu(x, 2, nullptr, 0, 3, R, 1, R, 1, nullptr, 2, v, 1, 1, out), "cross cols=NULL");
  expect_einval(ik_kernel_cross_matvec_cpu(x, 2, nullptr, 0, 3, R, 1, R, 1, cols_ok, 2, nullptr, 1, 1, out), "cross w=NULL");
  expect_einval(ik_kernel_matvec_cpu(x, 2, nullptr, 0, 3, R, 1, R, 1, nullptr, 1, 1, out), "matvec v=NULL");
  expect_einval(ik_kernel_matvec_cpu(x, 2, nullptr, 0, 3, R, 1, R, 1, v, 1, 1, nullptr), "matvec out=NULL");
  expect_einval(ik_kernel_matvec_cpu(nullptr, 2, nullptr, 0, 3, R, 1, R, 1, v, 1, 1, out), "matvec x=NULL");
  expect_einval(ik_kernel_matvec_cpu(x, 2, nullptr, 0, 3, 5, 1, R, 1, v, 1, 1, out), "matvec kernel_x=5");
  expect_einval(ik_kernel_matvec_cpu(x, 2, nullptr, 0, 0, R, 1, R, 1, v, 1, 1, out), "matvec n=0");
  expect_einval(ik_kernel_matrix_cpu(x, 2, nullptr, 0, 3, R, 1, R, 1, 1, nullptr), "matrix out=NULL");
  expect_einval(ik_kernel_matrix_cpu(x, -1, nullptr, 0, 3, R, 1, R, 1, 1, out), "matrix dx<0");
  expect_einval(ik_kernel_matrix_cpu(x, 2, nullptr, 0, 3, R, 0, R, 1, 1, out), "matrix sigma=0");
  expect_einval(ik_kernel_matrix_cpu(x, 2, nullptr, 0, 0, R, 1, R, 1, 1, out), "matrix n=0");
  double a[4] = {2, 1, 1, 2}, w[2];
  expect_einval(ik_sym_eigenvalues_cpu(nullptr, 2, 1, w), "eigenvalues a=NULL");
  expect_einval(ik_sym_eigenvalues_cpu(a, 2, 1, nullptr), "eigenvalues w=NULL");
  expect_einval(ik_sym_eigenvalues_cpu(a, 0, 1, w), "eigenvalues n=0");
  // with y == NULL, kernel_y and sigma_y are ignored
  check_ok(ik_pair_sums_cpu(x, 2, nullptr, 0, 3, R, 1, 99, -1, 1, s, nullptr, nullptr),
           "pair_sums with y=NULL must ignore kernel_y/sigma_y");
  // a failing call resets the path of the successful one before it
  check_true(std::strncmp(ik_last_path(), "kernel_cpu:", 11) == 0, "ik_last_path after a successful ik_pair_sums_cpu");
  expect_einval(ik_kernel_matrix_cpu(x, 2, nullptr, 0, 0, R, 1, R, 1, 1, out), "matrix n=0 after a success");
}

// ---- eigenvalues

int test_eigenvalues() {
  double a[4] = {2, 1, 1, 2}, w[2] = {0, 0};
  int32_t st = ik_sym_eigenvalues_cpu(a, 2, 1, w);
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
  ++g_checks;
  if (st != IK_OK) {
    fail(std::string("ik_sym_eigenvalues_cpu [[2,1],[1,2]]: status ") + std::to_string(st) + " " + ik_last_error());
  } else {
    check_path("eigen_cpu:lapack", "ik_sym_eigenvalues_cpu [[2,1],[1,2]]");
    check_rel(w[0], 1.0, 3.0, "ik_sym_eigenvalues_cpu [[2,1],[1,2]] w[0]", 1e-14);
    check_rel(w[1], 3.0, 3.0, "ik_sym_eigenvalues_cpu [[2,1],[1,2]] w[1]", 1e-14);
  }
  const int n = 50;
  std::mt19937_64 rng(11);
  std::normal_distribution<double> g(0.0, 1.0);
  std::vector<double> m(n * n);
  for (int i = 0; i < n; ++i)
    for (int j = 0; j <= i; ++j) m[i * n + j] = m[j * n + i] = g(rng);
  const std::vector<double> want = cyclic_jacobi_eigenvalues(m, n);
  double norm = 0;
  for (double e : want) norm = std::max(norm, std::fabs(e));
  for (int threads : {1, 2, 0}) {
    std::vector<double> a2 = m, got(n, 0.0);
    // only the upper triangle may be read: poison the strict lower one
    for (int i = 0; i < n; ++i)
      for (int j = 0; j < i; ++j) a2[i * n + j] = NAN;
    st = ik_sym_eigenvalues_cpu(a2.data(), n, threads, got.data());
    const std::string what = "ik_sym_eigenvalues_cpu random 50x50 threads=" + std::to_string(threads);
    ++g_checks;
    if (st != IK_OK) {
      fail(what + ": status " + std::to_string(st) + " " + ik_last_error());
      continue;
    }
    check_path("eigen_cpu:lapack", what);
    for (int i = 0; i < n; ++i) check_rel(got[i], want[i], norm, what + " w[" + std::to_string(i) + "]", 1e-12);
  }
  // The cancellable reduction (kernel_cpu.cpp: dsyevd written out with a cancel poll per panel)
  // keeps LAPACKE_dsyevd's bits: compare with LAPACKE_dsyevd itself, from the libopenblas the
  // library loaded, at sizes with 0, 1 and many panels.
  using Dsyevd = int (*)(int, char, char, int, double*, int, double*);
  const auto dsyevd = reinterpret_cast<Dsyevd>(dlsym(RTLD_DEFAULT, "LAPACKE_dsyevd"));
  check_true(dsyevd != nullptr, "LAPACKE_dsyevd found in the loaded OpenBLAS");
  for (int nn : {1, 2, 31, 33, 64, 65, 300}) {
    if (dsyevd == nullptr) break;
    std::vector<double> s(size_t(nn) * nn);
    for (int i = 0; i < nn; ++i)
      for (int j = 0; j <= i; ++j) s[size_t(i) * nn + j] = s[size_t(j) * nn + i] = g(rng) + (i == j ? 4.0 : 0.0);
    std::vector<double> a1 = s, a2 = s, w1(nn), w2(nn);
    const int st1 = ik_sym_eigenvalues_cpu(a1.data(), nn, 1, w1.data());
    const int info = dsyevd(102 /* LAPACK_COL_MAJOR */, 'N', 'L', nn, a2.data(), nn, w2.data());
    const std::string what = "ik_sym_eigenvalues_cpu n=" + std::to_string(nn) + " vs LAPACKE_dsyevd";
    if (check_ok(st1, what) && info == 0) check_true(same_bits(w1, w2), what + ": identical bits");
  }
  // tiny and huge scales take dsyevd's scaling branch
  for (double scale : {1e-160, 1e160}) {
    if (dsyevd == nullptr) break;
    const int nn = 70;
    std::vector<double> s(size_t(nn) * nn);
    for (int i = 0; i < nn; ++i)
      for (int j = 0; j <= i; ++j) s[size_t(i) * nn + j] = s[size_t(j) * nn + i] = scale * g(rng);
    std::vector<double> a1 = s, a2 = s, w1(nn), w2(nn);
    const int st1 = ik_sym_eigenvalues_cpu(a1.data(), nn, 1, w1.data());
    const int info = dsyevd(102, 'N', 'L', nn, a2.data(), nn, w2.data());
    const std::string what = "ik_sym_eigenvalues_cpu scale " + std::to_string(scale) + " vs LAPACKE_dsyevd";
    if (check_ok(st1, what) && info == 0) check_true(same_bits(w1, w2), what + ": identical bits");
  }
  std::printf("%s: %d checks, %d failures\n", g_failures ? "FAILED" : "ok", g_checks, g_failures);
  return g_failures ? 1 : 0;
}

}  // namespace

// ik_gram_accumulate_cpu against the Java loop it twins, written out naively: every S_ab a sum
// from 0 over k ascending of rounded products (volatile: no contraction here either), then
// c += w S_ab. Bit for bit, on the entries it must write (b >= a when upper); the others untouched.
// Row picks with repeats and in any order, sizes around the 8-column panels and the 2/4/8-row
// blocks, data with offsets and mixed scales.
void test_gram_accumulate(const std::string& isa) {
  std::mt19937_64 rng(4242);
  std::normal_distribution<double> g;
  for (int len : {1, 7, 1024}) {
    for (int slots : {1, 3, 9, 17, 40}) {
      for (int upper : {0, 1}) {
        for (int rep = 0; rep < 2; ++rep) {
          std::vector<double> tile(size_t(slots) * len);
          for (size_t i = 0; i < tile.size(); ++i) tile[i] = (i % 3 == 0 ? 1e3 : 1e-2) * g(rng) + (i % 5 == 0 ? 7.5 : 0.0);
          std::uniform_int_distribution<int> pick(0, slots - 1);
          const int na = upper ? slots : 1 + pick(rng) % 13;
          const int nc = upper ? slots : 1 + (pick(rng) * 7) % 19;
          std::vector<int32_t> ra(na), cb(nc);
          for (int a = 0; a < na; ++a) ra[a] = upper ? a : pick(rng);
          for (int b = 0; b < nc; ++b) cb[b] = upper ? b : pick(rng);
          const double w = rep == 0 ? 1.0 : 2.0;
          std::vector<double> c(size_t(na) * nc), want;
          for (double& v : c) v = g(rng);
          want = c;
          for (int a = 0; a < na; ++a)
            for (int b = upper ? a : 0; b < nc; ++b) {
              double sum = 0;
              for (int k = 0; k < len; ++k) {
                volatile double prod = tile[size_t(ra[a]) * len + k] * tile[size_t(cb[b]) * len + k];
                sum = sum + prod;
              }
              want[size_t(a) * nc + b] += w * sum;
            }
          const std::string what = "ik_gram_accumulate_cpu len=" + std::to_string(len) + " slots=" +
                                   std::to_string(slots) + " upper=" + std::to_string(upper) + " (isa=" + isa + ")";
          if (check_ok(ik_gram_accumulate_cpu(tile.data(), len, slots, ra.data(), na, cb.data(), nc, upper, w, c.data()),
                       what)) {
            check_path("gram_cpu:" + isa, what);
            check_true(std::memcmp(c.data(), want.data(), c.size() * sizeof(double)) == 0, what + ": bits of the Java loop");
          }
        }
      }
    }
  }
}

int main(int argc, char** argv) {
  if (argc > 1 && std::strcmp(argv[1], "eig") == 0) return test_eigenvalues();

  test_exp();
  test_exp_nonpositive();
  test_exp2_sixteenths();
  test_invalid();

  const std::vector<std::string> isas = cpu_isas();
  const int dims[3] = {1, 3, 64};
  const int combos[4][2] = {{IK_KERNEL_RBF, IK_KERNEL_RBF},
                            {IK_KERNEL_LINEAR, IK_KERNEL_LINEAR},
                            {IK_KERNEL_RBF, IK_KERNEL_LINEAR},
                            {IK_KERNEL_LINEAR, IK_KERNEL_RBF}};
  for (const std::string& isa : isas) {
    setenv("IK_CPU_ISA", isa.c_str(), 1);
    test_gram_accumulate(isa);
    uint64_t seed = 1;
    for (int64_t n : {1, 2, 3, 17, 257, 1000}) {
      for (int di = 0; di < 3; ++di) {
        const int dx = dims[di], dy = dims[(di + 1) % 3];
        // sigma near the typical distance sqrt(2 d): Gram values spread over (0, 1]
        const double sx = std::sqrt(static_cast<double>(dx)), sy = 0.7 * std::sqrt(static_cast<double>(dy));
        for (const auto& kk : combos) {
          std::mt19937_64 rng(seed++);
          run_case(Case{n, dx, dy, kk[0], kk[1], true, sx, sy, isa}, rng);
        }
        for (int k : {IK_KERNEL_RBF, IK_KERNEL_LINEAR}) {
          std::mt19937_64 rng(seed++);
          run_case(Case{n, dx, dy, k, k, false, sx, sy, isa}, rng);
        }
      }
    }
    // narrow kernels: most exponents are far below -745 (exp underflow) or in the subnormal range
    std::mt19937_64 rng(seed++);
    run_case(Case{257, 3, 1, IK_KERNEL_RBF, IK_KERNEL_RBF, true, 0.05, 0.02, isa}, rng);
    // the same bits on every run: repeat one case
    {
      std::mt19937_64 r1(99), r2(99);
      const auto x = gauss(300, 5, r1);
      double s1[IK_PAIR_SUMS_LEN], s2[IK_PAIR_SUMS_LEN];
      const std::string what = "ik_pair_sums_cpu n=300 d=5 repeated (isa=" + isa + ")";
      const bool ok1 = check_ok(ik_pair_sums_cpu(x.data(), 5, nullptr, 0, 300, IK_KERNEL_RBF, 2.0, 0, 0, 2, s1, nullptr,
                                                 nullptr),
                                what + " run 1");
      const bool ok2 = check_ok(ik_pair_sums_cpu(x.data(), 5, nullptr, 0, 300, IK_KERNEL_RBF, 2.0, 0, 0, 2, s2, nullptr,
                                                 nullptr),
                                what + " run 2");
      if (ok2) check_path("kernel_cpu:" + isa, what + " run 2");
      if (ok1 && ok2) check_true(std::memcmp(s1, s2, sizeof s1) == 0, what + ": two identical runs differ");
      (void)r2;
    }
  }
  unsetenv("IK_CPU_ISA");
  std::printf("worst error: %.3g of the 1e-12 tolerance\n", g_worst);
  std::printf("%s: %d checks, %d failures\n", g_failures ? "FAILED" : "ok", g_checks, g_failures);
  return g_failures ? 1 : 0;
}
