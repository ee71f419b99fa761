#ifndef LEARNING_KERNELS_H
#define LEARNING_KERNELS_H

#include <stdint.h>

/// The hot loops of the RBF graph, in C so that one source can be compiled
/// twice: for the baseline x86-64 instruction set that the whole program is
/// built for, and for AVX2 with fused multiply-add, picked at run time when
/// the processor has it. Swift has no per-function target attributes, and a
/// binary built for AVX2 throughout would not start on older processors.

/// Which variant runs: 0 the baseline, 1 AVX2 with FMA.
intptr_t lk_level(void);
/// The best variant this processor supports.
intptr_t lk_best_level(void);
/// Selects a variant (clamped to what the processor supports); for tests and benchmarks.
void lk_set_level(intptr_t level);

/// Dot products of 8 samples with a run of samples, all stored as "quads".
///
/// `panels` holds the samples 4 at a time, feature-major within a quad:
/// feature `f` of sample `s` is `panels[(s / 4) * dimension * 4 + f * 4 + s % 4]`.
/// The rows are samples `first_row ..< first_row + 8` (`first_row` a multiple
/// of 4; the panels must hold them, padded with zeros); the columns are the
/// quads `first_quad ..< end_quad`. The product of row `first_row + r` with
/// sample `4 * first_quad + c` is written to `dots[r * stride + c]`.
void lk_block_dots(
    const double *panels, intptr_t dimension, intptr_t first_row, intptr_t first_quad,
    intptr_t end_quad, double *dots, intptr_t stride);

/// The RBF weights of row `row` with columns `column ..< end`, 4 at a time.
///
/// Every array but `target`'s is indexed by column. Per column `j`: the
/// squared distance `max((-2 dots[j] + row_norm) + norms[j], 0)`, the weight
/// `2^512 exp(negative_gamma * distance)` written to `target[j]` and added to
/// `degree[j]`, the distance folded into `nearest[j]` (a minimum), and, when
/// `labeled_index` is not null (the row is labeled), into `nearest_labeled[j]`
/// with `labeled_index[j] = row` where it is smaller. The row's own sum of
/// weights and least distance go to `row_degree` and `row_nearest`. Stops
/// before fewer than 4 columns remain and returns the first column not done.
/// The arithmetic is that of `ScaledExponential.scaled`, without fused
/// operations, so the weights match the Swift code's bit for bit.
intptr_t lk_row_weights(
    const double *dots, const double *norms, double row_norm, double negative_gamma,
    const uint64_t *table, intptr_t row, intptr_t column, intptr_t end, double *target,
    double *degree, double *nearest, double *nearest_labeled, intptr_t *labeled_index,
    double *row_degree, double *row_nearest);

/// The RBF weights of `row` with the columns `begin ..< end`, bit for bit those of the
/// walk of the triangle (`lk_row_weights`), which forms each pair in the row of its lower
/// sample: the squared distance is `max((-2 dots[j] + norms[low]) + norms[high], 0)`.
///
/// `dots[j]` is the row's product with column `j` (from `lk_block_dots`, which gives the
/// same value whichever of the two samples is the row); `dots` and `norms` must hold
/// values up to the next multiple of 4 after `end - 1` (`norms` is indexed by sample).
/// Writes `target[j]` for every column, the row's own included (callers skip it).
void lk_pair_weights(
    const double *dots, const double *norms, intptr_t row, double negative_gamma,
    const uint64_t *table, intptr_t begin, intptr_t end, double *target);

/// The significant entries of `row` among the columns `begin ..< end`, for
/// `StreamedEntries`: the weights of `lk_pair_weights`, and the test of `lk_scan_rows`.
/// Each coefficient `weight * scales[j]` is kept when positive and at least `threshold`
/// (column and weight appended to `columns` and `kept_weights`), else added to
/// `*dropped` (four running sums, added at the end). The row's own column is skipped.
/// `dots`, `norms` and `scales` must hold values up to the next multiple of 4 after
/// `end - 1`. Returns how many were kept.
intptr_t lk_row_entries(
    const double *dots, const double *norms, intptr_t row, double negative_gamma,
    const uint64_t *table, intptr_t begin, intptr_t end, const double *scales, double threshold,
    intptr_t *columns, double *kept_weights, double *dropped);

