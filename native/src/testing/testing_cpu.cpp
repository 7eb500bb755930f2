// testing_cpu.cpp -- CPU entries of the testing family (infokernels.h, "testing family"): per-row
// sums over all ordered pairs of one sample, for distance correlation, energy distance and MMD,
// the jackknife of their U- and V-statistics, HSIC's gamma null and batched permutation tests.
// Nothing n x n is stored.
//
// Engine (engine/tile.hpp): rows cut into blocks of T (a multiple of 32, at most 128); the tiles
// (bi <= bj) run in the round-robin rounds of tile.hpp, so no two tiles of a round share a block
// and each tile adds its row partials (rows of bi) and, off the diagonal, its column partials
// (rows of bj: every pair function here is symmetric) straight into the rows' accumulators. A
// tile first evaluates its T x T block(s) of pair values into scratch -- 4 rows broadcast against
// 8 lanes of simd::P8 read from the j-block packed column-major, |a-b|^2 summed from coordinate
// differences in coordinate order, then sqrt or exp (the 8 exps of a micro-tile side by side, by
// simd::exp_nonpositive_many: a 16-entry table on AVX-512) -- and then reduces them: row partials over
// the block's columns, column partials over its rows, each in double. The partials are merged into
// each row's (sum, compensation) pair by Neumaier's algorithm in round order, so a row sum depends
// only on (n, T), never on the thread count, and stays accurate to a few ulps of its magnitude at
// any n (one plain double sum over 10^5 terms can drift by ~10^-12 relative, which the estimators'
// O(n) cancellation would amplify). Diagonal tiles visit all T x T ordered pairs (i = j
// included) and add rows only.
//
// Two routes of the mat-vec (ik_pair_matvec_cpu) serve MMD's pooled sample: when V is a group
// indicator (X rows, then Y rows) its products become plain sums per group (grouped_tile: the same
// numbers), and the RBF kernel of a sample whose points all lie near its mean on the kernel's scale
// is evaluated by the Gram identity on centred data (gram_sample: one FMA per coordinate).
//
// Instruction sets as kernel_cpu.cpp: the tile bodies are compiled for SSE2, AVX2+FMA and AVX-512
// through target attributes and picked by cpuid (IK_CPU_ISA=generic|avx2|avx512 caps the choice).
// The square roots vectorise because this file is compiled with -fno-math-errno (CMakeLists.txt).
//
// Tested against naive double loops by test_testing_cpu.cpp (1e-12 relative on every instruction
// set the CPU has; thread counts 1, 2, 3 bitwise equal).
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wpsabi"
#endif

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <new>
#include <string>
#include <vector>

#include "../core/status.hpp"
#include "../engine/isa_cpu.hpp"
#include "../engine/simd_cpu.hpp"
#include "../engine/packed.hpp"
#include "../engine/tile.hpp"
#include "testing_args.hpp"

