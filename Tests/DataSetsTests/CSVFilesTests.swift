import XCTest

@testable import DataSets

/// Files from pandas, R and spreadsheets: delimiters, decimal commas, index and ignored
/// columns, missing values.
final class CSVFilesTests: XCTestCase {
  private func load(
    _ text: String, _ configure: (inout CSVDataSetOptions) -> Void = { _ in }
  ) throws(DataError) -> DataSet {
    var options = CSVDataSetOptions()
    configure(&options)
    return try DataSet.fromCSV(bytes: Array(text.utf8), fileName: testFileName, options: options)
  }

  /// `Tests/DataSetsTests/<this file>` → `Tests/CSVFixtures/name`.
  private static func fixture(_ name: String) -> String {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .appendingPathComponent("CSVFixtures/\(name)").path
  }

  // MARK: Delimiters

  func testDelimiterDetection() {
    let cases: [(String, CSVDelimiter)] = [
      ("a,b,target\n1,2,0\n", .comma),
      ("a;b;target\n1,5;2;0\n", .semicolon),
      ("a\tb\ttarget\n1\t2\t0\n", .tab),
      (",a,target\nx,1,0\n", .comma),
      ("\u{FEFF}a;b\n1;2\n", .semicolon),
      ("\n\r\na;b\n1;2\n", .semicolon),
      // Quoted separators do not count.
      ("\"a;b;c\",d\n1,2\n", .comma),
      ("\"a,b\";c\n1;2\n", .semicolon),
      // A header name with a comma in a tab-separated file: the next row decides.
      ("size, cm\tclass\n1.5\t0\n", .tab),
      ("target\n1\n", .comma),
      ("a|b|c\n1|2|3\n", .comma),
      ("", .comma),
    ]
    for (text, expected) in cases {
      XCTAssertEqual(CSVDelimiter.detect(in: Array(text.utf8)), expected, text.debugDescription)
    }
  }

  func testDelimiterOptionValues() {
    XCTAssertEqual(CSVDelimiter(optionValue: ","), .comma)
    XCTAssertEqual(CSVDelimiter(optionValue: ";"), .semicolon)
    XCTAssertEqual(CSVDelimiter(optionValue: "tab"), .tab)
    XCTAssertEqual(CSVDelimiter(optionValue: "\t"), .tab)
    XCTAssertNil(CSVDelimiter(optionValue: "|"))
    XCTAssertNil(CSVDelimiter(optionValue: ""))
  }

  func testSemicolonAndTabFilesReadLikeCommaFiles() throws {
    let expected = try load("x,y,target\n1.5,\"2\",0\n-3,4e1,1\n")
    for text in [
      "x;y;target\n1,5;\"2\";0\n-3;4e1;1\n",
      "x\ty\ttarget\n1.5\t\"2\"\t0\n-3\t4e1\t1\n",
    ] {
      let data = try load(text)
      XCTAssertEqual(data.features, expected.features, text)
      XCTAssertEqual(data.targets, expected.targets, text)
      XCTAssertEqual(data.featureNames, expected.featureNames, text)
    }
    // The delimiter given overrides detection; a comma is then part of a field.
    let forced = try load("x;y,z;target\n1;2;0\n") { $0.delimiter = .semicolon }
    XCTAssertEqual(forced.featureNames, ["x", "y,z"])
    XCTAssertEqual(forced.reading?.delimiter, .semicolon)
    XCTAssertEqual(forced.reading?.delimiterDetected, false)
  }

  func testOneColumnNamesTheDelimiterProblem() {
    assertDataError(
      .invalidData, line: 1, column: nil, mentions: ["one column", "';'", "--delimiter ';'"]
    ) {
      try load("a;b;target\n1;2;0\n") { $0.delimiter = .comma }
    }
    assertDataError(.invalidData, line: 1, column: nil, mentions: ["one column", "tab"]) {
      try load("a\tb\ttarget\n1\t2\t0\n") { $0.delimiter = .semicolon }
    }
    assertDataError(
      .invalidData, line: 1, column: nil, mentions: ["one column", "\"a|b|target\"", "--delimiter"]
    ) {
      try load("a|b|target\n1|2|0\n")
    }
    assertDataError(.invalidData, line: 1, column: nil, mentions: ["one column", "feature"]) {
      try load("target\n1\n")
    }
  }

  // MARK: Decimal commas

  func testDecimalCommaGrammar() {
    let cases: [(String, StrictDecimal.Reading)] = [
      ("0,5", .number(0.5)), ("-1,25e3", .number(-1250)), ("7", .number(7)), (" 2,0 ", .number(2)),
      (",5", .number(0.5)), ("1,", .number(1)), ("1.5", .malformed), ("1,2,3", .malformed),
      ("1.000,5", .malformed), ("", .empty), ("abc", .malformed), ("1e400", .overflow),
    ]
    for (text, expected) in cases {
      XCTAssertEqual(StrictDecimal.readDecimalComma(text), expected, text)
    }
  }

  func testDecimalCommasAreDetectedInSemicolonFilesOnly() throws {
    let semicolon = try load("x;y;target\n1,5;2;0\n3;4;1\n")
    XCTAssertEqual(semicolon.features, [1.5, 2, 3, 4])
    XCTAssertEqual(semicolon.reading?.decimalSeparator, .comma)
    XCTAssertEqual(semicolon.reading?.decimalDetected, true)
    // A `;` file without commas keeps decimal points.
    let points = try load("x;y;target\n1.5;2;0\n3;4;1\n")
    XCTAssertEqual(points.features, [1.5, 2, 3, 4])
    XCTAssertEqual(points.reading?.decimalSeparator, .point)
    // A comma in an ignored text column does not make the numbers decimal commas.
    let text = try load("name;x;target\n\"Smith, J\";1.5;0\nDoe;2;1\n") {
      $0.ignoredColumns = ["name"]
    }
    XCTAssertEqual(text.features, [1.5, 2])
    // Asked for: quoted decimal commas in a comma-separated file.
    let quoted = try load("x,target\n\"0,25\",0\n1,1\n") { $0.decimalSeparator = .comma }
    XCTAssertEqual(quoted.features, [0.25, 1])
    XCTAssertEqual(quoted.reading?.decimalDetected, false)
  }

  func testDecimalPointInADecimalCommaFileIsAnError() {
    assertDataError(
      .invalidData, line: 3, column: 1, mentions: ["\"3.5\"", "decimal comma", "--decimal"]
    ) {
      try load("x;y;target\n1,5;2;0\n3.5;4;1\n")
    }
  }

  // MARK: Index columns

  func testPandasIndexColumnIsTakenOutOfTheFeatures() throws {
    let data = try load(",x,y,target\nr1,1,2,0\nr2,3,4,1\n")
    XCTAssertEqual(data.featureNames, ["x", "y"])
    XCTAssertEqual(data.features, [1, 2, 3, 4])
    XCTAssertEqual(data.reading?.indexColumn, "")
    XCTAssertEqual(data.reading?.indexDetected, true)
    XCTAssertEqual(data.carried?.names, ["id"])
    XCTAssertEqual(data.carried?.values, [["r1", "r2"]])
    // Subsets keep each row's id and its row of the file.
    let subset = data.subset([1, 0])
    XCTAssertEqual(subset.carried?.values, [["r2", "r1"]])
    XCTAssertEqual(subset.carried?.fileRows, [1, 0])
  }

