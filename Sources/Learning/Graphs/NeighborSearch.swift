import Foundation
import LearningKernels

extension NeighborLists {
  /// The `k` nearest samples of every sample, exactly, ties to the lower index.
  ///
  /// A brute-force search computes every distance; this one computes few.
  /// The samples are projected on a handful of orthonormal directions of large
  /// spread (principal components): the squared distance between two
  /// projections never exceeds the squared distance between the samples, so
  /// a pair whose projected distance is beyond the current `k`-th best cannot
  /// be a neighbour, and its full distance is never computed. A tree of boxes
  /// over the projections (see `NeighborSearch`) groups them by 8; each group
  /// of queries searches the tree depth first, nearer boxes first so that good
  /// neighbours come early, and skips every box farther than all of its
  /// queries' current `k`-th best.
  ///
  /// The answer is the same as the brute-force one: distances are the ones
  /// the brute force computes (scikit-learn's expanded form), a candidate is
  /// only skipped when its bound exceeds the `k`-th best by far more than any
  /// rounding error, and lists are ordered by (distance, index), which is a
  /// total order, so the `k` best do not depend on the order of the visit.
  static func compute(
    _ samples: Samples, neighbors k: Int, progress: (@Sendable (FitProgress) -> Void)?
  ) throws(LearningError) -> NeighborLists {
    let norms = try squaredNorms(samples)
    // Identical rows share their lists: search over one row per group (see `DuplicateRows`).
    guard let groups = DuplicateRows.find(samples) else {
      return search(samples, norms: norms, groups: nil, neighbors: k, progress: progress)
    }
    let rows = groups.rows(of: samples)
    let groupNorms = groups.representatives.map { norms[$0] }
    return rows.withUnsafeBufferPointer { values in
      search(
        Samples(values: values, count: groups.groupCount, dimension: samples.dimension),
        norms: groupNorms, groups: groups, neighbors: k, progress: progress)
    }
  }

  /// The lists of every sample, from a search over `samples` (one row per group when `groups`).
  private static func search(
    _ samples: Samples, norms: [Double], groups: DuplicateRows?, neighbors k: Int,
    progress: (@Sendable (FitProgress) -> Void)?
  ) -> NeighborLists {
    let n = groups?.members.count ?? samples.count
    let search = NeighborSearch(samples, norms: norms, neighbors: k, groups: groups)
    var indices = [Int](repeating: 0, count: n * k)
    let blockCount = search.leaves.count
    let rowsDone = ProgressCounter()
    indices.withUnsafeMutableBufferPointer { buffer in
      let output = SharedBuffer(buffer)
      // Parts of 16 blocks (128 queries), taken by whichever core is free.
      let partCount = (blockCount + 15) / 16
      forEachPart(partCount) { part in
        let workspace = NeighborWorkspace(
          neighbors: k, components: search.components, depth: search.depth)
        var rows = 0
        for block in (part * 16)..<min(blockCount, part * 16 + 16) {
          rows += search.block(block, workspace: workspace, into: output.base)
        }
        if let progress {
          progress(.graphRows(done: rowsDone.add(rows), total: n))
        }
      }
    }
    return NeighborLists(sampleCount: n, neighbors: k, indices: indices)
  }
}

/// The samples arranged for the search: projected, and ordered by a tree of boxes.
///
/// The tree splits the projections at the median of their widest direction
/// until 8 remain; its leaves, in order, are runs of 8 positions. A leaf is
/// both a block of queries and a block of candidates, and the box of a node
/// bounds from below the projected distance of any query in one box to any
/// candidate in another.
struct NeighborSearch: @unchecked Sendable {
  /// Directions used by the bound (more prune better, and cost more per pair).
  static let preferredComponents = 12

  let samples: Samples
  let norms: [Double]
  /// The samples' rows by position (tree order), so a leaf's rows are adjacent in
  /// memory, and their squared norms; padding positions hold zeros.
  let rows: [Double]
  let positionNorms: [Double]
  let neighbors: Int
  let components: Int
  /// Sample at each position; positions from `samples.count` on are padding.
  let order: [Int]
  /// Projections by position, in pairs of positions: `panels[pair][component][lane]`.
  let panels: [Double]
  /// Squared length of each projection; infinity for padding, which no bound then admits.
  let projectedNorms: [Double]
  /// Per position, an allowance far above the rounding errors of its distances.
  let slack: [Double]
  let largestSlack: Double
  /// The tree: per node, its children (`-1` for a leaf) and first position.
  let children: [(Int, Int)]
  let firstPosition: [Int]
  /// Per node, the lowest and highest projection along each direction.
  let boxes: [Double]
  /// The node of each leaf, leaf `l` holding positions `8 l ..< 8 l + 8`.
  let leaves: [Int]
  /// The number of levels of the tree.
  let depth: Int
  /// Whether each searched row stands for a group of identical samples, whose
  /// members (ascending) are `members[memberStart[row] ..< memberStart[row + 1]]`.
  let grouped: Bool
  let memberStart: [Int]
  let members: [Int]

