// rank_grid.hpp -- max-norm range counts in two dimensions by ranks: the count-only structure of
// the two-dimensional marginal spaces of KSG and Frenzel-Pompe CMI (knn_cpu.cpp), where a k-d tree
// scans every leaf the ball's boundary cuts (a few hundred to a few thousand points per query when
// the counts are large, as in KSG 2+2-D).
//
// Method. Each axis is sorted once; a point's rank on an axis is its position there. A max-norm
// ball |q - p|_max < r (or <= r) is, on each axis, a contiguous run of ranks [l, h): the values
// whose |q_c - p_c| -- the same IEEE subtraction the naive loop computes, which is monotone in
// p_c -- is within r (two searches of the sorted axis). The count is then the
// number of points whose (x rank, y rank) lies in [lx, hx) x [ly, hy): exactly the naive count.
// Ranks are cut into blocks of b; a two-dimensional prefix table over the block grid
// (cells(i, j) = #{points with x rank < i b and y rank < j b}) counts the whole blocks inside the
// rectangle in O(1), and the partial blocks on its edges are counted by scanning ranks: every x
// rank holds exactly one point, so an edge strip of the x axis has fewer than b points, whose y
// ranks are compared (and likewise for the y axis, restricted to the whole x blocks). A query
// costs four searches (bisections run side by side) and at most about 4 b rank comparisons, whatever the
// count: no pruning, no tree, no dependence on the data's distribution.
//
// Memory: the sorted values and each query's values in query order (4 n doubles), the rows, the
// other axis's ranks and the query order (5 n int32) and (n / b + 1)^2 int32 cells
// with b ~ sqrt(n / 2): about 2 n cells, O(n). Queries run in block-grid order (points of one cell
// together), so consecutive queries search and scan the same stretches of the arrays.
//
// Tested against naive loops and the k-d tree by native/test/test_knn_cpu.cpp; the Java twin is
// RankGrid.java (same ranks, same cells, same counts).
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <thread>
#include <utility>
#include <vector>

namespace ik {
namespace knn {

class RankGrid {
 public:
  // Rows that fit in int32 ranks; larger spaces stay on the k-d tree.
  static constexpr int64_t kMaxRows = std::numeric_limits<int32_t>::max();

  // Block size: b ~ sqrt(n / 2) (at least 16, a multiple of 16), so the cell table has about 2 n
  // entries and an edge strip fewer than b points.
  static int64_t block_size(int64_t n) {
    const int64_t b = static_cast<int64_t>(std::ceil(std::sqrt(static_cast<double>(n) / 2.0)));
    return std::max<int64_t>(16, (b + 15) / 16 * 16);
  }

