import XCTest

@testable import Learning

/// Fold assignments against `scripts/make_tuning_fixtures.py` (scikit-learn's `StratifiedKFold`).
final class StratifiedKFoldTests: XCTestCase {
  private struct Fixture: Decodable {
    struct Case: Decodable {
      let name: String
      let y: [Int]
      let nSplits: Int
      let seed: UInt32
      let testFolds: [Int]?
      let warning: String?
      let error: String?
      enum CodingKeys: String, CodingKey {
        case name, y, seed, warning, error
        case nSplits = "n_splits"
        case testFolds = "test_folds"
      }
    }
    let cases: [Case]
  }

  func testAssignmentsEqualScikitLearn() throws {
    let fixture = try Fixtures.decode(Fixture.self, "stratified_kfold.json")
    XCTAssertGreaterThanOrEqual(fixture.cases.count, 10)
    var warned = 0
    for testCase in fixture.cases {
      let splitter = StratifiedKFold(folds: testCase.nSplits, seed: testCase.seed)
      if let expectedFolds = testCase.testFolds {
        let assignment = try splitter.assign(classes: testCase.y)
        XCTAssertEqual(assignment.testFolds, expectedFolds, testCase.name)
        XCTAssertEqual(assignment.warning, testCase.warning, testCase.name)
        warned += testCase.warning == nil ? 0 : 1
        // The test sets partition the samples, in fold order and ascending.
        let sets = assignment.testSets
        XCTAssertEqual(sets.count, testCase.nSplits, testCase.name)
        for fold in 0..<testCase.nSplits {
          XCTAssertEqual(sets[fold], expectedFolds.indices.filter { expectedFolds[$0] == fold })
          XCTAssertEqual(assignment.testIndices(fold), sets[fold])
        }
      } else {
        XCTAssertNotNil(testCase.error, testCase.name)
        XCTAssertThrowsError(try splitter.assign(classes: testCase.y), testCase.name) { error in
          guard case .invalidParameter(let name, _, _) = error as? LearningError else {
            return XCTFail("unexpected error \(error)")
          }
          XCTAssertEqual(name, "folds")
        }
      }
    }
    XCTAssertGreaterThanOrEqual(warned, 3, "cases with a class smaller than K")
  }

  func testFewerThanTwoFoldsIsRefused() {
    XCTAssertThrowsError(try StratifiedKFold(folds: 1, seed: 0).assign(classes: [0, 1, 0, 1]))
  }

  func testSeedsChangeTheAssignment() throws {
    let classes = (0..<40).map { $0 % 3 }
    let first = try StratifiedKFold(folds: 5, seed: 0).assign(classes: classes).testFolds
    let second = try StratifiedKFold(folds: 5, seed: 1).assign(classes: classes).testFolds
    XCTAssertNotEqual(first, second)
  }
}
