// gram_cpu.cpp -- ik_gram_accumulate_cpu, the tile products of the all-pairs kernel engine: the
// native twin of GramProducts.accumulate (java/.../internal/kernel/GramProducts.java).
//
// For the row variables ra and column variables cb of one tile g (slots rows of len doubles),
// c[a * nc + b] += w * S_ab with S_ab = sum_k g[ra[a] len + k] * g[cb[b] len + k], k ascending,
// every product and every sum rounded on its own. This file is compiled with -ffp-contract=off,
// so neither the SSE2 nor the AVX2 / AVX-512 copies fuse a * b + c: each S_ab is the same
// sequence of IEEE operations as the Java loop's, hence the same bits on every instruction set
// and in every block of the register tiling below.
//
// Layout: the column rows are packed into panels of 8 (k-major: panel[k * 8 + j] is column
// b0 + j at k; columns past nc are 0), so that one vector load gives 8 columns at one k; R row
// sums x 8 column sums stay in registers over the whole k loop (R = 8 on AVX-512, 4 on AVX2, 2
// on SSE2: eight accumulator registers in each case). Memory: the panels, nc x len doubles,
// in a thread-local buffer that lives as long as the thread (a lane calls once per tile).
// Tested against a naive loop, bit for bit, by test_kernel_cpu.cpp.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wpsabi"
#endif

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "../core/status.hpp"
#include "../engine/isa_cpu.hpp"
#include "../engine/simd_cpu.hpp"

