// test_util.hpp -- helpers shared by the native tests (test_<family>_cpu.cpp and
// test_<family>_cuda.cpp): failure counting and the check_* comparisons (statuses, ik_last_path,
// values), seeded random data, the instruction sets to run the cpu entries under, the skip (exit 77)
// without a usable GPU, and the sequential Jacobi reference of the spectral tests. Every test is
// one translation unit that includes this once, so the counters below are that test's own.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "infokernels.h"

namespace ik_test {

// ---- failures and checks

inline int g_failures = 0;
inline int g_checks = 0;
inline double g_worst = 0.0;  // largest |error| / bound seen by check_rel

// Counts a failure; only the first 40 are printed (the exit status reflects all of them).
inline void fail(const std::string& what) {
  if (++g_failures <= 40) std::printf("FAIL %s\n", what.c_str());
}

inline void check_true(bool ok, const std::string& what) {
  ++g_checks;
  if (!ok) fail(what);
}

// |got - want| <= tol (an absolute tolerance)
inline void check_abs(double got, double want, double tol, const std::string& what) {
  ++g_checks;
  if (!(std::fabs(got - want) <= tol)) {
    char buf[200];
    std::snprintf(buf, sizeof buf, ": got %.17g want %.17g (|err| %.3g > %.3g)", got, want, std::fabs(got - want), tol);
    fail(what + buf);
  }
}

// |got - want| <= rtol * scale, scale = magnitude of the terms that were summed (a tolerance
// relative to them, not to the result: sums of linear kernels cancel). Records the worst
// |err| / bound in g_worst; got_name and want_name label the two values in the message.
inline void check_rel(double got, double want, double scale, const std::string& what, double rtol = 1e-12,
                      const char* got_name = "got", const char* want_name = "want") {
  ++g_checks;
  const double err = std::fabs(got - want);
  const double bound = rtol * std::max(scale, 1e-300);
  if (scale > 0) g_worst = std::max(g_worst, err / bound);
  if (!(err <= bound)) {
    char buf[200];
    std::snprintf(buf, sizeof buf, ": %s %.17g %s %.17g (|err| %.3g > %.3g)", got_name, got, want_name, want, err,
                  bound);
    fail(what + buf);
  }
}

inline const char* status_name(int32_t st) {
  switch (st) {
    case IK_OK: return "IK_OK";
    case IK_EINVAL: return "IK_EINVAL";
    case IK_ENOMEM: return "IK_ENOMEM";
    case IK_ENOCUDA: return "IK_ENOCUDA";
    case IK_EINTERNAL: return "IK_EINTERNAL";
    case IK_ECANCELLED: return "IK_ECANCELLED";
    default: return "unknown status";
  }
}

// The status of an ik_ call is IK_OK; else counts a failure naming the status and ik_last_error().
// Returns whether it was IK_OK: its outputs must not be compared otherwise.
inline bool check_ok(int32_t st, const std::string& what) {
  ++g_checks;
  if (st == IK_OK) return true;
  fail(what + ": status " + std::to_string(st) + " (" + status_name(st) + "): " + ik_last_error());
  return false;
}

// ik_last_path() right after a call is `want` (what the call ran; "" after a failing call)
inline void check_path(const std::string& want, const std::string& what) {
  ++g_checks;
  const std::string got = ik_last_path();
  if (got != want) fail(what + ": ik_last_path() is \"" + got + "\", expected \"" + want + "\"");
}

inline bool same_bits(const std::vector<double>& a, const std::vector<double>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0;
}

// ---- data

// n x d standard normal values
inline std::vector<double> gauss(int64_t n, int d, std::mt19937_64& rng) {
  std::normal_distribution<double> g(0.0, 1.0);
  std::vector<double> v(static_cast<size_t>(n * d));
  for (auto& e : v) e = g(rng);
  return v;
}

// n x d normal values of mean `shift`
inline std::vector<double> gauss(int64_t n, int d, double shift, std::mt19937_64& rng) {
  std::normal_distribution<double> g(0.0, 1.0);
  std::vector<double> v(static_cast<size_t>(n * d));
  for (auto& e : v) e = g(rng) + shift;
  return v;
}

// n positive weights summing to 1 (each drawn from U(0.2, 1) before normalising)
inline std::vector<double> random_weights(int64_t n, std::mt19937_64& rng) {
  std::uniform_real_distribution<double> u(0.2, 1.0);
  std::vector<double> w(static_cast<size_t>(n));
  double s = 0;
  for (auto& e : w) s += (e = u(rng));
  for (auto& e : w) e /= s;
  return w;
}

inline const char* kernel_name(int k) { return k == IK_KERNEL_RBF ? "rbf" : "linear"; }

// ---- where the tests run

// The values of IK_CPU_ISA this CPU can run: "generic", then "avx2" and "avx512" where supported.
inline std::vector<std::string> cpu_isas() {
  std::vector<std::string> isas = {"generic"};
#if defined(__x86_64__) || defined(__i386__)
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) isas.push_back("avx2");
  if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512vl") &&
      __builtin_cpu_supports("avx512bw"))
    isas.push_back("avx512");
