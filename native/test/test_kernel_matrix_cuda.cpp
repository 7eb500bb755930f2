// test_kernel_matrix_cuda.cpp -- ik_kernel_matrix_device_cuda (the kernel matrix built and left on the
// device for cuSOLVER), with ik_device_download_cuda and ik_device_free_cuda.
//
//   test_kernel_matrix_cuda          cross-check (ctest kernel_matrix_device_cuda_vs_cpu): the matrix
//                                    built on the device, copied back, against ik_kernel_matrix_cpu
//                                    (and, for IK_MATRIX_SYM_NORMALIZED, the cpu matrix normalised
//                                    on the host as DiffusionSpectralEntropy does) for n = 1, 2, 17,
//                                    33, 257, 1000, dx, dy in {1, 3, 40} (40: two staging chunks),
//                                    RBF and linear in every combination and y == NULL, data with
//                                    offsets and mixed scales; 1e-12 relative to the magnitude of
//                                    the terms; RBF diagonal exactly 1; two runs bitwise identical;
//                                    ik_last_path "kernel_cuda:matrix". No usable GPU: exit 77.
//   test_kernel_matrix_cuda status   (ctest kernel_matrix_device_status, runs everywhere): without a
//                                    usable GPU (stub build, no driver, no device) every call returns
//                                    an error status with a message and leaves *out_device NULL;
//                                    with one, bad arguments return IK_EINVAL with a message and
//                                    *out_device NULL. ik_device_free_cuda(NULL) is IK_OK.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "infokernels.h"
#include "test_util.hpp"

using namespace ik_test;

