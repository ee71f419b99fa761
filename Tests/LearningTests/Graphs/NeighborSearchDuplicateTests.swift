import DataSets
import XCTest

@testable import Learning

/// The neighbour search over data with many identical rows, against a brute force.
///
/// The search gathers identical rows into groups and offers a group's members
/// in index order (`DuplicateRows`); its lists must equal, index for index,
/// those of a search that computes every distance and orders by
/// (distance, index), the rule scikit-learn's fixtures hold it to.
final class NeighborSearchDuplicateTests: XCTestCase {
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

  /// `n` rows drawn from `distinct` patterns (small integers, so many distances tie too).
  private func drawn(
    _ n: Int, distinct: Int, dimension d: Int, seed: UInt32, unique: Int = 0
  ) -> [Double] {
    var random = RandomState(seed: seed)
    let patterns = (0..<distinct * d).map { _ in Double(Int(random.nextUInt32() % UInt32(4))) }
    var values: [Double] = []
    for row in 0..<n {
      if row % 7 == 3, row / 7 < unique {
        // A row of its own among the copies.
        values += (0..<d).map { _ in Double(Int(random.nextUInt32() % UInt32(4))) + 0.5 }
      } else {
        let pattern = Int(random.nextUInt32() % UInt32(distinct))
        values += patterns[pattern * d..<(pattern + 1) * d]
      }
    }
    return values
  }

  func testEveryRowIdentical() throws {
    let values = [Double](repeating: 3.25, count: 200 * 5)
    for k in [1, 7, 20] {
      XCTAssertEqual(try search(values, dimension: 5, k: k), bruteForce(values, dimension: 5, k: k))
    }
    // Each list is the k lowest indices, the sample itself not first unless it is one of them.
    let lists = try search(values, dimension: 5, k: 7)
    XCTAssertEqual(Array(lists[150 * 7..<151 * 7]), Array(0..<7))
  }

  func testFewPatternsManyCopies() throws {
    for (distinct, k, seed) in [(2, 7, 1), (5, 3, 2), (12, 10, 3), (40, 7, 4), (3, 25, 5)] {
      let values = drawn(300, distinct: distinct, dimension: 4, seed: UInt32(seed))
      XCTAssertEqual(
        try search(values, dimension: 4, k: k), bruteForce(values, dimension: 4, k: k),
        "\(distinct) patterns, k = \(k)")
    }
  }

  func testCopiesMixedWithDistinctRows() throws {
    // Groups larger and smaller than k, single rows, and rows at equal distances.
    for (distinct, k, seed) in [(3, 7, 11), (20, 5, 12), (60, 9, 13)] {
      let values = drawn(400, distinct: distinct, dimension: 3, seed: UInt32(seed), unique: 40)
      XCTAssertEqual(
        try search(values, dimension: 3, k: k), bruteForce(values, dimension: 3, k: k),
        "\(distinct) patterns and 40 rows of their own, k = \(k)")
    }
  }

  func testSignedZerosAndFractions() throws {
    // -0.0 and 0.0 are different bits but the same point; fractions round in the expanded form.
    var values: [Double] = []
    for row in 0..<150 {
      switch row % 5 {
      case 0: values += [0.0, 0.1, 0.7]
      case 1: values += [-0.0, 0.1, 0.7]
      case 2: values += [0.3, 0.1, 0.7]
      case 3: values += [0.1 + 0.2, 0.1, 0.7]
      default: values += [Double(row) * 1e-3, 0.1, 0.7]
      }
    }
    for k in [1, 4, 31, 40] {
      XCTAssertEqual(try search(values, dimension: 3, k: k), bruteForce(values, dimension: 3, k: k))
    }
  }
}
