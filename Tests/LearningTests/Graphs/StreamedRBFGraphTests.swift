import DataSets
import Foundation
import XCTest

@testable import Learning

/// The streamed RBF graph (never the n x n matrix) against scikit-learn and the dense graph.
final class StreamedRBFGraphTests: XCTestCase {
  /// Every RBF case of `scripts/make_fixtures.py`.
  static let rbfCases = [
    "default", "seed7", "propagation_rbf", "not_converged", "iris_standardized",
    "missing_class", "propagation_rbf_iris", "all_digits",
  ]

  private func experiment(_ fixture: ModelCase, storage: RBFGraphStorage) -> Experiment {
    var model = fixture.graphModel
    model.rbfStorage = storage
    return Experiment(
      seed: fixture.seed, samples: fixture.samples, labeled: fixture.labeled,
      standardize: fixture.standardize, model: model, uncertainCount: 10)
  }

  /// The streamed fit of each case equals scikit-learn (1e-9, labels and text
  /// exactly) and the dense fit (1e-12, the same iterations).
  func testEveryRBFCaseEqualsScikitLearnAndTheDenseGraph() throws {
    for name in Self.rbfCases {
      let fixture = try Fixtures.modelCase(name)
      let data = try Fixtures.dataSet(for: fixture)
      let streamed = try experiment(fixture, storage: .streamed).run(on: data)
      let dense = try experiment(fixture, storage: .dense).run(on: data)
      let names = data.classNames
      XCTAssertEqual(streamed.model.iterations, fixture.nIter, "\(name): n_iter")
      XCTAssertEqual(streamed.model.converged, fixture.converged, "\(name): converged")
      XCTAssertEqual(
        streamed.transduction.map { Int(names[$0]) ?? -99 }, fixture.transduction,
        "\(name): transduction")
      XCTAssertEqual(streamed.model.residuals.count, fixture.residuals.count, name)
      for (actual, expected) in zip(streamed.model.residuals, fixture.residuals) {
        assertClose(actual, expected, "\(name): residual")
      }
      for sample in 0..<fixture.samples {
        let values = streamed.model.distribution(sample)
        for (actual, expected) in zip(values, fixture.labelDistributions[sample]) {
          assertClose(actual, expected, "\(name): sample \(sample)")
        }
        for (actual, expected) in zip(values, dense.model.distribution(sample)) {
          assertClose(actual, expected, absolute: 1e-12, relative: 1e-12, "\(name): vs dense")
        }
      }
      XCTAssertEqual(streamed.model.iterations, dense.model.iterations, name)
      XCTAssertEqual(streamed.report?.text(), fixture.reportText, "\(name): report text")
    }
  }

  /// The digits of a case as `fit` sees them, and the streamed and dense graphs built from them.
  private func graphs(_ name: String, variant: GraphModelVariant) throws -> (
    model: GraphModel, fixture: ModelCase, streamed: StreamedRBFGraph,
    dense: PackedSymmetricGraph
  ) {
    let fixture = try Fixtures.modelCase(name)
    let digits = DataSet.digits()
    let d = digits.featureCount
    let features = fixture.indices.flatMap { digits.features[($0 * d)..<(($0 + 1) * d)] }
    let model = GraphModel(
      variant: variant, kernel: .rbf(gamma: fixture.gamma), alpha: fixture.alpha ?? 0,
      maxIterations: fixture.maxIter, tolerance: fixture.tol)
    let built = try graphs(model, features: features, dimension: d, labels: fixture.yTrain)
    return (model, fixture, built.streamed, built.dense)
  }

  /// Both graphs of `model` over the samples.
  private func graphs(
    _ model: GraphModel, features: [Double], dimension d: Int, labels: [Int]
  ) throws -> (streamed: StreamedRBFGraph, dense: PackedSymmetricGraph) {
    let built = try features.withUnsafeBufferPointer { buffer in
      let samples = Samples(values: buffer, count: labels.count, dimension: d)
      return (
        try model.buildGraph(samples, labels: labels, storage: .streamed, progress: nil),
        try model.buildGraph(samples, labels: labels, storage: .dense, progress: nil)
      )
    }
    return (
      try XCTUnwrap(built.0.graph as? StreamedRBFGraph),
      try XCTUnwrap(built.1.graph as? PackedSymmetricGraph)
    )
  }

