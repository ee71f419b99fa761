import DataSets
import Foundation
import XCTest

@testable import Learning

/// `scripts/make_owndata_fixtures.py`: wine with `-1` rows, standardised, as scikit-learn
/// queries, refits after a person's answers, and predicts held-out wines.
final class OwnDataFixtureTests: XCTestCase {
  private struct Case: Decodable {
    struct Order: Decodable {
      let samples: [Int]
      let sourceIndices: [Int]
      let scores: [Double]
      enum CodingKeys: String, CodingKey {
        case samples, scores
        case sourceIndices = "source_indices"
      }
    }
    struct Answered: Decodable {
      let yTrain: [Int]
      let labelDistributions: [[Double]]
      let transduction: [Int]
      let nIter: Int
      enum CodingKeys: String, CodingKey {
        case yTrain = "y_train"
        case labelDistributions = "label_distributions"
        case transduction
        case nIter = "n_iter"
      }
    }
    struct New: Decodable {
      let rows: [Int]
      let truth: [Int]
      let probabilities: [[Double]]
      let predictions: [Int]
      let answeredProbabilities: [[Double]]
      let answeredPredictions: [Int]
      enum CodingKeys: String, CodingKey {
        case rows, truth, probabilities, predictions
        case answeredProbabilities = "answered_probabilities"
        case answeredPredictions = "answered_predictions"
      }
    }
    let kernel: String
    let gamma: Double
    let nNeighbors: Int
    let seed: UInt32
    let classes: [String]
    let indices: [Int]
    let yTrain: [Int]
    let scalerMean: [Double]
    let scalerScale: [Double]
    let labelDistributions: [[Double]]
    let transduction: [Int]
    let nIter: Int
    let queries: [String: Order]
    let answered: Answered
    let new: New
    enum CodingKeys: String, CodingKey {
      case kernel, gamma, seed, classes, indices, transduction, queries, answered, new
      case nNeighbors = "n_neighbors"
      case yTrain = "y_train"
      case scalerMean = "scaler_mean"
      case scalerScale = "scaler_scale"
      case labelDistributions = "label_distributions"
      case nIter = "n_iter"
    }

    var model: GraphModel {
      .labelSpreading(
        kernel: kernel == "knn" ? .knn(neighbors: nNeighbors) : .rbf(gamma: gamma),
        alpha: 0.2, maxIterations: 20, tolerance: 1e-3)
    }
  }

  private func load(_ kernel: String) throws -> Case {
    try Fixtures.decode(Case.self, "owndata/owndata_\(kernel).json")
  }

  private func path(_ name: String) throws -> String {
    try Fixtures.url("owndata/\(name)").path
  }

  private func experiment(_ fixture: Case, answers: [Int: Int] = [:]) -> Experiment {
    var experiment = Experiment(
      seed: fixture.seed, samples: nil, labeled: nil, standardize: true, model: fixture.model,
      uncertainCount: 10)
    experiment.answers = answers
    return experiment
  }

  private func assertRows(
    _ actual: (Int) -> ArraySlice<Double>, _ expected: [[Double]], _ what: String
  ) {
    for (row, values) in expected.enumerated() {
      for (a, e) in zip(actual(row), values) {
        assertClose(a, e, absolute: 1e-9, relative: 1e-9, "\(what) row \(row)")
      }
    }
  }

