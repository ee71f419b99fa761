import DataSets
import XCTest

@testable import Learning

/// "Labeled" means a row that keeps a class for the fit, whatever the data file holds.
///
/// The combinations of issue 16: no `-1` rows, some `-1` rows, each with and
/// without `--labeled`.
final class LabeledCountTests: XCTestCase {
  /// 12 rows in 3 classes; every third row (from row 1) is unlabeled when `withUnlabeled`.
  private func data(withUnlabeled: Bool) -> DataSet {
    var features: [Double] = []
    var targets: [Int] = []
    for row in 0..<12 {
      let label = row % 3
      features += [Double(label) * 4 + Double(row) * 0.01, Double(row % 2)]
      targets.append(withUnlabeled && row % 3 == 1 ? -1 : label)
    }
    return DataSet(
      source: "t.csv", sha256: "", featureNames: ["a", "b"], features: features,
      targets: targets, classNames: ["0", "1", "2"])
  }

  private func experiment(labeled: Int?) -> Experiment {
    Experiment(
      seed: 3, samples: nil, labeled: labeled,
      model: .labelSpreading(kernel: .rbf(gamma: 0.5), maxIterations: 30), uncertainCount: 3)
  }

  func testWithoutUnlabeledRowsTheFirstShuffledRowsKeepTheirLabels() throws {
    let result = try experiment(labeled: 5).run(on: data(withUnlabeled: false))
    XCTAssertEqual(result.labeledCount, 5)
    XCTAssertEqual(result.trainingLabels.prefix(5).filter { $0 == -1 }.count, 0)
    XCTAssertEqual(result.trainingLabels.dropFirst(5).filter { $0 != -1 }.count, 0)
    XCTAssertEqual(result.evaluatedIndices, Array(5..<12))
  }

  func testWithoutUnlabeledRowsOrLabeledEveryRowIsLabeled() throws {
    let result = try experiment(labeled: nil).run(on: data(withUnlabeled: false))
    XCTAssertEqual(result.labeledCount, 12)
    XCTAssertEqual(result.evaluatedIndices, [])
  }

  func testUnlabeledRowsAreNotCountedAsLabeled() throws {
    let result = try experiment(labeled: nil).run(on: data(withUnlabeled: true))
    XCTAssertEqual(result.labeledCount, 8)
    XCTAssertEqual(result.trainingLabels.filter { $0 != -1 }.count, 8)
    XCTAssertEqual(result.evaluatedIndices, [])
  }

  func testLabeledKeepsThatManyOfTheLabeledRowsInShuffledOrder() throws {
    let data = data(withUnlabeled: true)
    let result = try experiment(labeled: 3).run(on: data)
    XCTAssertEqual(result.labeledCount, 3)
    let labeledInShuffle = result.sourceIndices.indices.filter { result.data.targets[$0] != -1 }
    let kept = result.trainingLabels.indices.filter { result.trainingLabels[$0] != -1 }
    XCTAssertEqual(kept, Array(labeledInShuffle.prefix(3)))
    // The hidden labeled rows are the ones scored; the -1 rows have nothing to score.
    XCTAssertEqual(result.evaluatedIndices, Array(labeledInShuffle.dropFirst(3)))
  }

  func testLabeledBeyondTheLabeledRowsIsRefused() {
    XCTAssertThrowsError(try experiment(labeled: 9).run(on: data(withUnlabeled: true))) {
      guard case .invalidParameter(let name, let value, _) = $0 as? LearningError else {
        return XCTFail("\($0)")
      }
      XCTAssertEqual(name, "labeled")
      XCTAssertEqual(value, "9")
    }
  }

  func testActiveLearningStartsFromTheLabeledRows() throws {
    let loop = ActiveLearning(
      seed: 1, samples: nil, initialLabeled: 4, rounds: 1, perRound: 2,
      model: .labelSpreading(kernel: .rbf(gamma: 0.5), maxIterations: 30))
    let rounds = try loop.run(on: data(withUnlabeled: true))
    XCTAssertEqual(rounds.first?.labeledCount, 4)
  }
}
