// The body of every kernel, included once per variant by Kernels.c with
// LK_ATTRIBUTES (the target attribute), LK_NAME (the suffix) and LK_MULADD
// (fused or not) defined. No include guard: it is meant to be included twice.

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

    // 2^512 exp(x): the method and constants of `ScaledExponential.scaled`, operation for
    // operation.
    const lk_vector clamped = lk_select(x < LK_LOWEST_EXPONENT, lk_splat(LK_LOWEST_EXPONENT), x);
    const lk_vector shifted = clamped * lk_exp_inverse_step + LK_ROUNDING_SHIFT;
    const lk_uvector bits = (lk_uvector)shifted;
    const lk_vector k = shifted - LK_ROUNDING_SHIFT;
    const lk_vector r = (clamped - k * lk_exp_step_high) - k * lk_exp_step_low;
    const intptr_t i0 = (intptr_t)(bits[0] & 127) * 2;
    const intptr_t i1 = (intptr_t)(bits[1] & 127) * 2;
    const intptr_t i2 = (intptr_t)(bits[2] & 127) * 2;
    const intptr_t i3 = (intptr_t)(bits[3] & 127) * 2;
    const lk_vector tail = (lk_vector)(lk_uvector){table[i0], table[i1], table[i2], table[i3]};
    const lk_uvector scale_bits =
        (lk_uvector){table[i0 + 1], table[i1 + 1], table[i2 + 1], table[i3 + 1]} + (bits << 45) +
        ((uint64_t)512 << 52);
    const lk_vector scale = (lk_vector)scale_bits;
    lk_vector series = r * (1.0 / 120) + (1.0 / 24);
    series = series * r + (1.0 / 6);
    series = series * r + 0.5;
    series = series * (r * r);
    const lk_vector excess = (tail + r) + series;
    const lk_vector product = scale * excess;
    const lk_vector value = scale + product;
    const lk_vector error = (scale - value) + product;
    const lk_vector sum = LK_SUBNORMAL_BOUND + value;
    const lk_vector sum_error = ((LK_SUBNORMAL_BOUND - sum) + value) + error;
    const lk_vector subnormal = (sum + sum_error) - LK_SUBNORMAL_BOUND;
    const lk_vector weight = lk_select(value < LK_SUBNORMAL_BOUND, subnormal, value);

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

// The product of one row with up to 16 classes (`vectors` of 4), every
// class of an entry at once, in registers: `result = diagonal * own + sum of
// weight * input row`. Four entries at a time are summed among themselves
// before they join the row's sums, so that the chain of additions is a
// quarter as long. Inlined with a constant `vectors`, so that each count
// gets its own loop.
static LK_ATTRIBUTES inline __attribute__((always_inline)) void LK_NAME(row_product)(
    const double *own, double diagonal, const intptr_t *columns, const double *weights,
    intptr_t begin, intptr_t stop, const double *input, intptr_t stride, double *result,
    const intptr_t vectors) {
  const lk_vector zero = lk_splat(0.0);
  lk_vector a0 = lk_load(own) * diagonal;
  lk_vector a1 = vectors > 1 ? lk_load(own + 4) * diagonal : zero;
  lk_vector a2 = vectors > 2 ? lk_load(own + 8) * diagonal : zero;
  lk_vector a3 = vectors > 3 ? lk_load(own + 12) * diagonal : zero;
  intptr_t entry = begin;
  for (; entry + 4 <= stop; entry += 4) {
    const lk_vector w0 = lk_splat(weights[entry]);
    const lk_vector w1 = lk_splat(weights[entry + 1]);
    const lk_vector w2 = lk_splat(weights[entry + 2]);
    const lk_vector w3 = lk_splat(weights[entry + 3]);
    const double *s0 = input + columns[entry] * stride;
    const double *s1 = input + columns[entry + 1] * stride;
    const double *s2 = input + columns[entry + 2] * stride;
    const double *s3 = input + columns[entry + 3] * stride;
#define LK_FOUR(acc, offset)                                                           \
  acc = acc + (LK_MULADD(lk_load(s0 + (offset)), w0, lk_load(s1 + (offset)) * w1) + \
               LK_MULADD(lk_load(s2 + (offset)), w2, lk_load(s3 + (offset)) * w3))
    LK_FOUR(a0, 0);
    if (vectors > 1) LK_FOUR(a1, 4);
    if (vectors > 2) LK_FOUR(a2, 8);
    if (vectors > 3) LK_FOUR(a3, 12);
#undef LK_FOUR
  }
  for (; entry < stop; entry++) {
    const lk_vector w0 = lk_splat(weights[entry]);
    const double *s0 = input + columns[entry] * stride;
    a0 = LK_MULADD(lk_load(s0), w0, a0);
    if (vectors > 1) a1 = LK_MULADD(lk_load(s0 + 4), w0, a1);
    if (vectors > 2) a2 = LK_MULADD(lk_load(s0 + 8), w0, a2);
    if (vectors > 3) a3 = LK_MULADD(lk_load(s0 + 12), w0, a3);
  }
  lk_store(result, a0);
  if (vectors > 1) lk_store(result + 4, a1);
  if (vectors > 2) lk_store(result + 8, a2);
  if (vectors > 3) lk_store(result + 12, a3);
}

