// knn_cpu.cpp -- the cpu k-NN entries of infokernels.h: k-th neighbour distances
// (Kozachenko-Leonenko, Wang-Kulkarni-Verdu), KSG counts (Kraskov et al. 2004, algorithms 1
// and 2) and Frenzel-Pompe CMI counts.
//
// Exact: a k-d tree (kdtree.hpp) finds the k nearest neighbours, with ties ordered by
// (distance, index); max-norm range counts add whole subtrees whose box lies inside the ball,
// one-dimensional marginals are counted by binary search on a sorted copy and two-dimensional ones
// on a grid of ranks (rank_grid.hpp); CMI's three counts come from one search of the conditioning
// space while its balls hold few points (conditional_counts). Typical cost
// O(n log n) for low d (it degrades towards O(n^2 d) in high dimension, as any exact method);
// memory O(n d). Query points are split into blocks that threads take in turn; every result
// depends on its own query only, so nothing depends on the thread count.
// Tested against naive double loops by native/test/test_knn_cpu.cpp.
#include <algorithm>
#include <atomic>
#include <cmath>
#include <exception>
#include <limits>
#include <memory>
#include <mutex>
#include <string>
#include <system_error>
#include <thread>
#include <vector>

#include "../core/status.hpp"
#include "kdtree.hpp"
#include "rank_grid.hpp"

namespace {

using ik::knn::KBest;
using ik::knn::KdTree;
using ik::knn::RankGrid;
using ik::knn::SortedLine;

// Leaf size by dimension, from measurements. Low d (10^6 correlated Gaussian points, 2+2-D KSG):
// 16 for both searches (8 is about 20% slower, 24 and 32 no faster). High d: boxes prune little, so
// larger leaves save box tests; with 128 the tree matches brute force on i.i.d. Gaussian data at
// d = 20 (n = 2*10^4) and is 5x faster when the data have intrinsic dimension 8, 40x at 3 --
// which is why there is no separate brute-force path.
int leaf_size(int d) { return d <= 4 ? 16 : d <= 8 ? 32 : 128; }

// Leaf size of the trees that only count (the marginal spaces of KSG and CMI): a range count adds
// whole subtrees inside the ball and scans the leaves its boundary cuts, and larger leaves make that
// boundary cheaper. Measured (2026-12-06, 10^5 TE-like points, build + count of one space, one
// thread): 2-D 92 ms at 16, 76 at 48, 73 at 64; 3-D 157 / 125 / 120; 4-D 274 / 226 / 216; the 2-D
// marginals of a 2+2-D KSG at 2*10^5: 316 ms at 16, 235 at 32, 238 at 64. Counts do not depend on it.
int count_leaf_size(int d) { return d <= 4 ? 48 : d <= 8 ? 64 : 128; }

// ik_last_path of every entry here: there is no other path
constexpr const char* kPath = "knn_cpu:kdtree";

// queries per block: large enough to amortise the scheduling, small enough to balance 2..64 threads
constexpr int64_t kBlock = 512;

// Runs f(begin, end) over [0, n) in blocks of kBlock taken by `threads` workers in turn. The first
// exception of any worker stops the others and is rethrown here. The calling thread's cancel token
// is polled before every block (ik::Cancelled then, like any exception).
template <class F>
void parallel_blocks(int64_t n, int threads, F&& f) {
  const ik::CancelToken cancel = ik::current_cancel();
  const int64_t blocks = (n + kBlock - 1) / kBlock;
  const int workers = static_cast<int>(std::min<int64_t>(threads, blocks));
  if (workers <= 1) {
    for (int64_t b = 0; b < blocks; ++b) {
      cancel.check();
      f(b * kBlock, std::min(n, (b + 1) * kBlock));
    }
    return;
  }
  std::atomic<int64_t> next{0};
  std::exception_ptr error;
  std::mutex error_mutex;
  auto work = [&] {
    try {
      for (int64_t b = next.fetch_add(1); b < blocks; b = next.fetch_add(1)) {
        cancel.check();
        f(b * kBlock, std::min(n, (b + 1) * kBlock));
      }
    } catch (...) {
      std::lock_guard<std::mutex> lock(error_mutex);
      if (!error) error = std::current_exception();
      next.store(blocks);
    }
  };
  std::vector<std::thread> pool;
  pool.reserve(static_cast<size_t>(workers - 1));
  for (int w = 1; w < workers; ++w) {
    // a thread that cannot be created is not an error: the workers that exist take its blocks
    try {
      pool.emplace_back(work);
    } catch (const std::system_error&) {
      break;
    }
  }
  work();
  for (std::thread& t : pool) t.join();
  if (error) std::rethrow_exception(error);
}

double max_dist(const double* a, const double* b, int d) {
  double s = 0;
  for (int c = 0; c < d; ++c) s = std::max(s, std::fabs(a[c] - b[c]));
  return s;
}

// Max-norm neighbour counts in one marginal space made of one or more column blocks (x; or x
// and z for CMI): a sorted line when it is one-dimensional, a rank grid (rank_grid.hpp) when it is
// two-dimensional, a k-d tree otherwise.
class Marginal {
 public:
  // order: a checked sorting order of a one-dimensional space (no sort then), or nullptr
  Marginal(std::vector<KdTree::Block> blocks, int64_t n, int threads, const int32_t* order = nullptr)
      : blocks_(std::move(blocks)) {
    for (const KdTree::Block& b : blocks_) d_ += b.d;
    if (d_ == 1) {
      line_ = order ? std::make_unique<SortedLine>(blocks_[0].data, order, n)
                    : std::make_unique<SortedLine>(blocks_[0].data, n);
    } else if (d_ == 2 && n <= RankGrid::kMaxRows) {
      // the two columns: one block of two, or two blocks of one
      const bool one = blocks_[0].d == 2;
      const double* const v[2] = {blocks_[0].data, one ? blocks_[0].data + 1 : blocks_[1].data};
      const int64_t stride[2] = {one ? 2 : 1, one ? 2 : 1};
      grid_ = std::make_unique<RankGrid>(v, stride, n, threads);
    } else {
      tree_ = std::make_unique<KdTree>(blocks_, n, count_leaf_size(d_), threads);
      strict_ = tree_->count_fn(true);
      loose_ = tree_->count_fn(false);
    }
  }

