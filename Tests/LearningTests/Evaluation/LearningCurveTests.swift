import DataSets
import Foundation
import XCTest

@testable import Learning

/// Learning curves and the nearest-neighbour baseline against `scripts/make_curve_fixtures.py`.
final class LearningCurveTests: XCTestCase {
  private struct CurveFixture: Decodable {
    struct Point: Decodable {
      let model: String
      let labeled: Int
      let seed: UInt32
      let evaluated: Int
      let accuracy: Double
      let macroF1: Double
      enum CodingKeys: String, CodingKey {
        case model, labeled, seed, evaluated, accuracy
        case macroF1 = "macro_f1"
      }
    }
    struct Summary: Decodable {
      let model: String
      let labeled: Int
      let runs: Int
      let mean: Double
      let std: Double
      let min: Double
      let max: Double
      let meanMacroF1: Double
      enum CodingKeys: String, CodingKey {
        case model, labeled, runs, mean, std, min, max
        case meanMacroF1 = "mean_macro_f1"
      }
    }
    let samples: Int
    let labeled: [Int]
    let seeds: [UInt32]
    let gamma: Double
    let spreadingMaxIter: Int
    let propagationMaxIter: Int
    let models: [String]
    let points: [Point]
    let summary: [Summary]
    enum CodingKeys: String, CodingKey {
      case samples, labeled, seeds, gamma, models, points, summary
      case spreadingMaxIter = "spreading_max_iter"
      case propagationMaxIter = "propagation_max_iter"
    }
  }

  private struct TieFixture: Decodable {
    let train: [[Double]]
    let labels: [Int]
    let queries: [[Double]]
    let neighbors: [Int]
    let predictions: [Int]
    let tiedAcrossClasses: [Bool]
    enum CodingKeys: String, CodingKey {
      case train, labels, queries, neighbors, predictions
      case tiedAcrossClasses = "tied_across_classes"
    }
  }

  /// The fixture's models under the names the fixture uses.
  private func curve(for fixture: CurveFixture) -> LearningCurve {
    let models: [CurveModel] = fixture.models.map { name in
      switch name {
      case "label spreading":
        .graph(
          name: name,
          .labelSpreading(
            kernel: .rbf(gamma: fixture.gamma), maxIterations: fixture.spreadingMaxIter))
      case "label propagation":
        .graph(
          name: name,
          .labelPropagation(
            kernel: .rbf(gamma: fixture.gamma), maxIterations: fixture.propagationMaxIter))
      default: .supervisedNearestNeighbor
      }
    }
    return LearningCurve(
      labeledCounts: fixture.labeled, seeds: fixture.seeds, samples: fixture.samples,
      models: models)
  }

  private func swiftName(_ fixtureName: String) -> String {
    fixtureName == "nearest neighbor" ? CurveModel.nearestNeighborName : fixtureName
  }

  func testDigitsPointsAndSummaryMatchScikitLearn() throws {
    let fixture = try Fixtures.decode(CurveFixture.self, "curve_digits.json")
    let result = try curve(for: fixture).run(on: DataSet.digits())

    XCTAssertEqual(result.points.count, fixture.points.count)
    for (actual, expected) in zip(result.points, fixture.points) {
      let label = "\(expected.model) labeled \(expected.labeled) seed \(expected.seed)"
      XCTAssertEqual(actual.model, swiftName(expected.model), label)
      XCTAssertEqual(actual.labeled, expected.labeled, label)
      XCTAssertEqual(actual.seed, expected.seed, label)
      XCTAssertEqual(actual.evaluated, expected.evaluated, label)
      assertClose(actual.accuracy, expected.accuracy, absolute: 1e-12, relative: 0, label)
      assertClose(actual.macroF1, expected.macroF1, absolute: 1e-12, relative: 0, label)
    }

    XCTAssertEqual(result.summary.count, fixture.summary.count)
    for (actual, expected) in zip(result.summary, fixture.summary) {
      let label = "\(expected.model) labeled \(expected.labeled)"
      XCTAssertEqual(actual.model, swiftName(expected.model), label)
      XCTAssertEqual(actual.labeled, expected.labeled, label)
      XCTAssertEqual(actual.runs, expected.runs, label)
      assertClose(actual.mean, expected.mean, absolute: 1e-12, relative: 0, "\(label) mean")
      assertClose(
        actual.standardDeviation, expected.std, absolute: 1e-12, relative: 0, "\(label) std")
      XCTAssertEqual(actual.minimum, expected.min, label)
      XCTAssertEqual(actual.maximum, expected.max, label)
      assertClose(
        actual.meanMacroF1, expected.meanMacroF1, absolute: 1e-12, relative: 0,
        "\(label) macro F1")
    }
  }

