import Foundation

/// Progress of a long fit, for a terminal display.
public enum FitProgress: Sendable {
  /// `done` of `total` rows of the graph have been computed.
  case graphRows(done: Int, total: Int)
  /// Iteration `iteration` found `sum |F - F_prev| = residual`.
  case iteration(Int, residual: Double)
}

/// A propagation operator: `output = G · input` for an `n x classes` matrix.
protocol LabelGraph: Sendable {
  var sampleCount: Int { get }
  func multiply(
    _ input: UnsafeBufferPointer<Double>, classes: Int,
    into output: UnsafeMutableBufferPointer<Double>)
}

/// Rows `0..<count` of a triangle split into `parts` runs of similar area.
///
/// Row `i` of the strict upper triangle holds `count - 1 - i` entries, so equal
/// row counts would leave the last worker idle; this balances the entries.
func balancedTriangleRows(count: Int, parts: Int) -> [Range<Int>] {
  guard parts > 1, count > 1 else { return [0..<count] }
  let total = Double(count) * Double(count - 1) / 2
  var ranges: [Range<Int>] = []
  var start = 0
  for part in 1...parts {
    var end = count
    if part < parts {
      // Entries before row r: r (n - 1) - r (r - 1) / 2; solve for the share.
      let target = total * Double(part) / Double(parts)
      let n = Double(count)
      let root = ((2 * n - 1) * (2 * n - 1) - 8 * target).squareRoot()
      end = min(count, max(start, Int(((2 * n - 1) - root) / 2)))
    }
    ranges.append(start..<end)
    start = end
  }
  return ranges
}

/// The dense RBF graph, stored once: the strict upper triangle, packed by rows.
///
/// The affinity `W` is symmetric, so half of it is kept: `n (n - 1) / 2`
/// doubles instead of `n²`, which is what lets 40,000 samples fit in memory.
/// The diagonal is a constant (0 for label spreading, which removes self-loops,
/// 1 for label propagation, which keeps `exp(0)`), and an optional per-row
/// divisor turns `W` into the row-normalised transition matrix of propagation.
///
/// Entries are stored multiplied by `weightScale` (2^512) and the product
/// works on the input times `inputScale` (2^256). Both are powers of two, so
/// the scaling is exact; what it buys is that the weights of far-apart samples
/// (`exp(-700)` and below) and their products are normal numbers instead of
/// subnormal ones, which cost x86 processors a microcode assist each and made
/// the product twice as slow. The result is scaled back once per entry.
struct PackedSymmetricGraph: LabelGraph {
  static let weightScale = 0x1p512
  static let inputScale = 0x1p256
  private static let outputScale = 0x1p-768

  let sampleCount: Int
  /// `weightScale` times the strict upper triangle of the graph.
  var upper: [Double]
  /// `weightScale` times the diagonal value.
  var diagonal: Double
  /// Unscaled divisor of each output row (propagation's row sums).
  var rowDivisor: [Double]?

  @inline(__always)
  static func rowOffset(_ row: Int, count: Int) -> Int {
    row * (count - 1) - row * (row - 1) / 2
  }

  /// Bytes the packed affinity of `count` samples needs.
  static func requiredBytes(count: Int) -> UInt64 {
    UInt64(count) * UInt64(max(count - 1, 0)) / 2 * UInt64(MemoryLayout<Double>.stride)
  }

  func multiply(
    _ input: UnsafeBufferPointer<Double>, classes: Int,
    into output: UnsafeMutableBufferPointer<Double>
  ) {
    let n = sampleCount
    let workers = workerCount(forWork: n * n / 2 * classes, minimumPerWorker: 200_000)
    let ranges = balancedTriangleRows(count: n, parts: workers)
    // Class-major copies make both halves of the symmetric product contiguous:
    // row i gathers a dot product with each class column and scatters an axpy.
    var columns = [Double](repeating: 0, count: n * classes)
    for sample in 0..<n {
      for label in 0..<classes {
        columns[label * n + sample] = input[sample * classes + label] * Self.inputScale
      }
    }
    // Each worker scatters into a private class-major output; they are summed after.
    var partials = [Double](repeating: 0, count: ranges.count * n * classes)
    upper.withUnsafeBufferPointer { upper in
      columns.withUnsafeBufferPointer { columns in
        partials.withUnsafeMutableBufferPointer { partials in
          let shared = SharedBuffer(partials)
          let sharedWeights = SharedBuffer(readOnly: upper)
          let sharedColumns = SharedBuffer(readOnly: columns)
          forEachWorker(ranges.count) { worker in
            let weights = sharedWeights.base
            let source = sharedColumns.base
            let target = shared.base + worker * n * classes
            var row = ranges[worker].lowerBound
            let end = ranges[worker].upperBound
            // Four rows at a time share every load of the class column and the output.
            while row + 4 <= end {
              Self.multiplyBlock(
                weights: weights, firstRow: row, count: n, classes: classes, source: source,
                target: target)
              row += 4
            }
            while row < end {
              let start = row + 1
              let length = n - start
              if length > 0 {
                let rowWeights = weights + Self.rowOffset(row, count: n)
                for label in 0..<classes {
                  let column = source + label * n
                  target[label * n + row] += dotProduct(rowWeights, column + start, length)
                  scaledAdd(
                    rowWeights, times: column[row], into: target + label * n + start, length)
                }
              }
              row += 1
            }
          }
        }
      }
    }
    for sample in 0..<n {
      let divisor = rowDivisor?[sample] ?? 1
      for label in 0..<classes {
        var total = diagonal * (input[sample * classes + label] * Self.inputScale)
        for worker in 0..<ranges.count {
          total += partials[(worker * classes + label) * n + sample]
        }
        total *= Self.outputScale
        output[sample * classes + label] = rowDivisor == nil ? total : total / divisor
      }
    }
  }
}

