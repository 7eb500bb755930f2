// test_abi.cpp -- randomised argument test of every entry point of infokernels.h (issue 18).
//
// Each compute entry is first called with small valid arguments (it must return IK_OK; a _cuda
// entry may instead return IK_ENOCUDA without a usable GPU, which is printed as a visible skip).
// Then it is called with bad arguments: every bad value of its table alone (NULL pointers, sizes
// 0, -1 and beyond the documented limits, k >= n, d <= 0, unknown codes, NaN and infinite data and
// parameters, weights that do not sum to 1, ...) and then `kRandomCalls` random combinations of 1
// to 3 of them mixed with neutral changes (thread counts, optional NULL outputs). Every bad call
// must return an error status (not IK_OK) with a non-empty ik_last_error() and an empty
// ik_last_path(), and must not crash: under ci/sanitizers.sh (ASan + UBSan) it must not touch a
// byte outside the buffers either. "Huge" sizes are those the header refuses by name (n > 2^31 for
// the kernel, OT and cuda entries; n * d * 8 beyond int64 for the cpu k-NN entries): a size
// below them is a promise that the caller's buffers are that large.
//
// Then cancellation (ik_set_cancel_flag, ik_cancel_all, ik_active_calls): every cpu compute entry
// with a set flag returns IK_ECANCELLED, with the flag cleared IK_OK again; a flag set on one thread
// does not cancel another thread's call; a long call cancelled from another thread returns quickly.
//
//   test_abi [seed]        (exit 0: all checks passed)
#include <atomic>
#include <chrono>
#include <cinttypes>
#include <functional>
#include <limits>
#include <thread>

#include "test_util.hpp"

using namespace ik_test;

