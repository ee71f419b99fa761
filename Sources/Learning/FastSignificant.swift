import Foundation
import LearningKernels

/// The entries of a dense RBF graph that can matter, row by row, for a shortcut product.
///
/// RBF weights span hundreds of orders of magnitude: with the digits and
/// `gamma = 0.25` a row's few nearest samples carry all of its weight, and the
/// rest are below 2^-80 of its largest. Such weights still count where every
/// weight of a row is tiny, so none can be dropped once and for all; instead
/// each product is computed over the kept entries and then checked: for row
/// `i`, the dropped entries add at most `dropped[i] * max|input|`, and where
/// that is within `2^-50` of the kept result (relative to the sum of its
/// classes) the row stands. Rows that fail are computed in full from the
/// dense graph; when too many fail, the dense product is used instead.
///
/// With non-negative inputs, which class distributions are, a row's error is
/// then below `2^-50` of its total, and it stays of that order through the
/// iterations: a neighbour passes on at most its own relative error.
final class SignificantEntries: @unchecked Sendable {
  /// Kept entries of row `i`: `columns[rowStart[i] ..< rowStart[i + 1]]`, ascending.
  let rowStart: UnsafeMutableBufferPointer<Int>
  let columns: UnsafeMutableBufferPointer<Int>
  /// The stored (scaled) weights of the kept entries.
  let weights: UnsafeMutableBufferPointer<Double>
  /// Per row, `sum over dropped j of weight_ij * inputScale_j`.
  let dropped: UnsafeMutableBufferPointer<Double>

  /// Room for the entries that `rowStart` counts, to be filled in by the
  /// caller before the object is shared; immutable after that.
  init(rowStart: [Int], dropped: [Double]) {
    self.rowStart = .allocate(capacity: rowStart.count)
    _ = self.rowStart.initialize(from: rowStart)
    self.dropped = .allocate(capacity: dropped.count)
    _ = self.dropped.initialize(from: dropped)
    let count = rowStart.last ?? 0
    columns = .allocate(capacity: count)
    columns.initialize(repeating: 0)
    weights = .allocate(capacity: count)
    weights.initialize(repeating: 0)
  }

  deinit {
    rowStart.deallocate()
    columns.deallocate()
    weights.deallocate()
    dropped.deallocate()
  }

  /// Entries whose coefficient is below this fraction of the row's reference are dropped.
  static let keepFraction = 0x1p-80
  /// The largest error left in a row, relative to its total.
  static let tolerance = 0x1p-50