  func testNearestNeighborBreaksExactTiesByLowestIndexLikeScikitLearn() throws {
    let fixture = try Fixtures.decode(TieFixture.self, "curve_ties.json")
    let width = try XCTUnwrap(fixture.train.first).count
    let classifier = try NearestNeighborClassifier(
      features: fixture.train.flatMap { $0 }, featureCount: width, labels: fixture.labels)
    let queries = fixture.queries.flatMap { $0 }
    XCTAssertEqual(try classifier.nearestTrainingSamples(for: queries), fixture.neighbors)
    XCTAssertEqual(try classifier.predict(queries), fixture.predictions)
    XCTAssertGreaterThanOrEqual(fixture.tiedAcrossClasses.filter { $0 }.count, 6)
    XCTAssertEqual(classifier.classes, [0, 1, 2, 3, 4])
  }

  func testNearestNeighborTieOnATinyExample() throws {
    // Both training points are at squared distance 1 from the query; the first wins.
    let classifier = try NearestNeighborClassifier(
      features: [1, 0, -1, 0, 5, 5], featureCount: 2, labels: [7, 3, 7])
    XCTAssertEqual(try classifier.predict([0, 0, -1, 0.25, 5, 5]), [7, 3, 7])
    let reversed = try NearestNeighborClassifier(
      features: [-1, 0, 1, 0], featureCount: 2, labels: [3, 7])
    XCTAssertEqual(try reversed.predict([0, 0]), [3])
  }

  func testNearestNeighborRejectsBadInput() {
    XCTAssertThrowsError(
      try NearestNeighborClassifier(features: [], featureCount: 2, labels: [])
    ) { XCTAssertEqual($0 as? LearningError, .noLabeledSamples) }
    XCTAssertThrowsError(
      try NearestNeighborClassifier(features: [1, 2, 3], featureCount: 2, labels: [0, 1]))
    XCTAssertThrowsError(
      try NearestNeighborClassifier(features: [1, 2], featureCount: 2, labels: [-1]))
    XCTAssertThrowsError(
      try NearestNeighborClassifier(features: [1, .nan], featureCount: 2, labels: [0])
    ) { XCTAssertEqual($0 as? LearningError, .nonFiniteFeature(sample: 0, feature: 1)) }
    XCTAssertThrowsError(
      try NearestNeighborClassifier(features: [1e300, 0], featureCount: 2, labels: [0]))
    do {
      let classifier = try NearestNeighborClassifier(
        features: [0, 0], featureCount: 2, labels: [0])
      XCTAssertThrowsError(try classifier.predict([1, 2, 3]))
      XCTAssertThrowsError(try classifier.predict([.infinity, 0]))
      XCTAssertEqual(try classifier.predict([]), [])
    } catch {
      XCTFail("\(error)")
    }
  }

  func testSameResultOnOneThreadAndOnAllCores() throws {
    let data = DataSet.digits()
    let curve = LearningCurve(labeledCounts: [10, 40, 120], seeds: [0, 1, 2, 3], samples: 150)
    let calls = CallLog()
    let parallel = try curve.run(
      on: data, progress: { done, total in calls.record(done, total) }, concurrently: true)
    let again = try curve.run(on: data)
    let serial = try curve.run(on: data, progress: nil, concurrently: false)
    XCTAssertEqual(parallel.points, serial.points)
    XCTAssertEqual(parallel.points, again.points)
    XCTAssertEqual(parallel.summary, serial.summary)
    XCTAssertEqual(parallel.points.count, 3 * 3 * 4)

    // Fixed order: model, then count, then seed.
    var expected: [String] = []
    for model in LearningCurve.defaultModels {
      for labeled in [10, 40, 120] {
        for seed in 0..<4 { expected.append("\(model.name) \(labeled) \(seed)") }
      }
    }
    XCTAssertEqual(parallel.points.map { "\($0.model) \($0.labeled) \($0.seed)" }, expected)
    XCTAssertEqual(parallel.summary.map(\.runs), [Int](repeating: 4, count: 9))

    let log = calls.entries
    XCTAssertEqual(log.count, 36)
    XCTAssertEqual(Set(log.map(\.done)), Set(1...36))
    XCTAssertTrue(log.allSatisfy { $0.total == 36 })
  }

  func testCurvePointEqualsTheMatchingExperiment() throws {
    let data = DataSet.digits()
    let model = GraphModel.labelSpreading(kernel: .rbf(gamma: 0.25), maxIterations: 20)
    let curve = LearningCurve(
      labeledCounts: [25], seeds: [7], samples: 300, standardize: true,
      models: [.graph(name: "spreading", model)])
    let point = try XCTUnwrap(curve.run(on: data).points.first)
    let experiment = try Experiment(
      seed: 7, samples: 300, labeled: 25, standardize: true, model: model
    ).run(on: data)
    let report = try XCTUnwrap(experiment.report)
    XCTAssertEqual(point.accuracy, report.accuracy)
    XCTAssertEqual(point.macroF1, report.macroAverage.f1)
    XCTAssertEqual(point.evaluated, 275)
  }

