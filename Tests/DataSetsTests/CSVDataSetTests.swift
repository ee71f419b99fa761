import XCTest

@testable import DataSets

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Loading a labelled data set from CSV: features, labels, files, and the errors of each.
final class CSVDataSetTests: XCTestCase {
  private let folder = FileManager.default.temporaryDirectory
    .appendingPathComponent("LearningCSVTests-\(UUID().uuidString)")

  override func setUpWithError() throws {
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
  }

  override func tearDownWithError() throws {
    try? FileManager.default.setAttributes(
      [.posixPermissions: 0o755], ofItemAtPath: folder.appendingPathComponent("locked.csv").path)
    try FileManager.default.removeItem(at: folder)
  }

  private func write(_ name: String, _ text: String) throws -> String {
    let url = folder.appendingPathComponent(name)
    try Data(text.utf8).write(to: url)
    return url.path
  }

  /// `Tests/DataSetsTests/<this file>` → the repository root.
  private static let repositoryRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

  // MARK: Features and the target column

  func testFeaturesAndIntegerLabels() throws {
    let data = try loadCSV("x,y,target\n1, 2.5 ,1\n-3,4e1,0\n")
    XCTAssertEqual(data.featureNames, ["x", "y"])
    XCTAssertEqual(data.features, [1, 2.5, -3, 40])
    XCTAssertEqual(data.classNames, ["0", "1"])
    XCTAssertEqual(data.targets, [1, 0])
    XCTAssertEqual(data.sampleCount, 2)
    XCTAssertNil(data.imageShape)
  }

  func testTargetColumnIsFoundByNameAnywhere() throws {
    let data = try loadCSV("a,target,b\n1,0,2\n3,1,4\n")
    XCTAssertEqual(data.featureNames, ["a", "b"])
    XCTAssertEqual(data.features, [1, 2, 3, 4])
    XCTAssertEqual(data.targets, [0, 1])
  }

  func testLastColumnIsTheTargetWithoutOneNamedTarget() throws {
    let data = try loadCSV("x,Target,label\n1,2,cat\n3,4,dog\n")
    XCTAssertEqual(data.featureNames, ["x", "Target"])
    XCTAssertEqual(data.classNames, ["cat", "dog"])
  }

  func testExplicitTargetColumn() throws {
    let data = try loadCSV("label,x,target\nA,1,5\nB,2,6\n", target: "label")
    XCTAssertEqual(data.featureNames, ["x", "target"])
    XCTAssertEqual(data.features, [1, 5, 2, 6])
    XCTAssertEqual(data.classNames, ["A", "B"])
  }

  func testMissingTargetColumnListsTheColumns() {
    assertDataError(.invalidData, line: 1, column: nil, mentions: ["\"class\"", "a, b"]) {
      try loadCSV("a,b\n1,2\n", target: "class")
    }
    assertDataError(.invalidData, line: 2, column: nil, mentions: ["did you mean \"Class\""]) {
      try loadCSV("\nClass,x\n1,2\n", target: "class")
    }
    let wide = (0..<30).map { "c\($0)" }.joined(separator: ",")
    assertDataError(.invalidData, line: 1, column: nil, mentions: ["c19, …", "(30 columns)"]) {
      try loadCSV(
        wide + "\n" + Array(repeating: "1", count: 30).joined(separator: ","), target: "z")
    }
  }

  func testNoFeatureColumn() {
    assertDataError(.invalidData, line: 1, column: nil, mentions: ["\"target\"", "feature"]) {
      try loadCSV("target\n1\n")
    }
  }

  func testFeatureCellsMustBeFiniteNumbers() {
    let cases: [(cell: String, column: Int, reason: String)] = [
      ("abc", 3, "which is not a number"),
      ("inf", 3, "not a number"),
      ("0x10", 3, "not a number"),
      ("\"1,5\"", 3, "not a number"),
      ("1e400", 3, "too large"),
      ("-1e-400", 3, "too small"),
    ]
    for (cell, column, reason) in cases {
      let value = cell.hasPrefix("\"") ? String(cell.dropFirst().dropLast()) : cell
      assertDataError(
        .invalidData, line: 3, column: column,
        mentions: ["column \"y\" holds \(DataError.quoted(value)), ", reason]
      ) { try loadCSV("x,y,target\n1,2,0\n3,\(cell),1\n") }
    }
    // Missing values stop the run too (see CSVFilesTests for --missing).
    for cell in ["", "  ", "nan", "NA"] {
      assertDataError(
        .invalidData, line: 3, column: 3,
        mentions: [
          "1 of 2 rows has missing values", "column \"y\" holds \(DataError.quoted(cell))",
        ]
      ) { try loadCSV("x,y,target\n1,2,0\n3,\(cell),1\n") }
    }
  }

  func testCellPositionsFollowQuotedLineBreaks() {
    assertDataError(.invalidData, line: 4, column: 1, mentions: ["\"zz\""]) {
      try loadCSV("x,t\n\"1\",\"a\nb\"\nzz,c\n")
    }
    assertDataError(.invalidData, line: 3, column: 4, mentions: ["\"zz\""]) {
      try loadCSV("t,x\n\"a\nb\",zz\n", target: "t")
    }
    assertDataError(.invalidData, line: 2, column: 7, mentions: ["\"é\""]) {
      try loadCSV("t,x,y\n\"é\",1,é\n", target: "t")
    }
  }

