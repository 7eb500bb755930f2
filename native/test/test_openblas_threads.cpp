// test_openblas_threads.cpp -- the LAPACK entries (ik_sym_eigenvalues_cpu, ik_batched_sym_eigenvalues_cpu)
// called from several threads at once. They need OpenBLAS at a given thread count for the duration
// of their dsyevd calls (the single entry: `threads`, <= 0 meaning 1; the batch: 1 per matrix), and
// OpenBLAS's count is one process-wide value: blas_cpu_number of its pthreads server, which
// openblas_set_num_threads_local sets too (OpenBLAS 0.3.31 driver/others/openblas_set_num_threads.c).
//
//   A. The count is already 1, what every call here needs (as with OPENBLAS_NUM_THREADS=1): 4 threads
//      call the batch (2 workers) and the single entry (threads = 1 and 0) 20 times each while a
//      fifth thread polls openblas_get_num_threads(): the count must never change.
//   B. The count is 2, and the calls ask for 1 (the batch, the single entry with threads = 1) and 2
//      (threads = 2) at once, 4 threads x 8 rounds: the poller may see only 1 and 2, and the count
//      must be 2 again afterwards (with a save-and-restore per call, interleaved calls restore each
//      other's values and leave 1 behind).
// In both, every result must have the bits of the same call run alone, before the threads start, and
// each caller's ik_last_path() (thread-local) must be "eigen_cpu:lapack".
// n = 300 in B: there dsyevd's eigenvalues differ in bits between 1 and 2 OpenBLAS threads, so a
// call that ran (partly) with another call's count shows.
// Skipped (exit 77) only in a build without LAPACK (ik_lapack_compiled() == 0).
#include <dlfcn.h>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <mutex>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "infokernels.h"
#include "test_util.hpp"

// test_util.hpp: fail, check_true, make_symmetric, kSkipped
using namespace ik_test;

namespace {

// OpenBLAS's own functions, from the libopenblas that libinfokernels loaded (no link of our own)
int (*openblas_get)(void) = nullptr;
void (*openblas_set)(int) = nullptr;

// One call: the single entry (batch == 0) or the batch, with its `threads` argument.
struct Call {
  const char* name;
  int64_t batch;  // 0: ik_sym_eigenvalues_cpu on the first matrix
  int n;
  int32_t threads;
  const std::vector<double>* a;
};

int32_t run(const Call& c, std::vector<double>* w) {
  if (c.batch == 0) {
    std::vector<double> a(c.a->begin(), c.a->begin() + static_cast<std::ptrdiff_t>(c.n) * c.n);  // overwritten
    w->assign(static_cast<size_t>(c.n), -7.0);
    return ik_sym_eigenvalues_cpu(a.data(), c.n, c.threads, w->data());
  }
  w->assign(static_cast<size_t>(c.batch) * c.n, -7.0);
  return ik_batched_sym_eigenvalues_cpu(c.a->data(), c.batch, c.n, c.threads, w->data());
}

std::vector<double> matrices(int64_t batch, int n, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<double> a;
  for (int64_t b = 0; b < batch; ++b) {
    const auto m = make_symmetric(kSymRandom, n, rng);
    a.insert(a.end(), m.begin(), m.end());
  }
  return a;
}

// Runs `calls` round-robin from `callers` threads, `rounds` times each, while a poller records every
// OpenBLAS count it sees; compares every result with the call's result alone.
void phase(const char* label, int start, const std::vector<Call>& calls, int callers, int rounds,
           const std::set<int>& allowed) {
  openblas_set(start);
  check_true(openblas_get() == start, std::string(label) + ": openblas_set_num_threads(" + std::to_string(start) +
                                          ") did not take (count " + std::to_string(openblas_get()) + ")");
  std::vector<std::vector<double>> want(calls.size());
  for (size_t c = 0; c < calls.size(); ++c) {
    const int32_t st = run(calls[c], &want[c]);
    check_true(st == IK_OK, std::string(label) + " " + calls[c].name + " alone: status " + std::to_string(st) + " " +
                                ik_last_error());
    if (st != IK_OK) return;
  }
  check_true(openblas_get() == start, std::string(label) + ": the calls alone left the count at " +
                                          std::to_string(openblas_get()) + ", not " + std::to_string(start));

  std::atomic<bool> stop{false};
  std::mutex seen_mutex;
  std::set<int> seen;
  std::thread poller([&] {
    std::set<int> mine;
    while (!stop.load(std::memory_order_relaxed)) mine.insert(openblas_get());
    std::lock_guard<std::mutex> lock(seen_mutex);
    seen = mine;
  });
  std::mutex fail_mutex;
  std::vector<std::thread> pool;
  for (int t = 0; t < callers; ++t) {
    pool.emplace_back([&, t] {
      std::vector<double> w;
      for (int r = 0; r < rounds; ++r) {
        const size_t c = static_cast<size_t>(t + r) % calls.size();
        const int32_t st = run(calls[c], &w);
        const std::string path = ik_last_path();  // thread-local: this call's, whatever the others do
        const bool same = st == IK_OK && same_bits(w, want[c]);
        std::lock_guard<std::mutex> lock(fail_mutex);
        ++g_checks;
        if (st != IK_OK) {
          fail(std::string(label) + " caller " + std::to_string(t) + " round " + std::to_string(r) + " " +
               calls[c].name + ": status " + std::to_string(st) + " " + ik_last_error());
        } else if (!same) {
          int differ = 0;
          for (size_t q = 0; q < w.size(); ++q) differ += w[q] != want[c][q];
          fail(std::string(label) + " caller " + std::to_string(t) + " round " + std::to_string(r) + " " +
               calls[c].name + ": " + std::to_string(differ) + " of " + std::to_string(w.size()) +
               " eigenvalues differ in bits from the same call alone");
        }
        if (st == IK_OK && path != "eigen_cpu:lapack")
          fail(std::string(label) + " caller " + std::to_string(t) + " " + calls[c].name + ": ik_last_path() is \"" +
               path + "\"");
      }
    });
  }
  for (auto& th : pool) th.join();
  stop.store(true);
  poller.join();

  std::string values;
  for (int v : seen) values += " " + std::to_string(v);
  std::printf("%s: start %d, counts seen while the calls ran:%s, count afterwards %d\n", label, start,
              values.c_str(), openblas_get());
  for (int v : seen)
    check_true(allowed.count(v) == 1, std::string(label) + ": the poller saw OpenBLAS at " + std::to_string(v) +
                                          " threads (seen:" + values + ")");
  check_true(openblas_get() == start, std::string(label) + ": the count is " + std::to_string(openblas_get()) +
                                          " after the calls, not " + std::to_string(start));
}

}  // namespace