extension PackedSymmetricGraph {
  /// Rows `firstRow ..< firstRow + 4` of `S · F`, gathered and scattered together.
  ///
  /// `source` and `target` are class-major (`label * count + sample`); the
  /// weights of the four rows are read in lockstep from column `firstRow + 4` on,
  /// after the few entries inside the block are handled one by one.
  @inline(__always)
  static func multiplyBlock(
    weights: UnsafeMutablePointer<Double>, firstRow: Int, count n: Int, classes: Int,
    source: UnsafeMutablePointer<Double>, target: UnsafeMutablePointer<Double>
  ) {
    let r0 = firstRow
    // rowN[j] is the weight of (r0 + N, j) for j > r0 + N.
    let row0 = weights + rowOffset(r0, count: n) - r0 - 1
    let row1 = weights + rowOffset(r0 + 1, count: n) - r0 - 2
    let row2 = weights + rowOffset(r0 + 2, count: n) - r0 - 3
    let row3 = weights + rowOffset(r0 + 3, count: n) - r0 - 4
    let start = r0 + 4
    let stride = MemoryLayout<Double>.stride
    for label in 0..<classes {
      let column = source + label * n
      let output = target + label * n
      // The pairs inside the block.
      for (a, row) in [(0, row0), (1, row1), (2, row2)] {
        for b in (a + 1)..<4 {
          let weight = row[r0 + b]
          output[r0 + a] += weight * column[r0 + b]
          output[r0 + b] += weight * column[r0 + a]
        }
      }
      let f0 = SIMD2<Double>(repeating: column[r0])
      let f1 = SIMD2<Double>(repeating: column[r0 + 1])
      let f2 = SIMD2<Double>(repeating: column[r0 + 2])
      let f3 = SIMD2<Double>(repeating: column[r0 + 3])
      var a0 = SIMD2<Double>()
      var a1 = SIMD2<Double>()
      var a2 = SIMD2<Double>()
      var a3 = SIMD2<Double>()
      var j = start
      while j + 2 <= n {
        let offset = j * stride
        let w0 = UnsafeRawPointer(row0).loadUnaligned(
          fromByteOffset: offset, as: SIMD2<Double>.self)
        let w1 = UnsafeRawPointer(row1).loadUnaligned(
          fromByteOffset: offset, as: SIMD2<Double>.self)
        let w2 = UnsafeRawPointer(row2).loadUnaligned(
          fromByteOffset: offset, as: SIMD2<Double>.self)
        let w3 = UnsafeRawPointer(row3).loadUnaligned(
          fromByteOffset: offset, as: SIMD2<Double>.self)
        let values = UnsafeRawPointer(column).loadUnaligned(
          fromByteOffset: offset, as: SIMD2<Double>.self)
        a0 += w0 * values
        a1 += w1 * values
        a2 += w2 * values
        a3 += w3 * values
        let raw = UnsafeMutableRawPointer(output)
        let current = raw.loadUnaligned(fromByteOffset: offset, as: SIMD2<Double>.self)
        raw.storeBytes(
          of: current + (w0 * f0 + w1 * f1 + w2 * f2 + w3 * f3), toByteOffset: offset,
          as: SIMD2<Double>.self)
        j += 2
      }
      var s0 = a0.sum()
      var s1 = a1.sum()
      var s2 = a2.sum()
      var s3 = a3.sum()
      while j < n {
        let value = column[j]
        s0 += row0[j] * value
        s1 += row1[j] * value
        s2 += row2[j] * value
        s3 += row3[j] * value
        output[j] +=
          row0[j] * column[r0] + row1[j] * column[r0 + 1] + row2[j] * column[r0 + 2]
          + row3[j] * column[r0 + 3]
        j += 1
      }
      output[r0] += s0
      output[r0 + 1] += s1
      output[r0 + 2] += s2
      output[r0 + 3] += s3
    }
  }
}

