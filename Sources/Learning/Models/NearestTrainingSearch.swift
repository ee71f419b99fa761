import Foundation

/// The exact nearest training sample of many queries, without comparing each query with
/// every training sample.
///
/// The answer is `NearestNeighborClassifier`'s: the lowest training index among those at
/// the least distance `sum_k (x_k - y_k)²` summed one feature after another. The training
/// samples are projected on a few orthonormal directions of large spread and grouped by a
/// tree of boxes (`ProjectionBasis`, `BoxTree`, as for the neighbour search). Each query
/// walks the tree, nearer boxes first, and skips a box whose gap to the query's projection
/// exceeds the best distance found so far: a projected distance never exceeds the full
/// one. Inside a box, a candidate's distance is first summed eight features at a time (the
/// same terms in another order, so within a relative 1e-14 of the sequential sum); only a
/// candidate within 1e-10 of the best so far is summed in feature order and compared by
/// (distance, index). Every bound is widened far beyond its rounding errors, so the sample
/// that wins in feature order is never skipped, and (distance, index) is a total order, so
/// the order of the visit does not matter.
struct NearestTrainingSearch: @unchecked Sendable {
  /// Directions used by the bound.
  static let preferredComponents = 12
  /// Relative margin between the two summation orders (their difference is below 1e-14).
  static let margin = 1e-10

  let training: Samples
  let basis: ProjectionBasis
  let components: Int
  /// Training projections by tree position (`components` each), and the sample at each.
  let projections: [Double]
  let order: [Int]
  let children: [(Int, Int)]
  let firstPosition: [Int]
  let boxes: [Double]
  let depth: Int
  /// An allowance far above the rounding errors of any training projection.
  let trainingSlack: Double

  init(training: Samples) {
    self.training = training
    let n = training.count
    let basis = ProjectionBasis(training, components: Self.preferredComponents)
    let m = basis.components
    self.basis = basis
    components = m
    var projected = [Double](repeating: 0, count: n * m)
    var slack = 0.0
    projected.withUnsafeMutableBufferPointer { buffer in
      let base = buffer.baseAddress.unsafelyUnwrapped
      for sample in 0..<n {
        basis.project(training.row(sample), into: base + sample * m)
        slack = max(
          slack, Self.allowance(training.row(sample), basis: basis, projected: base + sample * m))
      }
    }
    trainingSlack = slack
    var tree = BoxTree(projections: projected, count: n, components: m)
    tree.build()
    order = tree.order
    children = tree.children
    firstPosition = tree.firstPosition
    boxes = tree.boxes
    depth = tree.depth
    var byPosition = [Double](repeating: 0, count: n * m)
    for (position, sample) in tree.order.enumerated() {
      for component in 0..<m {
        byPosition[position * m + component] = projected[sample * m + component]
      }
    }
    projections = byPosition
  }

  /// `1e-9 (|x - mean|² + |projection|²)`: the errors of a projection and of the squared
  /// differences of two of them stay below 1e-13 of these lengths.
  static func allowance(
    _ row: UnsafePointer<Double>, basis: ProjectionBasis, projected: UnsafePointer<Double>
  ) -> Double {
    var centred = 0.0
    for feature in 0..<basis.dimension {
      let difference = row[feature] - basis.mean[feature]
      centred += difference * difference
    }
    var length = 0.0
    for component in 0..<basis.components { length += projected[component] * projected[component] }
    return 1e-9 * (centred + length)
  }

  /// The nearest training sample of `query` (the lowest index of equals).
  ///
  /// `scratch` holds `components` doubles; `stack` and `gaps` `2 * depth + 2` entries.
  func nearest(
    _ query: UnsafePointer<Double>, scratch: UnsafeMutablePointer<Double>,
    stack: UnsafeMutablePointer<Int>, gaps: UnsafeMutablePointer<Double>
  ) -> Int {
    let m = components
    let d = training.dimension
    let n = training.count
    basis.project(query, into: scratch)
    let slack = Self.allowance(query, basis: basis, projected: scratch) + trainingSlack
    var bestApproximate = Double.infinity
    var bestExact = Double.infinity
    var best = Int.max
    var limit = Double.infinity
    var top = 1
    stack[0] = 0
    gaps[0] = 0
    projections.withUnsafeBufferPointer { projections in
      boxes.withUnsafeBufferPointer { boxes in
        let projections = projections.baseAddress.unsafelyUnwrapped
        let boxes = boxes.baseAddress.unsafelyUnwrapped
        while top > 0 {
          top -= 1
          let node = stack[top]
          if gaps[top] > limit { continue }
          let (left, right) = children[node]
          if left >= 0 {
            let leftGap = Self.gap(scratch, boxes + left * 2 * m, components: m)
            let rightGap = Self.gap(scratch, boxes + right * 2 * m, components: m)
            let (near, nearGap, far, farGap) =
              leftGap <= rightGap
              ? (left, leftGap, right, rightGap) : (right, rightGap, left, leftGap)
            if farGap <= limit {
              stack[top] = far
              gaps[top] = farGap
              top += 1
            }
            if nearGap <= limit {
              stack[top] = near
              gaps[top] = nearGap
              top += 1
            }
            continue
          }
          let first = firstPosition[node]
          for position in first..<min(first + 8, n) {
            var projected = 0.0
            let point = projections + position * m
            for component in 0..<m {
              let difference = scratch[component] - point[component]
              projected += difference * difference
            }
            if projected > limit { continue }
            let sample = order[position]
            let approximate = squaredDistance(query, training.row(sample), d)
            if approximate > bestApproximate * (1 + Self.margin) { continue }
            bestApproximate = min(bestApproximate, approximate)
            let exact = NearestNeighborClassifier.sequentialDistance(query, training.row(sample), d)
            if exact < bestExact || (exact == bestExact && sample < best) {
              bestExact = exact
              best = sample
            }
            limit = bestApproximate * (1 + Self.margin) + slack
          }
        }
      }
    }
    return best
  }

  /// The squared gap between a point and a box (`(lowest, highest)` per direction).
  @inline(__always)
  static func gap(
    _ point: UnsafePointer<Double>, _ box: UnsafePointer<Double>, components m: Int
  ) -> Double {
    var total = 0.0
    for component in 0..<m {
      let value = point[component]
      let below = box[2 * component] - value
      let above = value - box[2 * component + 1]
      let gap = max(0, max(below, above))
      total += gap * gap
    }
    return total
  }
}
