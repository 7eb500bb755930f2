// cuda_device.cu -- CUDA discovery through the statically linked runtime. Without a driver,
// cudaGetDeviceCount returns cudaErrorInsufficientDriver (35) and we report IK_ENOCUDA + text.
#include <cuda_runtime.h>

#include <cstdio>
#include <string>

#include "status.hpp"

extern "C" {

int32_t ik_cuda_compiled(void) { return 1; }

int32_t ik_cuda_device_count(int32_t* out_count) {
  IK_GUARD({
    IK_REQUIRE(out_count != nullptr, "out_count is null");
    *out_count = 0;
    int count = 0;
    cudaError_t err = cudaGetDeviceCount(&count);
    if (err != cudaSuccess) {
      cudaGetLastError();  // clear the sticky error state of the runtime
      throw ik::NoCuda(std::string("cuda backend unavailable: ") + cudaGetErrorString(err) +
                       " (error " + std::to_string(static_cast<int>(err)) + ")");
    }
    if (count == 0) throw ik::NoCuda("cuda backend unavailable: no CUDA device found");
    *out_count = count;
  });
}

int32_t ik_cuda_device_describe(int32_t device, char* buf, int32_t buf_len) {
  IK_GUARD({
    IK_REQUIRE(buf != nullptr && buf_len > 0, "buf is null or empty");
    buf[0] = '\0';
    cudaDeviceProp prop;
    cudaError_t err = cudaGetDeviceProperties(&prop, device);
    if (err != cudaSuccess) {
      cudaGetLastError();
      throw ik::NoCuda(std::string("cuda backend unavailable: ") + cudaGetErrorString(err));
    }
    std::snprintf(buf, static_cast<size_t>(buf_len), "%s (sm_%d%d, %zu MiB)", prop.name,
                  prop.major, prop.minor, static_cast<size_t>(prop.totalGlobalMem >> 20));
  });
}

}  // extern "C"
