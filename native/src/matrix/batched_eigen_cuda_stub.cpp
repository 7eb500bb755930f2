// batched_eigen_cuda_stub.cpp -- built without nvcc: the spectral family's _cuda entries return IK_ENOCUDA.
#include "../core/cuda_stub.hpp"
using ik::no_cuda;
extern "C" {
int32_t ik_batched_sym_eigenvalues_cuda(const double*, int64_t, int64_t, int32_t, double*) { return no_cuda(); }
int32_t ik_batched_sym_eigenvalues_cuda_max_n(int32_t* out_max_n) {
  if (out_max_n) *out_max_n = 0;
  return no_cuda();
}
}
