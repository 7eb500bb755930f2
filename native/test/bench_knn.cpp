// bench_knn.cpp -- wall-clock timing of the native k-NN entries, cpu against cuda, with no JVM.
//
// Cases, for n = 10^4, 10^5, 10^6 (up to --max-n):
//   ksg1  ik_ksg_counts, algorithm 1, x and y 2-D each (2+2), y = rho x + sqrt(1 - rho^2) e
//         per coordinate (correlated Gaussians, rho = 0.8, fixed seed);
//   knn   ik_knn_distance of the joint 4-D points to themselves (Kozachenko-Leonenko rho_k),
//         Euclidean norm.
// Each backend runs --reps times; "seconds" is the fastest run, end to end as a caller sees it
// (for cuda: grid building, upload, kernels, download; the CUDA context is created by an untimed
// warm-up call). Backends: cpu; cuda (the default path: cell lists for these low dimensions from
// n = 4096, or whatever IK_CUDA_KNN says); cuda-brute (IK_CUDA_KNN=brute, the tiled brute force,
// up to --brute-max-n). The cuda lines carry cpu/cuda (the speed-up) and whether the outputs
// agree with the cpu: counts exactly, distances to 1e-12 relative. Timing is not a test: the
// exit status is 1 only when an entry fails or the backends disagree, 2 on a usage error.
//
//   bench_knn [--max-n N] [--brute-max-n N] [--reps R] [--k K] [--threads T] [--cpu-only]
#include <algorithm>
#include <chrono>
#include <cinttypes>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include "infokernels.h"

namespace {

struct Options {
  int64_t max_n = 1000000;
  int64_t brute_max_n = 1000000;
  int reps = 3;
  int k = 3;
  int threads = 0;
  bool cpu_only = false;
};

void usage(const char* prog) {
  std::printf(
      "usage: %s [--max-n N] [--brute-max-n N] [--reps R] [--k K] [--threads T] [--cpu-only]\n"
      "  --max-n N    largest n of 10^4, 10^5, 10^6 to run (default 1000000)\n"
      "  --brute-max-n N  largest n for the cuda-brute lines (default 1000000; 0: none)\n"
      "  --reps R     runs per backend and case; the fastest is reported (default 3)\n"
      "  --k K        neighbours (default 3)\n"
      "  --threads T  cpu threads, <= 0 for all hardware threads (default 0)\n"
      "  --cpu-only   do not try the cuda backend\n",
      prog);
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
    } else if (arg == "--max-n" && has_value) {
      o->max_n = std::atoll(argv[++a]);
    } else if (arg == "--brute-max-n" && has_value) {
      o->brute_max_n = std::atoll(argv[++a]);
    } else if (arg == "--reps" && has_value) {
      o->reps = std::atoi(argv[++a]);
    } else if (arg == "--k" && has_value) {
      o->k = std::atoi(argv[++a]);
    } else if (arg == "--threads" && has_value) {
      o->threads = std::atoi(argv[++a]);
    } else {
      std::fprintf(stderr, "bench_knn: unknown or incomplete option '%s'\n", arg.c_str());
      return false;
    }
  }
  if (o->reps < 1 || o->k < 1 || o->max_n < 1) {
    std::fprintf(stderr, "bench_knn: --reps, --k and --max-n must be >= 1\n");
    return false;
  }
  return true;
}

// x: n x 2 standard normal; y = rho x + sqrt(1 - rho^2) e, coordinate by coordinate.
void correlated_gaussians(int64_t n, uint64_t seed, std::vector<double>* x, std::vector<double>* y) {
  const double rho = 0.8;
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> normal(0.0, 1.0);
  x->resize(static_cast<std::size_t>(2 * n));
  y->resize(x->size());
  for (std::size_t t = 0; t < x->size(); ++t) {
    (*x)[t] = normal(rng);
    (*y)[t] = rho * (*x)[t] + std::sqrt(1.0 - rho * rho) * normal(rng);
  }
}

