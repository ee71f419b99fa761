import DataSets
import XCTest

@testable import Learning

/// Cross-validated grids against `scripts/make_tuning_fixtures.py`, fold by fold.
final class TuningTests: XCTestCase {
  struct GridFixture: Decodable {
    struct Cell: Decodable {
      let model: String
      let kernel: String
      let gamma: Double?
      let neighbors: Int?
      let alpha: Double?
      let cvFolds: [Double]
      let cvFoldMacroF1: [Double]
      let cvMean: Double
      let cvStd: Double
      let cvMacroF1: Double
      let unlabeledAccuracy: Double?
      let cvFitsNotConverged: Int
      enum CodingKeys: String, CodingKey {
        case model, kernel, gamma, neighbors, alpha
        case cvFolds = "cv_folds"
        case cvFoldMacroF1 = "cv_fold_macro_f1"
        case cvMean = "cv_mean"
        case cvStd = "cv_std"
        case cvMacroF1 = "cv_macro_f1"
        case unlabeledAccuracy = "unlabeled_accuracy"
        case cvFitsNotConverged = "cv_fits_not_converged"
      }
    }
    let data: String
    let seed: UInt32
    let samples: Int
    let labeled: Int
    let standardize: Bool
    let kernel: String
    let values: [Double]
    let alphas: [Double]
    let models: [String]
    let maxIter: [String: Int]
    let tol: Double
    let nFolds: Int
    let foldSeed: UInt32
    let folds: [[Int]]
    let warnings: [String]
    let cells: [Cell]
    let best: Int
    let defaultGammas: [Double]?
    let medianNearestSquaredDistance: Double?
    enum CodingKeys: String, CodingKey {
      case data, seed, samples, labeled, standardize, kernel, values, alphas, models, tol, folds
      case warnings, cells, best
      case maxIter = "max_iter"
      case nFolds = "n_folds"
      case foldSeed = "fold_seed"
      case defaultGammas = "default_gammas"
      case medianNearestSquaredDistance = "median_nearest_squared_distance"
    }

    /// The selected samples and the labels the model sees, as `report` makes them.
    func selection() throws -> (data: DataSet, labels: [Int]) {
      let source: DataSet
      switch data {
      case "digits": source = DataSet.digits()
      case "iris":
        source = try DataSet.loadCSV(path: Fixtures.url("iris.csv").path, options: .init())
      default: throw CocoaError(.featureUnsupported)
      }
      let selected = source.shuffledSelection(seed: seed, count: samples, standardize: standardize)
        .data
      var labels = selected.targets
      for index in labeled..<samples { labels[index] = -1 }
      return (selected, labels)
    }

    var tuning: Tuning {
      Tuning(
        variants: models.map { GraphModelVariant(rawValue: $0)! },
        kernels: values.map { kernel == "rbf" ? .rbf(gamma: $0) : .knn(neighbors: Int($0)) },
        alphas: alphas, spreadingMaxIterations: maxIter["spreading"]!,
        propagationMaxIterations: maxIter["propagation"]!, tolerance: tol,
        folds: StratifiedKFold(folds: nFolds, seed: foldSeed))
    }
  }

  static func fixture(_ name: String) throws -> GridFixture {
    try Fixtures.decode(GridFixture.self, "tuning_\(name).json")
  }

