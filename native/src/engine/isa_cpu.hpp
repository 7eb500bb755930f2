// isa_cpu.hpp -- which x86 instruction set the CPU engines (kernel_cpu.cpp, ot_cpu.cpp) use.
//
// Their hot bodies are always-inline templates instantiated three times, inside functions marked
// IK_TARGET_AVX2 / IK_TARGET_AVX512 and inside plain ones (SSE2), so the library needs no -march
// flag and runs on any x86-64. detect_isa() picks the best set the CPU has (cpuid);
// IK_CPU_ISA=generic|avx2|avx512 caps it (the tests run every set the machine has).
#pragma once

#include <algorithm>
#include <cstdlib>
#include <cstring>

#define IK_INLINE inline __attribute__((always_inline))
#if defined(__x86_64__) || defined(__i386__)
#define IK_HAVE_ISA_CLONES 1
#define IK_TARGET_AVX2 __attribute__((target("avx2,fma")))
#define IK_TARGET_AVX512 __attribute__((target("avx512f,avx512dq,avx512vl,avx512bw,avx2,fma")))
#endif

namespace ik {
namespace engine {

enum class Isa { kGeneric = 0, kAvx2 = 1, kAvx512 = 2 };

inline Isa detect_isa() {
  Isa best = Isa::kGeneric;
#if defined(IK_HAVE_ISA_CLONES)
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) best = Isa::kAvx2;
  if (best == Isa::kAvx2 && __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq") &&
      __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512bw"))
    best = Isa::kAvx512;
#endif
  if (const char* cap = std::getenv("IK_CPU_ISA")) {
    Isa want = best;
    if (std::strcmp(cap, "generic") == 0) want = Isa::kGeneric;
    if (std::strcmp(cap, "avx2") == 0) want = Isa::kAvx2;
    if (std::strcmp(cap, "avx512") == 0) want = Isa::kAvx512;
    best = std::min(best, want);
  }
  return best;
}

}  // namespace engine
}  // namespace ik
