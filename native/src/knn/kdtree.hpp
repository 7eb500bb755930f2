// kdtree.hpp -- the exact search structures behind the cpu k-NN entries (knn_cpu.cpp):
// a k-d tree answering k-nearest-neighbour queries (max or Euclidean norm), max-norm range
// counts and CMI's three counts in one search (count3), and a sorted line for range counts in one
// dimension.
//
// Exactness. Every pruning test compares a floating-point bound that lies on the correct side of
// the per-point computation |q_c - p_c| (IEEE subtraction, fabs, squaring, addition and max are
// all monotone, and fl(a - b) = -fl(b - a)), and Euclidean sums are accumulated in coordinate
// order in boxes and points alike. A node is skipped only if no point in it can qualify and is
// counted whole only if every point in it qualifies, so results equal a naive double loop bit for
// bit. Ties in the neighbour order are broken by the original row index (KBest).
//
// Memory: the points in tree order (n d doubles), their original indices (n) and about
// 2 n / leaf_size nodes with a tight bounding box each (2 d doubles): O(n d), nothing n x n.
// Tested against naive loops by native/test/test_knn_cpu.cpp.
//
// Instruction sets. The query traversals (knn_node, count_node and the box bounds they inline)
// are compiled twice, for SSE2 and for AVX2 (target attribute "avx2" only: no FMA, so a Euclidean
// sum s + t * t rounds exactly as in the SSE2 build and in the Java twin), and knn_fn / count_fn
// pick the AVX2 copy when cpuid reports it (engine/isa_cpu.hpp; IK_CPU_ISA=generic caps it, which
// is how ctest runs the SSE2 copy too). Measured 2026-12-06, 2 * 10^5 2+2-D KSG counts, one
// thread: 855-878 ms SSE2, 660-685 ms AVX2 (same counts); -march=x86-64-v4 was no faster. count3
// also has a copy whose whole-subtree scans of one-column sides use AVX-512 (scan2_avx512).
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <numeric>
#include <system_error>
#include <thread>
#include <type_traits>
#include <utility>
#include <vector>

#include "../engine/isa_cpu.hpp"
#if defined(IK_HAVE_ISA_CLONES)
#include <immintrin.h>
#endif

#if defined(IK_HAVE_ISA_CLONES)
#define IK_TARGET_KNN_AVX2 __attribute__((target("avx2")))
#else
#define IK_TARGET_KNN_AVX2
#endif

namespace ik {
namespace knn {

// A candidate neighbour. Candidates are ordered by (dist, index) lexicographically, the rule the
// java and cuda backends share, so "the k neighbours" of KSG algorithm 2 are one well-defined set.
struct Neighbour {
  double dist;
  int64_t index;
};

inline bool precedes(const Neighbour& a, const Neighbour& b) {
  return a.dist < b.dist || (a.dist == b.dist && a.index < b.index);
}

// The k smallest candidates offered so far. Small k (the usual 3..20) keeps a sorted array,
// which beats a heap at that size; large k (tests use k = n - 1) a binary max-heap.
class KBest {
 public:
  explicit KBest(int k) : k_(k), heap_(k > kSortedMax) { items_.reserve(static_cast<size_t>(k)); }

  void clear() {
    items_.clear();
    bound_ = std::numeric_limits<double>::infinity();
  }
  // distance of the k-th candidate; +inf while fewer than k have been offered
  double bound() const { return bound_; }
  // the kept candidates (sorted only for small k)
  const std::vector<Neighbour>& items() const { return items_; }

  void offer(double dist, int64_t index) {
    const Neighbour c{dist, index};
    const bool full = static_cast<int>(items_.size()) == k_;
    if (heap_) {
      if (full) {
        if (!precedes(c, items_.front())) return;
        std::pop_heap(items_.begin(), items_.end(), precedes);
        items_.back() = c;
      } else {
        items_.push_back(c);
      }
      std::push_heap(items_.begin(), items_.end(), precedes);
      if (static_cast<int>(items_.size()) == k_) bound_ = items_.front().dist;
      return;
    }
    size_t p = items_.size();
    if (full) {
      if (!precedes(c, items_.back())) return;
      --p;
    } else {
      items_.push_back(c);
    }
    while (p > 0 && precedes(c, items_[p - 1])) {
      items_[p] = items_[p - 1];
      --p;
    }
    items_[p] = c;
    if (static_cast<int>(items_.size()) == k_) bound_ = items_.back().dist;
  }