  /// On features that are not integers, where the order of a distance's terms
  /// changes its rounding, entries and recomputed rows are still the dense
  /// graph's, bit for bit (jittered digits, every 50th labeled).
  func testNonIntegerFeaturesGiveTheDenseGraphsWeightsBitForBit() throws {
    let (features, labels) = StreamedReferenceTests.jitteredDigits(1_500, labeledEvery: 50)
    for variant in GraphModelVariant.allCases {
      let model = GraphModel(variant: variant, kernel: .rbf(gamma: 0.25), maxIterations: 20)
      let (streamed, dense) = try graphs(model, features: features, dimension: 64, labels: labels)
      let expected = try XCTUnwrap(dense.significant)
      XCTAssertEqual(Array(streamed.entries.rowStart), Array(expected.rowStart))
      XCTAssertEqual(Array(streamed.entries.columns), Array(expected.columns))
      XCTAssertEqual(
        streamed.entries.weights.map(\.bitPattern), expected.weights.map(\.bitPattern))
      let n = streamed.sampleCount
      let rows = [0, 5, 8, 700, n - 1]
      let mismatches = Scratch<Int>(count: n, repeating: -1)
      let shared = mismatches.shared
      streamed.fullRows(rows) { row, weights in
        shared[row] =
          (0..<n).filter {
            $0 != row && weights[$0].bitPattern != dense.upper[dense.index(row, $0)].bitPattern
          }.count
      }
      for row in rows { XCTAssertEqual(mismatches.buffer[row], 0, "\(variant) row \(row)") }
    }
  }

  /// The same entries as the dense graph's scan: the same rows, columns and weights.
  func testTheEntriesAreTheDenseGraphsEntries() throws {
    for (name, variant) in [
      ("default", GraphModelVariant.spreading), ("propagation_rbf", .propagation),
    ] {
      let (_, _, streamed, dense) = try graphs(name, variant: variant)
      let expected = try XCTUnwrap(dense.significant)
      let entries = streamed.entries
      XCTAssertEqual(Array(entries.rowStart), Array(expected.rowStart), name)
      XCTAssertEqual(Array(entries.columns), Array(expected.columns), name)
      XCTAssertEqual(Array(entries.weights), Array(expected.weights), name)
      for row in 0..<streamed.sampleCount {
        assertClose(entries.dropped[row], expected.dropped[row], absolute: 0, relative: 1e-12)
      }
      XCTAssertEqual(streamed.inputScale, dense.inputScale, name)
      XCTAssertEqual(streamed.outputScale, dense.outputScale, name)
    }
  }

  /// A row recomputed from the features is the dense graph's row, bit for bit.
  func testRecomputedRowsAreTheStoredRows() throws {
    let (_, _, streamed, dense) = try graphs("all_digits", variant: .spreading)
    let n = streamed.sampleCount
    let rows = [0, 1, 7, 8, 9, 500, 1234, n - 2, n - 1]
    let found = Scratch<Int>(count: n, repeating: 0)
    let shared = found.shared
    streamed.fullRows(rows) { row, weights in
      var same = 1
      for other in 0..<n where other != row {
        if weights[other].bitPattern != dense.upper[dense.index(row, other)].bitPattern {
          same = 0
        }
      }
      shared[row] = same + 1
    }
    for row in rows { XCTAssertEqual(found.buffer[row], 2, "row \(row)") }
  }

  /// Rows made to fail the shortcut's check (their kept weights zeroed, a huge
  /// dropped bound) are recomputed from the features, never from a stored
  /// graph, and the fit still equals scikit-learn's; with every row failing too.
  func testRowsThatFailTheCheckAreRecomputed() throws {
    for (name, variant) in [
      ("default", GraphModelVariant.spreading), ("propagation_rbf", .propagation),
    ] {
      for spoilEvery in [97, 1] {
        let (model, fixture, streamed, _) = try graphs(name, variant: variant)
        let entries = streamed.entries
        let n = streamed.sampleCount
        for row in stride(from: 3 % spoilEvery, to: n, by: spoilEvery) {
          entries.dropped[row] = 1e300
          for entry in entries.rowStart[row]..<entries.rowStart[row + 1] {
            entries.weights[entry] = 0
          }
        }
        let labels = fixture.yTrain
        let oneHot = GraphModel.oneHot(labels: labels, classes: fixture.classes)
        let result = model.iterate(
          graph: streamed, oneHot: oneHot, labels: labels, classCount: fixture.classes.count,
          progress: nil)
        XCTAssertEqual(result.iterations, fixture.nIter, "\(name) every \(spoilEvery)")
        var distributions = result.distributions
        normalizeRows(&distributions, classCount: fixture.classes.count)
        let classes = fixture.classes.count
        for sample in 0..<n {
          for label in 0..<classes {
            assertClose(
              distributions[sample * classes + label], fixture.labelDistributions[sample][label],
              "\(name) every \(spoilEvery): sample \(sample)")
          }
        }
      }
    }
  }

