// kernel_cuda_stub.cpp -- built without nvcc: the kernel family's _cuda entries return IK_ENOCUDA.
#include "../core/cuda_stub.hpp"
using ik::no_cuda;
extern "C" {
int32_t ik_pair_sums_cuda(const double*, int32_t, const double*, int32_t, int64_t, int32_t, double, int32_t, double, int32_t, double*, double*, double*) { return no_cuda(); }
int32_t ik_kernel_matvec_cuda(const double*, int32_t, const double*, int32_t, int64_t, int32_t, double, int32_t, double, const double*, int32_t, int32_t, double*) { return no_cuda(); }
}