 private:
  static constexpr int kSortedMax = 32;
  int k_;
  bool heap_;
  double bound_ = std::numeric_limits<double>::infinity();
  std::vector<Neighbour> items_;
};

// Calls f(std::integral_constant<int, D>()) with D = d for 1 <= d <= 8, so that the coordinate
// loops of the common low dimensions are unrolled, and D = 0 (run-time d) above.
template <class F>
auto with_dim(int d, F&& f) {
  switch (d) {
    case 1: return f(std::integral_constant<int, 1>());
    case 2: return f(std::integral_constant<int, 2>());
    case 3: return f(std::integral_constant<int, 3>());
    case 4: return f(std::integral_constant<int, 4>());
    case 5: return f(std::integral_constant<int, 5>());
    case 6: return f(std::integral_constant<int, 6>());
    case 7: return f(std::integral_constant<int, 7>());
    case 8: return f(std::integral_constant<int, 8>());
    default: return f(std::integral_constant<int, 0>());
  }
}

#if defined(IK_HAVE_ISA_CLONES)
// count3's scan of a whole subtree for one-column sides, 8 rows at a time: the same |a - v| < r as
// the scalar loop (subtraction, sign cleared, ordered compare), counted by popcount of the masks
IK_TARGET_AVX512 inline void scan2_avx512(const double* xs, const double* ys, int64_t b, int64_t e, double ax,
                                          double ay, double r, int64_t& cx, int64_t& cy) {
  const __m512d vax = _mm512_set1_pd(ax), vay = _mm512_set1_pd(ay), vr = _mm512_set1_pd(r);
  const __m512d abs = _mm512_castsi512_pd(_mm512_set1_epi64(0x7fffffffffffffffLL));
  int64_t t = b, kx = 0, ky = 0;
  for (; t + 8 <= e; t += 8) {
    const __m512d dx = _mm512_and_pd(_mm512_sub_pd(vax, _mm512_loadu_pd(xs + t)), abs);
    const __m512d dy = _mm512_and_pd(_mm512_sub_pd(vay, _mm512_loadu_pd(ys + t)), abs);
    kx += __builtin_popcount(_mm512_cmp_pd_mask(dx, vr, _CMP_LT_OQ));
    ky += __builtin_popcount(_mm512_cmp_pd_mask(dy, vr, _CMP_LT_OQ));
  }
  for (; t < e; ++t) {
    kx += std::fabs(ax - xs[t]) < r;
    ky += std::fabs(ay - ys[t]) < r;
  }
  cx += kx;
  cy += ky;
}
#endif

class KdTree {
 public:
  // columns [0, d) of a row-major n x d array; a tree over several blocks sees their rows
  // concatenated (the joint space (x, y) of KSG without a separate copy)
  struct Block {
    const double* data;
    int d;
  };

  using KnnFn = void (KdTree::*)(const double*, int64_t, KBest&) const;
  using CountFn = int64_t (KdTree::*)(const double*, double) const;

  // Builds the tree with median splits along the widest side of each node's box. The shape
  // depends only on n and leaf_size, so results never depend on `threads` (used for the top
  // levels of the build).
  KdTree(const std::vector<Block>& blocks, int64_t n, int leaf_size, int threads)
      : n_(n), d_(0), leaf_(std::max(1, leaf_size)) {
    for (const Block& b : blocks) d_ += b.d;
    const size_t nd = static_cast<size_t>(n) * static_cast<size_t>(d_);
    pts_.resize(nd);
    idx_.resize(static_cast<size_t>(n));
    for (int64_t i = 0; i < n; ++i) {
      double* row = pts_.data() + i * d_;
      for (const Block& b : blocks) {
        std::memcpy(row, b.data + i * b.d, sizeof(double) * static_cast<size_t>(b.d));
        row += b.d;
      }
    }
    std::iota(idx_.begin(), idx_.end(), int64_t{0});
    if (n == 0) return;
    layout(0, n);
    boxes_.resize(nodes_.size() * 2 * static_cast<size_t>(d_));
    Scratch s;
    s.pts.resize(nd);
    s.idx.resize(static_cast<size_t>(n));
    s.keys.resize(static_cast<size_t>(n));
    int spawn_depth = 0;
    while ((1 << spawn_depth) < threads && spawn_depth < 8) ++spawn_depth;
    build(0, 0, spawn_depth, s);
  }

