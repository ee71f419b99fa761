import DataSets
import XCTest

@testable import Learning

/// Every scikit-learn case, reproduced through the same `Experiment` path the tool runs.
final class GraphModelFixtureTests: XCTestCase {
  private func check(_ name: String, exactTransduction: Bool = true) throws {
    let fixture = try Fixtures.modelCase(name)
    let data = try Fixtures.dataSet(for: fixture)
    let result = try fixture.experiment.run(on: data)
    let classNames = data.classNames

    XCTAssertEqual(result.sourceIndices, fixture.indices, "\(name): selected rows")
    XCTAssertEqual(
      result.data.targets.map { Int(classNames[$0]) ?? -99 }, fixture.yTrue, "\(name): y")
    XCTAssertEqual(
      result.trainingLabels.map { $0 == -1 ? -1 : Int(classNames[$0]) ?? -99 }, fixture.yTrain)
    XCTAssertEqual(result.model.classes.map { Int(classNames[$0]) ?? -99 }, fixture.classes)
    XCTAssertEqual(result.model.iterations, fixture.nIter, "\(name): n_iter")
    XCTAssertEqual(result.model.converged, fixture.converged, "\(name): converged")

    let transduction = result.transduction.map { Int(classNames[$0]) ?? -99 }
    if exactTransduction {
      XCTAssertEqual(transduction, fixture.transduction, "\(name): transduction")
      XCTAssertEqual(result.model.residuals.count, fixture.residuals.count)
      for (actual, expected) in zip(result.model.residuals, fixture.residuals) {
        assertClose(actual, expected, absolute: 1e-9, relative: 1e-9, "\(name): residual")
      }
      for sample in 0..<fixture.samples {
        for (actual, expected) in zip(
          result.model.distribution(sample), fixture.labelDistributions[sample])
        {
          assertClose(actual, expected, "\(name): distribution of sample \(sample)")
        }
        assertClose(result.entropies[sample], fixture.entropies[sample], "\(name): entropy")
      }
      XCTAssertEqual(result.uncertain, fixture.uncertain.reversed(), "\(name): uncertain")
      XCTAssertEqual(result.report?.text(), fixture.reportText, "\(name): report text")
      XCTAssertEqual(result.confusionMatrix?.counts, fixture.confusionMatrix)
      assertClose(result.report?.accuracy ?? -1, fixture.accuracy, absolute: 0, relative: 1e-15)
    } else {
      // scikit-learn breaks kNN distance ties arbitrarily: compare by agreement.
      let agreeing = zip(transduction, fixture.transduction).filter { $0 == $1 }.count
      XCTAssertGreaterThanOrEqual(
        Double(agreeing) / Double(fixture.transduction.count), 0.99,
        "\(name): transduction agreement")
    }
  }

  func testDefaultExample() throws { try check("default") }
  func testAnotherSeedSampleAndLabelCount() throws { try check("seed7") }
  func testLabelPropagationRBF() throws { try check("propagation_rbf") }
  func testLabelSpreadingKNN() throws { try check("spreading_knn", exactTransduction: false) }
  func testLabelPropagationKNN() throws { try check("propagation_knn", exactTransduction: false) }
  /// The knn-rbf kernel against scikit-learn's callable kernel (data without distance ties).
  func testLabelSpreadingKNNRBF() throws { try check("spreading_knn_rbf") }
  func testLabelPropagationKNNRBF() throws { try check("propagation_knn_rbf") }
  /// Weights below one ulp of the diagonal's: scipy's degrees lose them, and so must ours.
  func testLabelSpreadingKNNRBFSmallWeights() throws {
    try check("spreading_knn_rbf_small_weights")
  }
  func testMaxIterationsReachedWithoutConvergence() throws { try check("not_converged") }
  func testStandardizedIrisFromCSV() throws { try check("iris_standardized") }
  func testClassWithoutLabeledSample() throws { try check("missing_class") }
  func testPropagationOnStandardizedIris() throws { try check("propagation_rbf_iris") }
  /// Many parts of the triangle on both cores, and the shortcut product.
  func testAllDigits() throws { try check("all_digits") }

  /// The RBF cases again with the kernel's other instruction set (the tests
  /// above use the best the processor has; here the baseline, and AVX2 when
  /// the baseline is the best, which then only checks that it is refused).
  func testRBFCasesWithTheOtherInstructionSet() throws {
    let best = VectorInstructions.best
    let other: VectorInstructions = best == .baseline ? .avx2 : .baseline
    VectorInstructions.use(other)
    defer { VectorInstructions.use(best) }
    XCTAssertEqual(VectorInstructions.current, min(other, best))
    for name in [
      "default", "seed7", "propagation_rbf", "not_converged", "iris_standardized",
      "missing_class", "propagation_rbf_iris", "all_digits",
    ] {
      try check(name)
    }
  }

