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
  /// `workspace` is scratch memory the caller keeps between products, so that
  /// the graph can reuse it instead of allocating it each time.
  func multiply(
    _ input: UnsafeBufferPointer<Double>, classes: Int,
    into output: UnsafeMutableBufferPointer<Double>, workspace: inout [Double])
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

/// The dense RBF graph, stored once: the strict upper triangle of `W`, packed by rows.
///
/// The affinity `W` is symmetric, so half of it is kept: `n (n - 1) / 2`
/// doubles instead of `n²`, which is what lets 40,000 samples fit in memory.
/// The normalisation of either model is a per-row factor on each side,
/// `G = diag(outputScale) (W + diagonal I) diag(inputScale)`, applied to the
/// small input and output matrices, so the big array is written once, by the
/// kernel, and only read after that:
/// - label spreading: `S = D^-1/2 W D^-1/2` with a zero diagonal;
/// - label propagation: `D^-1 (W + I)` with `D` the row sums of `W + I`.
///
/// Entries are stored multiplied by `weightScale` (2^512), inputs by about
/// 2^256 or more, and the output factors take both back out. Powers of two
/// scale exactly; what they buy is that the weights of far-apart samples
/// (`exp(-700)` and below) and their products are normal numbers instead of
/// subnormal ones, which cost many processors a slow path each.
struct PackedSymmetricGraph: LabelGraph {
  static let weightScale = 0x1p512

  let sampleCount: Int
  /// `weightScale` times the strict upper triangle of `W`.
  var upper: [Double]
  /// `weightScale` times the diagonal value of `W` (0 without self-loops).
  var diagonal: Double = 0
  /// Factor of each input row; the default with `outputScale` makes `G = W`.
  var inputScale: [Double]
  /// Factor of each output row.
  var outputScale: [Double]
  /// The rows each part of the product covers (see `triangleParts`).
  let slices: PartSlices
  /// The entries that can matter, for a checked shortcut product, when few enough.
  var significant: SignificantEntries?

  init(sampleCount: Int, upper: [Double]) {
    self.sampleCount = sampleCount
    self.upper = upper
    inputScale = [Double](repeating: 0x1p256, count: sampleCount)
    outputScale = [Double](repeating: 0x1p-768, count: sampleCount)
    slices = PartSlices(parts: triangleParts(count: sampleCount), count: sampleCount)
  }

  @inline(__always)
  static func rowOffset(_ row: Int, count: Int) -> Int {
    row * (count - 1) - row * (row - 1) / 2
  }

  /// Bytes the packed affinity of `count` samples needs.
  static func requiredBytes(count: Int) -> UInt64 {
    UInt64(count) * UInt64(max(count - 1, 0)) / 2 * UInt64(MemoryLayout<Double>.stride)
  }

  /// Makes the graph `S = D^-1/2 W D^-1/2` of label spreading (no self-loops).
  ///
  /// `scaledDegree` is `d' = 2^512 d`, the row sums of the stored weights; an
  /// isolated sample (degree 0) is given degree 1, `d' = 2^512`. With
  /// `inputScale_j = 2^512 / sqrt(d'_j)` and `outputScale_i = 2^-512 / sqrt(d'_i)`
  /// an entry becomes `2^512 W_ij 2^512 / sqrt(d'_i d'_j) 2^-512`, that is
  /// `W_ij / sqrt(d_i d_j)`.
  mutating func normalizeSymmetrically(scaledDegree: [Double]) {
    diagonal = 0
    let root = Self.weightScale.squareRoot()
    for sample in 0..<sampleCount {
      let degree = scaledDegree[sample]
      let squareRoot = degree == 0 ? root : degree.squareRoot()
      inputScale[sample] = Self.weightScale / squareRoot
      outputScale[sample] = 0x1p-512 / squareRoot
    }
  }

  /// Makes the row-normalised graph `D^-1 (W + I)` of label propagation.
  ///
  /// The diagonal is `exp(0) = 1`, so each row sum is `1 + d`.
  mutating func normalizeRows(scaledDegree: [Double]) {
    diagonal = Self.weightScale
    for sample in 0..<sampleCount {
      inputScale[sample] = 0x1p256
      outputScale[sample] = 0x1p-768 / (1 + scaledDegree[sample] / Self.weightScale)
    }
  }
}

/// A sparse graph in compressed rows: `output[i] = sum_j weight_ij input[j]`.
struct SparseGraph: LabelGraph {
  let sampleCount: Int
  var rowStart: [Int]
  var columns: [Int]
  var weights: [Double]

