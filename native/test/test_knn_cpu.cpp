// test_knn_cpu.cpp -- every cpu k-NN entry of infokernels.h against a naive double loop written
// here: k-th distances by sorting all n distances, KSG/CMI neighbours by sorting (distance, index)
// pairs, counts by scanning every j. Distances must match bit for bit and counts exactly, on
// continuous data and on integer grids full of ties and duplicates, for 1 and 3 threads;
// ik_last_path "knn_cpu:kdtree" after every call ("" after a failing one or with nothing to compute).
// Prints each failure with entry, n, d, k and seed; exits 1 if any.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "infokernels.h"
#include "test_util.hpp"

// test_util.hpp: fail and its counters
using namespace ik_test;

namespace {

std::string ctx(const char* entry, int64_t n, int d, int k, uint64_t seed) {
  char buf[160];
  std::snprintf(buf, sizeof buf, "%s n=%lld d=%d k=%d seed=%llu", entry, static_cast<long long>(n), d, k,
                static_cast<unsigned long long>(seed));
  return buf;
}

// kinds of data: continuous Gaussian with correlated columns, or small integers (ties everywhere)
enum class Data { kGauss, kGrid };

std::vector<double> make(int64_t n, int d, Data kind, std::mt19937_64& rng) {
  std::vector<double> v(static_cast<size_t>(n * d));
  std::normal_distribution<double> g(0.0, 1.0);
  std::uniform_int_distribution<int> u(0, 3);
  for (int64_t i = 0; i < n; ++i) {
    double common = g(rng);
    for (int c = 0; c < d; ++c)
      v[static_cast<size_t>(i * d + c)] = kind == Data::kGrid ? u(rng) : 0.6 * common + 0.8 * g(rng) * (1 + c);
  }
  return v;
}

double dist(const double* a, const double* b, int d, bool max_norm) {
  double s = 0;
  for (int c = 0; c < d; ++c) {
    double t = a[c] - b[c];
    s = max_norm ? std::max(s, std::fabs(t)) : s + t * t;
  }
  return max_norm ? s : std::sqrt(s);
}

// naive k-th neighbour distance: sort every distance
double naive_kth(const std::vector<double>& ref, int64_t n_ref, const double* q, int64_t self, int d, int k,
                 bool max_norm) {
  std::vector<double> ds;
  for (int64_t j = 0; j < n_ref; ++j)
    if (j != self) ds.push_back(dist(q, ref.data() + j * d, d, max_norm));
  std::nth_element(ds.begin(), ds.begin() + (k - 1), ds.end());
  return ds[static_cast<size_t>(k - 1)];
}

// joint rows [a_i, b_i, ...] from column blocks
std::vector<double> concat(const std::vector<std::pair<const std::vector<double>*, int>>& blocks, int64_t n) {
  std::vector<double> out;
  for (int64_t i = 0; i < n; ++i)
    for (const auto& b : blocks)
      for (int c = 0; c < b.second; ++c) out.push_back((*b.first)[static_cast<size_t>(i * b.second + c)]);
  return out;
}

// the k joint neighbours of i in (max-norm distance, index) order
std::vector<std::pair<double, int64_t>> naive_neighbours(const std::vector<double>& z, int64_t n, int d,
                                                         int64_t i, int k) {
  std::vector<std::pair<double, int64_t>> all;
  for (int64_t j = 0; j < n; ++j)
    if (j != i) all.push_back({dist(z.data() + i * d, z.data() + j * d, d, true), j});
  std::partial_sort(all.begin(), all.begin() + k, all.end());
  all.resize(static_cast<size_t>(k));
  return all;
}

int64_t naive_count(const std::vector<double>& v, int64_t n, int d, int64_t i, double r, bool strict) {
  int64_t c = 0;
  for (int64_t j = 0; j < n; ++j) {
    if (j == i) continue;
    double t = dist(v.data() + i * d, v.data() + j * d, d, true);
    c += strict ? t < r : t <= r;
  }
  return c;
}

// IK_OK, and ik_last_path names the k-d tree (the only cpu path)
void expect_ok(int32_t rc, const std::string& where) {
  ++g_checks;
  if (rc != IK_OK) {
    fail(where + ": status " + std::to_string(rc) + " (" + ik_last_error() + ")");
    return;
  }
  check_path("knn_cpu:kdtree", where);
}

// bitwise equality; the message is built only on failure (these run ~10^6 times)
void expect_same_double(double got, double want, const std::string& where, int threads, const char* what, int64_t i) {
  ++g_checks;
  if (std::memcmp(&got, &want, sizeof got) != 0) {
    char buf[160];
    std::snprintf(buf, sizeof buf, " threads=%d %s i=%lld: got %.17g, want %.17g", threads, what,
                  static_cast<long long>(i), got, want);
    fail(where + buf);
  }
}

void expect_same_count(int64_t got, int64_t want, const std::string& where, int threads, const char* what,
                       int64_t i) {
  ++g_checks;
  if (got != want) {
    char buf[160];
    std::snprintf(buf, sizeof buf, " threads=%d %s i=%lld: got %lld, want %lld", threads, what,
                  static_cast<long long>(i), static_cast<long long>(got), static_cast<long long>(want));
    fail(where + buf);
  }
}

// ---- ik_knn_distance_cpu --------------------------------------------------------------------
void check_knn_distance(int64_t n_ref, int64_t n_query, int d, int k, bool max_norm, bool same_set, Data kind,
                        uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<double> ref = make(n_ref, d, kind, rng);
  std::vector<double> query = same_set ? ref : make(n_query, d, kind, rng);
  if (same_set) n_query = n_ref;
  std::string where = ctx(same_set ? "ik_knn_distance_cpu(same_set)" : "ik_knn_distance_cpu(ref, query)", n_ref, d, k,
                          seed) + (max_norm ? " max" : " euclidean") + (kind == Data::kGrid ? " grid" : "");
  const int32_t norm = max_norm ? IK_NORM_MAX : IK_NORM_EUCLIDEAN;
  std::vector<double> out1(static_cast<size_t>(n_query)), out3(static_cast<size_t>(n_query));
  const double* qp = same_set ? ref.data() : query.data();
  expect_ok(ik_knn_distance_cpu(ref.data(), n_ref, qp, n_query, d, k, norm, same_set, 1, out1.data()), where);
  expect_ok(ik_knn_distance_cpu(ref.data(), n_ref, qp, n_query, d, k, norm, same_set, 3, out3.data()), where);
  for (int64_t i = 0; i < n_query; ++i) {
    const double want = naive_kth(ref, n_ref, qp + i * d, same_set ? i : -1, d, k, max_norm);
    expect_same_double(out1[static_cast<size_t>(i)], want, where, 1, "dist", i);
    expect_same_double(out3[static_cast<size_t>(i)], want, where, 3, "dist", i);
  }
}

// ---- ik_ksg_counts_cpu ----------------------------------------------------------------------
void check_ksg(int64_t n, int dx, int dy, int k, int algorithm, Data kind, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<double> x = make(n, dx, kind, rng);
  std::vector<double> y = make(n, dy, kind, rng);
  // correlate y with x so that the joint neighbours are informative
  for (int64_t i = 0; i < n; ++i)
    if (kind == Data::kGauss) y[static_cast<size_t>(i * dy)] += x[static_cast<size_t>(i * dx)];
  std::string where = ctx(algorithm == 1 ? "ik_ksg_counts_cpu(alg 1)" : "ik_ksg_counts_cpu(alg 2)", n, dx + dy, k,
                          seed) + " dx=" + std::to_string(dx) + " dy=" + std::to_string(dy) +
                      (kind == Data::kGrid ? " grid" : "");
  const int nt[2] = {1, 3};
  std::vector<double> eps[2];
  std::vector<int64_t> nx[2], ny[2];
  for (int t = 0; t < 2; ++t) {
    eps[t].assign(static_cast<size_t>(n), -1);
    nx[t].assign(static_cast<size_t>(n), -1);
    ny[t].assign(static_cast<size_t>(n), -1);
    expect_ok(ik_ksg_counts_cpu(x.data(), dx, y.data(), dy, n, k, algorithm, nt[t], eps[t].data(), nx[t].data(),
                                ny[t].data()),
              where);
  }
  // ik_ksg_counts_sorted_cpu with the caller's sorting orders of the one-dimensional spaces: the
  // same counts, bit for bit. Ties (grid data) are ordered by descending row, unlike the sort
  // inside, to show that any order with non-decreasing values does.
  if (dx == 1 || dy == 1) {
    auto order_of = [n](const std::vector<double>& v) {
      std::vector<int32_t> o(static_cast<size_t>(n));
      for (int64_t i = 0; i < n; ++i) o[static_cast<size_t>(i)] = static_cast<int32_t>(i);
      std::sort(o.begin(), o.end(), [&v](int32_t a, int32_t b) { return v[a] < v[b] || (v[a] == v[b] && a > b); });
      return o;
    };
    const std::vector<int32_t> ox = dx == 1 ? order_of(x) : std::vector<int32_t>();
    const std::vector<int32_t> oy = dy == 1 ? order_of(y) : std::vector<int32_t>();
    std::vector<double> se(static_cast<size_t>(n), -1);
    std::vector<int64_t> sx(static_cast<size_t>(n), -1), sy(static_cast<size_t>(n), -1);
    expect_ok(ik_ksg_counts_sorted_cpu(x.data(), dx, y.data(), dy, n, k, algorithm, dx == 1 ? ox.data() : nullptr,
                                       dy == 1 ? oy.data() : nullptr, 2, se.data(), sx.data(), sy.data()),
              where + " sorted");
    for (int64_t i = 0; i < n; ++i) {
      const size_t u = static_cast<size_t>(i);
      expect_same_double(se[u], eps[0][u], where + " sorted", 2, "eps", i);
      expect_same_count(sx[u], nx[0][u], where + " sorted", 2, "n_x", i);
      expect_same_count(sy[u], ny[0][u], where + " sorted", 2, "n_y", i);
    }
  }
  std::vector<double> z = concat({{&x, dx}, {&y, dy}}, n);
  for (int64_t i = 0; i < n; ++i) {
    auto nb = naive_neighbours(z, n, dx + dy, i, k);
    const double e = nb.back().first;
    int64_t want_x, want_y;
    if (algorithm == 1) {
      want_x = naive_count(x, n, dx, i, e, true);
      want_y = naive_count(y, n, dy, i, e, true);
    } else {
      double ex = 0, ey = 0;
      for (const auto& p : nb) {
        ex = std::max(ex, dist(x.data() + i * dx, x.data() + p.second * dx, dx, true));
        ey = std::max(ey, dist(y.data() + i * dy, y.data() + p.second * dy, dy, true));
      }
      want_x = naive_count(x, n, dx, i, ex, false);
      want_y = naive_count(y, n, dy, i, ey, false);
    }
    for (int t = 0; t < 2; ++t) {
      expect_same_double(eps[t][static_cast<size_t>(i)], e, where, nt[t], "eps", i);
      expect_same_count(nx[t][static_cast<size_t>(i)], want_x, where, nt[t], "n_x", i);
      expect_same_count(ny[t][static_cast<size_t>(i)], want_y, where, nt[t], "n_y", i);
    }
  }
}

// ---- ik_cmi_counts_cpu ----------------------------------------------------------------------
void check_cmi(int64_t n, int dx, int dy, int dz, int k, Data kind, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<double> x = make(n, dx, kind, rng);
  std::vector<double> y = make(n, dy, kind, rng);
  std::vector<double> z = make(n, dz, kind, rng);
  for (int64_t i = 0; i < n; ++i)
    if (kind == Data::kGauss) {
      x[static_cast<size_t>(i * dx)] += z[static_cast<size_t>(i * dz)];
      y[static_cast<size_t>(i * dy)] += z[static_cast<size_t>(i * dz)];
    }
  std::string where = ctx("ik_cmi_counts_cpu", n, dx + dy + dz, k, seed) + " dx=" + std::to_string(dx) +
                      " dy=" + std::to_string(dy) + " dz=" + std::to_string(dz) +
                      (kind == Data::kGrid ? " grid" : "");
  const int nt[2] = {1, 3};
  std::vector<double> eps[2];
  std::vector<int64_t> nxz[2], nyz[2], nz[2];
  for (int t = 0; t < 2; ++t) {
    eps[t].assign(static_cast<size_t>(n), -1);
    nxz[t].assign(static_cast<size_t>(n), -1);
    nyz[t].assign(static_cast<size_t>(n), -1);
    nz[t].assign(static_cast<size_t>(n), -1);
    expect_ok(ik_cmi_counts_cpu(x.data(), dx, y.data(), dy, z.data(), dz, n, k, nt[t], eps[t].data(), nxz[t].data(),
                                nyz[t].data(), nz[t].data()),
              where);
  }
  std::vector<double> xyz = concat({{&x, dx}, {&y, dy}, {&z, dz}}, n);
  std::vector<double> xz = concat({{&x, dx}, {&z, dz}}, n);
  std::vector<double> yz = concat({{&y, dy}, {&z, dz}}, n);
  for (int64_t i = 0; i < n; ++i) {
    const double e = naive_neighbours(xyz, n, dx + dy + dz, i, k).back().first;
    const int64_t want_xz = naive_count(xz, n, dx + dz, i, e, true);
    const int64_t want_yz = naive_count(yz, n, dy + dz, i, e, true);
    const int64_t want_z = naive_count(z, n, dz, i, e, true);
    for (int t = 0; t < 2; ++t) {
      expect_same_double(eps[t][static_cast<size_t>(i)], e, where, nt[t], "eps", i);
      expect_same_count(nxz[t][static_cast<size_t>(i)], want_xz, where, nt[t], "n_xz", i);
      expect_same_count(nyz[t][static_cast<size_t>(i)], want_yz, where, nt[t], "n_yz", i);
      expect_same_count(nz[t][static_cast<size_t>(i)], want_z, where, nt[t], "n_z", i);
    }
  }
}

// ---- invalid arguments ----------------------------------------------------------------------
void expect_einval(int32_t rc, const char* call, const char* message_part) {
  ++g_checks;
  const std::string msg = ik_last_error();
  if (rc != IK_EINVAL) {
    fail(std::string(call) + ": expected IK_EINVAL, got " + std::to_string(rc));
  } else if (msg.find(message_part) == std::string::npos) {
    fail(std::string(call) + ": message \"" + msg + "\" does not contain \"" + message_part + "\"");
  }
  check_path("", call);
}

void check_invalid_arguments() {
  std::vector<double> a(40, 1.0), out(20);
  std::vector<int64_t> c1(20), c2(20), c3(20);
  const double* p = a.data();
  expect_einval(ik_knn_distance_cpu(nullptr, 5, p, 5, 2, 1, IK_NORM_MAX, 1, 1, out.data()), "knn ref=NULL", "ref is NULL");
  expect_einval(ik_knn_distance_cpu(p, 5, p, 5, 2, 1, IK_NORM_MAX, 1, 1, nullptr), "knn out=NULL", "out_dist is NULL");
  expect_einval(ik_knn_distance_cpu(p, 5, p, 5, 2, 5, IK_NORM_MAX, 1, 1, out.data()), "knn k=n",
                "k = 5 must be smaller than n = 5");
  expect_einval(ik_knn_distance_cpu(p, 5, p, 5, 0, 1, IK_NORM_MAX, 1, 1, out.data()), "knn d=0",
                "d = 0 must be at least 1");
  expect_einval(ik_knn_distance_cpu(p, 5, p, 5, 2, 0, IK_NORM_MAX, 1, 1, out.data()), "knn k=0",
                "k = 0 must be at least 1");
  expect_einval(ik_knn_distance_cpu(p, 5, p, 5, 2, 1, 7, 1, 1, out.data()), "knn norm=7", "norm = 7");
  expect_einval(ik_knn_distance_cpu(p, 4, p, 6, 2, 5, IK_NORM_EUCLIDEAN, 0, 1, out.data()), "knn n_ref<k",
                "k = 5 must not exceed n_ref = 4");
  expect_einval(ik_knn_distance_cpu(p, 5, p, 6, 2, 1, IK_NORM_MAX, 1, 1, out.data()), "knn same_set sizes",
                "n_query = n_ref");
  expect_einval(ik_ksg_counts_cpu(p, 1, p, 1, 5, 5, 1, 1, out.data(), c1.data(), c2.data()), "ksg k=n",
                "k = 5 must be smaller than n = 5");
  expect_einval(ik_ksg_counts_cpu(p, 1, p, 1, 10, 3, 3, 1, out.data(), c1.data(), c2.data()), "ksg algorithm=3",
                "algorithm = 3 must be 1 or 2");
  expect_einval(ik_ksg_counts_cpu(p, 0, p, 1, 10, 3, 1, 1, out.data(), c1.data(), c2.data()), "ksg dx=0",
                "dx = 0 must be at least 1");
  expect_einval(ik_ksg_counts_cpu(p, 1, nullptr, 1, 10, 3, 1, 1, out.data(), c1.data(), c2.data()), "ksg y=NULL",
                "y is NULL");
  expect_einval(ik_ksg_counts_cpu(p, 1, p, 1, 10, 3, 1, 1, out.data(), c1.data(), nullptr), "ksg out_ny=NULL",
                "out_ny is NULL");
  {
    // the caller's sorting orders are checked: a wrong one would give wrong counts silently
    const double v[5] = {0.5, -1.0, 2.0, 0.25, 3.0};
    const int32_t good[5] = {1, 3, 0, 2, 4};
    const int32_t unsorted[5] = {1, 0, 3, 2, 4};
    const int32_t twice[5] = {1, 3, 3, 2, 4};
    const int32_t outside[5] = {1, 3, 0, 2, 5};
    expect_ok(ik_ksg_counts_sorted_cpu(v, 1, v, 1, 5, 1, 1, good, good, 1, out.data(), c1.data(), c2.data()),
              "ksg sorted valid");
    expect_einval(ik_ksg_counts_sorted_cpu(v, 1, v, 1, 5, 1, 1, unsorted, nullptr, 1, out.data(), c1.data(),
                                           c2.data()),
                  "ksg sorted unsorted", "order_x does not sort the values: row 3 at position 2");
    expect_einval(ik_ksg_counts_sorted_cpu(v, 1, v, 1, 5, 1, 1, nullptr, twice, 1, out.data(), c1.data(),
                                           c2.data()),
                  "ksg sorted twice", "order_y lists row 3 twice");
    expect_einval(ik_ksg_counts_sorted_cpu(v, 1, v, 1, 5, 1, 1, outside, nullptr, 1, out.data(), c1.data(),
                                           c2.data()),
                  "ksg sorted outside", "order_x[4] = 5 is not a row in [0, 5)");
    expect_einval(ik_ksg_counts_sorted_cpu(p, 2, v, 1, 5, 1, 1, good, nullptr, 1, out.data(), c1.data(), c2.data()),
                  "ksg sorted dx=2", "order_x given for dx = 2");
  }
  expect_einval(ik_cmi_counts_cpu(p, 1, p, 1, p, 1, 3, 3, 1, out.data(), c1.data(), c2.data(), c3.data()),
                "cmi k=n", "k = 3 must be smaller than n = 3");
  expect_einval(ik_cmi_counts_cpu(p, 1, p, 1, p, 0, 10, 3, 1, out.data(), c1.data(), c2.data(), c3.data()),
                "cmi dz=0", "dz = 0 must be at least 1");
  expect_einval(ik_cmi_counts_cpu(p, 1, p, 1, nullptr, 1, 10, 3, 1, out.data(), c1.data(), c2.data(), c3.data()),
                "cmi z=NULL", "z is NULL");
  // a good call clears the message
  expect_ok(ik_knn_distance_cpu(p, 5, p, 5, 2, 1, IK_NORM_MAX, 1, 1, out.data()), "knn valid after errors");
  ++g_checks;
  if (std::strlen(ik_last_error()) != 0) fail("ik_last_error not cleared by a successful call");
  // nothing to compute: IK_OK and no path
  ++g_checks;
  if (ik_knn_distance_cpu(p, 5, p, 0, 2, 1, IK_NORM_MAX, 0, 1, out.data()) != IK_OK)
    fail(std::string("knn n_query=0: ") + ik_last_error());
  check_path("", "knn n_query=0");
  // a failing call resets the path of the successful one before it, in a build with or without
  // CUDA kernels (IK_EINVAL for k = 0, or IK_ENOCUDA from the stub or without a device)
  expect_ok(ik_ksg_counts_cpu(p, 1, p, 1, 10, 3, 1, 1, out.data(), c1.data(), c2.data()), "ksg valid");
  ++g_checks;
  if (ik_knn_distance_cuda(p, 5, p, 5, 2, 0, IK_NORM_MAX, 1, 0, out.data()) == IK_OK)
    fail("ik_knn_distance_cuda with k = 0 returned IK_OK");
  check_path("", "ik_knn_distance_cuda with k = 0");
}

}  // namespace

