// tile.hpp -- the pairwise tiling engine: the block partition, the order tiles run in, the
// pair ops they feed, and the CPU tile loop. Shared by the CPU (kernel_cpu.cpp) and CUDA
// (kernel_cuda.cu) entries of the kernel family; nothing here allocates n x n.
//
// Partition. Rows 0..n-1 are cut into nb = ceil(n / T) blocks of T rows. A symmetric pair sum
// visits only the tiles (bi, bj) with bi <= bj: a diagonal tile (b, b) covers all T x T ordered
// pairs of its block (both (i, j) and (j, i), so it needs no masks for j < i and costs 1/nb of
// the work extra), and an off-diagonal tile counts each of its pairs for (i, j) and (j, i): its
// scalar sums are doubled (exact) and it adds row sums to both block bi (over j) and block bj
// (over i).
//
// Order. Row sums of block b receive one partial from every tile touching b. To merge those in
// a fixed order without n x n/T partial buffers and without atomics, the tiles run in rounds of
// a round-robin tournament (circle method) over the blocks: round 0 holds the nb diagonal tiles,
// and each of the next N - 1 rounds (N = nb rounded up to even) is a perfect matching, so no two
// tiles of a round share a block. Within a round, tiles run in parallel and write the row sums of
// their own two blocks directly (plain +=); rounds are separated by a barrier (CPU) or by stream
// order (CUDA, one launch per round). Scalar partials go to accumulator slot = the tile's position
// in its round (slot-wise += in round order) and the slots are summed in slot order at the end.
// Every sum therefore has one association order fixed by (n, T) alone: results are bitwise
// identical for any thread count and run to run (the determinism of CUB's run_to_run mode).
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>

#if !defined(__CUDACC__)
#include <atomic>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <system_error>
#include <thread>
#include <vector>

#include "../core/cancel.hpp"
#endif

#if defined(__CUDACC__)
#define IK_HD __host__ __device__ __forceinline__
#else
#define IK_HD inline __attribute__((always_inline))
#endif

namespace ik {
namespace engine {

// ---------------------------------------------------------------------------------------------
// tile size

// Rows per CPU tile (a multiple of 32). `d` is the number of doubles the tile streams per row of
// its j-block: dx + dy coordinates (packed column-major per block) plus the per-row accumulators
// (2 row sums, or m outputs of a mat-vec); `budget` is the bytes that should stay cache-resident.
//
// Why: the micro-kernel (kernel_cpu.cpp) holds 4 rows of the i-block in registers and sweeps
// the whole j-block once per 4 rows, so the j-block (T * d * 8 bytes) is re-read T/4 times and
// must stay in the core's private L2 to keep the inner loop compute-bound (each 64-byte load
// feeds 4 x 8 pair updates). With budget = 512 KiB (a quarter of a 2 MiB L2, half of a 1 MiB one,
// leaving room for the i-rows, the accumulators and the other hyperthread) that is T = 512 up to
// d = 128 and T = 256 at d = 256. T is capped at 512 (bigger tiles only save round barriers)
// and floored at 32 (smaller ones spend more on the masked edge groups than on pairs). Finally,
// when n allows, T is lowered so there are at least 32 blocks: a round then has 16 tiles to
// share among threads. T depends on (n, d) only, never on the thread count -- it defines the
// summation order.
inline int64_t choose_tile(int64_t n, int64_t d, std::size_t budget) {
  constexpr int64_t kMin = 32, kMax = 512, kMinBlocks = 32;
  const int64_t per_row = 8 * std::max<int64_t>(d, 1);
  int64_t t = static_cast<int64_t>(budget) / per_row;
  t = std::max(kMin, std::min(kMax, t / 32 * 32));
  const int64_t spread = (n / kMinBlocks + 31) / 32 * 32;  // T giving >= kMinBlocks blocks
  t = std::max(kMin, std::min(t, spread));
  return t;
}

// ---------------------------------------------------------------------------------------------
// schedule

// Round-robin schedule of the tiles (bi <= bj) of nb blocks (see the file comment).
struct RoundRobin {
  int64_t nb;  // blocks
  int64_t N;   // nb rounded up to even: block N - 1 may be a bye