  func testIndexColumnNamedOrTurnedOff() throws {
    let named = try load("x,key,y,target\n1,a,2,0\n3,b,4,1\n") { $0.indexColumn = .named("key") }
    XCTAssertEqual(named.featureNames, ["x", "y"])
    XCTAssertEqual(named.carried?.values, [["a", "b"]])
    XCTAssertEqual(named.reading?.indexDetected, false)
    // An id column that is not first and not named stays a feature.
    let kept = try load("x,key,target\n1,10,0\n3,11,1\n")
    XCTAssertEqual(kept.featureNames, ["x", "key"])
    XCTAssertNil(kept.carried)
    assertDataError(
      .invalidData, line: 1, column: 1, mentions: ["empty", "--index-column none"]
    ) {
      try load(",x,target\n1,2,0\n") { $0.indexColumn = .none }
    }
    assertDataError(.invalidData, line: 1, column: nil, mentions: ["\"nope\"", "x, key, target"]) {
      try load("x,key,target\n1,2,0\n") { $0.indexColumn = .named("nope") }
    }
    // Only the first header field may be empty.
    assertDataError(.invalidData, line: 1, column: 2, mentions: ["field 2", "empty"]) {
      try load(",,target\n1,2,0\n")
    }
  }

  // MARK: Ignored columns

  func testIgnoredColumnsAreCarried() throws {
    let data = try load("id,x,date,y,target\n7,1,2026-01-01,2,0\n8,3,2026-01-02,4,1\n") {
      $0.ignoredColumns = ["date", "id"]
    }
    XCTAssertEqual(data.featureNames, ["x", "y"])
    XCTAssertEqual(data.features, [1, 2, 3, 4])
    XCTAssertEqual(data.reading?.ignoredColumns, ["id", "date"])
    XCTAssertEqual(data.carried?.names, ["id", "date"])
    XCTAssertEqual(data.carried?.values, [["7", "8"], ["2026-01-01", "2026-01-02"]])
  }

  func testIgnoredColumnErrors() {
    assertDataError(.invalidData, line: 1, column: nil, mentions: ["\"nope\"", "--ignore-columns"])
    {
      try load("x,y,target\n1,2,0\n") { $0.ignoredColumns = ["nope"] }
    }
    assertDataError(.invalidData, line: 1, column: nil, mentions: ["\"target\"", "class"]) {
      try load("x,y,target\n1,2,0\n") { $0.ignoredColumns = ["target"] }
    }
    assertDataError(.invalidData, line: 1, column: nil, mentions: ["no feature column"]) {
      try load("x,y,target\n1,2,0\n") { $0.ignoredColumns = ["x", "y"] }
    }
  }

  func testTextInAFeatureColumnSuggestsIgnoringIt() {
    assertDataError(
      .invalidData, line: 2, column: 3, mentions: ["\"name\"", "\"ab\"", "--ignore-columns name"]
    ) {
      try load("x,name,target\n1,ab,0\n")
    }
  }

  // MARK: Missing values

  func testEveryMissingSpelling() {
    for text in ["", " ", "\t", "NA", " NA ", "NaN", "nan", "null", "NULL"] {
      XCTAssertTrue(MissingValue.isMissing(text), text.debugDescription)
    }
    for text in ["na", "Na", "N/A", "None", "none", "0", "-1", "NAN", "nul", "NA NA", "nulls"] {
      XCTAssertFalse(MissingValue.isMissing(text), text.debugDescription)
    }
  }

  func testEverySpellingIsFoundInAFile() throws {
    for spelling in ["", " ", "NA", "NaN", "nan", "null", "NULL", "\"NA\"", "\"\""] {
      let text = "x,y,target\n1,2,0\n3,\(spelling),1\n5,6,1\n"
      let dropped = try load(text) { $0.missing = .drop }
      XCTAssertEqual(dropped.features, [1, 2, 5, 6], spelling)
      XCTAssertEqual(dropped.targets, [0, 1], spelling)
      XCTAssertEqual(dropped.carried?.fileRows, [0, 2], spelling)
      XCTAssertEqual(dropped.reading?.missing?.droppedRows, [1], spelling)
      let filled = try load(text) { $0.missing = .mean }
      XCTAssertTrue(filled.features[3].isNaN, spelling)
      XCTAssertEqual(filled.fillingMissingValues().features, [1, 2, 3, 4, 5, 6], spelling)
      assertDataError(
        .invalidData, line: 3, column: 3, mentions: ["1 of 3 rows", "--missing drop"]
      ) { try load(text) }
    }
  }