  func testBaselineSeesTheSamplesExperimentSelects() throws {
    let data = DataSet.digits()
    for standardize in [false, true] {
      let experiment = try Experiment(seed: 3, samples: 250, labeled: 30, standardize: standardize)
        .run(on: data)
      let selection = LearningCurve.selection(
        of: data, seed: 3, samples: 250, standardize: standardize)
      XCTAssertEqual(selection, experiment.data, "standardize \(standardize)")
    }
  }

  func testDefaults() {
    let curve = LearningCurve()
    XCTAssertEqual(curve.labeledCounts, [10, 20, 40, 80, 160, 320])
    XCTAssertEqual(curve.seeds, Array(0...9))
    XCTAssertEqual(curve.samples, 340)
    XCTAssertFalse(curve.standardize)
    XCTAssertEqual(
      curve.models.map(\.name),
      ["Label Spreading", "Label Propagation", CurveModel.nearestNeighborName])
  }

  func testInvalidCountsAndParametersThrow() {
    let data = DataSet.digits()
    func expectInvalid(
      _ curve: LearningCurve, _ name: String, file: StaticString = #filePath, line: UInt = #line
    ) {
      XCTAssertThrowsError(try curve.run(on: data), file: file, line: line) { error in
        guard case .invalidParameter(let actual, _, _) = error as? LearningError else {
          return XCTFail("unexpected error \(error)", file: file, line: line)
        }
        XCTAssertEqual(actual, name, file: file, line: line)
      }
    }
    expectInvalid(LearningCurve(labeledCounts: [10, 340]), "labeled")
    expectInvalid(LearningCurve(labeledCounts: [400]), "labeled")
    expectInvalid(LearningCurve(labeledCounts: [0]), "labeled")
    expectInvalid(LearningCurve(labeledCounts: [-5]), "labeled")
    expectInvalid(LearningCurve(labeledCounts: [10, 10]), "labeled")
    expectInvalid(LearningCurve(labeledCounts: [1797], samples: nil), "labeled")
    expectInvalid(LearningCurve(labeledCounts: []), "labeled counts")
    expectInvalid(LearningCurve(seeds: []), "seeds")
    expectInvalid(LearningCurve(seeds: [1, 2, 1]), "seed")
    expectInvalid(LearningCurve(samples: 1), "samples")
    expectInvalid(LearningCurve(samples: 5000), "samples")
    expectInvalid(LearningCurve(models: []), "models")
    expectInvalid(
      LearningCurve(models: [.supervisedNearestNeighbor, .supervisedNearestNeighbor]),
      "model name")
    expectInvalid(
      LearningCurve(models: [.graph(name: "bad", .labelSpreading(kernel: .rbf(gamma: 0)))]),
      "gamma")

    // The largest valid count: one unlabeled sample left to score.
    let edge = LearningCurve(
      labeledCounts: [19], seeds: [4], samples: 20, models: [.supervisedNearestNeighbor])
    XCTAssertEqual((try? edge.run(on: data))?.points.first?.evaluated, 1)
  }

  func testUnlabeledSamplesWithoutGroundTruthCannotBeScored() throws {
    // Five rows; after RandomState(0)'s shuffle, only the first two have classes.
    var random = RandomState(seed: 0)
    let order = random.permutation(5)
    var targets = [Int](repeating: -1, count: 5)
    targets[order[0]] = 0
    targets[order[1]] = 1
    let data = DataSet(
      source: "test", sha256: "", featureNames: ["x"], features: [0, 1, 2, 3, 4],
      targets: targets, classNames: ["a", "b"])
    for model: CurveModel in [
      .supervisedNearestNeighbor,
      .graph(name: "spreading", .labelSpreading(kernel: .rbf(gamma: 1))),
    ] {
      let curve = LearningCurve(labeledCounts: [2], seeds: [0], samples: nil, models: [model])
      XCTAssertThrowsError(try curve.run(on: data), model.name) { error in
        guard case .invalidParameter(let name, _, _) = error as? LearningError else {
          return XCTFail("unexpected error \(error)")
        }
        XCTAssertEqual(name, "labeled")
      }
    }
  }
}

/// Progress calls collected from worker threads.
private final class CallLog: @unchecked Sendable {
  private let lock = NSLock()
  private var log: [(done: Int, total: Int)] = []

  func record(_ done: Int, _ total: Int) {
    lock.lock()
    defer { lock.unlock() }
    log.append((done, total))
  }

  var entries: [(done: Int, total: Int)] {
    lock.lock()
    defer { lock.unlock() }
    return log
  }
}
