// bench_kernel.cpp -- wall-clock timing of the kernel-family engine, cpu against cuda, no JVM.
//
// Case "pair_sums": ik_pair_sums with RBF kernels on x and y (dx = dy = d), the one pass behind
// HSIC, CKA and CS-QMI (n^2/2 pairs x 2 exps); x ~ N(0, I), y = 0.8 x + 0.6 e column-wise
// (fixed seed), sigma = sqrt(d) for both. Case "matvec" (--matvec): ik_kernel_matvec of K o L
// with m = 1 (one Lanczos/power step of matrix Renyi). Each backend runs --reps times and the
// fastest run is printed, end to end as a caller sees it (cuda: upload, kernels, download; the
// CUDA context is created by an untimed warm-up call). The cuda line says whether the sums agree
// with the cpu's to 1e-12 relative. Timing is not a test: exit 1 only when an entry fails or the
// backends disagree, 2 on a usage error. Output lines: "n d backend case seconds cpu_seconds"
// (cpu_seconds: process CPU time of the timed run, all threads). Above --cpu-max-n (default
// 200000) only cuda runs: one n = 1e6, d = 64 pass takes about an hour on a 2-core CPU.
//
//   bench_kernel [--n N,N,...] [--d D,D,...] [--reps R] [--threads T] [--cpu-only] [--cpu-max-n N] [--matvec]
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include "infokernels.h"

namespace {

struct Options {
  std::vector<int64_t> ns = {10000, 100000};
  std::vector<int> ds = {10, 64};
  int reps = 1;
  int threads = 0;
  bool cpu_only = false;
  int64_t cpu_max_n = 200000;
  bool matvec = false;
  std::vector<int> ms = {1};
  bool single = false;
};

void usage(const char* prog) {
  std::printf(
      "usage: %s [--n N,N,...] [--d D,D,...] [--reps R] [--threads T] [--cpu-only] [--cpu-max-n N] [--matvec] [--m M,M,...] [--single]\n"
      "  --n        sample sizes (default 10000,100000)\n"
      "  --d        dimensions of x and of y (default 10,64)\n"
      "  --reps R   runs per backend and case; the fastest is reported (default 1)\n"
      "  --threads  cpu threads, <= 0 for all hardware threads (default 0)\n"
      "  --cpu-only do not try the cuda backend\n"
      "  --cpu-max-n N  largest n the cpu backend runs (default 200000; above it cuda alone)\n"
      "  --matvec   also time ik_kernel_matvec (K o L) V\n"
      "  --m        columns of V in the matvec case (default 1; SLQ uses 8 to 64)\n"
      "  --single   the matvec case applies K alone (no y: Renyi entropy, von Neumann, DSE)\n",
      prog);
}

template <class T>
bool parse_list(const char* s, std::vector<T>* out) {
  out->clear();
  std::string str(s);
  size_t pos = 0;
  while (pos <= str.size()) {
    const size_t comma = str.find(',', pos);
    const std::string item = str.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos);
    char* end = nullptr;
    const long long v = std::strtoll(item.c_str(), &end, 10);
    if (item.empty() || *end != '\0' || v < 1) return false;
    out->push_back(static_cast<T>(v));
    if (comma == std::string::npos) break;
    pos = comma + 1;
  }
  return !out->empty();
}

bool parse(int argc, char** argv, Options* o) {
  for (int a = 1; a < argc; ++a) {
    const std::string arg = argv[a];
    const bool has_value = a + 1 < argc;
    if (arg == "--help" || arg == "-h") {
      usage(argv[0]);
      std::exit(0);
    } else if (arg == "--cpu-only") {
      o->cpu_only = true;
    } else if (arg == "--matvec") {
      o->matvec = true;
    } else if (arg == "--single") {
      o->single = true;
    } else if (arg == "--m" && has_value) {
      if (!parse_list(argv[++a], &o->ms)) return false;
    } else if (arg == "--n" && has_value) {
      if (!parse_list(argv[++a], &o->ns)) return false;
    } else if (arg == "--d" && has_value) {
      if (!parse_list(argv[++a], &o->ds)) return false;
    } else if (arg == "--cpu-max-n" && has_value) {
      o->cpu_max_n = std::atoll(argv[++a]);
    } else if (arg == "--reps" && has_value) {
      o->reps = std::atoi(argv[++a]);
      if (o->reps < 1) return false;
    } else if (arg == "--threads" && has_value) {
      o->threads = std::atoi(argv[++a]);
    } else {
      return false;
    }
  }
  return true;
}