  // out[i] = #{j != i : |v_i - v_j|_max < r[i]} (strict) or <= r[i] for every row i. The queries
  // run in this space's own order (sorted, or tree order): consecutive queries visit the same
  // nodes and read the coordinates sequentially.
  void count_all(const double* r, bool strict, int threads, int64_t* out) const {
    if (grid_) {
      parallel_blocks(grid_->size(), threads, [&](int64_t begin, int64_t end) {
        // the block's radii gathered first (independent loads), then its queries in grid order
        double rb[kBlock];
        for (int64_t p = begin; p < end; ++p) rb[p - begin] = r[grid_->index(p)];
        for (int64_t p = begin; p < end; ++p) {
          const double rp = rb[p - begin];
          const int64_t all = strict ? grid_->count_at<true>(p, rp) : grid_->count_at<false>(p, rp);
          out[grid_->index(p)] = all - (self_inside(rp, strict) ? 1 : 0);
        }
      });
      return;
    }
    const int64_t n = line_ ? line_->size() : tree_->size();
    parallel_blocks(n, threads, [&](int64_t begin, int64_t end) {
      for (int64_t p = begin; p < end; ++p) {
        const int64_t i = line_ ? line_->index(p) : tree_->index(p);
        out[i] = count_others(line_ ? line_->value(p) : tree_->point(p), r[i], strict);
      }
    });
  }

  // #{j != i : |v_i - v_j|_max < r} (strict) or <= r, where q holds v_i
  int64_t count_others(const double* q, double r, bool strict) const {
    int64_t all;
    if (line_) {
      all = strict ? line_->count_within<true>(q[0], r) : line_->count_within<false>(q[0], r);
    } else {
      all = (tree_.get()->*(strict ? strict_ : loose_))(q, r);
    }
    return all - (self_inside(r, strict) ? 1 : 0);
  }

  // point i itself, at distance 0, is in the ball unless it is the empty strict ball r = 0
  static bool self_inside(double r, bool strict) { return strict ? 0.0 < r : 0.0 <= r; }

