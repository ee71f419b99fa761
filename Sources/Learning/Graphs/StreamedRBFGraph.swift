import Foundation
import LearningKernels

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
  /// The guess made before the first pass (`StreamedEntries.earlyEstimate`).
  var earlyEstimatedEntries = 0

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
