// The dense product of `lk_dense_rows`, included once per variant by Kernels.c
// with LK_ATTRIBUTES, LK_NAME and LK_MULADD defined (see kernels_body.h). No
// include guard: it is meant to be included twice.

// Rows `row ..< row + ROWS` against one panel of 8 columns, over the entries
// `k0 ..< k1`: one accumulator per output vector, loaded from `output` unless
// this is the first run of entries, so that every sum adds its terms in order.
#define LK_DENSE_TILE(ROWS)                                                              \
  do {                                                                                   \
    lk_vector acc[ROWS][2];                                                              \
    double *out = output + row * width + panel * 8;                                      \
    for (int r = 0; r < (ROWS); r++)                                                     \
      for (int v = 0; v < 2; v++)                                                        \
        acc[r][v] = k0 == 0 ? lk_splat(0.0) : lk_load(out + r * width + 4 * v);          \
    const double *weights = matrix + row * count;                                        \
    for (intptr_t k = k0; k < k1; k++) {                                                 \
      const double *x = source + k * 8;                                                  \
      const lk_vector x0 = lk_load(x), x1 = lk_load(x + 4);                              \
      for (int r = 0; r < (ROWS); r++) {                                                 \
        const lk_vector w = lk_splat(weights[r * count + k]);                            \
        acc[r][0] = LK_MULADD(x0, w, acc[r][0]);                                         \
        acc[r][1] = LK_MULADD(x1, w, acc[r][1]);                                         \
      }                                                                                  \
    }                                                                                    \
    for (int r = 0; r < (ROWS); r++)                                                     \
      for (int v = 0; v < 2; v++) lk_store(out + r * width + 4 * v, acc[r][v]);          \
  } while (0)

static LK_ATTRIBUTES void LK_NAME(dense_rows)(
    const double *matrix, intptr_t count, const double *panels, intptr_t width, intptr_t first,
    intptr_t end, double *output) {
  // A panel of 8 columns for 256 entries (16 kB) stays in the level-1 cache
  // while every block of 6 rows goes over it; each block keeps its 12 sums in
  // registers (with the 2 vectors of the panel and a weight, 15 of the 16),
  // and per entry 2 loads of the panel and 6 of the weights feed 12
  // multiply-adds.
  const intptr_t step = 256;
  for (intptr_t panel = 0; panel < width / 8; panel++) {
    const double *source = panels + panel * count * 8;
    for (intptr_t k0 = 0; k0 < count; k0 += step) {
      const intptr_t k1 = k0 + step < count ? k0 + step : count;
      intptr_t row = first;
      for (; row + 6 <= end; row += 6) LK_DENSE_TILE(6);
      for (; row < end; row++) LK_DENSE_TILE(1);
    }
  }
}
#undef LK_DENSE_TILE

static LK_ATTRIBUTES double LK_NAME(dense_update)(
    intptr_t first, intptr_t end, const double *product, double *values, const double *clamped,
    intptr_t width, intptr_t offset, intptr_t classes, intptr_t propagation, double alpha,
    const intptr_t *labels, intptr_t label_stride, const double *output_scale,
    const double *input_scale, double *panels, const intptr_t *panel_columns) {
  const lk_vector zero = lk_splat(0.0);
  lk_vector residuals = zero;
  double residual = 0;
  const intptr_t *columns = panel_columns + offset;
  for (intptr_t row = first; row < end; row++) {
    const intptr_t at = row * width + offset;
    const double *sums = product + at;
    const double *fixed = clamped + at;
    double *old = values + at;
    double *target = panels + row * 8;
    const double out_scale = output_scale[row];
    const double in_scale = input_scale[row];
    // Propagation: the row's sum, or the labeled row's reset.
    const int reset = propagation && labels[row * label_stride] != -1;
    double total = 0;
    if (propagation && !reset) {
      for (intptr_t label = 0; label < classes; label++) total += sums[label] * out_scale;
    }
    const int divide = propagation && !reset && total != 0;
    const lk_vector scale = lk_splat(out_scale), divisor = lk_splat(divide ? total : 1.0);
    intptr_t label = 0;
    // Four classes at a time, then one at a time; the same arithmetic either way.
    for (; label + 4 <= classes; label += 4) {
      lk_vector value;
      if (reset) {
        value = lk_load(fixed + label);
      } else if (!propagation) {
        value = alpha * (lk_load(sums + label) * scale) + lk_load(fixed + label);
      } else {
        value = lk_load(sums + label) * scale;
        if (divide) value = value / divisor;
      }
      const lk_vector change = value - lk_load(old + label);
      residuals = residuals + lk_select(change < zero, -change, change);
      lk_store(old + label, value);
      const lk_vector scaled = value * in_scale;
      for (int lane = 0; lane < 4; lane++) target[columns[label + lane]] = scaled[lane];
    }
    for (; label < classes; label++) {
      double value;
      if (reset) {
        value = fixed[label];
      } else if (!propagation) {
        value = alpha * (sums[label] * out_scale) + fixed[label];
      } else {
        value = sums[label] * out_scale;
        if (divide) value = value / total;
      }
      const double change = value - old[label];
      residual += change < 0 ? -change : change;
      old[label] = value;
      target[columns[label]] = value * in_scale;
    }
  }
  return residual + ((residuals[0] + residuals[1]) + (residuals[2] + residuals[3]));
}
