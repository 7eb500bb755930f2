// knn_cpu.cpp -- PLACEHOLDER brute-force k-NN entries (O(n^2 d)); replaced by the k-d tree.
#include <algorithm>
#include <cmath>
#include <vector>

#include "../core/status.hpp"

namespace {

double dist(const double* a, const double* b, int d, int norm) {
  double s = 0;
  for (int c = 0; c < d; ++c) {
    double t = std::fabs(a[c] - b[c]);
    if (norm == IK_NORM_MAX) s = std::max(s, t); else s += t * t;
  }
  return norm == IK_NORM_MAX ? s : std::sqrt(s);
}

}  // namespace

extern "C" {

int32_t ik_knn_distance_cpu(const double* ref, int64_t n_ref, const double* query, int64_t n_query,
                            int32_t d, int32_t k, int32_t norm, int32_t same_set, int32_t threads,
                            double* out_dist) {
  IK_GUARD({
    (void)threads;
    std::vector<double> ds;
    for (int64_t i = 0; i < n_query; ++i) {
      ds.clear();
      for (int64_t j = 0; j < n_ref; ++j) {
        if (same_set && i == j) continue;
        ds.push_back(dist(query + i * d, ref + j * d, d, norm));
      }
      std::nth_element(ds.begin(), ds.begin() + (k - 1), ds.end());
      out_dist[i] = ds[k - 1];
    }
  });
}

int32_t ik_ksg_counts_cpu(const double*, int32_t, const double*, int32_t, int64_t, int32_t,
                          int32_t, int32_t, double*, int64_t*, int64_t*) {
  IK_GUARD({ throw ik::InvalidArgument("not implemented"); });
}

int32_t ik_cmi_counts_cpu(const double*, int32_t, const double*, int32_t, const double*,
                          int32_t, int64_t, int32_t, int32_t, double*, int64_t*, int64_t*,
                          int64_t*) {
  IK_GUARD({ throw ik::InvalidArgument("not implemented"); });
}

}  // extern "C"
