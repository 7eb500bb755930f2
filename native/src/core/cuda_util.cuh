// cuda_util.cuh -- host-side helpers shared by the CUDA entries (knn_cuda.cu, kernel_cuda.cu,
// ot_cuda.cu, batched_eigen_cuda.cu): CUDA errors turned into the exceptions IK_GUARD maps to
// status codes, the device probe every entry runs first, and an RAII device array.
// Host code only (nvcc translation units); every name is in ik::cuda.
#pragma once

#include <cuda_runtime.h>

#include <cstddef>
#include <new>
#include <stdexcept>
#include <string>
#include <utility>

#include "status.hpp"

namespace ik {
namespace cuda {

// CUDA errors that mean "this machine cannot run the kernels" become ik::NoCuda (IK_ENOCUDA, so
// callers can fall back); an allocation failure is IK_ENOMEM; anything else is an internal error.
[[noreturn]] inline void throw_cuda(cudaError_t err, const char* what) {
  cudaGetLastError();  // clear a non-sticky error so the next call starts clean
  const std::string text = std::string(what) + ": " + cudaGetErrorString(err) + " (error " +
                           std::to_string(static_cast<int>(err)) + ")";
  switch (err) {
    case cudaErrorMemoryAllocation:
      throw std::bad_alloc();
    case cudaErrorInitializationError:
    case cudaErrorStubLibrary:
    case cudaErrorInsufficientDriver:
    case cudaErrorCallRequiresNewerDriver:
    case cudaErrorDevicesUnavailable:
    case cudaErrorNoDevice:
    case cudaErrorInvalidDevice:
    case cudaErrorDeviceUninitialized:
    case cudaErrorNoKernelImageForDevice:
    case cudaErrorInvalidPtx:
    case cudaErrorJitCompilerNotFound:
    case cudaErrorUnsupportedPtxVersion:
    case cudaErrorSystemNotReady:
    case cudaErrorSystemDriverMismatch:
    case cudaErrorCompatNotSupportedOnDevice:
      throw ik::NoCuda("cuda backend unavailable: " + text);
    default:
      throw std::runtime_error("cuda " + text);
  }
}

inline void check(cudaError_t err, const char* what) {
  if (err != cudaSuccess) throw_cuda(err, what);
}

// Same probe as ik_cuda_device_count: no driver or no device is IK_ENOCUDA with the reason.
inline void require_device() {
  int count = 0;
  check(cudaGetDeviceCount(&count), "cudaGetDeviceCount");
  if (count == 0) throw ik::NoCuda("cuda backend unavailable: no CUDA device found");
}

// count elements between host and device; nothing (not even a CUDA call) when count is 0.
template <typename T>
void upload(T* dst, const T* src, std::size_t count) {
  if (count > 0) check(cudaMemcpy(dst, src, count * sizeof(T), cudaMemcpyHostToDevice), "cudaMemcpy to device");
}

template <typename T>
void download(T* dst, const T* src, std::size_t count) {
  if (count > 0) check(cudaMemcpy(dst, src, count * sizeof(T), cudaMemcpyDeviceToHost), "cudaMemcpy to host");
}

// Tag for DeviceBuffer's zero-filling constructor. Zero-filling is opt-in because most buffers
// are uploaded or written in full by a kernel; buffers that kernels accumulate into (+=) need it.
struct ZeroFill {};
constexpr ZeroFill kZeroFill{};

// Owns one cudaMalloc'ed array of count T (none for count 0: get() is then null); freed on every
// path out of the entry (RAII). Movable, so that a default-constructed member can be assigned
// later and arrays can be returned by value; not copyable.
template <typename T>
class DeviceBuffer {
 public:
  DeviceBuffer() = default;
  explicit DeviceBuffer(std::size_t count) : count_(count) {
    if (count > 0) check(cudaMalloc(reinterpret_cast<void**>(&ptr_), count * sizeof(T)), "cudaMalloc");
  }
  // Delegating: once the allocation has succeeded the object is complete, so a failing memset
  // still frees it.
  DeviceBuffer(std::size_t count, ZeroFill) : DeviceBuffer(count) {
    if (count > 0) check(cudaMemset(ptr_, 0, count * sizeof(T)), "cudaMemset");
  }
  ~DeviceBuffer() {
    if (ptr_ != nullptr) cudaFree(ptr_);
  }
  DeviceBuffer(DeviceBuffer&& o) noexcept : ptr_(o.ptr_), count_(o.count_) {
    o.ptr_ = nullptr;
    o.count_ = 0;
  }
  // swap: the array this one held is freed with the moved-from temporary
  DeviceBuffer& operator=(DeviceBuffer&& o) noexcept {
    std::swap(ptr_, o.ptr_);
    std::swap(count_, o.count_);
    return *this;
  }
  DeviceBuffer(const DeviceBuffer&) = delete;
  DeviceBuffer& operator=(const DeviceBuffer&) = delete;

  T* get() const { return ptr_; }
  std::size_t size() const { return count_; }
  // gives up ownership: the caller frees the array (cudaFree; ik_device_free_cuda for C ABI callers)
  T* release() noexcept {
    T* p = ptr_;
    ptr_ = nullptr;
    count_ = 0;
    return p;
  }
  // all size() elements from the host
  void upload(const T* src) const { cuda::upload(ptr_, src, count_); }
  // the first count elements to the host
  void download(T* dst, std::size_t count) const { cuda::download(dst, ptr_, count); }

 private:
  T* ptr_ = nullptr;
  std::size_t count_ = 0;
};

}  // namespace cuda
}  // namespace ik
