// The kNN search's small kernels (bodies in neighbor_body.h), exported for tests: the
// walk itself (NeighborWalk.c) calls the variants directly.

#include "LearningKernels.h"
#include "neighbor_body.h"

uint64_t lk_leaf_bounds(
    const double *panels, const double *candidate_norms, const double *queries,
    const double *query_norms, const double *limits, intptr_t components, double *bounds) {
#if defined(__x86_64__)
  if (lk_level() == 1) {
    return lk_leaf_bounds_avx2(
        panels, candidate_norms, queries, query_norms, limits, components, bounds);
  }
#endif
  return lk_leaf_bounds_baseline(
      panels, candidate_norms, queries, query_norms, limits, components, bounds);
}

double lk_box_nearest(
    const float *box, const double *queries, const double *limits, intptr_t components) {
#if defined(__x86_64__)
  if (lk_level() == 1) return lk_box_nearest_avx2(box, queries, limits, components);
#endif
  return lk_box_nearest_baseline(box, queries, limits, components);
}
