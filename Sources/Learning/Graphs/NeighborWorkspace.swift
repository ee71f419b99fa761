import LearningKernels

/// A worker's scratch memory for the blocks of 8 queries it searches (`lk_knn_block`).
final class NeighborWorkspace: @unchecked Sendable {
  /// The pointers the C walk writes through; each owned (allocated and freed) here.
  let scratch: UnsafeMutablePointer<lk_knn_scratch>

  /// `nodes` is the tree's node count, the most its best-first heap can hold.
  init(neighbors k: Int, components: Int, nodes: Int) {
    scratch = .allocate(capacity: 1)
    scratch.initialize(
      to: lk_knn_scratch(
        distances: .allocate(capacity: 8 * k), indices: .allocate(capacity: 8 * k),
        counts: .allocate(capacity: 8), queries: .allocate(capacity: 8 * components),
        limits: .allocate(capacity: 8), bounds: .allocate(capacity: 64),
        query_norms: .allocate(capacity: 8), query_slack: .allocate(capacity: 8),
        query_samples: .allocate(capacity: 8), query_positions: .allocate(capacity: 8),
        heap_nodes: .allocate(capacity: max(1, nodes)),
        heap_keys: .allocate(capacity: max(1, nodes))))
  }

  deinit {
    let memory = scratch.pointee
    memory.distances.deallocate()
    memory.indices.deallocate()
    memory.counts.deallocate()
    memory.queries.deallocate()
    memory.limits.deallocate()
    memory.bounds.deallocate()
    memory.query_norms.deallocate()
    memory.query_slack.deallocate()
    memory.query_samples.deallocate()
    memory.query_positions.deallocate()
    memory.heap_nodes.deallocate()
    memory.heap_keys.deallocate()
    scratch.deallocate()
  }
}
