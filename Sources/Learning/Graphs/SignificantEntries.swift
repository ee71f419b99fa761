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
    // Plain values: left unwritten until the caller fills them in.
    let count = rowStart.last ?? 0
    columns = .allocate(capacity: count)
    weights = .allocate(capacity: count)
    mallocated = false
  }

  /// Whether `columns` and `weights` came from `malloc` (the streamed graph's).
  private let mallocated: Bool

  /// The entries of the streamed graph, whose `count` columns and weights were
  /// allocated with `malloc`; this object frees them.
  init(
    rowStart: [Int], dropped: [Double], mallocColumns columns: UnsafeMutablePointer<Int>,
    weights: UnsafeMutablePointer<Double>, count: Int
  ) {
    self.rowStart = .allocate(capacity: rowStart.count)
    _ = self.rowStart.initialize(from: rowStart)
    self.dropped = .allocate(capacity: dropped.count)
    _ = self.dropped.initialize(from: dropped)
    self.columns = UnsafeMutableBufferPointer(start: columns, count: count)
    self.weights = UnsafeMutableBufferPointer(start: weights, count: count)
    mallocated = true
  }

  deinit {
    rowStart.deallocate()
    dropped.deallocate()
    if mallocated {
      free(columns.baseAddress)
      free(weights.baseAddress)
    } else {
      columns.deallocate()
      weights.deallocate()
    }
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
  ///
  /// `entriesPerRow` sizes the scan's first buffers (they grow when short).
  static func find(
    in graph: PackedSymmetricGraph, reference: [Double], entriesPerRow: Int = 16
  ) -> SignificantEntries? {
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
    let parts = (0..<slices.parts.count).map { part in
      PartEntries(rows: slices.parts[part], count: n, entriesPerRow: entriesPerRow)
    }
    graph.upper.withUnsafeBufferPointer { upper in
      graph.inputScale.withUnsafeBufferPointer { inputScale in
        thresholds.withUnsafeBufferPointer { thresholds in
          let upper = SharedBuffer(readOnly: upper)
          let inputScale = SharedBuffer(readOnly: inputScale)
          let thresholds = SharedBuffer(readOnly: thresholds)
          forEachPart(parts.count) { part in
            parts[part].scan(
              upper: upper.base, scales: inputScale.base, thresholds: thresholds.base)
          }
        }
      }
    }
    // Row i: mirror entries (columns before i, found by earlier parts and rows,
    // so already ascending by column), then its own entries.
    var rowStart = [Int](repeating: 0, count: n + 1)
    var dropped = [Double](repeating: 0, count: n)
    rowStart.withUnsafeMutableBufferPointer { rowStart in
      dropped.withUnsafeMutableBufferPointer { dropped in
        let mirrorCount = Scratch<Int>(count: n, repeating: 0)
        for part in parts {
          let first = part.rows.lowerBound
          let ownCounts = part.ownCounts.base - first
          let ownDropped = part.ownDropped.base - first
          let mirrorCounts = part.mirrorCounts.base - first
          let mirrorDropped = part.mirrorDropped.base - first
          for row in part.rows {
            rowStart[row + 1] = ownCounts[row]
            dropped[row] += ownDropped[row]
          }
          for sample in first..<n {
            mirrorCount.buffer[sample] += mirrorCounts[sample]
            dropped[sample] += mirrorDropped[sample]
          }
        }
        for row in 0..<n { rowStart[row + 1] += rowStart[row] + mirrorCount.buffer[row] }
      }
    }
    // The estimate above counts both directions too.
    guard rowStart[n] <= limit else { return nil }
    let entries = SignificantEntries(rowStart: rowStart, dropped: dropped)
    let columns = entries.columns.baseAddress.unsafelyUnwrapped
    let weights = entries.weights.baseAddress.unsafelyUnwrapped
    // Mirror entries go to the front of their rows, in the order found.
    let nextEntry = Scratch<Int>(copying: rowStart)
    let next = nextEntry.base
    for part in parts {
      let rows = part.mirrorRows.base
      let sources = part.mirrorColumns.base
      let values = part.mirrorWeights.base
      for index in 0..<part.mirrorRows.count {
        let row = rows[index]
        columns[next[row]] = sources[index]
        weights[next[row]] = values[index]
        next[row] += 1
      }
    }
    // Own entries, a run per row, after them.
    for part in parts {
      let counts = part.ownCounts.base - part.rows.lowerBound
      let sources = part.ownColumns.base
      let values = part.ownWeights.base
      var entry = 0
      for row in part.rows {
        var target = next[row]
        for _ in 0..<counts[row] {
          columns[target] = sources[entry]
          weights[target] = values[entry]
          target += 1
          entry += 1
        }
      }
    }
    return entries
  }
}

