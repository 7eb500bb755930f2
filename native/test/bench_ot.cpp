// bench_ot.cpp -- wall-clock time per Sinkhorn iteration, cpu against cuda, no JVM.
//
// For each n (= m) and d: x ~ N(0, I), y ~ N(0.5, I) (fixed seed), eps = 0.1 x the median cost
// over the first 2000 rows (the CLI default). Two measurements per backend:
//   "iteration": one v-update and one u-update through ik_sinkhorn_lse (2 n m fused cost
//                evaluations and exponentials, potentials uploaded and downloaded each time);
//   "solve":     ik_sinkhorn (alternating, POT's loop, everything device-resident on cuda) run for
//                exactly --iters sweeps (tol = 0 never stops early), divided by the sweeps; it also
//                pays the marginal check every 10 sweeps and the final statistics pass. On cpu only
//                for n <= 20000 (above, one iteration already takes seconds on a CPU).
// and once per backend, "divergence": the whole debiased S_eps = OT(x,y) - OT(x,x)/2 - OT(y,y)/2
// (feydy variant: alternating solve with eps-scaling 0.8 for OT(x,y), symmetric solves for the self
// terms, tol 1e-9, max 10000 sweeps each), in seconds per divergence, with the total sweeps (the
// value in the column of pairs per second is then the sweep count). Same size limit on cpu.
// End to end as a caller sees it; the CUDA context is created by an untimed warm-up call. Memory
// stays O((n + m) d): n = 1e5 needs a few MB where a dense cost matrix would need 80 GB. The cuda
// lines say how far their cost is from the cpu's (double) when both ran. Timing is not a test:
// exit 1 only when an entry fails, 2 on a usage error.
// Output lines: "n d backend precision what seconds_per_iteration pairs_per_second [cost_vs_cpu]".
//
//   bench_ot [--n N,N,...] [--d D,D,...] [--iters K] [--threads T] [--cpu-only] [--cuda-only] [--float]
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "infokernels.h"

