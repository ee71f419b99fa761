import Foundation
import LearningKernels

#if canImport(Glibc)
import Glibc
#endif

/// The significant entries of the RBF graph, found without ever holding the graph.
///
/// The second pass of the streamed graph: the kernel is computed again, row
/// by row in chunks, and each row keeps the entries `SignificantEntries.find`
/// keeps from the packed triangle (the same weights, scales and thresholds,
/// so the same entries in the same order); the rest only add to the row's
/// dropped bound. Chunks run on every core and are appended in row order to
/// one growing allocation (`realloc`, which moves pages rather than copying),
/// so the memory is the entries themselves plus a chunk or two.
enum StreamedEntries {
  /// Rows per chunk: the features of a tile are read once for 16 blocks of 8 rows.
  static let chunkRows = 128

  /// How many entries the rows will keep, from `blocks` blocks of 8 rows spread over the samples.
  static func estimate(
    kernel: KernelRows, scales: [Double], thresholds: [Double], blocks: Int = 16
  ) -> (entries: Int, sampledRows: Int) {
    let n = kernel.count
    let rows = sampledRows(count: n, blocks: blocks)
    let kept = Scratch<Int>(count: n, repeating: 0)
    let shared = kept.shared
    kernel.fullRows(rows) { row, weights in
      let threshold = thresholds[row]
      var count = 0
      for column in 0..<n where column != row {
        let coefficient = weights[column] * scales[column]
        if coefficient > 0, coefficient >= threshold { count += 1 }
      }
      shared[row] = count
    }
    let total = rows.reduce(0) { $0 + kept.buffer[$1] }
    return (rows.isEmpty ? 0 : total * n / rows.count, rows.count)
  }

  /// How many entries the rows will keep, guessed before any degree is known.
  ///
  /// The same sampled rows as `estimate`, each with its reference taken from
  /// its own kernel row (its largest weight to a labeled sample, or to any
  /// other when none is positive) and every scale taken as equal: a row keeps
  /// the weights at least `keepFraction` of its reference. The scales a
  /// degree gives move a row's cut by at most a few units of `gamma d²`
  /// against the 55 of `keepFraction`, so this lands near `estimate`, which
  /// the fit checks again once the degrees are known. It costs one kernel
  /// row per sampled row, and lets a run that could never fit be refused
  /// before the first pass over the kernel.
  static func earlyEstimate(kernel: KernelRows, labeled: [Bool], blocks: Int = 16) -> (
    entries: Int, sampledRows: Int
  ) {
    let n = kernel.count
    let rows = sampledRows(count: n, blocks: blocks)
    let kept = Scratch<Int>(count: n, repeating: 0)
    let shared = kept.shared
    kernel.fullRows(rows) { row, weights in
      var nearest = 0.0
      var nearestLabeled = 0.0
      for column in 0..<n where column != row {
        nearest = max(nearest, weights[column])
        if labeled[column] { nearestLabeled = max(nearestLabeled, weights[column]) }
      }
      let reference = nearestLabeled > 0 ? nearestLabeled : nearest
      let threshold = reference * SignificantEntries.keepFraction
      var count = 0
      for column in 0..<n where column != row {
        if weights[column] > 0, weights[column] >= threshold { count += 1 }
      }
      shared[row] = count
    }
    let total = rows.reduce(0) { $0 + kept.buffer[$1] }
    return (rows.isEmpty ? 0 : total * n / rows.count, rows.count)
  }

  /// `blocks` blocks of 8 rows spread evenly over `count` samples.
  private static func sampledRows(count n: Int, blocks: Int) -> [Int] {
    let blockCount = (n + 7) / 8
    var rows: [Int] = []
    for index in 0..<min(blocks, blockCount) {
      let first = index * blockCount / min(blocks, blockCount) * 8
      rows.append(contentsOf: first..<min(n, first + 8))
    }
    return rows
  }

  /// Bytes the streamed graph needs beyond the features for `entries` kept
  /// entries and `classes` classes: the entries (16 bytes each, with a tenth
  /// more room), and per sample its row start, bound, scales and the
  /// iterations' distributions.
  static func requiredBytes(entries: Int, samples: Int, classes: Int) -> UInt64 {
    let width = (classes + 3) / 4 * 4
    return UInt64(entries) * 16 * 11 / 10 + UInt64(samples) * UInt64(48 + 6 * width * 8)
  }

  /// The entries of every row, kept as `SignificantEntries.find` keeps them.
  ///
  /// `expected` sizes the first allocation (it grows when short). `progress`
  /// gets the number of rows done after each chunk.
  static func find(
    kernel: KernelRows, scales: [Double], thresholds: [Double], expected: Int,
    progress: (@Sendable (Int) -> Void)?
  ) -> SignificantEntries {
    let n = kernel.count
    let collected = OrderedEntries(count: n, capacity: max(expected + expected / 10, 1024))
    let chunks = (n + chunkRows - 1) / chunkRows
    let done = ProgressCounter()
    // Padded with zeros: the kernel reads whole vectors of 4.
    let paddedScales = Scratch<Double>(count: n + 8, repeating: 0)
    for sample in 0..<n { paddedScales.buffer[sample] = scales[sample] }
    thresholds.withUnsafeBufferPointer { thresholds in
      let thresholds = SharedBuffer(readOnly: thresholds)
      forEachPart(chunks) { chunk in
        let rows = (chunk * chunkRows)..<min(n, (chunk + 1) * chunkRows)
        let entries = scan(
          rows: rows, kernel: kernel, scales: paddedScales.base, thresholds: thresholds.base)
        collected.add(chunk: chunk, rows: rows, entries: entries)
        progress?(done.add(rows.count))
      }
    }
    return collected.entries()
  }

