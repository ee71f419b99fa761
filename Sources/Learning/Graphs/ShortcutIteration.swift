import LearningKernels

/// The iterations of either model over a graph's significant entries, fused into one pass each.
///
/// The general loop of `GraphModel` makes four passes over the label
/// distributions per iteration (residual, input scaling, product, update);
/// for a small graph those passes cost more than the product itself. Here
/// `lk_sparse_step` does all of them row by row: the checked product of
/// `SignificantEntries`, the model's update, the input of the next product,
/// and the residual and largest value of the result. Rows that fail the
/// check are recomputed from their whole rows of the graph (read from the
/// packed triangle, or recomputed from the features for the streamed graph),
/// as in `multiplySignificant`; when more fail than the graph allows, or a
/// value turns negative, `step` declines and the caller continues with the
/// general loop.
///
/// Shared with the workers of a step only while `step` waits for them; they
/// write disjoint rows of `next`, `nextInput` and `failed`, and their own
/// chunk's summary.
final class ShortcutIteration: @unchecked Sendable {
  private let graph: any ShortcutGraph
  private let entries: SignificantEntries
  private let classes: Int
  /// Row length of the scaled inputs: `classes` rounded up to a multiple of 4.
  private let width: Int
  private let propagation: Bool
  private let alpha: Double
  /// `1 - alpha` times the one-hot rows (spreading), or the one-hot rows (propagation).
  private let clamped: Scratch<Double>
  private let labels: Scratch<Int>
  private let inputScale: Scratch<Double>
  private let outputScale: Scratch<Double>
  /// Row parts of a product, each a contiguous run, summed in order.
  private let chunks: Int
  private let maximumFailures: Int
  private let diagonal: Double

  /// The distributions before and after a step, and their scaled copies, in
  /// rows of `width` (the padding zero).
  private var current: Scratch<Double>
  private var next: Scratch<Double>
  private var input: Scratch<Double>
  private var nextInput: Scratch<Double>
  private let failed: Scratch<UInt8>
  /// Per chunk: residual, largest value, negative flag; and failure counts.
  private let summaries: Scratch<Double>
  private let failures: Scratch<Int>
  /// The largest value of `current`, and whether any is negative or not a number.
  private var largest: Double
  private var negative: Bool

  /// Starts from `start`, the first distributions (one-hot rows or zero).
  init(
    graph: any ShortcutGraph, entries: SignificantEntries, start: [Double], classes: Int,
    propagation: Bool, alpha: Double, clamped: [Double], labels: [Int]
  ) {
    let n = graph.sampleCount
    self.graph = graph
    diagonal = graph.diagonal
    self.entries = entries
    self.classes = classes
    let width = (classes + 3) / 4 * 4
    self.width = width
    self.propagation = propagation
    self.alpha = alpha
    self.clamped = Self.padded(clamped, classes: classes, width: width)
    self.labels = Scratch(copying: labels)
    inputScale = Scratch(copying: graph.inputScale)
    outputScale = Scratch(copying: graph.outputScale)
    chunks = max(1, min(64, entries.columns.count * classes / 30_000))
    maximumFailures = graph.maximumRecomputedRows ?? n
    current = Self.padded(start, classes: classes, width: width)
    // Every row of these, padding included, is written before it is read.
    next = Scratch(uninitializedCount: n * width)
    input = Scratch(uninitializedCount: n * width)
    nextInput = Scratch(uninitializedCount: n * width)
    failed = Scratch(count: n, repeating: 0)
    summaries = Scratch(count: chunks * 3, repeating: 0)
    failures = Scratch(count: chunks, repeating: 0)
    var largest = 0.0
    var negative = false
    let scales = inputScale.base
    let values = current.base
    let scaled = input.base
    for sample in 0..<n {
      let scale = scales[sample]
      for index in (sample * width)..<((sample + 1) * width) {
        let value = values[index]
        negative = negative || !(value >= 0)
        largest = max(largest, value)
        scaled[index] = value * scale
      }
    }
    self.largest = largest
    self.negative = negative
  }