  int dim() const { return d_; }
  int64_t size() const { return n_; }
  // coordinates and original row index of the point at tree position pos
  const double* point(int64_t pos) const { return pts_.data() + pos * d_; }
  int64_t index(int64_t pos) const { return idx_[static_cast<size_t>(pos)]; }

  // The k nearest points to q in (distance, index) order, skipping original index `exclude`
  // (-1: none). kMax: max norm; otherwise the kept "distances" are squared Euclidean sums, and
  // since sqrt is monotone the caller takes the root of the k-th one only.
  // (kAvx2: the AVX2 copy; only where the CPU has AVX2, which knn_fn checks)
  template <int D, bool kMax, bool kAvx2 = false>
  void knn(const double* q, int64_t exclude, KBest& best) const {
    if (n_ > 0) knn_node<D, kMax, kAvx2>(0, q, exclude, best);
  }

  // #{points p : |q - p|_max < r} (kStrict) or <= r (not kStrict); a point at q counts too.
  template <int D, bool kStrict, bool kAvx2 = false>
  int64_t count_within(const double* q, double r) const {
    // the root as any child: none, all (its n points), or searched
    return n_ == 0 ? 0 : count_child<D, kStrict, kAvx2>(0, q, r);
  }

  // The strict counts of CMI in one search (knn_cpu.cpp conditional_counts): c[0] = #{p : |q -
  // p|_max < r} in this tree's space, c[1] (c[2]) = how many of them are also within r of qx (qy)
  // in a second space X (Y) given in the tree's order: xs is n x dx, ys n x dy, row pos the point
  // at tree position pos. The point at q itself counts when 0 < r. A subtree inside the ball adds
  // its size to c[0] and scans its rows of xs and ys (sequential reads); the inside tests are
  // count_within's.
  struct Side {
    const double* q;     // the query's row in the second space
    const double* rows;  // n x d, tree order
    int d;
  };
  using Count3Fn = void (KdTree::*)(const double*, const Side&, const Side&, double, int64_t*) const;
  // c[1] += rows t in [b, e) of x within r of x.q, c[2] likewise for y (kWide: scan2_avx512 for
  // one-column sides); the scan of count3's whole subtrees, and of a sorted run (knn_cpu.cpp)
  template <bool kWide>
  IK_INLINE static void scan_sides(const Side& x, const Side& y, int64_t b, int64_t e, double r, int64_t* c) {
#if defined(IK_HAVE_ISA_CLONES)
    if (kWide && x.d == 1 && y.d == 1) {
      scan2_avx512(x.rows, y.rows, b, e, x.q[0], y.q[0], r, c[1], c[2]);
      return;
    }
#endif
    c[1] += side_count(x, b, e, r);
    c[2] += side_count(y, b, e, r);
  }

  // (kWide: whole subtrees of one-column sides scanned by scan2_avx512; only with AVX-512)
  template <int D, bool kAvx2 = false, bool kWide = false>
  void count3(const double* q, const Side& x, const Side& y, double r, int64_t* c) const {
    if (n_ > 0) count3_child<D, kAvx2, kWide>(0, q, x, y, r, c);
  }
  Count3Fn count3_fn() const {
    const bool avx2 = use_avx2();
    const bool wide = use_avx512();
    return with_dim(d_, [avx2, wide](auto dc) -> Count3Fn {
      constexpr int D = decltype(dc)::value;
      if (wide) return &KdTree::count3<D, true, true>;
      return avx2 ? &KdTree::count3<D, true> : &KdTree::count3<D, false>;
    });
  }

