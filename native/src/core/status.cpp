// status.cpp -- last-error and last-path storage, version, build capabilities and thread-count
// helpers of the C ABI.
#include "status.hpp"

#include <thread>

#ifndef IK_VERSION
#define IK_VERSION "0.0.0"
#endif

namespace ik {

namespace {
thread_local std::string g_last_error;
thread_local const char* g_last_path = "";
}

void set_last_error(const std::string& message) { g_last_error = message; }
void clear_last_error() { g_last_error.clear(); }

void set_last_path(const char* path) { g_last_path = path; }
void clear_last_path() { g_last_path = ""; }

int resolve_threads(int32_t threads) {
  if (threads > 0) return threads;
  unsigned hw = std::thread::hardware_concurrency();
  return hw == 0 ? 1 : static_cast<int>(hw);
}

}  // namespace ik

extern "C" {

const char* ik_last_error(void) { return ik::g_last_error.c_str(); }

const char* ik_last_path(void) { return ik::g_last_path; }

const char* ik_version(void) { return IK_VERSION; }

int32_t ik_hardware_threads(void) { return ik::resolve_threads(0); }

int32_t ik_lapack_compiled(void) {
#if defined(IK_HAVE_OPENBLAS)
  return 1;
#else
  return 0;
#endif
}

}  // extern "C"
