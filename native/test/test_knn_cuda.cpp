// test_knn_cuda.cpp -- every _cuda k-NN entry against its _cpu twin, with no JVM.
//
// Data: seeded Gaussian rows; integer-grid rows (few levels: many exact ties, including
// duplicate points and eps = 0, which is where the (distance, index) neighbour order and the
// strict / non-strict counts matter); Gaussian rows far from the origin (1e6 + 1e-3 N(0,1):
// cell coordinates and distances at a large offset); and rows whose odd columns are constant
// (zero-extent grid dimensions). Sizes straddle the block (128) and tile (1024 / 512 / 102 rows)
// sizes of the brute-force kernels and the grid threshold (4096); k covers every register-list
// bucket edge (4, 16, 32, 64); cross-set queries also come shifted out of the reference box.
// ctest runs this three times: IK_CUDA_KNN unset (auto), =brute and =grid (every d <= 4 case
// on the cell-list path), so both CUDA paths are checked against the cpu; after every call
// ik_last_path must name the path that mode runs for that n and d ("knn_cuda:grid" / "knn_cuda:brute";
// "knn_cpu:kdtree" for the cpu twin), so a fallback cannot pass for the path under test.
// Distances must agree to 1e-12 relative (both backends round the same way, so in practice they
// are bitwise equal), counts exactly. Every mismatch names entry, n, d, k, norm/algorithm, data
// and seed. Without a usable GPU the test prints "skipped: no GPU: <reason>" and exits 77
// (ctest SKIP_RETURN_CODE), so a missing GPU is a visible skip, never a pass.
//
//   test_knn_cuda [max_n]     max_n (default 20000) caps the sizes, for quick runs
#include <algorithm>
#include <cinttypes>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "infokernels.h"
#include "test_util.hpp"  // ik_test::have_gpu (this test counts and prints its failures itself)

