import DataSets
import XCTest

@testable import Learning

/// The two corners `scripts/make_corner_fixtures.py` records from scikit-learn 1.9.1.
final class CornerCaseTests: XCTestCase {
  private struct Corners: Decodable {
    struct Unreached: Decodable {
      let seed: UInt32
      let samples: Int
      let labeled: Int
      let gamma: Double
      let maxIter: Int
      let uncertain: Int
      let unreached: [Int]
      let entropies: [Double?]
      let sklearnArgsortTail: [Int]
    }
    struct Report: Decodable {
      let truth: [Int]
      let predicted: [Int]
      let reportText: String
      let seed: UInt32?
      let samples: Int?
      let labeled: Int?
    }
    let unreached: [Unreached]
    let reports: [Report]
    let experimentReports: [Report]
  }

  private func corners() throws -> Corners {
    let decoder = JSONDecoder()
    decoder.keyDecodingStrategy = .convertFromSnakeCase
    return try decoder.decode(Corners.self, from: Data(contentsOf: Fixtures.url("corners.json")))
  }

  /// `report --samples 20 --labeled 1 --seed 9 --model propagation --gamma 0.3 --max-iter 1`:
  /// the samples no label reached are the most uncertain, by index, as NumPy's NaN-last sort has them.
  func testSamplesNoLabelReachedRankAsMostUncertainByIndex() throws {
    for fixture in try corners().unreached {
      let experiment = Experiment(
        seed: fixture.seed, samples: fixture.samples, labeled: fixture.labeled,
        model: .labelPropagation(
          kernel: .rbf(gamma: fixture.gamma), maxIterations: fixture.maxIter),
        uncertainCount: fixture.uncertain)
      let result = try experiment.run(on: DataSet.digits())
      let unreached = (0..<fixture.samples).filter { result.model.hasEmptyDistribution($0) }
      XCTAssertEqual(unreached, fixture.unreached, "the samples scipy gives a NaN entropy")
      for (sample, expected) in fixture.entropies.enumerated() {
        if let expected { assertClose(result.entropies[sample], expected, "entropy \(sample)") }
      }
      let picked = fixture.sklearnArgsortTail
      let nanCount = min(fixture.unreached.count, fixture.uncertain)
      // The unreached come first, lowest index first; scikit-learn picked the same
      // number of them (its order among them is NumPy's, not fixed).
      XCTAssertEqual(Array(result.uncertain.prefix(nanCount)), Array(unreached.prefix(nanCount)))
      XCTAssertEqual(
        Set(picked.suffix(nanCount)).isSubset(of: Set(fixture.unreached)), true,
        "scikit-learn's last picks are unreached samples")
      XCTAssertEqual(result.uncertain.count, picked.count)
      // Beyond them, only samples of the highest remaining entropy.
      let rest = result.uncertain.dropFirst(nanCount)
      let restEntropies = Set(rest.map { fixture.entropies[$0] })
      XCTAssertEqual(
        restEntropies, Set(picked.prefix(picked.count - nanCount).map { fixture.entropies[$0] }))
    }
  }

  func testRankingPutsUndefinedEntropiesFirstByIndex() {
    let entropies: [Double?] = [0.5, nil, 0.7, 0.5, nil, 0.1]
    XCTAssertEqual(mostUncertainFirst(entropies, count: 6), [1, 4, 2, 3, 0, 5])
    XCTAssertEqual(mostUncertainFirst(entropies, count: 3), [1, 4, 2])
    XCTAssertEqual(mostUncertainFirst(entropies, count: 9), [1, 4, 2, 3, 0, 5])
    XCTAssertEqual(mostUncertainFirst([], count: 2), [])
  }

  /// No scored sample right: scikit-learn prints the supports as `1.0`.
  func testClassificationReportWithoutATruePositivePrintsFloatSupports() throws {
    for fixture in try corners().reports {
      let names = (0...9).map(String.init)
      let report = ClassificationReport(
        truth: fixture.truth, predicted: fixture.predicted, classNames: names)
      XCTAssertEqual(report.text(), fixture.reportText)
    }
  }

  /// `report --samples 2 --labeled 1 --seed 0`, through the tool's own procedure.
  func testExperimentWithoutATruePositiveMatchesScikitLearn() throws {
    for fixture in try corners().experimentReports {
      let result = try Experiment(
        seed: fixture.seed ?? 0, samples: fixture.samples, labeled: fixture.labeled
      ).run(on: DataSet.digits())
      XCTAssertEqual(result.report?.text(), fixture.reportText)
    }
  }
}

/// Exit codes of the model's errors (README table).
final class LearningErrorExitCodeTests: XCTestCase {
  func testNotEnoughMemoryIsNotABadDataExitCode() {
    XCTAssertEqual(LearningError.insufficientMemory(required: 10, available: 1).exitCode, 71)
    XCTAssertEqual(LearningError.noLabeledSamples.exitCode, 65)
    XCTAssertEqual(
      LearningError.invalidParameter(name: "gamma", value: "0", expected: "> 0").exitCode, 64)
  }
}
