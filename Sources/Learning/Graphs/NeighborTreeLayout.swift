/// The search's tree as its walk reads it (`lk_knn_tree`): renumbered breadth first, so
/// that the two children of a node are adjacent (`firstChild` and the next) and their
/// boxes share a few cache lines, with the boxes in single precision, widened outward.
///
/// The walk tests boxes at random places of an array of several megabytes, so their
/// loads are most of its waiting; half the bytes and one place per pair of children
/// halve them. A widened box still holds all of its node's projections, so its gaps
/// stay lower bounds of every distance below it, and the search stays exact.
struct NeighborTreeLayout {
  /// Per node: its first child (the second is next), or -1 for a leaf.
  let firstChild: [Int]
  /// Per node: its first position and the end of its positions.
  let firstPosition: [Int]
  let endPosition: [Int]
  /// Per node: `components` pairs of lowest (rounded down) and highest (rounded up) projection.
  let boxes: [Float]

  init(children: [(Int, Int)], firstPosition: [Int], boxes: [Double], components m: Int) {
    let count = children.count
    // Old node of each new one, breadth first from the root.
    var oldOfNew: [Int] = []
    oldOfNew.reserveCapacity(count)
    var firstChild = [Int](repeating: -1, count: count)
    if count > 0 { oldOfNew.append(0) }
    var index = 0
    while index < oldOfNew.count {
      let (left, right) = children[oldOfNew[index]]
      if left >= 0 {
        firstChild[index] = oldOfNew.count
        oldOfNew.append(left)
        oldOfNew.append(right)
      }
      index += 1
    }
    self.firstChild = firstChild
    self.firstPosition = oldOfNew.map { firstPosition[$0] }
    // Breadth first, so children come after their parent: ends from the last node back.
    var endPosition = [Int](repeating: 0, count: count)
    for new in stride(from: count - 1, through: 0, by: -1) {
      let child = firstChild[new]
      endPosition[new] = child < 0 ? self.firstPosition[new] + 8 : endPosition[child + 1]
    }
    self.endPosition = endPosition
    var widened = [Float](repeating: 0, count: count * m * 2)
    for (new, old) in oldOfNew.enumerated() {
      for component in 0..<m {
        widened[(new * m + component) * 2] = Self.below(boxes[(old * m + component) * 2])
        widened[(new * m + component) * 2 + 1] = Self.above(boxes[(old * m + component) * 2 + 1])
      }
    }
    self.boxes = widened
  }

  /// The largest `Float` at most `value`.
  static func below(_ value: Double) -> Float {
    let rounded = Float(value)
    return Double(rounded) > value ? rounded.nextDown : rounded
  }

  /// The least `Float` at least `value`.
  static func above(_ value: Double) -> Float {
    let rounded = Float(value)
    return Double(rounded) < value ? rounded.nextUp : rounded
  }
}
