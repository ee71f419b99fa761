import Foundation
import XCTest

/// The summary line, the page and `metrics.json` count the rows that have a class.
final class OwnDataCountTests: XCTestCase {
  /// Iris with species names, where every fifth row (from row 0) keeps its species and the rest are `-1`.
  static func irisWithUnlabeledRows(in folder: URL) throws -> URL {
    let names = ["setosa", "versicolor", "virginica"]
    let text = try String(contentsOf: Binary.fixture("iris.csv"), encoding: .utf8)
    var lines = text.split(separator: "\n").map(String.init)
    for row in 1..<lines.count {
      var fields = lines[row].split(separator: ",").map(String.init)
      fields[fields.count - 1] = (row - 1) % 5 == 0 ? names[Int(fields.last!)!] : "-1"
      lines[row] = fields.joined(separator: ",")
    }
    let url = folder.appendingPathComponent("iris_named_unl.csv")
    try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: url)
    return url
  }

  private func run(_ extra: [String], in folder: URL) throws -> (BinaryRun, [String: Any], String) {
    let data = try Self.irisWithUnlabeledRows(in: folder)
    let run = try Binary.run(
      ["--data", data.path, "--standardize", "--gamma", "2", "--output", "out"] + extra,
      in: folder)
    XCTAssertEqual(run.status, 0, run.stderr)
    let out = folder.appendingPathComponent("out")
    let metrics = try XCTUnwrap(
      JSONSerialization.jsonObject(
        with: Data(contentsOf: out.appendingPathComponent("metrics.json")))
        as? [String: Any])
    let html = try String(contentsOf: out.appendingPathComponent("report.html"), encoding: .utf8)
    return (run, try XCTUnwrap(metrics["data"] as? [String: Any]), html)
  }

  func testUnlabeledRowsAreCountedAsUnlabeled() throws {
    let folder = try Binary.scratchFolder(self)
    let (run, data, html) = try run([], in: folder)
    XCTAssertTrue(
      run.stdout.hasPrefix("Label Spreading model: 30 labeled & 120 unlabeled points (150 total)"),
      run.stdout)
    XCTAssertEqual(data["labeled"] as? Int, 30)
    XCTAssertEqual(data["unlabeled"] as? Int, 120)
    XCTAssertEqual(data["evaluated"] as? Int, 0)
    XCTAssertTrue(html.contains("30 labeled"), "the page's summary")
    XCTAssertFalse(html.contains("150 labeled"))
    let csv = try String(
      contentsOf: folder.appendingPathComponent("out/predictions.csv"), encoding: .utf8)
    let labeledColumn = csv.split(separator: "\r\n").dropFirst().map {
      $0.split(separator: ",", omittingEmptySubsequences: false)[2]
    }
    XCTAssertEqual(labeledColumn.filter { $0 == "1" }.count, 30)
  }

  func testLabeledKeepsThatManyOfTheRowsWithAClass() throws {
    let folder = try Binary.scratchFolder(self)
    let (run, data, html) = try run(["--labeled", "12"], in: folder)
    XCTAssertTrue(
      run.stdout.hasPrefix("Label Spreading model: 12 labeled & 138 unlabeled points (150 total)"),
      run.stdout)
    XCTAssertEqual(data["labeled"] as? Int, 12)
    // The 18 hidden classes are the ones that can be scored.
    XCTAssertEqual(data["evaluated"] as? Int, 18)
    XCTAssertTrue(run.stdout.contains("accuracy"), run.stdout)
    XCTAssertTrue(html.contains("accuracy on the 18 unlabeled samples"))
  }

  func testLabeledBeyondTheRowsWithAClassIsAUsageError() throws {
    let folder = try Binary.scratchFolder(self)
    let data = try Self.irisWithUnlabeledRows(in: folder)
    let run = try Binary.run(["--data", data.path, "--labeled", "40"], in: folder)
    XCTAssertEqual(run.status, 64)
    XCTAssertTrue(run.stderr.contains("--labeled is 40"), run.stderr)
    XCTAssertTrue(run.stderr.contains("30 samples that have a label"), run.stderr)
  }
}