  IK_HD explicit RoundRobin(int64_t blocks) : nb(blocks), N(blocks + (blocks & 1)) {}
  // round 0: diagonal tiles; rounds 1 .. N-1: matchings
  IK_HD int64_t rounds() const { return N; }
  IK_HD int64_t slots(int64_t round) const { return round == 0 ? nb : N / 2; }
  IK_HD int64_t max_slots() const { return nb > N / 2 ? nb : N / 2; }
  // The tile in `slot` of `round`, or false when that slot pairs a block with the bye.
  IK_HD bool tile(int64_t round, int64_t slot, int64_t* bi, int64_t* bj) const {
    if (round == 0) {
      *bi = *bj = slot;
      return slot < nb;
    }
    // circle method on M = N - 1 (odd) rotating seats plus the fixed seat M: in round r the
    // pairs are (r, M) and (r + s, r - s) mod M, s = 1 .. N/2 - 1; a + b = 2r (mod M) names the
    // round of every pair, so each pair appears exactly once.
    const int64_t M = N - 1;
    const int64_t r = round - 1;
    int64_t a, b;
    if (slot == 0) {
      a = r;
      b = M;
    } else {
      a = (r + slot) % M;
      b = (r - slot + M) % M;
    }
    if (a >= nb || b >= nb) return false;
    *bi = a < b ? a : b;
    *bj = a < b ? b : a;
    return true;
  }
};

// ---------------------------------------------------------------------------------------------
// kernels and pair ops (V = double on the device, simd::V8 on the CPU)

// k(a, b) from |a - b|^2 (RBF) or a.b (linear): `scale` = -1 / (2 sigma^2) for RBF.
enum KernelKind : int { kLinear = 0, kRbf = 1 };

struct KernelParam {
  int kind;
  double scale;
};

// HSIC, CKA and CS-QMI in one pass (java/docs/conventions/kernel.md): sum K o L, K^2, L^2, (K o L)^2,
// K and L over the visited pairs. Unweighted: a tile's caller doubles off-diagonal tiles.
template <class V>
struct PairSums {
  V kl, kk, ll, kl2, k, l;
  IK_HD void reset(const V& z) { kl = kk = ll = kl2 = k = l = z; }
  IK_HD void visit(const V& kv, const V& lv) {
    const V p = kv * lv;
    kl += p;
    kk += kv * kv;
    ll += lv * lv;
    kl2 += p * p;
    k += kv;
    l += lv;
  }
};

// Traces tr K, tr L and sum_i K_ii L_ii: visited on i == j only.
template <class V>
struct DiagSums {
  V k, l, kl;
  IK_HD void reset(const V& z) { k = l = kl = z; }
  IK_HD void visit(const V& kv, const V& lv) {
    k += kv;
    l += lv;
    kl += kv * lv;
  }
};

// ---------------------------------------------------------------------------------------------
// CPU tile loop

#if !defined(__CUDACC__)

// Reusable barrier for the workers of one tile loop; the last thread to arrive runs `last`
// (e.g. resetting the round's work counter) before anyone is released. A waiter first spins on
// the generation for a few tens of microseconds (rounds are ~0.1-1 ms, and a worker waits for the
// last tile of a round, typically a fraction of one tile), then sleeps on the condition variable:
// waking a sleeping thread costs more than a round's imbalance on a virtual machine. With more
// workers than hardware threads a spinner would hold a core that a worker with tiles left needs,
// so then waiters sleep at once.
class Barrier {
 public:
  explicit Barrier(int count)
      : count_(count), spins_(count <= static_cast<int>(std::thread::hardware_concurrency()) ? kSpins : 0) {}
  template <class F>
  void arrive_and_wait(F&& last) {
    const uint64_t gen = generation_.load(std::memory_order_acquire);
    if (arrived_.fetch_add(1, std::memory_order_acq_rel) + 1 == count_) {
      last();
      arrived_.store(0, std::memory_order_relaxed);
      {
        std::lock_guard<std::mutex> lock(mutex_);
        generation_.store(gen + 1, std::memory_order_release);
      }
      cv_.notify_all();
      return;
    }
    for (int spin = 0; spin < spins_; ++spin) {
      if (generation_.load(std::memory_order_acquire) != gen) return;
#if defined(__x86_64__) || defined(__i386__)
      __builtin_ia32_pause();
#endif
    }
    std::unique_lock<std::mutex> lock(mutex_);
    cv_.wait(lock, [&] { return generation_.load(std::memory_order_acquire) != gen; });
  }

