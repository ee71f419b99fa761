import Foundation
import XCTest

/// Issue 16 end to end: query, fill in, --answers, report, --predict; bad answers refused.
final class OwnDataLoopTests: XCTestCase {
  private static func owndata(_ name: String) -> URL {
    Binary.fixture("owndata/\(name)")
  }

  private static let data = owndata("wine_unl.csv")

  private func object(_ url: URL) throws -> [String: Any] {
    try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
  }

  private func rows(_ url: URL) throws -> [[String]] {
    try String(contentsOf: url, encoding: .utf8).split(whereSeparator: \.isNewline).map {
      $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
    }
  }

  private func checksum(_ url: URL) throws -> Data { try Data(contentsOf: url) }

  /// `queries.csv` with its label column filled in from the wine's true cultivars.
  private func fillIn(_ queries: URL, to answers: URL) throws {
    let truth = try rows(Self.owndata("wine_classes.csv")).dropFirst().map { $0.last ?? "" }
    var table = try rows(queries)
    let source = try XCTUnwrap(table[0].firstIndex(of: "source_index"))
    let label = try XCTUnwrap(table[0].firstIndex(of: "label"))
    for row in 1..<table.count { table[row][label] = truth[Int(table[row][source])!] }
    let text = table.map { $0.joined(separator: ",") }.joined(separator: "\n") + "\n"
    try Data(text.utf8).write(to: answers)
  }

  func testQueryFillInAnswerAndReport() throws {
    let folder = try Binary.scratchFolder(self)
    let before = try checksum(Self.data)
    let fixture = try object(Self.owndata("owndata_rbf.json"))
    let query = try Binary.run(
      ["query", "--data", Self.data.path, "--standardize", "--output", "q"], in: folder)
    XCTAssertEqual(query.status, 0, query.stderr)
    XCTAssertTrue(query.stdout.contains("--answers answers.csv"), query.stdout)
    let queries = try rows(folder.appendingPathComponent("q/queries.csv"))
    XCTAssertEqual(
      queries[0],
      [
        "query", "index", "source_index", "predicted", "entropy", "p_class_0", "p_class_1",
        "p_class_2", "label",
      ])
    let expected = try XCTUnwrap(
      (fixture["queries"] as? [String: Any])?["entropy"] as? [String: Any])
    XCTAssertEqual(
      queries.dropFirst().map { Int($0[2])! }, expected["source_indices"] as? [Int])
    XCTAssertTrue(queries.dropFirst().allSatisfy { $0.last == "" })
    let page = try String(
      contentsOf: folder.appendingPathComponent("q/queries.html"), encoding: .utf8)
    XCTAssertTrue(page.contains("data row \(queries[1][2])"), "the first query's section")
    XCTAssertTrue(page.contains("mean of class_0"), "values beside the class means")
    XCTAssertTrue(page.contains("--answers answers.csv"), "the next command")

    let answers = folder.appendingPathComponent("answers.csv")
    try fillIn(folder.appendingPathComponent("q/queries.csv"), to: answers)
    let report = try Binary.run(
      ["--data", Self.data.path, "--standardize", "--answers", answers.path, "--output", "r"],
      in: folder)
    XCTAssertEqual(report.status, 0, report.stderr)
    XCTAssertTrue(report.stdout.contains("10 of 10 answers used"), report.stdout)
    XCTAssertTrue(report.stdout.contains("50 labeled & 110 unlabeled"), report.stdout)
    let metrics = try object(folder.appendingPathComponent("r/metrics.json"))
    let classes = try XCTUnwrap(fixture["classes"] as? [String])
    let answered = try XCTUnwrap(fixture["answered"] as? [String: Any])
    let transduction = try XCTUnwrap(answered["transduction"] as? [Int])
    XCTAssertEqual(metrics["transduction"] as? [String], transduction.map { classes[$0] })
    let used = try XCTUnwrap(metrics["answers"] as? [String: Any])
    XCTAssertEqual(used["used"] as? Int, 10)
    let html = try String(
      contentsOf: folder.appendingPathComponent("r/report.html"), encoding: .utf8)
    XCTAssertTrue(html.contains("10 of 10 answers used, from"))

    // The next round asks about other samples.
    let next = try Binary.run(
      [
        "query", "--data", Self.data.path, "--standardize", "--answers", answers.path,
        "--output", "q2",
      ], in: folder)
    XCTAssertEqual(next.status, 0, next.stderr)
    let asked = Set(queries.dropFirst().map { $0[2] })
    let again = try rows(folder.appendingPathComponent("q2/queries.csv")).dropFirst().map { $0[2] }
    XCTAssertEqual(again.count, 10)
    XCTAssertTrue(asked.isDisjoint(with: again))
    XCTAssertEqual(try checksum(Self.data), before, "the data file is never written")
  }

