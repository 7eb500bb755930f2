// kernel_cpu.cpp -- CPU entries of the kernel family (HSIC, CKA, matrix Renyi, CS-QMI): one
// pass of pair sums, Gram mat-vecs without the Gram matrix, the explicit Gram matrix, and the
// symmetric eigensolver (OpenBLAS LAPACKE_dsyevd). Semantics: infokernels.h.
//
// Engine (engine/tile.hpp): T-row blocks (choose_tile), tiles (bi <= bj) run in round-robin
// rounds, per-slot partial sums in double -- bitwise identical for every thread count. Inside a
// tile the micro-kernel takes 4 i-rows (scalars broadcast from the row-major input) against 8
// j-columns (one simd::P8 from the j-block, packed column-major so the 8 lanes are contiguous):
// per coordinate one load, 4 broadcasts and 4 x 8 (subtract, multiply-add) pair updates with the
// accumulators in registers. Each |a - b|^2 is summed from coordinate differences in coordinate
// order (exactly 0 for a == b, so K_ii = 1), then the micro-tile's exps run side by side
// (simd::exp_nonpositive_many: exp's own steps on SSE2/AVX2, a 16-entry table on AVX-512; exp(0)
// is exactly 1 on both). On AVX-512 two j-groups are evaluated together (4 x 16, enough
// independent FMA chains to hide the latency) and then visited exactly like two 4 x 8 groups:
// AVX2 and AVX-512 perform the same operations in the same order (their bits can still differ
// where gcc contracts a different a * b + c, and through the AVX-512 table exp).
//
// Each tile body is compiled three times (SSE2 baseline, AVX2+FMA, AVX-512) through target
// attributes and picked at run time by cpuid (no -march: the library ships in a jar). The
// environment variable IK_CPU_ISA=generic|avx2|avx512 caps the choice (tests and benchmarks).
//
// Tested against naive double loops over explicit n x n matrices by test_kernel_cpu.cpp
// (1e-12 relative, every instruction set the CPU has, thread counts 1/2/3 bitwise equal).
#if defined(__GNUC__) && !defined(__clang__)
// vectors only travel between always-inline functions of this file: no ABI is involved
#pragma GCC diagnostic ignored "-Wpsabi"
#endif

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <new>
#include <stdexcept>
#include <string>
#include <vector>

#include "../core/status.hpp"
#include "../engine/isa_cpu.hpp"
#include "../engine/simd_cpu.hpp"
#include "../engine/packed.hpp"
#include "../engine/tile.hpp"
#include "kernel_args.hpp"

#if defined(IK_HAVE_OPENBLAS)
#include <lapacke.h>

#include "../core/blas_threads.hpp"
#endif

