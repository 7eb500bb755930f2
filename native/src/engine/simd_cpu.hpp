// simd_cpu.hpp -- the CPU engine's 8-lane double vector and a vectorisable exp.
//
// P8<W> holds 8 doubles as 8/W native GCC vector-extension registers of W doubles: W = 8 is one
// zmm (AVX-512), 4 two ymm (AVX2), 2 four xmm (SSE2). Every operation is lane-wise and lane l is
// always lane l, so a computation written with P8 performs the same operations in the same order
// for every W; only FMA contraction differs (the AVX2/AVX-512 builds contract a * b + c, the SSE2
// build does not). The native width is explicit because GCC handles a 64-byte vector type badly
// where it is wider than the target's registers (arrays of them live on the stack and every
// comparison is scalarised).
//
// The instruction set is chosen per call by the caller (kernel_cpu.cpp), which instantiates the
// same always-inline bodies inside functions with target("...") attributes: no -march flag, so
// the library runs on any x86-64 and uses AVX2 or AVX-512 where the CPU has them.
#pragma once

#include <cstdint>
#include <cstring>

#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
// vectors only travel between always-inline functions: no ABI is involved
#pragma GCC diagnostic ignored "-Wpsabi"
#endif

namespace ik {
namespace simd {

#define IK_SIMD_INLINE inline __attribute__((always_inline))

constexpr int kLanes = 8;

template <int W>
struct Native;
template <>
struct Native<2> {
  typedef double D __attribute__((vector_size(16)));
  typedef int64_t I __attribute__((vector_size(16)));
};
template <>
struct Native<4> {
  typedef double D __attribute__((vector_size(32)));
  typedef int64_t I __attribute__((vector_size(32)));
};
template <>
struct Native<8> {
  typedef double D __attribute__((vector_size(64)));
  typedef int64_t I __attribute__((vector_size(64)));
};

// 8 doubles; lane l is v[l / W][l % W].
template <int W>
struct P8 {
  static constexpr int N = kLanes / W;
  typename Native<W>::D v[N];
};

// 8 lane masks (all ones or all zeros), for select().
template <int W>
struct M8 {
  static constexpr int N = kLanes / W;
  typename Native<W>::I v[N];
};

template <int W>
IK_SIMD_INLINE P8<W> splat(double a) {
  P8<W> r;
  for (int q = 0; q < P8<W>::N; ++q) r.v[q] = typename Native<W>::D{} + a;
  return r;
}
template <int W>
IK_SIMD_INLINE P8<W> zero() {
  P8<W> r;
  for (int q = 0; q < P8<W>::N; ++q) r.v[q] = typename Native<W>::D{};
  return r;
}
// Unaligned load / store, one native vector at a time (a single memcpy of the whole P8 would
// go through the stack).
template <int W>
IK_SIMD_INLINE P8<W> load(const double* p) {
  P8<W> r;
  for (int q = 0; q < P8<W>::N; ++q) std::memcpy(&r.v[q], p + q * W, sizeof r.v[q]);
  return r;
}
template <int W>
IK_SIMD_INLINE void store(double* p, const P8<W>& a) {
  for (int q = 0; q < P8<W>::N; ++q) std::memcpy(p + q * W, &a.v[q], sizeof a.v[q]);
}

#define IK_P8_BINARY(OP)                                                                  \
  template <int W>                                                                        \
  IK_SIMD_INLINE P8<W> operator OP(const P8<W>& a, const P8<W>& b) {                      \
    P8<W> r;                                                                              \
    for (int q = 0; q < P8<W>::N; ++q) r.v[q] = a.v[q] OP b.v[q];                         \
    return r;                                                                             \
  }                                                                                       \
  template <int W>                                                                        \
  IK_SIMD_INLINE P8<W> operator OP(const P8<W>& a, double b) {                            \
    P8<W> r;                                                                              \
    for (int q = 0; q < P8<W>::N; ++q) r.v[q] = a.v[q] OP b;                              \
    return r;                                                                             \
  }                                                                                       \
  template <int W>                                                                        \
  IK_SIMD_INLINE P8<W> operator OP(double a, const P8<W>& b) {                            \
    P8<W> r;                                                                              \
    for (int q = 0; q < P8<W>::N; ++q) r.v[q] = a OP b.v[q];                              \
    return r;                                                                             \
  }                                                                                       \
  template <int W>                                                                        \
  IK_SIMD_INLINE P8<W>& operator OP##=(P8<W>& a, const P8<W>& b) {                        \
    for (int q = 0; q < P8<W>::N; ++q) a.v[q] = a.v[q] OP b.v[q];                         \
    return a;                                                                             \
  }
IK_P8_BINARY(+)
IK_P8_BINARY(-)
IK_P8_BINARY(*)
#undef IK_P8_BINARY

// Lane l of the result is lane l of a.
template <int W>
IK_SIMD_INLINE double lane(const P8<W>& a, int l) {
  return a.v[l / W][l % W];
}

// Lane sum in lane order 0..7: the same association for every W.
template <int W>
IK_SIMD_INLINE double hsum(const P8<W>& a) {
  double s = a.v[0][0];
  for (int l = 1; l < kLanes; ++l) s += a.v[l / W][l % W];
  return s;
}

// Masks of lanes l with base + l < limit, and with base + l == target.
template <int W>
IK_SIMD_INLINE M8<W> lanes_below(int64_t base, int64_t limit) {
  M8<W> m;
  for (int q = 0; q < M8<W>::N; ++q) {
    typename Native<W>::I idx;
    for (int w = 0; w < W; ++w) idx[w] = base + q * W + w;
    m.v[q] = idx < limit;
  }
  return m;
}
template <int W>
IK_SIMD_INLINE M8<W> lanes_equal(int64_t base, int64_t target) {
  M8<W> m;
  for (int q = 0; q < M8<W>::N; ++q) {
    typename Native<W>::I idx;
    for (int w = 0; w < W; ++w) idx[w] = base + q * W + w;
    m.v[q] = idx == target;
  }
  return m;
}

// Lanes of a where the mask is set, else +0 (a bitwise and).
template <int W>
IK_SIMD_INLINE P8<W> select(const M8<W>& m, const P8<W>& a) {
  P8<W> r;
  for (int q = 0; q < P8<W>::N; ++q)
    r.v[q] = (typename Native<W>::D)(m.v[q] & (typename Native<W>::I)a.v[q]);
  return r;
}

// exp of one native vector (W doubles): see exp() below.
template <class D, class I>
IK_SIMD_INLINE D exp_native(const D& arg) {
  const double kLog2e = 1.4426950408889634074;
  const double kLn2Hi = 6.93147180369123816490e-01;  // 0x3fe62e42fee00000
  const double kLn2Lo = 1.90821492927058770002e-10;  // ln 2 - kLn2Hi
  const double kShift = 0x1.8p52;  // adding it rounds to an integer kept in the low mantissa bits
  const D zero{};
  D x = arg < -746.0 ? zero - 746.0 : arg;  // exp(-746) < min subnormal / 2: rounds to +0
  x = x > 710.0 ? zero + 710.0 : x;         // exp(710) > DBL_MAX: becomes +inf below
  const D t = x * kLog2e + kShift;
  D k = t - kShift;  // round(x / ln 2), in [-1077, 1025]
  D r = x - k * kLn2Hi;
  r = r - k * kLn2Lo;
  D p = zero + 1.0 / 6227020800.0;  // 1/13!
  p = p * r + 1.0 / 479001600.0;    // 1/12!
  p = p * r + 1.0 / 39916800.0;
  p = p * r + 1.0 / 3628800.0;
  p = p * r + 1.0 / 362880.0;
  p = p * r + 1.0 / 40320.0;
  p = p * r + 1.0 / 5040.0;
  p = p * r + 1.0 / 720.0;
  p = p * r + 1.0 / 120.0;
  p = p * r + 1.0 / 24.0;
  p = p * r + 1.0 / 6.0;
  p = p * r + 0.5;
  p = p * r + 1.0;
  p = p * r + 1.0;  // exactly 1 when r = 0
  const I tiny = k < -1000.0;
  const I huge = k > 1000.0;
  p = tiny ? p * 0x1p-64 : p;
  p = huge ? p * 0x1p64 : p;
  k = tiny ? k + 64.0 : k;
  k = huge ? k - 64.0 : k;
  // 2^k: (k + 1023) in the exponent field; the integer k sits in the low bits of k + kShift and
  // the left shift drops everything above bit 11.
  const I bits = ((I)(k + kShift) + 1023) << 52;
  return p * (D)bits;
}

// exp(x) lane-wise. Accurate to < 1.2 ulp on [-745, 709] (measured by test_kernel_cpu against
// expl), exp(+-0) = 1 exactly (so an RBF diagonal is exactly 1), x < -745.2 gives +0 (subnormal
// results rounded once, correctly scaled), x > 709.8 gives +inf, NaN stays NaN. No table, no
// branch: every step is a native vector instruction.
//
// Method (Cody-Waite / fdlibm): x = k ln2 + r with k = round(x / ln2), |r| <= ln2/2 ~ 0.347,
// ln2 split into hi (trailing zero bits, so k * hi is exact) and lo. exp(r) by its Taylor
// polynomial of degree 13 in Horner form: the truncation term r^14/14! < 4.2e-18 is 0.04 ulp,
// and the Horner rounding errors stay below ~0.6 ulp because every coefficient is tiny next to
// the final "+ 1". 2^k is built in the exponent field; for |k| > 1000 the scale is split in two
// (2^(k -+ 64) * 2^(+-64)) so that neither factor over- or underflows before the final product.
template <int W>
IK_SIMD_INLINE P8<W> exp(const P8<W>& x) {
  P8<W> r;
  for (int q = 0; q < P8<W>::N; ++q)
    r.v[q] = exp_native<typename Native<W>::D, typename Native<W>::I>(x.v[q]);
  return r;
}

}  // namespace simd
}  // namespace ik

#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif
