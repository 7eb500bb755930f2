// status.cpp -- last-error and last-path storage, version, build capabilities and thread-count
// helpers of the C ABI.
#include "status.hpp"

#include <atomic>
#include <cmath>
#include <thread>

#ifndef IK_VERSION
#define IK_VERSION "0.0.0"
#endif

namespace ik {

namespace {
thread_local std::string g_last_error;
thread_local const char* g_last_path = "";
thread_local const volatile int32_t* g_cancel_flag = nullptr;
std::atomic<int32_t> g_active_calls{0};
}

std::atomic<int32_t> g_cancel_all{0};

const volatile int32_t* thread_cancel_flag() noexcept { return g_cancel_flag; }

ActiveCall::ActiveCall() noexcept { g_active_calls.fetch_add(1, std::memory_order_acq_rel); }
ActiveCall::~ActiveCall() { g_active_calls.fetch_sub(1, std::memory_order_acq_rel); }

void set_last_error(const std::string& message) { g_last_error = message; }
void clear_last_error() { g_last_error.clear(); }

void set_last_path(const char* path) { g_last_path = path; }
void clear_last_path() { g_last_path = ""; }

void require_finite(const double* p, int64_t count, const std::string& what) {
  for (int64_t i = 0; i < count; ++i) {
    if (!std::isfinite(p[i]))
      throw InvalidArgument(what + " has a non-finite value (" + (std::isnan(p[i]) ? "NaN" : "infinity") +
                            ") at flat index " + std::to_string(i));
  }
}

int resolve_threads(int32_t threads) {
  if (threads > 0) return threads;
  unsigned hw = std::thread::hardware_concurrency();
  return hw == 0 ? 1 : static_cast<int>(hw);
}

}  // namespace ik

extern "C" {

const char* ik_last_error(void) { return ik::g_last_error.c_str(); }

const char* ik_last_path(void) { return ik::g_last_path; }

int32_t ik_set_cancel_flag(const int32_t* flag) {
  ik::clear_last_error();
  ik::clear_last_path();
  ik::g_cancel_flag = flag;
  return IK_OK;
}

void ik_cancel_all(int32_t on) { ik::g_cancel_all.store(on != 0 ? 1 : 0, std::memory_order_relaxed); }

int32_t ik_active_calls(void) { return ik::g_active_calls.load(std::memory_order_acquire); }

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