/// Rows `first_row ..< first_row + 4` of a symmetric product against the
/// columns `begin ..< end` (all after the rows), for every class.
///
/// `row0` ... `row3` are the rows' weights, indexed by column. `input` is
/// class-major (`input[label * count + j]`), and so is `output` with rows of
/// `stride`. With `gather`, output `first_row + r` gains the sum over the
/// columns of `weight(r, j) * input[j]`; with `scatter`, output `j` gains the
/// sum over the 4 rows of `weight(r, j) * input[first_row + r]` (the mirror
/// entries). At least one of the two must be set.
void lk_block_tile(
    const double *row0, const double *row1, const double *row2, const double *row3,
    intptr_t first_row, intptr_t begin, intptr_t end, const double *input, intptr_t count,
    double *output, intptr_t stride, intptr_t classes, int gather, int scatter);

/// Rows `first ..< end` of `output = matrix · input`, for many fits at once.
///
/// `matrix` is `count x count`, row-major. `input` has `width` columns, a
/// multiple of 8, stored as panels of 8 columns: entry `(k, c)` at
/// `panels[(c / 8) * count * 8 + k * 8 + c % 8]`. `output` is row-major
/// with rows of `width` values. Each output is the sum over the row's entries
/// in column order, one multiply-add at a time.
void lk_dense_rows(
    const double *matrix, intptr_t count, const double *panels, intptr_t width, intptr_t first,
    intptr_t end, double *output);

/// One fit's update of rows `first ..< end` after `lk_dense_rows`, as
/// `GraphModel`'s general loop makes it; returns the rows' `sum |new - old|`.
///
/// The fit has `classes` columns from `offset` in the row-major `product`,
/// `values` (its distributions, replaced by the new ones) and `clamped`, all
/// with rows of `width`. Each product value is multiplied by `output_scale[row]`;
/// then label spreading (`propagation` 0) takes `alpha * value + clamped`, and
/// label propagation divides the row by its sum (when not 0), or resets it to
/// `clamped` where `labels[row * label_stride] != -1`. The new values times
/// `input_scale[row]` go to the panels of the next input (`lk_dense_rows`'s
/// layout), column `c` of row `row` at `panels[panel_columns[c] + row * 8]`.
double lk_dense_update(
    intptr_t first, intptr_t end, const double *product, double *values, const double *clamped,
    intptr_t width, intptr_t offset, intptr_t classes, intptr_t propagation, double alpha,
    const intptr_t *labels, intptr_t label_stride, const double *output_scale,
    const double *input_scale, double *panels, const intptr_t *panel_columns);

/// Rows `first ..< end` of a sparse product with a check, for `SignificantEntries`.
///
/// Row `i` keeps the entries `row_start[i] ..< row_start[i + 1]` of `columns`
/// and `weights`. `input` is row-major with rows of `stride` values (a
/// multiple of 4 at least `classes`, the padding zero), `output` with rows of
/// `classes` values. Output row `i` is `diagonal * input_i + sum weight * input_column`,
/// checked before it is multiplied by `output_scale[i]`: `failed[i]` is 1 when
/// `dropped[i] * largest_input` exceeds `tolerance` times the sum of the
/// row's absolute values (or is not a number), else 0. Returns how many failed.
intptr_t lk_sparse_rows(
    intptr_t first, intptr_t end, const intptr_t *row_start, const intptr_t *columns,
    const double *weights, const double *input, intptr_t stride, intptr_t classes,
    double diagonal, const double *dropped, double largest_input, double tolerance,
    const double *output_scale, double *output, double *failed);

/// One iteration of either model over rows `first ..< end`, with the product of `lk_sparse_rows`.
///
/// `row_start` is indexed from `first` (`row_start[row - first]`, `end - first + 1`
/// values); `input`, `columns`, `weights`, `dropped`, `largest_input` and
/// `tolerance` are as in `lk_sparse_rows`, and so is the check, whose
/// outcome goes to `failed[row]` (1 or 0; the count is returned). The row's
/// product, times `output_scale[row]`, is then updated as `GraphModel` does:
/// label spreading (`propagation` 0) takes `alpha * value + clamped`;
/// label propagation divides by the row's sum (when not 0) and resets a
/// labeled row (`labels[row] != -1`) to its row of `clamped`. The result goes
/// to `next` and, times `input_scale[row]`, to `next_input`. Every matrix
/// here has rows of `stride` values, the padding zero (and kept zero).
/// `summary` receives the sum of `|next - current|`, the largest value of
/// `next`, and 1 when any value is negative or not a number (else 0).
intptr_t lk_sparse_step(
    intptr_t first, intptr_t end, const intptr_t *row_start, const intptr_t *columns,
    const double *weights, const double *input, intptr_t stride, double diagonal,
    const double *dropped, double largest_input, double tolerance, const double *output_scale,
    const double *input_scale, intptr_t propagation, double alpha, const double *clamped,
    const intptr_t *labels, const double *current, double *next, double *next_input,
    uint8_t *failed, double *summary);

/// The scan of `SignificantEntries.find` over the rows `first ..< end` of
/// the packed strict upper triangle `upper` (row `i` holds columns `i + 1 ..< count`).
///
/// Entry `(row, j)`, `j > row`, with weight `w`, is kept for row `row` when
/// `w * scales[j]` is positive and at least `thresholds[row]`: appended at
/// `own_columns + *own_used` (and `own_weights`); otherwise added to the
/// row's dropped sum. Its mirror `(j, row)` is kept for row `j` when
/// `w * scales[row]` is positive and at least `thresholds[j]`: appended at
/// `mirror_rows` (j), `mirror_columns` (row), `mirror_weights` `+ *mirror_used`,
/// and counted in `mirror_counts[j]`; otherwise added to `mirror_dropped[j]`.
/// Both counters advance. Per row, `own_counts[row - first]` gets its number
/// of own entries and `own_dropped[row - first]` its dropped sum. A row is
/// only scanned when both outputs have room for `count - row + 3` more
/// entries within their capacity (its entries, and 3 slots that a packed
/// store of 4 may write past them); returns the first row not scanned
/// (`end` when all were).
intptr_t lk_scan_rows(
    const double *upper, const double *scales, const double *thresholds, intptr_t first,
    intptr_t end, intptr_t count, intptr_t *own_counts, double *own_dropped,
    intptr_t *own_columns, double *own_weights, intptr_t *own_used, intptr_t own_capacity,
    intptr_t *mirror_rows, intptr_t *mirror_columns, double *mirror_weights,
    intptr_t *mirror_used, intptr_t mirror_capacity, intptr_t *mirror_counts,
    double *mirror_dropped);

/// Copies `count` samples of `dimension` values (row-major `values`) into
/// `quads` quads of `lk_block_dots`'s layout, the samples past `count` zero.
void lk_pack_quads(
    const double *values, intptr_t count, intptr_t dimension, intptr_t quads, double *panels);

/// The index of the first value of `values` that is infinite or not a
/// number, or `count` when every value is finite.
intptr_t lk_first_non_finite(const double *values, intptr_t count);

/// The kNN search's projected lower bounds of 8 queries to the 8 candidates of a leaf
/// (NeighborSearch.swift), and which of them are within the queries' limits.
///
/// `panels` holds the leaf's candidates in pairs, `panels[pair * components * 2 +
/// component * 2 + lane]` for candidate `2 * pair + lane`; `queries` the queries'
/// projections, `queries[component * 8 + query]`. The bound of candidate `c` and query
/// `q` is `(query_norms[q] - 2 * dot) + candidate_norms[c]`, the dot product summed in
/// component order with separate multiplies and adds; it goes to `bounds[c * 8 + q]`,
/// and bit `c * 8 + q` of the result is set when it is at most `limits[q]`.
uint64_t lk_leaf_bounds(
    const double *panels, const double *candidate_norms, const double *queries,
    const double *query_norms, const double *limits, intptr_t components, double *bounds);

/// The least squared gap of the 8 queries to a box (`queries[component * 8 + query]`;
/// `box[component * 2]` its lowest value, `box[component * 2 + 1]` its highest), summed
/// over the components in order, among the queries whose gap is at most their limit
/// (`limits[query]`); infinity when there is none. It may stop summing once every
/// query is past its limit.
double lk_box_nearest(
    const float *box, const double *queries, const double *limits, intptr_t components);

/// The samples of a kNN search arranged for its walk (see `NeighborSearch` in Swift):
/// by position in the tree's order, 8 positions per leaf, padding past `count`.
typedef struct {
  /// Projections in pairs of positions: `panels[(p / 2) * components * 2 + j * 2 + p % 2]`.
  const double *panels;
  /// Per position: the projection's squared length (infinity for padding) and the
  /// allowance for rounding errors; the largest allowance.
  const double *projected_norms;
  const double *slack;
  double largest_slack;
  /// Per position: the searched row, its features and its squared norm.
  const intptr_t *order;
  const double *rows;
  const double *position_norms;
  intptr_t dimension;
  /// Searched rows (positions from `count` on are padding).
  intptr_t count;
  /// Per node: its first child (the second is next; -1 for a leaf), its first position,
  /// and its box (`components` pairs of lowest and highest projection, widened to floats).
  const intptr_t *first_child;
  const intptr_t *first_position;
  /// Per node: the end of its positions; a node with at most `direct_span` positions
  /// has its leaves visited at once, without testing the boxes below it.
  const intptr_t *end_position;
  intptr_t direct_span;
  const float *boxes;
  intptr_t components;
  /// When rows stand for groups of identical samples: row `r`'s members (ascending) are
  /// `members[member_start[r] ..< member_start[r + 1]]`; both null otherwise.
  const intptr_t *member_start;
  const intptr_t *members;
  intptr_t neighbors;
} lk_knn_tree;

/// A worker's memory for `lk_knn_block`; sizes in the comments.
typedef struct {
  double *distances;          // 8 * neighbors
  intptr_t *indices;          // 8 * neighbors
  intptr_t *counts;           // 8
  double *queries;            // 8 * components, queries[component * 8 + query]
  double *limits;             // 8
  double *bounds;             // 64
  double *query_norms;        // 8
  double *query_slack;        // 8
  intptr_t *query_samples;    // 8
  intptr_t *query_positions;  // 8
  intptr_t *heap_nodes;       // the tree's node count
  double *heap_keys;          // the tree's node count
} lk_knn_scratch;

/// The `neighbors` nearest rows of the 8 rows of leaf `leaf` (positions `8 leaf ..<
/// 8 leaf + 8`), in (distance, index) order, written to `output[sample * neighbors ...]`
/// for each sample they stand for; returns how many samples' lists it wrote.
/// Distances are the Swift `expandedSquaredDistance` of `dotProduct`, bit for bit.
intptr_t lk_knn_block(
    const lk_knn_tree *tree, lk_knn_scratch *scratch, intptr_t leaf, intptr_t *output);

/// The squared distance `lk_knn_block` computes between two rows of `dimension` features
/// with squared norms `norm_a` and `norm_b` (exported for tests).
double lk_knn_distance(
    const double *a, const double *b, intptr_t dimension, double norm_a, double norm_b);

/// Tells the processor that this thread is waiting in a loop (x86 `pause`).
void lk_spin_pause(void);

#endif