// Fastest wall-clock time of `reps` runs; *cpu_seconds gets the process CPU time (all threads)
// of that run, which stays meaningful on a loaded machine.
double seconds_of(const std::function<int32_t()>& run, int reps, int32_t* status, double* cpu_seconds) {
  double best = 1e300;
  for (int r = 0; r < reps; ++r) {
    const std::clock_t c0 = std::clock();
    const auto t0 = std::chrono::steady_clock::now();
    *status = run();
    const auto t1 = std::chrono::steady_clock::now();
    const std::clock_t c1 = std::clock();
    if (*status != IK_OK) return 0.0;
    const double wall = std::chrono::duration<double>(t1 - t0).count();
    if (wall < best) {
      best = wall;
      *cpu_seconds = static_cast<double>(c1 - c0) / CLOCKS_PER_SEC;
    }
  }
  return best;
}

bool close(const double* a, const double* b, int len) {
  for (int q = 0; q < len; ++q)
    if (!(std::fabs(a[q] - b[q]) <= 1e-12 * std::max(std::fabs(a[q]), std::fabs(b[q])))) return false;
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  if (!parse(argc, argv, &o)) {
    usage(argv[0]);
    return 2;
  }
  bool cuda = !o.cpu_only;
  if (cuda) {
    int32_t count = 0;
    if (ik_cuda_device_count(&count) != IK_OK || count == 0) {
      std::printf("# cuda: %s\n", ik_last_error());
      cuda = false;
    } else {
      char name[256];
      ik_cuda_device_describe(0, name, sizeof name);
      std::printf("# cuda device 0: %s\n", name);
    }
  }
  std::printf("# cpu threads: %d (hardware %d)\n", o.threads > 0 ? o.threads : ik_hardware_threads(),
              ik_hardware_threads());
  std::printf("%8s %4s %8s %10s %10s %11s\n", "n", "d", "backend", "case", "seconds", "cpu_seconds");
  int bad = 0;
  for (int64_t n : o.ns) {
    for (int d : o.ds) {
      std::mt19937_64 rng(20240611);
      std::normal_distribution<double> g(0.0, 1.0);
      std::vector<double> x(static_cast<size_t>(n * d)), y(static_cast<size_t>(n * d));
      for (size_t q = 0; q < x.size(); ++q) {
        x[q] = g(rng);
        y[q] = 0.8 * x[q] + 0.6 * g(rng);
      }
      const double sigma = std::sqrt(static_cast<double>(d));
      double cpu_sums[IK_PAIR_SUMS_LEN], gpu_sums[IK_PAIR_SUMS_LEN];
      std::vector<double> rk(static_cast<size_t>(n)), rl(static_cast<size_t>(n));
      int32_t st = IK_OK;
      double cs = 0.0;
      const bool run_cpu = n <= o.cpu_max_n;
      const double t_cpu = !run_cpu ? 0.0 : seconds_of(
          [&] {
            return ik_pair_sums_cpu(x.data(), d, y.data(), d, n, IK_KERNEL_RBF, sigma, IK_KERNEL_RBF, sigma,
                                    o.threads, cpu_sums, rk.data(), rl.data());
          },
          o.reps, &st, &cs);
      if (st != IK_OK) {
        std::printf("ik_pair_sums_cpu failed: %s\n", ik_last_error());
        return 1;
      }
      if (run_cpu) {
        std::printf("%8lld %4d %8s %10s %10.3f %11.3f\n", static_cast<long long>(n), d, "cpu", "pair_sums", t_cpu, cs);
      } else {
        std::printf("%8lld %4d %8s %10s %10s %11s   (n > --cpu-max-n)\n", static_cast<long long>(n), d, "cpu",
                    "pair_sums", "-", "-");
      }
      std::fflush(stdout);
      if (cuda) {
        ik_pair_sums_cuda(x.data(), d, y.data(), d, std::min<int64_t>(n, 64), IK_KERNEL_RBF, sigma, IK_KERNEL_RBF,
                          sigma, 0, gpu_sums, nullptr, nullptr);  // warm-up: context creation
        const double t_gpu = seconds_of(
            [&] {
              return ik_pair_sums_cuda(x.data(), d, y.data(), d, n, IK_KERNEL_RBF, sigma, IK_KERNEL_RBF, sigma,
                                       o.threads, gpu_sums, rk.data(), rl.data());
            },
            o.reps, &st, &cs);
        if (st != IK_OK) {
          std::printf("ik_pair_sums_cuda failed: %s\n", ik_last_error());
          return 1;
        }
        if (run_cpu) {
          const bool agree = close(cpu_sums, gpu_sums, IK_PAIR_SUMS_LEN);
          bad += !agree;
          std::printf("%8lld %4d %8s %10s %10.3f %11.3f   cpu/cuda %.1fx, sums %s\n", static_cast<long long>(n), d,
                      "cuda", "pair_sums", t_gpu, cs, t_cpu / t_gpu, agree ? "agree" : "DISAGREE");
        } else {
          std::printf("%8lld %4d %8s %10s %10.3f %11.3f   sum K o L = %.17g\n", static_cast<long long>(n), d, "cuda",
                      "pair_sums", t_gpu, cs, gpu_sums[0]);
        }
      }
      for (int m : o.matvec ? o.ms : std::vector<int>{}) {
        // V: deterministic entries 0.5 or 1.5 (positive, so the 1e-12 relative comparison is meaningful)
        std::vector<double> v(static_cast<size_t>(n) * m), out_c(v.size()), out_g(v.size());
        for (size_t q = 0; q < v.size(); ++q) v[q] = (q * 2654435761u) >> 7 & 1 ? 1.5 : 0.5;
        const double* yy = o.single ? nullptr : y.data();
        const char* label = o.single ? "matvec_k" : "matvec_kl";
        double tc = 0.0;
        if (run_cpu) {
          tc = seconds_of(
              [&] {
                return ik_kernel_matvec_cpu(x.data(), d, yy, d, n, IK_KERNEL_RBF, sigma, IK_KERNEL_RBF, sigma,
                                            v.data(), m, o.threads, out_c.data());
              },
              o.reps, &st, &cs);
          if (st != IK_OK) {
            std::printf("ik_kernel_matvec_cpu failed: %s\n", ik_last_error());
            return 1;
          }
          std::printf("%8lld %4d %8s %10s %10.3f %11.3f   m = %d\n", static_cast<long long>(n), d, "cpu", label, tc,
                      cs, m);
        } else {
          std::printf("%8lld %4d %8s %10s %10s %11s   m = %d (n > --cpu-max-n)\n", static_cast<long long>(n), d, "cpu",
                      label, "-", "-", m);
        }
        std::fflush(stdout);
        if (cuda) {
          const double tg = seconds_of(
              [&] {
                return ik_kernel_matvec_cuda(x.data(), d, yy, d, n, IK_KERNEL_RBF, sigma, IK_KERNEL_RBF, sigma,
                                             v.data(), m, o.threads, out_g.data());
              },
              o.reps, &st, &cs);
          if (st != IK_OK) {
            std::printf("ik_kernel_matvec_cuda failed: %s\n", ik_last_error());
            return 1;
          }
          if (run_cpu) {
            const bool agree = close(out_c.data(), out_g.data(), static_cast<int>(std::min<size_t>(v.size(), 1u << 30)));
            bad += !agree;
            std::printf("%8lld %4d %8s %10s %10.3f %11.3f   m = %d, cpu/cuda %.1fx, outputs %s\n",
                        static_cast<long long>(n), d, "cuda", label, tg, cs, m, tc / tg, agree ? "agree" : "DISAGREE");
          } else {
            std::printf("%8lld %4d %8s %10s %10.3f %11.3f   m = %d\n", static_cast<long long>(n), d, "cuda", label, tg,
                        cs, m);
          }
        }
      }
      std::fflush(stdout);
    }
  }
  return bad ? 1 : 0;
}