// Fastest of `reps` runs of f in seconds; negative when f fails (its status is reported).
double best_seconds(int reps, const std::function<int32_t()>& f, int32_t* status) {
  double best = -1.0;
  for (int r = 0; r < reps; ++r) {
    const auto t0 = std::chrono::steady_clock::now();
    *status = f();
    const auto t1 = std::chrono::steady_clock::now();
    if (*status != IK_OK) return -1.0;
    const double s = std::chrono::duration<double>(t1 - t0).count();
    if (best < 0 || s < best) best = s;
  }
  return best;
}

bool same_distances(const std::vector<double>& a, const std::vector<double>& b) {
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i] == b[i]) continue;
    if (std::fabs(a[i] - b[i]) > 1e-12 * std::max(std::fabs(a[i]), std::fabs(b[i]))) return false;
  }
  return true;
}

void print_line(const char* name, int64_t n, const char* dims, int k, const char* backend,
                double seconds, int reps, const std::string& extra) {
  std::printf("case=%s n=%" PRId64 " d=%s k=%d backend=%s seconds=%.6f reps=%d%s\n", name, n, dims,
              k, backend, seconds, reps, extra.c_str());
  std::fflush(stdout);
}

void print_failure(const char* name, int64_t n, const char* backend, int32_t status) {
  std::printf("case=%s n=%" PRId64 " backend=%s ERROR status=%d: %s\n", name, n, backend, status,
              ik_last_error());
  std::fflush(stdout);
}