namespace {

namespace simd = ik::simd;
namespace targs = ik::testing;
using ik::engine::Isa;
using ik::engine::RoundRobin;
using targs::Fn;

constexpr int kRows = 4;              // i-rows per micro-tile (broadcast operands)
constexpr int kLanes = simd::kLanes;  // j-columns per micro-tile (one P8)
constexpr int64_t kMaxTile = 128;     // two 128 x 128 blocks of doubles (256 KiB) stay in L2
// Column partials with one accumulator per column group would be one dependent FMA chain of ni
// (up to 128) steps, too long for out-of-order overlap: 4 groups at a time keep 4 chains going.
// Each column's sum is still taken over the rows in order, so the result does not change.
constexpr int kColGroups = 4;

using ik::engine::Buffer;
using ik::engine::pack_columns;

// One sample as the tiles see it.
struct Sample {
  const double* rows;  // n x d row-major (i-side, broadcast)
  const double* cols;  // pack_columns (j-side)
  int64_t d;
  Fn f;
  // RBF by the Gram identity (gram_sample): rows centred, cols centred and scaled by -2 s16,
  // half[i] = s16 |x_i - m|^2 with s16 = scale 16 / ln 2 (nb * T values, zero past n); null for
  // the plain route
  const double* half = nullptr;
};

// fill() kinds beyond testing_args.hpp's: the RBF kernel by the Gram identity
constexpr int kRbfGram = 3;

// Rows per block: at most 128, and small enough that there are >= 16 blocks when n allows (a round
// then has 8 tiles to share among threads). Depends on n only: it fixes the summation order.
int64_t tile_rows(int64_t n) {
  const int64_t spread = ((n + 15) / 16 + 31) / 32 * 32;
  return std::max<int64_t>(32, std::min(kMaxTile, spread));
}

IK_INLINE void neumaier(double& sum, double& comp, double v) {
  const double t = sum + v;
  comp += std::fabs(sum) >= std::fabs(v) ? (sum - t) + v : (v - t) + sum;
  sum = t;
}

// ---------------------------------------------------------------------------------------------
// pair values of a block

// Lane-wise square root. On x86-64 one vsqrtpd/sqrtpd per register, written out: GCC vectorises
// the scalar loop below only in some contexts (with -fno-math-errno), and a scalarised one made the
// distance tiles twice as slow.
template <int W>
IK_INLINE simd::P8<W> vsqrt(const simd::P8<W>& a) {
  simd::P8<W> r;
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
  for (int q = 0; q < simd::P8<W>::N; ++q) {
    if constexpr (W == 2)
      __asm__("sqrtpd %1, %0" : "=x"(r.v[q]) : "x"(a.v[q]));
    else
      __asm__("vsqrtpd %1, %0" : "=v"(r.v[q]) : "v"(a.v[q]));
  }
#else
  for (int q = 0; q < simd::P8<W>::N; ++q)
    for (int w = 0; w < W; ++w) r.v[q][w] = __builtin_sqrt(a.v[q][w]);
#endif
  return r;
}

// The pair values of a micro-tile: kRows rows xi (hi their Gram halves) against JG groups of 8
// columns from jg, acc[r][q] = f(x_{i0 + r}, x_{jg + 8 q + lane}). Lanes past the block's columns
// hold values of the zero padding (callers mask or drop them).
template <int W, int KIND, int JG>
IK_INLINE void eval_group(const double* const (&xi)[kRows], const double (&hi)[kRows], const double* hj,
                          const double* col, int64_t T, int64_t d, double scale, int64_t jg,
                          simd::P8<W> (&acc)[kRows][JG]) {
  using V = simd::P8<W>;
  for (int r = 0; r < kRows; ++r)
    for (int q = 0; q < JG; ++q) acc[r][q] = simd::zero<W>();
  if (KIND == kRbfGram) {  // s16 (|x_i|^2 + |x_j|^2) + sum_c x_ic (-2 s16 x_jc), centred rows (gram_sample)
    for (int r = 0; r < kRows; ++r)
      for (int q = 0; q < JG; ++q) acc[r][q] = hi[r] + simd::load<W>(hj + jg + q * kLanes);
  }
  for (int64_t c = 0; c < d; ++c) {
    V xj[JG];
    for (int q = 0; q < JG; ++q) xj[q] = simd::load<W>(col + c * T + jg + q * kLanes);
    for (int r = 0; r < kRows; ++r) {
      const double a = xi[r][c];
      for (int q = 0; q < JG; ++q) {
        if (KIND == targs::kLinear || KIND == kRbfGram) {
          acc[r][q] += a * xj[q];
        } else {
          const V t = a - xj[q];
          acc[r][q] += t * t;
        }
      }
    }
  }
  if (KIND == targs::kRbf || KIND == kRbfGram) {
    V e[kRows * JG];
    for (int r = 0; r < kRows; ++r)
      for (int q = 0; q < JG; ++q)
        e[r * JG + q] = KIND == kRbfGram ? simd::min(acc[r][q], 0.0) : acc[r][q] * scale;
    if (KIND == kRbfGram)
      simd::exp2_sixteenths_many<W, kRows * JG>(e);  // exponents in ln 2 / 16 units, >= -32 * 16 / ln 2
    else
      simd::exp_nonpositive_many<W, kRows * JG>(e);
    for (int r = 0; r < kRows; ++r)
      for (int q = 0; q < JG; ++q) acc[r][q] = e[r * JG + q];
  }
  if (KIND == targs::kDistance) {
    for (int r = 0; r < kRows; ++r)
      for (int q = 0; q < JG; ++q) acc[r][q] = vsqrt<W>(acc[r][q]);
  }
}

// JG groups of 8 columns from jg for `rows` rows (1..4): g[r * T + j] = f(x_{i0 + r}, x_j), lanes
// past nj set to 0.
template <int W, int KIND, int JG>
IK_INLINE void fill_group(const double* const (&xi)[kRows], const double (&hi)[kRows], const double* hj,
                          const double* col, int64_t T, int64_t d, double scale, int64_t jg, int64_t nj, int rows,
                          double* g) {
  simd::P8<W> acc[kRows][JG];
  eval_group<W, KIND, JG>(xi, hi, hj, col, T, d, scale, jg, acc);
  for (int r = 0; r < rows; ++r) {
    for (int q = 0; q < JG; ++q) {
      simd::P8<W> f = acc[r][q];
      const int64_t j0 = jg + q * kLanes;
      if (j0 + kLanes > nj) f = simd::select(simd::lanes_below<W>(j0, nj), f);
      simd::store(g + r * T + j0, f);
    }
  }
}

// the rows i0 .. i0 + rows - 1 of a sample as eval_group takes them (past the last, the last again)
IK_INLINE void micro_rows(const Sample& s, int64_t i0, int rows, const double* (&xi)[kRows], double (&hi)[kRows]) {
  for (int r = 0; r < kRows; ++r) {
    const int64_t i = i0 + std::min(r, rows - 1);
    xi[r] = s.rows + i * s.d;
    hi[r] = s.half != nullptr ? s.half[i] : 0.0;
  }
}

template <int W, int KIND>
IK_INLINE void fill_kind(const Sample& s, int64_t T, int64_t i_lo, int64_t ni, int64_t bj, int64_t nj, double* g) {
  constexpr int JG = W == 8 ? 2 : 1;  // AVX-512: 8 independent FMA chains hide the latency
  const double* col = s.cols + bj * T * s.d;
  const double* hj = KIND == kRbfGram ? s.half + bj * T : nullptr;
  const int64_t nj8 = (nj + kLanes - 1) / kLanes * kLanes;
  for (int64_t ig = 0; ig < ni; ig += kRows) {
    const int rows = static_cast<int>(std::min<int64_t>(kRows, ni - ig));
    const double* xi[kRows];
    double hi[kRows];
    micro_rows(s, i_lo + ig, rows, xi, hi);
    int64_t jg = 0;
    for (; jg + JG * kLanes <= nj8; jg += JG * kLanes)
      fill_group<W, KIND, JG>(xi, hi, hj, col, T, s.d, s.f.scale, jg, nj, rows, g + ig * T);
    for (; jg < nj8; jg += kLanes)
      fill_group<W, KIND, 1>(xi, hi, hj, col, T, s.d, s.f.scale, jg, nj, rows, g + ig * T);
  }
}

// g (T x T, row stride T) = f over rows i_lo .. i_lo + ni - 1 and the j-block bj (nj columns);
// columns nj .. round-up(nj, 8) - 1 are 0, rows past ni are not written.
template <int W>
IK_INLINE void fill(const Sample& s, int64_t T, int64_t i_lo, int64_t ni, int64_t bj, int64_t nj, double* g) {
  switch (s.f.kind) {
    case targs::kLinear:
      fill_kind<W, targs::kLinear>(s, T, i_lo, ni, bj, nj, g);
      break;
    case targs::kRbf:
      if (s.half != nullptr)
        fill_kind<W, kRbfGram>(s, T, i_lo, ni, bj, nj, g);
      else
        fill_kind<W, targs::kRbf>(s, T, i_lo, ni, bj, nj, g);
      break;
    default:
      fill_kind<W, targs::kDistance>(s, T, i_lo, ni, bj, nj, g);
      break;
  }
}

// ---------------------------------------------------------------------------------------------
// the four reductions

enum Op : int { kRowsOp = 0, kCentredOp = 1, kMatvecOp = 2, kPermutedOp = 3 };

struct Ctx {
  int op;
  int64_t n, T, q;  // q: values per row
  Sample x, y;
  // centred rows: n padded to nb * T, zero past n
  const double *va, *vb, *ca, *cb;
  double ga, gb;
  // mat-vec: V column by column, each column np = nb * T values (zero past n); mp = np
  const double* vp;
  int64_t mp;
  // mat-vec whose V is a group indicator (see group_bounds): group k is rows glo[k] .. glo[k+1] - 1
  const int64_t* glo;
  // permuted rows: one sample per permutation
  const Sample* yk;
  // per-row accumulators, nb * T x q each
  double* sum;
  double* comp;
};

struct Scratch {
  Buffer ga, gb;    // T x T
  Buffer rowp;      // T x q
  Buffer colp;      // q x T (column partials, one row of T per value)
};

IK_INLINE void merge_row(const Ctx& c, int64_t row, const double* part) {
  double* s = c.sum + row * c.q;
  double* k = c.comp + row * c.q;
  for (int64_t t = 0; t < c.q; ++t) neumaier(s[t], k[t], part[t]);
}

// rows: a, b, ab, aa, bb
template <int W>
IK_INLINE void rows_tile(const Ctx& c, int64_t bi, int64_t bj, Scratch& s) {
  using V = simd::P8<W>;
  const int64_t T = c.T, i_lo = bi * T, j_lo = bj * T;
  const int64_t ni = std::min(T, c.n - i_lo), nj = std::min(T, c.n - j_lo);
  const int64_t nj8 = (nj + kLanes - 1) / kLanes * kLanes;
  double* ga = s.ga.get();
  double* gb = s.gb.get();
  fill<W>(c.x, T, i_lo, ni, bj, nj, ga);
  fill<W>(c.y, T, i_lo, ni, bj, nj, gb);
  double part[5];
  for (int64_t r = 0; r < ni; ++r) {
    V t[5];
    for (auto& v : t) v = simd::zero<W>();
    for (int64_t j = 0; j < nj8; j += kLanes) {
      const V a = simd::load<W>(ga + r * T + j), b = simd::load<W>(gb + r * T + j);
      t[0] += a;
      t[1] += b;
      t[2] += a * b;
      t[3] += a * a;
      t[4] += b * b;
    }
    for (int k = 0; k < 5; ++k) part[k] = simd::hsum(t[k]);
    merge_row(c, i_lo + r, part);
  }
  if (bi == bj) return;
  double* colp = s.colp.get();
  for (int64_t j = 0; j < nj8; j += kLanes) {
    V t[5];
    for (auto& v : t) v = simd::zero<W>();
    for (int64_t r = 0; r < ni; ++r) {
      const V a = simd::load<W>(ga + r * T + j), b = simd::load<W>(gb + r * T + j);
      t[0] += a;
      t[1] += b;
      t[2] += a * b;
      t[3] += a * a;
      t[4] += b * b;
    }
    for (int k = 0; k < 5; ++k) simd::store(colp + k * T + j, t[k]);
  }
  for (int64_t j = 0; j < nj; ++j) {
    for (int k = 0; k < 5; ++k) part[k] = colp[k * T + j];
    merge_row(c, j_lo + j, part);
  }
}

// centred rows: a va, a vb, b va, b vb, (AB)^2
template <int W>
IK_INLINE void centred_tile(const Ctx& c, int64_t bi, int64_t bj, Scratch& s) {
  using V = simd::P8<W>;
  const int64_t T = c.T, i_lo = bi * T, j_lo = bj * T;
  const int64_t ni = std::min(T, c.n - i_lo), nj = std::min(T, c.n - j_lo);
  const int64_t nj8 = (nj + kLanes - 1) / kLanes * kLanes;
  double* ga = s.ga.get();
  double* gb = s.gb.get();
  fill<W>(c.x, T, i_lo, ni, bj, nj, ga);
  fill<W>(c.y, T, i_lo, ni, bj, nj, gb);
  double part[5];
  for (int64_t r = 0; r < ni; ++r) {
    const int64_t i = i_lo + r;
    const double ai = c.ga - c.ca[i], bi_ = c.gb - c.cb[i];
    V t[5];
    for (auto& v : t) v = simd::zero<W>();
    for (int64_t j = 0; j < nj8; j += kLanes) {
      const V a = simd::load<W>(ga + r * T + j), b = simd::load<W>(gb + r * T + j);
      const V vaj = simd::load<W>(c.va + j_lo + j), vbj = simd::load<W>(c.vb + j_lo + j);
      t[0] += a * vaj;
      t[1] += a * vbj;
      t[2] += b * vaj;
      t[3] += b * vbj;
      const V A = (a + ai) - simd::load<W>(c.ca + j_lo + j);
      const V B = (b + bi_) - simd::load<W>(c.cb + j_lo + j);
      V p = A * B;
      p = p * p;
      if (j + kLanes > nj) p = simd::select(simd::lanes_below<W>(j, nj), p);
      t[4] += p;
    }
    for (int k = 0; k < 5; ++k) part[k] = simd::hsum(t[k]);
    merge_row(c, i, part);
  }
  if (bi == bj) return;
  double* colp = s.colp.get();
  for (int64_t j = 0; j < nj8; j += kLanes) {
    const V caj = c.ga - simd::load<W>(c.ca + j_lo + j), cbj = c.gb - simd::load<W>(c.cb + j_lo + j);
    V t[5];
    for (auto& v : t) v = simd::zero<W>();
    for (int64_t r = 0; r < ni; ++r) {
      const int64_t i = i_lo + r;
      const V a = simd::load<W>(ga + r * T + j), b = simd::load<W>(gb + r * T + j);
      const double vai = c.va[i], vbi = c.vb[i];
      t[0] += a * vai;
      t[1] += a * vbi;
      t[2] += b * vai;
      t[3] += b * vbi;
      const V A = (a + caj) - c.ca[i];
      const V B = (b + cbj) - c.cb[i];
      const V p = A * B;
      t[4] += p * p;
    }
    for (int k = 0; k < 5; ++k) simd::store(colp + k * T + j, t[k]);
  }
  for (int64_t j = 0; j < nj; ++j) {
    for (int k = 0; k < 5; ++k) part[k] = colp[k * T + j];
    merge_row(c, j_lo + j, part);
  }
}

// mat-vec: V stored column by column (vt[q * np + j], np = nb * T, zero past n), so each column
// is a row-dot over 8 lanes of j like the other reductions (one FMA per 8 pairs and column).
template <int W>
IK_INLINE void matvec_tile(const Ctx& c, int64_t bi, int64_t bj, Scratch& s) {
  using V = simd::P8<W>;
  const int64_t T = c.T, q = c.q, np = c.mp, i_lo = bi * T, j_lo = bj * T;
  const int64_t ni = std::min(T, c.n - i_lo), nj = std::min(T, c.n - j_lo);
  const int64_t nj8 = (nj + kLanes - 1) / kLanes * kLanes;
  double* g = s.ga.get();
  double* rowp = s.rowp.get();
  double* colp = s.colp.get();
  fill<W>(c.x, T, i_lo, ni, bj, nj, g);
  int64_t r = 0;
  for (; r + kColGroups <= ni; r += kColGroups) {  // kColGroups rows at a time: independent chains
    for (int64_t k = 0; k < q; ++k) {
      const double* vk = c.vp + k * np + j_lo;
      V t[kColGroups];
      for (auto& v : t) v = simd::zero<W>();
      for (int64_t j = 0; j < nj8; j += kLanes) {
        const V vj = simd::load<W>(vk + j);
        for (int b = 0; b < kColGroups; ++b) t[b] += simd::load<W>(g + (r + b) * T + j) * vj;
      }
      for (int b = 0; b < kColGroups; ++b) rowp[b * q + k] = simd::hsum(t[b]);
    }
    for (int b = 0; b < kColGroups; ++b) merge_row(c, i_lo + r + b, rowp + b * q);
  }
  for (; r < ni; ++r) {
    for (int64_t k = 0; k < q; ++k) {
      const double* vk = c.vp + k * np + j_lo;
      V t = simd::zero<W>();
      for (int64_t j = 0; j < nj8; j += kLanes) t += simd::load<W>(g + r * T + j) * simd::load<W>(vk + j);
      rowp[k] = simd::hsum(t);
    }
    merge_row(c, i_lo + r, rowp);
  }
  if (bi == bj) return;
  for (int64_t k = 0; k < q; ++k) {
    const double* vk = c.vp + k * np + i_lo;
    int64_t j = 0;
    for (; j + kColGroups * kLanes <= nj8; j += kColGroups * kLanes) {
      V t[kColGroups];
      for (auto& v : t) v = simd::zero<W>();
      for (int64_t r = 0; r < ni; ++r)
        for (int b = 0; b < kColGroups; ++b) t[b] += simd::load<W>(g + r * T + j + b * kLanes) * vk[r];
      for (int b = 0; b < kColGroups; ++b) simd::store(colp + k * T + j + b * kLanes, t[b]);
    }
    for (; j < nj8; j += kLanes) {
      V t = simd::zero<W>();
      for (int64_t r = 0; r < ni; ++r) t += simd::load<W>(g + r * T + j) * vk[r];
      simd::store(colp + k * T + j, t);
    }
  }
  for (int64_t j = 0; j < nj; ++j) {
    for (int64_t k = 0; k < q; ++k) rowp[k] = colp[k * T + j];
    merge_row(c, j_lo + j, rowp);
  }
}

// mat-vec by a group indicator (V's column k is 1 on rows glo[k] .. glo[k+1] - 1, else 0: MMD's
// pooled sample, X rows then Y rows): the products g * 1 and g * 0 become sums of g over each
// group's columns (rows), one add instead of one FMA per value and group, and the sums are taken
// from the micro-tiles' registers as they are evaluated (no T x T scratch written and read back).
// Row partials: row i's sum over group k's columns of the block, by lanes of 8 from the lane block
// holding the group's first column, lanes outside the group masked to 0, one accumulator per row
// taken across the lane blocks in order; column partials: column j's sum over group k's rows of the
// block, added row after row in row order. The nonzero terms are added in the same lanes and order
// as matvec_tile's FMAs and the zeros it adds change nothing, so the sums are the same numbers (up
// to the sign of an all-zero sum).
template <int W, int KIND, int JG>
IK_INLINE void grouped_span(const Sample& s, const double* const (&xi)[kRows], const double (&hi)[kRows],
                            const double* hj, const double* col, int64_t T, int rows, int64_t jlo, int64_t jhi,
                            int64_t jg, simd::P8<W> (&racc)[kRows], double* colp) {
  using V = simd::P8<W>;
  V v[kRows][JG];
  eval_group<W, KIND, JG>(xi, hi, hj, col, T, s.d, s.f.scale, jg, v);
  for (int q = 0; q < JG; ++q) {
    const int64_t j0 = jg + q * kLanes;
    if (j0 < jlo || j0 + kLanes > jhi) {
      const simd::M8<W> in = simd::lanes_in<W>(j0, jlo, jhi);
      for (int r = 0; r < kRows; ++r) v[r][q] = simd::select(in, v[r][q]);
    }
    for (int r = 0; r < kRows; ++r) racc[r] += v[r][q];
    if (colp != nullptr) {
      V t = simd::load<W>(colp + j0);
      for (int r = 0; r < rows; ++r) t += v[r][q];
      simd::store(colp + j0, t);
    }
  }
}

template <int W, int KIND>
IK_INLINE void grouped_kind(const Ctx& c, int64_t bi, int64_t bj, Scratch& s) {
  using V = simd::P8<W>;
  constexpr int JG = W == 8 ? 2 : 1;
  const int64_t T = c.T, q = c.q, i_lo = bi * T, j_lo = bj * T;
  const int64_t ni = std::min(T, c.n - i_lo), nj = std::min(T, c.n - j_lo);
  const int64_t nj8 = (nj + kLanes - 1) / kLanes * kLanes;
  const bool diag = bi == bj;
  const Sample& x = c.x;
  const double* col = x.cols + bj * T * x.d;
  const double* hj = x.half != nullptr ? x.half + bj * T : nullptr;
  double* rowp = s.rowp.get();
  double* colp = s.colp.get();  // q x T: column partials by row group
  auto clamp = [](int64_t v, int64_t hi) { return std::max<int64_t>(0, std::min(v, hi)); };
  if (!diag) std::fill(colp, colp + q * T, 0.0);
  for (int64_t a = 0; a < q; ++a) {  // the rows of group a, kRows at a time
    const int64_t rlo = clamp(c.glo[a] - i_lo, ni), rhi = clamp(c.glo[a + 1] - i_lo, ni);
    for (int64_t ig = rlo; ig < rhi; ig += kRows) {
      const int rows = static_cast<int>(std::min<int64_t>(kRows, rhi - ig));
      const double* xi[kRows];
      double hi[kRows];
      micro_rows(x, i_lo + ig, rows, xi, hi);
      std::fill(rowp, rowp + kRows * q, 0.0);
      for (int64_t k = 0; k < q; ++k) {  // against the columns of group k
        const int64_t jlo = clamp(c.glo[k] - j_lo, nj), jhi = clamp(c.glo[k + 1] - j_lo, nj);
        if (jlo >= jhi) continue;
        double* ck = diag ? nullptr : colp + a * T;
        V racc[kRows];
        for (auto& v : racc) v = simd::zero<W>();
        const int64_t jend = std::min((jhi + kLanes - 1) / kLanes * kLanes, nj8);
        int64_t jg = jlo / kLanes * kLanes;
        for (; jg + JG * kLanes <= jend; jg += JG * kLanes)
          grouped_span<W, KIND, JG>(x, xi, hi, hj, col, T, rows, jlo, jhi, jg, racc, ck);
        for (; jg < jend; jg += kLanes) grouped_span<W, KIND, 1>(x, xi, hi, hj, col, T, rows, jlo, jhi, jg, racc, ck);
        for (int r = 0; r < rows; ++r) rowp[r * q + k] = simd::hsum(racc[r]);
      }
      for (int r = 0; r < rows; ++r) merge_row(c, i_lo + ig + r, rowp + r * q);
    }
  }
  if (diag) return;
  for (int64_t j = 0; j < nj; ++j) {
    for (int64_t k = 0; k < q; ++k) rowp[k] = colp[k * T + j];
    merge_row(c, j_lo + j, rowp);
  }
}

template <int W>
IK_INLINE void grouped_tile(const Ctx& c, int64_t bi, int64_t bj, Scratch& s) {
  switch (c.x.f.kind) {
    case targs::kLinear: grouped_kind<W, targs::kLinear>(c, bi, bj, s); break;
    case targs::kRbf:
      if (c.x.half != nullptr)
        grouped_kind<W, kRbfGram>(c, bi, bj, s);
      else
        grouped_kind<W, targs::kRbf>(c, bi, bj, s);
      break;
    default: grouped_kind<W, targs::kDistance>(c, bi, bj, s); break;
  }
}

// permuted rows: sum_j a_ij b^k_ij for each permutation k
template <int W>
IK_INLINE void permuted_tile(const Ctx& c, int64_t bi, int64_t bj, Scratch& s) {
  using V = simd::P8<W>;
  const int64_t T = c.T, q = c.q, i_lo = bi * T, j_lo = bj * T;
  const int64_t ni = std::min(T, c.n - i_lo), nj = std::min(T, c.n - j_lo);
  const int64_t nj8 = (nj + kLanes - 1) / kLanes * kLanes;
  const bool diag = bi == bj;
  double* ga = s.ga.get();
  double* gb = s.gb.get();
  double* rowp = s.rowp.get();
  double* colp = s.colp.get();
  fill<W>(c.x, T, i_lo, ni, bj, nj, ga);
  for (int64_t k = 0; k < q; ++k) {
    fill<W>(c.yk[k], T, i_lo, ni, bj, nj, gb);
    for (int64_t r = 0; r < ni; ++r) {
      V t = simd::zero<W>();
      for (int64_t j = 0; j < nj8; j += kLanes) t += simd::load<W>(ga + r * T + j) * simd::load<W>(gb + r * T + j);
      rowp[r * q + k] = simd::hsum(t);
    }
    if (diag) continue;
    int64_t j = 0;
    for (; j + kColGroups * kLanes <= nj8; j += kColGroups * kLanes) {
      V t[kColGroups];
      for (auto& v : t) v = simd::zero<W>();
      for (int64_t r = 0; r < ni; ++r)
        for (int b = 0; b < kColGroups; ++b) {
          const int64_t o = r * T + j + b * kLanes;
          t[b] += simd::load<W>(ga + o) * simd::load<W>(gb + o);
        }
      for (int b = 0; b < kColGroups; ++b) simd::store(colp + k * T + j + b * kLanes, t[b]);
    }
    for (; j < nj8; j += kLanes) {
      V t = simd::zero<W>();
      for (int64_t r = 0; r < ni; ++r) t += simd::load<W>(ga + r * T + j) * simd::load<W>(gb + r * T + j);
      simd::store(colp + k * T + j, t);
    }
  }
  for (int64_t r = 0; r < ni; ++r) merge_row(c, i_lo + r, rowp + r * q);
  if (diag) return;
  for (int64_t j = 0; j < nj; ++j) {
    for (int64_t k = 0; k < q; ++k) rowp[k] = colp[k * T + j];
    merge_row(c, j_lo + j, rowp);
  }
}

template <int W>
IK_INLINE void any_tile(const Ctx& c, int64_t bi, int64_t bj, Scratch& s) {
  switch (c.op) {
    case kRowsOp: rows_tile<W>(c, bi, bj, s); break;
    case kCentredOp: centred_tile<W>(c, bi, bj, s); break;
    case kMatvecOp:
      if (c.glo != nullptr)
        grouped_tile<W>(c, bi, bj, s);
      else
        matvec_tile<W>(c, bi, bj, s);
      break;
    default: permuted_tile<W>(c, bi, bj, s); break;
  }
}

void tile_generic(const Ctx& c, int64_t bi, int64_t bj, Scratch& s) { any_tile<2>(c, bi, bj, s); }
#if defined(IK_HAVE_ISA_CLONES)
IK_TARGET_AVX2 void tile_avx2(const Ctx& c, int64_t bi, int64_t bj, Scratch& s) { any_tile<4>(c, bi, bj, s); }
IK_TARGET_AVX512 void tile_avx512(const Ctx& c, int64_t bi, int64_t bj, Scratch& s) { any_tile<8>(c, bi, bj, s); }
#endif

using TileFn = void (*)(const Ctx&, int64_t, int64_t, Scratch&);

TileFn pick_tile(Isa isa) {
#if defined(IK_HAVE_ISA_CLONES)
  if (isa == Isa::kAvx512) return &tile_avx512;
  if (isa == Isa::kAvx2) return &tile_avx2;
#endif
  (void)isa;
  return &tile_generic;
}

const char* testing_path(Isa isa) {
  return isa == Isa::kAvx512 ? "testing_cpu:avx512" : isa == Isa::kAvx2 ? "testing_cpu:avx2" : "testing_cpu:generic";
}

// ---------------------------------------------------------------------------------------------
// driver

// Runs the tiles of ctx (op, n, T, q and the op's inputs set; accumulators allocated here) and
// writes the n x q row sums to out.
void run(Ctx& ctx, int32_t threads, double* out) {
  const int64_t nb = (ctx.n + ctx.T - 1) / ctx.T;
  Buffer sum(static_cast<std::size_t>(nb * ctx.T * ctx.q));
  Buffer comp(static_cast<std::size_t>(nb * ctx.T * ctx.q));
  ctx.sum = sum.get();
  ctx.comp = comp.get();
  const RoundRobin rr(nb);
  const int workers =
      static_cast<int>(std::max<int64_t>(1, std::min<int64_t>(ik::resolve_threads(threads), rr.max_slots())));
  std::vector<Scratch> scratch(static_cast<std::size_t>(workers));
  const int64_t width = ctx.q;
  for (auto& s : scratch) {
    s.ga = Buffer(static_cast<std::size_t>(ctx.T * ctx.T));
    if (ctx.op != kMatvecOp) s.gb = Buffer(static_cast<std::size_t>(ctx.T * ctx.T));
    s.rowp = Buffer(static_cast<std::size_t>(ctx.T * width));
    s.colp = Buffer(static_cast<std::size_t>(ctx.T * width));
  }
  const Isa isa = ik::engine::detect_isa();
  const TileFn tile = pick_tile(isa);
  ik::engine::for_each_tile_cpu(rr, workers, [&](int64_t bi, int64_t bj, int64_t, int w) {
    tile(ctx, bi, bj, scratch[static_cast<std::size_t>(w)]);
  });
  for (int64_t i = 0; i < ctx.n * ctx.q; ++i) out[i] = ctx.sum[i] + ctx.comp[i];
  ik::set_last_path(testing_path(isa));
}

// one sample: row-major input and its packed blocks (kept alive by `keep`)
Sample sample(const double* p, int64_t n, int32_t d, Fn f, int64_t T, Buffer& keep) {
  keep = pack_columns(p, n, d, T, (n + T - 1) / T);
  return Sample{p, keep.get(), d, f};
}

// The RBF kernel by the Gram identity, where it is accurate: with m the column means,
// scale |x_i - x_j|^2 = h_i + h_j + sum_c (x_ic - m_c) (-2 scale (x_jc - m_c)), h_i = scale |x_i - m|^2,
// one FMA per coordinate instead of a subtraction and an FMA (the exp then dominates). Its rounding
// error in the exponent (= the relative error of the kernel value) is about (d + 2) eps (|h_i| +
// |h_j| + 2 |scale s_ij|) <= 2 (d + 2) eps (|h_i| + |h_j|) (Cauchy-Schwarz), where the difference
// form's is about d eps |scale| |x_i - x_j|^2: small alike for points near the sample's centre on
// the kernel's scale. So it is used only when every |h_i| <= kGramReach (all points within 4 sigma
// of the mean: error <= 32 (d + 2) eps, 4e-14 at d = 10) and else the sample keeps the difference
// form (two samples far apart, outliers, a small sigma). The exponent is clipped to <= 0. The
// route computes it in units of ln 2 / 16 (scale times 16 / ln 2, one rounding of the factor) for
// simd::exp2_sixteenths_many, which then needs no argument reduction.
constexpr double kGramReach = 8.0;
constexpr int64_t kGramMinDims = 4;  // below that the saved subtractions do not pay for the set-up

bool gram_sample(const double* x, int64_t n, int32_t d, Fn f, int64_t T, Buffer& rows, Buffer& cols, Buffer& half,
                 Sample& out) {
  if (f.kind != targs::kRbf || d < kGramMinDims) return false;
  const int64_t nb = (n + T - 1) / T;
  std::vector<double> mean(static_cast<std::size_t>(d), 0.0);
  for (int64_t i = 0; i < n; ++i)
    for (int32_t c = 0; c < d; ++c) mean[c] += x[i * d + c];
  for (auto& m : mean) m /= static_cast<double>(n);
  Buffer h(static_cast<std::size_t>(nb * T));
  Buffer centred(static_cast<std::size_t>(n * d));
  const double s16 = f.scale * (16.0 * 1.4426950408889634074);  // exponents in units of ln 2 / 16
  for (int64_t i = 0; i < n; ++i) {
    double q = 0.0;
    for (int32_t c = 0; c < d; ++c) {
      const double v = x[i * d + c] - mean[c];
      centred.get()[i * d + c] = v;
      q += v * v;
    }
    if (!(std::fabs(f.scale * q) <= kGramReach)) return false;
    h.get()[i] = s16 * q;
  }
  Buffer packed = pack_columns(centred.get(), n, d, T, nb);
  const double m2 = -2.0 * s16;
  for (int64_t e = 0; e < nb * T * d; ++e) packed.get()[e] *= m2;
  rows = std::move(centred);
  cols = std::move(packed);
  half = std::move(h);
  out = Sample{rows.get(), cols.get(), d, f, half.get()};
  return true;
}

// v (n values) copied into nb * T values, zero past n
Buffer padded(const double* v, int64_t n, int64_t T) {
  Buffer out(static_cast<std::size_t>((n + T - 1) / T * T));
  std::copy(v, v + n, out.get());
  return out;
}

void pair_rows(const double* x, int32_t dx, const double* y, int32_t dy, int64_t n, int32_t kind_x,
               double sigma_x, int32_t kind_y, double sigma_y, int32_t threads, double* out) {
  const std::string fn = "ik_pair_rows_cpu";
  targs::check_sample(fn, "x", x, dx, n);
  targs::check_sample(fn, "y", y, dy, n);
  targs::check_out(fn, "out", out);
  Ctx c{};
  c.op = kRowsOp;
  c.n = n;
  c.T = tile_rows(n);
  c.q = IK_PAIR_ROWS_LEN;
  Buffer kx, ky;
  c.x = sample(x, n, dx, targs::pair_fn(fn, "x", kind_x, sigma_x), c.T, kx);
  c.y = sample(y, n, dy, targs::pair_fn(fn, "y", kind_y, sigma_y), c.T, ky);
  run(c, threads, out);
}

void pair_centred_rows(const double* x, int32_t dx, const double* y, int32_t dy, int64_t n, int32_t kind_x,
                       double sigma_x, int32_t kind_y, double sigma_y, const double* va, const double* vb,
                       const double* ca, const double* cb, double ga, double gb, int32_t threads, double* out) {
  const std::string fn = "ik_pair_centred_rows_cpu";
  targs::check_sample(fn, "x", x, dx, n);
  targs::check_sample(fn, "y", y, dy, n);
  targs::check_values(fn, "va", va, n);
  targs::check_values(fn, "vb", vb, n);
  targs::check_values(fn, "ca", ca, n);
  targs::check_values(fn, "cb", cb, n);
  targs::check_value(fn, "ga", ga);
  targs::check_value(fn, "gb", gb);
  targs::check_out(fn, "out", out);
  Ctx c{};
  c.op = kCentredOp;
  c.n = n;
  c.T = tile_rows(n);
  c.q = IK_PAIR_CENTRED_LEN;
  Buffer kx, ky;
  c.x = sample(x, n, dx, targs::pair_fn(fn, "x", kind_x, sigma_x), c.T, kx);
  c.y = sample(y, n, dy, targs::pair_fn(fn, "y", kind_y, sigma_y), c.T, ky);
  Buffer pva = padded(va, n, c.T), pvb = padded(vb, n, c.T), pca = padded(ca, n, c.T), pcb = padded(cb, n, c.T);
  c.va = pva.get();
  c.vb = pvb.get();
  c.ca = pca.get();
  c.cb = pcb.get();
  c.ga = ga;
  c.gb = gb;
  run(c, threads, out);
}

// Whether V (n x m, row-major) is a group indicator: every row has one 1 and m - 1 zeros and the
// 1's column never decreases down the rows. Then glo (m + 1 values) gets the groups' bounds.
bool group_bounds(const double* v, int64_t n, int32_t m, std::vector<int64_t>& glo) {
  glo.assign(static_cast<std::size_t>(m) + 1, n);
  int32_t cur = 0;
  glo[0] = 0;
  for (int64_t i = 0; i < n; ++i) {
    int32_t one = -1;
    for (int32_t k = 0; k < m; ++k) {
      const double e = v[i * m + k];
      if (e == 1.0 && one < 0) {
        one = k;
      } else if (e != 0.0) {
        return false;
      }
    }
    if (one < cur) return false;
    for (int32_t k = cur + 1; k <= one; ++k) glo[static_cast<std::size_t>(k)] = i;
    cur = one;
  }
  return true;
}

void pair_matvec(const double* x, int32_t d, int64_t n, int32_t kind, double sigma, const double* v, int32_t m,
                 int32_t threads, double* out) {
  const std::string fn = "ik_pair_matvec_cpu";
  targs::check_sample(fn, "x", x, d, n);
  targs::check_out(fn, "out", out);
  targs::check_count(fn, "m", m);
  targs::check_values(fn, "v", v, n * m);
  Ctx c{};
  c.op = kMatvecOp;
  c.n = n;
  c.T = tile_rows(n);
  c.q = m;
  c.mp = (n + c.T - 1) / c.T * c.T;
  Buffer kx, grows, gcols, ghalf;
  const Fn f = targs::pair_fn(fn, "", kind, sigma);
  if (!gram_sample(x, n, d, f, c.T, grows, gcols, ghalf, c.x)) c.x = sample(x, n, d, f, c.T, kx);
  c.y = c.x;
  std::vector<int64_t> glo;
  if (group_bounds(v, n, m, glo)) c.glo = glo.data();
  Buffer vp(static_cast<std::size_t>(c.mp * m));
  for (int64_t i = 0; i < n; ++i)
    for (int32_t k = 0; k < m; ++k) vp.get()[k * c.mp + i] = v[i * m + k];
  c.vp = vp.get();
  run(c, threads, out);
}

void pair_permuted_rows(const double* x, int32_t dx, const double* y_batch, int32_t dy, int64_t n, int32_t batch,
                        int32_t kind_x, double sigma_x, int32_t kind_y, double sigma_y, int32_t threads,
                        double* out) {
  const std::string fn = "ik_pair_permuted_rows_cpu";
  targs::check_sample(fn, "x", x, dx, n);
  targs::check_sample(fn, "y", y_batch, dy, n);
  targs::check_out(fn, "out", out);
  targs::check_count(fn, "batch", batch);
  IK_REQUIRE(n * dy <= std::numeric_limits<int64_t>::max() / batch,
             fn + ": n * dy * batch values overflow a 64-bit count");
  targs::check_values(fn, "y_batch", y_batch, n * dy * batch);
  Ctx c{};
  c.op = kPermutedOp;
  c.n = n;
  c.T = tile_rows(n);
  c.q = batch;
  Buffer kx;
  c.x = sample(x, n, dx, targs::pair_fn(fn, "x", kind_x, sigma_x), c.T, kx);
  const Fn fy = targs::pair_fn(fn, "y", kind_y, sigma_y);
  std::vector<Buffer> keep(static_cast<std::size_t>(batch));
  std::vector<Sample> yk(static_cast<std::size_t>(batch));
  for (int32_t k = 0; k < batch; ++k)
    yk[k] = sample(y_batch + int64_t{k} * n * dy, n, dy, fy, c.T, keep[static_cast<std::size_t>(k)]);
  c.y = yk[0];
  c.yk = yk.data();
  run(c, threads, out);
}

}  // namespace