  /// One chunk's rows: tiles of columns outermost, so that a tile's features
  /// serve every block of the chunk from the cache.
  private static func scan(
    rows: Range<Int>, kernel: KernelRows, scales: UnsafePointer<Double>,
    thresholds: UnsafePointer<Double>
  ) -> ChunkEntries {
    let n = kernel.count
    let tileColumns = KernelRows.tileColumns
    var columns = [[Int]](repeating: [], count: rows.count)
    var weights = [[Double]](repeating: [], count: rows.count)
    var dropped = [Double](repeating: 0, count: rows.count)
    let dots = kernel.dotsBuffer()
    let keptColumns = Scratch<Int>(uninitializedCount: tileColumns)
    let keptWeights = Scratch<Double>(uninitializedCount: tileColumns)
    var start = 0
    while start < n {
      let tile = start..<min(n, start + tileColumns)
      for first in stride(from: rows.lowerBound, to: rows.upperBound, by: 8) {
        kernel.blockDots(first: first, tile: tile, into: dots.base)
        for row in first..<min(first + 8, rows.upperBound) {
          let local = row - rows.lowerBound
          let kept = lk_row_entries(
            dots.base + (row - first) * tileColumns - tile.lowerBound, kernel.norms.base, row,
            kernel.negativeGamma, ScaledExponential.table.base, tile.lowerBound,
            tile.upperBound, scales, thresholds[row], keptColumns.base, keptWeights.base,
            &dropped[local])
          if kept > 0 {
            columns[local].append(
              contentsOf: UnsafeBufferPointer(start: keptColumns.base, count: kept))
            weights[local].append(
              contentsOf: UnsafeBufferPointer(start: keptWeights.base, count: kept))
          }
        }
      }
      start = tile.upperBound
    }
    return ChunkEntries(columns: columns, weights: weights, dropped: dropped)
  }
}

/// One chunk's kept entries, per row in column order, and its rows' dropped bounds.
private struct ChunkEntries {
  var columns: [[Int]]
  var weights: [[Double]]
  var dropped: [Double]
}

/// The chunks' entries appended in row order, whatever order the chunks finish in.
private final class OrderedEntries: @unchecked Sendable {
  private let lock = NSLock()
  private let count: Int
  private var pending: [Int: (rows: Range<Int>, entries: ChunkEntries)] = [:]
  private var next = 0
  private var columns: UnsafeMutablePointer<Int>
  private var weights: UnsafeMutablePointer<Double>
  private var capacity: Int
  private var used = 0
  private var rowStart: [Int]
  private var dropped: [Double]

  init(count: Int, capacity: Int) {
    self.count = count
    self.capacity = capacity
    columns = malloc(capacity * 8)!.bindMemory(to: Int.self, capacity: capacity)
    weights = malloc(capacity * 8)!.bindMemory(to: Double.self, capacity: capacity)
    rowStart = [Int](repeating: 0, count: count + 1)
    dropped = [Double](repeating: 0, count: count)
  }

  func add(chunk: Int, rows: Range<Int>, entries: ChunkEntries) {
    lock.lock()
    defer { lock.unlock() }
    pending[chunk] = (rows, entries)
    while let ready = pending.removeValue(forKey: next) {
      append(rows: ready.rows, entries: ready.entries)
      next += 1
    }
  }

  private func append(rows: Range<Int>, entries: ChunkEntries) {
    let needed = entries.columns.reduce(0) { $0 + $1.count }
    if used + needed > capacity {
      capacity = max(capacity + capacity / 2, used + needed)
      columns = realloc(columns, capacity * 8)!.bindMemory(to: Int.self, capacity: capacity)
      weights = realloc(weights, capacity * 8)!.bindMemory(to: Double.self, capacity: capacity)
    }
    for (local, row) in rows.enumerated() {
      let rowColumns = entries.columns[local]
      let rowWeights = entries.weights[local]
      if !rowColumns.isEmpty {
        rowColumns.withUnsafeBufferPointer {
          (columns + used).update(from: $0.baseAddress!, count: $0.count)
        }
        rowWeights.withUnsafeBufferPointer {
          (weights + used).update(from: $0.baseAddress!, count: $0.count)
        }
      }
      used += rowColumns.count
      rowStart[row + 1] = used
      dropped[row] = entries.dropped[local]
    }
  }

  /// The entries, the memory handed over (trimmed to what is used).
  func entries() -> SignificantEntries {
    precondition(next * StreamedEntries.chunkRows >= count, "a chunk is missing")
    let size = max(used, 1)
    columns = realloc(columns, size * 8)!.bindMemory(to: Int.self, capacity: size)
    weights = realloc(weights, size * 8)!.bindMemory(to: Double.self, capacity: size)
    return SignificantEntries(
      rowStart: rowStart, dropped: dropped, mallocColumns: columns, weights: weights, count: used)
  }
}
