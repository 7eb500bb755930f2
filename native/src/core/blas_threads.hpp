// blas_threads.hpp -- OpenBLAS at a given thread count for the duration of a LAPACK call, safe when
// several threads call ik_ entries at once (kernel_cpu.cpp: ik_sym_eigenvalues_cpu;
// batched_eigen_cpu.cpp: ik_batched_sym_eigenvalues_cpu).
//
// OpenBLAS has one thread count per process: blas_cpu_number of its pthreads server. There is no
// per-thread count: openblas_set_num_threads_local sets that same global in the pthreads build
// (OpenBLAS 0.3.31, driver/others/openblas_set_num_threads.c; its "local" is OpenMP's nested
// parallel regions). A save-and-restore around each call therefore races: a call can run with the
// count another call set (dsyevd's bits depend on it from n ~ 300), and interleaved restores leave
// another call's value behind. The leases coordinate instead (blas_threads.cpp):
//   * calls needing the same count share it and run at the same time; a call needing another count
//     waits until they are done (first come, first served: no starvation);
//   * the count is written only when it differs from what the call needs: when it already is that
//     value (OPENBLAS_NUM_THREADS=1 and the usual one thread), the global is never touched;
//   * when the last lease is released, the count found before the first one is put back.
// What cannot be coordinated from here: code outside this library that sets OpenBLAS's count while
// a lease is held (it changes the count under the call, and the final restore overwrites it).
//
// Tested by native/test/test_openblas_threads.cpp.
#pragma once

namespace ik {

class BlasThreads {
 public:
  // Blocks until OpenBLAS runs with `count` threads (>= 1) for this lease's lifetime.
  explicit BlasThreads(int count);
  ~BlasThreads();
  BlasThreads(const BlasThreads&) = delete;
  BlasThreads& operator=(const BlasThreads&) = delete;
};

}  // namespace ik