extern "C" {

int32_t ik_pair_rows_cpu(const double* x, int32_t dx, const double* y, int32_t dy, int64_t n, int32_t kind_x,
                         double sigma_x, int32_t kind_y, double sigma_y, int32_t threads, double* out) {
  IK_GUARD(pair_rows(x, dx, y, dy, n, kind_x, sigma_x, kind_y, sigma_y, threads, out));
}

int32_t ik_pair_centred_rows_cpu(const double* x, int32_t dx, const double* y, int32_t dy, int64_t n,
                                 int32_t kind_x, double sigma_x, int32_t kind_y, double sigma_y, const double* va,
                                 const double* vb, const double* ca, const double* cb, double ga, double gb,
                                 int32_t threads, double* out) {
  IK_GUARD(pair_centred_rows(x, dx, y, dy, n, kind_x, sigma_x, kind_y, sigma_y, va, vb, ca, cb, ga, gb, threads,
                             out));
}

int32_t ik_pair_matvec_cpu(const double* x, int32_t d, int64_t n, int32_t kind, double sigma, const double* v,
                           int32_t m, int32_t threads, double* out) {
  IK_GUARD(pair_matvec(x, d, n, kind, sigma, v, m, threads, out));
}

int32_t ik_pair_permuted_rows_cpu(const double* x, int32_t dx, const double* y_batch, int32_t dy, int64_t n,
                                  int32_t batch, int32_t kind_x, double sigma_x, int32_t kind_y, double sigma_y,
                                  int32_t threads, double* out) {
  IK_GUARD(pair_permuted_rows(x, dx, y_batch, dy, n, batch, kind_x, sigma_x, kind_y, sigma_y, threads, out));
}

}  // extern "C"