  // MARK: Labels

  func testIntegerLabelsSortNumerically() throws {
    let data = try loadCSV("x,target\n1,10\n2,9\n3,-1\n4,10\n5,0\n")
    XCTAssertEqual(data.classNames, ["0", "9", "10"])
    XCTAssertEqual(data.targets, [2, 1, -1, 2, 0])
  }

  func testIntegralSpellingsAreOneClass() throws {
    let data = try loadCSV("x,target\n1,2.0\n2,1e1\n3, 2\n4,-1.0\n5,+10\n6,007\n")
    XCTAssertEqual(data.classNames, ["2", "7", "10"])
    XCTAssertEqual(data.targets, [0, 2, 0, -1, 2, 1])
  }

  func testNameLabelsSortByUnicodeScalars() throws {
    let data = try loadCSV("x,target\n1,b\n2,a\n3,B\n4,é\n5,-1\n6,a\n")
    XCTAssertEqual(data.classNames, ["B", "a", "b", "é"])
    XCTAssertEqual(data.targets, [2, 1, 0, 3, -1, 1])
  }

  func testCanonicallyEquivalentNamesStayApart() throws {
    // NumPy compares code points: precomposed é (U+E9) and e + U+0301 are two classes.
    let data = try loadCSV("x,target\n1,\u{E9}\n2,e\u{301}\n")
    XCTAssertEqual(
      data.classNames.map { Array($0.unicodeScalars) }, [["e", "\u{301}"], ["\u{E9}"]])
    XCTAssertEqual(data.targets, [1, 0])
  }

  func testNamesKeepTheirSpaces() throws {
    let data = try loadCSV("x,target\n1,cat\n2, cat\n")
    XCTAssertEqual(data.classNames, [" cat", "cat"])
  }

  func testMixingIntegersAndNamesIsAnError() {
    assertDataError(
      .invalidData, line: 4, column: 3,
      mentions: ["\"3\" on line 2", "\"cat\" on line 4", "names", "whole-number"]
    ) { try loadCSV("x,t\n1,3\n2,-1\n3,cat\n") }
    assertDataError(
      .invalidData, line: 3, column: 3, mentions: ["\"1e2\" on line 3", "\"dog\" on line 2"]
    ) { try loadCSV("x,t\n1,dog\n2,1e2\n") }
  }

  func testBadNumericLabels() {
    let cases: [(cell: String, mention: String)] = [
      ("-2", "negative"),
      ("2.5", "not a whole number"),
      ("-0.5", "not a whole number"),
      ("1e20", "too large"),
      ("1e400", "too large"),
      ("1e-400", "too small"),
      ("", "write -1"),
      (" \t", "write -1"),
    ]
    for (cell, mention) in cases {
      assertDataError(
        .invalidData, line: 3, column: 3,
        mentions: ["column \"t\" holds \(DataError.quoted(cell))", mention]
      ) { try loadCSV("x,t\n1,0\n2,\(cell)\n") }
    }
  }

  func testAllRowsUnlabeled() {
    assertDataError(.invalidData, line: nil, column: nil, mentions: ["no labeled rows", "\"t\""]) {
      try loadCSV("x,t\n1,-1\n2,-1\n")
    }
  }

  // MARK: Provenance

  func testSourceIsTheNameAsGivenAndHashIsOfTheBytes() throws {
    let text = "x,target\n1,0\n"
    let data = try DataSet.fromCSV(bytes: Array(text.utf8), fileName: "../data/x.csv")
    XCTAssertEqual(data.source, "../data/x.csv")
    XCTAssertEqual(data.sha256, SHA256.hex(Array(text.utf8)))

    let path = try write("small.csv", text)
    let relative = folder.lastPathComponent + "/./small.csv"
    let previous = FileManager.default.currentDirectoryPath
    XCTAssertTrue(
      FileManager.default.changeCurrentDirectoryPath(folder.deletingLastPathComponent().path))
    defer { _ = FileManager.default.changeCurrentDirectoryPath(previous) }
    let loaded = try DataSet.loadCSV(path: relative)
    XCTAssertEqual(loaded.source, relative)
    XCTAssertEqual(loaded, try DataSet.fromCSV(bytes: Array(text.utf8), fileName: relative))
    XCTAssertEqual(try DataSet.loadCSV(path: path).source, path)
  }

  func testIrisLoads() throws {
    let path = Self.repositoryRoot.appendingPathComponent("Tests/LearningTests/Fixtures/iris.csv")
    let data = try DataSet.loadCSV(path: path.path, options: CSVDataSetOptions())
    XCTAssertEqual(data.sampleCount, 150)
    XCTAssertEqual(data.featureCount, 4)
    XCTAssertEqual(data.features.count, 600)
    XCTAssertEqual(
      data.featureNames,
      ["sepal_length_(cm)", "sepal_width_(cm)", "petal_length_(cm)", "petal_width_(cm)"])
    XCTAssertEqual(data.classNames, ["0", "1", "2"])
    XCTAssertEqual(data.targets.filter { $0 == 1 }.count, 50)
    XCTAssertEqual(Array(data.row(0)), [5.1, 3.5, 1.4, 0.2])
    XCTAssertEqual(data.sha256, "9e2cd82c919a1fccc884f5e20ad9d00f40cf6874e3a708d64ed58c26e6c861a2")
  }