  KnnFn knn_fn(bool max_norm) const {
    const bool avx2 = use_avx2();
    return with_dim(d_, [max_norm, avx2](auto dc) -> KnnFn {
      constexpr int D = decltype(dc)::value;
      if (avx2) return max_norm ? &KdTree::knn<D, true, true> : &KdTree::knn<D, false, true>;
      return max_norm ? &KdTree::knn<D, true> : &KdTree::knn<D, false>;
    });
  }
  CountFn count_fn(bool strict) const {
    const bool avx2 = use_avx2();
    return with_dim(d_, [strict, avx2](auto dc) -> CountFn {
      constexpr int D = decltype(dc)::value;
      if (avx2) return strict ? &KdTree::count_within<D, true, true> : &KdTree::count_within<D, false, true>;
      return strict ? &KdTree::count_within<D, true> : &KdTree::count_within<D, false>;
    });
  }

  // whether knn_fn and count_fn hand out the AVX2 copies (cpuid, capped by IK_CPU_ISA)
  static bool use_avx2() {
#if defined(IK_HAVE_ISA_CLONES)
    return engine::detect_isa() >= engine::Isa::kAvx2;
#else
    return false;
#endif
  }
  // whether count3_fn hands out the copy with AVX-512 scans
  static bool use_avx512() {
#if defined(IK_HAVE_ISA_CLONES)
    return engine::detect_isa() >= engine::Isa::kAvx512;
#else
    return false;
#endif
  }

 private:
  // preorder layout: the left child of node v is v + 1; right < 0 marks a leaf
  struct Node {
    int64_t begin, end, right;
  };
  struct Scratch {
    std::vector<double> pts;
    std::vector<int64_t> idx;
    std::vector<std::pair<double, int64_t>> keys;
  };

  int64_t layout(int64_t begin, int64_t end) {
    const int64_t id = static_cast<int64_t>(nodes_.size());
    nodes_.push_back({begin, end, -1});
    if (end - begin > leaf_) {
      const int64_t mid = begin + (end - begin) / 2;
      layout(begin, mid);
      const int64_t right = layout(mid, end);
      nodes_[static_cast<size_t>(id)].right = right;
    }
    return id;
  }

  // Fills the box of `node` and reorders its rows so that the left half holds the smaller
  // coordinates along the widest side. Children own disjoint row ranges, so the top levels run
  // on separate threads without locks; nothing here allocates, and a thread that cannot be
  // started leaves its work to the caller.
  void build(int64_t node, int depth, int spawn_depth, Scratch& s) {
    const Node nd = nodes_[static_cast<size_t>(node)];
    const int d = d_;
    double* lo = boxes_.data() + node * 2 * d;
    double* hi = lo + d;
    std::copy(point(nd.begin), point(nd.begin) + d, lo);
    std::copy(point(nd.begin), point(nd.begin) + d, hi);
    for (int64_t p = nd.begin + 1; p < nd.end; ++p) {
      const double* x = point(p);
      for (int c = 0; c < d; ++c) {
        lo[c] = std::min(lo[c], x[c]);
        hi[c] = std::max(hi[c], x[c]);
      }
    }
    if (nd.right < 0) return;
    int split = 0;
    for (int c = 1; c < d; ++c)
      if (hi[c] - lo[c] > hi[split] - lo[split]) split = c;
    const int64_t m = nd.end - nd.begin;
    auto* keys = s.keys.data() + nd.begin;
    for (int64_t j = 0; j < m; ++j) keys[j] = {pts_[static_cast<size_t>((nd.begin + j) * d + split)], j};
    std::nth_element(keys, keys + m / 2, keys + m);
    double* tmp = s.pts.data() + nd.begin * d;
    int64_t* tmp_idx = s.idx.data() + nd.begin;
    for (int64_t j = 0; j < m; ++j) {
      const int64_t src = nd.begin + keys[j].second;
      std::copy(point(src), point(src) + d, tmp + j * d);
      tmp_idx[j] = idx_[static_cast<size_t>(src)];
    }
    std::copy(tmp, tmp + m * d, pts_.data() + nd.begin * d);
    std::copy(tmp_idx, tmp_idx + m, idx_.data() + nd.begin);
    std::thread left;
    if (depth < spawn_depth) {
      try {
        left = std::thread([this, node, depth, spawn_depth, &s] { build(node + 1, depth + 1, spawn_depth, s); });
      } catch (const std::system_error&) {
        // no thread to spare: build the left child here
      }
    }
    if (!left.joinable()) build(node + 1, depth + 1, spawn_depth, s);
    build(nd.right, depth + 1, spawn_depth, s);
    if (left.joinable()) left.join();
  }

