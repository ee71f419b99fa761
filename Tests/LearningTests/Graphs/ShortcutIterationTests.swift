import DataSets
import XCTest

@testable import Learning

/// The fused shortcut iterations, and their ways back to the dense graph, against scikit-learn.
final class ShortcutIterationTests: XCTestCase {
  /// How the significant entries are spoiled before the iterations start.
  private enum Spoil: CaseIterable {
    /// Left as they are: every row passes the check.
    case none
    /// A few rows lose their kept weights and claim a huge dropped one: they
    /// fail the check, and only computing them in full gives the right result.
    case fewRows
    /// Every row is spoiled so: the shortcut declines, and the general loop takes over.
    case everyRow
  }

  /// Builds the fixture's graph as `fit` does, spoils it, iterates, and compares with the fixture.
  private func check(_ name: String, variant: GraphModelVariant, spoil: Spoil) throws {
    let fixture = try Fixtures.modelCase(name)
    let digits = DataSet.digits()
    let d = digits.featureCount
    let features = fixture.indices.flatMap { digits.features[($0 * d)..<(($0 + 1) * d)] }
    let labels = fixture.yTrain
    let classes = fixture.classes
    let model = GraphModel(
      variant: variant, kernel: .rbf(gamma: fixture.gamma), alpha: fixture.alpha ?? 0,
      maxIterations: fixture.maxIter, tolerance: fixture.tol)
    let built = try features.withUnsafeBufferPointer { buffer in
      try model.buildGraph(
        Samples(values: buffer, count: labels.count, dimension: d), labels: labels, progress: nil)
    }
    let graph = try XCTUnwrap(built.graph as? PackedSymmetricGraph)
    let entries = try XCTUnwrap(graph.significant, "\(name): the shortcut applies")
    let n = labels.count
    let spoiled: [Int] =
      switch spoil {
      case .none: []
      case .fewRows: Array(stride(from: 3, to: n, by: n / 5))
      case .everyRow: Array(0..<n)
      }
    for row in spoiled {
      entries.dropped[row] = 1e300
      for entry in entries.rowStart[row]..<entries.rowStart[row + 1] { entries.weights[entry] = 0 }
    }
    let oneHot = GraphModel.oneHot(labels: labels, classes: classes)

    // The first step alone: taken with recomputed rows, or declined.
    let shortcut = ShortcutIteration(
      graph: graph, entries: entries, start: oneHot, classes: classes.count,
      propagation: variant == .propagation, alpha: model.alpha,
      clamped: variant == .spreading ? oneHot.map { $0 * (1 - model.alpha) } : oneHot,
      labels: labels)
    let first = shortcut.step()
    XCTAssertEqual(first == nil, spoil == .everyRow, "\(name) \(spoil): first step")

    let result = model.iterate(
      graph: graph, oneHot: oneHot, labels: labels, classCount: classes.count, progress: nil)
    XCTAssertEqual(result.iterations, fixture.nIter, "\(name) \(spoil): n_iter")
    XCTAssertEqual(result.converged, fixture.converged, "\(name) \(spoil): converged")
    XCTAssertEqual(result.residuals.count, fixture.residuals.count, "\(name) \(spoil)")
    for (actual, expected) in zip(result.residuals, fixture.residuals) {
      assertClose(actual, expected, "\(name) \(spoil): residual")
    }
    var distributions = result.distributions
    normalizeRows(&distributions, classCount: classes.count)
    for sample in 0..<n {
      for label in 0..<classes.count {
        assertClose(
          distributions[sample * classes.count + label],
          fixture.labelDistributions[sample][label],
          "\(name) \(spoil): sample \(sample), class \(label)")
      }
    }
  }

  func testLabelSpreadingOnAllDigits() throws {
    for spoil in Spoil.allCases { try check("all_digits", variant: .spreading, spoil: spoil) }
  }

  func testLabelPropagationOnTheExample() throws {
    for spoil in Spoil.allCases {
      try check("propagation_rbf", variant: .propagation, spoil: spoil)
    }
  }
}
