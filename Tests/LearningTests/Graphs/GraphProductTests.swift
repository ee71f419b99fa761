import DataSets
import XCTest

@testable import Learning

/// The paths of the RBF graph that only larger data sets take.
final class GraphProductTests: XCTestCase {
  /// The spreading graph of all 1,797 digits, as `GraphModel.fit` builds it.
  private func allDigitsGraph() throws -> PackedSymmetricGraph {
    try allDigitsGraphAndReference().graph
  }

  /// The same, with the reference coefficients its significant entries were found with.
  private func allDigitsGraphAndReference() throws -> (
    graph: PackedSymmetricGraph, reference: [Double]
  ) {
    let digits = DataSet.digits()
    let labeled = (0..<digits.sampleCount).map { $0 % 10 == 0 }
    return try digits.features.withUnsafeBufferPointer { buffer in
      let samples = Samples(
        values: buffer, count: digits.sampleCount, dimension: digits.featureCount)
      var affinity = try RBFAffinity.compute(
        samples, gamma: 0.25, labeled: labeled, progress: nil)
      affinity.graph.normalizeSymmetrically(scaledDegree: affinity.scaledDegree)
      let reference = affinity.referenceCoefficients(
        gamma: 0.25, inputScale: affinity.graph.inputScale)
      affinity.graph.significant = SignificantEntries.find(
        in: affinity.graph, reference: reference)
      return (affinity.graph, reference)
    }
  }

  func testTheTriangleIsCutIntoPartsThatCoverItOnce() {
    for count in [1, 2, 7, 8, 340, 1797, 5000] {
      let parts = triangleParts(count: count)
      XCTAssertEqual(parts.first?.lowerBound, 0, "\(count)")
      XCTAssertEqual(parts.last?.upperBound, count, "\(count)")
      for (left, right) in zip(parts, parts.dropFirst()) {
        XCTAssertEqual(left.upperBound, right.lowerBound, "\(count)")
        XCTAssertEqual(left.upperBound % 8, 0, "\(count): parts start on whole blocks")
      }
    }
    XCTAssertGreaterThan(triangleParts(count: 1797).count, 2, "both cores share the digits")
  }

  /// The shortcut over significant entries gives the dense product's result.
  func testShortcutProductAgreesWithTheDenseProduct() throws {
    let graph = try allDigitsGraph()
    let significant = try XCTUnwrap(graph.significant, "the digits' graph is sparse enough")
    XCTAssertLessThan(significant.columns.count, graph.upper.count / 8)
    var dense = graph
    dense.significant = nil
    let n = graph.sampleCount
    let classes = 10
    // Class distributions as the iterations have them: non-negative, some rows zero.
    var random = RandomState(seed: 3)
    let input = (0..<(n * classes)).map { index in
      index / classes % 7 == 3 ? 0 : random.randomSample()
    }
    var shortcut = [Double](repeating: 0, count: n * classes)
    var full = shortcut
    var workspace: [Double] = []
    input.withUnsafeBufferPointer { input in
      shortcut.withUnsafeMutableBufferPointer { output in
        graph.multiply(input, classes: classes, into: output, workspace: &workspace)
      }
      full.withUnsafeMutableBufferPointer { output in
        dense.multiply(input, classes: classes, into: output, workspace: &workspace)
      }
    }
    for sample in 0..<n {
      let total = (0..<classes).reduce(0.0) { $0 + full[sample * classes + $1] }
      for label in 0..<classes {
        let index = sample * classes + label
        XCTAssertEqual(
          shortcut[index], full[index], accuracy: 1e-13 * max(total, 1e-300),
          "sample \(sample), class \(label)")
      }
    }
  }

  /// The scan's buffers grow as needed: starting from no room at all gives the same entries.
  func testTheScanGivesTheSameEntriesWhateverItsFirstBuffers() throws {
    let (graph, reference) = try allDigitsGraphAndReference()
    let roomy = try XCTUnwrap(graph.significant)
    let cramped = try XCTUnwrap(
      SignificantEntries.find(in: graph, reference: reference, entriesPerRow: 0))
    XCTAssertEqual(Array(cramped.rowStart), Array(roomy.rowStart))
    XCTAssertEqual(Array(cramped.columns), Array(roomy.columns))
    XCTAssertEqual(Array(cramped.weights), Array(roomy.weights))
    XCTAssertEqual(Array(cramped.dropped), Array(roomy.dropped))
  }
}
