import Foundation
import XCTest

/// Files as pandas, R and spreadsheets write them (`Tests/CSVFixtures`, made by
/// `scripts/make_csv_fixtures.py`): index columns, missing values, `;` and decimal commas,
/// ignored columns, and the errors of each.
final class CSVFilesTests: XCTestCase {
  private struct MissingFixture: Decodable {
    struct Case: Decodable {
      let strategy: String
      let seed: Int
      let samples: Int?
      let labeled: Int
      let standardize: Bool
      let gamma: Double
      let maxIter: Int
      let rowsInFile: Int
      let droppedRows: [Int]
      let filledCells: Int
      let filledRows: Int
      let statistics: [Double]?
      let sourceRows: [Int]
      let transduction: [Int]
      let labelDistributions: [[Double]]
      let reportText: String
      let nIter: Int
      enum CodingKeys: String, CodingKey {
        case strategy, seed, samples, labeled, standardize, gamma, statistics, transduction
        case maxIter = "max_iter"
        case rowsInFile = "rows_in_file"
        case droppedRows = "dropped_rows"
        case filledCells = "filled_cells"
        case filledRows = "filled_rows"
        case sourceRows = "source_rows"
        case labelDistributions = "label_distributions"
        case reportText = "report_text"
        case nIter = "n_iter"
      }
    }
    let cases: [String: Case]
    let missingCells: Int
    let rowsWithMissing: Int
    let firstMissing: [Int]
    enum CodingKeys: String, CodingKey {
      case cases
      case missingCells = "missing_cells"
      case rowsWithMissing = "rows_with_missing"
      case firstMissing = "first_missing"
    }
  }

  static func file(_ name: String) -> String {
    Binary.projectRoot.appendingPathComponent("Tests/CSVFixtures/\(name)").path
  }

  private func json(_ url: URL) throws -> [String: Any] {
    try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
  }

  /// The rows of `predictions.csv` (CRLF line ends, no quoted fields in these files).
  private func predictions(_ folder: URL) throws -> [[String]] {
    let text = try String(
      contentsOf: folder.appendingPathComponent("predictions.csv"), encoding: .utf8)
    return text.split(separator: "\r\n").map {
      $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
    }
  }

  /// `report --data FILE` with the options every run here shares, into `output`.
  private func run(
    _ file: String, _ extra: [String] = [], output: String, in folder: URL
  ) throws -> BinaryRun {
    try Binary.run(
      [
        "--data", Self.file(file), "--seed", "3", "--labeled", "20", "--gamma", "1",
        "--max-iter", "30", "--output", output,
      ] + extra,
      in: folder)
  }

  // MARK: Missing values, against scikit-learn

  func testMissingMeanMedianAndDropMatchScikitLearn() throws {
    let fixture = try JSONDecoder().decode(
      MissingFixture.self,
      from: Data(contentsOf: URL(fileURLWithPath: Self.file("missing_values.json"))))
    XCTAssertEqual(Set(fixture.cases.keys), ["mean", "median", "drop"])
    let folder = try Binary.scratchFolder(self)
    for (name, expected) in fixture.cases.sorted(by: { $0.key < $1.key }) {
      var arguments = [
        "--data", Self.file("iris_missing.csv"), "--missing", expected.strategy,
        "--seed", "\(expected.seed)", "--labeled", "\(expected.labeled)",
        "--gamma", "\(expected.gamma)", "--max-iter", "\(expected.maxIter)", "--output", name,
      ]
      if let samples = expected.samples { arguments += ["--samples", "\(samples)"] }
      if expected.standardize { arguments.append("--standardize") }
      let result = try Binary.run(arguments, in: folder)
      XCTAssertEqual(result.status, 0, "\(name): \(result.stderr)")
      let output = folder.appendingPathComponent(name)
      let metrics = try json(output.appendingPathComponent("metrics.json"))
      XCTAssertEqual(metrics["report_text"] as? String, expected.reportText, name)
      XCTAssertEqual(metrics["transduction"] as? [Int], expected.transduction, name)
      let model = try XCTUnwrap(metrics["model"] as? [String: Any])
      XCTAssertEqual(model["iterations"] as? Int, expected.nIter, name)

      let data = try XCTUnwrap(metrics["data"] as? [String: Any])
      let missing = try XCTUnwrap(data["missing"] as? [String: Any], name)
      XCTAssertEqual(missing["strategy"] as? String, expected.strategy)
      XCTAssertEqual(missing["cells_in_file"] as? Int, fixture.missingCells)
      XCTAssertEqual(missing["rows_in_file"] as? Int, fixture.rowsWithMissing)
      XCTAssertEqual(missing["dropped_rows"] as? [Int], expected.droppedRows, name)
      XCTAssertEqual(missing["filled_cells"] as? Int, expected.filledCells, name)
      XCTAssertEqual(missing["filled_rows"] as? Int, expected.filledRows, name)
      if let statistics = expected.statistics {
        let fill = try XCTUnwrap(missing["fill_values"] as? [String: Double], name)
        let names = [
          "sepal length (cm)", "sepal width (cm)", "petal length (cm)", "petal width (cm)",
        ]
        for (feature, value) in zip(names, statistics) {
          XCTAssertEqual(try XCTUnwrap(fill[feature]), value, accuracy: 1e-12, "\(name) \(feature)")
        }
      } else {
        XCTAssertTrue(missing["fill_values"] is NSNull, name)
      }
      XCTAssertEqual(data["samples"] as? Int, expected.transduction.count, name)

      let rows = try predictions(output)
      let header = rows[0]
      let sourceColumn = try XCTUnwrap(header.firstIndex(of: "source_index"))
      XCTAssertEqual(rows.dropFirst().map { Int($0[sourceColumn]) }, expected.sourceRows, name)
      let first = try XCTUnwrap(header.firstIndex(of: "p_0"))
      for (row, distribution) in zip(rows.dropFirst(), expected.labelDistributions) {
        for (offset, probability) in distribution.enumerated() {
          XCTAssertEqual(
            try XCTUnwrap(Double(row[first + offset])), probability, accuracy: 1e-9, name)
        }
      }
      let page = try String(
        contentsOf: output.appendingPathComponent("report.html"), encoding: .utf8)
      XCTAssertTrue(page.contains("Missing values"), name)
    }
  }