int main() {
  if (!ik_lapack_compiled()) {
    std::printf("skipped: the library was built without LAPACK\n");
    return kSkipped;
  }
  openblas_get = reinterpret_cast<int (*)(void)>(dlsym(RTLD_DEFAULT, "openblas_get_num_threads"));
  openblas_set = reinterpret_cast<void (*)(int)>(dlsym(RTLD_DEFAULT, "openblas_set_num_threads"));
  if (openblas_get == nullptr || openblas_set == nullptr) {
    std::printf("FAIL ik_lapack_compiled() is 1 but openblas_get_num_threads / openblas_set_num_threads are not loaded\n");
    return 1;
  }

  const auto small = matrices(6, 128, 1);
  phase("A (count 1, every call needs 1)", 1,
        {{"batch(6 x 128, 2 workers)", 6, 128, 2, &small},
         {"single(128, threads=1)", 0, 128, 1, &small},
         {"single(128, threads=0)", 0, 128, 0, &small}},
        4, 20, {1});

  const auto big = matrices(3, 300, 2);
  phase("B (count 2, calls need 1 and 2)", 2,
        {{"batch(3 x 300, 2 workers)", 3, 300, 2, &big},
         {"single(300, threads=2)", 0, 300, 2, &big},
         {"single(300, threads=1)", 0, 300, 1, &big}},
        4, 8, {1, 2});

  // C: ik_blas_release_idle joins OpenBLAS's idle workers; the next call with 2 threads must start
  // them again (OpenBLAS's lazy re-init), give the same bits and leave the count as it was.
  check_true(ik_blas_release_idle() == IK_OK, "ik_blas_release_idle returns IK_OK");
  check_true(ik_blas_release_idle() == IK_OK, "ik_blas_release_idle twice returns IK_OK");
  phase("C (count 2 after ik_blas_release_idle)", 2,
        {{"batch(3 x 300, 2 workers)", 3, 300, 2, &big},
         {"single(300, threads=2)", 0, 300, 2, &big},
         {"single(300, threads=1)", 0, 300, 1, &big}},
        4, 4, {1, 2});

  std::printf("%s: %d checks, %d failures\n", g_failures ? "FAILED" : "ok", g_checks, g_failures);
  return g_failures ? 1 : 0;
}