 private:
  std::vector<KdTree::Block> blocks_;
  int d_ = 0;
  std::unique_ptr<SortedLine> line_;
  std::unique_ptr<RankGrid> grid_;
  std::unique_ptr<KdTree> tree_;
  KdTree::CountFn strict_ = nullptr;
  KdTree::CountFn loose_ = nullptr;
};

std::string str(int64_t v) { return std::to_string(v); }

void require_not_null(const void* p, const char* name) {
  IK_REQUIRE(p != nullptr, std::string(name) + " is NULL");
}

void require_dim(int32_t d, const char* name) {
  IK_REQUIRE(d >= 1, std::string(name) + " = " + str(d) + " must be at least 1");
}

// n * d doubles must be addressable (bytes, as size_t and int64_t)
void require_size(int64_t n, int64_t d, const char* name) {
  IK_REQUIRE(n <= std::numeric_limits<int64_t>::max() / 8 / std::max<int64_t>(d, 1),
             std::string(name) + " is too large: " + str(n) + " x " + str(d));
}

// the usual k < n for a point that is its own query (k neighbours among the other n - 1)
void require_k(int32_t k, int64_t n) {
  IK_REQUIRE(k >= 1, "k = " + str(k) + " must be at least 1");
  IK_REQUIRE(n >= 0, "n = " + str(n) + " must not be negative");
  IK_REQUIRE(k < n, "k = " + str(k) + " must be smaller than n = " + str(n));
}

// order (n entries, or nullptr) must be a permutation of [0, n) along which v never decreases:
// a wrong order would give wrong counts without any other sign, so it is checked in O(n)
void require_order(const int32_t* order, const double* v, int64_t n, const char* name) {
  if (order == nullptr) return;
  IK_REQUIRE(n <= std::numeric_limits<int32_t>::max(),
             std::string(name) + " given, but n = " + str(n) + " does not fit 32-bit row indices");
  std::vector<char> seen(static_cast<size_t>(n), 0);
  for (int64_t p = 0; p < n; ++p) {
    const int32_t i = order[p];
    IK_REQUIRE(i >= 0 && i < n, std::string(name) + "[" + str(p) + "] = " + str(i) + " is not a row in [0, " +
                                    str(n) + ")");
    IK_REQUIRE(!seen[static_cast<size_t>(i)], std::string(name) + " lists row " + str(i) + " twice");
    seen[static_cast<size_t>(i)] = 1;
    IK_REQUIRE(p == 0 || v[order[p - 1]] <= v[i], std::string(name) + " does not sort the values: row " + str(i) +
                                                     " at position " + str(p) + " is smaller than the row before it");
  }
}

// the body of ik_ksg_counts_cpu and ik_ksg_counts_sorted_cpu (orders nullptr: sort here)
void ksg_counts(const double* x, int32_t dx, const double* y, int32_t dy, int64_t n, int32_t k,
                int32_t algorithm, const int32_t* order_x, const int32_t* order_y, int32_t threads,
                double* out_eps, int64_t* out_nx, int64_t* out_ny) {
  require_not_null(x, "x");
  require_not_null(y, "y");
  require_not_null(out_nx, "out_nx");
  require_not_null(out_ny, "out_ny");
  require_dim(dx, "dx");
  require_dim(dy, "dy");
  IK_REQUIRE(algorithm == 1 || algorithm == 2, "algorithm = " + str(algorithm) + " must be 1 or 2");
  require_k(k, n);
  require_size(n, int64_t{dx} + dy, "(x, y)");
  ik::require_finite(x, n * dx, "x");
  ik::require_finite(y, n * dy, "y");
  // a sorting order only means something for a one-dimensional space
  IK_REQUIRE(order_x == nullptr || dx == 1, "order_x given for dx = " + str(dx) + " (only dx = 1 has one)");
  IK_REQUIRE(order_y == nullptr || dy == 1, "order_y given for dy = " + str(dy) + " (only dy = 1 has one)");
  require_order(order_x, x, n, "order_x");
  require_order(order_y, y, n, "order_y");
  ik::set_last_path(kPath);
  const int nt = ik::resolve_threads(threads);
  // Three passes, each over one structure in its own order so that consecutive queries visit
  // the same nodes: joint k-NN radii, then x counts, then y counts (interleaving them per query
  // was 20-30% slower at n = 10^6). Each tree is freed before the next is built.
  const size_t un = static_cast<size_t>(n);
  std::vector<double> eps(un);
  std::vector<double> eps_x(algorithm == 2 ? un : 0);
  std::vector<double> eps_y(algorithm == 2 ? un : 0);
  {
    const KdTree joint({{x, dx}, {y, dy}}, n, leaf_size(dx + dy), nt);
    const KdTree::KnnFn knn = joint.knn_fn(true);
    parallel_blocks(n, nt, [&](int64_t begin, int64_t end) {
      KBest best(k);
      for (int64_t p = begin; p < end; ++p) {
        const int64_t i = joint.index(p);
        best.clear();
        (joint.*knn)(joint.point(p), i, best);
        eps[static_cast<size_t>(i)] = best.bound();
        if (algorithm == 2) {
          // alg. 2: each marginal's own radius is spanned by the k joint neighbours
          double ex = 0;
          double ey = 0;
          for (const ik::knn::Neighbour& nb : best.items()) {
            ex = std::max(ex, max_dist(x + i * dx, x + nb.index * dx, dx));
            ey = std::max(ey, max_dist(y + i * dy, y + nb.index * dy, dy));
          }
          eps_x[static_cast<size_t>(i)] = ex;
          eps_y[static_cast<size_t>(i)] = ey;
        }
      }
    });
  }
  if (out_eps) std::copy(eps.begin(), eps.end(), out_eps);
  // strict <: KSG alg. 1 counts points inside the open ball of radius eps(i)/2; alg. 2 the
  // closed ball of radius eps_x(i)/2
  const bool strict = algorithm == 1;
  Marginal({{x, dx}}, n, nt, order_x).count_all(strict ? eps.data() : eps_x.data(), strict, nt, out_nx);
  Marginal({{y, dy}}, n, nt, order_y).count_all(strict ? eps.data() : eps_y.data(), strict, nt, out_ny);
}

// The three strict counts of CMI in one search of the z-space: every point within r of z_i in z
// is in n_z, and it is in n_xz (n_yz) when also within r in x (y), since the max norm of (x, z) is
// the larger of the two. Subtrees inside the z-ball add their size to n_z and scan their points'
// x and y, stored in the tree's order, so they are read sequentially (vectorised compares). Its
// cost grows with n_z itself, the separate counts' only with the boundary of each ball, so a pilot
// of 256 queries estimates the mean n_z first and above kCombinedMaxMean the caller counts each
// space on its own. Measured (2026-12-06, TE-like embeddings, k = 4, 2 threads, the whole
// ik_cmi_counts_cpu): target history 3 at 10^5 0.365 -> 0.222 s, at 10^6 5.6 -> 3.2 s; history 1
// at 10^5 (mean n_z ~3 200) 0.144 -> 0.104 s (with the AVX-512 scans of kdtree.hpp) -> 0.095 s
// (z one-dimensional: runs of a sorted line instead of a tree), at 10^6 (~15 000) 2.45 s
// separately, 2.64 s combined (before those scans).
constexpr int64_t kCombinedMaxMean = 8192;

// x and y copied into the order of a z-structure (tree or sorted line)
template <class Order>
void side_rows(const double* v, int32_t d, int64_t n, const Order& order, std::vector<double>& out) {
  out.resize(static_cast<size_t>(n * d));
  for (int64_t p = 0; p < n; ++p) {
    const int64_t i = order.index(p);
    std::copy(v + i * d, v + (i + 1) * d, out.data() + p * d);
  }
}

// the pilot: whether the mean of count_at(p) over every (n / 256)-th position p exceeds kCombinedMaxMean
template <class CountAt>
bool pilot_exceeds(int64_t n, CountAt&& count_at) {
  const int64_t step = std::max<int64_t>(1, n / 256);
  int64_t total = 0, queries = 0;
  for (int64_t p = 0; p < n; p += step, ++queries) total += count_at(p);
  return total > kCombinedMaxMean * queries;
}

// dz = 1: the z-ball is a run of the sorted line, found by count_within's two binary searches
bool conditional_counts_line(const double* x, int32_t dx, const double* y, int32_t dy, const double* z, int64_t n,
                             const double* eps, int nt, int64_t* out_nxz, int64_t* out_nyz, int64_t* out_nz) {
  const SortedLine line(z, n);
  if (pilot_exceeds(n, [&](int64_t p) { return line.count_within<true>(*line.value(p), eps[line.index(p)]); }))
    return false;
  std::vector<double> xs, ys;
  side_rows(x, dx, n, line, xs);
  side_rows(y, dy, n, line, ys);
  const bool wide = KdTree::use_avx512();
  parallel_blocks(n, nt, [&](int64_t begin, int64_t end) {
    for (int64_t p = begin; p < end; ++p) {
      const int64_t i = line.index(p);
      const double r = eps[i];
      int64_t b, e;
      line.run_within<true>(*line.value(p), r, b, e);
      const KdTree::Side sx{xs.data() + p * dx, xs.data(), dx};
      const KdTree::Side sy{ys.data() + p * dy, ys.data(), dy};
      int64_t c[3] = {e - b, 0, 0};
      if (wide) {
        KdTree::scan_sides<true>(sx, sy, b, e, r, c);
      } else {
        KdTree::scan_sides<false>(sx, sy, b, e, r, c);
      }
      const int64_t self = Marginal::self_inside(r, true) ? 1 : 0;
      out_nz[i] = c[0] - self;
      out_nxz[i] = c[1] - self;
      out_nyz[i] = c[2] - self;
    }
  });
  return true;
}

bool conditional_counts(const double* x, int32_t dx, const double* y, int32_t dy, const double* z, int32_t dz,
                        int64_t n, const double* eps, int nt, int64_t* out_nxz, int64_t* out_nyz,
                        int64_t* out_nz) {
  if (dz == 1) return conditional_counts_line(x, dx, y, dy, z, n, eps, nt, out_nxz, out_nyz, out_nz);
  const KdTree tree({{z, dz}}, n, count_leaf_size(dz), nt);
  const KdTree::CountFn count = tree.count_fn(true);
  if (pilot_exceeds(n, [&](int64_t p) { return (tree.*count)(tree.point(p), eps[tree.index(p)]); })) return false;
  std::vector<double> xs, ys;
  side_rows(x, dx, n, tree, xs);
  side_rows(y, dy, n, tree, ys);
  const KdTree::Count3Fn count3 = tree.count3_fn();
  parallel_blocks(n, nt, [&](int64_t begin, int64_t end) {
    for (int64_t p = begin; p < end; ++p) {
      const int64_t i = tree.index(p);
      const double r = eps[i];
      const KdTree::Side sx{xs.data() + p * dx, xs.data(), dx};
      const KdTree::Side sy{ys.data() + p * dy, ys.data(), dy};
      int64_t c[3] = {0, 0, 0};
      (tree.*count3)(tree.point(p), sx, sy, r, c);
      const int64_t self = Marginal::self_inside(r, true) ? 1 : 0;
      out_nz[i] = c[0] - self;
      out_nxz[i] = c[1] - self;
      out_nyz[i] = c[2] - self;
    }
  });
  return true;
}

}  // namespace