// `result` (`stride` values) = `diagonal * own + sum of weight * input row`
// over the entries `begin ..< stop`: `row_product` up to 16 classes, else 4
// classes at a time.
static LK_ATTRIBUTES inline __attribute__((always_inline)) void LK_NAME(row_sums)(
    const double *own, double diagonal, const intptr_t *columns, const double *weights,
    intptr_t begin, intptr_t stop, const double *input, intptr_t stride, double *result) {
  // A loop per count of vectors, with no test of it inside.
#define LK_ROW(V) \
  LK_NAME(row_product)(own, diagonal, columns, weights, begin, stop, input, stride, result, V)
  switch (stride / 4) {
    case 1: LK_ROW(1); return;
    case 2: LK_ROW(2); return;
    case 3: LK_ROW(3); return;
    case 4: LK_ROW(4); return;
    default: break;
  }
#undef LK_ROW
  for (intptr_t label = 0; label < stride; label += 4) {
    lk_vector sum = lk_load(own + label) * diagonal;
    for (intptr_t entry = begin; entry < stop; entry++) {
      sum = LK_MULADD(
          lk_load(input + columns[entry] * stride + label), lk_splat(weights[entry]), sum);
    }
    lk_store(result + label, sum);
  }
}

static LK_ATTRIBUTES intptr_t LK_NAME(sparse_rows)(
    intptr_t first, intptr_t end, const intptr_t *row_start, const intptr_t *columns,
    const double *weights, const double *input, intptr_t stride, intptr_t classes,
    double diagonal, const double *dropped, double largest_input, double tolerance,
    const double *output_scale, double *output, double *failed) {
  intptr_t failures = 0;
  for (intptr_t row = first; row < end; row++) {
    double *result = output + row * classes;
    const double *own = input + row * stride;
    // The sums in rows of `stride`, the output in rows of `classes`.
    double sums[stride];
    LK_NAME(row_sums)(
        own, diagonal, columns, weights, row_start[row], row_start[row + 1], input, stride, sums);
    for (intptr_t label = 0; label < classes; label++) result[label] = sums[label];
    double total = 0;
    for (intptr_t label = 0; label < classes; label++) {
      total += result[label] < 0 ? -result[label] : result[label];
    }
    const int fails = !(dropped[row] * largest_input <= tolerance * total);
    failed[row] = fails ? 1 : 0;
    failures += fails;
    const double scale = output_scale[row];
    for (intptr_t label = 0; label < classes; label++) result[label] *= scale;
  }
  return failures;
}