namespace {

constexpr int kRandomCalls = 300;  // random combinations per entry
constexpr int64_t kI64Max = std::numeric_limits<int64_t>::max();
constexpr int32_t kI32Max = std::numeric_limits<int32_t>::max();
const double kNaN = std::numeric_limits<double>::quiet_NaN();
const double kInf = std::numeric_limits<double>::infinity();

// Every argument any entry takes; an entry reads the fields it needs.
struct Args {
  const double *x, *y, *z, *a, *b, *h, *lw, *v, *w;
  const int64_t* cols;
  int64_t n, m, c, batch;
  int32_t d, dx, dy, dz, k, norm, same_set, algorithm, kx, ky, mcols, mode, max_iter, precision, threads;
  double sx, sy, eps, tol, scaling, ga, gb;
  double *out, *out2, *out3, *stats;
  int64_t *cnt1, *cnt2, *cnt3;
  double* amut;  // a writable matrix (ik_sym_eigenvalues_cpu overwrites its input)
  const int32_t *ordx, *ordy;  // sorting orders of one-dimensional x and y (ik_ksg_counts_sorted_cpu)
};

struct Mutation {
  const char* name;
  std::function<void(Args&)> apply;
};

struct Entry {
  std::string name;
  bool cuda;
  std::function<Args()> valid;            // fresh valid arguments
  std::function<int32_t(Args&)> call;
  std::vector<Mutation> bad;              // each makes the call invalid
  std::vector<Mutation> neutral;          // each keeps a valid call valid
};

// ---- data (finite, non-zero means, mixed scales), sized for the valid calls

constexpr int64_t kN = 40, kM = 33;
constexpr int32_t kD = 3;

struct Data {
  std::vector<double> x, y, z, xnan, yinf, a, b, h, lw, v, w, vnan, sym, symnan, batch3, ybatch, ybatchnan;
  std::vector<int64_t> cols, cols_bad_hi, cols_bad_lo;
  std::vector<double> out, out2, out3, stats, amut;
  std::vector<int64_t> cnt1, cnt2, cnt3;
  std::vector<double> a_zero, a_sum, a_nan;
  std::vector<double> h2;                                  // a second one-dimensional sample
  std::vector<int32_t> hord, h2ord, ord_unsorted, ord_twice, ord_outside;
};

Data make_data() {
  std::mt19937_64 rng(7);
  Data s;
  s.x = gauss(kN, kD, 5.0, rng);
  for (size_t i = 0; i < s.x.size(); ++i) s.x[i] *= (i % 3 == 0 ? 1e3 : 1.0);
  s.y = gauss(kN, kD, -2.0, rng);
  s.z = gauss(kN, kD, 0.5, rng);
  s.xnan = s.x;
  s.xnan[kN * kD / 2] = kNaN;
  s.yinf = s.y;
  s.yinf[kD * 5 + 1] = -kInf;  // in the first kM rows (the query rows of the k-NN calls)
  s.a = random_weights(kN, rng);
  s.b = random_weights(kN, rng);
  s.h = gauss(kN, 1, rng);
  s.lw = std::vector<double>(kN, -std::log(double(kN)));
  s.v = gauss(kN, 4, rng);
  s.w = gauss(kN, 4, rng);
  s.cols = {0, 5, 17, kN - 1};
  s.cols_bad_hi = {0, 5, kN, 1};
  s.cols_bad_lo = {0, -1, 3, 1};
  const int64_t n = 12;
  s.sym.assign(n * n, 0.0);
  for (int64_t i = 0; i < n; ++i)
    for (int64_t j = i; j < n; ++j) s.sym[i * n + j] = s.sym[j * n + i] = std::sin(double(i * 7 + j)) + (i == j ? 3 : 0);
  s.symnan = s.sym;
  s.symnan[1 * n + 4] = kNaN;  // upper triangle (read)
  s.vnan = s.v;
  s.vnan[4 * 7 + 2] = kNaN;
  s.ybatch = gauss(kN * 3, kD, 1.0, rng);  // three n x d blocks (ik_pair_permuted_rows, batch = 3)
  s.ybatchnan = s.ybatch;
  s.ybatchnan[kN * kD * 2 + 5] = kNaN;  // in the third block only
  s.batch3.clear();
  for (int r = 0; r < 3; ++r) s.batch3.insert(s.batch3.end(), s.sym.begin(), s.sym.end());
  const size_t big = size_t(kN) * kN * 8;  // outputs: the largest valid call writes kN x kN
  s.out.assign(big, 0.0);
  s.out2.assign(big, 0.0);
  s.out3.assign(big, 0.0);
  s.stats.assign(16, 0.0);
  s.amut.assign(size_t(n) * n, 0.0);
  s.cnt1.assign(kN, 0);
  s.cnt2.assign(kN, 0);
  s.cnt3.assign(kN, 0);
  s.a_zero = s.a;
  s.a_zero[3] = 0.0;
  s.a_sum = s.a;
  s.a_sum[0] += 0.01;
  s.a_nan = s.a;
  s.a_nan[2] = kNaN;
  // drawn last, so that the data above stay those of earlier versions of this test
  s.h2 = gauss(kN, 1, rng);
  for (double& t : s.h2) t = 1e3 + 0.01 * t;
  auto order = [](const std::vector<double>& v) {
    std::vector<int32_t> o(v.size());
    for (size_t i = 0; i < o.size(); ++i) o[i] = int32_t(i);
    std::sort(o.begin(), o.end(), [&v](int32_t a, int32_t b) { return v[a] < v[b]; });
    return o;
  };
  s.hord = order(s.h);
  s.h2ord = order(s.h2);
  s.ord_unsorted = s.hord;
  std::swap(s.ord_unsorted[3], s.ord_unsorted[17]);
  s.ord_twice = s.hord;
  s.ord_twice[5] = s.ord_twice[6];
  s.ord_outside = s.hord;
  s.ord_outside[kN - 1] = int32_t(kN);
  return s;
}

Data D;

Args base() {
  Args g{};
  g.x = D.x.data();
  g.y = D.y.data();
  g.z = D.z.data();
  g.a = nullptr;
  g.b = nullptr;
  g.h = D.h.data();
  g.lw = D.lw.data();
  g.v = D.v.data();
  g.w = D.w.data();
  g.cols = D.cols.data();
  g.n = kN;
  g.m = kM;
  g.c = int64_t(D.cols.size());
  g.batch = 3;
  g.d = g.dx = g.dy = g.dz = kD;
  g.k = 3;
  g.norm = IK_NORM_MAX;
  g.same_set = 1;
  g.algorithm = 1;
  g.kx = g.ky = IK_KERNEL_RBF;
  g.mcols = 4;
  g.mode = IK_SINKHORN_ALTERNATING;
  g.max_iter = 50;
  g.precision = IK_PRECISION_DOUBLE;
  g.threads = 2;
  g.sx = 1.5;
  g.sy = 0.7;
  g.eps = 0.5;
  g.tol = 1e-9;
  g.scaling = 0.0;
  g.ga = 0.25;
  g.gb = -1.5;
  g.out = D.out.data();
  g.out2 = D.out2.data();
  g.out3 = D.out3.data();
  g.stats = D.stats.data();
  g.cnt1 = D.cnt1.data();
  g.cnt2 = D.cnt2.data();
  g.cnt3 = D.cnt3.data();
  g.amut = D.amut.data();
  return g;
}

// ---- mutation tables

std::vector<Mutation> threads_neutral() {
  return {{"threads=-7", [](Args& g) { g.threads = -7; }},
          {"threads=0", [](Args& g) { g.threads = 0; }},
          {"threads=1", [](Args& g) { g.threads = 1; }},
          {"threads=INT32_MAX", [](Args& g) { g.threads = kI32Max; }}};
}

void add(std::vector<Mutation>& to, std::vector<Mutation> more) { to.insert(to.end(), more.begin(), more.end()); }

// sizes the kernel, OT and cuda entries refuse by name (n > 2^31)
std::vector<Mutation> n_bad() {
  return {{"n=0", [](Args& g) { g.n = 0; }},
          {"n=-1", [](Args& g) { g.n = -1; }},
          {"n=INT64_MIN", [](Args& g) { g.n = std::numeric_limits<int64_t>::min(); }},
          {"n=2^31+1", [](Args& g) { g.n = (int64_t{1} << 31) + 1; }},
          {"n=2^62", [](Args& g) { g.n = int64_t{1} << 62; }},
          {"n=INT64_MAX", [](Args& g) { g.n = kI64Max; }}};
}

std::vector<Mutation> knn_common_bad(bool cuda) {
  std::vector<Mutation> m = {
      {"x=NULL", [](Args& g) { g.x = nullptr; }},
      {"x has NaN", [](Args& g) { g.x = D.xnan.data(); }},
      {"k=0", [](Args& g) { g.k = 0; }},
      {"k=-1", [](Args& g) { g.k = -1; }},
      {"k=n", [](Args& g) { g.k = int32_t(std::min<int64_t>(g.n, kI32Max)); }},
      {"k=INT32_MAX", [](Args& g) { g.k = kI32Max; }},
      {"n=-1", [](Args& g) { g.n = -1; }},
      {"n=0", [](Args& g) { g.n = 0; }},
      {"n=1", [](Args& g) { g.n = 1; }},  // k >= 1 = n
      {"n=2^62", [](Args& g) { g.n = int64_t{1} << 62; }},
      {"n=INT64_MAX", [](Args& g) { g.n = kI64Max; }},
  };
  if (cuda) m.push_back({"n=2^31+1", [](Args& g) { g.n = (int64_t{1} << 31) + 1; }});
  return m;
}

std::vector<Entry> entries() {
  std::vector<Entry> es;
  for (bool cuda : {false, true}) {
    const std::string sfx = cuda ? "_cuda" : "_cpu";
    // k-NN distances (same_set = 1: query = ref = x)
    {
      Entry e{"ik_knn_distance" + sfx, cuda, base, nullptr, {}, threads_neutral()};
      e.call = [cuda](Args& g) {
        const double* q = g.same_set == 1 ? g.x : g.y;
        return cuda ? ik_knn_distance_cuda(g.x, g.n, q, g.m, g.d, g.k, g.norm, g.same_set, g.threads, g.out)
                    : ik_knn_distance_cpu(g.x, g.n, q, g.m, g.d, g.k, g.norm, g.same_set, g.threads, g.out);
      };
      e.valid = [] { Args g = base(); g.m = g.n; return g; };
      e.bad = {{"ref=NULL", [](Args& g) { g.x = nullptr; }},
               {"ref has NaN", [](Args& g) { g.x = D.xnan.data(); }},
               {"out_dist=NULL", [](Args& g) { g.out = nullptr; }},
               {"d=0", [](Args& g) { g.d = 0; }},
               {"d=-2", [](Args& g) { g.d = -2; }},
               {"k=0", [](Args& g) { g.k = 0; }},
               {"k=n", [](Args& g) { g.k = int32_t(std::min<int64_t>(g.n, kI32Max)); }},
               {"k=INT32_MAX", [](Args& g) { g.k = kI32Max; }},
               {"norm=2", [](Args& g) { g.norm = 2; }},
               {"norm=-1", [](Args& g) { g.norm = -1; }},
               {"same_set=2", [](Args& g) { g.same_set = 2; }},
               {"same_set=1, n_query!=n_ref", [](Args& g) { g.m = g.n - 1; }},
               {"n_ref=-1", [](Args& g) { g.n = -1; }},
               {"n_ref=0", [](Args& g) { g.n = 0; }},
               {"n_ref=2^62", [](Args& g) { g.n = int64_t{1} << 62; }},
               {"n_ref=INT64_MAX", [](Args& g) { g.n = kI64Max; }}};
      add(e.neutral, {{"norm=euclidean", [](Args& g) { g.norm = IK_NORM_EUCLIDEAN; }}});
      es.push_back(e);
      // other query set: y with m rows, reference x
      Entry f{"ik_knn_distance" + sfx + " (query != ref)", cuda, nullptr, e.call, {}, threads_neutral()};
      f.valid = [] { Args g = base(); g.same_set = 0; g.m = kM; return g; };
      f.bad = {{"query=NULL", [](Args& g) { g.y = nullptr; }},
               {"query has -inf", [](Args& g) { g.y = D.yinf.data(); }},
               {"n_query=-1", [](Args& g) { g.m = -1; }},
               {"k>n_ref", [](Args& g) { g.k = int32_t(g.n + 1); }},
               {"n_ref=0", [](Args& g) { g.n = 0; }},
               {"n_query=INT64_MAX", [](Args& g) { g.m = kI64Max; }}};
      es.push_back(f);
    }
    // KSG counts
    {
      Entry e{"ik_ksg_counts" + sfx, cuda, base, nullptr, knn_common_bad(cuda), threads_neutral()};
      e.call = [cuda](Args& g) {
        return cuda ? ik_ksg_counts_cuda(g.x, g.dx, g.y, g.dy, g.n, g.k, g.algorithm, g.threads, g.out, g.cnt1, g.cnt2)
                    : ik_ksg_counts_cpu(g.x, g.dx, g.y, g.dy, g.n, g.k, g.algorithm, g.threads, g.out, g.cnt1, g.cnt2);
      };
      add(e.bad, {{"y=NULL", [](Args& g) { g.y = nullptr; }},
                  {"y has -inf", [](Args& g) { g.y = D.yinf.data(); }},
                  {"out_nx=NULL", [](Args& g) { g.cnt1 = nullptr; }},
                  {"out_ny=NULL", [](Args& g) { g.cnt2 = nullptr; }},
                  {"dx=0", [](Args& g) { g.dx = 0; }},
                  {"dy=-1", [](Args& g) { g.dy = -1; }},
                  {"algorithm=0", [](Args& g) { g.algorithm = 0; }},
                  {"algorithm=3", [](Args& g) { g.algorithm = 3; }}});
      add(e.neutral, {{"out_eps=NULL", [](Args& g) { g.out = nullptr; }},
                      {"algorithm=2", [](Args& g) { g.algorithm = 2; }}});
      es.push_back(e);
    }
    // KSG counts with the caller's sorting orders (cpu only): one-dimensional x = h and y = h2
    if (!cuda) {
      Entry e{"ik_ksg_counts_sorted_cpu", false, nullptr, nullptr, {}, threads_neutral()};
      e.valid = [] {
        Args g = base();
        g.x = D.h.data();
        g.y = D.h2.data();
        g.dx = g.dy = 1;
        g.ordx = D.hord.data();
        g.ordy = D.h2ord.data();
        return g;
      };
      e.call = [](Args& g) {
        return ik_ksg_counts_sorted_cpu(g.x, g.dx, g.y, g.dy, g.n, g.k, g.algorithm, g.ordx, g.ordy, g.threads, g.out,
                                        g.cnt1, g.cnt2);
      };
      e.bad = {{"x=NULL", [](Args& g) { g.x = nullptr; }},
               {"k=0", [](Args& g) { g.k = 0; }},
               {"k=n", [](Args& g) { g.k = int32_t(std::min<int64_t>(g.n, kI32Max)); }},
               {"n=-1", [](Args& g) { g.n = -1; }},
               {"n=1", [](Args& g) { g.n = 1; }},
               {"n=2^62", [](Args& g) { g.n = int64_t{1} << 62; }},
               {"algorithm=3", [](Args& g) { g.algorithm = 3; }},
               {"out_nx=NULL", [](Args& g) { g.cnt1 = nullptr; }},
               {"order_x unsorted", [](Args& g) { g.ordx = D.ord_unsorted.data(); }},
               {"order_y lists a row twice", [](Args& g) { g.ordy = D.ord_twice.data(); }},
               {"order_x has row n", [](Args& g) { g.ordx = D.ord_outside.data(); }},
               {"order_x for dx=3", [](Args& g) { g.x = D.x.data(); g.dx = 3; g.ordx = D.hord.data(); }},
               {"order_y for dy=3", [](Args& g) { g.y = D.y.data(); g.dy = 3; g.ordy = D.h2ord.data(); }}};
      e.neutral.push_back({"order_x=NULL", [](Args& g) { g.ordx = nullptr; }});
      e.neutral.push_back({"order_y=NULL", [](Args& g) { g.ordy = nullptr; }});
      e.neutral.push_back({"algorithm=2", [](Args& g) { g.algorithm = 2; }});
      es.push_back(e);
    }
    // CMI counts
    {
      Entry e{"ik_cmi_counts" + sfx, cuda, base, nullptr, knn_common_bad(cuda), threads_neutral()};
      e.call = [cuda](Args& g) {
        return cuda ? ik_cmi_counts_cuda(g.x, g.dx, g.y, g.dy, g.z, g.dz, g.n, g.k, g.threads, g.out, g.cnt1, g.cnt2,
                                         g.cnt3)
                    : ik_cmi_counts_cpu(g.x, g.dx, g.y, g.dy, g.z, g.dz, g.n, g.k, g.threads, g.out, g.cnt1, g.cnt2,
                                        g.cnt3);
      };
      add(e.bad, {{"y=NULL", [](Args& g) { g.y = nullptr; }},
                  {"z=NULL", [](Args& g) { g.z = nullptr; }},
                  {"z has NaN", [](Args& g) { g.z = D.xnan.data(); }},
                  {"out_nz=NULL", [](Args& g) { g.cnt3 = nullptr; }},
                  {"dz=0", [](Args& g) { g.dz = 0; }}});
      add(e.neutral, {{"out_eps=NULL", [](Args& g) { g.out = nullptr; }}});
      es.push_back(e);
    }
    // kernel family
    std::vector<Mutation> kbad = n_bad();
    add(kbad, {{"x=NULL", [](Args& g) { g.x = nullptr; }},
               {"x has NaN", [](Args& g) { g.x = D.xnan.data(); }},
               {"y has -inf", [](Args& g) { g.y = D.yinf.data(); }},
               {"dx=0", [](Args& g) { g.dx = 0; }},
               {"dx=-5", [](Args& g) { g.dx = -5; }},
               {"dy=0", [](Args& g) { g.dy = 0; }},
               {"kernel_x=2", [](Args& g) { g.kx = 2; }},
               {"kernel_y=-1", [](Args& g) { g.ky = -1; }},
               {"sigma_x=0", [](Args& g) { g.sx = 0; }},
               {"sigma_x=NaN", [](Args& g) { g.sx = kNaN; }},
               {"sigma_y=inf", [](Args& g) { g.sy = kInf; }},
               {"sigma_y=-1", [](Args& g) { g.sy = -1; }}});
    {
      Entry e{"ik_pair_sums" + sfx, cuda, base, nullptr, kbad, threads_neutral()};
      e.call = [cuda](Args& g) {
        return cuda ? ik_pair_sums_cuda(g.x, g.dx, g.y, g.dy, g.n, g.kx, g.sx, g.ky, g.sy, g.threads, g.stats, g.out,
                                        g.out2)
                    : ik_pair_sums_cpu(g.x, g.dx, g.y, g.dy, g.n, g.kx, g.sx, g.ky, g.sy, g.threads, g.stats, g.out,
                                       g.out2);
      };
      add(e.bad, {{"out_sums=NULL", [](Args& g) { g.stats = nullptr; }}});
      add(e.neutral, {{"row sums NULL", [](Args& g) { g.out = g.out2 = nullptr; }}});
      es.push_back(e);
    }
    {
      Entry e{"ik_kernel_matvec" + sfx, cuda, base, nullptr, kbad, threads_neutral()};
      e.call = [cuda](Args& g) {
        return cuda ? ik_kernel_matvec_cuda(g.x, g.dx, g.y, g.dy, g.n, g.kx, g.sx, g.ky, g.sy, g.v, g.mcols,
                                            g.threads, g.out)
                    : ik_kernel_matvec_cpu(g.x, g.dx, g.y, g.dy, g.n, g.kx, g.sx, g.ky, g.sy, g.v, g.mcols, g.threads,
                                           g.out);
      };
      add(e.bad, {{"v=NULL", [](Args& g) { g.v = nullptr; }},
                  {"out=NULL", [](Args& g) { g.out = nullptr; }},
                  {"m=0", [](Args& g) { g.mcols = 0; }},
                  {"m=-3", [](Args& g) { g.mcols = -3; }}});
      es.push_back(e);
    }
  }
  {
    std::vector<Mutation> kbad = n_bad();
    add(kbad, {{"x=NULL", [](Args& g) { g.x = nullptr; }},
               {"x has NaN", [](Args& g) { g.x = D.xnan.data(); }},
               {"dx=0", [](Args& g) { g.dx = 0; }},
               {"kernel_x=7", [](Args& g) { g.kx = 7; }},
               {"sigma_x=-inf", [](Args& g) { g.sx = -kInf; }}});
    Entry e{"ik_kernel_cross_matvec_cpu", false, base, nullptr, kbad, threads_neutral()};
    e.call = [](Args& g) {
      return ik_kernel_cross_matvec_cpu(g.x, g.dx, g.y, g.dy, g.n, g.kx, g.sx, g.ky, g.sy, g.cols, g.c, g.w, g.mcols,
                                        g.threads, g.out);
    };
    add(e.bad, {{"cols=NULL", [](Args& g) { g.cols = nullptr; }},
                {"cols[2]=n", [](Args& g) { g.cols = D.cols_bad_hi.data(); }},
                {"cols[1]=-1", [](Args& g) { g.cols = D.cols_bad_lo.data(); }},
                {"c=-1", [](Args& g) { g.c = -1; }},
                {"w=NULL", [](Args& g) { g.w = nullptr; }},
                {"out=NULL", [](Args& g) { g.out = nullptr; }},
                {"m=0", [](Args& g) { g.mcols = 0; }}});
    es.push_back(e);
    // the tile products of the all-pairs engine: g = x as n slots of dx doubles, the first k entries
    // of hord as rows and the first mcols of h2ord as columns, upper = same_set, w = tol
    Entry t{"ik_gram_accumulate_cpu", false, nullptr, nullptr, {}, {}};
    t.valid = [] {
      Args g = base();
      g.ordx = D.hord.data();
      g.ordy = D.h2ord.data();
      g.k = 10;
      g.mcols = 12;
      g.same_set = 0;
      g.tol = 2.0;
      return g;
    };
    t.call = [](Args& g) {
      return ik_gram_accumulate_cpu(g.x, g.dx, int32_t(std::max<int64_t>(std::min<int64_t>(g.n, kI32Max), -1)), g.ordx,
                                    g.k, g.ordy, g.mcols, g.same_set, g.tol, g.out);
    };
    t.bad = {{"g=NULL", [](Args& g) { g.x = nullptr; }},
             {"ra=NULL", [](Args& g) { g.ordx = nullptr; }},
             {"cb=NULL", [](Args& g) { g.ordy = nullptr; }},
             {"c=NULL", [](Args& g) { g.out = nullptr; }},
             {"len=0", [](Args& g) { g.dx = 0; }},
             {"len=-1", [](Args& g) { g.dx = -1; }},
             {"slots=0", [](Args& g) { g.n = 0; }},
             {"slots=5 (rows beyond it)", [](Args& g) { g.n = 5; }},
             {"na=-1", [](Args& g) { g.k = -1; }},
             {"nc=-1", [](Args& g) { g.mcols = -1; }},
             {"upper=2", [](Args& g) { g.same_set = 2; }},
             {"w=NaN", [](Args& g) { g.tol = kNaN; }},
             {"w=inf", [](Args& g) { g.tol = kInf; }}};
    t.neutral = {{"upper=1", [](Args& g) { g.same_set = 1; }}, {"w=0.5", [](Args& g) { g.tol = 0.5; }}};
    es.push_back(t);
    Entry f{"ik_kernel_matrix_cpu", false, base, nullptr, kbad, threads_neutral()};
    f.call = [](Args& g) {
      return ik_kernel_matrix_cpu(g.x, g.dx, g.y, g.dy, g.n, g.kx, g.sx, g.ky, g.sy, g.threads, g.out);
    };
    add(f.bad, {{"out=NULL", [](Args& g) { g.out = nullptr; }}});
    es.push_back(f);
    // the matrix left on the device (normalize in g.mode; out == NULL stands for out_device == NULL)
    Entry h{"ik_kernel_matrix_device_cuda", true, nullptr, nullptr, kbad, threads_neutral()};
    h.valid = [] {
      Args g = base();
      g.mode = IK_MATRIX_PLAIN;
      return g;
    };
    h.call = [](Args& g) {
      double* dev = nullptr;
      const int32_t st = ik_kernel_matrix_device_cuda(g.x, g.dx, g.y, g.dy, g.n, g.kx, g.sx, g.ky, g.sy, g.mode,
                                                      g.threads, g.out == nullptr ? nullptr : &dev);
      if (st != IK_OK && dev != nullptr) fail("ik_kernel_matrix_device_cuda: *out_device not NULL after a failure");
      if (st == IK_OK) ik_device_free_cuda(dev);
      return st;
    };
    add(h.bad, {{"out_device=NULL", [](Args& g) { g.out = nullptr; }},
                {"normalize=2", [](Args& g) { g.mode = 2; }},
                {"normalize=-1", [](Args& g) { g.mode = -1; }}});
    add(h.neutral, {{"normalize=1", [](Args& g) { g.mode = IK_MATRIX_SYM_NORMALIZED; }}});
    es.push_back(h);
  }
  // eigenvalues (only when built with LAPACK: otherwise every call is IK_EINTERNAL, checked below)
  {
    Entry e{"ik_sym_eigenvalues_cpu", false, nullptr, nullptr, {}, threads_neutral()};
    e.valid = [] {
      Args g = base();
      g.n = 12;
      g.a = D.sym.data();
      return g;
    };
    e.call = [](Args& g) {
      double* a = nullptr;
      if (g.a != nullptr) {  // a fresh copy: the entry overwrites its input
        std::copy(g.a, g.a + 144, D.amut.begin());
        a = D.amut.data();
      }
      return ik_sym_eigenvalues_cpu(a, g.n, g.threads, g.out);
    };
    e.bad = {{"a=NULL", [](Args& g) { g.a = nullptr; }},
             {"out_w=NULL", [](Args& g) { g.out = nullptr; }},
             {"a has NaN", [](Args& g) { g.a = D.symnan.data(); }},
             {"n=0", [](Args& g) { g.n = 0; }},
             {"n=-1", [](Args& g) { g.n = -1; }},
             {"n=2^31", [](Args& g) { g.n = int64_t{1} << 31; }},
             {"n=INT64_MAX", [](Args& g) { g.n = kI64Max; }}};
    es.push_back(e);
  }
  for (bool cuda : {false, true}) {
    Entry e{std::string("ik_batched_sym_eigenvalues") + (cuda ? "_cuda" : "_cpu"), cuda, nullptr, nullptr, {},
            threads_neutral()};
    e.valid = [] {
      Args g = base();
      g.n = 12;
      g.batch = 3;
      g.a = D.batch3.data();
      return g;
    };
    e.call = [cuda](Args& g) {
      return cuda ? ik_batched_sym_eigenvalues_cuda(g.a, g.batch, g.n, g.threads, g.out)
                  : ik_batched_sym_eigenvalues_cpu(g.a, g.batch, g.n, g.threads, g.out);
    };
    e.bad = {{"a=NULL", [](Args& g) { g.a = nullptr; }},
             {"out_w=NULL", [](Args& g) { g.out = nullptr; }},
             {"a has NaN", [](Args& g) { g.a = D.symnan.data(); g.batch = 1; g.n = 12; }},
             {"n=0", [](Args& g) { g.n = 0; }},
             {"n=-1", [](Args& g) { g.n = -1; }},
             {"n=2^31", [](Args& g) { g.n = int64_t{1} << 31; }},
             {"batch=-1", [](Args& g) { g.batch = -1; }},
             {"batch=INT64_MAX", [](Args& g) { g.batch = kI64Max; }},
             {"batch=2^40, n=2^12", [](Args& g) { g.batch = int64_t{1} << 40; g.n = 4096; }}};
    es.push_back(e);
  }
  // testing family (distance correlation, energy distance, MMD): per-row pair sums
  for (bool cuda : {false, true}) {
    const std::string sfx = cuda ? "_cuda" : "_cpu";
    // a bad sigma sets its kind to RBF and the bad NaN block sets batch = 3, so that no neutral
    // change (applied first) can make them valid
    std::vector<Mutation> tbad = n_bad();
    add(tbad, {{"x=NULL", [](Args& g) { g.x = nullptr; }},
               {"x has NaN", [](Args& g) { g.x = D.xnan.data(); }},
               {"dx=0", [](Args& g) { g.dx = 0; }},
               {"dx=-5", [](Args& g) { g.dx = -5; }},
               {"kind_x=3", [](Args& g) { g.kx = 3; }},
               {"kind_x=-1", [](Args& g) { g.kx = -1; }},
               {"sigma_x=0 (rbf)", [](Args& g) { g.kx = IK_KERNEL_RBF; g.sx = 0; }},
               {"sigma_x=NaN (rbf)", [](Args& g) { g.kx = IK_KERNEL_RBF; g.sx = kNaN; }},
               {"out=NULL", [](Args& g) { g.out = nullptr; }}});
    std::vector<Mutation> pbad = tbad;  // paired entries: y as well
    add(pbad, {{"y=NULL", [](Args& g) { g.y = nullptr; }},
               {"y has -inf", [](Args& g) { g.y = D.yinf.data(); }},
               {"dy=0", [](Args& g) { g.dy = 0; }},
               {"kind_y=7", [](Args& g) { g.ky = 7; }},
               {"sigma_y=inf (rbf)", [](Args& g) { g.ky = IK_KERNEL_RBF; g.sy = kInf; }},
               {"sigma_y=-1 (rbf)", [](Args& g) { g.ky = IK_KERNEL_RBF; g.sy = -1; }}});
    std::vector<Mutation> kinds = threads_neutral();
    add(kinds, {{"kind_x=distance", [](Args& g) { g.kx = IK_PAIR_DISTANCE; }},
                {"kind_y=linear, sigma_y=NaN (unused)", [](Args& g) { g.ky = IK_KERNEL_LINEAR; g.sy = kNaN; }},
                {"both distance, sigmas 0 (unused)",
                 [](Args& g) { g.kx = g.ky = IK_PAIR_DISTANCE; g.sx = g.sy = 0; }}});
    {
      Entry e{"ik_pair_rows" + sfx, cuda, base, nullptr, pbad, kinds};
      e.call = [cuda](Args& g) {
        return cuda ? ik_pair_rows_cuda(g.x, g.dx, g.y, g.dy, g.n, g.kx, g.sx, g.ky, g.sy, g.threads, g.out)
                    : ik_pair_rows_cpu(g.x, g.dx, g.y, g.dy, g.n, g.kx, g.sx, g.ky, g.sy, g.threads, g.out);
      };
      es.push_back(e);
    }
    {
      // va, vb, ca, cb: four n-vectors (h, lw and the first n values of v and w)
      Entry e{"ik_pair_centred_rows" + sfx, cuda, base, nullptr, pbad, kinds};
      e.call = [cuda](Args& g) {
        return cuda ? ik_pair_centred_rows_cuda(g.x, g.dx, g.y, g.dy, g.n, g.kx, g.sx, g.ky, g.sy, g.h, g.lw, g.v,
                                                g.w, g.ga, g.gb, g.threads, g.out)
                    : ik_pair_centred_rows_cpu(g.x, g.dx, g.y, g.dy, g.n, g.kx, g.sx, g.ky, g.sy, g.h, g.lw, g.v,
                                               g.w, g.ga, g.gb, g.threads, g.out);
      };
      add(e.bad, {{"va=NULL", [](Args& g) { g.h = nullptr; }},
                  {"vb=NULL", [](Args& g) { g.lw = nullptr; }},
                  {"ca=NULL", [](Args& g) { g.v = nullptr; }},
                  {"cb=NULL", [](Args& g) { g.w = nullptr; }},
                  {"ca has NaN", [](Args& g) { g.v = D.vnan.data(); }},
                  {"ga=NaN", [](Args& g) { g.ga = kNaN; }},
                  {"gb=-inf", [](Args& g) { g.gb = -kInf; }}});
      es.push_back(e);
    }
    {
      Entry e{"ik_pair_matvec" + sfx, cuda, base, nullptr, tbad, kinds};
      e.call = [cuda](Args& g) {
        return cuda ? ik_pair_matvec_cuda(g.x, g.dx, g.n, g.kx, g.sx, g.v, g.mcols, g.threads, g.out)
                    : ik_pair_matvec_cpu(g.x, g.dx, g.n, g.kx, g.sx, g.v, g.mcols, g.threads, g.out);
      };
      add(e.bad, {{"v=NULL", [](Args& g) { g.v = nullptr; }},
                  {"v has NaN", [](Args& g) { g.v = D.vnan.data(); }},
                  {"m=0", [](Args& g) { g.mcols = 0; }},
                  {"m=-3", [](Args& g) { g.mcols = -3; }},
                  {"m=65", [](Args& g) { g.mcols = 65; }},
                  {"m=INT32_MAX", [](Args& g) { g.mcols = kI32Max; }}});
      add(e.neutral, {{"m=1", [](Args& g) { g.mcols = 1; }}});
      es.push_back(e);
    }
    {
      Entry e{"ik_pair_permuted_rows" + sfx, cuda, nullptr, nullptr, pbad, kinds};
      e.valid = [] {
        Args g = base();
        g.y = D.ybatch.data();
        return g;
      };
      e.call = [cuda](Args& g) {
        const int32_t batch = static_cast<int32_t>(std::clamp<int64_t>(g.batch, -1, kI32Max));
        return cuda ? ik_pair_permuted_rows_cuda(g.x, g.dx, g.y, g.dy, g.n, batch, g.kx, g.sx, g.ky, g.sy, g.threads,
                                                 g.out)
                    : ik_pair_permuted_rows_cpu(g.x, g.dx, g.y, g.dy, g.n, batch, g.kx, g.sx, g.ky, g.sy, g.threads,
                                                g.out);
      };
      add(e.bad, {{"a NaN in the third permutation", [](Args& g) { g.y = D.ybatchnan.data(); g.batch = 3; }},
                  {"batch=0", [](Args& g) { g.batch = 0; }},
                  {"batch=-1", [](Args& g) { g.batch = -1; }},
                  {"batch=65", [](Args& g) { g.batch = 65; }}});
      add(e.neutral, {{"batch=1", [](Args& g) { g.batch = 1; }}});
      es.push_back(e);
    }
  }
  // optimal transport
  for (bool cuda : {false, true}) {
    const std::string sfx = cuda ? "_cuda" : "_cpu";
    std::vector<Mutation> obad = n_bad();
    add(obad, {{"x=NULL", [](Args& g) { g.x = nullptr; }},
               {"y=NULL", [](Args& g) { g.y = nullptr; }},
               {"x has NaN", [](Args& g) { g.x = D.xnan.data(); }},
               {"y has -inf", [](Args& g) { g.y = D.yinf.data(); }},
               {"m=0", [](Args& g) { g.m = 0; }},
               {"m=-1", [](Args& g) { g.m = -1; }},
               {"m=2^40", [](Args& g) { g.m = int64_t{1} << 40; }},
               {"d=0", [](Args& g) { g.d = 0; }},
               {"d=-1", [](Args& g) { g.d = -1; }},
               {"eps=0", [](Args& g) { g.eps = 0; }},
               {"eps=-1", [](Args& g) { g.eps = -1; }},
               {"eps=NaN", [](Args& g) { g.eps = kNaN; }},
               {"eps=inf", [](Args& g) { g.eps = kInf; }},
               {"precision=2", [](Args& g) { g.precision = 2; }},
               {"precision=-1", [](Args& g) { g.precision = -1; }}});
    if (!cuda) obad.push_back({"precision=float (cuda only)", [](Args& g) { g.precision = IK_PRECISION_FLOAT; }});
    {
      Entry e{"ik_sinkhorn_lse" + sfx, cuda, base, nullptr, obad, threads_neutral()};
      e.call = [cuda](Args& g) {
        return cuda ? ik_sinkhorn_lse_cuda(g.x, g.n, g.y, g.m, g.d, g.eps, g.h, g.lw, g.precision, g.threads, g.out)
                    : ik_sinkhorn_lse_cpu(g.x, g.n, g.y, g.m, g.d, g.eps, g.h, g.lw, g.precision, g.threads, g.out);
      };
      add(e.bad, {{"h=NULL", [](Args& g) { g.h = nullptr; }}, {"out=NULL", [](Args& g) { g.out = nullptr; }}});
      add(e.neutral, {{"lw=NULL", [](Args& g) { g.lw = nullptr; }}});
      es.push_back(e);
    }
    {
      Entry e{"ik_sinkhorn" + sfx, cuda, nullptr, nullptr, obad, threads_neutral()};
      e.valid = [] {
        Args g = base();
        g.m = kN;
        return g;
      };
      e.call = [cuda](Args& g) {
        return cuda ? ik_sinkhorn_cuda(g.x, g.n, g.y, g.m, g.d, g.a, g.b, g.eps, g.mode, g.max_iter, g.tol, g.scaling,
                                       g.precision, g.threads, g.out, g.out2, g.stats)
                    : ik_sinkhorn_cpu(g.x, g.n, g.y, g.m, g.d, g.a, g.b, g.eps, g.mode, g.max_iter, g.tol, g.scaling,
                                      g.precision, g.threads, g.out, g.out2, g.stats);
      };
      add(e.bad, {{"out_stats=NULL", [](Args& g) { g.stats = nullptr; }},
                  {"mode=2", [](Args& g) { g.mode = 2; }},
                  {"max_iter=0", [](Args& g) { g.max_iter = 0; }},
                  {"max_iter=-1", [](Args& g) { g.max_iter = -1; }},
                  {"tol=-1", [](Args& g) { g.tol = -1; }},
                  {"tol=NaN", [](Args& g) { g.tol = kNaN; }},
                  {"eps_scaling=1", [](Args& g) { g.scaling = 1.0; }},
                  {"eps_scaling=-0.5", [](Args& g) { g.scaling = -0.5; }},
                  {"eps_scaling=NaN", [](Args& g) { g.scaling = kNaN; }},
                  {"a has a 0 weight", [](Args& g) { g.a = D.a_zero.data(); }},
                  {"a sums to 1.01", [](Args& g) { g.a = D.a_sum.data(); }},
                  {"a has NaN", [](Args& g) { g.a = D.a_nan.data(); }}});
      add(e.neutral, {{"a, b given", [](Args& g) { g.a = D.a.data(); g.b = D.b.data(); }},
                      {"f, g NULL", [](Args& g) { g.out = g.out2 = nullptr; }},
                      {"eps_scaling=0.5", [](Args& g) { g.scaling = 0.5; }}});
      es.push_back(e);
    }
  }
  return es;
}

// ---- the checks

bool lapack_entry(const std::string& name) { return name.find("eigenvalues_cpu") != std::string::npos; }

// A bad call: not IK_OK, a message, no path.
void expect_error(int32_t st, const std::string& what) {
  ++g_checks;
  if (st == IK_OK) {
    fail(what + ": returned IK_OK");
    return;
  }
  if (st != IK_EINVAL && st != IK_ENOMEM && st != IK_ENOCUDA && st != IK_EINTERNAL) {
    fail(what + ": unknown status " + std::to_string(st));
    return;
  }
  if (ik_last_error()[0] == '\0') fail(what + ": status " + status_name(st) + " without a message");
  if (ik_last_path()[0] != '\0') fail(what + ": failed but ik_last_path() = " + ik_last_path());
}

int g_bad_calls = 0, g_valid_calls = 0, g_skipped_entries = 0;
const bool g_verbose = std::getenv("IK_ABI_VERBOSE") != nullptr;  // print every call before making it

void announce(const std::string& what) {
  if (g_verbose) {
    std::printf("call: %s\n", what.c_str());
    std::fflush(stdout);
  }
}

void run_entry(const Entry& e, std::mt19937_64& rng) {
  // 1. valid arguments
  Args g = e.valid();
  int32_t st = e.call(g);
  ++g_valid_calls;
  bool usable = true;
  if (e.cuda && st == IK_ENOCUDA) {
    std::printf("skipped: %s: valid calls need a GPU (%s); its bad-argument calls still run\n", e.name.c_str(),
                ik_last_error());
    ++g_skipped_entries;
    usable = false;
  } else if (lapack_entry(e.name) && !ik_lapack_compiled()) {
    std::printf("skipped: %s: built without LAPACK (%s)\n", e.name.c_str(), ik_last_error());
    ++g_skipped_entries;
    usable = false;
  } else {
    check_ok(st, e.name + " valid arguments");
  }
  // neutral changes keep it valid
  for (const Mutation& m : e.neutral) {
    Args h = e.valid();
    m.apply(h);
    st = e.call(h);
    ++g_valid_calls;
    if (usable) check_ok(st, e.name + " valid with " + m.name);
  }
  // 2. every bad value alone
  for (const Mutation& m : e.bad) {
    Args h = e.valid();
    m.apply(h);
    ++g_bad_calls;
    announce(e.name + " with " + m.name);
    expect_error(e.call(h), e.name + " with " + m.name);
  }
  // 3. random combinations: 1-3 bad values, 0-2 neutral changes, in random order
  for (int r = 0; r < kRandomCalls; ++r) {
    std::vector<const Mutation*> ms;
    const int nb = 1 + int(rng() % 3), nn = e.neutral.empty() ? 0 : int(rng() % 3);
    for (int i = 0; i < nb; ++i) ms.push_back(&e.bad[rng() % e.bad.size()]);
    for (int i = 0; i < nn; ++i) ms.push_back(&e.neutral[rng() % e.neutral.size()]);
    std::shuffle(ms.begin(), ms.end(), rng);
    // neutral changes first, so that none undoes a bad value (each bad value stays bad whatever
    // neutral change comes with it)
    std::stable_partition(ms.begin(), ms.end(), [&](const Mutation* m) {
      return m >= e.neutral.data() && m < e.neutral.data() + e.neutral.size();
    });
    Args h = e.valid();
    std::string what = e.name + " with";
    for (const Mutation* m : ms) {
      m->apply(h);
      what += std::string(" [") + m->name + "]";
    }
    ++g_bad_calls;
    announce(what);
    expect_error(e.call(h), what);
  }
}

void test_info_entries() {
  check_true(ik_version() != nullptr && ik_version()[0] != '\0', "ik_version non-empty");
  check_true(ik_hardware_threads() >= 1, "ik_hardware_threads >= 1");
  check_true(ik_lapack_compiled() == 0 || ik_lapack_compiled() == 1, "ik_lapack_compiled is 0 or 1");
  check_true(ik_cuda_compiled() == 0 || ik_cuda_compiled() == 1, "ik_cuda_compiled is 0 or 1");
  int32_t count = -1;
  const int32_t st = ik_cuda_device_count(&count);
  check_true(st == IK_OK ? count >= 1 : (st == IK_ENOCUDA && ik_last_error()[0] != '\0'),
             "ik_cuda_device_count: a count >= 1 or IK_ENOCUDA with a reason");
  expect_error(ik_cuda_device_count(nullptr), "ik_cuda_device_count(NULL)");
  char buf[256];
  expect_error(ik_cuda_device_describe(0, nullptr, 256), "ik_cuda_device_describe buf=NULL");
  expect_error(ik_cuda_device_describe(0, buf, 0), "ik_cuda_device_describe buf_len=0");
  expect_error(ik_cuda_device_describe(0, buf, -1), "ik_cuda_device_describe buf_len=-1");
  expect_error(ik_cuda_device_describe(-1, buf, 256), "ik_cuda_device_describe device=-1");
  expect_error(ik_cuda_device_describe(9999, buf, 256), "ik_cuda_device_describe device=9999");
  if (st == IK_OK) {
    check_ok(ik_cuda_device_describe(0, buf, 8), "ik_cuda_device_describe buf_len=8 (truncated)");
    check_true(std::strlen(buf) < 8, "ik_cuda_device_describe buf_len=8 writes at most 7 chars + NUL");
  }
  expect_error(ik_batched_sym_eigenvalues_cuda_max_n(nullptr), "ik_batched_sym_eigenvalues_cuda_max_n(NULL)");
}

// ---- cancellation

void test_cancel(const std::vector<Entry>& es) {
  int32_t flag = 1;
  check_ok(ik_set_cancel_flag(&flag), "ik_set_cancel_flag");
  for (const Entry& e : es) {
    if (e.cuda || e.name.find("query != ref") != std::string::npos) continue;
    if (lapack_entry(e.name) && !ik_lapack_compiled()) continue;
    Args g = e.valid();
    flag = 1;
    int32_t st = e.call(g);
    ++g_checks;
    if (st != IK_ECANCELLED || ik_last_error()[0] == '\0')
      fail(e.name + " with a set cancel flag: status " + std::to_string(st) + " (want IK_ECANCELLED): " +
           ik_last_error());
    flag = 0;
    g = e.valid();
    check_ok(e.call(g), e.name + " after the flag was cleared");
  }
  check_ok(ik_set_cancel_flag(nullptr), "ik_set_cancel_flag(NULL)");
  // the process-wide switch
  ik_cancel_all(1);
  {
    Args g = base();
    const int32_t st = ik_pair_sums_cpu(g.x, g.dx, g.y, g.dy, g.n, g.kx, g.sx, g.ky, g.sy, 2, g.stats, nullptr, nullptr);
    check_true(st == IK_ECANCELLED, "ik_cancel_all(1): ik_pair_sums_cpu returns IK_ECANCELLED");
  }
  ik_cancel_all(0);
  check_true(ik_active_calls() == 0, "ik_active_calls() = 0 between calls");

  // a flag cancels its own thread only; a long call stops soon after its flag is set
  const int64_t n = 6000;
  std::mt19937_64 rng(3);
  const std::vector<double> x = gauss(n, 8, 1.0, rng);
  std::atomic<int32_t> cancel_a{0};
  int32_t st_a = IK_OK, st_b = IK_EINTERNAL;
  double secs_a = 0;
  std::atomic<bool> a_started{false};
  std::thread ta([&] {
    ik_set_cancel_flag(reinterpret_cast<const int32_t*>(&cancel_a));
    std::vector<double> sums(IK_PAIR_SUMS_LEN);
    a_started = true;
    st_a = IK_OK;
    // repeat until cancelled (a single call is ~0.1-1 s here, longer under sanitizers)
    for (int i = 0; i < 1000 && st_a == IK_OK; ++i)
      st_a = ik_pair_sums_cpu(x.data(), 8, nullptr, 0, n, IK_KERNEL_RBF, 2.0, IK_KERNEL_RBF, 2.0, 1, sums.data(),
                              nullptr, nullptr);
  });
  std::thread tb([&] {
    int32_t mine = 0;  // never set
    ik_set_cancel_flag(&mine);
    std::vector<double> sums(IK_PAIR_SUMS_LEN);
    while (!a_started) std::this_thread::yield();
    st_b = ik_pair_sums_cpu(x.data(), 8, nullptr, 0, 3000, IK_KERNEL_RBF, 2.0, IK_KERNEL_RBF, 2.0, 1, sums.data(),
                            nullptr, nullptr);
  });
  while (!a_started) std::this_thread::yield();
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  const auto t0 = std::chrono::steady_clock::now();
  cancel_a.store(1);
  ta.join();
  secs_a = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  tb.join();
  check_true(st_a == IK_ECANCELLED, "cancelled thread: IK_ECANCELLED (got " + std::to_string(st_a) + ")");
  check_true(st_b == IK_OK, "the other thread's call is not cancelled (got " + std::to_string(st_b) + ")");
  check_true(secs_a < 0.5, "a cancelled ik_pair_sums_cpu (n = 6000) returns within 0.5 s (took " +
                               std::to_string(secs_a) + " s)");
  std::printf("cancel: returned %.3f s after the flag was set\n", secs_a);
  check_true(ik_active_calls() == 0, "ik_active_calls() = 0 after the threads joined");
}

}  // namespace

int main(int argc, char** argv) {
  const uint64_t seed = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 18;
  D = make_data();
  std::mt19937_64 rng(seed);
  test_info_entries();
  const std::vector<Entry> es = entries();
  for (const Entry& e : es) run_entry(e, rng);
  test_cancel(es);
  std::printf("%s: %zu entries, %d valid calls, %d bad calls (seed %" PRIu64 "), %d entries skipped, %d checks, "
              "%d failures\n",
              g_failures ? "FAILED" : "ok", es.size(), g_valid_calls, g_bad_calls, seed, g_skipped_entries, g_checks,
              g_failures);
  return g_failures ? 1 : 0;
}
