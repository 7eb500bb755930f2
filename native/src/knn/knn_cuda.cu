// knn_cuda.cu -- PLACEHOLDER, replaced by the tiled CUDA k-NN kernels.
#include "../core/status.hpp"
extern "C" {
int32_t ik_knn_distance_cuda(const double*, int64_t, const double*, int64_t, int32_t, int32_t,
                             int32_t, int32_t, int32_t, double*) {
  IK_GUARD({ throw ik::NoCuda("cuda k-NN not implemented yet"); });
}
int32_t ik_ksg_counts_cuda(const double*, int32_t, const double*, int32_t, int64_t, int32_t,
                           int32_t, int32_t, double*, int64_t*, int64_t*) {
  IK_GUARD({ throw ik::NoCuda("cuda k-NN not implemented yet"); });
}
int32_t ik_cmi_counts_cuda(const double*, int32_t, const double*, int32_t, const double*,
                           int32_t, int64_t, int32_t, int32_t, double*, int64_t*, int64_t*,
                           int64_t*) {
  IK_GUARD({ throw ik::NoCuda("cuda k-NN not implemented yet"); });
}
}