std::string ratio_text(double cpu_seconds, double cuda_seconds, bool agree) {
  char buf[96];
  if (cpu_seconds > 0 && cuda_seconds > 0) {
    std::snprintf(buf, sizeof buf, " cpu/cuda=%.2f", cpu_seconds / cuda_seconds);
  } else {
    buf[0] = '\0';
  }
  return std::string(buf) + (agree ? " check=identical" : " check=MISMATCH");
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  if (!parse(argc, argv, &o)) {
    usage(argv[0]);
    return 2;
  }

  bool cuda = false;
  if (!o.cpu_only) {
    int32_t devices = 0;
    if (ik_cuda_device_count(&devices) == IK_OK && devices > 0) {
      char name[256];
      cuda = ik_cuda_device_describe(0, name, sizeof name) == IK_OK;
      std::printf("# cuda: %s\n", cuda ? name : ik_last_error());
    } else {
      std::printf("# cuda: not used: %s\n", ik_last_error());
    }
  }
  std::printf("# infokernels %s, cpu threads %d, reps %d, k %d\n", ik_version(),
              o.threads > 0 ? o.threads : ik_hardware_threads(), o.reps, o.k);

  if (cuda) {  // untimed warm-up: creates the CUDA context and loads the module
    std::vector<double> x, y;
    correlated_gaussians(1000, 1, &x, &y);
    std::vector<int64_t> nx(1000), ny(1000);
    const int32_t status = ik_ksg_counts_cuda(x.data(), 2, y.data(), 2, 1000, o.k, 1, 0, nullptr,
                                              nx.data(), ny.data());
    if (status != IK_OK) {
      print_failure("warm-up", 1000, "cuda", status);
      return 1;
    }
  }

  // the default cuda path as configured by the caller, then the brute force alone
  const char* env = std::getenv("IK_CUDA_KNN");
  const std::string user_path = env != nullptr ? env : "";
  auto set_path = [&](bool brute) {
    if (brute) {
      setenv("IK_CUDA_KNN", "brute", 1);
    } else if (env != nullptr) {
      setenv("IK_CUDA_KNN", user_path.c_str(), 1);
    } else {
      unsetenv("IK_CUDA_KNN");
    }
  };

  bool ok = true;
  for (int64_t n : {int64_t{10000}, int64_t{100000}, int64_t{1000000}}) {
    if (n > o.max_n) break;
    std::vector<double> x, y;
    correlated_gaussians(n, 20240 + static_cast<uint64_t>(n), &x, &y);
    const std::size_t nn = static_cast<std::size_t>(n);
    std::vector<double> z(4 * nn);  // joint rows (x | y) for the entropy case
    for (std::size_t i = 0; i < nn; ++i) {
      std::memcpy(&z[4 * i], &x[2 * i], 2 * sizeof(double));
      std::memcpy(&z[4 * i + 2], &y[2 * i], 2 * sizeof(double));
    }

    // KSG algorithm 1, 2+2 dimensions
    {
      std::vector<double> eps_cpu(nn), eps(nn);
      std::vector<int64_t> nx_cpu(nn), ny_cpu(nn), nx(nn), ny(nn);
      int32_t status = IK_OK;
      const double cpu_s = best_seconds(o.reps, [&] {
        return ik_ksg_counts_cpu(x.data(), 2, y.data(), 2, n, o.k, 1, o.threads, eps_cpu.data(),
                                 nx_cpu.data(), ny_cpu.data());
      }, &status);
      if (cpu_s < 0) {
        print_failure("ksg1", n, "cpu", status);
        ok = false;
      } else {
        print_line("ksg1", n, "2+2", o.k, "cpu", cpu_s, o.reps, "");
      }
      for (bool brute : {false, true}) {
        if (!cuda || (brute && n > o.brute_max_n)) continue;
        const char* backend = brute ? "cuda-brute" : "cuda";
        set_path(brute);
        const double cuda_s = best_seconds(o.reps, [&] {
          return ik_ksg_counts_cuda(x.data(), 2, y.data(), 2, n, o.k, 1, 0, eps.data(), nx.data(),
                                    ny.data());
        }, &status);
        set_path(false);
        if (cuda_s < 0) {
          print_failure("ksg1", n, backend, status);
          ok = false;
          continue;
        }
        const bool agree = cpu_s > 0 && nx_cpu == nx && ny_cpu == ny && same_distances(eps_cpu, eps);
        ok = ok && agree;
        print_line("ksg1", n, "2+2", o.k, backend, cuda_s, o.reps, ratio_text(cpu_s, cuda_s, agree));
      }
    }

    // k-th neighbour distances of the joint points (entropy), Euclidean
    {
      std::vector<double> rho_cpu(nn), rho(nn);
      int32_t status = IK_OK;
      const double cpu_s = best_seconds(o.reps, [&] {
        return ik_knn_distance_cpu(z.data(), n, z.data(), n, 4, o.k, IK_NORM_EUCLIDEAN, 1,
                                   o.threads, rho_cpu.data());
      }, &status);
      if (cpu_s < 0) {
        print_failure("knn", n, "cpu", status);
        ok = false;
      } else {
        print_line("knn", n, "4", o.k, "cpu", cpu_s, o.reps, "");
      }
      for (bool brute : {false, true}) {
        if (!cuda || (brute && n > o.brute_max_n)) continue;
        const char* backend = brute ? "cuda-brute" : "cuda";
        set_path(brute);
        const double cuda_s = best_seconds(o.reps, [&] {
          return ik_knn_distance_cuda(z.data(), n, z.data(), n, 4, o.k, IK_NORM_EUCLIDEAN, 1, 0,
                                      rho.data());
        }, &status);
        set_path(false);
        if (cuda_s < 0) {
          print_failure("knn", n, backend, status);
          ok = false;
          continue;
        }
        const bool agree = cpu_s > 0 && same_distances(rho_cpu, rho);
        ok = ok && agree;
        print_line("knn", n, "4", o.k, backend, cuda_s, o.reps, ratio_text(cpu_s, cuda_s, agree));
      }
    }
  }
  std::printf("# %s\n", ok ? "ok" : "FAILED: an entry failed or the backends disagree");
  return ok ? 0 : 1;
}