  func testMissingValuesStopTheRunWithTheirCountAndTheFirstPlace() throws {
    let folder = try Binary.scratchFolder(self)
    let result = try run("iris_missing.csv", output: "out", in: folder)
    XCTAssertEqual(result.status, 65, result.stderr)
    let lines = result.stderr.split(separator: "\n")
    XCTAssertEqual(lines.count, 1, result.stderr)
    // The first missing cell is data row 2, column 0: line 4, column 1.
    XCTAssertTrue(result.stderr.contains("iris_missing.csv:4:1: "), result.stderr)
    XCTAssertTrue(result.stderr.contains("34 of 150 rows have missing values"), result.stderr)
    XCTAssertTrue(result.stderr.contains("--missing drop"), result.stderr)
    XCTAssertTrue(result.stderr.contains("--missing mean"), result.stderr)
    XCTAssertFalse(
      FileManager.default.fileExists(atPath: folder.appendingPathComponent("out").path))
  }

  // MARK: Index columns and ignored columns

  func testPandasIndexColumnGivesTheSameRunAndCarriesTheIds() throws {
    let folder = try Binary.scratchFolder(self)
    let plain = try run("iris_plain.csv", output: "plain", in: folder)
    XCTAssertEqual(plain.status, 0, plain.stderr)
    let indexed = try run("iris_pandas_index.csv", output: "indexed", in: folder)
    XCTAssertEqual(indexed.status, 0, indexed.stderr)
    XCTAssertTrue(indexed.stderr.contains("note:"), indexed.stderr)
    XCTAssertTrue(indexed.stderr.contains("index"), indexed.stderr)
    XCTAssertEqual(
      indexed.stdout.split(separator: "\n").dropLast(),
      plain.stdout.split(separator: "\n").dropLast())

    let expected = try json(folder.appendingPathComponent("plain/metrics.json"))
    let actual = try json(folder.appendingPathComponent("indexed/metrics.json"))
    XCTAssertEqual(actual["transduction"] as? [Int], expected["transduction"] as? [Int])
    XCTAssertEqual(actual["report_text"] as? String, expected["report_text"] as? String)
    let data = try XCTUnwrap(actual["data"] as? [String: Any])
    XCTAssertEqual(data["index_column"] as? String, "")
    XCTAssertEqual(data["features"] as? Int, 4)

    let plainRows = try predictions(folder.appendingPathComponent("plain"))
    let rows = try predictions(folder.appendingPathComponent("indexed"))
    XCTAssertEqual(rows.count, 151)
    let id = try XCTUnwrap(rows[0].firstIndex(of: "id"))
    let source = try XCTUnwrap(rows[0].firstIndex(of: "source_index"))
    for (row, plainRow) in zip(rows, plainRows).dropFirst() {
      let sourceIndex = try XCTUnwrap(Int(row[source]))
      XCTAssertEqual(row[id], String(format: "iris-%03d", sourceIndex + 1))
      var withoutID = row
      withoutID.remove(at: id)
      XCTAssertEqual(withoutID, plainRow)
    }
    let page = try String(
      contentsOf: folder.appendingPathComponent("indexed/report.html"), encoding: .utf8)
    XCTAssertTrue(page.contains("Index column"))
  }

