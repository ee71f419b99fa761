import DataSets
import Foundation
import XCTest

@testable import Learning

/// The numbers behind a report's "What this means", against SciPy and scikit-learn
/// (`scripts/make_interpretation_fixtures.py`, `interpretation.json`).
final class RunDiagnosticsTests: XCTestCase {
  struct Fixture: Decodable {
    struct Wilson: Decodable {
      var successes: Int
      var trials: Int
      var low: Double
      var high: Double
    }

    struct Case: Decodable {
      var name: String
      var data: String
      var seed: UInt32
      var samples: Int
      var labeled: Int
      var model: String
      var gamma: Double
      var standardize: Bool
      var scored: Int
      var correct: Int
      var baselineAccuracy: Double
      var agreementWithBaseline: Double
      var medianLargestWeightShare: Double
      var samplesExamined: Int
    }

    var wilson: [Wilson]
    var cases: [Case]
  }

  private func fixture() throws -> Fixture {
    let decoder = JSONDecoder()
    decoder.keyDecodingStrategy = .convertFromSnakeCase
    return try decoder.decode(
      Fixture.self, from: Data(contentsOf: Fixtures.url("interpretation.json")))
  }

  func testWilsonIntervalsMatchSciPy() throws {
    for entry in try fixture().wilson {
      let interval = try XCTUnwrap(
        WilsonInterval(successes: entry.successes, trials: entry.trials))
      XCTAssertEqual(interval.low, entry.low, accuracy: 1e-12, "\(entry.successes)/\(entry.trials)")
      XCTAssertEqual(interval.high, entry.high, accuracy: 1e-12)
    }
    XCTAssertNil(WilsonInterval(successes: 0, trials: 0))
  }

  func testDiagnosticsMatchScikitLearn() throws {
    for entry in try fixture().cases {
      let data: DataSet =
        entry.data == "digits"
        ? DataSet.digits()
        : try DataSet.loadCSV(path: Fixtures.url("iris.csv").path)
      let kernel = Kernel.rbf(gamma: entry.gamma)
      let model: GraphModel =
        entry.model == "spreading"
        ? .labelSpreading(kernel: kernel, maxIterations: 20)
        : .labelPropagation(kernel: kernel, maxIterations: 1000)
      let result = try Experiment(
        seed: entry.seed, samples: entry.samples, labeled: entry.labeled,
        standardize: entry.standardize, model: model
      ).run(on: data)
      let diagnostics = try result.diagnostics()
      XCTAssertEqual(diagnostics.scored, entry.scored, entry.name)
      XCTAssertEqual(diagnostics.correct, entry.correct, entry.name)
      XCTAssertEqual(
        try XCTUnwrap(diagnostics.baselineAccuracy), entry.baselineAccuracy, accuracy: 1e-12,
        entry.name)
      XCTAssertEqual(
        try XCTUnwrap(diagnostics.agreementWithBaseline), entry.agreementWithBaseline,
        accuracy: 1e-12, entry.name)
      XCTAssertEqual(
        try XCTUnwrap(diagnostics.medianLargestWeightShare), entry.medianLargestWeightShare,
        accuracy: 1e-9, entry.name)
      XCTAssertEqual(diagnostics.samplesExamined, entry.samplesExamined, entry.name)
    }
  }

  /// Two labeled samples at one point, of classes a and b, among other samples of class a:
  /// a outweighs b everywhere, so b is never predicted for an unlabeled sample.
  func testAClassOutweighedEverywhereIsNeverPredicted() throws {
    let positions: [Double] = [0, 0.5, 0.5, 1, 0.1, 0.2, 0.3, 0.4, 0.6, 0.7, 0.8, 0.9]
    let targets = [0, 0, 1, 0] + Array(repeating: -1, count: 8)
    let data = DataSet(
      source: "line", sha256: "", featureNames: ["x"], features: positions, targets: targets,
      classNames: ["a", "b"])
    let result = try Experiment(
      seed: 0, samples: nil, labeled: nil,
      model: .labelSpreading(kernel: .rbf(gamma: 1), maxIterations: 50), uncertainCount: 3
    ).run(on: data)
    let diagnostics = try result.diagnostics()
    XCTAssertEqual(diagnostics.neverPredicted.map(\.classCode), [1])
    XCTAssertEqual(diagnostics.scored, 0)
    XCTAssertNil(diagnostics.accuracyInterval)
    XCTAssertNil(diagnostics.baselineAccuracy)
  }

  /// With one labeled class every distribution is that class alone: entropy 0 everywhere.
  func testOneLabeledClassLeavesNothingUncertain() throws {
    let positions: [Double] = [0, 0.1, 0.2, 0.3, 0.4, 0.5]
    let data = DataSet(
      source: "line", sha256: "", featureNames: ["x"], features: positions,
      targets: [0, -1, -1, -1, -1, -1], classNames: ["a"])
    let result = try Experiment(
      seed: 0, samples: nil, labeled: nil,
      model: .labelPropagation(kernel: .rbf(gamma: 1), maxIterations: 100), uncertainCount: 4
    ).run(on: data)
    let diagnostics = try result.diagnostics()
    XCTAssertEqual(result.uncertain.count, 4)
    XCTAssertEqual(diagnostics.zeroEntropyUncertain, 4)
    XCTAssertEqual(diagnostics.neverPredicted.count, 0)
  }
}