  func testMissingValuesAreRefusedWithTheirCount() {
    assertDataError(
      .invalidData, line: 3, column: 1,
      mentions: [
        "2 of 4 rows have missing values", "3 cells in 2 columns", "column \"x\" holds \"NA\"",
        "--missing drop", "--missing mean", "--missing median",
      ]
    ) {
      try load("x,y,target\n1,2,0\nNA,,1\n5,null,1\n7,8,0\n")
    }
  }

  func testMissingClassesAreErrorsEvenWhenMissingValuesAreHandled() {
    for spelling in ["", "NA", "nan", "NULL"] {
      assertDataError(.invalidData, line: 3, column: 5, mentions: ["-1"]) {
        try load("x,y,target\n1,2,0\n3,4,\(spelling)\n") { $0.missing = .mean }
      }
    }
  }

  func testFileRowsOfDroppedFiles() throws {
    let data = try load("x,target\n1,0\nNA,1\n3,0\n,1\n5,1\n") { $0.missing = .drop }
    XCTAssertEqual((0..<3).map { data.fileRow($0) }, [0, 2, 4])
    XCTAssertEqual((0..<6).map { data.row(fromFileRow: $0) }, [0, nil, 1, nil, 2, nil])
    XCTAssertEqual(data.subset([2, 0]).fileRow(0), 4)
    let plain = try load("x,target\n1,0\n2,1\n")
    XCTAssertEqual(plain.fileRow(1), 1)
    XCTAssertEqual([-1, 0, 1, 2].map { plain.row(fromFileRow: $0) }, [nil, 0, 1, nil])
  }

  func testAnswersNameRowsOfTheFileAfterDropping() throws {
    let data = try load("x,target\n1,0\nNA,1\n3,-1\n,1\n5,-1\n6,1\n") { $0.missing = .drop }
    let answers = try AnswersFile.parse(
      bytes: Array("source_index,label\n4,1\n2,0\n".utf8), fileName: "a.csv")
    let (_, codes) = try AnswersFile.resolve([answers], against: data)
    // File rows 2 and 4 are rows 1 and 2 of the data set.
    XCTAssertEqual(codes, [2: 1, 1: 0])
    for (row, reason) in [(1, "dropped"), (6, "out of range")] {
      let bad = try AnswersFile.parse(
        bytes: Array("source_index,label\n\(row),1\n".utf8), fileName: "a.csv")
      assertDataError(.invalidData, line: 2, column: nil, mentions: [reason], file: "a.csv") {
        try AnswersFile.resolve([bad], against: data)
      }
    }
  }

  func testNewSamplesAreReadAsTheTrainingFile() throws {
    let training = try load("id;x;y;target\na;1,5;2;0\nb;3;4,25;1\n") {
      $0.indexColumn = .named("id")
    }
    let samples = try NewSamples.parse(
      bytes: Array("id;y;x;target\nc;0,5;2,5;1\n".utf8), fileName: "new.csv", training: training)
    XCTAssertEqual(samples.features, [2.5, 0.5])
    XCTAssertEqual(samples.truth, [1])
    let pandas = try load(",x,target\nr1,1,0\nr2,2,1\n")
    let pandasSamples = try NewSamples.parse(
      bytes: Array(",x,target\nr3,1.5,1\n".utf8), fileName: "new.csv", training: pandas)
    XCTAssertEqual(pandasSamples.classColumn, "target")
  }