  /// Extracts the significant entries, or returns nil when there are too many to be worth it.
  ///
  /// The coefficient of entry `(i, j)` is `weight_ij * inputScale_j`, what
  /// multiplies input `j` in row `i`. A row keeps the non-zero coefficients at
  /// least `keepFraction` of its `reference` (see
  /// `RBFAffinity.referenceCoefficients`): when that is the coefficient of a
  /// labeled sample, which holds mass `1 - alpha` or more, the dropped part is
  /// below `n 2^-80` of the kept one per unit of input, and the check passes.
  /// A sample of rows first estimates how many entries are kept, so that a
  /// graph with little to drop costs only that.
  static func find(in graph: PackedSymmetricGraph, reference: [Double]) -> SignificantEntries? {
    let n = graph.sampleCount
    // Below 16 samples there is nothing to gain.
    guard n >= 16 else { return nil }
    let thresholds = reference.map { $0 * keepFraction }
    // Up to an eighth of the stored triangle: on all 1,797 digits (36 kept
    // entries per row, 2% of the triangle) the shortcut halved the fit.
    let limit = n * n / 16
    // From 4,096 samples on, a sample of rows first estimates how many entries are kept;
    // below, the full scan costs little more than the estimate, and is checked after.
    if n >= 4096 {
      var sampled = 0
      var kept = 0
      graph.upper.withUnsafeBufferPointer { upper in
        graph.inputScale.withUnsafeBufferPointer { scale in
          let weights = upper.baseAddress.unsafelyUnwrapped
          let scales = scale.baseAddress.unsafelyUnwrapped
          for row in stride(from: 0, to: n, by: max(1, n / 64)) {
            let threshold = thresholds[row]
            var count = 0
            // Entry (other, row) of an earlier row, then the row's own entries.
            for other in 0..<row {
              let coefficient =
                weights[PackedSymmetricGraph.rowOffset(other, count: n) + row - other - 1]
                * scales[other]
              count += coefficient > 0 && coefficient >= threshold ? 1 : 0
            }
            let own = weights + PackedSymmetricGraph.rowOffset(row, count: n) - row - 1
            for other in (row + 1)..<max(row + 1, n) {
              let coefficient = own[other] * scales[other]
              count += coefficient > 0 && coefficient >= threshold ? 1 : 0
            }
            kept += count
            sampled += 1
          }
        }
      }
      guard kept * n / sampled <= limit else { return nil }
    }
    let slices = graph.slices
    let inputScale = graph.inputScale
    let results = (0..<slices.parts.count).map { _ in PartEntries() }
    graph.upper.withUnsafeBufferPointer { upper in
      let weights = SharedBuffer(readOnly: upper)
      forEachPart(slices.parts.count) { part in
        let rows = slices.parts[part]
        // Local buffers while scanning: no access to shared state in the loop.
        let rowColumns = GrowableBuffer<Int>()
        let rowWeights = GrowableBuffer<Double>()
        let mirrorRows = GrowableBuffer<Int>()
        let mirrorColumns = GrowableBuffer<Int>()
        let mirrorWeights = GrowableBuffer<Double>()
        var rowCounts: [Int] = []
        var rowDropped: [Double] = []
        rowCounts.reserveCapacity(rows.count)
        rowDropped.reserveCapacity(rows.count)
        var mirrorDropped = [Double](repeating: 0, count: n - rows.lowerBound)
        thresholds.withUnsafeBufferPointer { thresholds in
          inputScale.withUnsafeBufferPointer { inputScale in
            mirrorDropped.withUnsafeMutableBufferPointer { mirrorDropped in
              let mirror = mirrorDropped.baseAddress.unsafelyUnwrapped - rows.lowerBound
              for row in rows {
                let packed = weights.base + PackedSymmetricGraph.rowOffset(row, count: n) - row - 1
                // A row keeps at most one entry per column after it, on each side.
                let most = n - row - 1
                rowColumns.reserve(most)
                rowWeights.reserve(most)
                mirrorRows.reserve(most)
                mirrorColumns.reserve(most)
                mirrorWeights.reserve(most)
                var dropped = 0.0
                var mirrored = 0
                let count = lk_scan_row(
                  packed, inputScale.baseAddress, thresholds.baseAddress, row, n,
                  rowColumns.end, rowWeights.end, mirrorRows.end, mirrorColumns.end,
                  mirrorWeights.end, &mirrored, mirror, &dropped)
                rowColumns.count += count
                rowWeights.count += count
                mirrorRows.count += mirrored
                mirrorColumns.count += mirrored
                mirrorWeights.count += mirrored
                rowCounts.append(count)
                rowDropped.append(dropped)
              }
            }
          }
        }
        let result = results[part]
        result.rowCounts = rowCounts
        result.rowColumns = rowColumns.array
        result.rowWeights = rowWeights.array
        result.rowDropped = rowDropped
        result.mirrorRows = mirrorRows.array
        result.mirrorColumns = mirrorColumns.array
        result.mirrorWeights = mirrorWeights.array
        result.mirrorDropped = mirrorDropped
      }
    }
    // Row i: mirror entries (columns before i, found by earlier parts and rows,
    // so already ascending by column), then its own entries.
    var counts = [Int](repeating: 0, count: n)
    var dropped = [Double](repeating: 0, count: n)
    for (part, rows) in slices.parts.enumerated() {
      let result = results[part]
      for row in result.mirrorRows { counts[row] += 1 }
      for (offset, row) in rows.enumerated() {
        counts[row] += result.rowCounts[offset]
        dropped[row] += result.rowDropped[offset]
      }
      for (offset, value) in result.mirrorDropped.enumerated() {
        dropped[rows.lowerBound + offset] += value
      }
    }
    var rowStart = [Int](repeating: 0, count: n + 1)
    for row in 0..<n { rowStart[row + 1] = rowStart[row] + counts[row] }
    // The estimate above counts both directions too.
    guard rowStart[n] <= limit else { return nil }
    let entries = SignificantEntries(rowStart: rowStart, dropped: dropped)
    let columns = entries.columns
    let weights = entries.weights
    var next = Array(rowStart.dropLast())
    for result in results {
      for (index, row) in result.mirrorRows.enumerated() {
        columns[next[row]] = result.mirrorColumns[index]
        weights[next[row]] = result.mirrorWeights[index]
        next[row] += 1
      }
    }
    for (part, rows) in slices.parts.enumerated() {
      let result = results[part]
      var entry = 0
      for (offset, row) in rows.enumerated() {
        for _ in 0..<result.rowCounts[offset] {
          columns[next[row]] = result.rowColumns[entry]
          weights[next[row]] = result.rowWeights[entry]
          next[row] += 1
          entry += 1
        }
      }
    }
    return entries
  }
}

/// Memory that `lk_scan_row` appends to: room is made before each call.
private final class GrowableBuffer<Element> {
  private(set) var base: UnsafeMutablePointer<Element>
  private var capacity: Int
  var count = 0

