/// The box tree built by selections, on every core.
///
/// A node over more than 8 positions is split along the widest direction of
/// its box, at a multiple of 8 near the middle (`leftCount`): its left child
/// gets the samples of lowest projection there, ties by sample index, so the
/// tree is the same every run. Only which samples go to each side matters,
/// not their order, so each split is a selection (`SplitKeys.select`, linear
/// time on average) rather than a sort; a leaf's samples are then put in the
/// order of its parent's direction, which makes the tree and `order` exactly
/// those of sorting every node's run. Splits depend only on counts, so each
/// subtree's node numbers are known in advance (`nodeCount`), and the top
/// levels' nodes and then the subtrees below them are built on every core.
extension BoxTree {
  /// How many of `count` positions (more than 8) the left child takes.
  @inline(__always)
  static func leftCount(_ count: Int) -> Int {
    min(max(8, (count / 2 + 4) / 8 * 8), (count - 1) / 8 * 8)
  }

  /// Nodes of the subtree over `count` positions.
  static func nodeCount(_ count: Int) -> Int {
    guard count > 8 else { return 1 }
    let left = leftCount(count)
    return 1 + nodeCount(left) + nodeCount(count - left)
  }

  /// Levels of the subtree over `count` positions.
  static func levels(_ count: Int) -> Int {
    guard count > 8 else { return 1 }
    let left = leftCount(count)
    return 1 + max(levels(left), levels(count - left))
  }

  /// Builds the tree (the same one as sorting every node's run would).
  mutating func build() {
    let m = components
    let nodes = Self.nodeCount(count)
    children = [(Int, Int)](repeating: (-1, -1), count: nodes)
    firstPosition = [Int](repeating: 0, count: nodes)
    boxes = [Double](repeating: 0, count: nodes * m * 2)
    leaves = [Int](repeating: 0, count: max(1, (count + 7) / 8))
    depth = Self.levels(count)
    projections.withUnsafeBufferPointer { projections in
      order.withUnsafeMutableBufferPointer { order in
        children.withUnsafeMutableBufferPointer { children in
          firstPosition.withUnsafeMutableBufferPointer { firstPosition in
            boxes.withUnsafeMutableBufferPointer { boxes in
              leaves.withUnsafeMutableBufferPointer { leaves in
                let builder = BoxTreeBuilder(
                  projections: projections.baseAddress.unsafelyUnwrapped, components: m,
                  order: order.baseAddress.unsafelyUnwrapped,
                  children: children.baseAddress.unsafelyUnwrapped,
                  firstPosition: firstPosition.baseAddress.unsafelyUnwrapped,
                  boxes: boxes.baseAddress.unsafelyUnwrapped,
                  leaves: leaves.baseAddress.unsafelyUnwrapped)
                builder.build(count: count)
              }
            }
          }
        }
      }
    }
  }
}

/// A node yet to be built: positions `range`, node number `index`, and the
/// direction its parent split along (-1 for the root).
private struct PendingNode: Sendable {
  var range: Range<Int>
  var index: Int
  var parentDirection: Int
}

/// The storage of a `BoxTree` under construction; parts of it are written by
/// different cores, each to its own nodes and positions.
private struct BoxTreeBuilder: @unchecked Sendable {
  let projections: UnsafePointer<Double>
  let components: Int
  let order: UnsafeMutablePointer<Int>
  let children: UnsafeMutablePointer<(Int, Int)>
  let firstPosition: UnsafeMutablePointer<Int>
  let boxes: UnsafeMutablePointer<Double>
  let leaves: UnsafeMutablePointer<Int>

  /// Runs below this many positions are built whole by one core.
  static let subtreeSize = 8_192

  func build(count: Int) {
    // The top levels one level at a time, the nodes of a level on every core;
    // then the subtrees under them, each by one core.
    var level = [PendingNode(range: 0..<count, index: 0, parentDirection: -1)]
    while level.contains(where: { $0.range.count > Self.subtreeSize }) {
      let nodes = level
      var next = [PendingNode?](repeating: nil, count: nodes.count * 2)
      next.withUnsafeMutableBufferPointer { buffer in
        let next = SharedBuffer(buffer)
        forEachPart(nodes.count) { part in
          let node = nodes[part]
          guard node.range.count > Self.subtreeSize else {
            next[part * 2] = node
            return
          }
          let scratch = UnsafeMutablePointer<SplitKey>.allocate(capacity: node.range.count)
          defer { scratch.deallocate() }
          let children = split(node, scratch: scratch)
          next[part * 2] = children?.0
          next[part * 2 + 1] = children?.1
        }
      }
      level = next.compactMap { $0 }
    }
    let subtrees = level
    forEachPart(subtrees.count) { part in
      let node = subtrees[part]
      let scratch = UnsafeMutablePointer<SplitKey>.allocate(capacity: max(1, node.range.count))
      defer { scratch.deallocate() }
      buildSubtree(node, scratch: scratch)
    }
  }

  /// Builds the node and everything under it.
  func buildSubtree(_ node: PendingNode, scratch: UnsafeMutablePointer<SplitKey>) {
    guard let (left, right) = split(node, scratch: scratch) else { return }
    buildSubtree(left, scratch: scratch)
    buildSubtree(right, scratch: scratch)
  }