  init(_ samples: Samples, norms: [Double], neighbors k: Int, groups: DuplicateRows? = nil) {
    let n = samples.count
    let basis = ProjectionBasis(samples, components: Self.preferredComponents)
    let m = basis.components
    self.samples = samples
    self.norms = norms
    grouped = groups != nil
    memberStart = groups?.memberStart ?? []
    members = groups?.members ?? []
    neighbors = k
    components = m
    var projections = [Double](repeating: 0, count: n * m)
    var centredNorms = [Double](repeating: 0, count: n)
    projections.withUnsafeMutableBufferPointer { buffer in
      for sample in 0..<n {
        basis.project(samples.row(sample), into: buffer.baseAddress.unsafelyUnwrapped + sample * m)
        let row = samples.row(sample)
        var total = 0.0
        for feature in 0..<samples.dimension {
          let difference = row[feature] - basis.mean[feature]
          total += difference * difference
        }
        centredNorms[sample] = total
      }
    }
    var tree = BoxTree(projections: projections, count: n, components: m)
    tree.build()
    order = tree.order + Array(repeating: 0, count: tree.leaves.count * 8 - n)
    children = tree.children
    firstPosition = tree.firstPosition
    boxes = tree.boxes
    leaves = tree.leaves
    depth = tree.depth
    let positions = leaves.count * 8
    var panels = [Double](repeating: 0, count: positions * m)
    var projectedNorms = [Double](repeating: .infinity, count: positions)
    var slack = [Double](repeating: 0, count: positions)
    for (position, sample) in tree.order.enumerated() {
      var total = 0.0
      for component in 0..<m {
        let value = projections[sample * m + component]
        panels[(position / 2) * m * 2 + component * 2 + position % 2] = value
        total += value * value
      }
      projectedNorms[position] = total
      // The errors of both distance forms and of the projection are below
      // 1e-13 of these squared lengths; 1e-9 of them leaves a wide margin.
      slack[position] = 1e-9 * (norms[sample] + centredNorms[sample] + total)
    }
    self.panels = panels
    let d = samples.dimension
    var rows = [Double](repeating: 0, count: positions * d)
    var positionNorms = [Double](repeating: 0, count: positions)
    rows.withUnsafeMutableBufferPointer { buffer in
      let base = buffer.baseAddress.unsafelyUnwrapped
      for (position, sample) in tree.order.enumerated() {
        (base + position * d).update(from: samples.row(sample), count: d)
        positionNorms[position] = norms[sample]
      }
    }
    self.rows = rows
    self.positionNorms = positionNorms
    self.projectedNorms = projectedNorms
    self.slack = slack
    largestSlack = slack.max() ?? 0
  }

  /// The least squared gap between the boxes of two nodes, over all directions.
  ///
  /// `boxes` holds `(lowest, highest)` per node and direction.
  @inline(__always)
  static func boxGap(
    _ boxes: UnsafePointer<SIMD2<Double>>, _ a: Int, _ b: Int, components m: Int
  ) -> Double {
    var total = 0.0
    let first = boxes + a * m
    let second = boxes + b * m
    for component in 0..<m {
      // (lowB - highA, lowA - highB): at most one is positive.
      let ends = second[component] - SIMD2(first[component][1], first[component][0])
      let gaps = SIMD2(ends[0], -ends[1])
      let gap = max(0, max(gaps[0], gaps[1]))
      total += gap * gap
    }
    return total
  }

