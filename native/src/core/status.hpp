// status.hpp -- error recording for the C ABI: every ik_* body runs inside IK_GUARD, which
// turns C++ exceptions into a status code plus a thread-local message (faiss c_api style).
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>

#include "infokernels.h"

namespace ik {

void set_last_error(const std::string& message);
void clear_last_error();

// Thrown behind the boundary for bad arguments; becomes IK_EINVAL.
struct InvalidArgument : std::invalid_argument {
  using std::invalid_argument::invalid_argument;
};
// Thrown when the CUDA path cannot run; becomes IK_ENOCUDA.
struct NoCuda : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Resolve a requested thread count: <= 0 means all hardware threads.
int resolve_threads(int32_t threads);

}  // namespace ik

#define IK_GUARD(body)                                                  \
  do {                                                                  \
    try {                                                               \
      ik::clear_last_error();                                           \
      body;                                                             \
      return IK_OK;                                                     \
    } catch (const ik::InvalidArgument& e) {                            \
      ik::set_last_error(e.what());                                     \
      return IK_EINVAL;                                                 \
    } catch (const ik::NoCuda& e) {                                     \
      ik::set_last_error(e.what());                                     \
      return IK_ENOCUDA;                                                \
    } catch (const std::bad_alloc&) {                                   \
      ik::set_last_error("out of memory");                              \
      return IK_ENOMEM;                                                 \
    } catch (const std::exception& e) {                                 \
      ik::set_last_error(std::string("internal error: ") + e.what());   \
      return IK_EINTERNAL;                                              \
    } catch (...) {                                                     \
      ik::set_last_error("internal error: unknown exception");          \
      return IK_EINTERNAL;                                              \
    }                                                                   \
  } while (0)

#define IK_REQUIRE(cond, msg)                      \
  do {                                             \
    if (!(cond)) throw ik::InvalidArgument(msg);   \
  } while (0)
