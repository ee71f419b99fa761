/// A worker's scratch memory for one block of 8 queries.
final class NeighborWorkspace: @unchecked Sendable {
  let neighbors: Int
  /// Per query, the best distances so far, ascending, then their samples.
  let distances: UnsafeMutablePointer<Double>
  let indices: UnsafeMutablePointer<Int>
  let counts: UnsafeMutablePointer<Int>
  /// The queries' projections, `queries[component * 8 + query]`.
  let queries: UnsafeMutablePointer<Double>
  /// Per query, the limit of a leaf's visit, and the bounds of its 8 candidates
  /// (`bounds[candidate * 8 + query]`).
  let limits: UnsafeMutablePointer<Double>
  let bounds: UnsafeMutablePointer<Double>
  /// Per query: squared length of the projection, allowance, and sample.
  let queryNorms: UnsafeMutablePointer<Double>
  let querySlack: UnsafeMutablePointer<Double>
  let querySamples: UnsafeMutablePointer<Int>
  let queryPositions: UnsafeMutablePointer<Int>
  /// The search's stack of nodes and their gaps.
  let stack: UnsafeMutablePointer<Int>
  let gaps: UnsafeMutablePointer<Double>

  init(neighbors k: Int, components: Int, depth: Int) {
    neighbors = k
    distances = .allocate(capacity: 8 * k)
    indices = .allocate(capacity: 8 * k)
    counts = .allocate(capacity: 8)
    queries = .allocate(capacity: 8 * components)
    limits = .allocate(capacity: 8)
    bounds = .allocate(capacity: 64)
    queryNorms = .allocate(capacity: 8)
    querySlack = .allocate(capacity: 8)
    querySamples = .allocate(capacity: 8)
    queryPositions = .allocate(capacity: 8)
    stack = .allocate(capacity: 2 * depth + 2)
    gaps = .allocate(capacity: 2 * depth + 2)
  }

  deinit {
    distances.deallocate()
    indices.deallocate()
    counts.deallocate()
    queries.deallocate()
    limits.deallocate()
    bounds.deallocate()
    queryNorms.deallocate()
    querySlack.deallocate()
    querySamples.deallocate()
    queryPositions.deallocate()
    stack.deallocate()
    gaps.deallocate()
  }

  /// The `k`-th best distance of `query`, or infinity while its list is short.
  @inline(__always)
  func worst(_ query: Int) -> Double {
    counts[query] == neighbors ? distances[query * neighbors + neighbors - 1] : .infinity
  }

  /// Keeps `(distance, candidate)` if it is among the best `k` of `query` in
  /// (distance, index) order; returns whether it was kept.
  @inline(__always) @discardableResult
  func offer(_ query: Int, _ distance: Double, _ candidate: Int) -> Bool {
    let k = neighbors
    let base = query * k
    var slot = counts[query]
    if slot == k {
      let last = base + k - 1
      guard distance < distances[last] || (distance == distances[last] && candidate < indices[last])
      else { return false }
      slot = k - 1
    } else {
      counts[query] = slot + 1
    }
    while slot > 0 {
      let previous = base + slot - 1
      let before =
        distances[previous] < distance
        || (distances[previous] == distance && indices[previous] < candidate)
      if before { break }
      distances[base + slot] = distances[previous]
      indices[base + slot] = indices[previous]
      slot -= 1
    }
    distances[base + slot] = distance
    indices[base + slot] = candidate
    return true
  }
}