/// `target[k] += weights[k] * factor` over `count` values, eight lanes at a time.
@inline(__always)
func scaledAdd(
  _ weights: UnsafePointer<Double>, times factor: Double, into target: UnsafeMutablePointer<Double>,
  _ count: Int
) {
  if factor == 0 { return }
  var index = 0
  let splat = SIMD8<Double>(repeating: factor)
  let rawWeights = UnsafeRawPointer(weights)
  let rawTarget = UnsafeMutableRawPointer(target)
  let stride = MemoryLayout<Double>.stride
  while index + 8 <= count {
    let offset = index * stride
    let weight = rawWeights.loadUnaligned(fromByteOffset: offset, as: SIMD8<Double>.self)
    let current = rawTarget.loadUnaligned(fromByteOffset: offset, as: SIMD8<Double>.self)
    rawTarget.storeBytes(of: current + weight * splat, toByteOffset: offset, as: SIMD8<Double>.self)
    index += 8
  }
  while index < count {
    target[index] += weights[index] * factor
    index += 1
  }
}

/// A sparse graph in compressed rows: `output[i] = sum_j weight_ij input[j]`.
struct SparseGraph: LabelGraph {
  let sampleCount: Int
  var rowStart: [Int]
  var columns: [Int]
  var weights: [Double]

  func multiply(
    _ input: UnsafeBufferPointer<Double>, classes: Int,
    into output: UnsafeMutableBufferPointer<Double>
  ) {
    for row in 0..<sampleCount {
      let target = row * classes
      for label in 0..<classes { output[target + label] = 0 }
      for entry in rowStart[row]..<rowStart[row + 1] {
        let source = columns[entry] * classes
        let weight = weights[entry]
        for label in 0..<classes { output[target + label] += weight * input[source + label] }
      }
    }
  }
}

/// The RBF affinities of all pairs, with the degrees and nearest distances found on the way.
struct RBFAffinity {
  var graph: PackedSymmetricGraph
  /// `weightScale` times `sum_{j != i} W_ij`, per sample.
  var scaledDegree: [Double]
  /// `min_{j != i} ||x_i - x_j||²` per sample (infinity for a single sample).
  var nearestSquaredDistance: [Double]

  static func compute(
    _ samples: Samples, gamma: Double, progress: (@Sendable (FitProgress) -> Void)?
  ) throws(LearningError) -> RBFAffinity {
    let n = samples.count
    let dimension = samples.dimension
    let norms = try squaredNorms(samples)
    let total = n * max(n - 1, 0) / 2
    let workers = workerCount(forWork: total * max(dimension, 1), minimumPerWorker: 1_000_000)
    let ranges = balancedTriangleRows(count: n, parts: workers)
    // Per-worker degree and nearest-distance accumulators, reduced afterwards.
    var degrees = [Double](repeating: 0, count: ranges.count * n)
    var nearest = [Double](repeating: .infinity, count: ranges.count * n)
    let rowsDone = ProgressCounter()
    // Every entry is written by exactly one worker, so the memory is left
    // uninitialised: zero-filling 1.6 GB first would cost as much as a third
    // of the kernel itself, on one core.
    let upper = [Double](unsafeUninitializedCapacity: total) { upperBuffer, initialized in
      norms.withUnsafeBufferPointer { norms in
        degrees.withUnsafeMutableBufferPointer { degreeBuffer in
          nearest.withUnsafeMutableBufferPointer { nearestBuffer in
            let upperShared = SharedBuffer(upperBuffer)
            let degreeShared = SharedBuffer(degreeBuffer)
            let nearestShared = SharedBuffer(nearestBuffer)
            let normBase = SharedBuffer(readOnly: norms)
            forEachWorker(ranges.count) { worker in
              let degree = degreeShared.base + worker * n
              let nearest = nearestShared.base + worker * n
              for row in ranges[worker] {
                let x = samples.row(row)
                let rowWeights =
                  upperShared.base + PackedSymmetricGraph.rowOffset(row, count: n) - row - 1
                var rowDegree = 0.0
                var rowNearest = Double.infinity
                for column in (row + 1)..<n {
                  let distance = expandedSquaredDistance(
                    dot: dotProduct(x, samples.row(column), dimension),
                    normA: normBase[row], normB: normBase[column])
                  let weight = scaledAffinity(distance * -gamma)
                  rowWeights[column] = weight
                  rowDegree += weight
                  degree[column] += weight
                  rowNearest = min(rowNearest, distance)
                  nearest[column] = min(nearest[column], distance)
                }
                degree[row] += rowDegree
                nearest[row] = min(nearest[row], rowNearest)
                if let progress, row % 256 == 0 {
                  progress(.graphRows(done: rowsDone.add(256), total: n))
                }
              }
            }
          }
        }
      }
      initialized = total
    }
    var degree = [Double](repeating: 0, count: n)
    var nearestSquaredDistance = [Double](repeating: .infinity, count: n)
    for worker in 0..<ranges.count {
      for index in 0..<n {
        degree[index] += degrees[worker * n + index]
        nearestSquaredDistance[index] = min(
          nearestSquaredDistance[index], nearest[worker * n + index])
      }
    }
    progress?(.graphRows(done: n, total: n))
    return RBFAffinity(
      graph: PackedSymmetricGraph(sampleCount: n, upper: upper, diagonal: 0, rowDivisor: nil),
      scaledDegree: degree, nearestSquaredDistance: nearestSquaredDistance)
  }
}