static LK_ATTRIBUTES intptr_t LK_NAME(sparse_step)(
    intptr_t first, intptr_t end, const intptr_t *row_start, const intptr_t *columns,
    const double *weights, const double *input, intptr_t stride, double diagonal,
    const double *dropped, double largest_input, double tolerance, const double *output_scale,
    const double *input_scale, intptr_t propagation, double alpha, const double *clamped,
    const intptr_t *labels, const double *current, double *next, double *next_input,
    uint8_t *failed, double *summary) {
  intptr_t failures = 0;
  const lk_vector zero = lk_splat(0.0);
  lk_vector residual = zero, largest = zero;
  lk_ivector negative = (lk_ivector)zero;
  for (intptr_t row = first; row < end; row++) {
    const double *own = input + row * stride;
    const intptr_t begin = row_start[row - first], stop = row_start[row - first + 1];
    double *result = next + row * stride;
    LK_NAME(row_sums)(own, diagonal, columns, weights, begin, stop, input, stride, result);
    // The check, and the output scale.
    const lk_vector scale = lk_splat(output_scale[row]);
    lk_vector magnitude = zero, row_sum = zero;
    for (intptr_t label = 0; label < stride; label += 4) {
      const lk_vector sum = lk_load(result + label);
      magnitude = magnitude + lk_select(sum < zero, -sum, sum);
      const lk_vector scaled = sum * scale;
      row_sum = row_sum + scaled;
      lk_store(result + label, scaled);
    }
    const double total = (magnitude[0] + magnitude[1]) + (magnitude[2] + magnitude[3]);
    const int fails = !(dropped[row] * largest_input <= tolerance * total);
    failed[row] = (uint8_t)fails;
    failures += fails;
    // The model's update (see `GraphModel`), the next input, and the summary.
    const double *fixed = clamped + row * stride;
    const double *before = current + row * stride;
    double *scaled_next = next_input + row * stride;
    const lk_vector factor = lk_splat(input_scale[row]);
    const double sum = (row_sum[0] + row_sum[1]) + (row_sum[2] + row_sum[3]);
    const int reset = propagation && labels[row] != -1;
    const int divide = propagation && !reset && sum != 0;
    const lk_vector divisor = lk_splat(divide ? sum : 1.0);
    for (intptr_t label = 0; label < stride; label += 4) {
      lk_vector value = lk_load(result + label);
      if (!propagation) {
        value = value * alpha + lk_load(fixed + label);
      } else if (reset) {
        value = lk_load(fixed + label);
      } else if (divide) {
        value = value / divisor;
      }
      lk_store(result + label, value);
      const lk_vector change = value - lk_load(before + label);
      residual = residual + lk_select(change < zero, -change, change);
      largest = lk_select(value > largest, value, largest);
      negative = negative | ~(value >= zero);
      lk_store(scaled_next + label, value * factor);
    }
  }
  summary[0] = (residual[0] + residual[1]) + (residual[2] + residual[3]);
  summary[1] = largest[0];
  for (int lane = 1; lane < 4; lane++) summary[1] = largest[lane] > summary[1] ? largest[lane] : summary[1];
  summary[2] = (negative[0] | negative[1] | negative[2] | negative[3]) ? 1 : 0;
  return failures;
}

