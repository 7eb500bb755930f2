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
// lane-wise min(a, b)
template <int W>
IK_SIMD_INLINE P8<W> min(const P8<W>& a, double b) {
  P8<W> r;
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
  if constexpr (W == 8) {  // GCC writes the select below as a compare and a blend; vminpd is the same
    const typename Native<8>::D bv = b + typename Native<8>::D{};
    __asm__("vminpd %2, %1, %0" : "=v"(r.v[0]) : "v"(a.v[0]), "v"(bv));  // a < b ? a : b
    return r;
  }
#endif
  for (int q = 0; q < P8<W>::N; ++q) r.v[q] = a.v[q] < b ? a.v[q] : b + typename Native<W>::D{};
  return r;
}

// lanes base + l with lo <= base + l < hi
template <int W>
IK_SIMD_INLINE M8<W> lanes_in(int64_t base, int64_t lo, int64_t hi) {
  M8<W> m;
  for (int q = 0; q < M8<W>::N; ++q) {
    typename Native<W>::I idx;
    for (int w = 0; w < W; ++w) idx[w] = base + q * W + w;
    m.v[q] = (idx >= lo) & (idx < hi);
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

// exp of M vectors at once, each step applied to all M before the next: the same operations as
// exp() on each (so the same results), but M independent dependency chains side by side. exp()'s
// degree-13 Horner chain is ~60 cycles of latency for ~30 instructions; one exp after another
// leaves the FMA units waiting unless the out-of-order window reaches several exps ahead.
template <int W, int M>
IK_SIMD_INLINE void exp_many(P8<W> (&x)[M]) {
  typedef typename Native<W>::D D;
  typedef typename Native<W>::I I;
  constexpr int N = P8<W>::N;
  const double kLog2e = 1.4426950408889634074;
  const double kLn2Hi = 6.93147180369123816490e-01;
  const double kLn2Lo = 1.90821492927058770002e-10;
  const double kShift = 0x1.8p52;
  const D zero{};
  D k[M][N], r[M][N], p[M][N];
  for (int m = 0; m < M; ++m)
    for (int q = 0; q < N; ++q) {
      D a = x[m].v[q] < -746.0 ? zero - 746.0 : x[m].v[q];
      a = a > 710.0 ? zero + 710.0 : a;
      const D t = a * kLog2e + kShift;
      k[m][q] = t - kShift;
      r[m][q] = a - k[m][q] * kLn2Hi;
      r[m][q] = r[m][q] - k[m][q] * kLn2Lo;
      p[m][q] = zero + 1.0 / 6227020800.0;
    }
  static constexpr double kCoef[13] = {1.0 / 479001600.0, 1.0 / 39916800.0, 1.0 / 3628800.0, 1.0 / 362880.0,
                                       1.0 / 40320.0,     1.0 / 5040.0,     1.0 / 720.0,     1.0 / 120.0,
                                       1.0 / 24.0,        1.0 / 6.0,        0.5,             1.0,
                                       1.0};
  for (int c = 0; c < 13; ++c)
    for (int m = 0; m < M; ++m)
      for (int q = 0; q < N; ++q) p[m][q] = p[m][q] * r[m][q] + kCoef[c];
  for (int m = 0; m < M; ++m)
    for (int q = 0; q < N; ++q) {
      const I tiny = k[m][q] < -1000.0;
      const I huge = k[m][q] > 1000.0;
      D pp = tiny ? p[m][q] * 0x1p-64 : p[m][q];
      pp = huge ? pp * 0x1p64 : pp;
      D kk = tiny ? k[m][q] + 64.0 : k[m][q];
      kk = huge ? kk - 64.0 : kk;
      const I bits = ((I)(kk + kShift) + 1023) << 52;
      x[m].v[q] = pp * (D)bits;
    }
}

// exp of M vectors whose lanes are <= 0 (an RBF kernel's -|a - b|^2 / (2 sigma^2)); -inf gives +0.
// On AVX-512 (W = 8) by a 16-entry table in two registers and a degree-6 polynomial, under half
// the FMAs of exp()'s degree-13 one; other widths use exp_many (no fast 16-way lookup there).
//
// Method (Tang's table-driven exp): x = (j / 16) ln 2 + r with j = round(16 x / ln 2), |r| <=
// h = ln 2 / 32 ~ 0.0217, ln 2 / 16 split into hi (trailing zero bits: j * hi is exact for |j| <
// 2^20) and lo; exp(x) = 2^e 2^(m/16) (1 + p) with j = 16 e + m, 0 <= m < 16, 2^(m/16) rounded to
// double, T[m], picked by vpermt2pd from the low 4 bits of the rounding shift's integer, and p ~
// expm1(r) by its Taylor polynomial of degree 7 economised to degree 6 (Lanczos): on |r| <= h,
// r^7 = h^7 T_7(r/h)/64 + (112 h^2 r^5 - 56 h^4 r^3 + 7 h^6 r)/64, so dropping the Chebyshev term
// moves r^7/7! into the r^5, r^3 and r coefficients at a cost of at most h^7/(64 7!) < 7e-18, plus
// the Taylor remainder r^8/8! < 1.3e-18: 0.04 ulp in all. The result T p + T (one FMA) carries the
// table's rounding (<= 0.5 ulp), its own (0.5 ulp) and the polynomial's: <= 1.1 ulp (test_kernel_cpu
// measures it against expl: 1.08); exp(0) = 1 exactly (p(0) = 0). A second table of T's rounding
// errors would bring that to 0.6 ulp for one more lookup and add per vector (6% of MMD's kernel
// time); the RBF exponent's own rounding, d eps |x| relative, is larger either way. 2^e by
// vscalefpd with e = floor(j / 16), one rounding also where the result is subnormal.
//
// The two AVX-512 instructions are inline assembly rather than <immintrin.h> intrinsics: an
// intrinsic is a function with a target attribute and cannot be inlined into these target-less
// templates; the assembly is register-allocated inside the caller's target("avx512f") clone.
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
namespace table_exp {
constexpr double kShift = 0x1.8p52;
constexpr double kH2 = (6.93147180559945309417e-01 / 32.0) * (6.93147180559945309417e-01 / 32.0);
// expm1(r) ~ sum_k kC[k] r^k on |r| <= ln 2 / 32: Taylor to degree 7, economised to degree 6
constexpr double kC[7] = {0.0,
                          1.0 + 7.0 * kH2 * kH2 * kH2 / (64.0 * 5040.0),
                          0.5,
                          1.0 / 6.0 - 56.0 * kH2 * kH2 / (64.0 * 5040.0),
                          1.0 / 24.0,
                          1.0 / 120.0 + 112.0 * kH2 / (64.0 * 5040.0),
                          1.0 / 720.0};

// p = sum_k c[k] z^k (k = 1..6, Horner), for M vectors side by side
template <int M>
IK_SIMD_INLINE void poly(const double (&c)[7], const typename Native<8>::D (&z)[M], typename Native<8>::D (&p)[M]) {
  for (int m = 0; m < M; ++m) p[m] = typename Native<8>::D{} + c[6];
  for (int k = 5; k >= 1; --k)
    for (int m = 0; m < M; ++m) p[m] = p[m] * z[m] + c[k];
  for (int m = 0; m < M; ++m) p[m] = p[m] * z[m];
}

// x = 2^(j / 16) (1 + p): 2^(m/16) from the table by the low 4 bits of t (j = 16 e + m in two's
// complement), times 2^floor(j / 16) by vscalefpd (which floors its exponent; j / 16 = k / 16 is
// exact)
template <int M>
IK_SIMD_INLINE void finish(const typename Native<8>::D (&p)[M], const typename Native<8>::D (&k)[M],
                           const typename Native<8>::I (&t)[M], P8<8>* x) {
  typedef typename Native<8>::D D;
  const D tab0 = {0x1.0000000000000p+0, 0x1.0b5586cf9890fp+0, 0x1.172b83c7d517bp+0, 0x1.2387a6e756238p+0,
                  0x1.306fe0a31b715p+0, 0x1.3dea64c123422p+0, 0x1.4bfdad5362a27p+0, 0x1.5ab07dd485429p+0};
  const D tab1 = {0x1.6a09e667f3bcdp+0, 0x1.7a11473eb0187p+0, 0x1.8ace5422aa0dbp+0, 0x1.9c49182a3f090p+0,
                  0x1.ae89f995ad3adp+0, 0x1.c199bdd85529cp+0, 0x1.d5818dcfba487p+0, 0x1.ea4afa2a490dap+0};
  for (int m = 0; m < M; ++m) {
    const D th = __builtin_shuffle(tab0, tab1, t[m]);  // indices taken mod 16
    const D y = th * p[m] + th;
    const D e = k[m] * 0.0625;
    D out;
    __asm__("vscalefpd %2, %1, %0" : "=v"(out) : "v"(y), "v"(e));
    x[m].v[0] = out;
  }
}

// exp of the M vectors x[0 .. M - 1] (see exp_nonpositive_many)
template <int M>
IK_SIMD_INLINE void exp_chunk(P8<8>* x) {
  typedef typename Native<8>::D D;
  typedef typename Native<8>::I I;
  const double k16Log2e = 16.0 * 1.4426950408889634074;
  const double kHi = 6.93147180369123816490e-01 / 16.0;  // 0x3fe62e42fee00000 / 16: exact
  const double kLo = 1.90821492927058770002e-10 / 16.0;
  const D zero{};
  D r[M], p[M], k[M];
  I t[M];
  for (int m = 0; m < M; ++m) {
    D a;  // max(x, -746), NaN kept (vmaxpd returns its second source where one is NaN): exp(-746) rounds to +0
    __asm__("vmaxpd %2, %1, %0" : "=v"(a) : "v"(zero - 746.0), "v"(x[m].v[0]));
    const D tt = a * k16Log2e + kShift;
    k[m] = tt - kShift;  // j = round(16 a / ln 2) in [-17220, 0]
    r[m] = a - k[m] * kHi;
    r[m] = r[m] - k[m] * kLo;
    t[m] = (I)tt;  // low bits: j in two's complement
  }
  poly<M>(kC, r, p);
  finish<M>(p, k, t, x);
}

// 2^(u / 16) of the M vectors x[0 .. M - 1] (see exp2_sixteenths_many)
template <int M>
IK_SIMD_INLINE void exp2_sixteenths_chunk(P8<8>* x) {
  typedef typename Native<8>::D D;
  typedef typename Native<8>::I I;
  constexpr double kR = 6.93147180559945309417e-01 / 16.0;  // r = f kR
  static constexpr double kCf[7] = {0.0,
                                    kC[1] * kR,
                                    kC[2] * kR * kR,
                                    kC[3] * kR * kR * kR,
                                    kC[4] * kR * kR * kR * kR,
                                    kC[5] * kR * kR * kR * kR * kR,
                                    kC[6] * kR * kR * kR * kR * kR * kR};
  D f[M], p[M], k[M];
  I t[M];
  for (int m = 0; m < M; ++m) {
    const D tt = x[m].v[0] + kShift;
    k[m] = tt - kShift;  // j = round(u)
    f[m] = x[m].v[0] - k[m];  // |f| <= 1/2, exact
    t[m] = (I)tt;  // low bits: j in two's complement
  }
  poly<M>(kCf, f, p);
  finish<M>(p, k, t, x);
}

// Vectors two at a time: with all M (e.g. 8) at once the temporaries outgrow the 32 registers and
// spill; two chains side by side are enough for the out-of-order core (MMD's kernel 0.191 -> 0.181
// s, one thread).
constexpr int kChunk = 2;
}  // namespace table_exp
#endif

template <int W, int M>
IK_SIMD_INLINE void exp_nonpositive_many(P8<W> (&x)[M]) {
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
  if constexpr (W == 8) {
    constexpr int c = table_exp::kChunk;
    for (int m = 0; m + c <= M; m += c) table_exp::exp_chunk<c>(x + m);
    if constexpr (M % c != 0) table_exp::exp_chunk<M % c>(x + M / c * c);
    return;
  }
#endif
  exp_many<W, M>(x);
}

// 2^(u / 16) of M vectors whose lanes are numbers in [-16 * 1022, 0] (normal results): exp(a) for a
// caller that has its exponents already in units of ln 2 / 16, u = a 16 / ln 2 (e.g. folded into a
// Gram identity's scale, where it costs no operation per pair). On AVX-512 the table route above
// without its reduction: j = round(u), f = u - j (exact), 2^(f/16) = exp(r) with r = f ln 2 / 16,
// so the polynomial in r is evaluated in f with coefficients c_k (ln 2 / 16)^k (each rounded once:
// < 0.03 ulp): three FMA-unit operations fewer per vector than exp(a), the same error bound (<= 1.1
// ulp). Other widths: exp_many(u ln 2 / 16), whose one extra rounding of the argument adds |a| eps
// relative -- below the Gram identity's own (d + 2) eps (|h_i| + |h_j|).
template <int W, int M>
IK_SIMD_INLINE void exp2_sixteenths_many(P8<W> (&x)[M]) {
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
  if constexpr (W == 8) {
    constexpr int c = table_exp::kChunk;
    for (int m = 0; m + c <= M; m += c) table_exp::exp2_sixteenths_chunk<c>(x + m);
    if constexpr (M % c != 0) table_exp::exp2_sixteenths_chunk<M % c>(x + M / c * c);
    return;
  }
#endif
  constexpr double kR = 6.93147180559945309417e-01 / 16.0;
  for (int m = 0; m < M; ++m)
    for (int q = 0; q < P8<W>::N; ++q) x[m].v[q] = x[m].v[q] * kR;
  exp_many<W, M>(x);
}

}  // namespace simd
}  // namespace ik

#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif
