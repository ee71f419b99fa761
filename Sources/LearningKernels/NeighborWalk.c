// The kNN search's walk for one block of 8 queries (NeighborSearch.swift), best first
// over the tree of boxes, with the leaf visits and full distances, in C so that the
// whole walk is compiled for baseline x86-64 and for AVX2 and picked by `lk_level`.

#include "LearningKernels.h"
#include "neighbor_body.h"

// Separate multiplies and adds: the distances are the bits of the Swift `dotProduct`
// and `expandedSquaredDistance`, whichever variant runs.
#pragma STDC FP_CONTRACT OFF

// Keeps (distance, candidate) among the best `k` of `query` in (distance, index) order.
static inline __attribute__((always_inline)) int knn_insert(
    lk_knn_scratch *scratch, intptr_t k, intptr_t query, double distance, intptr_t candidate) {
  double *distances = scratch->distances + query * k;
  intptr_t *indices = scratch->indices + query * k;
  intptr_t slot = scratch->counts[query];
  if (slot == k) {
    const double last = distances[k - 1];
    if (!(distance < last || (distance == last && candidate < indices[k - 1]))) return 0;
    slot = k - 1;
  } else {
    scratch->counts[query] = slot + 1;
  }
  while (slot > 0) {
    const double before = distances[slot - 1];
    if (before < distance || (before == distance && indices[slot - 1] < candidate)) break;
    distances[slot] = before;
    indices[slot] = indices[slot - 1];
    slot--;
  }
  distances[slot] = distance;
  indices[slot] = candidate;
  return 1;
}

static inline __attribute__((always_inline)) double knn_worst(
    const lk_knn_scratch *scratch, intptr_t k, intptr_t query) {
  return scratch->counts[query] == k ? scratch->distances[query * k + k - 1]
                                     : __builtin_inf();
}

// The Swift `dotProduct`: eight lanes over the features in index order, the lanes
// summed first to last, then the remaining features.
static inline __attribute__((always_inline)) double knn_dot(
    const double *a, const double *b, intptr_t count) {
  lk_quad low = {0, 0, 0, 0}, high = {0, 0, 0, 0};
  intptr_t index = 0;
  for (; index + 8 <= count; index += 8) {
    lk_quad a_low, a_high, b_low, b_high;
    memcpy(&a_low, a + index, sizeof a_low);
    memcpy(&a_high, a + index + 4, sizeof a_high);
    memcpy(&b_low, b + index, sizeof b_low);
    memcpy(&b_high, b + index + 4, sizeof b_high);
    const lk_quad low_product = a_low * b_low;
    const lk_quad high_product = a_high * b_high;
    low = low + low_product;
    high = high + high_product;
  }
  double total = -0.0;
  total += low[0];
  total += low[1];
  total += low[2];
  total += low[3];
  total += high[0];
  total += high[1];
  total += high[2];
  total += high[3];
  for (; index < count; index++) {
    const double product = a[index] * b[index];
    total += product;
  }
  return total;
}

// Offers the sample at `position` to `query`: its full distance, then its list.
static inline __attribute__((always_inline)) void knn_offer(
    const lk_knn_tree *tree, lk_knn_scratch *scratch, intptr_t query, intptr_t position) {
  // Padding positions (past the last sample) pass an infinite limit; skip them.
  if (position >= tree->count) return;
  const intptr_t d = tree->dimension;
  const intptr_t own = scratch->query_positions[query];
  const double dot = knn_dot(tree->rows + own * d, tree->rows + position * d, d);
  // The Swift `max((-2 * dot + a) + b, 0)`.
  const double sum = (-2 * dot + tree->position_norms[own]) + tree->position_norms[position];
  const double distance = 0 >= sum ? 0 : sum;
  const intptr_t candidate = tree->order[position];
  const intptr_t k = tree->neighbors;
  if (!tree->member_start) {
    knn_insert(scratch, k, query, distance, candidate);
    return;
  }
  // A group's members in ascending order, each at this distance: once one is
  // rejected every later one is, and more than `k` never fit.
  const intptr_t start = tree->member_start[candidate];
  intptr_t end = tree->member_start[candidate + 1];
  if (end > start + k) end = start + k;
  for (intptr_t member = start; member < end; member++) {
    if (!knn_insert(scratch, k, query, distance, tree->members[member])) break;
  }
}

#define KNN_HEAP_PUSH(NODE, KEY)                                                             \
  do {                                                                                       \
    intptr_t slot_ = size++;                                                                 \
    const double key_ = (KEY);                                                               \
    while (slot_ > 0) {                                                                      \
      const intptr_t parent_ = (slot_ - 1) / 2;                                              \
      if (keys[parent_] <= key_) break;                                                      \
      keys[slot_] = keys[parent_];                                                           \
      nodes[slot_] = nodes[parent_];                                                         \
      slot_ = parent_;                                                                       \
    }                                                                                        \
    keys[slot_] = key_;                                                                      \
    nodes[slot_] = (NODE);                                                                   \
  } while (0)