  // Coordinate c of row i is at v[c] + i * stride[c] (c = 0, 1). threads: the two axes are
  // sorted side by side when threads > 1 (nothing depends on it).
  RankGrid(const double* const (&v)[2], const int64_t (&stride)[2], int64_t n, int threads)
      : n_(n), b_(block_size(n)), blocks_((n + b_ - 1) / b_) {
    std::vector<int32_t> rank[2];  // rank[c][row]: needed only here
    auto sort_axis = [&](int c) {
      std::vector<std::pair<double, int32_t>> pairs(static_cast<size_t>(n));
      for (int64_t i = 0; i < n; ++i) pairs[static_cast<size_t>(i)] = {v[c][i * stride[c]], static_cast<int32_t>(i)};
      std::sort(pairs.begin(), pairs.end());
      sorted_[c].resize(static_cast<size_t>(n));
      rank[c].resize(static_cast<size_t>(n));
      row_[c].resize(static_cast<size_t>(n));
      for (int64_t r = 0; r < n; ++r) {
        sorted_[c][static_cast<size_t>(r)] = pairs[static_cast<size_t>(r)].first;
        row_[c][static_cast<size_t>(r)] = pairs[static_cast<size_t>(r)].second;
        rank[c][static_cast<size_t>(pairs[static_cast<size_t>(r)].second)] = static_cast<int32_t>(r);
      }
    };
    std::thread second;
    if (threads > 1) {
      try {
        second = std::thread(sort_axis, 1);
      } catch (const std::system_error&) {
        // no thread to spare: sort it here
      }
    }
    sort_axis(0);
    if (second.joinable()) {
      second.join();
    } else {
      sort_axis(1);
    }
    for (int c = 0; c < 2; ++c)
      for (int64_t r = 0; r < n; r += kStride) coarse_[c].push_back(sorted_[c][static_cast<size_t>(r)]);
    // the other axis's rank of the point at each rank
    for (int c = 0; c < 2; ++c) {
      other_[c].resize(static_cast<size_t>(n));
      for (int64_t r = 0; r < n; ++r)
        other_[c][static_cast<size_t>(r)] = rank[1 - c][static_cast<size_t>(row_[c][static_cast<size_t>(r)])];
    }
    // cell counts, then prefix sums: cells_(i, j) = #{x rank < i b, y rank < j b}
    const int64_t w = blocks_ + 1;
    cells_.assign(static_cast<size_t>(w * w), 0);
    for (int64_t r = 0; r < n; ++r)
      ++cells_[static_cast<size_t>((r / b_ + 1) * w + other_[0][static_cast<size_t>(r)] / b_ + 1)];
    for (int64_t i = 1; i < w; ++i)
      for (int64_t j = 1; j < w; ++j)
        cells_[static_cast<size_t>(i * w + j)] += cells_[static_cast<size_t>((i - 1) * w + j)] +
                                                  cells_[static_cast<size_t>(i * w + j - 1)] -
                                                  cells_[static_cast<size_t>((i - 1) * w + j - 1)];
    // query order: by cell (x block, then y block), by x rank within a cell
    std::vector<int64_t> start(static_cast<size_t>(blocks_ * blocks_ + 1), 0);
    for (int64_t r = 0; r < n; ++r) ++start[static_cast<size_t>(cell_of(r) + 1)];
    for (size_t c = 1; c < start.size(); ++c) start[c] += start[c - 1];
    // ... and each query's values stored in that order, so that a query reads its own data
    // sequentially (looked up by row, its ranks and its y value were cache misses per query)
    order_.resize(static_cast<size_t>(n));
    for (int c = 0; c < 2; ++c) query_value_[c].resize(static_cast<size_t>(n));
    for (int64_t r = 0; r < n; ++r) {
      const size_t pos = static_cast<size_t>(start[static_cast<size_t>(cell_of(r))]++);
      const int32_t ry = other_[0][static_cast<size_t>(r)];
      order_[pos] = row_[0][static_cast<size_t>(r)];
      query_value_[0][pos] = sorted_[0][static_cast<size_t>(r)];
      query_value_[1][pos] = sorted_[1][static_cast<size_t>(ry)];
    }
  }

  int64_t size() const { return n_; }
  // the row queried at position pos of the query order
  int64_t index(int64_t pos) const { return order_[static_cast<size_t>(pos)]; }

  // #{rows p : |v_i - v_p|_max < r} (kStrict) or <= r (not kStrict), for the row i = index(pos)
  // queried at position pos; row i itself counts too when the ball holds distance 0.
  template <bool kStrict>
  int64_t count_at(int64_t pos, double r) const {
    if (!within<kStrict>(0.0, r)) return 0;  // the strict ball of radius 0 is empty
    int64_t lo[2], hi[2];
    const double q[2] = {query_value_[0][static_cast<size_t>(pos)], query_value_[1][static_cast<size_t>(pos)]};
    runs<kStrict>(q, r, lo, hi);
    return count_box(lo, hi);
  }

 private:
  template <bool kStrict>
  static bool within(double t, double r) {
    return kStrict ? t < r : t <= r;
  }

  int64_t cell_of(int64_t x_rank) const {
    return x_rank / b_ * blocks_ + other_[0][static_cast<size_t>(x_rank)] / b_;
  }

