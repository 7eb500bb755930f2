// testing_cuda_stub.cpp -- built without nvcc: the testing family's _cuda entries return IK_ENOCUDA.
#include "../core/cuda_stub.hpp"
using ik::no_cuda;
extern "C" {
int32_t ik_pair_rows_cuda(const double*, int32_t, const double*, int32_t, int64_t, int32_t, double, int32_t, double, int32_t, double*) { return no_cuda(); }
int32_t ik_pair_centred_rows_cuda(const double*, int32_t, const double*, int32_t, int64_t, int32_t, double, int32_t, double, const double*, const double*, const double*, const double*, double, double, int32_t, double*) { return no_cuda(); }
int32_t ik_pair_matvec_cuda(const double*, int32_t, int64_t, int32_t, double, const double*, int32_t, int32_t, double*) { return no_cuda(); }
int32_t ik_pair_permuted_rows_cuda(const double*, int32_t, const double*, int32_t, int64_t, int32_t, int32_t, double, int32_t, double, int32_t, double*) { return no_cuda(); }
}