 private:
  static constexpr int kSpins = 1 << 11;  // ~2 000 pauses: 20-100 us
  std::mutex mutex_;
  std::condition_variable cv_;
  const int count_;
  const int spins_;
  std::atomic<int> arrived_{0};
  std::atomic<uint64_t> generation_{0};
};

// Runs fn(bi, bj, slot, worker) for every tile of the schedule, round after round, on up to
// `threads` threads (worker in [0, threads)). Tiles of one round are handed out dynamically
// (load balance); the results cannot depend on which worker ran a tile, because a tile writes
// only its own blocks and its own slot. Returns the number of workers used.
// If fewer threads can be started than asked for, the loop runs on those it has.
// Schedule: RoundRobin or any type with its rounds(), slots(round), max_slots() and tile().
template <class Schedule, class Fn>
int for_each_tile_cpu(const Schedule& schedule, int threads, Fn&& fn) {
  // polled before every tile (core/cancel.hpp); after the first exception the remaining tiles are
  // skipped, the workers still meet at every barrier, and the exception is rethrown once all joined
  const ik::CancelToken cancel = ik::current_cancel();
  const int64_t most = schedule.max_slots();
  int workers = static_cast<int>(std::max<int64_t>(1, std::min<int64_t>(threads, most)));
  if (workers == 1) {
    for (int64_t r = 0; r < schedule.rounds(); ++r) {
      for (int64_t s = 0; s < schedule.slots(r); ++s) {
        int64_t bi, bj;
        if (schedule.tile(r, s, &bi, &bj)) {
          cancel.check();
          fn(bi, bj, s, 0);
        }
      }
    }
    return 1;
  }

  std::atomic<int64_t> next{0};
  std::atomic<bool> failed{false};
  std::exception_ptr error;
  std::mutex error_mutex;
  // workers wait at the gate until the pool is complete, so the barrier count is final
  std::mutex gate_mutex;
  std::condition_variable gate_cv;
  bool open = false;
  Barrier* barrier = nullptr;

  auto work = [&](int w) {
    for (int64_t r = 0; r < schedule.rounds(); ++r) {
      const int64_t slots = schedule.slots(r);
      for (int64_t s; (s = next.fetch_add(1, std::memory_order_relaxed)) < slots;) {
        int64_t bi, bj;
        if (!schedule.tile(r, s, &bi, &bj) || failed.load(std::memory_order_relaxed)) continue;
        try {
          cancel.check();
          fn(bi, bj, s, w);
        } catch (...) {
          std::lock_guard<std::mutex> lock(error_mutex);
          if (!error) error = std::current_exception();
          failed.store(true, std::memory_order_relaxed);
        }
      }
      barrier->arrive_and_wait([&] { next.store(0, std::memory_order_relaxed); });
    }
  };

  std::vector<std::thread> pool;
  pool.reserve(static_cast<std::size_t>(workers - 1));
  for (int w = 1; w < workers; ++w) {
    try {
      pool.emplace_back([&, w] {
        {
          std::unique_lock<std::mutex> lock(gate_mutex);
          gate_cv.wait(lock, [&] { return open; });
        }
        work(w);
      });
    } catch (const std::system_error&) {
      break;  // run on the threads we have
    }
  }
  workers = static_cast<int>(pool.size()) + 1;
  Barrier round_barrier(workers);
  {
    std::lock_guard<std::mutex> lock(gate_mutex);
    barrier = &round_barrier;
    open = true;
  }
  gate_cv.notify_all();
  work(0);
  for (auto& t : pool) t.join();
  if (error) std::rethrow_exception(error);
  return workers;
}

#endif  // !__CUDACC__

}  // namespace engine
}  // namespace ik
