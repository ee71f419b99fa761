import Foundation

/// Orthonormal directions of large spread, for the projected lower bound.
///
/// Found by subspace iteration on the covariance of at most 2,048 samples:
/// how well they match the true principal components only affects how much
/// the bound prunes, never the result, which only needs them orthonormal.
struct ProjectionBasis {
  let dimension: Int
  let components: Int
  /// The mean sample.
  let mean: [Double]
  /// `components` rows of `dimension` values; each of unit length or all zero.
  let directions: [Double]

  init(_ samples: Samples, components wanted: Int) {
    let n = samples.count
    let d = samples.dimension
    let m = max(1, min(wanted, d))
    dimension = d
    components = m
    let mean = Self.mean(samples)
    self.mean = mean
    // A subsample, centred.
    let step = max(1, n / 2048)
    var centred: [Double] = []
    var rows = 0
    for sample in stride(from: 0, to: n, by: step) {
      let row = samples.row(sample)
      for feature in 0..<d { centred.append(row[feature] - mean[feature]) }
      rows += 1
    }
    // The covariance C = X^T X of the subsample, one row's outer product at a
    // time (contiguous multiply-adds, which vectorise), then a fixed
    // full-rank start and V <- orthonormalise(C V), a few times.
    var covariance = [Double](repeating: 0, count: d * d)
    covariance.withUnsafeMutableBufferPointer { covariance in
      centred.withUnsafeBufferPointer { centred in
        let c = covariance.baseAddress.unsafelyUnwrapped
        for row in 0..<rows {
          let x = centred.baseAddress.unsafelyUnwrapped + row * d
          for i in 0..<d where x[i] != 0 {
            let value = x[i]
            let target = c + i * d
            for j in 0..<d { target[j] += value * x[j] }
          }
        }
      }
    }
    var basis = [Double](repeating: 0, count: m * d)
    for component in 0..<m {
      for feature in 0..<d {
        let phase = Double((component + 1) * (feature + 1))
        basis[component * d + feature] = (component == feature ? 2 : 0) + sin(phase * 0.731)
      }
    }
    Self.orthonormalise(&basis, components: m, dimension: d)
    var next = [Double](repeating: 0, count: m * d)
    for _ in 0..<8 {
      covariance.withUnsafeBufferPointer { covariance in
        basis.withUnsafeBufferPointer { basis in
          next.withUnsafeMutableBufferPointer { next in
            let c = covariance.baseAddress.unsafelyUnwrapped
            let v = basis.baseAddress.unsafelyUnwrapped
            let out = next.baseAddress.unsafelyUnwrapped
            // C is symmetric: row i of C V's component is sum_j C_ji v_j, column-wise axpys.
            for component in 0..<m {
              let target = out + component * d
              for feature in 0..<d { target[feature] = 0 }
              for j in 0..<d {
                let weight = v[component * d + j]
                let column = c + j * d
                for i in 0..<d { target[i] += weight * column[i] }
              }
            }
          }
        }
      }
      swap(&basis, &next)
      Self.orthonormalise(&basis, components: m, dimension: d)
    }
    directions = basis
  }

  /// The mean sample, each feature summed in sample order; on every core, one
  /// run of whole cache lines of features per core.
  static func mean(_ samples: Samples) -> [Double] {
    let n = samples.count
    let d = samples.dimension
    var mean = [Double](repeating: 0, count: d)
    mean.withUnsafeMutableBufferPointer { buffer in
      let sums = SharedBuffer(buffer)
      let run = n * d >= 1 << 16 ? ((d + processorCount - 1) / processorCount + 7) / 8 * 8 : d
      let parts = (d + run - 1) / max(run, 1)
      forEachPart(parts) { part in
        let features = (part * run)..<min(d, part * run + run)
        for sample in 0..<n {
          let row = samples.row(sample)
          for feature in features { sums[feature] += row[feature] }
        }
      }
    }
    for feature in 0..<d { mean[feature] /= Double(max(n, 1)) }
    return mean
  }

