import Foundation
import LearningKernels

/// A graph whose iterations can take the checked shortcut over its significant entries.
protocol ShortcutGraph: LabelGraph {
  /// The diagonal of the stored graph, scaled like its weights.
  var diagonal: Double { get }
  var inputScale: [Double] { get }
  var outputScale: [Double] { get }
  /// The entries that can matter, when the graph has them.
  var shortcutEntries: SignificantEntries? { get }
  /// Most rows a step recomputes from the whole graph before it declines
  /// (nil: every failing row is recomputed, there being no whole graph).
  var maximumRecomputedRows: Int? { get }
  /// Calls `body(row, weights)` with each row's stored weights for every
  /// column (`weights[j]`; the row's own value is not used), maybe in parallel.
  func fullRows(_ rows: [Int], _ body: @escaping @Sendable (Int, UnsafePointer<Double>) -> Void)
}

extension ShortcutGraph {
  /// The input times `inputScale`, row by row, each row padded with zeros to `width` columns
  /// (a multiple of 4 classes), at `scaled`: what the checked products read.
  func writeScaledRows(
    _ input: UnsafeBufferPointer<Double>, classes: Int, width: Int,
    into scaled: UnsafeMutablePointer<Double>
  ) {
    let scales = inputScale
    for sample in 0..<sampleCount {
      let scale = scales[sample]
      for label in 0..<classes {
        scaled[sample * width + label] = input[sample * classes + label] * scale
      }
      for label in classes..<width { scaled[sample * width + label] = 0 }
    }
  }
}

extension PackedSymmetricGraph: ShortcutGraph {
  var shortcutEntries: SignificantEntries? { significant }
  var maximumRecomputedRows: Int? { max(8, sampleCount / 512) }

  /// Row by row, in order, read from the packed triangle.
  func fullRows(_ rows: [Int], _ body: @escaping @Sendable (Int, UnsafePointer<Double>) -> Void) {
    let n = sampleCount
    var weights = [Double](repeating: 0, count: n)
    for row in rows {
      for other in 0..<n where other != row { weights[other] = upper[index(row, other)] }
      weights.withUnsafeBufferPointer { body(row, $0.baseAddress!) }
    }
  }
}

/// The RBF graph without its n x n matrix: the significant entries, and the
/// kernel's features to recompute any row that needs more.
///
/// Built in two passes over the kernel (`GraphModel.buildStreamedRBF`): the
/// degrees and nearest distances as the packed triangle's walk finds them,
/// then each row's significant entries (`StreamedEntries`). Every product is
/// the checked shortcut of `SignificantEntries`; a row that fails the check
/// is computed from its whole kernel row, recomputed bit for bit as the
/// packed graph stores it (`KernelRows`). So where the dense graph's
/// iterations take the shortcut, these give the same numbers; where the
/// dense graph would use its full product instead (more failing rows than
/// `maximumRecomputedRows`), these recompute the failing rows, which agrees
/// to rounding.
struct StreamedRBFGraph: ShortcutGraph {
  let sampleCount: Int
  let kernel: KernelRows
  let entries: SignificantEntries
  let diagonal: Double
  let inputScale: [Double]
  let outputScale: [Double]
  /// The entries the sampled rows predicted, before they were collected.
  var estimatedEntries = 0

  var shortcutEntries: SignificantEntries? { entries }
  var maximumRecomputedRows: Int? { nil }

  func fullRows(_ rows: [Int], _ body: @escaping @Sendable (Int, UnsafePointer<Double>) -> Void) {
    kernel.fullRows(rows, body)
  }

  /// `output = G · input` over the significant entries, the rows that fail the
  /// check (all of them when an input is negative) from their whole rows.
  func multiply(
    _ input: UnsafeBufferPointer<Double>, classes: Int,
    into output: UnsafeMutableBufferPointer<Double>, workspace: inout [Double]
  ) {
    let n = sampleCount
    var largest = 0.0
    var nonNegative = true
    for value in input {
      nonNegative = nonNegative && value >= 0
      largest = max(largest, value)
    }
    let width = (classes + 3) / 4 * 4
    if workspace.count < n * width + n {
      workspace = [Double](repeating: 0, count: n * width + n)
    }
    workspace.withUnsafeMutableBufferPointer { space in
      let scaled = space.baseAddress.unsafelyUnwrapped
      let failed = scaled + n * width
      writeScaledRows(input, classes: classes, width: width, into: scaled)
      let shared = SharedBuffer(start: scaled, count: n * width)
      let flags = SharedBuffer(start: failed, count: n)
      let target = SharedBuffer(output)
      let chunks = max(1, min(64, entries.columns.count * classes / 100_000))
      let largestInput = largest
      let entries = self.entries
      let diagonal = self.diagonal
      outputScale.withUnsafeBufferPointer { outputScale in
        let outputScale = SharedBuffer(readOnly: outputScale)
        forEachPart(chunks) { chunk in
          _ = lk_sparse_rows(
            chunk * n / chunks, (chunk + 1) * n / chunks, entries.rowStart.baseAddress,
            entries.columns.baseAddress, entries.weights.baseAddress, shared.base, width,
            classes, diagonal, entries.dropped.baseAddress, largestInput,
            SignificantEntries.tolerance, outputScale.base, target.base, flags.base)
        }
      }
      let rows = nonNegative ? (0..<n).filter { failed[$0] != 0 } : Array(0..<n)
      let scales = outputScale
      // The same sums as the packed graph's recomputed rows (`multiplySignificant`).
      kernel.fullRows(rows) { row, weights in
        let result = target.base + row * classes
        let own = shared.base + row * width
        for label in 0..<classes { result[label] = diagonal * own[label] }
        for other in 0..<n where other != row {
          let weight = weights[other]
          let source = shared.base + other * width
          for label in 0..<classes { result[label] += weight * source[label] }
        }
        for label in 0..<classes { result[label] *= scales[row] }
      }
    }
  }
}
