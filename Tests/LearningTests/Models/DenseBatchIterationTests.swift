import DataSets
import XCTest

@testable import Learning

/// Fits iterated side by side in one `DenseBatchIteration` against separate `GraphModel.fit`s.
final class DenseBatchIterationTests: XCTestCase {
  /// 120 digits, 30 of them labeled; at gamma 0.026 the graph is dense (the
  /// shortcut would keep nearly every entry), so every fit is a batched one.
  private func selection() -> (data: DataSet, labels: [Int]) {
    let data = DataSet.digits().shuffledSelection(seed: 2, count: 120, standardize: false).data
    var labels = data.targets
    for index in 30..<labels.count { labels[index] = -1 }
    return (data, labels)
  }

  /// Label sets as a grid search makes them: every label, and folds that hide some.
  private func labelSets(_ labels: [Int]) -> [[Int]] {
    [[], Array(0..<8), Array(stride(from: 1, to: 30, by: 4))].map { hidden in
      var set = labels
      for sample in hidden { set[sample] = -1 }
      return set
    }
  }

  private func assertSame(
    _ batched: FittedGraphModel, _ separate: FittedGraphModel, _ label: String
  ) {
    XCTAssertEqual(batched.classes, separate.classes, label)
    XCTAssertEqual(batched.iterations, separate.iterations, label)
    XCTAssertEqual(batched.converged, separate.converged, label)
    XCTAssertEqual(batched.residuals.count, separate.residuals.count, label)
    for (a, b) in zip(batched.residuals, separate.residuals) {
      XCTAssertEqual(a, b, accuracy: 1e-12 * max(1, abs(b)), label)
    }
    XCTAssertEqual(batched.labelDistributions.count, separate.labelDistributions.count, label)
    var largest = 0.0
    for (a, b) in zip(batched.labelDistributions, separate.labelDistributions) {
      largest = max(largest, abs(a - b))
    }
    XCTAssertLessThanOrEqual(largest, 1e-12, label)
    XCTAssertEqual(batched.transduction, separate.transduction, label)
  }

  /// Both models, several alphas, stopping rules and label sets in one batch each:
  /// fits that converge at different iterations leave the batch one by one, and
  /// those that do not run to their own `maxIterations`.
  func testBatchedFitsEqualSeparateFits() throws {
    let (data, labels) = selection()
    let kernel = Kernel.rbf(gamma: 0.026)
    let graph = try ReusableGraph.build(
      kernel: kernel, features: data.features, featureCount: data.featureCount)
    let models: [GraphModelVariant: [GraphModel]] = [
      .spreading: [0.2, 0.9].map {
        GraphModel(variant: .spreading, kernel: kernel, alpha: $0, maxIterations: 20)
      } + [GraphModel(variant: .spreading, kernel: kernel, alpha: 0.5, maxIterations: 7)],
      .propagation: [
        GraphModel(variant: .propagation, kernel: kernel, maxIterations: 60, tolerance: 0.2),
        GraphModel(variant: .propagation, kernel: kernel, maxIterations: 40),
      ],
    ]
    for variant in GraphModelVariant.allCases {
      let normalized = graph.normalized(for: variant)
      let packed = try XCTUnwrap(normalized.built.graph as? PackedSymmetricGraph)
      var waiting: [(model: GraphModel, labels: [Int], fit: DenseBatchIteration.Fit)] = []
      for set in labelSets(labels) {
        for model in models[variant] ?? [] {
          let started = try model.start(
            prepared: normalized.labeled(set), labels: set, features: data.features,
            featureCount: data.featureCount, batching: true)
          guard case .dense(let fit) = started else {
            XCTFail("\(variant): the fit should wait for the batch")
            continue
          }
          waiting.append((model, set, fit))
        }
      }
      let results = DenseBatchIteration(graph: packed).run(waiting.map(\.fit))
      XCTAssertEqual(results.count, waiting.count)
      var converged = 0
      var iterationCounts = Set<Int>()
      for (entry, iteration) in zip(waiting, results) {
        let batched = entry.model.finish(
          prepared: normalized.labeled(entry.labels), labels: entry.labels, iteration: iteration,
          features: data.features, featureCount: data.featureCount)
        let separate = try entry.model.fit(
          features: data.features, featureCount: data.featureCount, labels: entry.labels)
        assertSame(batched, separate, "\(variant) alpha \(entry.model.alpha)")
        converged += separate.converged ? 1 : 0
        iterationCounts.insert(separate.iterations)
      }
      // Both ways out of the batch, at several iterations.
      XCTAssertGreaterThan(converged, 0, "\(variant)")
      XCTAssertLessThan(converged, waiting.count, "\(variant)")
      XCTAssertGreaterThan(iterationCounts.count, 1, "\(variant)")
    }
  }

  /// A fit that joins the batch where the shortcut left it (after some
  /// iterations, its last residual known) ends as the separate fit does.
  func testBatchContinuesFromAFitsState() throws {
    let (data, labels) = selection()
    let model = GraphModel(
      variant: .propagation, kernel: .rbf(gamma: 0.026), maxIterations: 30, tolerance: 1e-3)
    func after(_ iterations: Int) throws -> FittedGraphModel {
      var shorter = model
      shorter.maxIterations = iterations
      return try shorter.fit(
        features: data.features, featureCount: data.featureCount, labels: labels)
    }
    // The distributions after 5 and 6 updates, before the rows are normalised
    // for the result (propagation's rows already sum to one or zero).
    let five = try after(5)
    let six = try after(6)
    var pending = 0.0
    for (a, b) in zip(six.labelDistributions, five.labelDistributions) { pending += abs(a - b) }
    let classes = GraphModel.classes(in: labels)
    let oneHot = GraphModel.oneHot(labels: labels, classes: classes)
    let graph = try ReusableGraph.build(
      kernel: model.kernel, features: data.features, featureCount: data.featureCount
    ).normalized(for: .propagation)
    let fit = DenseBatchIteration.Fit(
      model: model,
      state: GraphModel.IterationState(
        current: six.labelDistributions, iteration: 6, residuals: six.residuals,
        pendingResidual: pending),
      clamped: model.clampedRows(oneHot: oneHot), labels: labels, classes: classes.count)
    let packed = try XCTUnwrap(graph.built.graph as? PackedSymmetricGraph)
    let result = try XCTUnwrap(DenseBatchIteration(graph: packed).run([fit]).first)
    let batched = model.finish(
      prepared: graph.labeled(labels), labels: labels, iteration: result,
      features: data.features, featureCount: data.featureCount)
    let separate = try after(30)
    assertSame(batched, separate, "continued")
  }
}