  /// Runs the fixture's grid, or the part of it that `variants` and `values` keep, and
  /// compares every cell fold by fold.
  private func assertMatches(
    _ name: String, variants: [String]? = nil, values: [Double]? = nil
  ) throws {
    let fixture = try Self.fixture(name)
    let (data, labels) = try fixture.selection()
    var tuning = fixture.tuning
    let keptVariants = variants ?? fixture.models
    let keptValues = values ?? fixture.values
    tuning.variants = keptVariants.map { GraphModelVariant(rawValue: $0)! }
    tuning.kernels = keptValues.map {
      fixture.kernel == "rbf" ? .rbf(gamma: $0) : .knn(neighbors: Int($0))
    }
    let expectedCells = fixture.cells.filter {
      keptVariants.contains($0.model) && keptValues.contains($0.gamma ?? Double($0.neighbors ?? 0))
    }
    let result = try tuning.run(on: data, labels: labels)
    XCTAssertEqual(result.folds, fixture.folds)
    XCTAssertEqual(result.cells.count, expectedCells.count)
    if variants == nil, values == nil { XCTAssertEqual(result.bestIndex, fixture.best) }
    XCTAssertEqual(result.labeledCount, fixture.labeled)
    for warning in fixture.warnings { XCTAssert(result.warnings.contains(warning), warning) }
    for (cell, expected) in zip(result.cells, expectedCells) {
      let label =
        "\(expected.model) \(expected.gamma ?? Double(expected.neighbors ?? 0)) \(expected.alpha ?? -1)"
      XCTAssertEqual(cell.model.variant.rawValue, expected.model, label)
      XCTAssertEqual(cell.model.kernel.name, expected.kernel, label)
      switch cell.model.kernel {
      case .rbf(let gamma): XCTAssertEqual(gamma, expected.gamma, label)
      case .knn(let k): XCTAssertEqual(k, expected.neighbors, label)
      case .knnRBF: XCTFail("no knn-rbf fixture")
      }
      XCTAssertEqual(cell.alpha, expected.alpha, label)
      XCTAssertEqual(cell.foldAccuracies.count, expected.cvFolds.count, label)
      for (actual, wanted) in zip(cell.foldAccuracies, expected.cvFolds) {
        assertClose(actual, wanted, absolute: 1e-12, relative: 0, label)
      }
      for (actual, wanted) in zip(cell.foldMacroF1, expected.cvFoldMacroF1) {
        assertClose(actual, wanted, absolute: 1e-12, relative: 0, label)
      }
      assertClose(cell.mean, expected.cvMean, absolute: 1e-12, relative: 0, label)
      assertClose(cell.standardDeviation, expected.cvStd, absolute: 1e-12, relative: 0, label)
      assertClose(cell.macroF1, expected.cvMacroF1, absolute: 1e-12, relative: 0, label)
      let unlabeled = try XCTUnwrap(cell.unlabeledAccuracy, label)
      assertClose(
        unlabeled, try XCTUnwrap(expected.unlabeledAccuracy), absolute: 1e-12, relative: 0)
      XCTAssertEqual(cell.foldsNotConverged, expected.cvFitsNotConverged, label)
    }
  }

  /// The default grid's spreading cells (its propagation cells run up to 1,000
  /// iterations per fit, too slow for a debug build; the small grid and the kNN
  /// grid check propagation, and `scripts/bench` runs the whole grid).
  func testDigitsRBFDefaultGridEqualsScikitLearnFoldByFold() throws {
    try assertMatches("digits_rbf", variants: ["spreading"])
  }

  /// The default grid's propagation cells at the three smaller gammas.
  ///
  /// Up to 125 iterations a fit, side by side in one dense batch per gamma.
  /// The two larger gammas run 1,000 iterations a fit: `scripts/bench` runs them.
  func testDigitsRBFDefaultGridPropagationEqualsScikitLearnFoldByFold() throws {
    let fixture = try Self.fixture("digits_rbf")
    try assertMatches(
      "digits_rbf", variants: ["propagation"], values: Array(fixture.values.prefix(3)))
  }

  func testSmallDigitsGridEqualsScikitLearnFoldByFold() throws {
    try assertMatches("digits_small")
  }

  func testIrisKNNGridEqualsScikitLearnFoldByFold() throws {
    try assertMatches("iris_knn")
  }

  func testDefaultGammasFollowTheMedianNearestDistance() throws {
    let fixture = try Self.fixture("digits_rbf")
    let (data, _) = try fixture.selection()
    let defaults = try Tuning.defaultGammas(
      features: data.features, featureCount: data.featureCount)
    XCTAssertEqual(defaults.medianNearestSquaredDistance, fixture.medianNearestSquaredDistance)
    XCTAssertEqual(defaults.gammas, fixture.defaultGammas)
    // The fixture's grid is the default one.
    XCTAssertEqual(defaults.gammas, fixture.values)
    XCTAssertEqual(Tuning.defaultAlphas, fixture.alphas)
  }

