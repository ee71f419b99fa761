// The affinity kernels (dot products of blocks, RBF weights of a row, tiles of the
// symmetric product), included by kernels_body.h once per variant.

static LK_ATTRIBUTES void LK_NAME(block_dots)(
    const double *panels, intptr_t dimension, intptr_t first_row, intptr_t first_quad,
    intptr_t end_quad, double *dots, intptr_t stride) {
  const intptr_t d = dimension;
  // Four rows (one quad, feature-major) against two quads of columns at a
  // time: per feature 4 broadcasts and 2 loads feed 8 multiply-adds, which
  // keeps the loads from being the bottleneck.
  for (intptr_t half = 0; half < 2; half++) {
    const double *rows = panels + (first_row / 4 + half) * d * 4;
    double *out_rows = dots + half * 4 * stride;
    intptr_t quad = first_quad;
    for (; quad + 2 <= end_quad; quad += 2) {
      const double *c0 = panels + quad * d * 4;
      const double *c1 = c0 + d * 4;
      lk_vector a0 = lk_splat(0.0), a1 = a0, a2 = a0, a3 = a0;
      lk_vector b0 = a0, b1 = a0, b2 = a0, b3 = a0;
      for (intptr_t f = 0; f < d; f++) {
        const lk_vector x0 = lk_load(c0 + f * 4);
        const lk_vector x1 = lk_load(c1 + f * 4);
        const double *r = rows + f * 4;
        const lk_vector s0 = lk_splat(r[0]), s1 = lk_splat(r[1]);
        const lk_vector s2 = lk_splat(r[2]), s3 = lk_splat(r[3]);
        a0 = LK_MULADD(x0, s0, a0);
        b0 = LK_MULADD(x1, s0, b0);
        a1 = LK_MULADD(x0, s1, a1);
        b1 = LK_MULADD(x1, s1, b1);
        a2 = LK_MULADD(x0, s2, a2);
        b2 = LK_MULADD(x1, s2, b2);
        a3 = LK_MULADD(x0, s3, a3);
        b3 = LK_MULADD(x1, s3, b3);
      }
      double *out = out_rows + (quad - first_quad) * 4;
      lk_store(out, a0);
      lk_store(out + 4, b0);
      lk_store(out + stride, a1);
      lk_store(out + stride + 4, b1);
      lk_store(out + 2 * stride, a2);
      lk_store(out + 2 * stride + 4, b2);
      lk_store(out + 3 * stride, a3);
      lk_store(out + 3 * stride + 4, b3);
    }
    for (; quad < end_quad; quad++) {
      const double *c0 = panels + quad * d * 4;
      lk_vector a0 = lk_splat(0.0), a1 = a0, a2 = a0, a3 = a0;
      for (intptr_t f = 0; f < d; f++) {
        const lk_vector x0 = lk_load(c0 + f * 4);
        const double *r = rows + f * 4;
        a0 = LK_MULADD(x0, lk_splat(r[0]), a0);
        a1 = LK_MULADD(x0, lk_splat(r[1]), a1);
        a2 = LK_MULADD(x0, lk_splat(r[2]), a2);
        a3 = LK_MULADD(x0, lk_splat(r[3]), a3);
      }
      double *out = out_rows + (quad - first_quad) * 4;
      lk_store(out, a0);
      lk_store(out + stride, a1);
      lk_store(out + 2 * stride, a2);
      lk_store(out + 3 * stride, a3);
    }
  }
}

// 2^512 exp(x) per lane, for x <= 0: the method and constants of `ScaledExponential.scaled`,
// operation for operation. A macro (a statement expression), so that no vector crosses a
// call (see Kernels.c); defined once for both variants.
#ifndef LK_SCALED_EXP
#define LK_SCALED_EXP(x_in, table)                                                         \
  ({                                                                                               \
    const lk_vector x_ = (x_in);                                                                   \
    const lk_vector clamped =                                                                      \
        lk_select(x_ < LK_LOWEST_EXPONENT, lk_splat(LK_LOWEST_EXPONENT), x_);                      \
    const lk_vector shifted = clamped * lk_exp_inverse_step + LK_ROUNDING_SHIFT;                   \
    const lk_uvector bits = (lk_uvector)shifted;                                                   \
    const lk_vector k = shifted - LK_ROUNDING_SHIFT;                                               \
    const lk_vector r = (clamped - k * lk_exp_step_high) - k * lk_exp_step_low;                    \
    const intptr_t i0 = (intptr_t)(bits[0] & 127) * 2;                                             \
    const intptr_t i1 = (intptr_t)(bits[1] & 127) * 2;                                             \
    const intptr_t i2 = (intptr_t)(bits[2] & 127) * 2;                                             \
    const intptr_t i3 = (intptr_t)(bits[3] & 127) * 2;                                             \
    const lk_vector tail = (lk_vector)(lk_uvector){table[i0], table[i1], table[i2], table[i3]};    \
    const lk_uvector scale_bits =                                                                  \
        (lk_uvector){table[i0 + 1], table[i1 + 1], table[i2 + 1], table[i3 + 1]} + (bits << 45) +  \
        ((uint64_t)512 << 52);                                                                     \
    const lk_vector scale = (lk_vector)scale_bits;                                                 \
    lk_vector series = r * (1.0 / 120) + (1.0 / 24);                                               \
    series = series * r + (1.0 / 6);                                                               \
    series = series * r + 0.5;                                                                     \
    series = series * (r * r);                                                                     \
    const lk_vector excess = (tail + r) + series;                                                  \
    const lk_vector product = scale * excess;                                                      \
    const lk_vector value = scale + product;                                                       \
    const lk_vector error = (scale - value) + product;                                             \
    const lk_vector sum = LK_SUBNORMAL_BOUND + value;                                              \
    const lk_vector sum_error = ((LK_SUBNORMAL_BOUND - sum) + value) + error;                      \
    const lk_vector subnormal = (sum + sum_error) - LK_SUBNORMAL_BOUND;                            \
    lk_select(value < LK_SUBNORMAL_BOUND, subnormal, value);                                       \
  })
