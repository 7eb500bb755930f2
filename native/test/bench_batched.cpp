// bench_batched.cpp -- wall-clock timing of ik_batched_sym_eigenvalues, cpu (LAPACK per matrix,
// threads over the batch) against cuda (Jacobi, one block per matrix), no JVM.
//
// The matrices are what UNComp's truncated matrix entropy decomposes: for each item, A = R^T R / n
// of a random n x n "token x head-dim" block R with centred, unit-norm rows (PSD, trace 1). Each
// backend runs --reps times; the fastest run and the median are printed, end to end as a caller
// sees it (cuda: upload, kernel, download; the context is created by an untimed warm-up call).
// The cuda line reports the largest eigenvalue difference to the cpu relative to ||A||_F.
// Timing is not a test: exit 1 only when an entry fails, 2 on a usage error. Output lines:
// "batch n backend best_ms median_ms".
//
//   bench_batched [--batch B] [--n N,N,...] [--reps R] [--threads T] [--cpu-only]
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
  int64_t batch = 32;
  std::vector<int> ns = {128};
  int reps = 20;
  int threads = 0;
  bool cpu_only = false;
};

void usage(const char* prog) {
  std::printf(
      "usage: %s [--batch B] [--n N,N,...] [--reps R] [--threads T] [--cpu-only]\n"
      "  --batch B  matrices per call (default 32, one UNComp layer of 32 heads)\n"
      "  --n        matrix sizes (default 128)\n"
      "  --reps R   runs per backend; best and median are reported (default 20)\n"
      "  --threads  cpu threads over the batch, <= 0 for all hardware threads (default 0)\n"
      "  --cpu-only do not try the cuda backend\n",
      prog);
}

bool parse_ints(const char* s, std::vector<int>* out) {
  out->clear();
  std::string str(s);
  size_t pos = 0;
  while (pos <= str.size()) {
    const size_t comma = str.find(',', pos);
    const std::string item = str.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos);
    char* end = nullptr;
    const long v = std::strtol(item.c_str(), &end, 10);
    if (item.empty() || *end != '\0' || v < 1) return false;
    out->push_back(static_cast<int>(v));
    if (comma == std::string::npos) break;
    pos = comma + 1;
  }
  return !out->empty();
}

std::vector<double> covariances(int64_t batch, int n, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> g(0.0, 1.0);
  const size_t nn = static_cast<size_t>(n) * n;
  std::vector<double> a(static_cast<size_t>(batch) * nn), r(nn);
  for (int64_t b = 0; b < batch; ++b) {
    for (auto& v : r) v = g(rng);
    for (int j = 0; j < n; ++j) {  // centre the columns (mean over rows)
      double m = 0;
      for (int i = 0; i < n; ++i) m += r[i * n + j];
      m /= n;
      for (int i = 0; i < n; ++i) r[i * n + j] -= m;
    }
    for (int i = 0; i < n; ++i) {  // unit rows
      double s = 0;
      for (int j = 0; j < n; ++j) s += r[i * n + j] * r[i * n + j];
      s = 1.0 / std::sqrt(s);
      for (int j = 0; j < n; ++j) r[i * n + j] *= s;
    }
    double* ab = a.data() + b * nn;
    for (int i = 0; i < n; ++i)
      for (int j = i; j < n; ++j) {
        double s = 0;
        for (int k = 0; k < n; ++k) s += r[k * n + i] * r[k * n + j];
        ab[i * n + j] = ab[j * n + i] = s / n;
      }
  }
  return a;
}

template <class F>
bool time_runs(int reps, F&& f, double* best_ms, double* median_ms) {
  std::vector<double> t;
  for (int r = 0; r < reps; ++r) {
    const auto t0 = std::chrono::steady_clock::now();
    if (!f()) return false;
    t.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
  }
  std::sort(t.begin(), t.end());
  *best_ms = t.front();
  *median_ms = t[t.size() / 2];
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    const bool has_value = i + 1 < argc;
    if (a == "--help" || a == "-h") {
      usage(argv[0]);
      return 0;
    } else if (a == "--batch" && has_value) {
      o.batch = std::strtoll(argv[++i], nullptr, 10);
    } else if (a == "--n" && has_value) {
      if (!parse_ints(argv[++i], &o.ns)) {
        usage(argv[0]);
        return 2;
      }
    } else if (a == "--reps" && has_value) {
      o.reps = std::atoi(argv[++i]);
    } else if (a == "--threads" && has_value) {
      o.threads = std::atoi(argv[++i]);
    } else if (a == "--cpu-only") {
      o.cpu_only = true;
    } else {
      usage(argv[0]);
      return 2;
    }
  }
  if (o.batch < 1 || o.reps < 1) {
    usage(argv[0]);
    return 2;
  }
  int32_t count = 0;
  const bool cuda = !o.cpu_only && ik_cuda_device_count(&count) == IK_OK && count > 0;
  if (!o.cpu_only && !cuda) std::printf("# cuda skipped: %s\n", ik_last_error());
  std::printf("# batch n backend best_ms median_ms\n");
  // a library built without LAPACK has no cpu entry: time cuda alone (no comparison) or, with
  // nothing left to time, exit 77 (the gpu-check script reports that as a warning)
  double probe_a[1] = {1.0}, probe_w[1];
  const bool cpu = ik_batched_sym_eigenvalues_cpu(probe_a, 1, 1, 1, probe_w) == IK_OK;
  if (!cpu) std::printf("# cpu skipped: %s\n", ik_last_error());
  if (!cpu && !cuda) return 77;
  int status = 0;
  for (int n : o.ns) {
    const auto a = covariances(o.batch, n, 42);
    std::vector<double> wc(static_cast<size_t>(o.batch) * n), wg(wc.size());
    double best = 0, med = 0;
    if (cpu) {
      if (!time_runs(o.reps, [&] { return ik_batched_sym_eigenvalues_cpu(a.data(), o.batch, n, o.threads, wc.data()) == IK_OK; },
                     &best, &med)) {
        std::printf("cpu failed: %s\n", ik_last_error());
        status = 1;
        continue;
      }
      std::printf("%lld %d cpu %.3f %.3f\n", static_cast<long long>(o.batch), n, best, med);
    }
    if (!cuda) continue;
    ik_batched_sym_eigenvalues_cuda(a.data(), 1, n, 0, wg.data());  // context creation, untimed
    if (!time_runs(o.reps, [&] { return ik_batched_sym_eigenvalues_cuda(a.data(), o.batch, n, 0, wg.data()) == IK_OK; },
                   &best, &med)) {
      std::printf("cuda failed: %s\n", ik_last_error());
      status = 1;
      continue;
    }
    if (!cpu) {
      std::printf("%lld %d cuda %.3f %.3f  (no cpu reference)\n", static_cast<long long>(o.batch), n, best, med);
      continue;
    }
    double worst = 0;
    const size_t nn = static_cast<size_t>(n) * n;
    for (int64_t b = 0; b < o.batch; ++b) {
      double fro = 0;
      for (size_t q = 0; q < nn; ++q) fro += a[b * nn + q] * a[b * nn + q];
      for (int i = 0; i < n; ++i)
        worst = std::max(worst, std::fabs(wg[b * n + i] - wc[b * n + i]) / std::sqrt(fro));
    }
    std::printf("%lld %d cuda %.3f %.3f  (max |w_cuda - w_cpu| / ||A||_F = %.2e)\n", static_cast<long long>(o.batch), n,
                best, med, worst);
  }
  return status;
}
