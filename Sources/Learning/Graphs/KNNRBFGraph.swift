import Foundation

extension NeighborLists {
  /// `exp(-gamma * ||x_i - x_j||²)` for every listed neighbour `j` of every sample `i`.
  ///
  /// The squared distances are summed from the differences, as scikit-learn's
  /// tree searches compute them (the reference squares the distance it
  /// returns, which differs by a rounding at most). Parts of 4,096 samples go
  /// to both cores; each writes only its own rows.
  func rbfWeights(_ samples: Samples, gamma: Double) -> [Double] {
    let n = sampleCount
    let k = neighbors
    var weights = [Double](repeating: 0, count: n * k)
    indices.withUnsafeBufferPointer { indices in
      let lists = SharedBuffer(readOnly: indices)
      weights.withUnsafeMutableBufferPointer { buffer in
        let output = SharedBuffer(buffer)
        let rowsPerPart = 4096
        forEachPart((n + rowsPerPart - 1) / rowsPerPart) { part in
          for row in (part * rowsPerPart)..<min(n, part * rowsPerPart + rowsPerPart) {
            let query = samples.row(row)
            for slot in (row * k)..<(row * k + k) {
              let distance = squaredDistance(
                query, samples.row(lists[slot]), samples.dimension)
              output[slot] = exp(-gamma * distance)
            }
          }
        }
      }
    }
    return weights
  }
}

extension GraphModel {
  /// The weighted k-nearest-neighbour graph in the form the variant iterates with.
  ///
  /// `weights[i * k + s]` belongs to the edge from sample `i` to its `s`-th
  /// neighbour, as in scikit-learn's `kneighbors_graph` (row `i` lists the
  /// neighbours of `i`; the matrix is not symmetric).
  /// - Label spreading: `S = D^-1/2 W D^-1/2` without the diagonal, where the
  ///   degrees are the column sums of `W` less its diagonal, summed as
  ///   `scipy.sparse.csgraph.laplacian(normed=True)` sums them; a degree of 0 counts as 1.
  /// - Label propagation: `W` divided by its row sums, the diagonal (weight 1) kept.
  func weightedSparseGraph(from lists: NeighborLists, weights: [Double]) -> (
    graph: SparseGraph, isolated: [Int]
  ) {
    let n = lists.sampleCount
    let k = lists.neighbors
    var rowStart = [Int](repeating: 0, count: n + 1)
    var columns: [Int] = []
    var values: [Double] = []
    columns.reserveCapacity(n * k)
    values.reserveCapacity(n * k)
    switch variant {
    case .spreading:
      // scipy sums each column in row order with the diagonal's weight among the others and
      // subtracts that weight afterwards, so weights below one ulp of it are lost; the degrees
      // are summed the same way, for the same graph at any gamma.
      var degree = [Double](repeating: 0, count: n)
      var diagonal = [Double](repeating: 0, count: n)
      for row in 0..<n {
        for slot in (row * k)..<(row * k + k) {
          let column = lists.indices[slot]
          degree[column] += weights[slot]
          if column == row { diagonal[row] = weights[slot] }
        }
      }
      for node in 0..<n { degree[node] -= diagonal[node] }
      let isolated = (0..<n).filter { degree[$0] == 0 }
      let scale = degree.map { $0 == 0 ? 1 : $0.squareRoot() }
      for row in 0..<n {
        for slot in (row * k)..<(row * k + k) where lists.indices[slot] != row {
          let column = lists.indices[slot]
          columns.append(column)
          values.append(weights[slot] / scale[row] / scale[column])
        }
        rowStart[row + 1] = columns.count
      }
      return (
        SparseGraph(sampleCount: n, rowStart: rowStart, columns: columns, weights: values),
        isolated
      )
    case .propagation:
      for row in 0..<n {
        var total = 0.0
        for slot in (row * k)..<(row * k + k) { total += weights[slot] }
        for slot in (row * k)..<(row * k + k) {
          columns.append(lists.indices[slot])
          values.append(weights[slot] / total)
        }
        rowStart[row + 1] = columns.count
      }
      return (
        SparseGraph(sampleCount: n, rowStart: rowStart, columns: columns, weights: values), []
      )
    }
  }
}