  /// Writes the node's box and first position; a leaf is finished, any other
  /// node has its run split and its children numbered, and they are returned.
  func split(
    _ node: PendingNode, scratch: UnsafeMutablePointer<SplitKey>
  ) -> (PendingNode, PendingNode)? {
    let m = components
    let range = node.range
    firstPosition[node.index] = range.lowerBound
    let box = boxes + node.index * m * 2
    for component in 0..<m {
      box[component * 2] = .infinity
      box[component * 2 + 1] = -.infinity
    }
    for position in range {
      let row = projections + order[position] * m
      for component in 0..<m {
        let value = row[component]
        box[component * 2] = min(box[component * 2], value)
        box[component * 2 + 1] = max(box[component * 2 + 1], value)
      }
    }
    if range.count <= 8 {
      children[node.index] = (-1, -1)
      leaves[range.lowerBound / 8] = node.index
      if node.parentDirection >= 0 { sortLeaf(range, direction: node.parentDirection) }
      return nil
    }
    var widest = 0
    for component in 1..<max(m, 1)
    where box[component * 2 + 1] - box[component * 2] > box[widest * 2 + 1] - box[widest * 2] {
      widest = component
    }
    let count = range.count
    for offset in 0..<count {
      let sample = order[range.lowerBound + offset]
      scratch[offset] = SplitKey(value: projections[sample * m + widest], sample: sample)
    }
    let leftCount = BoxTree.leftCount(count)
    SplitKeys.select(scratch, count: count, rank: leftCount)
    for offset in 0..<count { order[range.lowerBound + offset] = scratch[offset].sample }
    let middle = range.lowerBound + leftCount
    let leftIndex = node.index + 1
    let rightIndex = leftIndex + BoxTree.nodeCount(leftCount)
    children[node.index] = (leftIndex, rightIndex)
    return (
      PendingNode(range: range.lowerBound..<middle, index: leftIndex, parentDirection: widest),
      PendingNode(range: middle..<range.upperBound, index: rightIndex, parentDirection: widest)
    )
  }

  /// Orders a leaf's samples by their projection on `direction`, ties by sample.
  func sortLeaf(_ range: Range<Int>, direction: Int) {
    let m = components
    for position in (range.lowerBound + 1)..<range.upperBound {
      let sample = order[position]
      let key = SplitKey(value: projections[sample * m + direction], sample: sample)
      var slot = position
      while slot > range.lowerBound {
        let before = order[slot - 1]
        if !(key < SplitKey(value: projections[before * m + direction], sample: before)) { break }
        order[slot] = before
        slot -= 1
      }
      order[slot] = sample
    }
  }
}

/// A sample's projection on the split direction, ordered by value, then by sample.
struct SplitKey: Comparable {
  var value: Double
  var sample: Int

  @inline(__always)
  static func < (left: SplitKey, right: SplitKey) -> Bool {
    left.value < right.value || (left.value == right.value && left.sample < right.sample)
  }
}

enum SplitKeys {
  /// Rearranges `keys[0..<count]` so that its first `rank` are the `rank`
  /// smallest (in no particular order), for distinct keys.
  ///
  /// Quickselect with Hoare's partition around the median of three; after
  /// more rounds than a balanced run needs, the rest is sorted instead, so
  /// the worst case stays `O(count log count)`. `rounds` overrides that
  /// allowance (tests reach the sort with it).
  static func select(
    _ keys: UnsafeMutablePointer<SplitKey>, count: Int, rank: Int, rounds allowed: Int? = nil
  ) {
    var low = 0
    var high = count
    var rounds = allowed ?? 2 * (Int.bitWidth - count.leadingZeroBitCount) + 4
    while high - low > 16 {
      guard rank > low, rank < high else { return }
      if rounds == 0 {
        var rest = UnsafeMutableBufferPointer(start: keys + low, count: high - low)
        rest.sort()
        return
      }
      rounds -= 1
      // The median of the first, middle and last key goes to the middle
      // (and the other two bracket it, so neither scan runs off the run).
      let middle = low + (high - 1 - low) / 2
      if keys[middle] < keys[low] { swap(keys, low, middle) }
      if keys[high - 1] < keys[middle] { swap(keys, middle, high - 1) }
      if keys[middle] < keys[low] { swap(keys, low, middle) }
      let pivot = keys[middle]
      var i = low - 1
      var j = high
      while true {
        repeat { i += 1 } while keys[i] < pivot
        repeat { j -= 1 } while pivot < keys[j]
        if i >= j { break }
        swap(keys, i, j)
      }
      // keys[low...j] <= pivot <= keys[(j + 1)..<high], both sides non-empty.
      if rank <= j + 1 { high = j + 1 } else { low = j + 1 }
    }
    // A short run: insertion sort.
    guard high - low > 1 else { return }
    for position in (low + 1)..<high {
      let key = keys[position]
      var slot = position
      while slot > low, key < keys[slot - 1] {
        keys[slot] = keys[slot - 1]
        slot -= 1
      }
      keys[slot] = key
    }
  }

  @inline(__always)
  private static func swap(_ keys: UnsafeMutablePointer<SplitKey>, _ a: Int, _ b: Int) {
    let kept = keys[a]
    keys[a] = keys[b]
    keys[b] = kept
  }
}
