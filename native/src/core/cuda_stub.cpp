// cuda_stub.cpp -- compiled instead of the .cu sources when no CUDA compiler was found:
// every _cuda entry returns IK_ENOCUDA with the reason, so the library always links and loads.
#include "cuda_stub.hpp"

using ik::no_cuda;

extern "C" {

int32_t ik_cuda_compiled(void) { return 0; }

int32_t ik_cuda_device_count(int32_t* out_count) {
  if (out_count) *out_count = 0;
  return no_cuda();
}

int32_t ik_cuda_device_describe(int32_t, char* buf, int32_t buf_len) {
  if (buf && buf_len > 0) buf[0] = '\0';
  return no_cuda();
}

int32_t ik_knn_distance_cuda(const double*, int64_t, const double*, int64_t, int32_t, int32_t,
                             int32_t, int32_t, int32_t, double*) {
  return no_cuda();
}

int32_t ik_ksg_counts_cuda(const double*, int32_t, const double*, int32_t, int64_t, int32_t,
                           int32_t, int32_t, double*, int64_t*, int64_t*) {
  return no_cuda();
}

int32_t ik_cmi_counts_cuda(const double*, int32_t, const double*, int32_t, const double*,
                           int32_t, int64_t, int32_t, int32_t, double*, int64_t*, int64_t*,
                           int64_t*) {
  return no_cuda();
}

}  // extern "C"
