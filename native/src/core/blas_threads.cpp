// blas_threads.cpp -- the leases of blas_threads.hpp: a first-come-first-served queue of groups of
// leases that need the same OpenBLAS thread count. Only the front group runs; a lease joins the
// last group when it needs that group's count, else it starts a new group at the back. Also
// ik_blas_release_idle (infokernels.h), which stops OpenBLAS's idle pool.
#include <cstdint>

#include "infokernels.h"

#if defined(IK_HAVE_OPENBLAS)

#include "blas_threads.hpp"

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>

extern "C" {
// declared in OpenBLAS's cblas.h; repeated here so only lapacke.h is needed
void openblas_set_num_threads(int num_threads);
int openblas_get_num_threads(void);
// driver/others/blas_server.c: joins the pthreads server's workers; exec_blas re-inits lazily
int blas_thread_shutdown_(void);
}

namespace ik {

namespace {

struct Group {
  uint64_t id;
  int count;
  int members;   // leases of the group not yet released
  bool applied;  // the count has been made the group's (done by its first member at the front)
};

struct Leases {
  std::mutex mutex;
  std::condition_variable turn;
  std::deque<Group> queue;  // front: the group holding the count
  uint64_t next_id = 0;
  bool busy = false;     // a group has held the count since the queue was last empty
  int found = 0;         // the count before the first group of this busy period
  bool changed = false;  // a group of this busy period wrote the count
};

// never destroyed: ik_ calls from other threads may still run while the process exits
Leases& leases() {
  static Leases* l = new Leases();
  return *l;
}

}  // namespace

BlasThreads::BlasThreads(int count) {
  Leases& l = leases();
  std::unique_lock<std::mutex> lock(l.mutex);
  if (l.queue.empty() || l.queue.back().count != count) l.queue.push_back(Group{l.next_id++, count, 0, false});
  ++l.queue.back().members;
  const uint64_t id = l.queue.back().id;
  l.turn.wait(lock, [&] { return l.queue.front().id == id; });
  Group& g = l.queue.front();
  if (g.applied) return;
  const int now = openblas_get_num_threads();
  if (!l.busy) {
    l.busy = true;
    l.found = now;
    l.changed = false;
  }
  if (now != count) {
    openblas_set_num_threads(count);
    l.changed = true;
  }
  g.applied = true;
}

BlasThreads::~BlasThreads() {
  Leases& l = leases();
  std::lock_guard<std::mutex> lock(l.mutex);
  // a live lease belongs to the front group
  if (--l.queue.front().members > 0) return;
  l.queue.pop_front();
  if (l.queue.empty()) {
    if (l.changed && l.found > 0 && openblas_get_num_threads() != l.found) openblas_set_num_threads(l.found);
    l.busy = false;
  }
  l.turn.notify_all();
}

}  // namespace ik

#endif  // IK_HAVE_OPENBLAS

extern "C" int32_t ik_blas_release_idle(void) {
#if defined(IK_HAVE_OPENBLAS)
  blas_thread_shutdown_();
#endif
  return IK_OK;
}