  func testEveryBadAnswerExits65WithFileAndLineAndLeavesTheOutput() throws {
    let folder = try Binary.scratchFolder(self)
    let base = ["--data", Self.data.path, "--standardize", "--quiet"]
    let good = try Binary.run(base + ["--output", "out"], in: folder)
    XCTAssertEqual(good.status, 0, good.stderr)
    let query = try Binary.run(["query"] + base + ["--output", "out"], in: folder)
    XCTAssertEqual(query.status, 0, query.stderr)
    let snapshot = Binary.snapshot(folder.appendingPathComponent("out"))
    // Row 5 of wine_unl.csv is labeled class_0.
    let cases: [(String, String, String)] = [
      ("source_index,label\n1,class_1\n2,pinot\n", ":3:", "not one of the data's classes"),
      ("source_index,label\n1,class_1\n160,class_2\n", ":3:", "out of range"),
      ("source_index,label\n1,class_1\n2,class_2\n1,class_2\n", ":4:", "twice"),
      ("note,source_index,label\nx,5,class_2\n", ":2:", "is labeled \"class_0\""),
    ]
    for (index, (text, place, words)) in cases.enumerated() {
      let file = folder.appendingPathComponent("bad\(index).csv")
      try Data(text.utf8).write(to: file)
      for command in [[], ["query"]] {
        let run = try Binary.run(
          command + base + ["--answers", file.path, "--output", "out"], in: folder)
        XCTAssertEqual(run.status, 65, "\(command) \(text): \(run.stderr)")
        XCTAssertTrue(run.stderr.contains("bad\(index).csv\(place)"), run.stderr)
        XCTAssertTrue(run.stderr.contains(words), run.stderr)
        XCTAssertEqual(run.stderr.split(separator: "\n").count, 1, run.stderr)
        XCTAssertEqual(Binary.snapshot(folder.appendingPathComponent("out")), snapshot)
      }
    }
  }

  private func checkPredictions(_ file: String, hasClass: Bool) throws {
    let folder = try Binary.scratchFolder(self)
    let fixture = try object(Self.owndata("owndata_knn.json"))
    let new = try XCTUnwrap(fixture["new"] as? [String: Any])
    let expected = try XCTUnwrap(new["probabilities"] as? [[Double]])
    let newFile = Self.owndata(file)
    let before = try checksum(newFile)
    let run = try Binary.run(
      [
        "--data", Self.data.path, "--standardize", "--kernel", "knn", "--predict", newFile.path,
        "--output", "p",
      ], in: folder)
    XCTAssertEqual(run.status, 0, run.stderr)
    let table = try rows(folder.appendingPathComponent("p/new_predictions.csv"))
    XCTAssertEqual(
      table[0],
      ["row"] + (hasClass ? ["true"] : []) + [
        "predicted", "p_class_0", "p_class_1", "p_class_2",
        "no_label_reached",
      ])
    XCTAssertEqual(table.count, 19)
    let first = hasClass ? 3 : 2
    for (row, probabilities) in expected.enumerated() {
      let fields = table[row + 1]
      for (column, value) in probabilities.enumerated() {
        XCTAssertEqual(Double(fields[first + column])!, value, accuracy: 1e-9)
      }
      XCTAssertEqual(fields.last, "0")
    }
    let metrics = try object(folder.appendingPathComponent("p/metrics.json"))
    let summary = try XCTUnwrap(metrics["new_predictions"] as? [String: Any])
    let html = try String(
      contentsOf: folder.appendingPathComponent("p/report.html"), encoding: .utf8)
    XCTAssertTrue(html.contains("new_predictions.csv"))
    if hasClass {
      let truth = try XCTUnwrap(new["truth"] as? [Int])
      let predictions = try XCTUnwrap(new["predictions"] as? [Int])
      let correct = zip(truth, predictions).filter { $0 == $1 }.count
      XCTAssertEqual(summary["correct"] as? Int, correct)
      XCTAssertEqual(summary["class_column"] as? String, "cultivar")
      XCTAssertTrue(run.stdout.contains("accuracy"), run.stdout)
      XCTAssertTrue(html.contains("accuracy"))
    } else {
      XCTAssertTrue(summary["accuracy"] is NSNull)
    }
    XCTAssertEqual(try checksum(newFile), before)
  }

  func testPredictWithAClassColumn() throws {
    try checkPredictions("wine_new.csv", hasClass: true)
  }

  func testPredictWithoutAClassColumn() throws {
    try checkPredictions("wine_new_features.csv", hasClass: false)
  }

  func testPredictRefusesAFileWithoutTheFeatures() throws {
    let folder = try Binary.scratchFolder(self)
    let file = folder.appendingPathComponent("few.csv")
    try Data("alcohol,hue\n1,2\n".utf8).write(to: file)
    let run = try Binary.run(
      ["--data", Self.data.path, "--predict", file.path, "--output", "p"], in: folder)
    XCTAssertEqual(run.status, 65)
    XCTAssertTrue(run.stderr.contains("few.csv:1:"), run.stderr)
    XCTAssertTrue(run.stderr.contains("malic_acid"), run.stderr)
  }

  func testQueriesOfImagesShowTheImages() throws {
    let folder = try Binary.scratchFolder(self)
    let run = try Binary.run(
      ["query", "--count", "4", "--strategy", "margin", "--output", "q"], in: folder)
    XCTAssertEqual(run.status, 0, run.stderr)
    let page = try String(
      contentsOf: folder.appendingPathComponent("q/queries.html"), encoding: .utf8)
    XCTAssertTrue(page.contains("queried_samples.png"))
    XCTAssertFalse(page.contains("mean of"))
    let table = try rows(folder.appendingPathComponent("q/queries.csv"))
    XCTAssertEqual(table.count, 5)
    XCTAssertTrue(table[0].contains("margin"))
    let margins = table.dropFirst().map { Double($0[5])! }
    XCTAssertEqual(margins, margins.sorted(), "smallest margin first")
  }
}