namespace {

double* const kPoison = reinterpret_cast<double*>(uintptr_t{0x1});  // must be overwritten with NULL

// the device matrix copied back; empty on failure (counted)
std::vector<double> device_matrix(const std::vector<double>& x, int dx, const double* y, int dy, int64_t n, int kx,
                                  double sx, int ky, double sy, int normalize, const std::string& name) {
  double* dev = kPoison;
  const int32_t st = ik_kernel_matrix_device_cuda(x.data(), dx, y, dy, n, kx, sx, ky, sy, normalize, 0, &dev);
  if (!check_ok(st, "ik_kernel_matrix_device_cuda " + name)) {
    check_true(dev == nullptr, "out_device is NULL after a failure: " + name);
    return {};
  }
  check_path("kernel_cuda:matrix", "ik_kernel_matrix_device_cuda " + name);
  check_true(dev != nullptr && dev != kPoison, "out_device is set: " + name);
  std::vector<double> m(static_cast<size_t>(n * n));
  check_ok(ik_device_download_cuda(dev, n * n, m.data()), "ik_device_download_cuda " + name);
  check_ok(ik_device_free_cuda(dev), "ik_device_free_cuda " + name);
  return m;
}

// |k(a, b)| bound of the summed terms: 1 for RBF, sum_c |a_c b_c| for linear
double term_scale(const double* a, const double* b, int d, int kind) {
  if (kind == IK_KERNEL_RBF) return 1.0;
  double s = 0;
  for (int c = 0; c < d; ++c) s += std::fabs(a[c] * b[c]);
  return s;
}

void run_case(int64_t n, int dx, int dy, int kx, int ky, bool has_y, std::mt19937_64& rng) {
  // offsets and mixed scales: column c of x has mean 3 - c and scale 10^(c % 3 - 1)
  auto x = gauss(n, dx, rng);
  auto y = gauss(n, dy, rng);
  for (int64_t i = 0; i < n; ++i) {
    for (int c = 0; c < dx; ++c) x[i * dx + c] = (3.0 - c) + std::pow(10.0, c % 3 - 1) * x[i * dx + c];
    for (int c = 0; c < dy; ++c) y[i * dy + c] = -1.5 + 2.0 * y[i * dy + c];
  }
  const double sx = 0.8 * std::sqrt(static_cast<double>(dx)), sy = 1.3 * std::sqrt(static_cast<double>(dy));
  const double* yp = has_y ? y.data() : nullptr;
  char name[200];
  std::snprintf(name, sizeof name, "n=%lld dx=%d dy=%d kx=%s ky=%s%s", static_cast<long long>(n), dx, has_y ? dy : 0,
                kernel_name(kx), has_y ? kernel_name(ky) : "-", has_y ? "" : " y=NULL");
  const size_t nn = static_cast<size_t>(n * n);
  std::vector<double> cpu(nn);
  if (!check_ok(ik_kernel_matrix_cpu(x.data(), dx, yp, dy, n, kx, sx, ky, sy, 0, cpu.data()),
                std::string("ik_kernel_matrix_cpu ") + name))
    return;
  std::vector<double> scale(nn);
  for (int64_t i = 0; i < n; ++i)
    for (int64_t j = 0; j < n; ++j) {
      double s = term_scale(&x[i * dx], &x[j * dx], dx, kx);
      if (has_y) s *= term_scale(&y[i * dy], &y[j * dy], dy, ky);
      scale[i * n + j] = s;
    }

  const auto plain = device_matrix(x, dx, yp, dy, n, kx, sx, ky, sy, IK_MATRIX_PLAIN, std::string(name) + " plain");
  if (plain.empty()) return;
  for (size_t q = 0; q < nn; ++q)
    check_rel(plain[q], cpu[q], scale[q], std::string(name) + " plain M[" + std::to_string(q) + "]", 1e-12, "cuda",
              "cpu");
  if (kx == IK_KERNEL_RBF && (!has_y || ky == IK_KERNEL_RBF))
    for (int64_t i = 0; i < n; ++i) check_true(plain[i * n + i] == 1.0, std::string(name) + " RBF diagonal is 1");
  const auto again = device_matrix(x, dx, yp, dy, n, kx, sx, ky, sy, IK_MATRIX_PLAIN, std::string(name) + " again");
  check_true(same_bits(plain, again), std::string(name) + ": two runs give identical bits");

  // the normalised matrix needs positive row sums: the RBF kernels (and their products) have them
  if (kx != IK_KERNEL_RBF || (has_y && ky != IK_KERNEL_RBF)) return;
  std::vector<double> dis(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i) {
    double rs = 0;
    for (int64_t j = 0; j < n; ++j) rs += cpu[i * n + j];
    dis[i] = 1.0 / std::sqrt(rs);
  }
  const auto norm =
      device_matrix(x, dx, yp, dy, n, kx, sx, ky, sy, IK_MATRIX_SYM_NORMALIZED, std::string(name) + " normalised");
  if (norm.empty()) return;
  for (int64_t i = 0; i < n; ++i)
    for (int64_t j = 0; j < n; ++j) {
      const double want = cpu[i * n + j] * (dis[i] * dis[j]);
      check_rel(norm[i * n + j], want, dis[i] * dis[j], std::string(name) + " normalised M[" + std::to_string(i) +
                "," + std::to_string(j) + "]", 1e-12, "cuda", "cpu");
    }
}

// one call that must fail: an error status with a message, *out_device NULL, no path
void expect_failure(int32_t want, const std::string& what, int32_t st, double* dev) {
  check_true(st != IK_OK, what + ": not IK_OK");
  if (want != IK_OK) check_true(st == want, what + ": status " + status_name(st) + ", want " + status_name(want));
  check_true(std::strlen(ik_last_error()) > 0, what + ": ik_last_error() says why");
  check_true(std::strlen(ik_last_path()) == 0, what + ": ik_last_path() is empty");
  check_true(dev == nullptr, what + ": *out_device is NULL");
}

int status_test() {
  int32_t count = 0;
  const bool gpu = ik_cuda_device_count(&count) == IK_OK && count > 0;
  std::printf("CUDA kernels compiled: %d; usable GPU: %s\n", ik_cuda_compiled(), gpu ? "yes" : "no");
  std::mt19937_64 rng(7);
  const int64_t n = 20;
  const auto x = gauss(n, 3, 1.0, rng);
  double* dev = kPoison;
  int32_t st = ik_kernel_matrix_device_cuda(x.data(), 3, nullptr, 0, n, IK_KERNEL_RBF, 1.0, IK_KERNEL_RBF, 1.0,
                                            IK_MATRIX_PLAIN, 0, &dev);
  if (gpu) {
    if (check_ok(st, "valid call")) {
      check_true(dev != nullptr && dev != kPoison, "valid call sets *out_device");
      check_ok(ik_device_free_cuda(dev), "ik_device_free_cuda");
    }
  } else {
    std::printf("valid call without a GPU: %s: %s\n", status_name(st), ik_last_error());
    expect_failure(IK_ENOCUDA, "valid call without a GPU", st, dev);
    double out = 0;
    const double one = 1.0;
    expect_failure(IK_ENOCUDA, "ik_device_download_cuda without a GPU", ik_device_download_cuda(&one, 1, &out), nullptr);
  }
  // bad arguments: IK_EINVAL with a GPU; without one either IK_EINVAL (checked first) or IK_ENOCUDA (stub)
  struct Bad {
    const char* what;
    const double* x;
    int32_t dx;
    int64_t n;
    int32_t kernel;
    double sigma;
    int32_t normalize;
  };
  const double nan_x[3] = {1.0, NAN, 2.0};
  const Bad bad[] = {{"x NULL", nullptr, 3, n, IK_KERNEL_RBF, 1.0, IK_MATRIX_PLAIN},
                     {"n = 0", x.data(), 3, 0, IK_KERNEL_RBF, 1.0, IK_MATRIX_PLAIN},
                     {"dx = 0", x.data(), 0, n, IK_KERNEL_RBF, 1.0, IK_MATRIX_PLAIN},
                     {"sigma = 0", x.data(), 3, n, IK_KERNEL_RBF, 0.0, IK_MATRIX_PLAIN},
                     {"kernel = 7", x.data(), 3, n, 7, 1.0, IK_MATRIX_PLAIN},
                     {"normalize = 2", x.data(), 3, n, IK_KERNEL_RBF, 1.0, 2},
                     {"NaN in x", nan_x, 3, 1, IK_KERNEL_RBF, 1.0, IK_MATRIX_PLAIN},
                     {"n = 2^31 + 1", x.data(), 3, (int64_t{1} << 31) + 1, IK_KERNEL_RBF, 1.0, IK_MATRIX_PLAIN}};
  for (const Bad& b : bad) {
    dev = kPoison;
    st = ik_kernel_matrix_device_cuda(b.x, b.dx, nullptr, 0, b.n, b.kernel, b.sigma, b.kernel, b.sigma, b.normalize, 0,
                                      &dev);
    if (gpu || st == IK_EINVAL) {
      expect_failure(IK_EINVAL, std::string("bad argument ") + b.what, st, dev);
    } else {
      expect_failure(IK_ENOCUDA, std::string("bad argument without a GPU ") + b.what, st, dev);
    }
  }
  // the normalised matrix of a linear kernel with a negative row sum
  if (gpu) {
    const double neg[2] = {1.0, -2.0};
    dev = kPoison;
    st = ik_kernel_matrix_device_cuda(neg, 1, nullptr, 0, 2, IK_KERNEL_LINEAR, 0.0, IK_KERNEL_LINEAR, 0.0,
                                      IK_MATRIX_SYM_NORMALIZED, 0, &dev);
    expect_failure(IK_EINVAL, "normalised linear kernel with row sums <= 0", st, dev);
  }
  st = ik_kernel_matrix_device_cuda(x.data(), 3, nullptr, 0, n, IK_KERNEL_RBF, 1.0, IK_KERNEL_RBF, 1.0,
                                    IK_MATRIX_PLAIN, 0, nullptr);
  check_true(st != IK_OK && std::strlen(ik_last_error()) > 0, "out_device NULL: an error status with a message");
  check_true(ik_device_free_cuda(nullptr) == IK_OK, "ik_device_free_cuda(NULL) is IK_OK");
  std::printf("%s: %d checks, %d failures\n", g_failures ? "FAILED" : "ok", g_checks, g_failures);
  return g_failures ? 1 : 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc > 1 && std::strcmp(argv[1], "status") == 0) return status_test();
  if (!have_gpu()) return kSkipped;
  char desc[256];
  if (check_ok(ik_cuda_device_describe(0, desc, sizeof desc), "ik_cuda_device_describe(0)"))
    std::printf("device 0: %s\n", desc);
  const int dims[3] = {1, 3, 40};
  const int combos[4][2] = {{IK_KERNEL_RBF, IK_KERNEL_RBF},
                            {IK_KERNEL_LINEAR, IK_KERNEL_LINEAR},
                            {IK_KERNEL_RBF, IK_KERNEL_LINEAR},
                            {IK_KERNEL_LINEAR, IK_KERNEL_RBF}};
  uint64_t seed = 11;
  for (int64_t n : {1, 2, 17, 33, 257, 1000}) {
    for (int di = 0; di < 3; ++di) {
      const int dx = dims[di], dy = dims[(di + 1) % 3];
      if (n == 1000 && di != 2) continue;  // the big n once, at dx = 40, dy = 1
      for (const auto& kk : combos) {
        std::mt19937_64 rng(seed++);
        run_case(n, dx, dy, kk[0], kk[1], true, rng);
      }
      for (int k : {IK_KERNEL_RBF, IK_KERNEL_LINEAR}) {
        std::mt19937_64 rng(seed++);
        run_case(n, dx, dy, k, k, false, rng);
      }
    }
  }
  std::printf("worst error: %.3g of the 1e-12 tolerance\n", g_worst);
  std::printf("%s: %d checks, %d failures\n", g_failures ? "FAILED" : "ok", g_checks, g_failures);
  return g_failures ? 1 : 0;
}