#endif
  return isas;
}

// Exit status of a skipped test (ctest SKIP_RETURN_CODE): a missing GPU is a visible skip, never a pass.
constexpr int kSkipped = 77;

// True with a usable GPU; otherwise (no device, no driver, or a build without CUDA kernels) prints
// "skipped: no GPU: <reason>" and returns false, and the cuda test exits kSkipped.
inline bool have_gpu() {
  int32_t count = 0;
  if (ik_cuda_device_count(&count) != IK_OK || count == 0) {
    std::printf("skipped: no GPU: %s\n", ik_last_error());
    return false;
  }
  return true;
}

// ---- symmetric eigenproblems (the spectral tests)

// the kinds of test matrix make_symmetric builds
enum SymKind { kSymRandom, kSymPsd, kSymDiagonal, kSymIdentity, kSymZero };

inline const char* sym_kind_name(int kind) {
  static const char* names[] = {"random", "psd-low-rank", "diagonal", "identity", "zero"};
  return names[kind];
}

// an n x n symmetric row-major matrix of the given SymKind
inline std::vector<double> make_symmetric(int kind, int n, std::mt19937_64& rng) {
  std::normal_distribution<double> g(0.0, 1.0);
  std::vector<double> a(static_cast<size_t>(n) * n, 0.0);
  switch (kind) {
    case kSymRandom:  // indefinite
      for (int i = 0; i < n; ++i)
        for (int j = i; j < n; ++j) a[i * n + j] = a[j * n + i] = g(rng);
      break;
    case kSymPsd: {  // X^T X / r, X r x n with r = max(1, n / 3): rank r
      const int r = std::max(1, n / 3);
      std::vector<double> x(static_cast<size_t>(r) * n);
      for (auto& v : x) v = g(rng);
      for (int i = 0; i < n; ++i)
        for (int j = 0; j < n; ++j) {
          double s = 0;
          for (int k = 0; k < r; ++k) s += x[k * n + i] * x[k * n + j];
          a[i * n + j] = s / r;
        }
      break;
    }
    case kSymDiagonal:  // magnitudes spread over 1e-3 .. 1e3
      for (int i = 0; i < n; ++i) a[i * n + i] = g(rng) * std::pow(10.0, static_cast<double>(i % 7) - 3.0);
      break;
    case kSymIdentity:
      for (int i = 0; i < n; ++i) a[i * n + i] = 1.0;
      break;
    default:  // kSymZero
      break;
  }
  return a;
}

// eigenvalues (ascending) of the symmetric n x n row-major a by sequential cyclic Jacobi
// (row-by-row sweeps, Numerical Recipes 11.1), independent of LAPACK
inline std::vector<double> cyclic_jacobi_eigenvalues(std::vector<double> a, int n) {
  for (int sweep = 0; sweep < 100; ++sweep) {
    double off = 0.0, fro = 0.0;
    for (int i = 0; i < n; ++i)
      for (int j = 0; j < n; ++j) {
        fro += a[i * n + j] * a[i * n + j];
        if (i != j) off += a[i * n + j] * a[i * n + j];
      }
    if (off <= 1e-34 * fro || off == 0.0) break;
    for (int p = 0; p < n - 1; ++p)
      for (int q = p + 1; q < n; ++q) {
        const double apq = a[p * n + q];
        if (apq == 0.0) continue;
        const double theta = (a[q * n + q] - a[p * n + p]) / (2.0 * apq);
        const double t = (theta >= 0 ? 1.0 : -1.0) / (std::fabs(theta) + std::sqrt(theta * theta + 1.0));
        const double c = 1.0 / std::sqrt(t * t + 1.0), s = t * c;
        for (int k = 0; k < n; ++k) {  // columns p, q
          const double akp = a[k * n + p], akq = a[k * n + q];
          a[k * n + p] = c * akp - s * akq;
          a[k * n + q] = s * akp + c * akq;
        }
        for (int k = 0; k < n; ++k) {  // rows p, q
          const double apk = a[p * n + k], aqk = a[q * n + k];
          a[p * n + k] = c * apk - s * aqk;
          a[q * n + k] = s * apk + c * aqk;
        }
        a[p * n + q] = a[q * n + p] = 0.0;
      }
  }
  std::vector<double> w(n);
  for (int i = 0; i < n; ++i) w[i] = a[i * n + i];
  std::sort(w.begin(), w.end());
  return w;
}

}  // namespace ik_test
