#include "LearningKernels.h"

#include <stdatomic.h>
#include <string.h>

typedef double lk_vector __attribute__((vector_size(32)));
typedef intptr_t lk_ivector __attribute__((vector_size(32)));
typedef uint64_t lk_uvector __attribute__((vector_size(32)));

// Macros rather than functions: a function passing 256-bit vectors would
// need the AVX calling convention in the baseline variant too.
#define lk_load(p)                   \
  ({                                 \
    lk_vector lk_v_;                 \
    memcpy(&lk_v_, (p), sizeof lk_v_); \
    lk_v_;                           \
  })
#define lk_store(p, v)               \
  do {                               \
    lk_vector lk_v_ = (v);           \
    memcpy((p), &lk_v_, sizeof lk_v_); \
  } while (0)
#define lk_splat(x) ((lk_vector){(x), (x), (x), (x)})
// Lane-wise `mask ? a : b`, for a mask from a comparison (all bits set or none).
#define lk_select(mask, a, b) \
  ((lk_vector)((((lk_ivector)(a)) & (mask)) | (((lk_ivector)(b)) & ~(mask))))

// The constants of `ScaledExponential` (ScaledExponential.swift), which explains them.
#define LK_LOWEST_EXPONENT (-746.0)
#define LK_ROUNDING_SHIFT 0x1.8p52
#define LK_SUBNORMAL_BOUND 0x1p-510
static const double lk_ln2_high = 0x1.62e42fefa39efp-1;
static const double lk_ln2_low = 0x1.abc9e3b39803fp-56;
static double lk_exp_inverse_step;
static double lk_exp_step_high;
static double lk_exp_step_low;

__attribute__((constructor)) static void lk_exp_constants(void) {
  lk_exp_inverse_step = 128 / lk_ln2_high;
  double step = lk_ln2_high / 128;
  uint64_t bits;
  memcpy(&bits, &step, sizeof bits);
  bits &= ~(((uint64_t)1 << 21) - 1);
  memcpy(&lk_exp_step_high, &bits, sizeof bits);
  lk_exp_step_low = (lk_ln2_high / 128 - lk_exp_step_high) + lk_ln2_low / 128;
}

// The baseline: separate multiply and add, as the Swift code did.
#define LK_ATTRIBUTES
#define LK_NAME(name) name##_baseline
#define LK_MULADD(a, b, c) ((a) * (b) + (c))
#define LK_COMPACT 0
#pragma STDC FP_CONTRACT OFF
#include "kernels_body.h"
#undef LK_ATTRIBUTES
#undef LK_NAME
#undef LK_MULADD

#if defined(__x86_64__)
// AVX2 with fused multiply-add: one rounding per multiply-add instead of two.
#define LK_ATTRIBUTES __attribute__((target("avx2,fma")))
#define LK_NAME(name) name##_avx2
#define LK_MULADD(a, b, c) __builtin_elementwise_fma((a), (b), (c))
#undef LK_COMPACT
#define LK_COMPACT 1
typedef int lk_lanes32 __attribute__((vector_size(32)));
// Per 4-bit mask: the 32-bit lane pairs that move the chosen 64-bit lanes to the front.
static const lk_lanes32 lk_compact_table[16] = {
    {0, 1, 2, 3, 4, 5, 6, 7}, {0, 1, 2, 3, 4, 5, 6, 7}, {2, 3, 0, 1, 4, 5, 6, 7},
    {0, 1, 2, 3, 4, 5, 6, 7}, {4, 5, 0, 1, 2, 3, 6, 7}, {0, 1, 4, 5, 2, 3, 6, 7},
    {2, 3, 4, 5, 0, 1, 6, 7}, {0, 1, 2, 3, 4, 5, 6, 7}, {6, 7, 0, 1, 2, 3, 4, 5},
    {0, 1, 6, 7, 2, 3, 4, 5}, {2, 3, 6, 7, 0, 1, 4, 5}, {0, 1, 2, 3, 6, 7, 4, 5},
    {4, 5, 6, 7, 0, 1, 2, 3}, {0, 1, 4, 5, 6, 7, 2, 3}, {2, 3, 4, 5, 6, 7, 0, 1},
    {0, 1, 2, 3, 4, 5, 6, 7}};