  /// `matrix` (rows of `classes`) with its rows padded with zeros to `width`.
  private static func padded(_ matrix: [Double], classes: Int, width: Int) -> Scratch<Double> {
    let rows = classes == 0 ? 0 : matrix.count / classes
    let result = Scratch<Double>(count: rows * width, repeating: 0)
    matrix.withUnsafeBufferPointer { matrix in
      for row in 0..<rows {
        (result.base + row * width).update(
          from: matrix.baseAddress.unsafelyUnwrapped + row * classes, count: classes)
      }
    }
    return result
  }

  /// The distributions of the last step (the start before any), in rows of `classes`.
  var distributions: [Double] {
    let rows = graph.sampleCount
    return [Double](unsafeUninitializedCapacity: rows * classes) { result, initialized in
      for row in 0..<rows {
        (result.baseAddress.unsafelyUnwrapped + row * classes).initialize(
          from: current.base + row * width, count: classes)
      }
      initialized = rows * classes
    }
  }

  /// Replaces the distributions by the next iteration's and returns
  /// `sum |next - current|`; or returns nil, changing nothing, when the
  /// shortcut cannot be used for this step.
  func step() -> Double? {
    if negative { return nil }
    let n = graph.sampleCount
    let failureCount = runChunks(n: n)
    var residual = 0.0
    var largest = 0.0
    var negative = false
    if failureCount == 0 {
      for chunk in 0..<chunks {
        residual += summaries.buffer[chunk * 3]
        largest = max(largest, summaries.buffer[chunk * 3 + 1])
        negative = negative || summaries.buffer[chunk * 3 + 2] != 0
      }
    } else {
      if failureCount > maximumFailures { return nil }
      let rows = (0..<n).filter { failed.buffer[$0] != 0 }
      graph.fullRows(rows) { row, weights in self.recompute(row: row, weights: weights) }
      // The failed rows' values changed: sum everything again, in order.
      for index in 0..<(n * width) {
        let value = next.buffer[index]
        residual += abs(value - current.buffer[index])
        largest = max(largest, value)
        negative = negative || !(value >= 0)
      }
    }
    swap(&current, &next)
    swap(&input, &nextInput)
    self.largest = largest
    self.negative = negative
    return residual
  }

  /// Runs `lk_sparse_step` over every chunk of rows; returns how many rows failed the check.
  private func runChunks(n: Int) -> Int {
    let chunks = self.chunks
    forEachPart(chunks) { chunk in
      let first = chunk * n / chunks
      self.failures.buffer[chunk] = self.run(
        rows: first..<((chunk + 1) * n / chunks),
        rowStart: self.entries.rowStart.baseAddress.unsafelyUnwrapped + first,
        columns: self.entries.columns.baseAddress, weights: self.entries.weights.baseAddress,
        dropped: self.entries.dropped.baseAddress, summary: self.summaries.base + chunk * 3)
    }
    return failures.buffer.reduce(0, +)
  }

  /// Computes row `row` of the step from every entry of its row of the graph
  /// (`weights[j]`, from `fullRows`).
  ///
  /// The same update as the shortcut, through `lk_sparse_step` with the
  /// row's whole list of entries and nothing dropped.
  private func recompute(row: Int, weights rowWeights: UnsafePointer<Double>) {
    let n = graph.sampleCount
    var columns: [Int] = []
    var weights: [Double] = []
    columns.reserveCapacity(n - 1)
    weights.reserveCapacity(n - 1)
    for other in 0..<n where other != row {
      columns.append(other)
      weights.append(rowWeights[other])
    }
    let noneDropped = [Double](repeating: 0, count: n)
    var summary = [Double](repeating: 0, count: 3)
    _ = run(
      rows: row..<(row + 1), rowStart: [0, n - 1], columns: columns, weights: weights,
      dropped: noneDropped, summary: &summary)
  }

  /// `lk_sparse_step` over `rows`, with the current step's state.
  private func run(
    rows: Range<Int>, rowStart: UnsafePointer<Int>, columns: UnsafePointer<Int>?,
    weights: UnsafePointer<Double>?, dropped: UnsafePointer<Double>?,
    summary: UnsafeMutablePointer<Double>
  ) -> Int {
    lk_sparse_step(
      rows.lowerBound, rows.upperBound, rowStart, columns, weights, input.base, width,
      diagonal, dropped, largest, SignificantEntries.tolerance, outputScale.base,
      inputScale.base, propagation ? 1 : 0, alpha, clamped.base, labels.base, current.base,
      next.base, nextInput.base, failed.base, summary)
  }
}