  /// Rows per part of the product, taken by whichever core is free.
  static let rowsPerPart = 16_384

  func multiply(
    _ input: UnsafeBufferPointer<Double>, classes: Int,
    into output: UnsafeMutableBufferPointer<Double>, workspace: inout [Double]
  ) {
    // Rows are independent and each is summed in entry order, so the parts
    // (on both cores from 16,384 rows) give the same bits as one pass.
    guard classes > 16 || classes < 1 else {
      multiplyInRegisters(input, classes: classes, into: output, workspace: &workspace)
      return
    }
    let rowsPerPart = Self.rowsPerPart
    let parts = (sampleCount + rowsPerPart - 1) / rowsPerPart
    let input = SharedBuffer(readOnly: input)
    let output = SharedBuffer(output)
    rowStart.withUnsafeBufferPointer { rowStart in
      columns.withUnsafeBufferPointer { columns in
        weights.withUnsafeBufferPointer { weights in
          let rowStart = SharedBuffer(readOnly: rowStart)
          let columns = SharedBuffer(readOnly: columns)
          let weights = SharedBuffer(readOnly: weights)
          let rowCount = sampleCount
          forEachPart(parts) { part in
            for row in (part * rowsPerPart)..<min(rowCount, (part + 1) * rowsPerPart) {
              let target = row * classes
              for label in 0..<classes { output[target + label] = 0 }
              for entry in rowStart[row]..<rowStart[row + 1] {
                let source = columns[entry] * classes
                let weight = weights[entry]
                for label in 0..<classes {
                  output[target + label] += weight * input[source + label]
                }
              }
            }
          }
        }
      }
    }
  }

  /// The product for up to 16 classes, each row's sums held in registers.
  ///
  /// The input rows are first copied into `workspace`, padded to 8 or 16
  /// values, so that each entry reads its row as whole vectors; a row's
  /// lanes then start at zero and add `weight * input` entry by entry, as the
  /// loop above adds them into the output (the padding lanes are dropped).
  /// Keeping the sums out of memory lets the processor fetch many entries'
  /// input rows at once, which is what the product waits for.
  private func multiplyInRegisters(
    _ input: UnsafeBufferPointer<Double>, classes: Int,
    into output: UnsafeMutableBufferPointer<Double>, workspace: inout [Double]
  ) {
    let n = sampleCount
    let width = classes <= 8 ? 8 : 16
    if workspace.count < n * width {
      workspace = [Double](repeating: 0, count: n * width)
    }
    let rowsPerPart = Self.rowsPerPart
    let parts = (n + rowsPerPart - 1) / rowsPerPart
    let input = SharedBuffer(readOnly: input)
    let output = SharedBuffer(output)
    workspace.withUnsafeMutableBufferPointer { padded in
      let padded = SharedBuffer(padded)
      forEachPart(parts) { part in
        for row in (part * rowsPerPart)..<min(n, (part + 1) * rowsPerPart) {
          let source = input.base + row * classes
          let target = padded.base + row * width
          for label in 0..<width { target[label] = label < classes ? source[label] : 0 }
        }
      }
      rowStart.withUnsafeBufferPointer { rowStart in
        columns.withUnsafeBufferPointer { columns in
          weights.withUnsafeBufferPointer { weights in
            let rowStart = SharedBuffer(readOnly: rowStart)
            let columns = SharedBuffer(readOnly: columns)
            let weights = SharedBuffer(readOnly: weights)
            let stride = width * MemoryLayout<Double>.stride
            forEachPart(parts) { part in
              let values = UnsafeRawPointer(padded.base)
              for row in (part * rowsPerPart)..<min(n, (part + 1) * rowsPerPart) {
                let target = output.base + row * classes
                var low = SIMD8<Double>()
                if width == 8 {
                  for entry in rowStart[row]..<rowStart[row + 1] {
                    let source = values + columns[entry] * stride
                    low += weights[entry] * source.loadUnaligned(as: SIMD8<Double>.self)
                  }
                  for label in 0..<classes { target[label] = low[label] }
                  continue
                }
                var high = SIMD8<Double>()
                for entry in rowStart[row]..<rowStart[row + 1] {
                  let source = values + columns[entry] * stride
                  let weight = weights[entry]
                  low += weight * source.loadUnaligned(as: SIMD8<Double>.self)
                  high += weight * source.loadUnaligned(fromByteOffset: 64, as: SIMD8<Double>.self)
                }
                for label in 0..<8 { target[label] = low[label] }
                for label in 8..<classes { target[label] = high[label - 8] }
              }
            }
          }
        }
      }
    }
  }
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