  /// Gram-Schmidt, twice over for accuracy; a direction that vanishes becomes zero.
  static func orthonormalise(_ basis: inout [Double], components m: Int, dimension d: Int) {
    for component in 0..<m {
      let original = (0..<d).reduce(0.0) {
        $0 + basis[component * d + $1] * basis[component * d + $1]
      }
      for _ in 0..<2 {
        for previous in 0..<component {
          var dot = 0.0
          for feature in 0..<d {
            dot += basis[component * d + feature] * basis[previous * d + feature]
          }
          for feature in 0..<d {
            basis[component * d + feature] -= dot * basis[previous * d + feature]
          }
        }
      }
      let length = (0..<d).reduce(0.0) {
        $0 + basis[component * d + $1] * basis[component * d + $1]
      }
      let keep = length > 1e-20 * original && length > 0 && length.isFinite
      let scale = keep ? 1 / length.squareRoot() : 0
      for feature in 0..<d { basis[component * d + feature] *= scale }
    }
  }

  /// The coordinates of `row` along the directions.
  func project(_ row: UnsafePointer<Double>, into output: UnsafeMutablePointer<Double>) {
    for component in 0..<components {
      var total = 0.0
      for feature in 0..<dimension {
        total += (row[feature] - mean[feature]) * directions[component * dimension + feature]
      }
      output[component] = total
    }
  }
}

extension ProjectionBasis {
  /// Every sample's coordinates (`components` per sample, as `project` writes
  /// them, bit for bit) and its squared distance to the mean (summed over
  /// features in order), on every core in parts of 4,096 samples.
  ///
  /// Up to 12 directions are summed side by side in three vectors of 4, each
  /// lane in feature order as `project` sums it; more fall back to `project`.
  func projectAll(_ samples: Samples) -> (projections: [Double], centredNorms: [Double]) {
    let n = samples.count
    let m = components
    let d = dimension
    // Directions by feature, 12 lanes each (zeros past `m`).
    var byFeature = [Double](repeating: 0, count: d * 12)
    if m <= 12 {
      for component in 0..<m {
        for feature in 0..<d {
          byFeature[feature * 12 + component] = directions[component * d + feature]
        }
      }
    }
    var centredNorms = [Double](repeating: 0, count: n)
    let projections = [Double](unsafeUninitializedCapacity: n * m) { buffer, initialized in
      let output = SharedBuffer(buffer)
      centredNorms.withUnsafeMutableBufferPointer { norms in
        let normOutput = SharedBuffer(norms)
        byFeature.withUnsafeBufferPointer { byFeature in
          mean.withUnsafeBufferPointer { mean in
            let byFeature = SharedBuffer(readOnly: byFeature)
            let mean = SharedBuffer(readOnly: mean)
            let partSize = 4_096
            forEachPart((n + partSize - 1) / partSize) { part in
              for sample in (part * partSize)..<min(n, part * partSize + partSize) {
                let row = samples.row(sample)
                let target = output.base + sample * m
                guard m <= 12 else {
                  project(row, into: target)
                  var total = 0.0
                  for feature in 0..<d {
                    let difference = row[feature] - mean[feature]
                    total += difference * difference
                  }
                  normOutput[sample] = total
                  continue
                }
                var first = SIMD4<Double>()
                var second = SIMD4<Double>()
                var third = SIMD4<Double>()
                var total = 0.0
                for feature in 0..<d {
                  let difference = row[feature] - mean[feature]
                  total += difference * difference
                  let lanes = SIMD4(repeating: difference)
                  let weights = UnsafeRawPointer(byFeature.base + feature * 12)
                  typealias Lanes = SIMD4<Double>
                  first += lanes * weights.loadUnaligned(as: Lanes.self)
                  second += lanes * weights.loadUnaligned(fromByteOffset: 32, as: Lanes.self)
                  third += lanes * weights.loadUnaligned(fromByteOffset: 64, as: Lanes.self)
                }
                for component in 0..<m {
                  let lane = component % 4
                  target[component] =
                    component < 4 ? first[lane] : component < 8 ? second[lane] : third[lane]
                }
                normOutput[sample] = total
              }
            }
          }
        }
      }
      initialized = n * m
    }
    return (projections, centredNorms)
  }
}