int main() {
  uint64_t seed = 1;
  const Data kinds[2] = {Data::kGauss, Data::kGrid};
  // k-th neighbour distances
  for (Data kind : kinds)
    for (int d : {1, 2, 3, 20, 50})
      for (int64_t n : {2, 3, 17, 130, 401})
        for (bool max_norm : {true, false})
          for (int k : {1, 3, static_cast<int>(n - 1)}) {
            if (k >= n) continue;
            check_knn_distance(n, 0, d, k, max_norm, true, kind, seed++);
            check_knn_distance(n, (n * 7) / 5 + 1, d, k + 1 <= n ? k + 1 : k, max_norm, false, kind, seed++);
          }
  check_knn_distance(2000, 0, 3, 5, true, true, Data::kGauss, seed++);
  check_knn_distance(1999, 0, 2, 1998, false, true, Data::kGauss, seed++);
  check_knn_distance(1, 3, 2, 1, true, false, Data::kGauss, seed++);
  // KSG counts
  // d > 8 (joint or marginal): leaves scanned 8 columns at a time with an early exit (kdtree.hpp)
  const int dims[][2] = {{1, 1}, {2, 2}, {1, 3}, {3, 1}, {2, 20}, {9, 16}, {25, 25}};
  for (Data kind : kinds)
    for (const auto& dd : dims)
      for (int64_t n : {2, 5, 61, 300, 533})
        for (int k : {1, 3, static_cast<int>(n - 1)})
          for (int algorithm : {1, 2}) {
            if (k >= n || (dd[1] > 8 && n > 300)) continue;
            check_ksg(n, dd[0], dd[1], k, algorithm, kind, seed++);
          }
  check_ksg(2000, 2, 2, 3, 1, Data::kGauss, seed++);
  check_ksg(2000, 2, 2, 3, 2, Data::kGrid, seed++);
  check_ksg(1999, 1, 1, 1998, 2, Data::kGauss, seed++);
  // two-dimensional marginals large enough for many rank blocks and whole cells (rank_grid.hpp)
  check_ksg(12000, 2, 2, 4, 1, Data::kGauss, seed++);
  check_ksg(12000, 2, 2, 4, 2, Data::kGrid, seed++);
  // CMI counts
  const int cdims[][3] = {{1, 1, 1}, {2, 1, 2}, {1, 2, 3}, {2, 2, 1}, {1, 1, 20}};
  for (Data kind : kinds)
    for (const auto& dd : cdims)
      for (int64_t n : {2, 6, 77, 350})
        for (int k : {1, 4, static_cast<int>(n - 1)}) {
          if (k >= n || (dd[2] == 20 && n > 100)) continue;
          check_cmi(n, dd[0], dd[1], dd[2], k, kind, seed++);
        }
  // conditioning spaces of 2+ dimensions are counted in one search of z (knn_cpu.cpp
  // conditional_counts): sizes with many whole subtrees inside the balls, ties on the grid
  for (Data kind : kinds) {
    check_cmi(6000, 1, 1, 3, 4, kind, seed++);
    check_cmi(6000, 2, 1, 2, 4, kind, seed++);
    check_cmi(3000, 1, 3, 4, 10, kind, seed++);
    check_cmi(6000, 1, 1, 1, 4, kind, seed++);  // one-dimensional z: runs of the sorted line
    // z of more than 8 dimensions (a long target history): kdtree.hpp in_ball
    check_cmi(3000, 1, 1, 12, 4, kind, seed++);
    check_cmi(2000, 2, 3, 17, 5, kind, seed++);
  }
  // balls holding more than 8192 points on average: the pilot sends CMI to the separate counts
  check_cmi(8400, 1, 1, 2, 8300, Data::kGauss, seed++);
  check_invalid_arguments();
  std::printf("%d checks, %d failures\n", g_checks, g_failures);
  return g_failures == 0 ? 0 : 1;
}
