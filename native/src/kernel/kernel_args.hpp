// kernel_args.hpp -- argument checks of the kernel-family entries, shared by the _cpu and
// _cuda bodies so both reject the same inputs with the same IK_EINVAL messages.
#pragma once

#include <cmath>
#include <cstdint>
#include <string>

#include "../core/status.hpp"
#include "../engine/tile.hpp"

namespace ik {
namespace kernel_args {

// The kernel's parameters, or IK_EINVAL for an unknown kernel or a sigma that is not > 0 and finite.
inline engine::KernelParam kernel_param(const char* fn, const char* which, int32_t kernel, double sigma) {
  if (kernel == IK_KERNEL_LINEAR) return engine::KernelParam{engine::kLinear, 0.0};
  if (kernel != IK_KERNEL_RBF)
    throw InvalidArgument(std::string(fn) + ": kernel_" + which + " = " + std::to_string(kernel) +
                          " is not IK_KERNEL_LINEAR (0) or IK_KERNEL_RBF (1)");
  if (!(sigma > 0.0) || !std::isfinite(sigma))
    throw InvalidArgument(std::string(fn) + ": sigma_" + which + " = " + std::to_string(sigma) +
                          " must be positive and finite for the RBF kernel");
  return engine::KernelParam{engine::kRbf, -1.0 / (2.0 * sigma * sigma)};
}

// x, n, dx (and dy when y is given): the checks every kernel-family entry starts with.
inline void check_points(const char* fn, const double* x, int32_t dx, const double* y, int32_t dy, int64_t n) {
  IK_REQUIRE(x != nullptr, std::string(fn) + ": x is null");
  IK_REQUIRE(n >= 1, std::string(fn) + ": n = " + std::to_string(n) + " is smaller than the minimum (1)");
  IK_REQUIRE(dx >= 1, std::string(fn) + ": dx = " + std::to_string(dx) + " is smaller than the minimum (1)");
  IK_REQUIRE(y == nullptr || dy >= 1,
             std::string(fn) + ": dy = " + std::to_string(dy) + " is smaller than the minimum (1)");
  // every index is an int64_t product of n (or n + one tile) and a dimension below 2^31
  IK_REQUIRE(n <= (int64_t{1} << 31), std::string(fn) + ": n = " + std::to_string(n) + " is larger than 2^31");
  require_finite(x, n * dx, std::string(fn) + ": x");
  if (y != nullptr) require_finite(y, n * dy, std::string(fn) + ": y");
}

}  // namespace kernel_args
}  // namespace ik
