import Foundation

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