  func testIndexColumnNoneAndNamed() throws {
    let folder = try Binary.scratchFolder(self)
    let none = try run(
      "iris_pandas_index.csv", ["--index-column", "none"], output: "o", in: folder)
    XCTAssertEqual(none.status, 65, none.stderr)
    XCTAssertTrue(none.stderr.contains("iris_pandas_index.csv:1:1: "), none.stderr)
    XCTAssertTrue(none.stderr.contains("--index-column none"), none.stderr)

    let plain = try run("iris_plain.csv", output: "plain", in: folder)
    XCTAssertEqual(plain.status, 0, plain.stderr)
    let named = try run(
      "iris_ignore.csv", ["--index-column", "sample_id", "--ignore-columns", "measured_on"],
      output: "named", in: folder)
    XCTAssertEqual(named.status, 0, named.stderr)
    let expected = try json(folder.appendingPathComponent("plain/metrics.json"))
    let actual = try json(folder.appendingPathComponent("named/metrics.json"))
    XCTAssertEqual(actual["transduction"] as? [Int], expected["transduction"] as? [Int])
    let rows = try predictions(folder.appendingPathComponent("named"))
    XCTAssertEqual(Array(rows[0].prefix(4)), ["index", "source_index", "id", "measured_on"])
    for row in rows.dropFirst() {
      let sourceIndex = try XCTUnwrap(Int(row[1]))
      XCTAssertEqual(row[2], "\(1000 + 7 * sourceIndex)")
      XCTAssertEqual(
        row[3], String(format: "2026-%02d-%02d", 1 + sourceIndex % 12, 1 + sourceIndex % 28))
    }
  }

  func testIgnoredColumnsStayOutOfTheFeaturesAndGoIntoThePredictions() throws {
    let folder = try Binary.scratchFolder(self)
    let plain = try run("iris_plain.csv", output: "plain", in: folder)
    XCTAssertEqual(plain.status, 0, plain.stderr)
    let ignored = try run(
      "iris_ignore.csv", ["--ignore-columns", "sample_id,measured_on"], output: "ignored",
      in: folder)
    XCTAssertEqual(ignored.status, 0, ignored.stderr)
    let plainRows = try predictions(folder.appendingPathComponent("plain"))
    let rows = try predictions(folder.appendingPathComponent("ignored"))
    XCTAssertEqual(Array(rows[0].prefix(4)), ["index", "source_index", "sample_id", "measured_on"])
    for (row, plainRow) in zip(rows, plainRows) {
      XCTAssertEqual(Array(row.prefix(2)) + row.dropFirst(4), plainRow)
    }
    let metrics = try json(folder.appendingPathComponent("ignored/metrics.json"))
    let data = try XCTUnwrap(metrics["data"] as? [String: Any])
    XCTAssertEqual(data["ignored_columns"] as? [String], ["sample_id", "measured_on"])
    XCTAssertTrue(data["index_column"] is NSNull)
  }

  // MARK: Delimiters and decimal commas

  func testSemicolonsAndDecimalCommasReadAsTheirPlainTwin() throws {
    let folder = try Binary.scratchFolder(self)
    let plain = try run("iris_plain.csv", output: "plain", in: folder)
    XCTAssertEqual(plain.status, 0, plain.stderr)
    let expected = try Data(contentsOf: folder.appendingPathComponent("plain/predictions.csv"))
    let variants: [(String, [String])] = [
      ("iris_semicolon.csv", []),
      ("iris_semicolon.csv", ["--delimiter", ";", "--decimal", ","]),
      ("iris_tab.tsv", []),
      ("iris_tab.tsv", ["--delimiter", "tab"]),
    ]
    for (index, (file, options)) in variants.enumerated() {
      let result = try run(file, options, output: "v\(index)", in: folder)
      XCTAssertEqual(result.status, 0, "\(file) \(options): \(result.stderr)")
      XCTAssertEqual(
        result.stdout.split(separator: "\n").dropLast(),
        plain.stdout.split(separator: "\n").dropLast())
      XCTAssertEqual(
        try Data(contentsOf: folder.appendingPathComponent("v\(index)/predictions.csv")), expected,
        "\(file) \(options)")
      let metrics = try json(folder.appendingPathComponent("v\(index)/metrics.json"))
      let data = try XCTUnwrap(metrics["data"] as? [String: Any])
      XCTAssertEqual(data["delimiter"] as? String, file.hasSuffix(".tsv") ? "tab" : ";")
      XCTAssertEqual(data["decimal"] as? String, file.hasSuffix(".tsv") ? "." : ",")
    }
  }