  // MARK: Files

  func testMissingFile() {
    let path = folder.appendingPathComponent("nope.csv").path
    assertDataError(
      .missingFile, line: nil, column: nil, exitCode: 66, mentions: ["no such file"], file: path
    ) {
      try DataSet.loadCSV(path: path)
    }
    let plain = (try? write("plain.csv", "x\n")) ?? ""
    assertDataError(
      .missingFile, line: nil, column: nil, exitCode: 66, mentions: ["not a folder"],
      file: plain + "/x.csv"
    ) {
      try DataSet.loadCSV(path: plain + "/x.csv")
    }
  }

  func testDirectory() {
    assertDataError(
      .isDirectory, line: nil, column: nil, exitCode: 66, mentions: ["folder"], file: folder.path
    ) {
      try DataSet.loadCSV(path: folder.path)
    }
  }

  func testUnreadableFile() throws {
    let path = try write("locked.csv", "x,t\n1,0\n")
    try FileManager.default.setAttributes([.posixPermissions: 0], ofItemAtPath: path)
    try XCTSkipIf(getuid() == 0, "root reads files whatever their permissions")
    assertDataError(
      .unreadable, line: nil, column: nil, exitCode: 66, mentions: ["Permission denied"], file: path
    ) {
      try DataSet.loadCSV(path: path)
    }
  }

  func testPathThatCannotBeOpened() {
    let path = folder.appendingPathComponent(String(repeating: "n", count: 300) + ".csv").path
    assertDataError(
      .unreadable, line: nil, column: nil, exitCode: 66, mentions: ["cannot open", "too long"],
      file: path
    ) { try DataSet.loadCSV(path: path) }
  }

  func testReadError() throws {
    #if os(Linux)
    // Reading the start of /proc/self/mem fails with EIO: the page is not mapped.
    assertDataError(
      .unreadable, line: nil, column: nil, exitCode: 66, mentions: ["cannot read"],
      file: "/proc/self/mem"
    ) {
      try DataSet.loadCSV(path: "/proc/self/mem")
    }
    #else
    throw XCTSkip("needs /proc")
    #endif
  }

  func testFileLargerThanTheCap() throws {
    let path = try write("big.csv", "x,target\n1,0\n2,1\n")
    let options = CSVDataSetOptions(limits: CSVLimits(maxFileBytes: 16))
    assertDataError(
      .tooLarge, line: nil, column: nil, mentions: ["17 bytes", "cap of 16 bytes"], file: path
    ) {
      try DataSet.loadCSV(path: path, options: options)
    }
    let fits = CSVDataSetOptions(limits: CSVLimits(maxFileBytes: 17))
    XCTAssertEqual(try DataSet.loadCSV(path: path, options: fits).sampleCount, 2)
  }

  func testFileErrorsPointIntoTheFile() throws {
    let path = try write("bad.csv", "a,b,target\n1,2,0\n3,abc,1\n")
    assertDataError(.invalidData, line: 3, column: 3, mentions: ["\"abc\""], file: path) {
      try DataSet.loadCSV(path: path)
    }
  }

  // MARK: Fuzzing entry point

  func testFuzzEntryPointSurvivesHostileInput() {
    var random = SplitMix64(state: 1)
    let seeds = [
      "x,target\n1,0\n2,1\n", "a,b\n\"x\ny\",1\n", "t\n", "", "\u{FEFF}a,t\n1e308,1\n1e308,-1\n",
      "a,b,t\n1,1,1\n1,1,1\n", "x,t\n-0,a\n0,-1\n", "\"", ",\n,", "x,t\n1,9007199254740993\n",
    ]
    let alphabet = Array("01-9.eE+,\"\n\r\tab ".utf8) + [0xC3, 0xA9, 0xFF, 0x00]
    for seed in seeds {
      DataSet.fuzzParse(Array(seed.utf8))
      for _ in 0..<200 {
        var bytes = Array(seed.utf8)
        for _ in 0..<Int.random(in: 1...6, using: &random) {
          let byte = alphabet.randomElement(using: &random) ?? 0
          let position = Int.random(in: 0...bytes.count, using: &random)
          switch Int.random(in: 0..<3, using: &random) {
          case 0: bytes.insert(byte, at: position)
          case 1 where position < bytes.count: bytes[position] = byte
          default: if position < bytes.count { bytes.remove(at: position) }
          }
        }
        DataSet.fuzzParse(bytes)
      }
    }
    DataSet.fuzzParse(Array(repeating: UInt8(ascii: ","), count: 5000))
    DataSet.fuzzParse(Array(("x,t\n" + String(repeating: "1,0\n", count: 2500)).utf8))
  }
}
