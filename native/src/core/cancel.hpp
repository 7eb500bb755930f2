// cancel.hpp -- cooperative cancellation of the compute entries (infokernels.h: ik_set_cancel_flag,
// ik_cancel_all, ik_active_calls).
//
// A caller hands this thread's flag to the library once (ik_set_cancel_flag: an int32 in memory
// the caller owns, e.g. written by a watchdog thread when the calling Java thread is interrupted);
// an entry captures it when it starts (current_cancel(), on the calling thread) and its loops poll
// the token between blocks of work -- the worker threads poll the token their entry captured, so a
// flag cancels the calls of its own thread only. ik_cancel_all(1) cancels every call, running or
// future, of every thread (a process shutting down). A cancelled call throws Cancelled at a poll;
// the worker pools stop handing out work, join their threads, and IK_GUARD returns IK_ECANCELLED:
// no thread of the library runs on after the entry has returned.
#pragma once

#include <atomic>
#include <cstdint>
#include <stdexcept>

namespace ik {

struct Cancelled : std::runtime_error {
  Cancelled() : std::runtime_error("cancelled (the caller's cancel flag or ik_cancel_all was set)") {}
};

// ik_cancel_all's flag (process-wide)
extern std::atomic<int32_t> g_cancel_all;

// the flag ik_set_cancel_flag gave the calling thread (nullptr when none)
const volatile int32_t* thread_cancel_flag() noexcept;

struct CancelToken {
  const volatile int32_t* flag = nullptr;
  bool requested() const noexcept {
    // The flag's writer is outside this library (another thread, another language): read it as an
    // atomic so that the poll is neither hoisted out of a loop nor torn.
    return g_cancel_all.load(std::memory_order_relaxed) != 0 ||
           (flag != nullptr && __atomic_load_n(flag, __ATOMIC_RELAXED) != 0);
  }
  void check() const {
    if (requested()) throw Cancelled();
  }
};

// the calling thread's token: call it on the thread that entered the library
inline CancelToken current_cancel() noexcept { return CancelToken{thread_cancel_flag()}; }

// Counts the ik_ calls in flight (ik_active_calls): IK_GUARD holds one for every guarded entry.
struct ActiveCall {
  ActiveCall() noexcept;
  ~ActiveCall();
  ActiveCall(const ActiveCall&) = delete;
  ActiveCall& operator=(const ActiveCall&) = delete;
};

}  // namespace ik