namespace {

using ik::engine::KernelParam;
using ik::kernel_args::check_points;
using ik::kernel_args::kernel_param;
using ik::engine::RoundRobin;
namespace simd = ik::simd;

constexpr int kRows = 4;                          // i-rows per micro-tile (broadcast operands)
constexpr int kLanes = simd::kLanes;              // j-columns per micro-tile (one P8)
constexpr std::size_t kCacheBudget = 512 * 1024;  // choose_tile's cache budget, see tile.hpp
constexpr std::size_t kMatvecBudget = 768 * 1024;  // a mat-vec tile's working set (1 MB L2 per core)

using ik::engine::Isa;
using ik::engine::detect_isa;

// ---------------------------------------------------------------------------------------------
// memory

using ik::engine::Buffer;
using ik::engine::pack_columns;

// One data set as the tiles see it.
struct Operand {
  const double* rows;  // n x d row-major (i-side, broadcast)
  const double* cols;  // pack_columns (j-side)
  int64_t d;
  KernelParam kp;
};

// ---------------------------------------------------------------------------------------------
// micro-kernel

// k(x_i, x_j) for the kRows rows `xi` against JG groups of 8 columns starting at `col` (the
// j-block's packed columns, stride T per coordinate). Sum over coordinates in order 0..d-1.
template <int KIND, int JG, int W>
IK_INLINE void eval(const double* const (&xi)[kRows], const double* col, int64_t T, int64_t d,
                    double scale, simd::P8<W> (&k)[kRows][JG]) {
  using V = simd::P8<W>;
  V acc[kRows][JG];
  for (int r = 0; r < kRows; ++r)
    for (int g = 0; g < JG; ++g) acc[r][g] = simd::zero<W>();
  for (int64_t c = 0; c < d; ++c) {
    V xj[JG];
    for (int g = 0; g < JG; ++g) xj[g] = simd::load<W>(col + c * T + g * kLanes);
    for (int r = 0; r < kRows; ++r) {
      const double a = xi[r][c];
      for (int g = 0; g < JG; ++g) {
        if (KIND == ik::engine::kRbf) {
          const V t = a - xj[g];
          acc[r][g] += t * t;
        } else {
          acc[r][g] += a * xj[g];
        }
      }
    }
  }
  if (KIND == ik::engine::kRbf) {
    // the kRows x JG exps side by side (one exp's polynomial is a dependent chain that alone leaves
    // the FMA units waiting); the exponents scale |a - b|^2 are <= 0 (scale = -1 / (2 sigma^2))
    V e[kRows * JG];
    for (int r = 0; r < kRows; ++r)
      for (int g = 0; g < JG; ++g) e[r * JG + g] = acc[r][g] * scale;
    simd::exp_nonpositive_many<W, kRows * JG>(e);
    for (int r = 0; r < kRows; ++r)
      for (int g = 0; g < JG; ++g) k[r][g] = e[r * JG + g];
  } else {
    for (int r = 0; r < kRows; ++r)
      for (int g = 0; g < JG; ++g) k[r][g] = acc[r][g];
  }
}

// Row pointers of the micro-tile's 4 rows; rows past the block's end repeat the last valid row
// (their results are masked out).
IK_INLINE void row_pointers(const double* rows, int64_t d, int64_t i0, int64_t last,
                            const double* (&out)[kRows]) {
  for (int r = 0; r < kRows; ++r) out[r] = rows + std::min(i0 + r, last) * d;
}

// ---------------------------------------------------------------------------------------------
// pair sums

struct PairSumsCtx {
  int64_t n, T;
  Operand x, y;
  double* row_k;  // n + T accumulators (plain += per round, see tile.hpp)
  double* row_l;
  double* slot_sums;  // max_slots x 9
};

struct PairSumsScratch {
  Buffer row_k, row_l, col_k, col_l;  // T each
};

// One 4 x 8 group: visit the pairs, add row sums (i-side) and column sums (j-side, off-diagonal
// tiles). MASKED: rows ig + r >= ni or columns jg + lane >= nj are dropped; on a diagonal tile
// the i == j lanes also feed the traces.
template <int W, bool MASKED>
IK_INLINE void pair_sums_group(const simd::P8<W> (&k)[kRows], const simd::P8<W> (&l)[kRows],
                               int64_t ig, int64_t jg, int64_t ni, int64_t nj, bool diag,
                               ik::engine::PairSums<simd::P8<W>>& acc,
                               ik::engine::DiagSums<simd::P8<W>>& dg, simd::P8<W> (&rk)[kRows],
                               simd::P8<W> (&rl)[kRows], double* col_k, double* col_l) {
  using V = simd::P8<W>;
  if (!MASKED) {
    for (int r = 0; r < kRows; ++r) {
      acc.visit(k[r], l[r]);
      rk[r] += k[r];
      rl[r] += l[r];
    }
    simd::store(col_k + jg, simd::load<W>(col_k + jg) + (((k[0] + k[1]) + k[2]) + k[3]));
    simd::store(col_l + jg, simd::load<W>(col_l + jg) + (((l[0] + l[1]) + l[2]) + l[3]));
    return;
  }
  const simd::M8<W> valid = simd::lanes_below<W>(jg, nj);
  V kc = simd::zero<W>(), lc = simd::zero<W>();
  for (int r = 0; r < kRows; ++r) {
    if (ig + r >= ni) break;
    const V kr = simd::select(valid, k[r]);
    const V lr = simd::select(valid, l[r]);
    acc.visit(kr, lr);
    rk[r] += kr;
    rl[r] += lr;
    kc += kr;
    lc += lr;
    if (diag) {
      const simd::M8<W> on = simd::lanes_equal<W>(jg, ig + r);
      dg.visit(simd::select(on, k[r]), simd::select(on, l[r]));
    }
  }
  if (!diag) {
    simd::store(col_k + jg, simd::load<W>(col_k + jg) + kc);
    simd::store(col_l + jg, simd::load<W>(col_l + jg) + lc);
  }
}

template <int KX, int KY, bool SAME, int JG, int W>
IK_INLINE void pair_sums_tile(const PairSumsCtx& c, int64_t bi, int64_t bj, int64_t slot,
                              PairSumsScratch& s) {
  using V = simd::P8<W>;
  const int64_t T = c.T;
  const bool diag = bi == bj;
  const int64_t i_lo = bi * T, j_lo = bj * T;
  const int64_t ni = std::min(T, c.n - i_lo), nj = std::min(T, c.n - j_lo);
  const double* xcol = c.x.cols + bj * T * c.x.d;
  const double* ycol = SAME ? xcol : c.y.cols + bj * T * c.y.d;
  double* col_k = s.col_k.get();
  double* col_l = s.col_l.get();
  std::fill(col_k, col_k + T, 0.0);
  std::fill(col_l, col_l + T, 0.0);

  ik::engine::PairSums<V> acc;
  ik::engine::DiagSums<V> dg;
  acc.reset(simd::zero<W>());
  dg.reset(simd::zero<W>());
  const int64_t nj_full = diag ? 0 : nj / kLanes * kLanes;  // columns of unmasked groups

  for (int64_t ig = 0; ig < ni; ig += kRows) {
    const double* xr[kRows];
    const double* yr[kRows];
    row_pointers(c.x.rows, c.x.d, i_lo + ig, i_lo + ni - 1, xr);
    row_pointers(SAME ? c.x.rows : c.y.rows, SAME ? c.x.d : c.y.d, i_lo + ig, i_lo + ni - 1, yr);
    V rk[kRows], rl[kRows];
    for (int r = 0; r < kRows; ++r) rk[r] = rl[r] = simd::zero<W>();
    const bool full_rows = ig + kRows <= ni;
    int64_t jg = 0;
    if (full_rows) {
      for (; jg + JG * kLanes <= nj_full; jg += JG * kLanes) {
        V k[kRows][JG], l[kRows][JG];
        eval<KX, JG, W>(xr, xcol + jg, T, c.x.d, c.x.kp.scale, k);
        if (!SAME) eval<KY, JG, W>(yr, ycol + jg, T, c.y.d, c.y.kp.scale, l);
        for (int g = 0; g < JG; ++g) {
          V kg[kRows], lg[kRows];
          for (int r = 0; r < kRows; ++r) {
            kg[r] = k[r][g];
            lg[r] = SAME ? k[r][g] : l[r][g];
          }
          pair_sums_group<W, false>(kg, lg, ig, jg + g * kLanes, ni, nj, diag, acc, dg, rk, rl,
                                    col_k, col_l);
        }
      }
    }
    for (; jg < nj; jg += kLanes) {
      V k[kRows][1], l[kRows][1];
      eval<KX, 1, W>(xr, xcol + jg, T, c.x.d, c.x.kp.scale, k);
      if (!SAME) eval<KY, 1, W>(yr, ycol + jg, T, c.y.d, c.y.kp.scale, l);
      V kg[kRows], lg[kRows];
      for (int r = 0; r < kRows; ++r) {
        kg[r] = k[r][0];
        lg[r] = SAME ? k[r][0] : l[r][0];
      }
      if (full_rows && jg + kLanes <= nj_full)
        pair_sums_group<W, false>(kg, lg, ig, jg, ni, nj, diag, acc, dg, rk, rl, col_k, col_l);
      else
        pair_sums_group<W, true>(kg, lg, ig, jg, ni, nj, diag, acc, dg, rk, rl, col_k, col_l);
    }
    for (int r = 0; r < kRows && ig + r < ni; ++r) {
      s.row_k.get()[ig + r] = simd::hsum(rk[r]);
      s.row_l.get()[ig + r] = simd::hsum(rl[r]);
    }
  }

  // an off-diagonal tile stands for (i, j) and (j, i): doubling is exact
  const double w = diag ? 1.0 : 2.0;
  double* out = c.slot_sums + slot * IK_PAIR_SUMS_LEN;
  out[IK_SUM_KL] += w * simd::hsum(acc.kl);
  out[IK_SUM_KK] += w * simd::hsum(acc.kk);
  out[IK_SUM_LL] += w * simd::hsum(acc.ll);
  out[IK_SUM_KL2] += w * simd::hsum(acc.kl2);
  out[IK_SUM_K] += w * simd::hsum(acc.k);
  out[IK_SUM_L] += w * simd::hsum(acc.l);
  if (diag) {
    out[IK_SUM_TRK] += simd::hsum(dg.k);
    out[IK_SUM_TRL] += simd::hsum(dg.l);
    out[IK_SUM_DIAG_KL] += simd::hsum(dg.kl);
  }
  for (int64_t t = 0; t < ni; ++t) {
    c.row_k[i_lo + t] += s.row_k.get()[t];
    c.row_l[i_lo + t] += s.row_l.get()[t];
  }
  if (!diag) {
    for (int64_t t = 0; t < nj; ++t) {
      c.row_k[j_lo + t] += col_k[t];
      c.row_l[j_lo + t] += col_l[t];
    }
  }
}

// ---------------------------------------------------------------------------------------------
// mat-vec: out = M V, M = K or K o L
//
// Per tile the T x T block G of M is evaluated into a scratch buffer (4 x 8 or 4 x 16 values at a
// time, entries past the block's ends zero), then two register-blocked products read it: rows
// += G V_j and, off the diagonal, cols += G^T V_i. V is packed with mp = m rounded up to 8
// columns; a micro-tile keeps R output rows x C P8 column groups in registers while k runs over
// the tile (R x C FMAs per C loads and R broadcasts), so the m-column accumulation runs near
// the FMA throughput instead of streaming accumulators through L1. Each output is summed over k
// in order 0..nj-1 whatever R and C are, so every instruction set adds in the same order.

struct MatvecCtx {
  int64_t n, T, mp;
  Operand x, y;
  const double* vp;  // nb*T x mp row-major, zero padded
  double* out;       // nb*T x mp accumulators, zeroed
};

struct MatvecScratch {
  Buffer g;    // T x T block of M
  Buffer row;  // T x mp: G V_j
  Buffer col;  // T x mp: G^T V_i
};

// out[i][:] = sum_k G(i, k) v[k][:] for the R rows i0.. and the C column groups at v / out
// (TRANS: G(i, k) = g[k][i], else g[i][k]); k in order 0..kdim-1.
template <int W, int R, int C, bool TRANS>
IK_INLINE void gemm_block(const double* g, int64_t T, int64_t i0, int64_t kdim, const double* v,
                          int64_t mp, double* out) {
  using V = simd::P8<W>;
  V acc[R][C];
  for (int r = 0; r < R; ++r)
    for (int q = 0; q < C; ++q) acc[r][q] = simd::zero<W>();
  for (int64_t k = 0; k < kdim; ++k) {
    V vk[C];
    for (int q = 0; q < C; ++q) vk[q] = simd::load<W>(v + k * mp + q * kLanes);
    for (int r = 0; r < R; ++r) {
      const double a = TRANS ? g[k * T + i0 + r] : g[(i0 + r) * T + k];
      for (int q = 0; q < C; ++q) acc[r][q] += a * vk[q];
    }
  }
  for (int r = 0; r < R; ++r)
    for (int q = 0; q < C; ++q) simd::store(out + (i0 + r) * mp + q * kLanes, acc[r][q]);
}

// out (rows x mp) = G V or G^T V over kdim, rows a multiple of R; column groups C at a time, the
// remainder (fewer than C groups) by one narrower block.
template <int W, int R, int C, bool TRANS>
IK_INLINE void gemm(const double* g, int64_t T, int64_t rows, int64_t kdim, const double* v,
                    int64_t mp, double* out) {
  const int64_t groups = mp / kLanes;
  for (int64_t i0 = 0; i0 < rows; i0 += R) {
    int64_t q0 = 0;
    for (; q0 + C <= groups; q0 += C)
      gemm_block<W, R, C, TRANS>(g, T, i0, kdim, v + q0 * kLanes, mp, out + q0 * kLanes);
    switch (groups - q0) {  // 0 .. C-1 groups left
#define IK_GEMM_REST(K) \
  case K:               \
    if (K < C) gemm_block<W, R, (K < C ? K : 1), TRANS>(g, T, i0, kdim, v + q0 * kLanes, mp, out + q0 * kLanes); \
    break;
      IK_GEMM_REST(1)
      IK_GEMM_REST(2)
      IK_GEMM_REST(3)
      IK_GEMM_REST(4)
      IK_GEMM_REST(5)
#undef IK_GEMM_REST
      default:
        break;
    }
  }
}

// g (T x T) = M(rows i_lo .. i_lo + ni - 1 of x / y, the j-block at xcol / ycol, packed with
// stride T), zero past ni rows and nj columns (T is a multiple of 32).
template <int KX, int KY, bool HAS_Y, int JG, int W>
IK_INLINE void fill_block(const Operand& x, const Operand& y, const double* xcol, const double* ycol,
                          int64_t T, int64_t i_lo, int64_t ni, int64_t nj, double* g) {
  using V = simd::P8<W>;
  for (int64_t ig = 0; ig < T; ig += kRows) {
    if (ig >= ni) {
      std::fill(g + ig * T, g + (ig + kRows) * T, 0.0);
      continue;
    }
    const double* xr[kRows];
    const double* yr[kRows] = {nullptr, nullptr, nullptr, nullptr};
    row_pointers(x.rows, x.d, i_lo + ig, i_lo + ni - 1, xr);
    if (HAS_Y) row_pointers(y.rows, y.d, i_lo + ig, i_lo + ni - 1, yr);
    for (int64_t jg = 0; jg < T; jg += JG * kLanes) {
      V k[kRows][JG], l[kRows][JG];
      eval<KX, JG, W>(xr, xcol + jg, T, x.d, x.kp.scale, k);
      if (HAS_Y) eval<KY, JG, W>(yr, ycol + jg, T, y.d, y.kp.scale, l);
      for (int gi = 0; gi < JG; ++gi) {
        const int64_t j0 = jg + gi * kLanes;
        const simd::M8<W> valid = simd::lanes_below<W>(j0, nj);
        for (int r = 0; r < kRows; ++r) {
          V v = HAS_Y ? k[r][gi] * l[r][gi] : k[r][gi];
          v = ig + r < ni ? (j0 + kLanes <= nj ? v : simd::select(valid, v)) : simd::zero<W>();
          simd::store(g + (ig + r) * T + j0, v);
        }
      }
    }
  }
}

// registers of the products: R x C accumulators + C loads + 1 broadcast (32 zmm on AVX-512,
// 16 ymm/xmm below)
template <int W>
struct Blocking {
  static constexpr int R = W == 2 ? 2 : 4;
  static constexpr int C = W == 8 ? 6 : 1;
};

template <int KX, int KY, bool HAS_Y, int JG, int W>
IK_INLINE void matvec_tile(const MatvecCtx& c, int64_t bi, int64_t bj, MatvecScratch& s) {
  constexpr int R = Blocking<W>::R, C = Blocking<W>::C;
  const int64_t T = c.T, mp = c.mp;
  const bool diag = bi == bj;
  const int64_t i_lo = bi * T, j_lo = bj * T;
  const int64_t ni = std::min(T, c.n - i_lo), nj = std::min(T, c.n - j_lo);
  double* g = s.g.get();
  double* row = s.row.get();
  double* col = s.col.get();
  fill_block<KX, KY, HAS_Y, JG, W>(c.x, c.y, c.x.cols + bj * T * c.x.d, HAS_Y ? c.y.cols + bj * T * c.y.d : nullptr,
                                   T, i_lo, ni, nj, g);

  const int64_t ri = (ni + R - 1) / R * R, rj = (nj + R - 1) / R * R;  // <= T
  gemm<W, R, C, false>(g, T, ri, nj, c.vp + j_lo * mp, mp, row);
  for (int64_t t = 0; t < ni; ++t)
    for (int64_t q = 0; q < mp; ++q) c.out[(i_lo + t) * mp + q] += row[t * mp + q];
  if (!diag) {
    gemm<W, R, C, true>(g, T, rj, ni, c.vp + i_lo * mp, mp, col);
    for (int64_t t = 0; t < nj; ++t)
      for (int64_t q = 0; q < mp; ++q) c.out[(j_lo + t) * mp + q] += col[t * mp + q];
  }
}

// ---------------------------------------------------------------------------------------------
// cross mat-vec: out = M[:, cols] W (the Nystrom step of the spectral estimates): each T-row
// block of x against the c landmark rows (gathered and packed like a j-block), block by block
// of T landmarks, with the mat-vec's block fill and register-blocked product. Row blocks are
// independent: tile (bi, 0) owns out rows bi*T .. and sums its landmark blocks in order.

struct CrossCtx {
  int64_t n, T, c, mp;
  Operand x, y;    // all n rows (i-side)
  Operand lx, ly;  // the landmark rows: rows gathered, cols packed (j-side)
  const double* wp;  // ceil(c/T)*T x mp, zero padded
  double* out;       // nb*T x mp
};

template <int KX, int KY, bool HAS_Y, int JG, int W>
IK_INLINE void cross_tile(const CrossCtx& c, int64_t bi, MatvecScratch& s) {
  constexpr int R = Blocking<W>::R, C = Blocking<W>::C;
  const int64_t T = c.T, mp = c.mp;
  const int64_t i_lo = bi * T;
  const int64_t ni = std::min(T, c.n - i_lo);
  const int64_t ri = (ni + R - 1) / R * R;
  double* g = s.g.get();
  double* row = s.row.get();
  double* acc = c.out + i_lo * mp;
  for (int64_t bl = 0; bl * T < c.c; ++bl) {
    const int64_t nl = std::min(T, c.c - bl * T);
    fill_block<KX, KY, HAS_Y, JG, W>(c.x, c.y, c.lx.cols + bl * T * c.lx.d,
                                     HAS_Y ? c.ly.cols + bl * T * c.ly.d : nullptr, T, i_lo, ni, nl, g);
    gemm<W, R, C, false>(g, T, ri, nl, c.wp + bl * T * mp, mp, row);
    for (int64_t t = 0; t < ni; ++t)
      for (int64_t q = 0; q < mp; ++q) acc[t * mp + q] += row[t * mp + q];
  }
}

// ---------------------------------------------------------------------------------------------
// explicit matrix

struct MatrixCtx {
  int64_t n, T;
  Operand x, y;
  double* out;  // n x n
};

template <int KX, int KY, bool HAS_Y, int W>
IK_INLINE void matrix_tile(const MatrixCtx& c, int64_t bi, int64_t bj) {
  using V = simd::P8<W>;
  const int64_t T = c.T, n = c.n;
  const bool diag = bi == bj;
  const int64_t i_lo = bi * T, j_lo = bj * T;
  const int64_t ni = std::min(T, n - i_lo), nj = std::min(T, n - j_lo);
  const double* xcol = c.x.cols + bj * T * c.x.d;
  const double* ycol = HAS_Y ? c.y.cols + bj * T * c.y.d : nullptr;
  for (int64_t ig = 0; ig < ni; ig += kRows) {
    const double* xr[kRows];
    const double* yr[kRows] = {nullptr, nullptr, nullptr, nullptr};
    row_pointers(c.x.rows, c.x.d, i_lo + ig, i_lo + ni - 1, xr);
    if (HAS_Y) row_pointers(c.y.rows, c.y.d, i_lo + ig, i_lo + ni - 1, yr);
    for (int64_t jg = 0; jg < nj; jg += kLanes) {
      V k[kRows][1], l[kRows][1];
      eval<KX, 1, W>(xr, xcol + jg, T, c.x.d, c.x.kp.scale, k);
      if (HAS_Y) eval<KY, 1, W>(yr, ycol + jg, T, c.y.d, c.y.kp.scale, l);
      const int lanes = static_cast<int>(std::min<int64_t>(kLanes, nj - jg));
      for (int r = 0; r < kRows && ig + r < ni; ++r) {
        const V g = HAS_Y ? k[r][0] * l[r][0] : k[r][0];
        const int64_t i = i_lo + ig + r;
        for (int q = 0; q < lanes; ++q) {
          const int64_t j = j_lo + jg + q;
          const double gq = simd::lane(g, q);
          c.out[i * n + j] = gq;
          if (!diag) c.out[j * n + i] = gq;
        }
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// instruction-set variants of the tile bodies and their dispatch

template <int KX, int KY, bool SAME>
void pair_sums_tile_generic(const PairSumsCtx& c, int64_t bi, int64_t bj, int64_t s,
                            PairSumsScratch& sc) {
  pair_sums_tile<KX, KY, SAME, 1, 2>(c, bi, bj, s, sc);
}
template <int KX, int KY, bool HAS_Y>
void matvec_tile_generic(const MatvecCtx& c, int64_t bi, int64_t bj, MatvecScratch& sc) {
  matvec_tile<KX, KY, HAS_Y, 1, 2>(c, bi, bj, sc);
}
template <int KX, int KY, bool HAS_Y>
void cross_tile_generic(const CrossCtx& c, int64_t bi, MatvecScratch& sc) {
  cross_tile<KX, KY, HAS_Y, 1, 2>(c, bi, sc);
}
template <int KX, int KY, bool HAS_Y>
void matrix_tile_generic(const MatrixCtx& c, int64_t bi, int64_t bj) {
  matrix_tile<KX, KY, HAS_Y, 2>(c, bi, bj);
}
#if defined(IK_HAVE_ISA_CLONES)
template <int KX, int KY, bool SAME>
IK_TARGET_AVX2 void pair_sums_tile_avx2(const PairSumsCtx& c, int64_t bi, int64_t bj, int64_t s,
                                        PairSumsScratch& sc) {
  pair_sums_tile<KX, KY, SAME, 1, 4>(c, bi, bj, s, sc);
}
template <int KX, int KY, bool SAME>
IK_TARGET_AVX512 void pair_sums_tile_avx512(const PairSumsCtx& c, int64_t bi, int64_t bj,
                                            int64_t s, PairSumsScratch& sc) {
  pair_sums_tile<KX, KY, SAME, 2, 8>(c, bi, bj, s, sc);
}
template <int KX, int KY, bool HAS_Y>
IK_TARGET_AVX2 void matvec_tile_avx2(const MatvecCtx& c, int64_t bi, int64_t bj,
                                     MatvecScratch& sc) {
  matvec_tile<KX, KY, HAS_Y, 1, 4>(c, bi, bj, sc);
}
template <int KX, int KY, bool HAS_Y>
IK_TARGET_AVX512 void matvec_tile_avx512(const MatvecCtx& c, int64_t bi, int64_t bj,
                                         MatvecScratch& sc) {
  matvec_tile<KX, KY, HAS_Y, 2, 8>(c, bi, bj, sc);
}
template <int KX, int KY, bool HAS_Y>
IK_TARGET_AVX2 void cross_tile_avx2(const CrossCtx& c, int64_t bi, MatvecScratch& sc) {
  cross_tile<KX, KY, HAS_Y, 1, 4>(c, bi, sc);
}
template <int KX, int KY, bool HAS_Y>
IK_TARGET_AVX512 void cross_tile_avx512(const CrossCtx& c, int64_t bi, MatvecScratch& sc) {
  cross_tile<KX, KY, HAS_Y, 2, 8>(c, bi, sc);
}
template <int KX, int KY, bool HAS_Y>
IK_TARGET_AVX2 void matrix_tile_avx2(const MatrixCtx& c, int64_t bi, int64_t bj) {
  matrix_tile<KX, KY, HAS_Y, 4>(c, bi, bj);
}
template <int KX, int KY, bool HAS_Y>
IK_TARGET_AVX512 void matrix_tile_avx512(const MatrixCtx& c, int64_t bi, int64_t bj) {
  matrix_tile<KX, KY, HAS_Y, 8>(c, bi, bj);
}
#endif

using PairSumsTileFn = void (*)(const PairSumsCtx&, int64_t, int64_t, int64_t, PairSumsScratch&);
using MatvecTileFn = void (*)(const MatvecCtx&, int64_t, int64_t, MatvecScratch&);
using MatrixTileFn = void (*)(const MatrixCtx&, int64_t, int64_t);
using CrossTileFn = void (*)(const CrossCtx&, int64_t, MatvecScratch&);

template <int KX, int KY, bool F>
PairSumsTileFn pick_pair_sums(Isa isa) {
#if defined(IK_HAVE_ISA_CLONES)
  if (isa == Isa::kAvx512) return &pair_sums_tile_avx512<KX, KY, F>;
  if (isa == Isa::kAvx2) return &pair_sums_tile_avx2<KX, KY, F>;
#endif
  (void)isa;
  return &pair_sums_tile_generic<KX, KY, F>;
}
template <int KX, int KY, bool F>
MatvecTileFn pick_matvec(Isa isa) {
#if defined(IK_HAVE_ISA_CLONES)
  if (isa == Isa::kAvx512) return &matvec_tile_avx512<KX, KY, F>;
  if (isa == Isa::kAvx2) return &matvec_tile_avx2<KX, KY, F>;
#endif
  (void)isa;
  return &matvec_tile_generic<KX, KY, F>;
}
template <int KX, int KY, bool F>
CrossTileFn pick_cross(Isa isa) {
#if defined(IK_HAVE_ISA_CLONES)
  if (isa == Isa::kAvx512) return &cross_tile_avx512<KX, KY, F>;
  if (isa == Isa::kAvx2) return &cross_tile_avx2<KX, KY, F>;
#endif
  (void)isa;
  return &cross_tile_generic<KX, KY, F>;
}
template <int KX, int KY, bool F>
MatrixTileFn pick_matrix(Isa isa) {
#if defined(IK_HAVE_ISA_CLONES)
  if (isa == Isa::kAvx512) return &matrix_tile_avx512<KX, KY, F>;
  if (isa == Isa::kAvx2) return &matrix_tile_avx2<KX, KY, F>;
#endif
  (void)isa;
  return &matrix_tile_generic<KX, KY, F>;
}

// The (kernel of x, kernel of y, flag) instantiation for the run-time arguments. With y absent
// (flag = false for matvec/matrix, SAME = true for pair sums) the kernel of y is unused.

#define IK_DEFINE_PICK(NAME, FN, PICK, FLAG_WHEN_NO_Y)                                      \
  FN NAME(int kx, int ky, bool has_y, Isa isa) {                                            \
    using ik::engine::kLinear;                                                              \
    using ik::engine::kRbf;                                                                 \
    if (!has_y)                                                                             \
      return kx == kRbf ? PICK<kRbf, kRbf, FLAG_WHEN_NO_Y>(isa)                             \
                        : PICK<kLinear, kLinear, FLAG_WHEN_NO_Y>(isa);                      \
    if (kx == kRbf)                                                                         \
      return ky == kRbf ? PICK<kRbf, kRbf, !FLAG_WHEN_NO_Y>(isa)                            \
                        : PICK<kRbf, kLinear, !FLAG_WHEN_NO_Y>(isa);                        \
    return ky == kRbf ? PICK<kLinear, kRbf, !FLAG_WHEN_NO_Y>(isa)                           \
                      : PICK<kLinear, kLinear, !FLAG_WHEN_NO_Y>(isa);                       \
  }
IK_DEFINE_PICK(select_pair_sums, PairSumsTileFn, pick_pair_sums, true)
IK_DEFINE_PICK(select_matvec, MatvecTileFn, pick_matvec, false)
IK_DEFINE_PICK(select_matrix, MatrixTileFn, pick_matrix, false)
IK_DEFINE_PICK(select_cross, CrossTileFn, pick_cross, false)
#undef IK_DEFINE_PICK

// Operands and packing shared by the three tiled entries.
struct Prepared {
  int64_t T = 0, nb = 0;
  Buffer xcols, ycols;
  Operand x{}, y{};
};

// T: choose_tile over the coordinates plus extra_per_row doubles per row, or tile_rows when > 0.
Prepared prepare(const double* x, int32_t dx, const double* y, int32_t dy, int64_t n,
                 KernelParam kx, KernelParam ky, int64_t extra_per_row, int64_t tile_rows = 0) {
  Prepared p;
  const int64_t dsum = dx + (y ? dy : 0) + extra_per_row;
  p.T = tile_rows > 0 ? tile_rows : ik::engine::choose_tile(n, dsum, kCacheBudget);
  p.nb = (n + p.T - 1) / p.T;
  p.xcols = pack_columns(x, n, dx, p.T, p.nb);
  p.x = Operand{x, p.xcols.get(), dx, kx};
  if (y) {
    p.ycols = pack_columns(y, n, dy, p.T, p.nb);
    p.y = Operand{y, p.ycols.get(), dy, ky};
  } else {
    p.y = p.x;
  }
  return p;
}

// Rows per mat-vec tile: the largest multiple of 32 up to 256 whose T x T block, V_i, V_j and two
// T x mp outputs fit kMatvecBudget, then at most n/32 (choose_tile's spread rule).
int64_t matvec_tile_rows(int64_t n, int64_t mp) {
  int64_t t = 256;
  while (t > 32 && 8 * (t * t + 4 * t * mp) > static_cast<int64_t>(kMatvecBudget)) t -= 32;
  const int64_t spread = (n / 32 + 31) / 32 * 32;
  return std::max<int64_t>(32, std::min(t, spread));
}

// ik_last_path of the tiled entries: the instruction set their tiles were compiled for
const char* kernel_path(Isa isa) {
  return isa == Isa::kAvx512 ? "kernel_cpu:avx512" : isa == Isa::kAvx2 ? "kernel_cpu:avx2" : "kernel_cpu:generic";
}

int worker_count(int32_t threads, const RoundRobin& rr) {
  return static_cast<int>(std::max<int64_t>(1, std::min<int64_t>(ik::resolve_threads(threads), rr.max_slots())));
}


// ---------------------------------------------------------------------------------------------
// entry bodies (run inside IK_GUARD)

void pair_sums(const double* x, int32_t dx, const double* y, int32_t dy, int64_t n,
               int32_t kernel_x, double sigma_x, int32_t kernel_y, double sigma_y,
               int32_t threads, double* out_sums, double* out_row_k, double* out_row_l) {
  const char* fn = "ik_pair_sums_cpu";
  check_points(fn, x, dx, y, dy, n);
  IK_REQUIRE(out_sums != nullptr, std::string(fn) + ": out_sums is null");
  const KernelParam kx = kernel_param(fn, "x", kernel_x, sigma_x);
  const KernelParam ky = y ? kernel_param(fn, "y", kernel_y, sigma_y) : kx;

  // per j-row the tile keeps two column sums next to the packed coordinates
  Prepared p = prepare(x, dx, y, dy, n, kx, ky, 2);
  const RoundRobin rr(p.nb);
  const int workers = worker_count(threads, rr);
  Buffer row_k(static_cast<std::size_t>(p.nb * p.T));
  Buffer row_l(static_cast<std::size_t>(p.nb * p.T));
  Buffer slots(static_cast<std::size_t>(rr.max_slots() * IK_PAIR_SUMS_LEN));
  std::vector<PairSumsScratch> scratch(static_cast<std::size_t>(workers));
  for (auto& s : scratch) {
    s.row_k = Buffer(p.T);
    s.row_l = Buffer(p.T);
    s.col_k = Buffer(p.T);
    s.col_l = Buffer(p.T);
  }
  const PairSumsCtx ctx{n, p.T, p.x, p.y, row_k.get(), row_l.get(), slots.get()};
  const Isa isa = detect_isa();
  const PairSumsTileFn tile = select_pair_sums(kx.kind, ky.kind, y != nullptr, isa);
  ik::set_last_path(kernel_path(isa));
  ik::engine::for_each_tile_cpu(rr, workers, [&](int64_t bi, int64_t bj, int64_t slot, int w) {
    tile(ctx, bi, bj, slot, scratch[static_cast<std::size_t>(w)]);
  });

  for (int q = 0; q < IK_PAIR_SUMS_LEN; ++q) out_sums[q] = 0.0;
  for (int64_t s = 0; s < rr.max_slots(); ++s)  // slot order: fixed by n and T
    for (int q = 0; q < IK_PAIR_SUMS_LEN; ++q) out_sums[q] += slots.get()[s * IK_PAIR_SUMS_LEN + q];
  if (out_row_k) std::copy(row_k.get(), row_k.get() + n, out_row_k);
  if (out_row_l) std::copy(row_l.get(), row_l.get() + n, out_row_l);
}

void kernel_matvec(const double* x, int32_t dx, const double* y, int32_t dy, int64_t n,
                   int32_t kernel_x, double sigma_x, int32_t kernel_y, double sigma_y,
                   const double* v, int32_t m, int32_t threads, double* out) {
  const char* fn = "ik_kernel_matvec_cpu";
  check_points(fn, x, dx, y, dy, n);
  IK_REQUIRE(v != nullptr, std::string(fn) + ": v is null");
  IK_REQUIRE(out != nullptr, std::string(fn) + ": out is null");
  IK_REQUIRE(m >= 1, std::string(fn) + ": m = " + std::to_string(m) + " is smaller than the minimum (1)");
  const KernelParam kx = kernel_param(fn, "x", kernel_x, sigma_x);
  const KernelParam ky = y ? kernel_param(fn, "y", kernel_y, sigma_y) : kx;

  // per tile: the T x T block, V_i and V_j, two T x mp outputs (choose_tile's budget over T rows)
  const int64_t mp = (int64_t{m} + kLanes - 1) / kLanes * kLanes;
  Prepared p = prepare(x, dx, y, dy, n, kx, ky, 0, matvec_tile_rows(n, mp));
  const RoundRobin rr(p.nb);
  const int workers = worker_count(threads, rr);
  Buffer vp(static_cast<std::size_t>(p.nb * p.T * mp));
  for (int64_t i = 0; i < n; ++i) std::copy(v + i * m, v + (i + 1) * m, vp.get() + i * mp);
  Buffer acc(static_cast<std::size_t>(p.nb * p.T * mp));
  std::vector<MatvecScratch> scratch(static_cast<std::size_t>(workers));
  for (auto& s : scratch) {
    s.g = Buffer(static_cast<std::size_t>(p.T * p.T));
    s.row = Buffer(static_cast<std::size_t>(p.T * mp));
    s.col = Buffer(static_cast<std::size_t>(p.T * mp));
  }
  const MatvecCtx ctx{n, p.T, mp, p.x, p.y, vp.get(), acc.get()};
  const Isa isa = detect_isa();
  const MatvecTileFn tile = select_matvec(kx.kind, ky.kind, y != nullptr, isa);
  ik::set_last_path(kernel_path(isa));
  ik::engine::for_each_tile_cpu(rr, workers, [&](int64_t bi, int64_t bj, int64_t, int w) {
    tile(ctx, bi, bj, scratch[static_cast<std::size_t>(w)]);
  });
  for (int64_t i = 0; i < n; ++i) std::copy(acc.get() + i * mp, acc.get() + i * mp + m, out + i * m);
}

void kernel_cross_matvec(const double* x, int32_t dx, const double* y, int32_t dy, int64_t n,
                         int32_t kernel_x, double sigma_x, int32_t kernel_y, double sigma_y,
                         const int64_t* cols, int64_t c, const double* w, int32_t m, int32_t threads,
                         double* out) {
  const char* fn = "ik_kernel_cross_matvec_cpu";
  check_points(fn, x, dx, y, dy, n);
  IK_REQUIRE(cols != nullptr, std::string(fn) + ": cols is null");
  IK_REQUIRE(w != nullptr, std::string(fn) + ": w is null");
  IK_REQUIRE(out != nullptr, std::string(fn) + ": out is null");
  IK_REQUIRE(c >= 1, std::string(fn) + ": c = " + std::to_string(c) + " is smaller than the minimum (1)");
  IK_REQUIRE(m >= 1, std::string(fn) + ": m = " + std::to_string(m) + " is smaller than the minimum (1)");
  for (int64_t l = 0; l < c; ++l)
    IK_REQUIRE(cols[l] >= 0 && cols[l] < n, std::string(fn) + ": cols[" + std::to_string(l) + "] = " +
                                                std::to_string(cols[l]) + " is outside [0, " + std::to_string(n) + ")");
  const KernelParam kx = kernel_param(fn, "x", kernel_x, sigma_x);
  const KernelParam ky = y ? kernel_param(fn, "y", kernel_y, sigma_y) : kx;

  const int64_t mp = (int64_t{m} + kLanes - 1) / kLanes * kLanes;
  Prepared p = prepare(x, dx, y, dy, n, kx, ky, 0, matvec_tile_rows(std::max(n, c), mp));
  const int64_t T = p.T, nbl = (c + T - 1) / T;
  // the landmark rows, gathered (row-major) and packed as j-blocks
  std::vector<double> lxr(static_cast<std::size_t>(c * dx)), lyr(y ? static_cast<std::size_t>(c * dy) : 0);
  for (int64_t l = 0; l < c; ++l) {
    std::copy(x + cols[l] * dx, x + (cols[l] + 1) * dx, lxr.begin() + l * dx);
    if (y) std::copy(y + cols[l] * dy, y + (cols[l] + 1) * dy, lyr.begin() + l * dy);
  }
  Buffer lxc = pack_columns(lxr.data(), c, dx, T, nbl);
  Buffer lyc = y ? pack_columns(lyr.data(), c, dy, T, nbl) : Buffer();
  const Operand lx{lxr.data(), lxc.get(), dx, kx};
  const Operand ly = y ? Operand{lyr.data(), lyc.get(), dy, ky} : lx;
  Buffer wp(static_cast<std::size_t>(nbl * T * mp));
  for (int64_t l = 0; l < c; ++l) std::copy(w + l * m, w + (l + 1) * m, wp.get() + l * mp);
  Buffer acc(static_cast<std::size_t>(p.nb * T * mp));
  // one round whose tiles are the row blocks (bi, 0): no two tiles share output rows
  struct RowSchedule {
    int64_t nb;
    int64_t rounds() const { return 1; }
    int64_t slots(int64_t) const { return nb; }
    int64_t max_slots() const { return nb; }
    bool tile(int64_t, int64_t slot, int64_t* bi, int64_t* bj) const {
      *bi = slot;
      *bj = 0;
      return true;
    }
  };
  const RowSchedule rows{p.nb};
  const int workers = static_cast<int>(std::max<int64_t>(1, std::min<int64_t>(ik::resolve_threads(threads), p.nb)));
  std::vector<MatvecScratch> scratch(static_cast<std::size_t>(workers));
  for (auto& s : scratch) {
    s.g = Buffer(static_cast<std::size_t>(T * T));
    s.row = Buffer(static_cast<std::size_t>(T * mp));
  }
  const CrossCtx ctx{n, T, c, mp, p.x, p.y, lx, ly, wp.get(), acc.get()};
  const Isa isa = detect_isa();
  const CrossTileFn tile = select_cross(kx.kind, ky.kind, y != nullptr, isa);
  ik::set_last_path(kernel_path(isa));
  ik::engine::for_each_tile_cpu(rows, workers, [&](int64_t bi, int64_t, int64_t, int wk) {
    tile(ctx, bi, scratch[static_cast<std::size_t>(wk)]);
  });
  for (int64_t i = 0; i < n; ++i) std::copy(acc.get() + i * mp, acc.get() + i * mp + m, out + i * m);
}

void kernel_matrix(const double* x, int32_t dx, const double* y, int32_t dy, int64_t n,
                   int32_t kernel_x, double sigma_x, int32_t kernel_y, double sigma_y,
                   int32_t threads, double* out) {
  const char* fn = "ik_kernel_matrix_cpu";
  check_points(fn, x, dx, y, dy, n);
  IK_REQUIRE(out != nullptr, std::string(fn) + ": out is null");
  const KernelParam kx = kernel_param(fn, "x", kernel_x, sigma_x);
  const KernelParam ky = y ? kernel_param(fn, "y", kernel_y, sigma_y) : kx;

  Prepared p = prepare(x, dx, y, dy, n, kx, ky, 0);
  const RoundRobin rr(p.nb);
  const int workers = worker_count(threads, rr);
  const MatrixCtx ctx{n, p.T, p.x, p.y, out};
  const Isa isa = detect_isa();
  const MatrixTileFn tile = select_matrix(kx.kind, ky.kind, y != nullptr, isa);
  ik::set_last_path(kernel_path(isa));
  ik::engine::for_each_tile_cpu(rr, workers, [&](int64_t bi, int64_t bj, int64_t, int) {
    tile(ctx, bi, bj);
  });
}

#if defined(IK_HAVE_OPENBLAS)
}  // namespace
// LAPACK routines of libopenblas that lapack.h does not declare (reference LAPACK 3.x signatures,
// gfortran's hidden string lengths last)
extern "C" {
void dlatrd_(const char* uplo, const lapack_int* n, const lapack_int* nb, double* a, const lapack_int* lda,
             double* e, double* tau, double* w, const lapack_int* ldw, std::size_t uplo_len);
void dsytd2_(const char* uplo, const lapack_int* n, double* a, const lapack_int* lda, double* d, double* e,
             double* tau, lapack_int* info, std::size_t uplo_len);
void dsyr2k_(const char* uplo, const char* trans, const lapack_int* n, const lapack_int* k, const double* alpha,
             const double* a, const lapack_int* lda, const double* b, const lapack_int* ldb, const double* beta,
             double* c, const lapack_int* ldc, std::size_t uplo_len, std::size_t trans_len);
lapack_int ilaenv_(const lapack_int* ispec, const char* name, const char* opts, const lapack_int* n1,
                   const lapack_int* n2, const lapack_int* n3, const lapack_int* n4, std::size_t name_len,
                   std::size_t opts_len);
}
namespace {

// LAPACK's dsyevd(JOBZ = 'N', UPLO = 'L') on the column-major n x n matrix a (overwritten), written
// out so that it can be cancelled: the same calls in the same order as reference LAPACK 3.x (which
// OpenBLAS ships for these routines) -- the scaling of dsyevd, the blocked loop of dsytrd
// (dlatrd on a panel of nb columns, then the dsyr2k update of the trailing matrix), dsytd2 on the
// last columns, dsterf -- so the eigenvalues keep LAPACKE_dsyevd's bits (test_kernel_cpu checks it),
// with a cancel poll before every panel (about 2 nb passes over the trailing matrix: ~0.1 s at
// n = 4000, ~1 s at n = 10^4 on one core). Returns dsterf's info.
lapack_int dsyevd_values_lower(lapack_int n, double* a, double* w, const ik::CancelToken& cancel) {
  if (n == 1) {
    w[0] = a[0];
    return 0;
  }
  const char L = 'L', N = 'N', M = 'M';
  const lapack_int lda = n;
  // dsyevd: scale the matrix into [rmin, rmax] when its largest entry lies outside
  const double safmin = LAPACK_dlamch("Safe minimum"), eps = LAPACK_dlamch("Precision");
  const double smlnum = safmin / eps, bignum = 1.0 / smlnum;
  const double rmin = std::sqrt(smlnum), rmax = std::sqrt(bignum);
  std::vector<double> work(static_cast<std::size_t>(n));
  const double anrm = LAPACK_dlansy(&M, &L, &n, a, &lda, work.data());
  bool scaled = false;
  double sigma = 1.0;
  if (anrm > 0.0 && anrm < rmin) {
    scaled = true;
    sigma = rmin / anrm;
  } else if (anrm > rmax) {
    scaled = true;
    sigma = rmax / anrm;
  }
  lapack_int info = 0;
  if (scaled) {
    const lapack_int zero = 0;
    const double one = 1.0;
    LAPACK_dlascl(&L, &zero, &zero, &one, &sigma, &n, &n, a, &lda, &info);
  }
  // dsytrd (UPLO = 'L'): d -> w, off-diagonal -> e
  std::vector<double> e(static_cast<std::size_t>(n)), tau(static_cast<std::size_t>(n));
  const lapack_int one_i = 1, three = 3, minus1 = -1;
  lapack_int nb = ilaenv_(&one_i, "DSYTRD", &L, &n, &minus1, &minus1, &minus1, 6, 1);
  lapack_int nx = n;
  if (nb > 1 && nb < n) {
    nx = std::max(nb, ilaenv_(&three, "DSYTRD", &L, &n, &minus1, &minus1, &minus1, 6, 1));
  } else {
    nb = 1;
  }
  const lapack_int ldwork = n;
  std::vector<double> wk;
  if (nx < n) wk.assign(static_cast<std::size_t>(ldwork) * static_cast<std::size_t>(nb), 0.0);
  auto A = [&](lapack_int i, lapack_int j) -> double* {  // 1-based A(i, j)
    return a + (static_cast<int64_t>(j) - 1) * lda + (i - 1);
  };
  lapack_int i = 1;
  if (nx < n) {
    const double minus_one = -1.0, one = 1.0;
    for (; i <= n - nx; i += nb) {
      cancel.check();
      const lapack_int rows = n - i + 1;
      dlatrd_(&L, &rows, &nb, A(i, i), &lda, &e[i - 1], &tau[i - 1], wk.data(), &ldwork, 1);
      const lapack_int trail = n - i - nb + 1;
      dsyr2k_(&L, &N, &trail, &nb, &minus_one, A(i + nb, i), &lda, wk.data() + nb, &ldwork, &one,
              A(i + nb, i + nb), &lda, 1, 1);
      for (lapack_int j = i; j <= i + nb - 1; ++j) {
        *A(j + 1, j) = e[j - 1];
        w[j - 1] = *A(j, j);
      }
    }
  }
  cancel.check();
  const lapack_int rest = n - i + 1;
  dsytd2_(&L, &rest, A(i, i), &lda, &w[i - 1], &e[i - 1], &tau[i - 1], &info, 1);
  // dsterf: eigenvalues of the tridiagonal matrix, ascending
  LAPACK_dsterf(&n, w, e.data(), &info);
  if (scaled)
    for (lapack_int k = 0; k < n; ++k) w[k] *= 1.0 / sigma;
  return info;
}
#endif

// Returns IK_OK or IK_EINTERNAL (with the message set) when built without LAPACK.
int32_t sym_eigenvalues(double* a, int64_t n, int32_t threads, double* out_w) {
  const char* fn = "ik_sym_eigenvalues_cpu";
  IK_REQUIRE(a != nullptr, std::string(fn) + ": a is null");
  IK_REQUIRE(out_w != nullptr, std::string(fn) + ": out_w is null");
  IK_REQUIRE(n >= 1, std::string(fn) + ": n = " + std::to_string(n) + " is smaller than the minimum (1)");
#if defined(IK_HAVE_OPENBLAS)
  IK_REQUIRE(n <= std::numeric_limits<lapack_int>::max(),
             std::string(fn) + ": n = " + std::to_string(n) + " is larger than LAPACK's index range");
  // OpenBLAS at `threads` threads for this call: its count is process-wide, so concurrent calls
  // share it through leases (core/blas_threads.hpp). 2 threads on a 2-core VM make dsyevd ~10x
  // slower than 1 (java/docs/building.md).
  const ik::BlasThreads lease(threads <= 0 ? 1 : threads);
  const lapack_int ln = static_cast<lapack_int>(n);
  // The row-major upper triangle is, read column-major, the lower triangle of the same matrix:
  // (COL_MAJOR, 'L') reads exactly the entries (ROW_MAJOR, 'U') would, without the n x n
  // transposed copy LAPACKE makes for row-major input.
  for (int64_t j = 0; j < n; ++j)
    for (int64_t i = j; i < n; ++i)
      IK_REQUIRE(std::isfinite(a[j * n + i]), std::string(fn) + ": the matrix has a non-finite entry (NaN or infinity)");
  const lapack_int info = dsyevd_values_lower(ln, a, out_w, ik::current_cancel());
  if (info != 0)
    throw std::runtime_error(std::string(fn) + ": dsterf returned info = " + std::to_string(info) +
                             (info > 0 ? " (the eigenvalue iteration did not converge)" : ""));
  ik::set_last_path("eigen_cpu:lapack");
  return IK_OK;
#else
  (void)threads;
  ik::set_last_error(std::string(fn) +
                     ": built without LAPACK (configure with OPENBLAS_DIR or a system OpenBLAS with LAPACKE)");
  return IK_EINTERNAL;
#endif
}

}  // namespace

extern "C" {

int32_t ik_pair_sums_cpu(const double* x, int32_t dx, const double* y, int32_t dy, int64_t n,
                         int32_t kernel_x, double sigma_x, int32_t kernel_y, double sigma_y,
                         int32_t threads, double* out_sums, double* out_row_k, double* out_row_l) {
  IK_GUARD(pair_sums(x, dx, y, dy, n, kernel_x, sigma_x, kernel_y, sigma_y, threads, out_sums,
                     out_row_k, out_row_l));
}

int32_t ik_kernel_matvec_cpu(const double* x, int32_t dx, const double* y, int32_t dy, int64_t n,
                             int32_t kernel_x, double sigma_x, int32_t kernel_y, double sigma_y,
                             const double* v, int32_t m, int32_t threads, double* out) {
  IK_GUARD(kernel_matvec(x, dx, y, dy, n, kernel_x, sigma_x, kernel_y, sigma_y, v, m, threads, out));
}

int32_t ik_kernel_cross_matvec_cpu(const double* x, int32_t dx, const double* y, int32_t dy, int64_t n,
                                   int32_t kernel_x, double sigma_x, int32_t kernel_y, double sigma_y,
                                   const int64_t* cols, int64_t c, const double* w, int32_t m, int32_t threads,
                                   double* out) {
  IK_GUARD(kernel_cross_matvec(x, dx, y, dy, n, kernel_x, sigma_x, kernel_y, sigma_y, cols, c, w, m, threads, out));
}

int32_t ik_kernel_matrix_cpu(const double* x, int32_t dx, const double* y, int32_t dy, int64_t n,
                             int32_t kernel_x, double sigma_x, int32_t kernel_y, double sigma_y,
                             int32_t threads, double* out) {
  IK_GUARD(kernel_matrix(x, dx, y, dy, n, kernel_x, sigma_x, kernel_y, sigma_y, threads, out));
}

int32_t ik_sym_eigenvalues_cpu(double* a, int64_t n, int32_t threads, double* out_w) {
  IK_GUARD({
    const int32_t status = sym_eigenvalues(a, n, threads, out_w);
    if (status != IK_OK) return status;
  });
}

}  // extern "C"
