// The iteration kernels (sparse row products, the step of the iteration, the scan of
// a row's entries), included by kernels_body.h once per variant.

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
