import DataSets
import XCTest

@testable import Learning

/// The neighbour search over clustered data shaped like the benchmark's, against a brute force.
///
/// Prototypes copied many times with small noise, rounded to a few decimals
/// and clipped, so that inside a cluster nearly every candidate is at about
/// the same distance (the projected bound prunes little there) and exact ties
/// are frequent; sizes that are not multiples of the search's leaves of 8,
/// clusters smaller than `k`, and dimensions around the dot product's lanes
/// of 8. The lists must equal, index for index, those of a search that
/// computes every distance and orders by (distance, index).
final class NeighborSearchClusterTests: XCTestCase {
  /// The `k` nearest of every sample by computing all distances, ties to the lower index.
  private func bruteForce(_ values: [Double], dimension d: Int, k: Int) -> [Int] {
    let n = values.count / d
    var lists: [Int] = []
    values.withUnsafeBufferPointer { buffer in
      let base = buffer.baseAddress!
      let norms = (0..<n).map { dotProduct(base + $0 * d, base + $0 * d, d) }
      for query in 0..<n {
        var ranked: [(distance: Double, index: Int)] = []
        for candidate in 0..<n {
          let dot = dotProduct(base + query * d, base + candidate * d, d)
          let distance = expandedSquaredDistance(
            dot: dot, normA: norms[query], normB: norms[candidate])
          ranked.append((distance, candidate))
        }
        ranked.sort {
          $0.distance < $1.distance || ($0.distance == $1.distance && $0.index < $1.index)
        }
        lists += ranked.prefix(k).map(\.index)
      }
    }
    return lists
  }

  private func search(_ values: [Double], dimension d: Int, k: Int) throws -> [Int] {
    try values.withUnsafeBufferPointer { buffer in
      try NeighborLists.compute(
        Samples(values: buffer, count: values.count / d, dimension: d), neighbors: k,
        progress: nil
      ).indices
    }
  }

  /// `n` rows: prototype `row % clusters` (values 0 to 16) plus uniform noise of
  /// width `noise`, rounded to `decimals` and clipped to [0, 16].
  private func jittered(
    _ n: Int, clusters: Int, dimension d: Int, noise: Double, decimals: Double, seed: UInt32
  ) -> [Double] {
    var random = RandomState(seed: seed)
    func uniform() -> Double { Double(random.nextUInt32()) / 4_294_967_296 }
    let prototypes = (0..<clusters * d).map { _ in (uniform() * 16).rounded() }
    let scale = pow(10, decimals)
    var values: [Double] = []
    for row in 0..<n {
      let cluster = row % clusters
      for feature in 0..<d {
        let value = prototypes[cluster * d + feature] + (uniform() - 0.5) * noise
        values.append(min(16, max(0, (value * scale).rounded() / scale)))
      }
    }
    return values
  }

  func testJitteredClustersInSixtyFourDimensions() throws {
    // Clusters of 15 to 16 rows at k = 7, and of 5 rows at k = 7 (k above the cluster's size).
    for (n, clusters, seed) in [(997, 64, 1), (1_003, 200, 2)] {
      let values = jittered(
        n, clusters: clusters, dimension: 64, noise: 2, decimals: 2, seed: UInt32(seed))
      XCTAssertEqual(
        try search(values, dimension: 64, k: 7), bruteForce(values, dimension: 64, k: 7),
        "\(n) rows in \(clusters) clusters")
    }
  }

  func testCoarseNoiseHasManyExactTies() throws {
    // One decimal of noise on integers: many pairs at exactly the same distance.
    let values = jittered(605, clusters: 11, dimension: 9, noise: 1, decimals: 1, seed: 3)
    for k in [1, 7, 60] {
      XCTAssertEqual(
        try search(values, dimension: 9, k: k), bruteForce(values, dimension: 9, k: k), "k = \(k)")
    }
  }

  func testDimensionsAroundTheLanes() throws {
    for (d, seed) in [(1, 4), (7, 5), (8, 6), (9, 7), (63, 8), (65, 9)] {
      let values = jittered(
        301, clusters: 23, dimension: d, noise: 3, decimals: 3, seed: UInt32(seed))
      XCTAssertEqual(
        try search(values, dimension: d, k: 7), bruteForce(values, dimension: d, k: 7),
        "dimension \(d)")
    }
  }

  func testJitteredClustersWithExactCopies() throws {
    // Every third row repeated exactly: the grouped search over the distinct rows.
    var values = jittered(420, clusters: 30, dimension: 16, noise: 2, decimals: 1, seed: 10)
    for row in stride(from: 0, to: 420, by: 3) where row + 1 < 420 {
      for feature in 0..<16 { values[(row + 1) * 16 + feature] = values[row * 16 + feature] }
    }
    for k in [7, 20] {
      XCTAssertEqual(
        try search(values, dimension: 16, k: k), bruteForce(values, dimension: 16, k: k),
        "k = \(k)")
    }
  }
}
