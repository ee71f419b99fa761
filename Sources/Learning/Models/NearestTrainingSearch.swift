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
///
/// The walk's arithmetic is laid out for vectors: a leaf's 8 candidates' projections are
/// stored direction by direction, so their 8 projected distances are summed side by side
/// (each in direction order, as before), and the boxes' bounds are stored in runs of 4
/// directions (padded with zeros where the query's projection is zero too), so a box's
/// gap is summed in 4 running sums; the gaps only decide what is skipped, and their
/// rounding stays far inside the allowance.
struct NearestTrainingSearch: @unchecked Sendable {
  /// Directions used by the bound.
  static let preferredComponents = 12
  /// Relative margin between the two summation orders (their difference is below 1e-14).
  static let margin = 1e-10

  let training: Samples
  let basis: ProjectionBasis
  let components: Int
  /// `components` rounded up to a multiple of 4: the length of a query's padded projection.
  let width: Int
  /// Per run of 8 tree positions, `components` rows of 8 projections (direction-major);
  /// positions past the last sample hold zeros and are never read as candidates.
  let panels: [Double]
  /// The sample at each tree position.
  let order: [Int]
  let children: [(Int, Int)]
  let firstPosition: [Int]
  /// Each node's box, lowest and highest projections, `width` each (zeros past `components`).
  let lows: [Double]
  let highs: [Double]
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
    let width = (m + 3) / 4 * 4
    self.width = width
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
    depth = tree.depth
    var panels = [Double](repeating: 0, count: (n + 7) / 8 * 8 * m)
    for (position, sample) in tree.order.enumerated() {
      for component in 0..<m {
        panels[(position / 8) * 8 * m + component * 8 + position % 8] =
          projected[sample * m + component]
      }
    }
    self.panels = panels
    let nodes = tree.children.count
    var lows = [Double](repeating: 0, count: nodes * width)
    var highs = [Double](repeating: 0, count: nodes * width)
    for node in 0..<nodes {
      for component in 0..<m {
        lows[node * width + component] = tree.boxes[(node * m + component) * 2]
        highs[node * width + component] = tree.boxes[(node * m + component) * 2 + 1]
      }
    }
    self.lows = lows
    self.highs = highs
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
  /// `scratch` holds `width` doubles; `stack` and `gaps` `2 * depth + 2` entries.
  func nearest(
    _ query: UnsafePointer<Double>, scratch: UnsafeMutablePointer<Double>,
    stack: UnsafeMutablePointer<Int>, gaps: UnsafeMutablePointer<Double>
  ) -> Int {
    let m = components
    let d = training.dimension
    let n = training.count
    let centred = Self.project(query, basis: basis, into: scratch)
    for component in m..<width { scratch[component] = 0 }
    var length = 0.0
    for component in 0..<m { length += scratch[component] * scratch[component] }
    let slack = 1e-9 * (centred + length) + trainingSlack
    var bestApproximate = Double.infinity
    var bestExact = Double.infinity
    var best = Int.max
    var limit = Double.infinity
    var top = 1
    stack[0] = 0
    gaps[0] = 0
    let chunks = width / 4
    panels.withUnsafeBufferPointer { panels in
      lows.withUnsafeBufferPointer { lows in
        highs.withUnsafeBufferPointer { highs in
          children.withUnsafeBufferPointer { children in
            firstPosition.withUnsafeBufferPointer { firstPosition in
              order.withUnsafeBufferPointer { order in
                let panels = panels.baseAddress.unsafelyUnwrapped
                let lows = lows.baseAddress.unsafelyUnwrapped
                let highs = highs.baseAddress.unsafelyUnwrapped
                while top > 0 {
                  top -= 1
                  let node = stack[top]
                  if gaps[top] > limit { continue }
                  let (left, right) = children[node]
                  if left >= 0 {
                    let (leftGap, rightGap) = Self.gaps(
                      scratch, lows + left * width, highs + left * width, lows + right * width,
                      highs + right * width, chunks: chunks)
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
                  let projected = Self.projectedDistances(
                    scratch, panels + (first / 8) * 8 * m, components: m)
                  for lane in 0..<min(8, n - first) {
                    if projected[lane] > limit { continue }
                    let sample = order[first + lane]
                    let approximate = squaredDistance(query, training.row(sample), d)
                    if approximate > bestApproximate * (1 + Self.margin) { continue }
                    bestApproximate = min(bestApproximate, approximate)
                    let exact = NearestNeighborClassifier.sequentialDistance(
                      query, training.row(sample), d)
                    if exact < bestExact || (exact == bestExact && sample < best) {
                      bestExact = exact
                      best = sample
                    }
                    limit = bestApproximate * (1 + Self.margin) + slack
                  }
                }
              }
            }
          }
        }
      }
    }
    return best
  }

  /// `basis.project(row, into: output)`, the same bits (each coordinate summed in feature
  /// order), four coordinates side by side; returns `|row - mean|²` (summed in four
  /// running sums: it only sizes the allowance).
  @inline(__always)
  static func project(
    _ row: UnsafePointer<Double>, basis: ProjectionBasis, into output: UnsafeMutablePointer<Double>
  ) -> Double {
    let d = basis.dimension
    let m = basis.components
    return basis.mean.withUnsafeBufferPointer { mean in
      basis.directions.withUnsafeBufferPointer { directions in
        let mean = mean.baseAddress.unsafelyUnwrapped
        let directions = directions.baseAddress.unsafelyUnwrapped
        var component = 0
        while component + 4 <= m {
          let first = directions + component * d
          var sums = (0.0, 0.0, 0.0, 0.0)
          for feature in 0..<d {
            let centred = row[feature] - mean[feature]
            sums.0 += centred * first[feature]
            sums.1 += centred * first[d + feature]
            sums.2 += centred * first[2 * d + feature]
            sums.3 += centred * first[3 * d + feature]
          }
          output[component] = sums.0
          output[component + 1] = sums.1
          output[component + 2] = sums.2
          output[component + 3] = sums.3
          component += 4
        }
        while component < m {
          var total = 0.0
          for feature in 0..<d {
            total += (row[feature] - mean[feature]) * directions[component * d + feature]
          }
          output[component] = total
          component += 1
        }
        var centred = (0.0, 0.0, 0.0, 0.0)
        var feature = 0
        while feature + 4 <= d {
          let a = row[feature] - mean[feature]
          let b = row[feature + 1] - mean[feature + 1]
          let c = row[feature + 2] - mean[feature + 2]
          let e = row[feature + 3] - mean[feature + 3]
          centred.0 += a * a
          centred.1 += b * b
          centred.2 += c * c
          centred.3 += e * e
          feature += 4
        }
        while feature < d {
          let a = row[feature] - mean[feature]
          centred.0 += a * a
          feature += 1
        }
        return (centred.0 + centred.1) + (centred.2 + centred.3)
      }
    }
  }

  /// The squared projected distances of `point` to a leaf's 8 candidates, each summed in
  /// direction order.
  @inline(__always)
  static func projectedDistances(
    _ point: UnsafePointer<Double>, _ panel: UnsafePointer<Double>, components m: Int
  ) -> SIMD8<Double> {
    let raw = UnsafeRawPointer(panel)
    var total = SIMD8<Double>()
    for component in 0..<m {
      let values = raw.loadUnaligned(
        fromByteOffset: component * 8 * MemoryLayout<Double>.stride, as: SIMD8<Double>.self)
      let difference = SIMD8<Double>(repeating: point[component]) - values
      total += difference * difference
    }
    return total
  }

  /// The squared gaps between a point and two boxes, in 4 running sums each (directions
  /// `c`, `c + 4`, `c + 8` in sum `c`), added at the end.
  @inline(__always)
  static func gaps(
    _ point: UnsafePointer<Double>, _ leftLows: UnsafePointer<Double>,
    _ leftHighs: UnsafePointer<Double>, _ rightLows: UnsafePointer<Double>,
    _ rightHighs: UnsafePointer<Double>, chunks: Int
  ) -> (Double, Double) {
    var left = (0.0, 0.0, 0.0, 0.0)
    var right = (0.0, 0.0, 0.0, 0.0)
    @inline(__always)
    func gap(_ value: Double, _ low: Double, _ high: Double) -> Double {
      let below = low - value
      let above = value - high
      let gap = below > above ? below : above
      return gap > 0 ? gap * gap : 0
    }
    for chunk in 0..<chunks {
      let c = chunk * 4
      left.0 += gap(point[c], leftLows[c], leftHighs[c])
      left.1 += gap(point[c + 1], leftLows[c + 1], leftHighs[c + 1])
      left.2 += gap(point[c + 2], leftLows[c + 2], leftHighs[c + 2])
      left.3 += gap(point[c + 3], leftLows[c + 3], leftHighs[c + 3])
      right.0 += gap(point[c], rightLows[c], rightHighs[c])
      right.1 += gap(point[c + 1], rightLows[c + 1], rightHighs[c + 1])
      right.2 += gap(point[c + 2], rightLows[c + 2], rightHighs[c + 2])
      right.3 += gap(point[c + 3], rightLows[c + 3], rightHighs[c + 3])
    }
    return ((left.0 + left.1) + (left.2 + left.3), (right.0 + right.1) + (right.2 + right.3))
  }
}