  private func checkQueriesAndFit(_ kernel: String) throws {
    let fixture = try load(kernel)
    let data = try DataSet.loadCSV(path: path("wine_unl.csv"))
    XCTAssertEqual(data.classNames, fixture.classes)
    let result = try experiment(fixture).run(on: data)
    XCTAssertEqual(result.sourceIndices, fixture.indices)
    XCTAssertEqual(result.trainingLabels, fixture.yTrain)
    let scaler = try XCTUnwrap(result.scaler)
    for (a, e) in zip(scaler.means, fixture.scalerMean) { assertClose(a, e, "mean") }
    for (a, e) in zip(scaler.scales, fixture.scalerScale) { assertClose(a, e, "scale") }
    XCTAssertEqual(result.model.iterations, fixture.nIter)
    assertRows(result.model.distribution, fixture.labelDistributions, "\(kernel) distribution")
    XCTAssertEqual(result.transduction, fixture.transduction)

    for strategy in QueryStrategy.allCases {
      let expected = try XCTUnwrap(fixture.queries[strategy.rawValue])
      let chosen = Queries.choose(
        10, from: result.model, trainingLabels: result.trainingLabels,
        sourceIndices: result.sourceIndices, strategy: strategy, seed: fixture.seed)
      XCTAssertEqual(chosen.map(\.sample), expected.samples, "\(kernel) \(strategy)")
      XCTAssertEqual(chosen.map(\.sourceIndex), expected.sourceIndices, "\(kernel) \(strategy)")
      if strategy != .random {
        for (a, e) in zip(chosen.map(\.score), expected.scores) {
          assertClose(a, e, "\(kernel) \(strategy) score")
        }
      }
    }

    let new = try DataSet.loadCSV(path: path("wine_new.csv"))
    let predictions = try result.model.predictNewSamples(new.features, scaler: result.scaler)
    assertRows(predictions.distribution, fixture.new.probabilities, "\(kernel) predict_proba")
    XCTAssertEqual(predictions.predicted, fixture.new.predictions.map { $0 })
  }

  private func checkAnswers(_ kernel: String) throws {
    let fixture = try load(kernel)
    let data = try DataSet.loadCSV(path: path("wine_unl.csv"))
    let file = try AnswersFile.load(path: path("answers_\(kernel).csv"))
    XCTAssertEqual(file.answers.count, 10)
    XCTAssertEqual(file.skipped, 1)
    let (resolved, answers) = try file.resolve(against: data)
    XCTAssertEqual(resolved, data, "no new class: the data stays as read")
    let result = try experiment(fixture, answers: answers).run(on: data)
    XCTAssertEqual(result.trainingLabels, fixture.answered.yTrain)
    XCTAssertEqual(result.answeredSamples.count, 10)
    XCTAssertEqual(result.labeledCount, 50)
    XCTAssertEqual(result.model.iterations, fixture.answered.nIter)
    assertRows(
      result.model.distribution, fixture.answered.labelDistributions, "\(kernel) answered")
    XCTAssertEqual(result.transduction, fixture.answered.transduction)

    let new = try DataSet.loadCSV(path: path("wine_new.csv"))
    let predictions = try result.model.predictNewSamples(new.features, scaler: result.scaler)
    assertRows(
      predictions.distribution, fixture.new.answeredProbabilities, "\(kernel) answered predict")
    XCTAssertEqual(predictions.predicted, fixture.new.answeredPredictions.map { $0 })
  }

  func testRBFQueriesFitAndPredictions() throws { try checkQueriesAndFit("rbf") }
  func testKNNQueriesFitAndPredictions() throws { try checkQueriesAndFit("knn") }
  func testRBFAfterAnswers() throws { try checkAnswers("rbf") }
  func testKNNAfterAnswers() throws { try checkAnswers("knn") }

  func testAnEmptyDistributionIsAskedFirstAndPredictedAsNothing() throws {
    // Row 2 is so far away that no RBF weight reaches it.
    let model = try GraphModel.labelSpreading(kernel: .rbf(gamma: 10), maxIterations: 30).fit(
      features: [0, 1, 500, 0.4, 0.6], featureCount: 1, labels: [0, 1, -1, -1, -1])
    for strategy in [QueryStrategy.entropy, .margin] {
      let chosen = Queries.choose(
        3, from: model, trainingLabels: [0, 1, -1, -1, -1], sourceIndices: [4, 3, 2, 1, 0],
        strategy: strategy, seed: 0)
      XCTAssertEqual(chosen.first?.sample, 2, "\(strategy)")
      XCTAssertEqual(chosen.first?.entropy, log(2))
      // Rows 3 and 4 are mirror images: equal scores, the lower source row first.
      XCTAssertEqual(chosen.dropFirst().map(\.sourceIndex), [0, 1], "\(strategy)")
    }
    let predictions = try model.predictNewSamples([0.1, 1e6])
    XCTAssertEqual(predictions.predicted, [0, nil])
    XCTAssertEqual(Array(predictions.distribution(1)), [0, 0])
    XCTAssertFalse(predictions.probabilities.contains { $0.isNaN })
  }
}