// The lanes of `v` that `mask` selects, first, in order (the rest in any order).
#define lk_compact(v, mask) \
  ((__typeof__(v))__builtin_ia32_permvarsi256((lk_lanes32)(v), lk_compact_table[(mask)]))
#include "kernels_body.h"
#undef LK_ATTRIBUTES
#undef LK_NAME
#undef LK_MULADD
#define LK_HAVE_AVX2 1
#endif

// -1 until the first call detects the processor.
static _Atomic intptr_t selected = -1;

intptr_t lk_best_level(void) {
#if LK_HAVE_AVX2
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) return 1;
#endif
  return 0;
}

intptr_t lk_level(void) {
  intptr_t level = atomic_load_explicit(&selected, memory_order_relaxed);
  if (level < 0) {
    level = lk_best_level();
    atomic_store_explicit(&selected, level, memory_order_relaxed);
  }
  return level;
}

void lk_set_level(intptr_t level) {
  intptr_t best = lk_best_level();
  atomic_store_explicit(
      &selected, level < 0 ? 0 : (level > best ? best : level), memory_order_relaxed);
}

// Calls the variant of kernel NAME that `lk_level` selects.
#if LK_HAVE_AVX2
#define LK_DISPATCH(name, ...) \
  (lk_level() == 1 ? name##_avx2(__VA_ARGS__) : name##_baseline(__VA_ARGS__))
#else
#define LK_DISPATCH(name, ...) name##_baseline(__VA_ARGS__)
#endif

void lk_block_dots(
    const double *panels, intptr_t dimension, intptr_t first_row, intptr_t first_quad,
    intptr_t end_quad, double *dots, intptr_t stride) {
  LK_DISPATCH(block_dots, panels, dimension, first_row, first_quad, end_quad, dots, stride);
}

intptr_t lk_row_weights(
    const double *dots, const double *norms, double row_norm, double negative_gamma,
    const uint64_t *table, intptr_t row, intptr_t column, intptr_t end, double *target,
    double *degree, double *nearest, double *nearest_labeled, intptr_t *labeled_index,
    double *row_degree, double *row_nearest) {
  return LK_DISPATCH(
      row_weights, dots, norms, row_norm, negative_gamma, table, row, column, end, target, degree,
      nearest, nearest_labeled, labeled_index, row_degree, row_nearest);
}

void lk_pair_weights(
    const double *dots, const double *norms, intptr_t row, double negative_gamma,
    const uint64_t *table, intptr_t begin, intptr_t end, double *target) {
  LK_DISPATCH(pair_weights, dots, norms, row, negative_gamma, table, begin, end, target);
}

intptr_t lk_row_entries(
    const double *dots, const double *norms, intptr_t row, double negative_gamma,
    const uint64_t *table, intptr_t begin, intptr_t end, const double *scales, double threshold,
    intptr_t *columns, double *kept_weights, double *dropped) {
  return LK_DISPATCH(
      row_entries, dots, norms, row, negative_gamma, table, begin, end, scales, threshold,
      columns, kept_weights, dropped);
}

void lk_block_tile(
    const double *row0, const double *row1, const double *row2, const double *row3,
    intptr_t first_row, intptr_t begin, intptr_t end, const double *input, intptr_t count,
    double *output, intptr_t stride, intptr_t classes, int gather, int scatter) {
  LK_DISPATCH(
      block_tile, row0, row1, row2, row3, first_row, begin, end, input, count, output, stride,
      classes, gather, scatter);
}

void lk_dense_rows(
    const double *matrix, intptr_t count, const double *panels, intptr_t width, intptr_t first,
    intptr_t end, double *output) {
  LK_DISPATCH(dense_rows, matrix, count, panels, width, first, end, output);
}

intptr_t lk_sparse_rows(
    intptr_t first, intptr_t end, const intptr_t *row_start, const intptr_t *columns,
    const double *weights, const double *input, intptr_t stride, intptr_t classes,
    double diagonal, const double *dropped, double largest_input, double tolerance,
    const double *output_scale, double *output, double *failed) {
  return LK_DISPATCH(
      sparse_rows, first, end, row_start, columns, weights, input, stride, classes, diagonal,
      dropped, largest_input, tolerance, output_scale, output, failed);
}

intptr_t lk_sparse_step(
    intptr_t first, intptr_t end, const intptr_t *row_start, const intptr_t *columns,
    const double *weights, const double *input, intptr_t stride, double diagonal,
    const double *dropped, double largest_input, double tolerance, const double *output_scale,
    const double *input_scale, intptr_t propagation, double alpha, const double *clamped,
    const intptr_t *labels, const double *current, double *next, double *next_input,
    uint8_t *failed, double *summary) {
  return LK_DISPATCH(
      sparse_step, first, end, row_start, columns, weights, input, stride, diagonal, dropped,
      largest_input, tolerance, output_scale, input_scale, propagation, alpha, clamped, labels,
      current, next, next_input, failed, summary);
}

intptr_t lk_scan_rows(
    const double *upper, const double *scales, const double *thresholds, intptr_t first,
    intptr_t end, intptr_t count, intptr_t *own_counts, double *own_dropped,
    intptr_t *own_columns, double *own_weights, intptr_t *own_used, intptr_t own_capacity,
    intptr_t *mirror_rows, intptr_t *mirror_columns, double *mirror_weights,
    intptr_t *mirror_used, intptr_t mirror_capacity, intptr_t *mirror_counts,
    double *mirror_dropped) {
  return LK_DISPATCH(
      scan_rows, upper, scales, thresholds, first, end, count, own_counts, own_dropped,
      own_columns, own_weights, own_used, own_capacity, mirror_rows, mirror_columns,
      mirror_weights, mirror_used, mirror_capacity, mirror_counts, mirror_dropped);
}

double lk_dense_update(
    intptr_t first, intptr_t end, const double *product, double *values, const double *clamped,
    intptr_t width, intptr_t offset, intptr_t classes, intptr_t propagation, double alpha,
    const intptr_t *labels, intptr_t label_stride, const double *output_scale,
    const double *input_scale, double *panels, const intptr_t *panel_columns) {
  return LK_DISPATCH(
      dense_update, first, end, product, values, clamped, width, offset, classes, propagation,
      alpha, labels, label_stride, output_scale, input_scale, panels, panel_columns);
}

intptr_t lk_first_non_finite(const double *values, intptr_t count) {
  // Blocks of 64 without a branch inside (an exponent of all ones is an
  // infinity or not a number), then the block that has one, value by value.
  const uint64_t exponent = (uint64_t)0x7ff << 52;
  intptr_t start = 0;
  for (; start + 64 <= count; start += 64) {
    uint64_t found = 0;
    for (intptr_t index = start; index < start + 64; index++) {
      uint64_t bits;
      memcpy(&bits, values + index, sizeof bits);
      found |= (uint64_t)((bits & exponent) == exponent);
    }
    if (found) break;
  }
  for (; start < count; start++) {
    uint64_t bits;
    memcpy(&bits, values + start, sizeof bits);
    if ((bits & exponent) == exponent) return start;
  }
  return count;
}

void lk_pack_quads(
    const double *values, intptr_t count, intptr_t dimension, intptr_t quads, double *panels) {
  // Written in order, one quad at a time: the reads jump between 4 rows, the
  // writes never do.
  for (intptr_t quad = 0; quad < quads; quad++) {
    const double *rows[4];
    for (intptr_t lane = 0; lane < 4; lane++) {
      const intptr_t sample = quad * 4 + lane;
      rows[lane] = sample < count ? values + sample * dimension : NULL;
    }
    double *out = panels + quad * dimension * 4;
    for (intptr_t feature = 0; feature < dimension; feature++) {
      for (intptr_t lane = 0; lane < 4; lane++) {
        out[feature * 4 + lane] = rows[lane] ? rows[lane][feature] : 0.0;
      }
    }
  }
}

void lk_spin_pause(void) {
#if defined(__x86_64__)
  __builtin_ia32_pause();
#endif
}