namespace {

using ik::engine::Isa;
using ik::simd::P8;

constexpr int kPanel = ik::simd::kLanes;  // columns per panel

struct Args {
  const double* g;
  int64_t len;
  const int32_t* ra;
  int32_t na;
  int32_t nc;
  bool upper;
  double w;
  double* c;
  const double* panels;  // ceil(nc / 8) panels of len x 8
};

// R row sums against the 8 columns of panel pb, rows a0 .. a0 + rows - 1 (rows <= R)
template <int W, int R>
IK_INLINE void block(const Args& s, int32_t a0, int rows, int32_t pb) {
  const double* x[R];
  for (int r = 0; r < R; ++r) x[r] = s.g + static_cast<int64_t>(s.ra[a0 + std::min(r, rows - 1)]) * s.len;
  P8<W> acc[R];
  for (int r = 0; r < R; ++r) acc[r] = ik::simd::zero<W>();
  const double* panel = s.panels + static_cast<int64_t>(pb) * s.len * kPanel;
  for (int64_t k = 0; k < s.len; ++k) {
    const P8<W> col = ik::simd::load<W>(panel + k * kPanel);
    for (int r = 0; r < R; ++r) acc[r] += ik::simd::splat<W>(x[r][k]) * col;
  }
  const int32_t b0 = pb * kPanel;
  for (int r = 0; r < rows; ++r) {
    const int32_t a = a0 + r;
    for (int j = 0; j < kPanel; ++j) {
      const int32_t b = b0 + j;
      if (b >= s.nc || (s.upper && b < a)) continue;
      s.c[static_cast<int64_t>(a) * s.nc + b] += s.w * ik::simd::lane(acc[r], j);
    }
  }
}

template <int W, int R>
IK_INLINE void accumulate(const Args& s) {
  const int32_t panels = (s.nc + kPanel - 1) / kPanel;
  for (int32_t a0 = 0; a0 < s.na; a0 += R) {
    const int rows = static_cast<int>(std::min<int32_t>(R, s.na - a0));
    // with upper, a panel whose last column lies below every row of the block adds nothing
    const int32_t first = s.upper ? a0 / kPanel : 0;
    for (int32_t pb = first; pb < panels; ++pb) block<W, R>(s, a0, rows, pb);
  }
}

void accumulate_generic(const Args& s) { accumulate<2, 2>(s); }
#if defined(IK_HAVE_ISA_CLONES)
IK_TARGET_AVX2 void accumulate_avx2(const Args& s) { accumulate<4, 4>(s); }
IK_TARGET_AVX512 void accumulate_avx512(const Args& s) { accumulate<8, 8>(s); }
#endif

const char* gram_path(Isa isa) {
  return isa == Isa::kAvx512 ? "gram_cpu:avx512" : isa == Isa::kAvx2 ? "gram_cpu:avx2" : "gram_cpu:generic";
}

void gram_accumulate(const double* g, int64_t len, int32_t slots, const int32_t* ra, int32_t na,
                     const int32_t* cb, int32_t nc, int32_t upper, double w, double* c) {
  {
    IK_REQUIRE(g != nullptr, "g is NULL");
    IK_REQUIRE(ra != nullptr, "ra is NULL");
    IK_REQUIRE(cb != nullptr, "cb is NULL");
    IK_REQUIRE(c != nullptr, "c is NULL");
    IK_REQUIRE(len >= 1, "len = " + std::to_string(len) + " must be at least 1");
    IK_REQUIRE(slots >= 1, "slots = " + std::to_string(slots) + " must be at least 1");
    IK_REQUIRE(na >= 0, "na = " + std::to_string(na) + " must not be negative");
    IK_REQUIRE(nc >= 0, "nc = " + std::to_string(nc) + " must not be negative");
    IK_REQUIRE(upper == 0 || upper == 1, "upper = " + std::to_string(upper) + " must be 0 or 1");
    IK_REQUIRE(std::isfinite(w), "w = " + std::to_string(w) + " is not finite");
    // slots * len doubles of g, and the (nc rounded up to 8) * len doubles of the panels, must be
    // addressable
    IK_REQUIRE(len <= std::numeric_limits<int64_t>::max() / 8 / (static_cast<int64_t>(std::max(slots, nc)) + kPanel),
               "len = " + std::to_string(len) + " is too large for " + std::to_string(std::max(slots, nc)) + " rows");
    for (int32_t a = 0; a < na; ++a)
      IK_REQUIRE(ra[a] >= 0 && ra[a] < slots, "ra[" + std::to_string(a) + "] = " + std::to_string(ra[a]) +
                                                  " is not a row in [0, " + std::to_string(slots) + ")");
    for (int32_t b = 0; b < nc; ++b)
      IK_REQUIRE(cb[b] >= 0 && cb[b] < slots, "cb[" + std::to_string(b) + "] = " + std::to_string(cb[b]) +
                                                  " is not a row in [0, " + std::to_string(slots) + ")");
    ik::current_cancel().check();
    const Isa isa = ik::engine::detect_isa();
    if (na > 0 && nc > 0) {
      const int32_t panels = (nc + kPanel - 1) / kPanel;
      thread_local std::vector<double> buffer;
      const size_t need = static_cast<size_t>(panels) * static_cast<size_t>(len) * kPanel;
      if (buffer.size() < need) buffer.resize(need);
      double* p = buffer.data();
      for (int32_t pb = 0; pb < panels; ++pb) {
        double* panel = p + static_cast<int64_t>(pb) * len * kPanel;
        for (int j = 0; j < kPanel; ++j) {
          const int32_t b = pb * kPanel + j;
          if (b < nc) {
            const double* src = g + static_cast<int64_t>(cb[b]) * len;
            for (int64_t k = 0; k < len; ++k) panel[k * kPanel + j] = src[k];
          } else {
            for (int64_t k = 0; k < len; ++k) panel[k * kPanel + j] = 0.0;
          }
        }
      }
      const Args s{g, len, ra, na, nc, upper == 1, w, c, p};
#if defined(IK_HAVE_ISA_CLONES)
      if (isa == Isa::kAvx512) {
        accumulate_avx512(s);
      } else if (isa == Isa::kAvx2) {
        accumulate_avx2(s);
      } else {
        accumulate_generic(s);
      }
#else
      accumulate_generic(s);
#endif
    }
    ik::set_last_path(gram_path(isa));
  }
}

}  // namespace

extern "C" int32_t ik_gram_accumulate_cpu(const double* g, int64_t len, int32_t slots, const int32_t* ra,
                                          int32_t na, const int32_t* cb, int32_t nc, int32_t upper, double w,
                                          double* c) {
  IK_GUARD(gram_accumulate(g, len, slots, ra, na, cb, nc, upper, w, c));
}