  // Lower bound of the distance from q to any point of the node's box: the max (or the
  // coordinate-order sum of squares) of the per-coordinate gaps.
  template <int D, bool kMax>
  IK_INLINE double box_lower(int64_t node, const double* q) const {
    const int d = D > 0 ? D : d_;
    const double* lo = boxes_.data() + node * 2 * d;
    const double* hi = lo + d;
    double s = 0;
    for (int c = 0; c < d; ++c) {
      // branch-free: at most one of the two differences is positive
      const double g = std::max(0.0, std::max(lo[c] - q[c], q[c] - hi[c]));
      s = kMax ? std::max(s, g) : s + g * g;
    }
    return s;
  }

  // Smallest and largest possible max-norm distance from q to a point of the node's box.
  template <int D>
  IK_INLINE void box_range(int64_t node, const double* q, double& near, double& far) const {
    const int d = D > 0 ? D : d_;
    const double* lo = boxes_.data() + node * 2 * d;
    const double* hi = lo + d;
    near = 0;
    far = 0;
    for (int c = 0; c < d; ++c) {
      const double g = std::max(0.0, std::max(lo[c] - q[c], q[c] - hi[c]));
      near = std::max(near, g);
      far = std::max(far, std::max(std::fabs(hi[c] - q[c]), std::fabs(q[c] - lo[c])));
    }
  }

  // The recursive traversals: one body, always inlined into an SSE2 and an AVX2 copy, each of
  // which recurses into itself.
  template <int D, bool kMax, bool kAvx2>
  void knn_node(int64_t node, const double* q, int64_t exclude, KBest& best) const {
    if constexpr (kAvx2) {
      knn_node_avx2<D, kMax>(node, q, exclude, best);
    } else {
      knn_node_body<D, kMax, false>(node, q, exclude, best);
    }
  }
  template <int D, bool kMax>
  IK_TARGET_KNN_AVX2 void knn_node_avx2(int64_t node, const double* q, int64_t exclude, KBest& best) const {
    knn_node_body<D, kMax, true>(node, q, exclude, best);
  }
  template <int D, bool kStrict, bool kAvx2>
  int64_t count_node(int64_t node, const double* q, double r) const {
    if constexpr (kAvx2) {
      return count_node_avx2<D, kStrict>(node, q, r);
    } else {
      return count_node_body<D, kStrict, false>(node, q, r);
    }
  }
  template <int D, bool kStrict>
  IK_TARGET_KNN_AVX2 int64_t count_node_avx2(int64_t node, const double* q, double r) const {
    return count_node_body<D, kStrict, true>(node, q, r);
  }

  // Four doubles as one GCC vector: compiled with the instructions of the function it is inlined
  // into (one ymm register in the AVX2 copy, two xmm in the SSE2 one), unlike intrinsics, which
  // cannot be inlined into these target-less templates. Passed by reference, never by value (a
  // vector-valued parameter or result in the SSE2 copy is what -Wpsabi warns about).
  typedef double V4 __attribute__((vector_size(32)));
  typedef int64_t V4i __attribute__((vector_size(32)));
  // out = |q - x| for four columns (kMaxInto: out = max(out, |q - x|))
  template <bool kMaxInto>
  IK_INLINE static void abs_diff4(V4& out, const double* q, const double* x) {
    V4 a, b;
    std::memcpy(&a, q, sizeof a);
    std::memcpy(&b, x, sizeof b);
    const V4 t = a - b;
    V4i bits;
    std::memcpy(&bits, &t, sizeof bits);
    bits &= std::numeric_limits<int64_t>::max();  // the sign bit cleared: fabs
    V4 r;
    std::memcpy(&r, &bits, sizeof r);
    if constexpr (kMaxInto) {
      out = out > r ? out : r;
    } else {
      out = r;
    }
  }
  IK_INLINE static double hmax4(const V4& a, const V4& b) {
    const V4 m = a > b ? a : b;
    return std::max(std::max(m[0], m[1]), std::max(m[2], m[3]));
  }