extern "C" {

int32_t ik_knn_distance_cpu(const double* ref, int64_t n_ref, const double* query, int64_t n_query,
                            int32_t d, int32_t k, int32_t norm, int32_t same_set, int32_t threads,
                            double* out_dist) {
  IK_GUARD({
    require_not_null(ref, "ref");
    require_not_null(query, "query");
    require_not_null(out_dist, "out_dist");
    require_dim(d, "d");
    IK_REQUIRE(norm == IK_NORM_EUCLIDEAN || norm == IK_NORM_MAX,
               "norm = " + str(norm) + " is neither IK_NORM_EUCLIDEAN (0) nor IK_NORM_MAX (1)");
    IK_REQUIRE(same_set == 0 || same_set == 1, "same_set = " + str(same_set) + " must be 0 or 1");
    IK_REQUIRE(n_query >= 0, "n_query = " + str(n_query) + " must not be negative");
    require_size(n_ref, d, "ref");
    require_size(n_query, d, "query");
    ik::require_finite(ref, n_ref * d, "ref");
    if (query != ref) ik::require_finite(query, n_query * d, "query");
    if (same_set) {
      IK_REQUIRE(n_query == n_ref, "same_set = 1 needs n_query = n_ref, got n_query = " +
                                       str(n_query) + " and n_ref = " + str(n_ref));
      require_k(k, n_ref);
    } else {
      IK_REQUIRE(k >= 1, "k = " + str(k) + " must be at least 1");
      IK_REQUIRE(n_ref >= k, "k = " + str(k) + " must not exceed n_ref = " + str(n_ref));
    }
    if (n_query == 0) return IK_OK;  // nothing to compute: ik_last_path stays ""
    ik::set_last_path(kPath);
    const int nt = ik::resolve_threads(threads);
    const bool max_norm = norm == IK_NORM_MAX;
    const KdTree tree({{ref, d}}, n_ref, leaf_size(d), nt);
    const KdTree::KnnFn knn = tree.knn_fn(max_norm);
    // squared Euclidean sums are searched; sqrt is monotone, so the root of the k-th sum is
    // the k-th distance, exactly as sorting the roots would give
    auto radius = [max_norm](const KBest& best) { return max_norm ? best.bound() : std::sqrt(best.bound()); };
    if (same_set) {
      // queries in tree order: neighbouring queries visit the same nodes
      parallel_blocks(n_ref, nt, [&](int64_t begin, int64_t end) {
        KBest best(k);
        for (int64_t p = begin; p < end; ++p) {
          const int64_t i = tree.index(p);
          best.clear();
          (tree.*knn)(query == ref ? tree.point(p) : query + i * d, i, best);
          out_dist[i] = radius(best);
        }
      });
    } else {
      parallel_blocks(n_query, nt, [&](int64_t begin, int64_t end) {
        KBest best(k);
        for (int64_t i = begin; i < end; ++i) {
          best.clear();
          (tree.*knn)(query + i * d, -1, best);
          out_dist[i] = radius(best);
        }
      });
    }
  });
}

int32_t ik_ksg_counts_cpu(const double* x, int32_t dx, const double* y, int32_t dy, int64_t n,
                          int32_t k, int32_t algorithm, int32_t threads,
                          double* out_eps, int64_t* out_nx, int64_t* out_ny) {
  IK_GUARD(ksg_counts(x, dx, y, dy, n, k, algorithm, nullptr, nullptr, threads, out_eps, out_nx, out_ny));
}

int32_t ik_ksg_counts_sorted_cpu(const double* x, int32_t dx, const double* y, int32_t dy, int64_t n,
                                 int32_t k, int32_t algorithm, const int32_t* order_x, const int32_t* order_y,
                                 int32_t threads, double* out_eps, int64_t* out_nx, int64_t* out_ny) {
  IK_GUARD(ksg_counts(x, dx, y, dy, n, k, algorithm, order_x, order_y, threads, out_eps, out_nx, out_ny));
}

int32_t ik_cmi_counts_cpu(const double* x, int32_t dx, const double* y, int32_t dy,
                          const double* z, int32_t dz, int64_t n, int32_t k, int32_t threads,
                          double* out_eps, int64_t* out_nxz, int64_t* out_nyz, int64_t* out_nz) {
  IK_GUARD({
    require_not_null(x, "x");
    require_not_null(y, "y");
    require_not_null(z, "z");
    require_not_null(out_nxz, "out_nxz");
    require_not_null(out_nyz, "out_nyz");
    require_not_null(out_nz, "out_nz");
    require_dim(dx, "dx");
    require_dim(dy, "dy");
    require_dim(dz, "dz");
    require_k(k, n);
    require_size(n, int64_t{dx} + dy + dz, "(x, y, z)");
    ik::require_finite(x, n * dx, "x");
    ik::require_finite(y, n * dy, "y");
    ik::require_finite(z, n * dz, "z");
    ik::set_last_path(kPath);
    const int nt = ik::resolve_threads(threads);
    // as in ik_ksg_counts_cpu: the joint radii first, then each count space in its own order
    std::vector<double> eps(static_cast<size_t>(n));
    {
      const KdTree joint({{x, dx}, {y, dy}, {z, dz}}, n, leaf_size(dx + dy + dz), nt);
      const KdTree::KnnFn knn = joint.knn_fn(true);
      parallel_blocks(n, nt, [&](int64_t begin, int64_t end) {
        KBest best(k);
        for (int64_t p = begin; p < end; ++p) {
          const int64_t i = joint.index(p);
          best.clear();
          (joint.*knn)(joint.point(p), i, best);
          eps[static_cast<size_t>(i)] = best.bound();
        }
      });
    }
    if (out_eps) std::copy(eps.begin(), eps.end(), out_eps);
    // all strict: Frenzel-Pompe eq. 2 is KSG alg. 1 in each space
    if (!conditional_counts(x, dx, y, dy, z, dz, n, eps.data(), nt, out_nxz, out_nyz, out_nz)) {
      Marginal({{x, dx}, {z, dz}}, n, nt).count_all(eps.data(), true, nt, out_nxz);
      Marginal({{y, dy}, {z, dz}}, n, nt).count_all(eps.data(), true, nt, out_nyz);
      Marginal({{z, dz}}, n, nt).count_all(eps.data(), true, nt, out_nz);
    }
  });
}

}  // extern "C"
