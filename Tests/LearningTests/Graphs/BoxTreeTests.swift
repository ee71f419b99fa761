import DataSets
import XCTest

@testable import Learning

/// The box tree built by selections on both cores, against the tree of the
/// full sorts it replaced (kept here as the reference), and its invariants.
final class BoxTreeTests: XCTestCase {
  /// The former build: every node's run sorted along its widest direction
  /// (ties by sample), cut at a multiple of 8 near the middle.
  private struct SortedTree {
    let projections: [Double]
    let m: Int
    var order: [Int]
    var children: [(Int, Int)] = []
    var firstPosition: [Int] = []
    var boxes: [Double] = []
    var leaves: [Int] = []
    var depth = 0

    init(projections: [Double], count: Int, components: Int) {
      self.projections = projections
      m = components
      order = Array(0..<count)
      _ = node(0..<count, level: 1)
    }

    mutating func node(_ range: Range<Int>, level: Int) -> Int {
      depth = max(depth, level)
      let index = children.count
      children.append((-1, -1))
      firstPosition.append(range.lowerBound)
      var lowest = [Double](repeating: .infinity, count: m)
      var highest = [Double](repeating: -.infinity, count: m)
      for position in range {
        for component in 0..<m {
          let value = projections[order[position] * m + component]
          lowest[component] = min(lowest[component], value)
          highest[component] = max(highest[component], value)
        }
      }
      for component in 0..<m { boxes += [lowest[component], highest[component]] }
      if range.count <= 8 {
        leaves.append(index)
        return index
      }
      var widest = 0
      for component in 1..<m
      where highest[component] - lowest[component] > highest[widest] - lowest[widest] {
        widest = component
      }
      let projections = self.projections
      let m = self.m
      let sorted = order[range].sorted {
        let left = projections[$0 * m + widest]
        let right = projections[$1 * m + widest]
        return left < right || (left == right && $0 < $1)
      }
      order.replaceSubrange(range, with: sorted)
      let half = max(8, (range.count / 2 + 4) / 8 * 8)
      let middle = range.lowerBound + min(half, (range.count - 1) / 8 * 8)
      let left = node(range.lowerBound..<middle, level: level + 1)
      let right = node(middle..<range.upperBound, level: level + 1)
      children[index] = (left, right)
      return index
    }
  }

  /// `count` rows of `m` projections: uniform, or from few values (many ties).
  private func projections(_ count: Int, components m: Int, distinct: Int?, seed: UInt32)
    -> [Double]
  {
    var random = RandomState(seed: seed)
    return (0..<count * m).map { _ in
      let u = Double(random.nextUInt32()) / 4_294_967_296
      guard let distinct else { return u * 20 - 10 }
      return (u * Double(distinct)).rounded(.down) - 1
    }
  }

  private func assertSameTree(
    _ projections: [Double], count: Int, components m: Int, _ message: String
  ) {
    let reference = SortedTree(projections: projections, count: count, components: m)
    var tree = BoxTree(projections: projections, count: count, components: m)
    tree.build()
    XCTAssertEqual(tree.order, reference.order, message)
    XCTAssertEqual(tree.children.map(\.0), reference.children.map(\.0), message)
    XCTAssertEqual(tree.children.map(\.1), reference.children.map(\.1), message)
    XCTAssertEqual(tree.firstPosition, reference.firstPosition, message)
    XCTAssertEqual(tree.boxes, reference.boxes, message)
    XCTAssertEqual(tree.leaves, reference.leaves, message)
    XCTAssertEqual(tree.depth, reference.depth, message)
  }

  func testSameTreeAsSortingEveryRun() {
    // Below and above the size the builder hands to one core (8,192), sizes
    // that are not multiples of 8, ties in every direction, one direction,
    // more directions than the builder keeps in registers (12).
    let cases: [(count: Int, m: Int, distinct: Int?)] = [
      (1, 3, nil), (8, 3, nil), (9, 3, nil), (17, 2, 3), (100, 12, nil), (1_001, 12, 4),
      (4_093, 1, 50), (2_000, 13, nil), (20_011, 12, nil), (30_000, 5, 7),
    ]
    for (index, item) in cases.enumerated() {
      let values = projections(
        item.count, components: item.m, distinct: item.distinct, seed: UInt32(index + 1))
      assertSameTree(values, count: item.count, components: item.m, "\(item)")
    }
  }

  func testAllEqualProjections() {
    // Every key ties on its value: the split is by sample index alone.
    let values = [Double](repeating: 0.5, count: 12_345 * 4)
    assertSameTree(values, count: 12_345, components: 4, "all equal")
  }

  func testLeavesAndBoxes() {
    let count = 25_003
    let m = 6
    let values = projections(count, components: m, distinct: nil, seed: 9)
    var tree = BoxTree(projections: values, count: count, components: m)
    tree.build()
    XCTAssertEqual(tree.order.sorted(), Array(0..<count), "order is a permutation")
    XCTAssertEqual(tree.leaves.count, (count + 7) / 8)
    for (leaf, node) in tree.leaves.enumerated() {
      XCTAssertEqual(tree.children[node].0, -1)
      XCTAssertEqual(tree.firstPosition[node], leaf * 8)
    }
    // Each node's positions: its first, up to the next node's first in the
    // depth-first numbering that is not inside it; checked through children.
    func check(_ node: Int, _ range: Range<Int>) {
      XCTAssertEqual(tree.firstPosition[node], range.lowerBound)
      for position in range {
        for component in 0..<m {
          let value = values[tree.order[position] * m + component]
          XCTAssertGreaterThanOrEqual(value, tree.boxes[(node * m + component) * 2])
          XCTAssertLessThanOrEqual(value, tree.boxes[(node * m + component) * 2 + 1])
        }
      }
      let (left, right) = tree.children[node]
      if left < 0 {
        XCTAssertTrue(range.count == 8 || range.upperBound == count, "leaf of \(range.count)")
        return
      }
      let middle = tree.firstPosition[right]
      XCTAssertEqual(middle % 8, 0)
      check(left, range.lowerBound..<middle)
      check(right, middle..<range.upperBound)
    }
    check(0, 0..<count)
  }

  func testSelectionKeepsTheSmallestFirst() {
    var random = RandomState(seed: 4)
    let patterns: [(String, (Int) -> Double)] = [
      ("ascending", { Double($0) }), ("descending", { -Double($0) }),
      ("equal", { _ in 1 }), ("organ pipe", { Double(min($0, 999 - $0)) }),
      ("random", { _ in Double(random.nextUInt32() % 50) }),
    ]
    for (name, value) in patterns {
      let keys = (0..<1_000).map { SplitKey(value: value($0), sample: ($0 * 7919) % 1_000) }
      let expected = keys.sorted()
      for rank in [0, 1, 17, 500, 999, 1_000] {
        // The default allowance, and none or one round before the sort takes over.
        for rounds: Int? in [nil, 0, 1] {
          var work = keys
          work.withUnsafeMutableBufferPointer {
            SplitKeys.select($0.baseAddress!, count: $0.count, rank: rank, rounds: rounds)
          }
          let message = "\(name), rank \(rank), rounds \(String(describing: rounds))"
          XCTAssertEqual(
            work.prefix(rank).sorted().map(\.sample), expected.prefix(rank).map(\.sample),
            message)
          XCTAssertEqual(
            work.suffix(1_000 - rank).sorted().map(\.sample),
            expected.suffix(1_000 - rank).map(\.sample), message)
        }
      }
    }
  }
}