/// Memory that `lk_scan_rows` appends to, grown between calls (plain values only).
private final class GrowableBuffer<Element: BitwiseCopyable> {
  private(set) var base: UnsafeMutablePointer<Element>
  private(set) var capacity: Int
  /// How many elements, from the start, are written.
  var count = 0

  /// Room for `capacity` elements, left unwritten: pages never touched cost nothing.
  init(capacity: Int) {
    self.capacity = capacity
    base = .allocate(capacity: capacity)
  }

  deinit { base.deallocate() }

  /// Doubles the capacity, or more, to make room for `extra` more elements.
  func grow(toFit extra: Int) {
    let grown = max(capacity * 2, count + extra)
    let moved = UnsafeMutablePointer<Element>.allocate(capacity: grown)
    moved.initialize(from: base, count: count)
    base.deallocate()
    base = moved
    capacity = grown
  }
}

/// What one part of the triangle finds for `SignificantEntries.find`.
///
/// Its rows' own kept entries (columns after the row) and dropped sums, and
/// the same for the mirror entries, which belong to later rows; the part
/// writes them all, by itself, in `scan`.
private final class PartEntries: @unchecked Sendable {
  let rows: Range<Int>
  let count: Int
  /// Per row of the part.
  let ownCounts: Scratch<Int>
  let ownDropped: Scratch<Double>
  let ownColumns: GrowableBuffer<Int>
  let ownWeights: GrowableBuffer<Double>
  /// Per sample from the part's first row on.
  let mirrorCounts: Scratch<Int>
  let mirrorDropped: Scratch<Double>
  let mirrorRows: GrowableBuffer<Int>
  let mirrorColumns: GrowableBuffer<Int>
  let mirrorWeights: GrowableBuffer<Double>

  init(rows: Range<Int>, count: Int, entriesPerRow: Int) {
    self.rows = rows
    self.count = count
    ownCounts = Scratch(count: rows.count, repeating: 0)
    ownDropped = Scratch(count: rows.count, repeating: 0)
    mirrorCounts = Scratch(count: count - rows.lowerBound, repeating: 0)
    mirrorDropped = Scratch(count: count - rows.lowerBound, repeating: 0)
    // Room for a few entries per row, and a whole row (and the 3 values a
    // packed store may write past it); grown when short.
    let capacity = rows.count * entriesPerRow + count + 3
    ownColumns = GrowableBuffer(capacity: capacity)
    ownWeights = GrowableBuffer(capacity: capacity)
    mirrorRows = GrowableBuffer(capacity: capacity)
    mirrorColumns = GrowableBuffer(capacity: capacity)
    mirrorWeights = GrowableBuffer(capacity: capacity)
  }

  /// Scans the part's rows, growing the buffers whenever a row might not fit.
  func scan(
    upper: UnsafePointer<Double>, scales: UnsafePointer<Double>,
    thresholds: UnsafePointer<Double>
  ) {
    let first = rows.lowerBound
    var row = first
    var ownUsed = 0
    var mirrorUsed = 0
    while true {
      // Per-row outputs are indexed from `row`, per-sample ones by sample.
      row = lk_scan_rows(
        upper, scales, thresholds, row, rows.upperBound, count, ownCounts.base + (row - first),
        ownDropped.base + (row - first), ownColumns.base, ownWeights.base, &ownUsed,
        ownColumns.capacity, mirrorRows.base, mirrorColumns.base, mirrorWeights.base,
        &mirrorUsed, mirrorRows.capacity, mirrorCounts.base - first, mirrorDropped.base - first)
      ownColumns.count = ownUsed
      ownWeights.count = ownUsed
      mirrorRows.count = mirrorUsed
      mirrorColumns.count = mirrorUsed
      mirrorWeights.count = mirrorUsed
      if row == rows.upperBound { return }
      let room = count - row + 3
      if ownUsed + room > ownColumns.capacity {
        ownColumns.grow(toFit: room)
        ownWeights.grow(toFit: room)
      }
      if mirrorUsed + room > mirrorRows.capacity {
        mirrorRows.grow(toFit: room)
        mirrorColumns.grow(toFit: room)
        mirrorWeights.grow(toFit: room)
      }
    }
  }
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
      writeScaledRows(input, classes: classes, width: width, into: scaled)
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
