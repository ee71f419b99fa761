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
  /// of queries searches the tree best first (`lk_knn_block`, C): the box
  /// nearest to one of its queries is opened next, so good neighbours come
  /// early, and a box is skipped when every query is farther from it than
  /// that query's current `k`-th best.
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
      let layout = NeighborTreeLayout(
        children: search.children, firstPosition: search.firstPosition, boxes: search.boxes,
        components: search.components)
      search.withTree(layout) { tree in
        let tree = SharedTree(pointer: tree)
        // Parts of 16 blocks (128 queries), taken by whichever core is free.
        let partCount = (blockCount + 15) / 16
        forEachPart(partCount) { part in
          let workspace = NeighborWorkspace(
            neighbors: k, components: search.components, nodes: search.children.count)
          var rows = 0
          for block in (part * 16)..<min(blockCount, part * 16 + 16) {
            rows += lk_knn_block(tree.pointer, workspace.scratch, block, output.base)
          }
          if let progress {
            progress(.graphRows(done: rowsDone.add(rows), total: n))
          }
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
/// bounds from below the projected distance of any query to any candidate in
/// it. The walk itself is C (`lk_knn_block` in NeighborWalk.c), over these
/// arrays (`withTree`).
struct NeighborSearch: @unchecked Sendable {
  /// Directions used by the bound (more prune better, and cost more per pair).
  static let preferredComponents = 12
  /// Subtrees of at most this many positions have their leaves visited at once: the
  /// boxes of their few nodes, widened by the noise of so few samples, prune little
  /// more than the subtree's own box (at 100,000 jittered digits, 32 took about 15%
  /// less processor time in the walk than testing every box, 64 and 128 more).
  static let directSpan = 32

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
    let (projections, centredNorms) = basis.projectAll(samples)
    var tree = BoxTree(projections: projections, count: n, components: m)
    tree.build()
    order = tree.order + Array(repeating: 0, count: tree.leaves.count * 8 - n)
    children = tree.children
    firstPosition = tree.firstPosition
    boxes = tree.boxes
    leaves = tree.leaves
    depth = tree.depth
    let positions = leaves.count * 8
    let projected = NeighborSearchSetup.projectedArrays(
      order: tree.order, positions: positions, projections: projections, components: m,
      norms: norms, centredNorms: centredNorms)
    panels = projected.panels
    projectedNorms = projected.projectedNorms
    slack = projected.slack
    (rows, positionNorms) = NeighborSearchSetup.rowsInOrder(
      samples, order: tree.order, positions: positions, norms: norms)
    largestSlack = slack.max() ?? 0
  }

  /// Calls `body` with the search's arrays, and the tree in `layout`, as the C walk
  /// reads them (`lk_knn_block`).
  func withTree<Result>(
    _ layout: NeighborTreeLayout, _ body: (UnsafePointer<lk_knn_tree>) -> Result
  ) -> Result {
    panels.withUnsafeBufferPointer { panels in
      projectedNorms.withUnsafeBufferPointer { projectedNorms in
        slack.withUnsafeBufferPointer { slack in
          order.withUnsafeBufferPointer { order in
            rows.withUnsafeBufferPointer { rows in
              positionNorms.withUnsafeBufferPointer { positionNorms in
                layout.firstChild.withUnsafeBufferPointer { firstChild in
                  layout.firstPosition.withUnsafeBufferPointer { firstPosition in
                    layout.endPosition.withUnsafeBufferPointer { endPosition in
                      layout.boxes.withUnsafeBufferPointer { boxes in
                        memberStart.withUnsafeBufferPointer { memberStart in
                          members.withUnsafeBufferPointer { members in
                            var tree = lk_knn_tree(
                              panels: panels.baseAddress,
                              projected_norms: projectedNorms.baseAddress,
                              slack: slack.baseAddress, largest_slack: largestSlack,
                              order: order.baseAddress, rows: rows.baseAddress,
                              position_norms: positionNorms.baseAddress,
                              dimension: samples.dimension, count: samples.count,
                              first_child: firstChild.baseAddress,
                              first_position: firstPosition.baseAddress,
                              end_position: endPosition.baseAddress, direct_span: Self.directSpan,
                              boxes: boxes.baseAddress,
                              components: components,
                              member_start: grouped ? memberStart.baseAddress : nil,
                              members: grouped ? members.baseAddress : nil, neighbors: neighbors)
                            return body(&tree)
                          }
                        }
                      }
                    }
                  }
                }
              }
            }
          }
        }
      }
    }
  }
}

/// The walk's read-only arrays, shared by the workers.
private struct SharedTree: @unchecked Sendable {
  let pointer: UnsafePointer<lk_knn_tree>
}