  /// Every fit through the shared graph equals a separate `GraphModel.fit` to 1e-12.
  func testSharedGraphFitsEqualSeparateFits() throws {
    for name in ["digits_small", "iris_knn"] {
      let fixture = try Self.fixture(name)
      let (data, labels) = try fixture.selection()
      let tuning = fixture.tuning
      // The dense RBF graph (gamma 0.0026) for spreading, the sparse one (0.25) for both.
      for kernel in tuning.kernels {
        let graph = try ReusableGraph.build(
          kernel: kernel, features: data.features, featureCount: data.featureCount)
        for variant in tuning.variants {
          let normalized = graph.normalized(for: variant)
          for hidden in fixture.folds + [[]] {
            var foldLabels = labels
            for sample in hidden { foldLabels[sample] = -1 }
            let prepared = normalized.labeled(foldLabels)
            for model in tuning.cellModels
            where model.kernel == kernel && model.variant == variant
              && !(model.kernel == .rbf(gamma: 0.0026) && variant == .propagation)
            {
              let shared = try model.fit(
                prepared: prepared, labels: foldLabels, features: data.features,
                featureCount: data.featureCount)
              let separate = try model.fit(
                features: data.features, featureCount: data.featureCount, labels: foldLabels)
              XCTAssertEqual(shared.classes, separate.classes)
              XCTAssertEqual(shared.iterations, separate.iterations, "\(name) \(model.kernel)")
              XCTAssertEqual(shared.converged, separate.converged)
              XCTAssertEqual(shared.isolatedSamples, separate.isolatedSamples)
              XCTAssertEqual(shared.labelDistributions.count, separate.labelDistributions.count)
              var largest = 0.0
              for (a, b) in zip(shared.labelDistributions, separate.labelDistributions) {
                largest = max(largest, abs(a - b))
              }
              XCTAssertLessThanOrEqual(largest, 1e-12, "\(name) \(model.kernel) \(variant)")
            }
          }
        }
      }
    }
  }

  func testBestCellPrefersSmallerDeviationThenGridOrder() {
    func cell(_ mean: Double, _ deviation: Double) -> TuningCell {
      TuningCell(
        model: .labelSpreading(), foldAccuracies: [], foldMacroF1: [], mean: mean,
        standardDeviation: deviation, macroF1: 0, unlabeledAccuracy: nil, foldsNotConverged: 0,
        fullFitConverged: nil)
    }
    XCTAssertEqual(TuningResult.bestIndex(of: [cell(0.5, 0), cell(0.9, 0.2), cell(0.9, 0.1)]), 2)
    XCTAssertEqual(TuningResult.bestIndex(of: [cell(0.9, 0.1), cell(0.9, 0.1), cell(0.8, 0)]), 0)
    XCTAssertEqual(TuningResult.bestIndex(of: [cell(0.7, 0.3), cell(0.9, 0.3), cell(0.9, 0.3)]), 1)
  }

  func testNumpySumOrder() {
    // NumPy adds fewer than 8 values from the left, more in eight running sums.
    XCTAssertEqual(numpySum([1e16, 1, 1, 1, 1]), 1e16)
    XCTAssertEqual(numpySum([1e16] + [Double](repeating: 1, count: 12)), 1.0000000000000008e16)
  }

  func testGridChecksItsSettings() throws {
    let fixture = try Self.fixture("digits_small")
    let (data, labels) = try fixture.selection()
    var mixed = fixture.tuning
    mixed.kernels = [.rbf(gamma: 0.1), .knn(neighbors: 3)]
    XCTAssertThrowsError(try mixed.run(on: data, labels: labels))
    var repeated = fixture.tuning
    repeated.alphas = [0.2, 0.2]
    XCTAssertThrowsError(try repeated.run(on: data, labels: labels))
    var badAlpha = fixture.tuning
    badAlpha.alphas = [1.5]
    XCTAssertThrowsError(try badAlpha.run(on: data, labels: labels))
    var tooManyFolds = fixture.tuning
    tooManyFolds.folds = StratifiedKFold(folds: 41, seed: 0)
    XCTAssertThrowsError(try tooManyFolds.run(on: data, labels: labels))
  }

  func testUnknownTruthLeavesUnlabeledAccuracyOut() throws {
    let fixture = try Self.fixture("iris_knn")
    let selection = try fixture.selection()
    var data = selection.data
    let labels = selection.labels
    for index in fixture.labeled..<fixture.samples { data.targets[index] = -1 }
    let result = try fixture.tuning.run(on: data, labels: labels)
    XCTAssertEqual(result.scoredUnlabeledCount, 0)
    XCTAssert(result.cells.allSatisfy { $0.unlabeledAccuracy == nil })
  }
}