#define KNN_VISIT(LEAF_BOUNDS, START)                                                       \
  do {                                                                                       \
    const intptr_t start = (START);                                                          \
        for (intptr_t query = 0; query < 8; query++) {                                       \
          limits[query] = knn_worst(scratch, k, query) + scratch->query_slack[query];        \
        }                                                                                    \
        uint64_t close = LEAF_BOUNDS(                                                        \
            tree->panels + start * m, tree->projected_norms + start, scratch->queries,       \
            scratch->query_norms, limits, m, scratch->bounds);                               \
        /* Rows of the candidates some query may take: fetched from memory at once, */      \
        /* side by side, rather than one miss after the other. */                           \
        for (intptr_t candidate = 0; candidate < 8; candidate++) {                           \
          if (!((close >> (candidate * 8)) & 0xff)) continue;                                \
          const char *row = (const char *)(tree->rows + (start + candidate) * tree->dimension); \
          const intptr_t bytes = tree->dimension * (intptr_t)sizeof(double);                 \
          for (intptr_t offset = 0; offset < bytes; offset += 64) {                          \
            __builtin_prefetch(row + offset);                                                \
          }                                                                                  \
        }                                                                                    \
        while (close) {                                                                      \
          const int bit = __builtin_ctzll(close);                                            \
          close &= close - 1;                                                                \
          const intptr_t query = bit & 7;                                                    \
          /* The list may have improved since the limits were taken. */                     \
          if (scratch->bounds[bit] <=                                                        \
              knn_worst(scratch, k, query) + scratch->query_slack[query]) {                  \
            knn_offer(tree, scratch, query, start + (bit >> 3));                             \
          }                                                                                  \
        }                                                                                    \
  } while (0)

/* Only visits change the lists, so after them the limits and the bound are renewed. */
#define KNN_RENEW_LIMITS()                                                                   \
  do {                                                                                       \
    bound = 0;                                                                               \
    for (intptr_t query = 0; query < 8; query++) {                                           \
      limits[query] = knn_worst(scratch, k, query) + scratch->query_slack[query];            \
      if (query < count && limits[query] > bound) bound = limits[query];                     \
    }                                                                                        \
  } while (0)