#endif

static LK_ATTRIBUTES intptr_t LK_NAME(row_weights)(
    const double *dots, const double *norms, double row_norm, double negative_gamma,
    const uint64_t *table, intptr_t row, intptr_t column, intptr_t end, double *target,
    double *degree, double *nearest, double *nearest_labeled, intptr_t *labeled_index,
    double *row_degree, double *row_nearest) {
  const lk_vector zero = lk_splat(0.0);
  const lk_vector infinity = lk_splat(__builtin_inf());
  lk_vector degree_sum = zero;
  lk_vector nearest_distance = infinity;
  for (; column + 4 <= end; column += 4) {
    const lk_vector expanded = (lk_load(dots + column) * -2.0 + row_norm) + lk_load(norms + column);
    const lk_vector distance = lk_select(expanded < zero, zero, expanded);
    const lk_vector x = distance * negative_gamma;

    const lk_vector weight = LK_SCALED_EXP(x, table);

    lk_store(target + column, weight);
    degree_sum = degree_sum + weight;
    nearest_distance = lk_select(distance < nearest_distance, distance, nearest_distance);
    lk_store(degree + column, lk_load(degree + column) + weight);
    const lk_vector column_nearest = lk_load(nearest + column);
    lk_store(nearest + column, lk_select(distance < column_nearest, distance, column_nearest));
    if (labeled_index) {
      for (int lane = 0; lane < 4; lane++) {
        if (distance[lane] < nearest_labeled[column + lane]) {
          nearest_labeled[column + lane] = distance[lane];
          labeled_index[column + lane] = row;
        }
      }
    }
  }
  *row_degree = (degree_sum[0] + degree_sum[1]) + (degree_sum[2] + degree_sum[3]);
  double least = nearest_distance[0];
  for (int lane = 1; lane < 4; lane++) {
    if (nearest_distance[lane] < least) least = nearest_distance[lane];
  }
  *row_nearest = least;
  return column;
}

// One class of `block_tile`: GATHER and SCATTER are constants, so that each
// combination compiles to its own loop.
#define LK_TILE_CLASS(GATHER, SCATTER)                                                     \
  do {                                                                                     \
    for (; j + 4 <= end; j += 4) {                                                         \
      const lk_vector v0 = lk_load(row0 + j), v1 = lk_load(row1 + j);                      \
      const lk_vector v2 = lk_load(row2 + j), v3 = lk_load(row3 + j);                      \
      if (GATHER) {                                                                        \
        const lk_vector values = lk_load(x + j);                                           \
        a0 = LK_MULADD(v0, values, a0);                                                    \
        a1 = LK_MULADD(v1, values, a1);                                                    \
        a2 = LK_MULADD(v2, values, a2);                                                    \
        a3 = LK_MULADD(v3, values, a3);                                                    \
      }                                                                                    \
      if (SCATTER) {                                                                       \
        const lk_vector spread =                                                           \
            LK_MULADD(v0, s0, v1 * s1) + LK_MULADD(v2, s2, v3 * s3);                       \
        lk_store(y + j, lk_load(y + j) + spread);                                          \
      }                                                                                    \
    }                                                                                      \
  } while (0)

