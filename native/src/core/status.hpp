// status.hpp -- error recording for the C ABI: every ik_* body runs inside IK_GUARD, which
// turns C++ exceptions into a status code plus a thread-local message (faiss c_api style), and
// resets the thread-local path report (ik_last_path) that a compute entry sets once it has chosen
// what to run.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>

#include "cancel.hpp"
#include "infokernels.h"

namespace ik {

void set_last_error(const std::string& message);
void clear_last_error();

// What this call runs, for ik_last_path: one of the strings listed in infokernels.h (a string
// literal: the pointer is kept). IK_GUARD resets it to "" on entry and when the call fails.
void set_last_path(const char* path);
void clear_last_path();

// Thrown behind the boundary for bad arguments; becomes IK_EINVAL.
struct InvalidArgument : std::invalid_argument {
  using std::invalid_argument::invalid_argument;
};
// Thrown when the CUDA path cannot run; becomes IK_ENOCUDA.
struct NoCuda : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Every one of the `count` doubles at p is finite; else InvalidArgument naming `what` and the first
// bad index (the entries refuse NaN and infinities: a neighbour search or a kernel sum over them has
// no meaning, and the Java layer refuses them before any call).
void require_finite(const double* p, int64_t count, const std::string& what);

// Resolve a requested thread count: <= 0 means all hardware threads.
int resolve_threads(int32_t threads);

}  // namespace ik

#define IK_GUARD(body)                                                  \
  do {                                                                  \
    const ik::ActiveCall ik_active_call_;                               \
    try {                                                               \
      ik::clear_last_error();                                           \
      ik::clear_last_path();                                            \
      body;                                                             \
      return IK_OK;                                                     \
    } catch (const ik::InvalidArgument& e) {                            \
      ik::clear_last_path();                                            \
      ik::set_last_error(e.what());                                     \
      return IK_EINVAL;                                                 \
    } catch (const ik::Cancelled& e) {                                  \
      ik::clear_last_path();                                            \
      ik::set_last_error(e.what());                                     \
      return IK_ECANCELLED;                                             \
    } catch (const ik::NoCuda& e) {                                     \
      ik::clear_last_path();                                            \
      ik::set_last_error(e.what());                                     \
      return IK_ENOCUDA;                                                \
    } catch (const std::bad_alloc&) {                                   \
      ik::clear_last_path();                                            \
      ik::set_last_error("out of memory");                              \
      return IK_ENOMEM;                                                 \
    } catch (const std::exception& e) {                                 \
      ik::clear_last_path();                                            \
      ik::set_last_error(std::string("internal error: ") + e.what());   \
      return IK_EINTERNAL;                                              \
    } catch (...) {                                                     \
      ik::clear_last_path();                                            \
      ik::set_last_error("internal error: unknown exception");          \
      return IK_EINTERNAL;                                              \
    }                                                                   \
  } while (0)

#define IK_REQUIRE(cond, msg)                      \
  do {                                             \
    if (!(cond)) throw ik::InvalidArgument(msg);   \
  } while (0)