namespace {

constexpr double kDistanceRelTol = 1e-12;
constexpr int kMaxReported = 5;  // mismatching rows printed per case

int g_failures = 0;
int g_cases = 0;

enum class Data { kGaussian, kGrid, kOffset, kFlat };

const char* data_name(Data data) {
  switch (data) {
    case Data::kGaussian: return "gaussian";
    case Data::kGrid: return "grid";
    case Data::kOffset: return "offset";
    case Data::kFlat: return "flat";
  }
  return "?";
}

// n x d rows of the given kind (see the file comment).
std::vector<double> make_rows(int64_t n, int d, Data data, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> normal(0.0, 1.0);
  std::vector<double> v(static_cast<std::size_t>(n * d));
  for (std::size_t t = 0; t < v.size(); ++t) {
    switch (data) {
      case Data::kGaussian:
        v[t] = normal(rng);
        break;
      case Data::kGrid:
        v[t] = static_cast<double>(rng() % (d <= 2 ? 5 : 3));
        break;
      case Data::kOffset:
        v[t] = 1e6 + 1e-3 * normal(rng);
        break;
      case Data::kFlat:
        v[t] = t % static_cast<std::size_t>(d) % 2 == 1 ? 0.5 : normal(rng);
        break;
    }
  }
  return v;
}

bool same_distance(double a, double b) {
  if (a == b) return true;
  return std::fabs(a - b) <= kDistanceRelTol * std::max(std::fabs(a), std::fabs(b));
}

void fail_call(const std::string& ctx, const char* backend, int32_t status) {
  ++g_failures;
  std::printf("FAIL %s: %s entry returned %d: %s\n", ctx.c_str(), backend, status, ik_last_error());
}

// What the cuda k-NN entries must run for n_ref reference points of joint dimension d under
// IK_CUDA_KNN (knn_cuda.cu): the grid for d <= 4 when forced or from 4096 points, else brute force.
// Every input here is finite and same-set queries pass ref itself, so the grid always applies then.
const char* expected_cuda_path(int64_t n_ref, int d) {
  const char* v = std::getenv("IK_CUDA_KNN");
  const std::string mode = v != nullptr ? v : "auto";
  if (d > 4 || mode == "brute") return "knn_cuda:brute";
  if (mode == "grid" || n_ref >= 4096) return "knn_cuda:grid";
  return "knn_cuda:brute";
}

int g_grid_cases = 0;
int g_brute_cases = 0;

// ik_last_path() right after a call is `want`
void expect_path(const std::string& ctx, const char* backend, const char* want) {
  const std::string got = ik_last_path();
  if (got == "knn_cuda:grid") ++g_grid_cases;
  if (got == "knn_cuda:brute") ++g_brute_cases;
  if (got == want) return;
  ++g_failures;
  std::printf("FAIL %s: %s entry ran \"%s\" (ik_last_path), expected \"%s\"\n", ctx.c_str(), backend, got.c_str(),
              want);
}

// Compares one output array; prints the first few mismatching rows of this case.
void compare_distances(const std::string& ctx, const char* what, const std::vector<double>& cpu,
                       const std::vector<double>& cuda) {
  int64_t bad = 0;
  for (std::size_t i = 0; i < cpu.size(); ++i) {
    if (same_distance(cpu[i], cuda[i])) continue;
    if (bad++ < kMaxReported) {
      std::printf("FAIL %s: %s[%zu] cpu=%.17g cuda=%.17g\n", ctx.c_str(), what, i, cpu[i], cuda[i]);
    }
  }
  if (bad > 0) {
    ++g_failures;
    std::printf("FAIL %s: %" PRId64 " of %zu %s differ\n", ctx.c_str(), bad, cpu.size(), what);
  }
}

void compare_counts(const std::string& ctx, const char* what, const std::vector<int64_t>& cpu,
                    const std::vector<int64_t>& cuda) {
  int64_t bad = 0;
  for (std::size_t i = 0; i < cpu.size(); ++i) {
    if (cpu[i] == cuda[i]) continue;
    if (bad++ < kMaxReported) {
      std::printf("FAIL %s: %s[%zu] cpu=%" PRId64 " cuda=%" PRId64 "\n", ctx.c_str(), what, i,
                  cpu[i], cuda[i]);
    }
  }
  if (bad > 0) {
    ++g_failures;
    std::printf("FAIL %s: %" PRId64 " of %zu %s differ\n", ctx.c_str(), bad, cpu.size(), what);
  }
}

std::string context(const char* entry, int64_t n, const std::string& dims, int k,
                    const std::string& variant, Data data, uint64_t seed) {
  char buf[256];
  std::snprintf(buf, sizeof buf, "%s n=%" PRId64 " d=%s k=%d %s data=%s seed=%" PRIu64, entry, n,
                dims.c_str(), k, variant.c_str(), data_name(data), seed);
  return buf;
}

// ik_knn_distance, same set (self excluded) or query rows from a second sample, optionally
// shifted by `shift` in every coordinate (queries outside the reference box).
void check_knn_distance(int64_t n, int d, int k, int norm, bool same_set, Data data, uint64_t seed,
                        double shift = 0.0) {
  const int64_t n_query = same_set ? n : n / 3 + 1;
  char shift_text[32];
  std::snprintf(shift_text, sizeof shift_text, " shift=%g", shift);
  const std::string ctx =
      context("ik_knn_distance", n, std::to_string(d), k,
              std::string(norm == IK_NORM_MAX ? "norm=max" : "norm=euclidean") +
                  (same_set ? " same_set=1"
                            : " same_set=0 n_query=" + std::to_string(n_query) + shift_text),
              data, seed);
  ++g_cases;
  const std::vector<double> ref = make_rows(n, d, data, seed);
  std::vector<double> other = same_set ? std::vector<double>() : make_rows(n_query, d, data, seed + 1);
  for (double& e : other) e += shift;
  const double* query = same_set ? ref.data() : other.data();
  std::vector<double> cpu(static_cast<std::size_t>(n_query)), cuda(cpu.size(), -7.0);
  int32_t s = ik_knn_distance_cpu(ref.data(), n, query, n_query, d, k, norm, same_set, 0, cpu.data());
  if (s != IK_OK) return fail_call(ctx, "cpu", s);
  expect_path(ctx, "cpu", "knn_cpu:kdtree");
  s = ik_knn_distance_cuda(ref.data(), n, query, n_query, d, k, norm, same_set, 0, cuda.data());
  if (s != IK_OK) return fail_call(ctx, "cuda", s);
  expect_path(ctx, "cuda", expected_cuda_path(n, d));
  compare_distances(ctx, "dist", cpu, cuda);
}

struct KsgResult {
  std::vector<double> eps;
  std::vector<int64_t> nx, ny;
};

void check_ksg(int64_t n, int dx, int dy, int k, int algorithm, Data data, uint64_t seed,
               KsgResult* keep = nullptr) {
  const std::string ctx = context("ik_ksg_counts", n, std::to_string(dx) + "+" + std::to_string(dy),
                                  k, "algorithm=" + std::to_string(algorithm), data, seed);
  ++g_cases;
  const std::vector<double> x = make_rows(n, dx, data, seed);
  const std::vector<double> y = make_rows(n, dy, data, seed + 1);
  const std::size_t nn = static_cast<std::size_t>(n);
  KsgResult cpu{std::vector<double>(nn), std::vector<int64_t>(nn), std::vector<int64_t>(nn)};
  KsgResult cuda{std::vector<double>(nn, -7.0), std::vector<int64_t>(nn, -7), std::vector<int64_t>(nn, -7)};
  int32_t s = ik_ksg_counts_cpu(x.data(), dx, y.data(), dy, n, k, algorithm, 0, cpu.eps.data(),
                                cpu.nx.data(), cpu.ny.data());
  if (s != IK_OK) return fail_call(ctx, "cpu", s);
  expect_path(ctx, "cpu", "knn_cpu:kdtree");
  s = ik_ksg_counts_cuda(x.data(), dx, y.data(), dy, n, k, algorithm, 0, cuda.eps.data(),
                         cuda.nx.data(), cuda.ny.data());
  if (s != IK_OK) return fail_call(ctx, "cuda", s);
  expect_path(ctx, "cuda", expected_cuda_path(n, dx + dy));
  compare_distances(ctx, "eps", cpu.eps, cuda.eps);
  compare_counts(ctx, "n_x", cpu.nx, cuda.nx);
  compare_counts(ctx, "n_y", cpu.ny, cuda.ny);
  if (keep != nullptr) *keep = cuda;
}

void check_cmi(int64_t n, int dx, int dy, int dz, int k, Data data, uint64_t seed) {
  const std::string ctx =
      context("ik_cmi_counts", n,
              std::to_string(dx) + "+" + std::to_string(dy) + "+" + std::to_string(dz), k, "", data, seed);
  ++g_cases;
  const std::vector<double> x = make_rows(n, dx, data, seed);
  const std::vector<double> y = make_rows(n, dy, data, seed + 1);
  const std::vector<double> z = make_rows(n, dz, data, seed + 2);
  const std::size_t nn = static_cast<std::size_t>(n);
  std::vector<double> eps_cpu(nn), eps_cuda(nn, -7.0);
  std::vector<int64_t> nxz_cpu(nn), nyz_cpu(nn), nz_cpu(nn);
  std::vector<int64_t> nxz_cuda(nn, -7), nyz_cuda(nn, -7), nz_cuda(nn, -7);
  int32_t s = ik_cmi_counts_cpu(x.data(), dx, y.data(), dy, z.data(), dz, n, k, 0, eps_cpu.data(),
                                nxz_cpu.data(), nyz_cpu.data(), nz_cpu.data());
  if (s != IK_OK) return fail_call(ctx, "cpu", s);
  expect_path(ctx, "cpu", "knn_cpu:kdtree");
  s = ik_cmi_counts_cuda(x.data(), dx, y.data(), dy, z.data(), dz, n, k, 0, eps_cuda.data(),
                         nxz_cuda.data(), nyz_cuda.data(), nz_cuda.data());
  if (s != IK_OK) return fail_call(ctx, "cuda", s);
  expect_path(ctx, "cuda", expected_cuda_path(n, dx + dy + dz));
  compare_distances(ctx, "eps", eps_cpu, eps_cuda);
  compare_counts(ctx, "n_xz", nxz_cpu, nxz_cuda);
  compare_counts(ctx, "n_yz", nyz_cpu, nyz_cuda);
  compare_counts(ctx, "n_z", nz_cpu, nz_cuda);
}

void expect_einval(const char* what, int32_t status) {
  ++g_cases;
  if (status == IK_EINVAL && std::strlen(ik_last_error()) > 0) return expect_path(what, "cuda", "");
  ++g_failures;
  std::printf("FAIL %s: expected IK_EINVAL with a message, got %d (\"%s\")\n", what, status,
              ik_last_error());
}

// Bad arguments are rejected at the boundary with a message, before any device work.
void check_argument_errors() {
  const std::vector<double> p = make_rows(100, 2, Data::kGaussian, 7);
  std::vector<double> out(100);
  std::vector<int64_t> c1(100), c2(100), c3(100);
  expect_einval("knn k=0", ik_knn_distance_cuda(p.data(), 100, p.data(), 100, 2, 0, 0, 1, 0, out.data()));
  expect_einval("knn k=n", ik_knn_distance_cuda(p.data(), 100, p.data(), 100, 2, 100, 0, 1, 0, out.data()));
  expect_einval("knn k=65", ik_knn_distance_cuda(p.data(), 100, p.data(), 100, 2, 65, 0, 1, 0, out.data()));
  expect_einval("knn norm=2", ik_knn_distance_cuda(p.data(), 100, p.data(), 100, 2, 3, 2, 1, 0, out.data()));
  expect_einval("knn d=0", ik_knn_distance_cuda(p.data(), 100, p.data(), 100, 0, 3, 0, 1, 0, out.data()));
  expect_einval("knn null out", ik_knn_distance_cuda(p.data(), 100, p.data(), 100, 2, 3, 0, 1, 0, nullptr));
  expect_einval("knn same_set n_query!=n_ref",
                ik_knn_distance_cuda(p.data(), 100, p.data(), 50, 2, 3, 0, 1, 0, out.data()));
  expect_einval("ksg algorithm=3", ik_ksg_counts_cuda(p.data(), 1, p.data(), 1, 100, 3, 3, 0, nullptr,
                                                     c1.data(), c2.data()));
  expect_einval("ksg null x", ik_ksg_counts_cuda(nullptr, 1, p.data(), 1, 100, 3, 1, 0, nullptr,
                                                 c1.data(), c2.data()));
  expect_einval("ksg k=65", ik_ksg_counts_cuda(p.data(), 1, p.data(), 1, 100, 65, 1, 0, nullptr,
                                               c1.data(), c2.data()));
  expect_einval("cmi dz=0", ik_cmi_counts_cuda(p.data(), 1, p.data(), 1, p.data(), 0, 100, 3, 0,
                                               nullptr, c1.data(), c2.data(), c3.data()));
}

// Same input twice: bitwise identical outputs (no floating-point atomics, no races).
void check_determinism(int64_t n) {
  KsgResult a, b;
  check_ksg(n, 2, 2, 5, 2, Data::kGrid, 4242, &a);
  check_ksg(n, 2, 2, 5, 2, Data::kGrid, 4242, &b);
  ++g_cases;
  if (a.nx != b.nx || a.ny != b.ny ||
      std::memcmp(a.eps.data(), b.eps.data(), a.eps.size() * sizeof(double)) != 0) {
    ++g_failures;
    std::printf("FAIL determinism: ik_ksg_counts_cuda n=%" PRId64 " differs between two runs\n", n);
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (!ik_test::have_gpu()) return ik_test::kSkipped;
  char name[256];
  if (ik_cuda_device_describe(0, name, sizeof name) == IK_OK) std::printf("device 0: %s\n", name);
  const char* path = std::getenv("IK_CUDA_KNN");
  std::printf("cuda k-NN path: IK_CUDA_KNN=%s\n", path != nullptr ? path : "(unset: auto)");

  const int64_t max_n = argc > 1 ? std::atoll(argv[1]) : 20000;
  std::vector<int64_t> sizes;
  for (int64_t n : {1, 2, 11, 128, 129, 1000, 1025, 4999}) {
    if (n <= max_n) sizes.push_back(n);
  }
  const Data kinds[] = {Data::kGaussian, Data::kGrid, Data::kOffset, Data::kFlat};
  uint64_t seed = 1000;

  for (Data data : kinds) {
    for (int64_t n : sizes) {
      for (int d : {1, 2, 4, 20}) {
        if (data == Data::kFlat && d == 1) continue;  // the same as Gaussian
        for (int k : {1, 3, 10}) {
          for (int norm : {IK_NORM_EUCLIDEAN, IK_NORM_MAX}) {
            if (k < n) check_knn_distance(n, d, k, norm, true, data, ++seed);
            if (k <= n) check_knn_distance(n, d, k, norm, false, data, ++seed);
            if (k <= n && data != Data::kOffset) check_knn_distance(n, d, k, norm, false, data, ++seed, 3.0);
          }
        }
      }
    }
  }

  const int ksg_dims[][2] = {{1, 1}, {2, 2}, {1, 3}, {10, 10}};
  const int cmi_dims[][3] = {{1, 1, 1}, {2, 1, 1}, {1, 2, 2}, {5, 5, 10}};
  for (Data data : kinds) {
    for (int64_t n : sizes) {
      for (int k : {1, 3, 10}) {
        if (k >= n) continue;
        for (const auto& dd : ksg_dims) {
          for (int algorithm : {1, 2}) check_ksg(n, dd[0], dd[1], k, algorithm, data, ++seed);
        }
        for (const auto& dd : cmi_dims) check_cmi(n, dd[0], dd[1], dd[2], k, data, ++seed);
      }
    }
  }

  // larger n: several rings of cells on the grid path (and the auto threshold)
  const int64_t n_large = 20000;
  if (n_large <= max_n) {
    for (Data data : {Data::kGaussian, Data::kGrid}) {
      for (int k : {3, 10}) {
        for (int d : {1, 2, 4}) {
          for (int norm : {IK_NORM_EUCLIDEAN, IK_NORM_MAX}) {
            check_knn_distance(n_large, d, k, norm, true, data, ++seed);
            check_knn_distance(n_large, d, k, norm, false, data, ++seed, 1.5);
          }
        }
        for (int algorithm : {1, 2}) {
          check_ksg(n_large, 1, 1, k, algorithm, data, ++seed);
          check_ksg(n_large, 2, 2, k, algorithm, data, ++seed);
        }
        check_cmi(n_large, 1, 1, 2, k, data, ++seed);
      }
    }
  }

  // every edge of the register-list buckets (k <= 4, 16, 32, 64)
  const int64_t n_edge = std::min<int64_t>(300, max_n);
  for (Data data : kinds) {
    for (int k : {4, 5, 16, 17, 32, 33, 63, 64}) {
      if (k >= n_edge) continue;
      for (int norm : {IK_NORM_EUCLIDEAN, IK_NORM_MAX}) check_knn_distance(n_edge, 3, k, norm, true, data, ++seed);
      for (int algorithm : {1, 2}) check_ksg(n_edge, 1, 2, k, algorithm, data, ++seed);
      check_cmi(n_edge, 1, 1, 1, k, data, ++seed);
    }
  }

  check_argument_errors();
  if (max_n > 5) check_determinism(std::min<int64_t>(2000, max_n));

  // the mode's own path must have run (IK_CUDA_KNN=grid: on every d <= 4 case; brute: on all)
  std::printf("cuda paths run: knn_cuda:grid %d times, knn_cuda:brute %d times\n", g_grid_cases, g_brute_cases);
  const std::string mode = path != nullptr ? path : "auto";
  if ((mode == "grid" && g_grid_cases == 0) || (mode == "brute" && g_grid_cases > 0)) {
    ++g_failures;
    std::printf("FAIL IK_CUDA_KNN=%s: knn_cuda:grid ran %d times\n", mode.c_str(), g_grid_cases);
  }
  std::printf("%s: %d cases, %d failures\n", g_failures == 0 ? "ok" : "FAILED", g_cases, g_failures);
  return g_failures == 0 ? 0 : 1;
}