  // MARK: Every command

  func testCurveAndActiveLearningTakeTheDataOptions() throws {
    let folder = try Binary.scratchFolder(self)
    let curve = try Binary.run(
      [
        "curve", "--data", Self.file("iris_missing.csv"), "--missing", "median", "--labeled",
        "10,20", "--repeats", "2", "--output", "curve",
      ], in: folder)
    XCTAssertEqual(curve.status, 0, curve.stderr)
    XCTAssertTrue(curve.stderr.contains("note: 36 missing values in 34 rows"), curve.stderr)
    let curveData = try XCTUnwrap(
      try json(folder.appendingPathComponent("curve/learning_curve.json"))["data"]
        as? [String: Any])
    let missing = try XCTUnwrap(curveData["missing"] as? [String: Any])
    XCTAssertEqual(missing["strategy"] as? String, "median")
    let curvePage = try String(
      contentsOf: folder.appendingPathComponent("curve/learning_curve.html"), encoding: .utf8)
    XCTAssertTrue(curvePage.contains("Missing values"))

    let active = try Binary.run(
      [
        "active-learning", "--data", Self.file("iris_pandas_index.csv"), "--labeled", "10",
        "--rounds", "2", "--output", "active",
      ], in: folder)
    XCTAssertEqual(active.status, 0, active.stderr)
    let activeData = try XCTUnwrap(
      try json(folder.appendingPathComponent("active/active_learning.json"))["data"]
        as? [String: Any])
    XCTAssertEqual(activeData["index_column"] as? String, "")
    let activePage = try String(
      contentsOf: folder.appendingPathComponent("active/active_learning.html"), encoding: .utf8)
    XCTAssertTrue(activePage.contains("Index column"))
    // Without the option, the missing values stop every command the same way.
    let refused = try Binary.run(
      ["curve", "--data", Self.file("iris_missing.csv"), "--output", "refused"], in: folder)
    XCTAssertEqual(refused.status, 65, refused.stderr)
    XCTAssertTrue(refused.stderr.contains("iris_missing.csv:4:1: 34 of 150 rows"), refused.stderr)
  }

  func testQueriesAndAnswersUseTheRowsOfTheFileAfterDropping() throws {
    let folder = try Binary.scratchFolder(self)
    let data = Self.file("iris_missing.csv")
    let query = try Binary.run(
      [
        "query", "--data", data, "--missing", "drop", "--labeled", "10", "--gamma", "1",
        "--count", "5", "--output", "q",
      ], in: folder)
    XCTAssertEqual(query.status, 0, query.stderr)
    let lines = try String(
      contentsOf: folder.appendingPathComponent("q/queries.csv"), encoding: .utf8
    ).split(separator: "\r\n").map { $0.split(separator: ",", omittingEmptySubsequences: false) }
    let source = try XCTUnwrap(lines[0].firstIndex(of: "source_index"))
    let fileLines = try String(contentsOfFile: data, encoding: .utf8).split(separator: "\n")
    var answers = "source_index,label\n"
    for line in lines.dropFirst() {
      let row = try XCTUnwrap(Int(line[source]))
      // A row of the file without a missing value, answered with its class in the file.
      let fields = fileLines[row + 1].split(separator: ",", omittingEmptySubsequences: false)
      XCTAssertFalse(fields.contains { ["", "NA", "NaN", "nan", "null", "NULL"].contains($0) })
      answers += "\(row),\(try XCTUnwrap(fields.last))\n"
    }
    try Data(answers.utf8).write(to: folder.appendingPathComponent("answers.csv"))
    let report = try Binary.run(
      [
        "--data", data, "--missing", "drop", "--labeled", "10", "--gamma", "1", "--answers",
        "answers.csv", "--output", "r",
      ], in: folder)
    XCTAssertEqual(report.status, 0, report.stderr)
    let metrics = try json(folder.appendingPathComponent("r/metrics.json"))
    let used = try XCTUnwrap(metrics["answers"] as? [String: Any])
    XCTAssertEqual(used["rows_answered"] as? Int, 5)
  }