namespace {

struct Options {
  std::vector<int64_t> ns = {5000, 100000};
  std::vector<int> ds = {10};
  int iters = 0;  // sweeps of the "solve" timing; 0: 20
  int threads = 0;
  bool cpu = true, cuda = true, single = false;
};

void usage(const char* prog) {
  std::fprintf(stderr,
               "usage: %s [--n N,N,...] [--d D,D,...] [--iters K] [--threads T] [--cpu-only] [--cuda-only] [--float]\n",
               prog);
}

template <class T>
std::vector<T> parse_list(const char* s) {
  std::vector<T> out;
  const char* p = s;
  while (*p) {
    char* end = nullptr;
    const long long v = std::strtoll(p, &end, 10);
    if (end == p || v <= 0) return {};
    out.push_back(static_cast<T>(v));
    p = *end == ',' ? end + 1 : end;
    if (*end != ',' && *end != '\0') return {};
  }
  return out;
}

double median_cost_eps(const std::vector<double>& x, const std::vector<double>& y, int64_t n, int d) {
  const int64_t r = std::min<int64_t>(n, 2000);
  std::vector<double> c(static_cast<size_t>(r * r));
  for (int64_t i = 0; i < r; ++i)
    for (int64_t j = 0; j < r; ++j) {
      double s = 0;
      for (int k = 0; k < d; ++k) {
        const double t = x[i * d + k] - y[j * d + k];
        s += t * t;
      }
      c[static_cast<size_t>(i * r + j)] = s;
    }
  std::nth_element(c.begin(), c.begin() + c.size() / 2, c.end());
  return 0.1 * c[c.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    const bool has = i + 1 < argc;
    if (a == "--n" && has) {
      o.ns = parse_list<int64_t>(argv[++i]);
    } else if (a == "--d" && has) {
      o.ds = parse_list<int>(argv[++i]);
    } else if (a == "--iters" && has) {
      o.iters = std::atoi(argv[++i]);
    } else if (a == "--threads" && has) {
      o.threads = std::atoi(argv[++i]);
    } else if (a == "--cpu-only") {
      o.cuda = false;
    } else if (a == "--cuda-only") {
      o.cpu = false;
    } else if (a == "--float") {
      o.single = true;
    } else if (a == "--help" || a == "-h") {
      usage(argv[0]);
      return 0;
    } else {
      usage(argv[0]);
      return 2;
    }
  }
  if (o.ns.empty() || o.ds.empty() || o.iters < 0) {
    usage(argv[0]);
    return 2;
  }
  int32_t devices = 0;
  const bool have_cuda = o.cuda && ik_cuda_device_count(&devices) == IK_OK;
  if (o.cuda && !have_cuda) std::printf("# cuda skipped: %s\n", ik_last_error());
  if (have_cuda) {  // create the context outside the timings
    const double w[2] = {0.0, 1.0}, h[2] = {0.0, 0.0};
    double out[2];
    ik_sinkhorn_lse_cuda(w, 2, w, 2, 1, 1.0, h, nullptr, IK_PRECISION_DOUBLE, 0, out);
  }
  std::printf("# n d backend precision what seconds_per_iteration pairs_per_second [cost_vs_cpu]\n");
  int status = 0;
  using Clock = std::chrono::steady_clock;
  for (int64_t n : o.ns)
    for (int d : o.ds) {
      std::mt19937_64 rng(7);
      std::normal_distribution<double> g(0.0, 1.0);
      std::vector<double> x(static_cast<size_t>(n * d)), y(static_cast<size_t>(n * d));
      for (auto& e : x) e = g(rng);
      for (auto& e : y) e = g(rng) + 0.5;
      const double eps = median_cost_eps(x, y, n, d);
      const double pairs = 2.0 * static_cast<double>(n) * static_cast<double>(n);
      const int iters = o.iters > 0 ? o.iters : 20;
      double cpu_cost = NAN;
      for (int backend = 0; backend < 2; ++backend) {
        if ((backend == 0 && !o.cpu) || (backend == 1 && !have_cuda)) continue;
        const char* name = backend == 0 ? "cpu" : "cuda";
        const int precision = backend == 1 && o.single ? IK_PRECISION_FLOAT : IK_PRECISION_DOUBLE;
        const char* prec = precision == IK_PRECISION_FLOAT ? "float" : "double";
        const auto lse = backend == 0 ? ik_sinkhorn_lse_cpu : ik_sinkhorn_lse_cuda;
        const auto solve = backend == 0 ? ik_sinkhorn_cpu : ik_sinkhorn_cuda;

        std::vector<double> u(static_cast<size_t>(n), 0.0), v(static_cast<size_t>(n)), la(static_cast<size_t>(n));
        for (auto& e : la) e = -std::log(static_cast<double>(n));
        const auto t0 = Clock::now();
        int st = lse(y.data(), n, x.data(), n, d, eps, u.data(), la.data(), precision, o.threads, v.data());
        if (st == IK_OK) st = lse(x.data(), n, y.data(), n, d, eps, v.data(), la.data(), precision, o.threads, u.data());
        const double it_sec = std::chrono::duration<double>(Clock::now() - t0).count();
        if (st != IK_OK) {
          std::printf("# %s lse failed: %s\n", name, ik_last_error());
          status = 1;
          continue;
        }
        std::printf("%lld %d %s %s iteration %.6f %.3e\n", static_cast<long long>(n), d, name, prec, it_sec,
                    pairs / it_sec);
        std::fflush(stdout);
        if (backend == 0 && n > 20000) continue;

        double s[IK_OT_STATS_LEN];
        const auto t1 = Clock::now();
        st = solve(x.data(), n, y.data(), n, d, nullptr, nullptr, eps, IK_SINKHORN_ALTERNATING, iters, 0.0, 0.0,
                   precision, o.threads, nullptr, nullptr, s);
        const double sec = std::chrono::duration<double>(Clock::now() - t1).count();
        if (st != IK_OK) {
          std::printf("# %s solve failed: %s\n", name, ik_last_error());
          status = 1;
          continue;
        }
        const double per = sec / s[IK_OT_ITERATIONS];
        std::printf("%lld %d %s %s solve %.6f %.3e", static_cast<long long>(n), d, name, prec, per, pairs / per);
        if (backend == 0) cpu_cost = s[IK_OT_COST];
        if (backend == 1 && std::isfinite(cpu_cost))
          std::printf(" %.2e", std::fabs(s[IK_OT_COST] - cpu_cost) / std::fabs(cpu_cost));
        std::printf("\n");
        std::fflush(stdout);

        double sxy[IK_OT_STATS_LEN], sxx[IK_OT_STATS_LEN], syy[IK_OT_STATS_LEN];
        const auto t2 = Clock::now();
        st = solve(x.data(), n, y.data(), n, d, nullptr, nullptr, eps, IK_SINKHORN_ALTERNATING, 10000, 1e-9, 0.8,
                   precision, o.threads, nullptr, nullptr, sxy);
        if (st == IK_OK)
          st = solve(x.data(), n, nullptr, 0, d, nullptr, nullptr, eps, IK_SINKHORN_SYMMETRIC, 10000, 1e-9, 0.0,
                     precision, o.threads, nullptr, nullptr, sxx);
        if (st == IK_OK)
          st = solve(y.data(), n, nullptr, 0, d, nullptr, nullptr, eps, IK_SINKHORN_SYMMETRIC, 10000, 1e-9, 0.0,
                     precision, o.threads, nullptr, nullptr, syy);
        const double dsec = std::chrono::duration<double>(Clock::now() - t2).count();
        if (st != IK_OK) {
          std::printf("# %s divergence failed: %s\n", name, ik_last_error());
          status = 1;
          continue;
        }
        const double sdiv = sxy[IK_OT_REGULARIZED] - 0.5 * (sxx[IK_OT_REGULARIZED] + syy[IK_OT_REGULARIZED]);
        std::printf("%lld %d %s %s divergence %.6f %.0f sweeps S_eps=%.10g converged=%d%d%d\n",
                    static_cast<long long>(n), d, name, prec, dsec,
                    sxy[IK_OT_ITERATIONS] + sxx[IK_OT_ITERATIONS] + syy[IK_OT_ITERATIONS], sdiv,
                    static_cast<int>(sxy[IK_OT_CONVERGED]), static_cast<int>(sxx[IK_OT_CONVERGED]),
                    static_cast<int>(syy[IK_OT_CONVERGED]));
        std::fflush(stdout);
      }
    }
  return status;
}
