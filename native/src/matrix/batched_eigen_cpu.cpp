// batched_eigen_cpu.cpp -- ik_batched_sym_eigenvalues_cpu: all eigenvalues of many small symmetric
// matrices (UNComp: 32 heads x 128 x 128 per layer), one LAPACKE_dsyevd ('N', upper triangle) per
// matrix. Semantics: infokernels.h.
//
// Parallelism is over the batch, not inside LAPACK: each worker thread takes the next matrix from
// an atomic counter, copies it into its own n x n workspace (the input is const) and runs dsyevd
// with OpenBLAS limited to one thread for the duration of the call (a lease of core/blas_threads.hpp:
// OpenBLAS's count is process-wide). For n ~ 128, one dsyevd costs
// about a millisecond and multi-threaded OpenBLAS only adds synchronisation; a batch of 32 keeps
// every core busy instead. Each matrix's eigenvalues depend only on that matrix, so the result is
// the same for every thread count and every assignment of matrices to threads.
//
// Tested against a cyclic Jacobi routine of the test itself by native/test/test_matrix_cpu.cpp.
#include <algorithm>
#include <atomic>
#include <cstdint>
#include <cstring>
#include <limits>
#include <new>
#include <stdexcept>
#include <string>
#include <system_error>
#include <thread>
#include <vector>

#include "../core/status.hpp"

#if defined(IK_HAVE_OPENBLAS)
#include <lapacke.h>

#include "../core/blas_threads.hpp"
#endif

namespace {

void check_batch(const char* fn, const double* a, int64_t batch, int64_t n, const double* out_w) {
  IK_REQUIRE(a != nullptr, std::string(fn) + ": a is null");
  IK_REQUIRE(out_w != nullptr, std::string(fn) + ": out_w is null");
  IK_REQUIRE(batch >= 1, std::string(fn) + ": batch = " + std::to_string(batch) + " is smaller than the minimum (1)");
  IK_REQUIRE(n >= 1, std::string(fn) + ": n = " + std::to_string(n) + " is smaller than the minimum (1)");
  // batch * n * n must be an index of the caller's array
  IK_REQUIRE(n <= (int64_t{1} << 31) && batch <= std::numeric_limits<int64_t>::max() / (n * n),
             std::string(fn) + ": batch = " + std::to_string(batch) + " matrices of n = " + std::to_string(n) +
                 " overflow the 64-bit index range");
}

int32_t batched_sym_eigenvalues(const double* a, int64_t batch, int64_t n, int32_t threads, double* out_w) {
  const char* fn = "ik_batched_sym_eigenvalues_cpu";
  check_batch(fn, a, batch, n, out_w);
#if defined(IK_HAVE_OPENBLAS)
  IK_REQUIRE(n <= std::numeric_limits<lapack_int>::max(),
             std::string(fn) + ": n = " + std::to_string(n) + " is larger than LAPACK's index range");
  // one OpenBLAS thread for the whole batch; its count is process-wide, so concurrent calls share
  // it through leases (core/blas_threads.hpp, as ik_sym_eigenvalues_cpu)
  const ik::BlasThreads lease(1);
  const int workers = static_cast<int>(std::min<int64_t>(ik::resolve_threads(threads), batch));
  const std::size_t nn = static_cast<std::size_t>(n) * static_cast<std::size_t>(n);
  const lapack_int ln = static_cast<lapack_int>(n);

  std::atomic<int64_t> next{0};
  std::atomic<bool> failed{false};
  std::atomic<bool> cancelled{false};
  const ik::CancelToken cancel = ik::current_cancel();  // polled before every matrix
  std::vector<std::string> errors(static_cast<std::size_t>(workers));
  std::vector<int> bad_alloc(static_cast<std::size_t>(workers), 0);

  auto work = [&](int w) {
    try {
      std::vector<double> scratch(nn);
      for (;;) {
        const int64_t b = next.fetch_add(1, std::memory_order_relaxed);
        if (b >= batch || failed.load(std::memory_order_relaxed)) return;
        if (cancel.requested()) {
          cancelled.store(true);
          failed.store(true);
          return;
        }
        std::memcpy(scratch.data(), a + static_cast<std::size_t>(b) * nn, nn * sizeof(double));
        double* w_out = out_w + static_cast<std::size_t>(b) * static_cast<std::size_t>(n);
        // the row-major upper triangle read column-major is the lower triangle: (COL_MAJOR, 'L')
        // reads what (ROW_MAJOR, 'U') would, without LAPACKE's transposed copy, and is the call
        // ik_sym_eigenvalues_cpu makes (the same bits per matrix)
        const lapack_int info = LAPACKE_dsyevd(LAPACK_COL_MAJOR, 'N', 'L', ln, scratch.data(), ln, w_out);
        if (info == LAPACK_WORK_MEMORY_ERROR || info == LAPACK_TRANSPOSE_MEMORY_ERROR) throw std::bad_alloc();
        if (info != 0) {
          errors[static_cast<std::size_t>(w)] =
              std::string(fn) + ": LAPACKE_dsyevd returned info = " + std::to_string(info) + " for matrix " +
              std::to_string(b) + (info > 0 ? " (the eigenvalue iteration did not converge)" : "");
          failed.store(true);
          return;
        }
      }
    } catch (const std::bad_alloc&) {
      bad_alloc[static_cast<std::size_t>(w)] = 1;
      failed.store(true);
    } catch (const std::exception& e) {
      errors[static_cast<std::size_t>(w)] = std::string(fn) + ": " + e.what();
      failed.store(true);
    }
  };

  if (workers == 1) {
    work(0);
  } else {
    std::vector<std::thread> pool;
    pool.reserve(static_cast<std::size_t>(workers - 1));
    for (int w = 1; w < workers; ++w) {
      try {
        pool.emplace_back(work, w);
      } catch (const std::system_error&) {
        break;  // the workers that exist take the remaining matrices
      }
    }
    work(0);
    for (auto& t : pool) t.join();
  }
  if (cancelled.load()) throw ik::Cancelled();
  for (int w = 0; w < workers; ++w)
    if (bad_alloc[static_cast<std::size_t>(w)]) throw std::bad_alloc();
  for (int w = 0; w < workers; ++w)
    if (!errors[static_cast<std::size_t>(w)].empty()) throw std::runtime_error(errors[static_cast<std::size_t>(w)]);
  ik::set_last_path("eigen_cpu:lapack");
  return IK_OK;
#else
  (void)threads;
  ik::set_last_error(std::string(fn) +
                     ": built without LAPACK (configure with OPENBLAS_DIR or a system OpenBLAS with LAPACKE)");
  return IK_EINTERNAL;
#endif
}

}  // namespace

extern "C" {

int32_t ik_batched_sym_eigenvalues_cpu(const double* a, int64_t batch, int64_t n, int32_t threads,
                                       double* out_w) {
  IK_GUARD({
    const int32_t status = batched_sym_eigenvalues(a, batch, n, threads, out_w);
    if (status != IK_OK) return status;
  });
}

}  // extern "C"
