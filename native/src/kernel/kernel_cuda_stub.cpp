// kernel_cuda_stub.cpp -- built without nvcc: the kernel family's _cuda entries return IK_ENOCUDA.
#include "../core/cuda_stub.hpp"
using ik::no_cuda;
extern "C" {
int32_t ik_pair_sums_cuda(const double*, int32_t, const double*, int32_t, int64_t, int32_t, double, int32_t, double, int32_t, double*, double*, double*) { return no_cuda(); }
int32_t ik_kernel_matvec_cuda(const double*, int32_t, const double*, int32_t, int64_t, int32_t, double, int32_t, double, const double*, int32_t, int32_t, double*) { return no_cuda(); }
// the device-resident matrix (kernel_matrix_cuda.cu): no device memory exists, so *out_device is NULL
int32_t ik_kernel_matrix_device_cuda(const double*, int32_t, const double*, int32_t, int64_t, int32_t, double, int32_t, double, int32_t, int32_t, double** out_device) {
  if (out_device) *out_device = nullptr;
  return no_cuda();
}
int32_t ik_device_download_cuda(const double*, int64_t, double*) { return no_cuda(); }
int32_t ik_device_free_cuda(double* device_ptr) {
  if (device_ptr == nullptr) {  // documented no-op
    ik::clear_last_error();
    ik::clear_last_path();
    return IK_OK;
  }
  return no_cuda();
}
}
