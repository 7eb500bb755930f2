// cuda_stub.hpp -- what every stub _cuda entry returns in a build without CUDA kernels (nvcc
// absent at configure time): IK_ENOCUDA, with the reason in ik_last_error and ik_last_path "". Included by
// core/cuda_stub.cpp and the <family>_cuda_stub.cpp files, which CMake compiles instead of the .cu
// sources, so the library always links and loads.
#pragma once

#include <cstdint>

#include "status.hpp"

namespace ik {

inline int32_t no_cuda() {
  clear_last_path();  // nothing ran
  set_last_error(
      "cuda backend unavailable: this build of libinfokernels has no CUDA kernels (nvcc was not found at build time)");
  return IK_ENOCUDA;
}

}  // namespace ik