/// `weightScale * exp(exponent)`, skipping `exp` where its result is certainly 0.
///
/// Below -746 the exponential is under half the smallest subnormal and rounds to
/// zero; glibc reaches that answer through a slow special case, and a fifth of
/// the digits' pairs land there with `gamma = 0.25`.
@inline(__always)
func scaledAffinity(_ exponent: Double) -> Double {
  exponent < -746 ? 0 : exp(exponent) * PackedSymmetricGraph.weightScale
}

/// A thread-safe running count for progress reports.
final class ProgressCounter: @unchecked Sendable {
  private let lock = NSLock()
  private var value = 0

  func add(_ amount: Int) -> Int {
    lock.lock()
    defer { lock.unlock() }
    value += amount
    return value
  }
}

/// The `k` nearest samples of each sample, itself included, ties to the lower index.
struct NeighborLists {
  let sampleCount: Int
  let neighbors: Int
  /// `sampleCount * neighbors` indices, nearest first.
  var indices: [Int]

  static func compute(
    _ samples: Samples, neighbors k: Int, progress: (@Sendable (FitProgress) -> Void)?
  ) throws(LearningError) -> NeighborLists {
    let n = samples.count
    let norms = try squaredNorms(samples)
    var indices = [Int](repeating: 0, count: n * k)
    let workers = workerCount(
      forWork: n * n * max(samples.dimension, 1), minimumPerWorker: 1_000_000)
    let rowsDone = ProgressCounter()
    let blockCount = (n + 3) / 4
    indices.withUnsafeMutableBufferPointer { buffer in
      norms.withUnsafeBufferPointer { normBuffer in
        let shared = SharedBuffer(buffer)
        let sharedNorms = SharedBuffer(readOnly: normBuffer)
        forEachWorker(workers) { worker in
          var lists = TopK(lists: 4, k: k)
          var block = worker
          while block < blockCount {
            let first = block * 4
            let rows = min(4, n - first)
            lists.reset()
            scanBlock(
              samples, norms: sharedNorms.base, firstRow: first, rows: rows, into: &lists)
            for offset in 0..<rows {
              for slot in 0..<k { shared[(first + offset) * k + slot] = lists.index(offset, slot) }
            }
            if let progress, block % 64 == 0 {
              progress(.graphRows(done: rowsDone.add(256), total: n))
            }
            block += workers
          }
        }
      }
    }
    return NeighborLists(sampleCount: n, neighbors: k, indices: indices)
  }