  func testPredictReadsTheNewFileAsTheTrainingFile() throws {
    let folder = try Binary.scratchFolder(self)
    let result = try run(
      "iris_pandas_index.csv", ["--predict", Self.file("iris_pandas_index.csv")], output: "p",
      in: folder)
    XCTAssertEqual(result.status, 0, result.stderr)
    XCTAssertTrue(
      FileManager.default.fileExists(
        atPath: folder.appendingPathComponent("p/new_predictions.csv").path))
  }

  // MARK: Errors

  private func expectFailure(
    _ arguments: [String], status: Int32, _ fragments: String..., line: UInt = #line
  ) throws {
    let folder = try Binary.scratchFolder(self)
    let result = try Binary.run(arguments + ["--output", "out"], in: folder)
    XCTAssertEqual(result.status, status, "\(arguments): \(result.stderr)", line: line)
    XCTAssertEqual(result.stderr.split(separator: "\n").count, 1, result.stderr, line: line)
    for fragment in fragments {
      XCTAssertTrue(
        result.stderr.contains(fragment), "\(arguments): \(result.stderr) lacks \(fragment)",
        line: line)
    }
    XCTAssertFalse(
      FileManager.default.fileExists(atPath: folder.appendingPathComponent("out").path),
      line: line)
  }

  private func write(_ text: String) throws -> String {
    let folder = try Binary.scratchFolder(self)
    let url = folder.appendingPathComponent("data.csv")
    try Data(text.utf8).write(to: url)
    return url.path
  }

  func testBadOptionsExit64() throws {
    let plain = Self.file("iris_plain.csv")
    try expectFailure(["--data", plain, "--delimiter", "|"], status: 64, "--delimiter", "|", "tab")
    try expectFailure(["--data", plain, "--decimal", ";"], status: 64, "--decimal")
    try expectFailure(["--data", plain, "--missing", "zero"], status: 64, "zero", "drop", "median")
    try expectFailure(["--data", plain, "--ignore-columns", ""], status: 64, "--ignore-columns")
    try expectFailure(
      ["--data", plain, "--ignore-columns", "a,,b"], status: 64, "--ignore-columns")
    try expectFailure(["--missing", "mean"], status: 64, "--missing", "--data")
    try expectFailure(["--ignore-columns", "a"], status: 64, "--ignore-columns", "--data")
    try expectFailure(["--delimiter", ";"], status: 64, "--delimiter", "--data")
    try expectFailure(
      ["--data", plain, "--target-column", "target", "--ignore-columns", "target"], status: 64,
      "target", "--ignore-columns")
    try expectFailure(
      ["--data", plain, "--index-column", "target", "--target-column", "target"], status: 64,
      "--index-column")
  }

  func testBadDataExit65WithThePlace() throws {
    let ignore = Self.file("iris_ignore.csv")
    try expectFailure(
      ["--data", ignore], status: 65, "iris_ignore.csv:2:14: ", "\"measured_on\"",
      "\"2026-01-01\"", "--ignore-columns")
    try expectFailure(
      ["--data", ignore, "--ignore-columns", "sample_id,nosuch"], status: 65, "iris_ignore.csv:1",
      "\"nosuch\"")
    try expectFailure(
      ["--data", ignore, "--ignore-columns", "target"], status: 65, "iris_ignore.csv:1",
      "\"target\"", "class")
    try expectFailure(
      ["--data", Self.file("iris_semicolon.csv"), "--delimiter", ","], status: 65,
      "iris_semicolon.csv:1", "one column", "--delimiter ';'")
    let piped = try write("a|b|target\n1|2|0\n3|4|1\n")
    try expectFailure(["--data", piped], status: 65, "data.csv:1", "one column", "--delimiter")
    let pointInCommaFile = try write("a;b;target\n1,5;2;0\n3.5;4;1\n")
    try expectFailure(
      ["--data", pointInCommaFile], status: 65, "data.csv:3:1: ", "\"3.5\"", "decimal comma")
    let emptyClass = try write("a,b,target\n1,2,0\n3,4,\n5,6,1\n")
    try expectFailure(["--data", emptyClass], status: 65, "data.csv:3:5: ", "-1")
    let naClass = try write("a,b,target\n1,2,0\n3,4,NA\n5,6,1\n")
    try expectFailure(["--data", naClass, "--missing", "drop"], status: 65, "data.csv:3:5: ", "-1")
    let allMissing = try write("a,b,target\n1,,0\nNA,4,1\n")
    try expectFailure(
      ["--data", allMissing, "--missing", "drop"], status: 65, "data.csv", "every row")
  }
}
