// testing_args.hpp -- argument checks and pair functions of the testing-family entries, shared by
// the _cpu and _cuda bodies so both reject the same inputs with the same IK_EINVAL messages.
#pragma once

#include <cmath>
#include <cstdint>
#include <string>

#include "../core/status.hpp"

namespace ik {
namespace testing {

enum FnKind : int { kLinear = 0, kRbf = 1, kDistance = 2 };

// f(a, b) of two rows: a.b, exp(scale |a-b|^2) with scale = -1/(2 sigma^2), or |a-b|.
struct Fn {
  int kind;
  double scale;
};

inline Fn pair_fn(const std::string& fn, const char* which, int32_t kind, double sigma) {
  if (kind == IK_KERNEL_LINEAR) return Fn{kLinear, 0.0};
  if (kind == IK_PAIR_DISTANCE) return Fn{kDistance, 0.0};
  if (kind != IK_KERNEL_RBF)
    throw InvalidArgument(fn + ": kind_" + which + " = " + std::to_string(kind) +
                          " is not IK_KERNEL_LINEAR (0), IK_KERNEL_RBF (1) or IK_PAIR_DISTANCE (2)");
  if (!(sigma > 0.0) || !std::isfinite(sigma))
    throw InvalidArgument(fn + ": sigma_" + which + " = " + std::to_string(sigma) +
                          " must be positive and finite for the RBF kernel");
  return Fn{kRbf, -1.0 / (2.0 * sigma * sigma)};
}

inline void check_sample(const std::string& fn, const char* name, const double* p, int32_t d, int64_t n) {
  IK_REQUIRE(p != nullptr, fn + ": " + name + " is null");
  IK_REQUIRE(d >= 1, fn + ": d" + name + " = " + std::to_string(d) + " is smaller than the minimum (1)");
  IK_REQUIRE(n >= 1, fn + ": n = " + std::to_string(n) + " is smaller than the minimum (1)");
  IK_REQUIRE(n <= (int64_t{1} << 31), fn + ": n = " + std::to_string(n) + " is larger than 2^31");
  require_finite(p, n * d, fn + ": " + name);
}

// `count` values at p, every one finite (a NaN would silently turn every row sum into NaN)
inline void check_values(const std::string& fn, const char* name, const double* p, int64_t count) {
  IK_REQUIRE(p != nullptr, fn + ": " + name + " is null");
  require_finite(p, count, fn + ": " + name);
}

inline void check_value(const std::string& fn, const char* name, double v) {
  IK_REQUIRE(std::isfinite(v), fn + ": " + name + " = " + std::to_string(v) + " is not finite");
}

inline void check_out(const std::string& fn, const char* name, const void* p) {
  IK_REQUIRE(p != nullptr, fn + ": " + name + " is null");
}

// the most columns of ik_pair_matvec and permutations of ik_pair_permuted_rows per call
constexpr int32_t kMaxColumns = 64;

inline void check_count(const std::string& fn, const char* name, int32_t m) {
  IK_REQUIRE(m >= 1 && m <= kMaxColumns, fn + ": " + name + " = " + std::to_string(m) + " is outside [1, " +
                                             std::to_string(kMaxColumns) + "]");
}

}  // namespace testing
}  // namespace ik