static LK_ATTRIBUTES void LK_NAME(block_tile)(
    const double *row0, const double *row1, const double *row2, const double *row3,
    intptr_t first_row, intptr_t begin, intptr_t end, const double *input, intptr_t count,
    double *output, intptr_t stride, intptr_t classes, int gather, int scatter) {
  for (intptr_t label = 0; label < classes; label++) {
    const double *x = input + label * count;
    double *y = output + label * stride;
    const double f0 = x[first_row], f1 = x[first_row + 1];
    const double f2 = x[first_row + 2], f3 = x[first_row + 3];
    const lk_vector s0 = lk_splat(f0), s1 = lk_splat(f1), s2 = lk_splat(f2), s3 = lk_splat(f3);
    lk_vector a0 = lk_splat(0.0), a1 = a0, a2 = a0, a3 = a0;
    intptr_t j = begin;
    if (gather && scatter) {
      LK_TILE_CLASS(1, 1);
    } else if (gather) {
      LK_TILE_CLASS(1, 0);
    } else {
      LK_TILE_CLASS(0, 1);
    }
    double g0 = (a0[0] + a0[1]) + (a0[2] + a0[3]);
    double g1 = (a1[0] + a1[1]) + (a1[2] + a1[3]);
    double g2 = (a2[0] + a2[1]) + (a2[2] + a2[3]);
    double g3 = (a3[0] + a3[1]) + (a3[2] + a3[3]);
    for (; j < end; j++) {
      if (gather) {
        const double value = x[j];
        g0 += row0[j] * value;
        g1 += row1[j] * value;
        g2 += row2[j] * value;
        g3 += row3[j] * value;
      }
      if (scatter) y[j] += (row0[j] * f0 + row1[j] * f1) + (row2[j] * f2 + row3[j] * f3);
    }
    y[first_row] += g0;
    y[first_row + 1] += g1;
    y[first_row + 2] += g2;
    y[first_row + 3] += g3;
  }
}
#undef LK_TILE_CLASS

// The weights of `row` with columns `column ..< column + 4`, from their dot products and the
// squared norms, formed as the walk of the triangle forms each pair: in the row of its lower
// sample, so that both passes and the recomputed rows give the same bits.
// (Written through `weight`: a returned vector would change the ABI of the baseline variant.)
static LK_ATTRIBUTES inline __attribute__((always_inline)) void LK_NAME(four_weights)(
    const double *dots, const double *norms, intptr_t row, intptr_t column,
    double negative_gamma, const uint64_t *table, lk_vector *weight) {
  const lk_vector zero = lk_splat(0.0);
  const double row_norm = norms[row];
  const lk_ivector rows = {row, row, row, row};
  const lk_vector twice = lk_load(dots + column) * -2.0;
  const lk_vector norm = lk_load(norms + column);
  const lk_vector row_first = (twice + row_norm) + norm;
  const lk_vector column_first = (twice + norm) + row_norm;
  const lk_ivector lanes = (lk_ivector){0, 1, 2, 3} + column;
  const lk_vector expanded = lk_select(lanes < rows, column_first, row_first);
  const lk_vector distance = lk_select(expanded < zero, zero, expanded);
  *weight = LK_SCALED_EXP(distance * negative_gamma, table);
}

static LK_ATTRIBUTES void LK_NAME(pair_weights)(
    const double *dots, const double *norms, intptr_t row, double negative_gamma,
    const uint64_t *table, intptr_t begin, intptr_t end, double *target) {
  // Whole vectors: `dots` and `norms` hold the columns up to a multiple of 4 past `end`.
  for (intptr_t column = begin; column < end; column += 4) {
    lk_vector weight;
    LK_NAME(four_weights)(dots, norms, row, column, negative_gamma, table, &weight);
    if (column + 4 <= end) {
      lk_store(target + column, weight);
    } else {
      for (intptr_t lane = 0; column + lane < end; lane++) target[column + lane] = weight[lane];
    }
  }
}

static LK_ATTRIBUTES intptr_t LK_NAME(row_entries)(
    const double *dots, const double *norms, intptr_t row, double negative_gamma,
    const uint64_t *table, intptr_t begin, intptr_t end, const double *scales, double threshold,
    intptr_t *columns, double *kept_weights, double *dropped) {
  const lk_vector zero = lk_splat(0.0);
  const lk_ivector rows = {row, row, row, row};
  const lk_ivector ends = {end, end, end, end};
  const lk_vector limit = lk_splat(threshold);
  lk_vector dropped_sum = zero;
  intptr_t kept = 0;
  for (intptr_t column = begin; column < end; column += 4) {
    lk_vector weight;
    LK_NAME(four_weights)(dots, norms, row, column, negative_gamma, table, &weight);
    const lk_ivector lanes = (lk_ivector){0, 1, 2, 3} + column;
    const lk_vector coefficient = weight * lk_load(scales + column);
    // Columns past the end, and the row's own, are neither kept nor dropped.
    const lk_ivector valid = (lanes < ends) & (lanes != rows);
    const lk_ivector keep = valid & (coefficient > zero) & (coefficient >= limit);
    dropped_sum = dropped_sum + lk_select(valid & ~keep, coefficient, zero);
    if (keep[0] | keep[1] | keep[2] | keep[3]) {
      for (int lane = 0; lane < 4; lane++) {
        if (keep[lane]) {
          columns[kept] = column + lane;
          kept_weights[kept] = weight[lane];
          kept++;
        }
      }
    }
  }
  *dropped += (dropped_sum[0] + dropped_sum[1]) + (dropped_sum[2] + dropped_sum[3]);
  return kept;
}