  func testDropKeepsTheClassesOfTheRowsLeft() throws {
    let data = try load("x,target\n1,a\nNA,b\n3,c\n") { $0.missing = .drop }
    XCTAssertEqual(data.classNames, ["a", "c"])
    XCTAssertEqual(data.targets, [0, 1])
    assertDataError(.invalidData, line: nil, column: nil, mentions: ["every row"]) {
      try load("x,target\nNA,a\n,b\n") { $0.missing = .drop }
    }
  }

  func testMeanAndMedianFillFromTheRowsUsed() throws {
    let text = "x,y,target\n1,10,0\nNA,20,1\n4,NA,0\n5,NA,1\n10,40,1\n"
    let data = try load(text) { $0.missing = .median }
    XCTAssertEqual(data.reading?.missing?.cellsInFile, 3)
    XCTAssertEqual(data.reading?.missing?.rowsInFile, 3)
    let all = data.fillingMissingValues()
    XCTAssertEqual(all.features, [1, 10, 4.5, 20, 4, 20, 5, 20, 10, 40])
    XCTAssertEqual(all.reading?.missing?.fillValues, [4.5, 20])
    XCTAssertEqual(all.reading?.missing?.filledCells, 3)
    XCTAssertEqual(all.reading?.missing?.filledRows, 3)
    // The rows of a run: only their known values count.
    let some = data.subset([0, 1, 3]).fillingMissingValues()
    XCTAssertEqual(some.features, [1, 10, 3, 20, 5, 15])
    var mean = try load(text) { $0.missing = .mean }
    XCTAssertEqual(mean.fillingMissingValues().reading?.missing?.fillValues, [5, 70.0 / 3])
    // A feature with no known value in the rows used becomes 0 (keep_empty_features=True).
    mean = mean.subset([2, 3]).fillingMissingValues()
    XCTAssertEqual(mean.features, [4, 0, 5, 0])
    XCTAssertEqual(mean.reading?.missing?.emptyFeatures, [1])
  }

  func testAColumnWithoutAnyValueIsAnError() {
    assertDataError(.invalidData, line: 1, column: nil, mentions: ["\"y\"", "no value"]) {
      try load("x,y,target\n1,NA,0\n2,,1\n") { $0.missing = .mean }
    }
  }

  func testImputationMatchesScikitLearn() throws {
    struct Fixture: Decodable {
      struct Case: Decodable {
        let strategy: String
        let samples: Int?
        let seed: UInt32
        let standardize: Bool
        let statistics: [Double]?
        let features: [[Double]]
        let indices: [Int]
      }
      let cases: [String: Case]
    }
    let fixture = try JSONDecoder().decode(
      Fixture.self,
      from: Data(contentsOf: URL(fileURLWithPath: Self.fixture("missing_values.json"))))
    for (name, expected) in fixture.cases {
      let strategy = try XCTUnwrap(MissingValueStrategy(rawValue: expected.strategy))
      let data = try DataSet.loadCSV(
        path: Self.fixture("iris_missing.csv"), options: CSVDataSetOptions(missing: strategy))
      // The selection every run makes (Learning's `shuffledSelection`): a prefix of
      // RandomState(seed)'s permutation, filled, then standardised if asked.
      var random = RandomState(seed: expected.seed)
      let indices = Array(
        random.permutation(data.sampleCount).prefix(expected.samples ?? data.sampleCount))
      XCTAssertEqual(indices, expected.indices, name)
      var selected = data.subset(indices).fillingMissingValues()
      if expected.standardize { selected = selected.standardized() }
      if let statistics = expected.statistics {
        let fill = try XCTUnwrap(selected.reading?.missing?.fillValues, name)
        for (actual, wanted) in zip(fill, statistics) {
          XCTAssertEqual(actual, wanted, accuracy: 1e-13, name)
        }
      }
      for (row, wanted) in expected.features.enumerated() {
        for (column, value) in wanted.enumerated() {
          XCTAssertEqual(selected.features[row * 4 + column], value, accuracy: 1e-12, name)
        }
      }
    }
  }
}
