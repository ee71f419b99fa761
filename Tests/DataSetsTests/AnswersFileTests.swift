import XCTest

@testable import DataSets

/// A person's answers file: read, and each way it can disagree with the data, by line.
final class AnswersFileTests: XCTestCase {
  /// Four rows, classes `cat` and `dog`; rows 2 and 3 are unlabeled.
  private let data = DataSet(
    source: "pets.csv", sha256: "", featureNames: ["x"], features: [0, 1, 2, 3],
    targets: [0, 1, -1, -1], classNames: ["cat", "dog"])

  private func answers(_ text: String) throws -> AnswersFile {
    try AnswersFile.parse(bytes: Array(text.utf8), fileName: "a.csv")
  }

  private func assertRefused(
    _ text: String, line: Int, mentions: [String], allowNewClasses: Bool = false,
    file: StaticString = #filePath, sourceLine: UInt = #line
  ) {
    do {
      let parsed = try answers(text)
      _ = try parsed.resolve(against: data, allowNewClasses: allowNewClasses)
      XCTFail("accepted \(text)", file: file, line: sourceLine)
    } catch let error as DataError {
      XCTAssertEqual(error.exitCode, 65, file: file, line: sourceLine)
      XCTAssertTrue(
        error.description.hasPrefix("a.csv:\(line)"), error.description, file: file,
        line: sourceLine)
      for text in mentions {
        XCTAssertTrue(
          error.description.contains(text), error.description, file: file, line: sourceLine)
      }
    } catch {
      XCTFail("\(error)", file: file, line: sourceLine)
    }
  }

  func testFilledInQueriesAreAnswers() throws {
    let file = try answers(
      "query,index,source_index,predicted,label\n1,5,2,cat, dog \n2,7,3,dog,\n3,1,1,dog,dog\n")
    XCTAssertEqual(file.answers.map(\.sourceIndex), [2, 1])
    XCTAssertEqual(file.answers.map(\.label), ["dog", "dog"])
    XCTAssertEqual(file.answers.map(\.line), [2, 4])
    XCTAssertEqual(file.skipped, 1)
    let (resolved, codes) = try file.resolve(against: data)
    XCTAssertEqual(resolved, data)
    XCTAssertEqual(codes, [2: 1, 1: 1])
  }

  func testEveryBadAnswerIsRefusedWithItsLine() {
    assertRefused(
      "source_index,label\n2,cat\n3,cow\n", line: 3,
      mentions: ["\"cow\"", "not one of the data's classes", "--allow-new-classes"])
    assertRefused(
      "source_index,label\n2,cat\n4,dog\n", line: 3, mentions: ["out of range", "0 to 3"])
    assertRefused(
      "source_index,label\n2,cat\n3,dog\n2,dog\n", line: 4,
      mentions: ["twice", "line 2"])
    assertRefused(
      "source_index,label\n0,dog\n", line: 2, mentions: ["labeled \"cat\"", "pets.csv"])
    assertRefused("source_index,label\nx,dog\n", line: 2, mentions: ["not a data row"])
    assertRefused("row,label\n1,dog\n", line: 1, mentions: ["source_index"])
    assertRefused("source_index,class\n1,dog\n", line: 1, mentions: ["'label'"])
  }

  func testTheSameAnswerTwiceAndAMatchingAnswerAreFine() throws {
    let (_, codes) = try answers("source_index,label\n2,cat\n2,cat\n1,dog\n").resolve(
      against: data)
    XCTAssertEqual(codes, [2: 0, 1: 1])
  }

  func testNewClassesWhenAllowedJoinTheListInOrder() throws {
    let (resolved, codes) = try answers("source_index,label\n2,ant\n3,dog\n").resolve(
      against: data, allowNewClasses: true)
    XCTAssertEqual(resolved.classNames, ["ant", "cat", "dog"])
    XCTAssertEqual(resolved.targets, [1, 2, -1, -1])
    XCTAssertEqual(codes, [2: 0, 3: 2])
  }

  func testWholeNumberClassesCompareByValue() throws {
    let numbers = DataSet(
      source: "n.csv", sha256: "", featureNames: ["x"], features: [0, 1, 2],
      targets: [0, 1, -1], classNames: ["2", "10"])
    let (_, codes) = try answers("source_index,label\n2,10.0\n0,2\n").resolve(against: numbers)
    XCTAssertEqual(codes, [2: 1, 0: 0])
    let (grown, added) = try answers("source_index,label\n2,7\n").resolve(
      against: numbers, allowNewClasses: true)
    XCTAssertEqual(grown.classNames, ["2", "7", "10"])
    XCTAssertEqual(grown.targets, [0, 2, -1])
    XCTAssertEqual(added, [2: 1])
    XCTAssertThrowsError(
      try answers("source_index,label\n2,seven\n").resolve(against: numbers, allowNewClasses: true))
  }
}