  // max over c < d (d >= 8) of |q_c - x_c|, given up after the first 8 columns if these already put
  // it beyond `bound` (> bound; >= bound when kAtBound): then that partial max, itself beyond
  // `bound`, is returned. Every |q_c - x_c| is the same IEEE difference and fabs as in the plain
  // loop, and a max of the same numbers in any order is the same number, so a point is in or out,
  // and its distance is, exactly as by the plain loop. For the leaves of d > 8, where the plain loop
  // was a chain of scalar maxima. Measured (KSG1 counts, n = 5 000, one thread, same counts): 10+10-D
  // 0.19 -> 0.13 s, 25+25 0.65 -> 0.39 s, 50+50 1.54 -> 0.66 s, 100+100 4.07 -> 1.06 s; checking
  // after every 8 columns (mispredicted branches) or never (no early exit) was slower.
  template <bool kAtBound>
  IK_INLINE static double max_dist_bounded(const double* q, const double* x, int d, double bound) {
    V4 ma, mb;
    abs_diff4<false>(ma, q, x);
    abs_diff4<false>(mb, q + 4, x + 4);
    const double first = hmax4(ma, mb);
    if (kAtBound ? first >= bound : first > bound) return first;
    int c = 8;
    for (; c + 8 <= d; c += 8) {
      abs_diff4<true>(ma, q + c, x + c);
      abs_diff4<true>(mb, q + c + 4, x + c + 4);
    }
    double s = hmax4(ma, mb);
    for (; c < d; ++c) s = std::max(s, std::fabs(q[c] - x[c]));
    return s;
  }

  // the points of one leaf offered to best / counted
  template <int D, bool kMax>
  IK_INLINE void knn_leaf(int64_t node, const double* q, int64_t exclude, KBest& best) const {
    const Node& nd = nodes_[static_cast<size_t>(node)];
    const int d = D > 0 ? D : d_;
    if constexpr (D == 0 && kMax) {
      for (int64_t p = nd.begin; p < nd.end; ++p) {
        const double s = max_dist_bounded<false>(q, point(p), d, best.bound());
        if (s <= best.bound() && idx_[static_cast<size_t>(p)] != exclude) best.offer(s, idx_[static_cast<size_t>(p)]);
      }
      return;
    }
    for (int64_t p = nd.begin; p < nd.end; ++p) {
      const double* x = point(p);
      double s = 0;
      for (int c = 0; c < d; ++c) {
        const double t = std::fabs(q[c] - x[c]);
        s = kMax ? std::max(s, t) : s + t * t;
      }
      // `<=`: an equal distance with a smaller index still enters (the tie rule)
      if (s <= best.bound() && idx_[static_cast<size_t>(p)] != exclude) best.offer(s, idx_[static_cast<size_t>(p)]);
    }
  }
  template <int D, bool kStrict>
  IK_INLINE int64_t count_leaf(int64_t node, const double* q, double r) const {
    const Node& nd = nodes_[static_cast<size_t>(node)];
    const int d = D > 0 ? D : d_;
    int64_t count = 0;
    for (int64_t p = nd.begin; p < nd.end; ++p) count += in_ball<D, kStrict>(q, point(p), d, r);
    return count;
  }
  // a child subtree's count: none, all, or searched
  template <int D, bool kStrict, bool kAvx2>
  IK_INLINE int64_t count_child(int64_t child, const double* q, double r) const {
    double lo, hi;
    box_range<D>(child, q, lo, hi);
    if (kStrict ? lo >= r : lo > r) return 0;
    if (kStrict ? hi < r : hi <= r) {
      const Node& cn = nodes_[static_cast<size_t>(child)];
      return cn.end - cn.begin;
    }
    if constexpr (kAvx2) {
      return count_node_avx2<D, kStrict>(child, q, r);
    } else {
      return count_node<D, kStrict, false>(child, q, r);
    }
  }

  // the recursion of a body stays in its own copy
  template <int D, bool kMax, bool kAvx2>
  IK_INLINE void knn_child(int64_t node, const double* q, int64_t exclude, KBest& best) const {
    if constexpr (kAvx2) {
      knn_node_avx2<D, kMax>(node, q, exclude, best);
    } else {
      knn_node<D, kMax, false>(node, q, exclude, best);
    }
  }

