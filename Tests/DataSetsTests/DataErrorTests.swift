import XCTest

@testable import DataSets

/// The one-line error format and the exit codes.
final class DataErrorTests: XCTestCase {
  func testDescriptionShowsTheKnownParts() {
    let message = "something is wrong"
    XCTAssertEqual(
      DataError(kind: .invalidData, file: "a.csv", line: 3, column: 7, message: message)
        .description,
      "a.csv:3:7: something is wrong")
    XCTAssertEqual(
      DataError(kind: .invalidData, file: "a.csv", line: 3, message: message).description,
      "a.csv:3: something is wrong")
    XCTAssertEqual(
      DataError(kind: .missingFile, file: "dir/a b.csv", message: "no such file").description,
      "dir/a b.csv: no such file")
  }

  func testExitCodes() {
    let codes: [(DataError.Kind, Int32)] = [
      (.missingFile, 66), (.isDirectory, 66), (.unreadable, 66), (.invalidEncoding, 65),
      (.malformedCSV, 65), (.invalidData, 65), (.tooLarge, 65),
    ]
    for (kind, code) in codes {
      XCTAssertEqual(DataError(kind: kind, file: "f", message: "m").exitCode, code, "\(kind)")
    }
  }

  func testQuotedValuesAreShortenedAndEscaped() {
    XCTAssertEqual(DataError.quoted("abc"), "\"abc\"")
    XCTAssertEqual(DataError.quoted(""), "\"\"")
    let forty = String(repeating: "x", count: 40)
    XCTAssertEqual(DataError.quoted(forty), "\"\(forty)\"")
    XCTAssertEqual(DataError.quoted(forty + "yz"), "\"\(forty)…\"")
    XCTAssertEqual(DataError.quoted(String(repeating: "é", count: 41)).count, 43)
    XCTAssertEqual(DataError.quoted("a\"b\\c"), #""a\"b\\c""#)
    XCTAssertEqual(DataError.quoted("a\nb\r\tc"), #""a\nb\r\tc""#)
    XCTAssertEqual(DataError.quoted("\u{7}\u{0}\u{85}"), #""\u{7}\u{0}\u{85}""#)
    XCTAssertEqual(DataError.quoted("a\u{2028}b\u{202E}c"), #""a\u{2028}b\u{202E}c""#)
    XCTAssertEqual(DataError.quoted("名前 👍🏽"), "\"名前 👍🏽\"")
  }

  func testDescriptionStaysOnOneLine() {
    let error = DataError(
      kind: .invalidData, file: "evil\nname.csv", line: 1, column: 1,
      message: "holds \(DataError.quoted("x\ny")) and\nmore")
    XCTAssertEqual(error.description, #"evil\nname.csv:1:1: holds "x\ny" and\nmore"#)
  }

  func testParserErrorsQuoteLongFieldsBriefly() {
    let long = String(repeating: "v", count: 5000)
    assertDataError(.invalidData, line: 2, column: 1, mentions: ["…\""]) {
      try loadCSV("x,t\n\(long),1\n")
    }
    do {
      _ = try loadCSV("x,t\n\(long),1\n")
    } catch {
      XCTAssertLessThan(error.description.count, 200, error.description)
    }
  }
}