  func testDefaultExampleMatchesThePublishedNumbers() throws {
    let fixture = try Fixtures.modelCase("default")
    XCTAssertEqual(fixture.nIter, 7)
    let result = try Experiment().run(on: DataSet.digits())
    XCTAssertEqual(result.model.iterations, fixture.nIter)
    XCTAssertEqual(result.uncertain, fixture.uncertain.reversed())
    XCTAssertEqual(result.report?.text(), fixture.reportText)
  }

  func testConfusionMatrixNormalizations() throws {
    let fixture = try Fixtures.modelCase("missing_class")
    let result = try fixture.experiment.run(on: DataSet.digits())
    let matrix = try XCTUnwrap(result.confusionMatrix)
    let expected: [(ConfusionMatrix.Normalization, [[Double]])] = [
      (.true, fixture.confusionMatrixNormalized.true),
      (.pred, fixture.confusionMatrixNormalized.pred),
      (.all, fixture.confusionMatrixNormalized.all),
    ]
    for (normalization, values) in expected {
      for (actualRow, expectedRow) in zip(matrix.normalized(normalization), values) {
        for (actual, wanted) in zip(actualRow, expectedRow) {
          assertClose(actual, wanted, absolute: 1e-15, relative: 1e-15, "\(normalization)")
        }
      }
    }
  }

  func testInductivePredictionsMatchPredictProba() throws {
    for name in ["default", "propagation_rbf", "seed7", "spreading_knn_rbf", "propagation_knn_rbf"]
    {
      let fixture = try Fixtures.modelCase(name)
      let data = try Fixtures.dataSet(for: fixture)
      let result = try fixture.experiment.run(on: data)
      let queries = data.subset(fixture.inductive.sourceIndices)
      let probabilities = try result.model.predictProbabilities(for: queries.features)
      let classCount = result.model.classes.count
      for (row, expectedRow) in fixture.inductive.probabilities.enumerated() {
        for (column, expected) in expectedRow.enumerated() {
          assertClose(probabilities[row * classCount + column], expected, "\(name) query \(row)")
        }
      }
      let predicted = try result.model.predict(queries.features).map {
        Int(data.classNames[$0]) ?? -99
      }
      XCTAssertEqual(predicted, fixture.inductive.predictions, name)
    }
  }

  func testFarAwayQueryGivesAZeroRowNotNaN() throws {
    let model = try GraphModel.labelSpreading(kernel: .rbf(gamma: 1)).fit(
      features: [0, 0, 1, 1], featureCount: 2, labels: [0, 1])
    let probabilities = try model.predictProbabilities(for: [1e6, 1e6])
    XCTAssertEqual(probabilities, [0, 0])
  }

  /// Every non-finite feature is found, wherever it is, and named by sample and feature.
  func testFitRejectsNonFiniteFeaturesAndBadLabels() {
    let featureCount = 3
    let labels = (0..<100).map { $0 % 10 == 0 ? $0 % 3 : -1 }
    let model = GraphModel.labelSpreading(kernel: .rbf(gamma: 0.5))
    for (index, bad) in [(0, Double.nan), (63, .infinity), (64, -.infinity), (299, .nan)] {
      var features = (0..<(100 * featureCount)).map { Double($0 % 7) }
      features[index] = bad
      XCTAssertThrowsError(
        try model.fit(features: features, featureCount: featureCount, labels: labels)
      ) {
        XCTAssertEqual(
          $0 as? LearningError,
          .nonFiniteFeature(sample: index / featureCount, feature: index % featureCount))
      }
    }
    let features = (0..<(100 * featureCount)).map { Double($0 % 7) }
    XCTAssertThrowsError(
      try model.fit(
        features: features, featureCount: featureCount,
        labels: [Int](repeating: -1, count: 100))
    ) { XCTAssertEqual($0 as? LearningError, .noLabeledSamples) }
    var negative = labels
    negative[5] = -2
    XCTAssertThrowsError(
      try model.fit(features: features, featureCount: featureCount, labels: negative)
    ) {
      XCTAssertEqual(
        $0 as? LearningError,
        .invalidParameter(name: "label", value: "-2", expected: ">= 0, or -1"))
    }
    // Labels need not be consecutive: the classes are the distinct codes, ascending.
    XCTAssertEqual(GraphModel.classes(in: [-1, 70_000, 4, -1, 4, 0]), [0, 4, 70_000])
    XCTAssertEqual(GraphModel.classes(in: [-1, 9, 2, 9]), [2, 9])
  }
}