  template <int D, bool kMax, bool kAvx2>
  IK_INLINE void knn_node_body(int64_t node, const double* q, int64_t exclude, KBest& best) const {
    const Node& nd = nodes_[static_cast<size_t>(node)];
    if (nd.right < 0) {
      knn_leaf<D, kMax>(node, q, exclude, best);
      return;
    }
    int64_t near = node + 1, far = nd.right;
    double dn = box_lower<D, kMax>(near, q), df = box_lower<D, kMax>(far, q);
    if (df < dn) {
      std::swap(near, far);
      std::swap(dn, df);
    }
    if (dn <= best.bound()) knn_child<D, kMax, kAvx2>(near, q, exclude, best);
    if (df <= best.bound()) knn_child<D, kMax, kAvx2>(far, q, exclude, best);
  }

  template <int D, bool kStrict, bool kAvx2>
  IK_INLINE int64_t count_node_body(int64_t node, const double* q, double r) const {
    const Node& nd = nodes_[static_cast<size_t>(node)];
    if (nd.right < 0) return count_leaf<D, kStrict>(node, q, r);
    return count_child<D, kStrict, kAvx2>(node + 1, q, r) + count_child<D, kStrict, kAvx2>(nd.right, q, r);
  }

  // #{rows t in [b, e) : |q - rows_t|_max < r} of one side
  IK_INLINE static int64_t side_count(const Side& s, int64_t b, int64_t e, double r) {
    int64_t c = 0;
    if (s.d == 1) {
      const double a = s.q[0];
      for (int64_t t = b; t < e; ++t) c += std::fabs(a - s.rows[t]) < r;
      return c;
    }
    for (int64_t t = b; t < e; ++t) {
      const double* v = s.rows + t * s.d;
      bool in = true;
      for (int j = 0; j < s.d; ++j) in &= std::fabs(s.q[j] - v[j]) < r;
      c += in;
    }
    return c;
  }
  // |q - v|_max < r (kStrict) or <= r: the plain loop for the dimensions with their own copies
  // (branch-free), max_dist_bounded above 8
  template <int D, bool kStrict>
  IK_INLINE static bool in_ball(const double* q, const double* v, int d, double r) {
    if constexpr (D == 0) {
      const double s = max_dist_bounded<kStrict>(q, v, d, r);
      return kStrict ? s < r : s <= r;
    } else {
      bool in = true;
      for (int c = 0; c < d; ++c) {
        const double t = std::fabs(q[c] - v[c]);
        in &= kStrict ? t < r : t <= r;
      }
      return in;
    }
  }
  IK_INLINE static bool side_in(const Side& s, int64_t t, double r) {
    const double* v = s.rows + t * s.d;
    bool in = true;
    for (int j = 0; j < s.d; ++j) in &= std::fabs(s.q[j] - v[j]) < r;
    return in;
  }
  template <int D, bool kAvx2, bool kWide>
  void count3_node(int64_t node, const double* q, const Side& x, const Side& y, double r, int64_t* c) const {
    if constexpr (kAvx2) {
      count3_node_avx2<D, kWide>(node, q, x, y, r, c);
    } else {
      count3_body<D, false, false>(node, q, x, y, r, c);
    }
  }
  template <int D, bool kWide>
  IK_TARGET_KNN_AVX2 void count3_node_avx2(int64_t node, const double* q, const Side& x, const Side& y, double r,
                                           int64_t* c) const {
    count3_body<D, true, kWide>(node, q, x, y, r, c);
  }
  template <int D, bool kAvx2, bool kWide>
  IK_INLINE void count3_child(int64_t child, const double* q, const Side& x, const Side& y, double r,
                              int64_t* c) const {
    double lo, hi;
    box_range<D>(child, q, lo, hi);
    if (lo >= r) return;
    if (hi < r) {
      const Node& cn = nodes_[static_cast<size_t>(child)];
      c[0] += cn.end - cn.begin;
      scan_sides<kWide>(x, y, cn.begin, cn.end, r, c);
      return;
    }
    count3_node<D, kAvx2, kWide>(child, q, x, y, r, c);
  }
  template <int D, bool kAvx2, bool kWide>
  IK_INLINE void count3_body(int64_t node, const double* q, const Side& x, const Side& y, double r,
                             int64_t* c) const {
    const Node& nd = nodes_[static_cast<size_t>(node)];
    if (nd.right >= 0) {
      count3_child<D, kAvx2, kWide>(node + 1, q, x, y, r, c);
      count3_child<D, kAvx2, kWide>(nd.right, q, x, y, r, c);
      return;
    }
    // branch-free: which points are inside is unpredictable (above 8 dimensions of z, one early exit
    // after 8 columns: in_ball)
    const int d = D > 0 ? D : d_;
    int64_t c0 = 0, c1 = 0, c2 = 0;
    if (x.d == 1 && y.d == 1) {  // transfer entropy's source and next value
      const double ax = x.q[0], ay = y.q[0];
      for (int64_t p = nd.begin; p < nd.end; ++p) {
        const bool in = in_ball<D, true>(q, point(p), d, r);
        c0 += in;
        c1 += in & (std::fabs(ax - x.rows[p]) < r);
        c2 += in & (std::fabs(ay - y.rows[p]) < r);
      }
    } else {
      for (int64_t p = nd.begin; p < nd.end; ++p) {
        const bool in = in_ball<D, true>(q, point(p), d, r);
        c0 += in;
        c1 += in & side_in(x, p, r);
        c2 += in & side_in(y, p, r);
      }
    }
    c[0] += c0;
    c[1] += c1;
    c[2] += c2;
  }

