// The bodies of the kNN search's two small kernels (the projected bounds of a leaf's
// candidates, the queries' gaps to a box), for NeighborKernels.c (exported for tests)
// and NeighborWalk.c (the walk that uses them), each in a baseline and an AVX2 variant.

#ifndef LEARNING_KERNELS_NEIGHBOR_BODY_H
#define LEARNING_KERNELS_NEIGHBOR_BODY_H

#include <stdint.h>
#include <string.h>

typedef double lk_quad __attribute__((vector_size(32)));
typedef long long lk_lanes __attribute__((vector_size(32)));

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

#define LK_LEAF_PARAMETERS                                                                   \
  (const double *panels, const double *candidate_norms, const double *queries,               \
   const double *query_norms, const double *limits, intptr_t components, double *bounds)

static inline uint64_t lk_leaf_bounds_baseline LK_LEAF_PARAMETERS LK_LEAF_BODY

#if defined(__x86_64__)
__attribute__((target("avx2"))) static inline uint64_t lk_leaf_bounds_avx2 LK_LEAF_PARAMETERS
    LK_LEAF_BODY
#endif

#define LK_BOX_NEAREST_BODY                                                                  \
  {                                                                                          \
    const lk_quad zero = {0, 0, 0, 0};                                                       \
    lk_quad low = zero, high = zero;                                                         \
    lk_quad low_limits, high_limits;                                                         \
    memcpy(&low_limits, limits, sizeof low_limits);                                          \
    memcpy(&high_limits, limits + 4, sizeof high_limits);                                    \
    for (intptr_t component = 0; component < components; component++) {                     \
      const double lowest = box[component * 2], highest = box[component * 2 + 1];            \
      const lk_quad lows = {lowest, lowest, lowest, lowest};                                 \
      const lk_quad highs = {highest, highest, highest, highest};                            \
      lk_quad low_query, high_query;                                                         \
      memcpy(&low_query, queries + component * 8, sizeof low_query);                         \
      memcpy(&high_query, queries + component * 8 + 4, sizeof high_query);                   \
      /* Below the box, above it: at most one is positive, and the gap is that one. */     \
      lk_quad low_gap = lows - low_query, high_gap = lows - high_query;                      \
      const lk_quad low_above = low_query - highs, high_above = high_query - highs;          \
      low_gap = __builtin_elementwise_max(__builtin_elementwise_max(low_gap, low_above), zero); \
      high_gap = __builtin_elementwise_max(                                                  \
          __builtin_elementwise_max(high_gap, high_above), zero);                            \
      low = low + low_gap * low_gap;                                                         \
      high = high + high_gap * high_gap;                                                     \
      if ((component & 3) == 3) {                                                            \
        const lk_lanes out = (low > low_limits) & (high > high_limits);                      \
        if (out[0] & out[1] & out[2] & out[3]) return __builtin_inf();                       \
      }                                                                                      \
    }                                                                                        \
    double nearest = __builtin_inf();                                                        \
    for (int lane = 0; lane < 4; lane++) {                                                   \
      if (low[lane] <= low_limits[lane] && low[lane] < nearest) nearest = low[lane];         \
      if (high[lane] <= high_limits[lane] && high[lane] < nearest) nearest = high[lane];     \
    }                                                                                        \
    return nearest;                                                                          \
  }

#define LK_BOX_PARAMETERS                                                                    \
  (const float *box, const double *queries, const double *limits, intptr_t components)

static inline double lk_box_nearest_baseline LK_BOX_PARAMETERS LK_BOX_NEAREST_BODY

#if defined(__x86_64__)
__attribute__((target("avx2"))) static inline double lk_box_nearest_avx2 LK_BOX_PARAMETERS
    LK_BOX_NEAREST_BODY
#endif

#endif