#define KNN_BLOCK_BODY(LEAF_BOUNDS, BOX_NEAREST)                                             \
  {                                                                                          \
    const intptr_t n = tree->count, k = tree->neighbors, m = tree->components;               \
    const intptr_t first = leaf * 8;                                                         \
    const intptr_t count = n - first < 8 ? n - first : 8;                                    \
    double *limits = scratch->limits;                                                        \
    /* Missing queries of the last leaf repeat its last one; their lists are dropped. */    \
    for (intptr_t query = 0; query < 8; query++) {                                           \
      const intptr_t position = first + (query < count ? query : count - 1);                 \
      for (intptr_t component = 0; component < m; component++) {                             \
        scratch->queries[component * 8 + query] =                                            \
            tree->panels[(position / 2) * m * 2 + component * 2 + position % 2];             \
      }                                                                                      \
      scratch->counts[query] = 0;                                                            \
      scratch->query_norms[query] = tree->projected_norms[position];                         \
      scratch->query_slack[query] = tree->slack[position] + tree->largest_slack;             \
      scratch->query_samples[query] = tree->order[position];                                 \
      scratch->query_positions[query] = position;                                            \
      limits[query] = __builtin_inf();                                                       \
    }                                                                                        \
    /* Best first: a binary min-heap of nodes by the least squared gap of a query */        \
    /* within its limit to the node's box, a lower bound of every distance below it. */     \
    intptr_t *nodes = scratch->heap_nodes;                                                   \
    double *keys = scratch->heap_keys;                                                       \
    intptr_t size = 0;                                                                       \
    double bound = __builtin_inf();                                                          \
    KNN_HEAP_PUSH(0, 0.0);                                                                   \
    while (size > 0) {                                                                       \
      const intptr_t node = nodes[0];                                                        \
      const double key = keys[0];                                                            \
      size--;                                                                                \
      {                                                                                      \
        const intptr_t last_node = nodes[size];                                              \
        const double last_key = keys[size];                                                  \
        intptr_t slot = 0;                                                                   \
        for (;;) {                                                                           \
          intptr_t child = 2 * slot + 1;                                                     \
          if (child >= size) break;                                                          \
          if (child + 1 < size && keys[child + 1] < keys[child]) child++;                    \
          if (keys[child] >= last_key) break;                                                \
          keys[slot] = keys[child];                                                          \
          nodes[slot] = nodes[child];                                                        \
          slot = child;                                                                      \
        }                                                                                    \
        keys[slot] = last_key;                                                               \
        nodes[slot] = last_node;                                                             \
      }                                                                                      \
      /* Every node left is at least this far from every query: done. */                   \
      if (key > bound) break;                                                                \
      const intptr_t left = tree->first_child[node], right = left + 1;                      \
      if (left < 0) {                                                                        \
        /* The limits may have shrunk since the leaf was pushed. */                         \
        if (BOX_NEAREST(tree->boxes + node * m * 2, scratch->queries, limits, m) ==          \
            __builtin_inf())                                                                 \
          continue;                                                                          \
        KNN_VISIT(LEAF_BOUNDS, tree->first_position[node]);                                  \
        KNN_RENEW_LIMITS();                                                                  \
        continue;                                                                            \
      }                                                                                      \
      /* A small subtree: its leaves' own bounds, pair by pair, cost less than the */       \
      /* boxes of its nodes, which noise makes about as wide as the subtree's. */            \
      if (tree->end_position[node] - tree->first_position[node] <= tree->direct_span) {      \
        for (intptr_t run = tree->first_position[node]; run < tree->end_position[node];     \
             run += 8) {                                                                     \
          KNN_VISIT(LEAF_BOUNDS, run);                                                       \
        }                                                                                    \
        KNN_RENEW_LIMITS();                                                                  \
        continue;                                                                            \
      }                                                                                      \
      const double left_key = BOX_NEAREST(tree->boxes + left * m * 2, scratch->queries,      \
                                          limits, m);                                        \
      const double right_key = BOX_NEAREST(tree->boxes + right * m * 2, scratch->queries,    \
                                           limits, m);                                       \
      if (left_key <= bound) KNN_HEAP_PUSH(left, left_key);                                  \
      if (right_key <= bound) KNN_HEAP_PUSH(right, right_key);                               \
    }                                                                                        \
    intptr_t written = 0;                                                                    \
    for (intptr_t query = 0; query < count; query++) {                                       \
      const intptr_t row = scratch->query_samples[query];                                    \
      const intptr_t *list = scratch->indices + query * k;                                   \
      if (!tree->member_start) {                                                             \
        memcpy(output + row * k, list, (size_t)k * sizeof *list);                            \
        written++;                                                                           \
        continue;                                                                            \
      }                                                                                      \
      for (intptr_t target = tree->member_start[row]; target < tree->member_start[row + 1];  \
           target++) {                                                                       \
        memcpy(output + tree->members[target] * k, list, (size_t)k * sizeof *list);          \
        written++;                                                                           \
      }                                                                                      \
    }                                                                                        \
    return written;                                                                          \
  }

static intptr_t knn_block_baseline(
    const lk_knn_tree *tree, lk_knn_scratch *scratch, intptr_t leaf, intptr_t *output)
    KNN_BLOCK_BODY(lk_leaf_bounds_baseline, lk_box_nearest_baseline)

#if defined(__x86_64__)
__attribute__((target("avx2"))) static intptr_t knn_block_avx2(
    const lk_knn_tree *tree, lk_knn_scratch *scratch, intptr_t leaf, intptr_t *output)
    KNN_BLOCK_BODY(lk_leaf_bounds_avx2, lk_box_nearest_avx2)
#endif

intptr_t lk_knn_block(
    const lk_knn_tree *tree, lk_knn_scratch *scratch, intptr_t leaf, intptr_t *output) {
#if defined(__x86_64__)
  if (lk_level() == 1) return knn_block_avx2(tree, scratch, leaf, output);
#endif
  return knn_block_baseline(tree, scratch, leaf, output);
}

static double knn_distance_baseline(
    const double *a, const double *b, intptr_t dimension, double norm_a, double norm_b) {
  const double sum = (-2 * knn_dot(a, b, dimension) + norm_a) + norm_b;
  return 0 >= sum ? 0 : sum;
}

#if defined(__x86_64__)
__attribute__((target("avx2"))) static double knn_distance_avx2(
    const double *a, const double *b, intptr_t dimension, double norm_a, double norm_b) {
  const double sum = (-2 * knn_dot(a, b, dimension) + norm_a) + norm_b;
  return 0 >= sum ? 0 : sum;
}
#endif

double lk_knn_distance(
    const double *a, const double *b, intptr_t dimension, double norm_a, double norm_b) {
#if defined(__x86_64__)
  if (lk_level() == 1) return knn_distance_avx2(a, b, dimension, norm_a, norm_b);
#endif
  return knn_distance_baseline(a, b, dimension, norm_a, norm_b);
}