  /// The general loop's product (used when an input is negative) equals the dense graph's.
  func testTheProductEqualsTheDenseProduct() throws {
    let (_, fixture, streamed, dense) = try graphs("default", variant: .spreading)
    let n = streamed.sampleCount
    let classes = fixture.classes.count
    var random = RandomState(seed: 5)
    for negative in [false, true] {
      let input = (0..<(n * classes)).map { _ in
        random.standardNormal() * (negative ? 1 : 0) + (negative ? 0 : random.randomSample())
      }
      var expected = [Double](repeating: 0, count: n * classes)
      var actual = expected
      var workspace: [Double] = []
      var streamedWorkspace: [Double] = []
      input.withUnsafeBufferPointer { input in
        expected.withUnsafeMutableBufferPointer {
          dense.multiply(input, classes: classes, into: $0, workspace: &workspace)
        }
        actual.withUnsafeMutableBufferPointer {
          streamed.multiply(input, classes: classes, into: $0, workspace: &streamedWorkspace)
        }
      }
      for index in 0..<(n * classes) {
        assertClose(actual[index], expected[index], absolute: 1e-12, relative: 1e-12)
      }
    }
  }

  /// A fit whose entries could never fit is refused before the first pass over the kernel
  /// (no progress yet); one that fits goes through both checks.
  func testTheRefusalComesBeforeTheFirstPass() throws {
    let (features, labels) = StreamedReferenceTests.jitteredDigits(6_000, labeledEvery: 100)
    let model = GraphModel(variant: .spreading, kernel: .rbf(gamma: 0.05), maxIterations: 20)
    let events = LockedEvents()
    let record: @Sendable (FitProgress) -> Void = { events.append($0) }
    try features.withUnsafeBufferPointer { buffer in
      let samples = Samples(values: buffer, count: labels.count, dimension: 64)
      XCTAssertThrowsError(
        try model.buildStreamedRBF(
          samples, gamma: 0.05, labels: labels, classCount: 10, progress: record,
          memory: { 100 << 20 })
      ) { error in
        guard case LearningError.insufficientMemoryForEntries(let required, _, let rows) = error
        else { return XCTFail("\(error)") }
        XCTAssertGreaterThan(required, 150 << 20)
        XCTAssertEqual(rows, 128)
      }
      XCTAssertEqual(events.count, 0)
      let built = try model.buildStreamedRBF(
        samples, gamma: 0.05, labels: labels, classCount: 10, progress: record,
        memory: { 24 << 30 })
      XCTAssertEqual(built.graph.sampleCount, 6_000)
      XCTAssertGreaterThan(events.count, 0)
    }
  }

  /// The estimate from sampled rows that decides the memory refusal is near
  /// the entries then kept, and the refusal is one sentence naming both sizes (exit 71).
  func testTheMemoryEstimateAndTheRefusal() throws {
    let (features, labels) = StreamedReferenceTests.jitteredDigits(3_000, labeledEvery: 100)
    let model = GraphModel(variant: .spreading, kernel: .rbf(gamma: 0.25), maxIterations: 20)
    let (streamed, _) = try graphs(model, features: features, dimension: 64, labels: labels)
    let kept = Double(streamed.entries.columns.count)
    XCTAssertGreaterThan(kept, 3_000)
    XCTAssertEqual(Double(streamed.estimatedEntries), kept, accuracy: kept * 0.3)
    // The guess made before any degree is known is near the entries kept too.
    for gamma in [0.05, 0.25, 1.0] {
      for variant in [GraphModelVariant.spreading, .propagation] {
        let model = GraphModel(variant: variant, kernel: .rbf(gamma: gamma), maxIterations: 20)
        let (streamed, _) = try graphs(model, features: features, dimension: 64, labels: labels)
        let kept = Double(streamed.entries.columns.count)
        XCTAssertEqual(Double(streamed.earlyEstimatedEntries), kept, accuracy: kept * 0.2)
      }
    }
    let refusal = LearningError.insufficientMemoryForEntries(
      required: 30_000_000_000, available: 2_500_000_000, sampledRows: 128)
    XCTAssertEqual(refusal.exitCode, 71)
    XCTAssertEqual(
      refusal.description,
      "the RBF graph's significant entries need about 30.0 GB (estimated from 128 sampled rows) "
        + "but only 2.5 GB is available; use --kernel knn or knn-rbf, a larger --gamma, "
        + "or fewer --samples")
  }
}

/// Progress events recorded from any thread.
private final class LockedEvents: @unchecked Sendable {
  private let lock = NSLock()
  private var events: [FitProgress] = []
  func append(_ event: FitProgress) { lock.withLock { events.append(event) } }
  var count: Int { lock.withLock { events.count } }
}