  /// Offers every sample as a neighbour of rows `firstRow ..< firstRow + rows` (at most 4).
  ///
  /// Distances take scikit-learn's expanded form `(-2 x·y + ||x||²) + ||y||²`;
  /// the four rows share each load of the candidate, which is what makes the
  /// brute-force search fast. Candidates come in index order, so of two at the
  /// same distance the lower index stays.
  @inline(__always)
  static func scanBlock(
    _ samples: Samples, norms: UnsafeMutablePointer<Double>, firstRow: Int, rows: Int,
    into lists: inout TopK
  ) {
    let dimension = samples.dimension
    let x0 = samples.row(firstRow)
    let x1 = samples.row(firstRow + min(1, rows - 1))
    let x2 = samples.row(firstRow + min(2, rows - 1))
    let x3 = samples.row(firstRow + min(3, rows - 1))
    let stride = MemoryLayout<Double>.stride
    for candidate in 0..<samples.count {
      let y = samples.row(candidate)
      var a0 = SIMD2<Double>()
      var a1 = SIMD2<Double>()
      var a2 = SIMD2<Double>()
      var a3 = SIMD2<Double>()
      var c = 0
      while c + 2 <= dimension {
        let offset = c * stride
        let v = UnsafeRawPointer(y).loadUnaligned(fromByteOffset: offset, as: SIMD2<Double>.self)
        a0 += UnsafeRawPointer(x0).loadUnaligned(fromByteOffset: offset, as: SIMD2<Double>.self) * v
        a1 += UnsafeRawPointer(x1).loadUnaligned(fromByteOffset: offset, as: SIMD2<Double>.self) * v
        a2 += UnsafeRawPointer(x2).loadUnaligned(fromByteOffset: offset, as: SIMD2<Double>.self) * v
        a3 += UnsafeRawPointer(x3).loadUnaligned(fromByteOffset: offset, as: SIMD2<Double>.self) * v
        c += 2
      }
      var dots = (a0.sum(), a1.sum(), a2.sum(), a3.sum())
      if c < dimension {
        dots.0 += x0[c] * y[c]
        dots.1 += x1[c] * y[c]
        dots.2 += x2[c] * y[c]
        dots.3 += x3[c] * y[c]
      }
      let normY = norms[candidate]
      lists.offer(
        0, expandedSquaredDistance(dot: dots.0, normA: norms[firstRow], normB: normY), candidate)
      if rows > 1 {
        lists.offer(
          1, expandedSquaredDistance(dot: dots.1, normA: norms[firstRow + 1], normB: normY),
          candidate)
      }
      if rows > 2 {
        lists.offer(
          2, expandedSquaredDistance(dot: dots.2, normA: norms[firstRow + 2], normB: normY),
          candidate)
      }
      if rows > 3 {
        lists.offer(
          3, expandedSquaredDistance(dot: dots.3, normA: norms[firstRow + 3], normB: normY),
          candidate)
      }
    }
  }

  /// Fills `distances`/`indices` with the `k` samples nearest to `query`, nearest first.
  static func nearestNeighbors(
    of query: UnsafePointer<Double>, in samples: Samples, k: Int,
    distances: inout [Double], indices: inout [Int]
  ) {
    for slot in 0..<k {
      distances[slot] = .infinity
      indices[slot] = Int.max
    }
    var worst = Double.infinity
    for candidate in 0..<samples.count {
      let distance = squaredDistance(query, samples.row(candidate), samples.dimension)
      // Candidates arrive in index order, so an equal distance never displaces.
      if distance >= worst, indices[k - 1] != Int.max { continue }
      var slot = k - 1
      while slot > 0, distances[slot - 1] > distance {
        distances[slot] = distances[slot - 1]
        indices[slot] = indices[slot - 1]
        slot -= 1
      }
      distances[slot] = distance
      indices[slot] = candidate
      worst = distances[k - 1]
    }
  }
}

/// The `k` smallest (distance, index) pairs of several rows, kept sorted by insertion.
struct TopK {
  let k: Int
  private var distances: [Double]
  private var indices: [Int]
  private var worst: [Double]
  private var filled: [Int]

  init(lists: Int, k: Int) {
    self.k = k
    distances = [Double](repeating: .infinity, count: lists * k)
    indices = [Int](repeating: Int.max, count: lists * k)
    worst = [Double](repeating: .infinity, count: lists)
    filled = [Int](repeating: 0, count: lists)
  }

  mutating func reset() {
    for slot in distances.indices {
      distances[slot] = .infinity
      indices[slot] = Int.max
    }
    for list in worst.indices {
      worst[list] = .infinity
      filled[list] = 0
    }
  }

  func index(_ list: Int, _ slot: Int) -> Int { indices[list * k + slot] }

  /// Keeps `(distance, candidate)` if it is among the `k` nearest so far; equal distances keep the earlier.
  @inline(__always)
  mutating func offer(_ list: Int, _ distance: Double, _ candidate: Int) {
    if filled[list] == k, distance >= worst[list] { return }
    let base = list * k
    var slot = min(filled[list], k - 1)
    while slot > 0, distances[base + slot - 1] > distance {
      distances[base + slot] = distances[base + slot - 1]
      indices[base + slot] = indices[base + slot - 1]
      slot -= 1
    }
    distances[base + slot] = distance
    indices[base + slot] = candidate
    filled[list] = min(filled[list] + 1, k)
    worst[list] = distances[base + k - 1]
  }
}