  int64_t n_;
  int d_;
  int leaf_;
  std::vector<double> pts_;     // n x d, tree order
  std::vector<int64_t> idx_;    // original row of each tree position
  std::vector<Node> nodes_;
  std::vector<double> boxes_;   // per node: lo[0..d), hi[0..d)
};

// One-dimensional values, sorted: a max-norm ball is a contiguous run, found by two binary
// searches on the same |q - v| the naive loop computes (so no q + r rounding can move an end).
class SortedLine {
 public:
  SortedLine(const double* v, int64_t n) : v_(static_cast<size_t>(n)), idx_(static_cast<size_t>(n)) {
    std::vector<std::pair<double, int64_t>> pairs(static_cast<size_t>(n));
    for (int64_t i = 0; i < n; ++i) pairs[static_cast<size_t>(i)] = {v[i], i};
    std::sort(pairs.begin(), pairs.end());
    for (size_t p = 0; p < pairs.size(); ++p) {
      v_[p] = pairs[p].first;
      idx_[p] = pairs[p].second;
    }
  }

  // From a sorting order the caller already has (order[p] = row at sorted position p; the
  // ik_ksg_counts_sorted_cpu entry checks it): O(n), no sort. Any order with non-decreasing
  // values gives the same counts, since a ball is a contiguous run of values.
  SortedLine(const double* v, const int32_t* order, int64_t n)
      : v_(static_cast<size_t>(n)), idx_(static_cast<size_t>(n)) {
    for (int64_t p = 0; p < n; ++p) {
      idx_[static_cast<size_t>(p)] = order[p];
      v_[static_cast<size_t>(p)] = v[order[p]];
    }
  }

  int64_t size() const { return static_cast<int64_t>(v_.size()); }
  // value and original row index at sorted position pos
  const double* value(int64_t pos) const { return v_.data() + pos; }
  int64_t index(int64_t pos) const { return idx_[static_cast<size_t>(pos)]; }

  // #{values v : |q - v| < r} (kStrict) or <= r; a value equal to q counts too.
  template <bool kStrict>
  int64_t count_within(double q, double r) const {
    int64_t b, e;
    run_within<kStrict>(q, r, b, e);
    return e - b;
  }

  // the sorted positions [b, e) of those values (a contiguous run)
  template <bool kStrict>
  void run_within(double q, double r, int64_t& b, int64_t& e) const {
    auto within = [r](double t) { return kStrict ? t < r : t <= r; };
    b = e = 0;
    if (!within(0.0)) return;  // strict ball of radius 0 is empty
    // values left of q, too far: a prefix, since q - v shrinks as v grows
    const auto begin = std::partition_point(v_.begin(), v_.end(),
                                            [&](double v) { return v < q && !within(q - v); });
    // values up to q, or right of it and close enough: also a prefix
    const auto end = std::partition_point(begin, v_.end(),
                                          [&](double v) { return v <= q || within(v - q); });
    b = begin - v_.begin();
    e = end - v_.begin();
  }

 private:
  std::vector<double> v_;
  std::vector<int64_t> idx_;
};

}  // namespace knn
}  // namespace ik