  // [lo[c], hi[c]) for both axes c: the ranks on axis c whose value p has |q[c] - p| within r
  // (within(0) holds, so q's own rank is inside). Each end is the first rank where a monotone test
  // turns: found on every kStride-th value (a short array that stays in cache) by bisection, the
  // four bisections (two ends, two axes) side by side so that their chains of dependent loads
  // overlap, then pinned down in one stretch of kStride values by counting (independent loads).
  template <bool kStrict>
  void runs(const double (&q)[2], double r, int64_t (&lo)[2], int64_t (&hi)[2]) const {
    // test e = 2 c (left end of axis c): q - v within r (shrinks as the rank grows);
    // e = 2 c + 1 (right end): v - q not within r (grows with the rank)
    auto turned = [&q, r](int e, double v) {
      const double qc = q[e >> 1];
      return (e & 1) ? !within<kStrict>(v - qc, r) : within<kStrict>(qc - v, r);
    };
    const int64_t m = static_cast<int64_t>(coarse_[0].size());  // both axes hold n values
    const double* base[4];
    for (int e = 0; e < 4; ++e) base[e] = coarse_[e >> 1].data();
    for (int64_t len = m; len > 1;) {  // branch-free bisection, four at a time
      const int64_t half = len / 2;
      for (int e = 0; e < 4; ++e) base[e] = turned(e, base[e][half]) ? base[e] : base[e] + half;
      len -= half;
    }
    for (int e = 0; e < 4; ++e) {
      const double* coarse = coarse_[e >> 1].data();
      const double* sorted = sorted_[e >> 1].data();
      int64_t& end = (e & 1) ? hi[e >> 1] : lo[e >> 1];
      // k: the first coarse index where the test holds (m if none)
      const int64_t k = m == 0 ? 0 : (base[e] - coarse) + (turned(e, *base[e]) ? 0 : 1);
      // k = 0: the test holds at rank 0 (for a left end: rank 0 is inside; a right end's test
      // never holds there, as v - q <= 0 at the smallest value)
      if (k == 0) {
        end = 0;
        continue;
      }
      const int64_t from = (k - 1) * kStride + 1, to = std::min(k * kStride, n_);
      int64_t before = 0;  // ranks of the stretch where the test has not turned yet
      for (int64_t t = from; t < to; ++t) before += !turned(e, sorted[t]);
      end = from + before;
    }
  }

  // #{ranks t in [from, to) : keys[t] in [lo, hi)}
  static int64_t scan(const int32_t* keys, int64_t from, int64_t to, int64_t lo, int64_t hi) {
    const uint32_t base = static_cast<uint32_t>(lo);
    const uint32_t width = static_cast<uint32_t>(hi - lo);
    int32_t count = 0;
    for (int64_t t = from; t < to; ++t) count += static_cast<uint32_t>(keys[t]) - base < width;
    return count;
  }

  // #{points with x rank in [lo[0], hi[0]) and y rank in [lo[1], hi[1])}
  int64_t count_box(const int64_t (&lo)[2], const int64_t (&hi)[2]) const {
    const int32_t* y_of_x = other_[0].data();
    const int32_t* x_of_y = other_[1].data();
    // whole x blocks [fx, gx)
    const int64_t fx = (lo[0] + b_ - 1) / b_, gx = hi[0] / b_;
    if (fx >= gx) return scan(y_of_x, lo[0], hi[0], lo[1], hi[1]);
    int64_t count = scan(y_of_x, lo[0], fx * b_, lo[1], hi[1]) + scan(y_of_x, gx * b_, hi[0], lo[1], hi[1]);
    // the whole x blocks: y ranks in whole y blocks [fy, gy) by the cells, the rest by scanning
    const int64_t x_lo = fx * b_, x_hi = gx * b_;
    const int64_t fy = (lo[1] + b_ - 1) / b_, gy = hi[1] / b_;
    if (fy >= gy) return count + scan(x_of_y, lo[1], hi[1], x_lo, x_hi);
    const int64_t w = blocks_ + 1;
    const int32_t* cell = cells_.data();
    count += cell[gx * w + gy] - cell[fx * w + gy] - cell[gx * w + fy] + cell[fx * w + fy];
    return count + scan(x_of_y, lo[1], fy * b_, x_lo, x_hi) + scan(x_of_y, gy * b_, hi[1], x_lo, x_hi);
  }

  static constexpr int64_t kStride = 32;  // every kStride-th sorted value in coarse_

  int64_t n_, b_, blocks_;
  std::vector<double> sorted_[2];
  std::vector<double> coarse_[2];  // coarse_[c][k] = sorted_[c][k kStride]
  std::vector<int32_t> row_[2];    // row_[c][rank]
  std::vector<int32_t> other_[2];  // other_[c][rank] = rank on the other axis
  std::vector<int32_t> cells_;     // (blocks + 1)^2 prefix counts
  std::vector<int32_t> order_;     // query order (rows)
  std::vector<double> query_value_[2];   // query_value_[c][pos]: its value on axis c
};

}  // namespace knn
}  // namespace ik