  init() {
    capacity = 1024
    base = .allocate(capacity: capacity)
  }

  deinit {
    base.deinitialize(count: count)
    base.deallocate()
  }

  /// Where the next element goes.
  var end: UnsafeMutablePointer<Element> { base + count }

  /// Makes room for `extra` more elements.
  func reserve(_ extra: Int) {
    guard count + extra > capacity else { return }
    let grown = max(capacity * 2, count + extra)
    let moved = UnsafeMutablePointer<Element>.allocate(capacity: grown)
    moved.moveInitialize(from: base, count: count)
    base.deallocate()
    base = moved
    capacity = grown
  }

  var array: [Element] { Array(UnsafeBufferPointer(start: base, count: count)) }
}

/// What one part of the triangle found for `SignificantEntries.find`.
///
/// Its rows' own kept entries (columns after the row) and dropped sums, and
/// the same for the mirror entries, which belong to later rows. Written once,
/// by the part, when it is done.
private final class PartEntries: @unchecked Sendable {
  var rowCounts: [Int] = []
  var rowColumns: [Int] = []
  var rowWeights: [Double] = []
  var rowDropped: [Double] = []
  var mirrorRows: [Int] = []
  var mirrorColumns: [Int] = []
  var mirrorWeights: [Double] = []
  /// Indexed by sample minus the part's first row.
  var mirrorDropped: [Double] = []
}

extension PackedSymmetricGraph {
  /// Position in `upper` of the entry `(row, column)`, `row != column`.
  @inline(__always)
  func index(_ row: Int, _ column: Int) -> Int {
    let low = min(row, column)
    let high = max(row, column)
    return Self.rowOffset(low, count: sampleCount) + high - low - 1
  }

  /// `output = G · input` over the significant entries, checked row by row.
  ///
  /// Returns false, leaving `output` unspecified, when more rows fail the
  /// check than are worth computing one by one; the caller then uses the
  /// dense product.
  func multiplySignificant(
    _ entries: SignificantEntries, input: UnsafeBufferPointer<Double>, classes: Int,
    into output: UnsafeMutableBufferPointer<Double>, workspace: inout [Double]
  ) -> Bool {
    let n = sampleCount
    var largest = 0.0
    for value in input {
      // The bound needs non-negative inputs; anything else takes the dense path.
      if !(value >= 0) { return false }
      largest = max(largest, value)
    }
    let largestInput = largest
    // The scaled input in rows padded with zeros to a multiple of 4 classes.
    let width = (classes + 3) / 4 * 4
    if workspace.count < n * width + n {
      workspace = [Double](repeating: 0, count: n * width + n)
    }
    let maximumFailures = max(8, n / 512)
    return workspace.withUnsafeMutableBufferPointer { space in
      let scaled = space.baseAddress.unsafelyUnwrapped
      let failed = scaled + n * width
      for sample in 0..<n {
        let scale = inputScale[sample]
        for label in 0..<classes {
          scaled[sample * width + label] = input[sample * classes + label] * scale
        }
        for label in classes..<width { scaled[sample * width + label] = 0 }
      }
      let shared = SharedBuffer(start: scaled, count: n * width)
      let flags = SharedBuffer(start: failed, count: n)
      let target = SharedBuffer(output)
      // Parts of rows for the cores, only as many as the work is worth.
      let chunks = max(1, min(64, entries.columns.count * classes / 100_000))
      let tolerance = SignificantEntries.tolerance
      outputScale.withUnsafeBufferPointer { outputScale in
        let outputScale = SharedBuffer(readOnly: outputScale)
        let diagonal = self.diagonal
        forEachPart(chunks) { chunk in
          _ = lk_sparse_rows(
            chunk * n / chunks, (chunk + 1) * n / chunks, entries.rowStart.baseAddress,
            entries.columns.baseAddress, entries.weights.baseAddress, shared.base, width,
            classes, diagonal, entries.dropped.baseAddress, largestInput, tolerance,
            outputScale.base, target.base, flags.base)
        }
      }
      var failures: [Int] = []
      for row in 0..<n where failed[row] != 0 {
        failures.append(row)
        if failures.count > maximumFailures { return false }
      }
      upper.withUnsafeBufferPointer { upper in
        for row in failures {
          let result = output.baseAddress.unsafelyUnwrapped + row * classes
          let own = scaled + row * width
          for label in 0..<classes { result[label] = diagonal * own[label] }
          for other in 0..<n where other != row {
            let weight = upper[index(row, other)]
            let source = scaled + other * width
            for label in 0..<classes { result[label] += weight * source[label] }
          }
          let scale = outputScale[row]
          for label in 0..<classes { result[label] *= scale }
        }
      }
      return true
    }
  }
}