static LK_ATTRIBUTES intptr_t LK_NAME(scan_row)(
    const double *weights, const double *scales, const double *thresholds, intptr_t row,
    intptr_t count, intptr_t *own_columns, double *own_weights, intptr_t *mirror_rows,
    intptr_t *mirror_columns, double *mirror_weights, intptr_t *mirror_count,
    double *mirror_dropped, double *dropped) {
  const double threshold = thresholds[row];
  const double row_scale = scales[row];
  const lk_vector zero = lk_splat(0.0);
  const lk_vector row_threshold = lk_splat(threshold);
  lk_vector dropped_sum = zero;
  intptr_t kept = 0;
  intptr_t mirrored_count = 0;
  intptr_t other = row + 1;
  for (; other + 4 <= count; other += 4) {
    const lk_vector weight = lk_load(weights + other);
    const lk_vector coefficient = weight * lk_load(scales + other);
    const lk_vector mirrored = weight * row_scale;
    const lk_ivector keep = (coefficient > zero) & (coefficient >= row_threshold);
    const lk_ivector keep_mirror = (mirrored > zero) & (mirrored >= lk_load(thresholds + other));
#if LK_COMPACT
    // Kept lanes packed to the front by a permutation, all four stored, the
    // count advanced by how many were kept: no branch to mispredict.
    const lk_ivector lanes = (lk_ivector){0, 1, 2, 3} + other;
    const int own_mask = __builtin_ia32_movmskpd256((lk_vector)keep);
    const int mirror_mask = __builtin_ia32_movmskpd256((lk_vector)keep_mirror);
    lk_store(own_columns + kept, (lk_vector)lk_compact(lanes, own_mask));
    lk_store(own_weights + kept, lk_compact(weight, own_mask));
    kept += __builtin_popcount(own_mask);
    lk_store(mirror_rows + mirrored_count, (lk_vector)lk_compact(lanes, mirror_mask));
    const lk_ivector row_lanes = {row, row, row, row};
    lk_store(mirror_columns + mirrored_count, (lk_vector)row_lanes);
    lk_store(mirror_weights + mirrored_count, lk_compact(weight, mirror_mask));
    mirrored_count += __builtin_popcount(mirror_mask);
#else
    const lk_ivector any = keep | keep_mirror;
    if (any[0] | any[1] | any[2] | any[3]) {
      for (int lane = 0; lane < 4; lane++) {
        if (keep[lane]) {
          own_columns[kept] = other + lane;
          own_weights[kept] = weight[lane];
          kept++;
        }
        if (keep_mirror[lane]) {
          mirror_rows[mirrored_count] = other + lane;
          mirror_columns[mirrored_count] = row;
          mirror_weights[mirrored_count] = weight[lane];
          mirrored_count++;
        }
      }
    }
#endif
    dropped_sum = dropped_sum + lk_select(keep, zero, coefficient);
    lk_store(
        mirror_dropped + other,
        lk_load(mirror_dropped + other) + lk_select(keep_mirror, zero, mirrored));
  }
  double total = (dropped_sum[0] + dropped_sum[1]) + (dropped_sum[2] + dropped_sum[3]);
  for (; other < count; other++) {
    const double weight = weights[other];
    const double coefficient = weight * scales[other];
    if (coefficient > 0 && coefficient >= threshold) {
      own_columns[kept] = other;
      own_weights[kept] = weight;
      kept++;
    } else {
      total += coefficient;
    }
    const double mirrored = weight * row_scale;
    if (mirrored > 0 && mirrored >= thresholds[other]) {
      mirror_rows[mirrored_count] = other;
      mirror_columns[mirrored_count] = row;
      mirror_weights[mirrored_count] = weight;
      mirrored_count++;
    } else {
      mirror_dropped[other] += mirrored;
    }
  }
  *dropped = total;
  *mirror_count = mirrored_count;
  return kept;
}

static LK_ATTRIBUTES intptr_t LK_NAME(scan_rows)(
    const double *upper, const double *scales, const double *thresholds, intptr_t first,
    intptr_t end, intptr_t count, intptr_t *own_counts, double *own_dropped,
    intptr_t *own_columns, double *own_weights, intptr_t *own_used, intptr_t own_capacity,
    intptr_t *mirror_rows, intptr_t *mirror_columns, double *mirror_weights,
    intptr_t *mirror_used, intptr_t mirror_capacity, intptr_t *mirror_counts,
    double *mirror_dropped) {
  intptr_t row = first;
  for (; row < end; row++) {
    // A row keeps at most one entry per column after it, on each side, and
    // the packed stores of a group of 4 may write 3 slots further.
    const intptr_t room = count - row + 3;
    if (*own_used + room > own_capacity || *mirror_used + room > mirror_capacity) break;
    const double *packed = upper + (row * (count - 1) - row * (row - 1) / 2) - row - 1;
    intptr_t mirrored = 0;
    const intptr_t kept = LK_NAME(scan_row)(
        packed, scales, thresholds, row, count, own_columns + *own_used, own_weights + *own_used,
        mirror_rows + *mirror_used, mirror_columns + *mirror_used, mirror_weights + *mirror_used,
        &mirrored, mirror_dropped, own_dropped + (row - first));
    for (intptr_t entry = *mirror_used; entry < *mirror_used + mirrored; entry++) {
      mirror_counts[mirror_rows[entry]]++;
    }
    own_counts[row - first] = kept;
    *own_used += kept;
    *mirror_used += mirrored;
  }
  return row;
}
