// The kNN search's leaf visit (NeighborSearch.swift): the projected lower bounds of
// 8 queries to the 8 candidates of a leaf, compiled for baseline x86-64 and for AVX2,
// picked by `lk_level` like the RBF kernels (Kernels.c).

#include "LearningKernels.h"

#include <string.h>

typedef double lk_quad __attribute__((vector_size(32)));

// Separate multiplies and adds in both variants: the bounds are then the same bits
// whichever runs (and the same as the Swift code's that came before).
#pragma STDC FP_CONTRACT OFF

#define LK_LEAF_BODY                                                                         \
  {                                                                                          \
    uint64_t mask = 0;                                                                       \
    lk_quad low_norms, high_norms, low_limits, high_limits;                                  \
    memcpy(&low_norms, query_norms, sizeof low_norms);                                       \
    memcpy(&high_norms, query_norms + 4, sizeof high_norms);                                 \
    memcpy(&low_limits, limits, sizeof low_limits);                                          \
    memcpy(&high_limits, limits + 4, sizeof high_limits);                                    \
    for (intptr_t candidate = 0; candidate < 8; candidate++) {                               \
      const double *column = panels + (candidate / 2) * components * 2 + candidate % 2;      \
      lk_quad low = {0, 0, 0, 0}, high = {0, 0, 0, 0};                                       \
      for (intptr_t component = 0; component < components; component++) {                   \
        const double value = column[component * 2];                                         \
        const lk_quad splat = {value, value, value, value};                                  \
        lk_quad low_query, high_query;                                                       \
        memcpy(&low_query, queries + component * 8, sizeof low_query);                       \
        memcpy(&high_query, queries + component * 8 + 4, sizeof high_query);                 \
        const lk_quad low_product = splat * low_query;                                       \
        const lk_quad high_product = splat * high_query;                                     \
        low = low + low_product;                                                             \
        high = high + high_product;                                                          \
      }                                                                                      \
      const double norm = candidate_norms[candidate];                                        \
      const lk_quad norms = {norm, norm, norm, norm};                                        \
      const lk_quad low_bound = (low_norms - 2 * low) + norms;                               \
      const lk_quad high_bound = (high_norms - 2 * high) + norms;                            \
      memcpy(bounds + candidate * 8, &low_bound, sizeof low_bound);                          \
      memcpy(bounds + candidate * 8 + 4, &high_bound, sizeof high_bound);                    \
      const lk_quad low_pass = (lk_quad)(low_bound <= low_limits);                           \
      const lk_quad high_pass = (lk_quad)(high_bound <= high_limits);                        \
      uint64_t bits = 0;                                                                     \
      for (int lane = 0; lane < 4; lane++) {                                                 \
        bits |= (uint64_t)(low_pass[lane] != 0) << lane;                                     \
        bits |= (uint64_t)(high_pass[lane] != 0) << (lane + 4);                              \
      }                                                                                      \
      mask |= bits << (candidate * 8);                                                       \
    }                                                                                        \
    return mask;                                                                             \
  }

static uint64_t leaf_bounds_baseline(
    const double *panels, const double *candidate_norms, const double *queries,
    const double *query_norms, const double *limits, intptr_t components, double *bounds)
    LK_LEAF_BODY

#if defined(__x86_64__)
__attribute__((target("avx2"))) static uint64_t leaf_bounds_avx2(
    const double *panels, const double *candidate_norms, const double *queries,
    const double *query_norms, const double *limits, intptr_t components, double *bounds)
    LK_LEAF_BODY
#endif

uint64_t lk_leaf_bounds(
    const double *panels, const double *candidate_norms, const double *queries,
    const double *query_norms, const double *limits, intptr_t components, double *bounds) {
#if defined(__x86_64__)
  if (lk_level() == 1) {
    return leaf_bounds_avx2(
        panels, candidate_norms, queries, query_norms, limits, components, bounds);
  }
#endif
  return leaf_bounds_baseline(
      panels, candidate_norms, queries, query_norms, limits, components, bounds);
}

typedef long long lk_lanes __attribute__((vector_size(32)));

#define LK_BOX_BODY                                                                          \
  {                                                                                          \
    const lk_quad zero = {0, 0, 0, 0};                                                       \
    lk_quad low = zero, high = zero;                                                         \
    for (intptr_t component = 0; component < components; component++) {                     \
      const double lowest = box[component * 2], highest = box[component * 2 + 1];            \
      const lk_quad lows = {lowest, lowest, lowest, lowest};                                 \
      const lk_quad highs = {highest, highest, highest, highest};                            \
      lk_quad low_query, high_query;                                                         \
      memcpy(&low_query, queries + component * 8, sizeof low_query);                         \
      memcpy(&high_query, queries + component * 8 + 4, sizeof high_query);                   \
      /* Below the box, above it: at most one of the two is positive. */                     \
      lk_quad low_below = lows - low_query, low_above = low_query - highs;                   \
      lk_quad high_below = lows - high_query, high_above = high_query - highs;               \
      low_below = (lk_quad)((lk_lanes)low_below & (low_below > zero));                       \
      low_above = (lk_quad)((lk_lanes)low_above & (low_above > zero));                       \
      high_below = (lk_quad)((lk_lanes)high_below & (high_below > zero));                    \
      high_above = (lk_quad)((lk_lanes)high_above & (high_above > zero));                    \
      low = low + (low_below * low_below + low_above * low_above);                           \
      high = high + (high_below * high_below + high_above * high_above);                     \
    }                                                                                        \
    lk_quad low_limits, high_limits;                                                         \
    memcpy(&low_limits, limits, sizeof low_limits);                                          \
    memcpy(&high_limits, limits + 4, sizeof high_limits);                                    \
    const lk_lanes beyond = (low > low_limits) & (high > high_limits);                       \
    return beyond[0] & beyond[1] & beyond[2] & beyond[3] ? 1 : 0;                            \
  }

static int box_beyond_baseline(
    const double *box, const double *queries, const double *limits, intptr_t components)
    LK_BOX_BODY

#if defined(__x86_64__)
__attribute__((target("avx2"))) static int box_beyond_avx2(
    const double *box, const double *queries, const double *limits, intptr_t components)
    LK_BOX_BODY
#endif

int lk_box_beyond(
    const double *box, const double *queries, const double *limits, intptr_t components) {
#if defined(__x86_64__)
  if (lk_level() == 1) return box_beyond_avx2(box, queries, limits, components);
#endif
  return box_beyond_baseline(box, queries, limits, components);
}
