// ot_cuda_stub.cpp -- built without nvcc: the optimal-transport _cuda entries return IK_ENOCUDA.
#include "../core/cuda_stub.hpp"
using ik::no_cuda;
extern "C" {
int32_t ik_sinkhorn_lse_cuda(const double*, int64_t, const double*, int64_t, int32_t, double, const double*,
                             const double*, int32_t, int32_t, double*) {
  return no_cuda();
}
int32_t ik_sinkhorn_cuda(const double*, int64_t, const double*, int64_t, int32_t, const double*, const double*,
                         double, int32_t, int32_t, double, double, int32_t, int32_t, double*, double*, double*) {
  return no_cuda();
}
}
