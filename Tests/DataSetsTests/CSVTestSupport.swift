import XCTest

@testable import DataSets

/// The name every inline CSV is parsed under.
let testFileName = "t.csv"

/// Parses `text` as the CSV file `t.csv`.
func parseCSV(_ text: String, limits: CSVLimits = .default) throws(DataError) -> CSVTable {
  try CSVTable.parse(Array(text.utf8), fileName: testFileName, limits: limits)
}

/// Loads `text` as the CSV data set `t.csv`.
func loadCSV(_ text: String, target: String? = nil) throws(DataError) -> DataSet {
  try DataSet.fromCSV(
    bytes: Array(text.utf8), fileName: testFileName,
    options: CSVDataSetOptions(targetColumn: target))
}

/// Checks that `body` fails with a `DataError` of `kind` at `line` and `column`
/// whose message contains every string of `mentions`, and that its one-line
/// description starts with the file and position.
func assertDataError<Result>(
  _ kind: DataError.Kind, line: Int?, column: Int?, exitCode: Int32 = 65,
  mentions: [String] = [], file: String = testFileName,
  sourceFile: StaticString = #filePath, sourceLine: UInt = #line,
  _ body: () throws -> Result
) {
  do {
    let result = try body()
    XCTFail("expected a \(kind) error, got \(result)", file: sourceFile, line: sourceLine)
  } catch let error as DataError {
    XCTAssertEqual(error.kind, kind, error.description, file: sourceFile, line: sourceLine)
    XCTAssertEqual(error.line, line, "line of \(error)", file: sourceFile, line: sourceLine)
    XCTAssertEqual(error.column, column, "column of \(error)", file: sourceFile, line: sourceLine)
    XCTAssertEqual(error.exitCode, exitCode, error.description, file: sourceFile, line: sourceLine)
    XCTAssertEqual(error.file, file, file: sourceFile, line: sourceLine)
    for text in mentions {
      XCTAssertTrue(
        error.message.contains(text), "\(error) should mention \(text)",
        file: sourceFile, line: sourceLine)
    }
    let place = [line, column].compactMap { $0 }.map { ":\($0)" }.joined()
    XCTAssertTrue(
      error.description.hasPrefix("\(file)\(place): "), error.description,
      file: sourceFile, line: sourceLine)
    XCTAssertFalse(
      error.description.contains(where: \.isNewline), error.description,
      file: sourceFile, line: sourceLine)
  } catch {
    XCTFail("expected a DataError, got \(error)", file: sourceFile, line: sourceLine)
  }
}

/// A small deterministic generator (SplitMix64) for generated inputs.
struct SplitMix64: RandomNumberGenerator {
  var state: UInt64

  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}
