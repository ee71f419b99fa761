import DataSets
import XCTest

@testable import Learning

/// The tree as the C walk reads it: the same nodes, breadth first, boxes widened outward.
final class NeighborTreeLayoutTests: XCTestCase {
  func testTheLayoutKeepsEveryNodeWithItsChildrenAdjacentAndItsBoxWidened() {
    var random = RandomState(seed: 31)
    let (n, m) = (203, 3)
    // Values that floats cannot hold, so that the widening shows.
    let projections = (0..<n * m).map { _ in
      Double(random.nextUInt32()) / 4_294_967_296 * 2e5 - 1e5 + 1e-3
    }
    var tree = BoxTree(projections: projections, count: n, components: m)
    tree.build()
    let layout = NeighborTreeLayout(
      children: tree.children, firstPosition: tree.firstPosition, boxes: tree.boxes,
      components: m)
    XCTAssertEqual(layout.firstChild.count, tree.children.count)
    // Walk both trees together from their roots: every new node is an old node.
    var pairs = [(0, 0)]
    var seen = Set<Int>()
    var widened = 0
    while let (new, old) = pairs.popLast() {
      XCTAssertTrue(seen.insert(new).inserted, "node \(new) reached twice")
      XCTAssertEqual(layout.firstPosition[new], tree.firstPosition[old])
      XCTAssertEqual(layout.endPosition[new], end(of: old, in: tree))
      for component in 0..<m {
        let (low, high) = (
          layout.boxes[(new * m + component) * 2], layout.boxes[(new * m + component) * 2 + 1]
        )
        let (oldLow, oldHigh) = (
          tree.boxes[(old * m + component) * 2], tree.boxes[(old * m + component) * 2 + 1]
        )
        XCTAssertLessThanOrEqual(Double(low), oldLow)
        XCTAssertGreaterThanOrEqual(Double(high), oldHigh)
        // At most one float step wider on each side.
        XCTAssertGreaterThan(Double(low.nextUp), oldLow)
        XCTAssertLessThan(Double(high.nextDown), oldHigh)
        if Double(low) != oldLow || Double(high) != oldHigh { widened += 1 }
      }
      let (left, right) = tree.children[old]
      if left < 0 {
        XCTAssertEqual(layout.firstChild[new], -1)
        continue
      }
      let first = layout.firstChild[new]
      XCTAssertGreaterThan(first, new, "breadth first: children come after their parent")
      pairs.append((first, left))
      pairs.append((first + 1, right))
    }
    XCTAssertEqual(seen.count, tree.children.count)
    XCTAssertGreaterThan(widened, 0)
  }

  /// The end of a node's positions: its last leaf's run of 8 (padding included).
  private func end(of node: Int, in tree: BoxTree) -> Int {
    let (_, right) = tree.children[node]
    return right < 0 ? tree.firstPosition[node] + 8 : end(of: right, in: tree)
  }
}
