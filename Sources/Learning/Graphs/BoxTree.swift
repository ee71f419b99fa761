/// A tree of boxes over projected samples, built by median splits.
struct BoxTree {
  let projections: [Double]
  let count: Int
  let components: Int
  /// Samples in leaf order.
  var order: [Int]
  var children: [(Int, Int)] = []
  var firstPosition: [Int] = []
  var boxes: [Double] = []
  var leaves: [Int] = []
  var depth = 0

  init(projections: [Double], count: Int, components: Int) {
    self.projections = projections
    self.count = count
    self.components = components
    order = Array(0..<count)
  }

  mutating func build() {
    _ = node(0..<count, level: 1)
    // Leaves were created left to right, so `leaves` is in position order already.
  }

  /// Creates the node over positions `range` (a multiple of 8 long, or the last run).
  private mutating func node(_ range: Range<Int>, level: Int) -> Int {
    depth = max(depth, level)
    let m = components
    let index = children.count
    children.append((-1, -1))
    firstPosition.append(range.lowerBound)
    var lowest = [Double](repeating: .infinity, count: m)
    var highest = [Double](repeating: -.infinity, count: m)
    for position in range {
      let sample = order[position]
      for component in 0..<m {
        let value = projections[sample * m + component]
        lowest[component] = min(lowest[component], value)
        highest[component] = max(highest[component], value)
      }
    }
    for component in 0..<m {
      boxes.append(lowest[component])
      boxes.append(highest[component])
    }
    if range.count <= 8 {
      leaves.append(index)
      return index
    }
    var widest = 0
    for component in 1..<m
    where highest[component] - lowest[component] > highest[widest] - lowest[widest] {
      widest = component
    }
    // Sort the run along the widest direction (ties by sample, for a fixed tree)
    // and cut it at a multiple of 8 near the middle.
    let projections = self.projections
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