  /// Finds the neighbours of the samples of leaf `leaf` (positions `8 leaf ..< 8 leaf + 8`).
  ///
  /// The tree is walked depth first, the nearer child first, and a node is
  /// skipped when its box is farther from the leaf's box than every query's
  /// current `k`-th best, or, a finer test (`lk_box_beyond`), when every query's
  /// own projection is farther from it than that query's `k`-th best: the
  /// boxes of 8 noisy samples are wide, and one query with a long list would
  /// otherwise keep the walk going for all 8. Returns how many samples' lists it wrote.
  func block(
    _ leaf: Int, workspace: NeighborWorkspace, into output: UnsafeMutablePointer<Int>
  ) -> Int {
    let n = samples.count
    let k = neighbors
    let m = components
    let first = leaf * 8
    let count = min(8, n - first)
    for query in 0..<8 { workspace.counts[query] = 0 }
    // Missing queries of the last leaf repeat its last one; their lists are dropped.
    for query in 0..<8 {
      let position = first + min(query, count - 1)
      for component in 0..<m {
        workspace.queries[component * 8 + query] =
          panels[(position / 2) * m * 2 + component * 2 + position % 2]
      }
      workspace.queryNorms[query] = projectedNorms[position]
      workspace.querySlack[query] = slack[position] + largestSlack
      workspace.querySamples[query] = order[position]
      workspace.queryPositions[query] = position
    }
    let home = leaves[leaf]
    // Depth first with an explicit stack of (node, gap); it never holds more
    // than two entries per level of the tree.
    let stack = workspace.stack
    let gaps = workspace.gaps
    var depth = 1
    stack[0] = 0
    gaps[0] = 0
    var bound = Double.infinity
    let limits = workspace.limits
    for query in 0..<8 { limits[query] = .infinity }
    boxes.withUnsafeBufferPointer { boxes in
      let boxValues = boxes.baseAddress.unsafelyUnwrapped
      // Whether every query is farther from the box of `node` than its limit.
      func beyond(_ node: Int) -> Bool {
        lk_box_beyond(boxValues + node * m * 2, workspace.queries, limits, m) != 0
      }
      let raw = UnsafeRawPointer(boxes.baseAddress.unsafelyUnwrapped)
      let boxes = raw.assumingMemoryBound(to: SIMD2<Double>.self)
      while depth > 0 {
        depth -= 1
        let node = stack[depth]
        if gaps[depth] > bound { continue }
        let (left, right) = children[node]
        if left < 0 {
          if beyond(node) { continue }
          visit(firstPosition[node], workspace: workspace)
          // Only visits change the lists, so the limits and bound are renewed here.
          for query in 0..<8 {
            limits[query] = workspace.worst(query) + workspace.querySlack[query]
          }
          bound = 0
          for query in 0..<count { bound = max(bound, limits[query]) }
          continue
        }
        let leftGap = Self.boxGap(boxes, home, left, components: m)
        let rightGap = Self.boxGap(boxes, home, right, components: m)
        // The nearer child goes on top, so it is searched first.
        let (near, nearGap, far, farGap) =
          leftGap <= rightGap
          ? (left, leftGap, right, rightGap) : (right, rightGap, left, leftGap)
        if farGap <= bound, !beyond(far) {
          stack[depth] = far
          gaps[depth] = farGap
          depth += 1
        }
        if nearGap <= bound, !beyond(near) {
          stack[depth] = near
          gaps[depth] = nearGap
          depth += 1
        }
      }
    }
    var written = 0
    for query in 0..<count {
      let row = workspace.querySamples[query]
      let targets = grouped ? memberStart[row]..<memberStart[row + 1] : row..<row + 1
      for target in targets {
        let sample = grouped ? members[target] : target
        for slot in 0..<k { output[sample * k + slot] = workspace.indices[query * k + slot] }
      }
      written += targets.count
    }
    return written
  }

  /// Offers the 8 samples of the leaf at `first` to the 8 queries, where the bound allows.
  @inline(__always)
  func visit(_ first: Int, workspace: NeighborWorkspace) {
    let limits = workspace.limits
    for query in 0..<8 { limits[query] = workspace.worst(query) + workspace.querySlack[query] }
    var close = panels.withUnsafeBufferPointer { panels in
      projectedNorms.withUnsafeBufferPointer { norms in
        lk_leaf_bounds(
          panels.baseAddress.unsafelyUnwrapped + first * components,
          norms.baseAddress.unsafelyUnwrapped + first, workspace.queries, workspace.queryNorms,
          limits, components, workspace.bounds)
      }
    }
    while close != 0 {
      let bit = close.trailingZeroBitCount
      close &= close &- 1
      let query = bit & 7
      // The list may have improved since the limits were taken.
      if workspace.bounds[bit] <= workspace.worst(query) + workspace.querySlack[query] {
        offer(query, position: first + bit >> 3, workspace: workspace)
      }
    }
  }

  /// Offers the sample at `candidatePosition` to `query`: its full distance, then its list.
  @inline(never)
  func offer(_ query: Int, position candidatePosition: Int, workspace: NeighborWorkspace) {
    // Padding positions (past the last sample) pass an infinite limit; skip them.
    guard candidatePosition < samples.count else { return }
    let position = workspace.queryPositions[query]
    let d = samples.dimension
    let candidate = order[candidatePosition]
    let dot = rows.withUnsafeBufferPointer { rows in
      let base = rows.baseAddress.unsafelyUnwrapped
      return dotProduct(base + position * d, base + candidatePosition * d, d)
    }
    let distance = expandedSquaredDistance(
      dot: dot, normA: positionNorms[position], normB: positionNorms[candidatePosition])
    if !grouped {
      workspace.offer(query, distance, candidate)
      return
    }
    // A group's members in ascending order, each at this distance: once one
    // is rejected every later one is, and more than `k` never fit.
    let start = memberStart[candidate]
    for member in start..<min(memberStart[candidate + 1], start + neighbors) {
      if !workspace.offer(query, distance, members[member]) { break }
    }
  }
}
