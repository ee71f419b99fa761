import Foundation
import XCTest

/// The command line of a run, shell-quoted, in the JSON files and on the pages; and the data's
/// file name, never its folders, on the pages.
final class RunCommandTests: XCTestCase {
  private func json(_ url: URL) throws -> [String: Any] {
    try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
  }

  /// A copy of the wine data in a folder whose name has a space, under a name with a quote.
  private func awkwardData(in folder: URL) throws -> URL {
    let data = folder.appendingPathComponent("my data")
    try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
    let file = data.appendingPathComponent("wine's.csv")
    try FileManager.default.copyItem(at: Binary.fixture("owndata/wine_unl.csv"), to: file)
    return file
  }

  func testMetricsHoldTheCommandAsTypedAndTheShellRunsItAgain() throws {
    let folder = try Binary.scratchFolder(self)
    let file = try awkwardData(in: folder)
    let run = try Binary.run(
      ["--data", file.path, "--standardize", "--labeled", "30", "--output", "out", "--quiet"],
      in: folder)
    XCTAssertEqual(run.status, 0, run.stderr)
    let output = folder.appendingPathComponent("out")
    let metrics = try json(output.appendingPathComponent("metrics.json"))
    let quotedPath = "'\(folder.path)/my data/wine'\\''s.csv'"
    let command = try XCTUnwrap(metrics["command"] as? String)
    XCTAssertEqual(
      command, "report --data \(quotedPath) --standardize --labeled 30 --output out --quiet")
    // The full path stays in metrics.json.
    let data = try XCTUnwrap(metrics["data"] as? [String: Any])
    XCTAssertEqual(data["source"] as? String, file.path)

    // The line, given to a POSIX shell as it stands, repeats the run.
    let predictions = try Data(contentsOf: output.appendingPathComponent("predictions.csv"))
    try FileManager.default.removeItem(at: output)
    let shell = Process()
    shell.executableURL = URL(fileURLWithPath: "/bin/sh")
    shell.arguments = ["-c", "report() { \"$REPORT_BINARY\" \"$@\"; }\n" + command]
    shell.currentDirectoryURL = folder
    shell.environment = ProcessInfo.processInfo.environment.merging(
      ["REPORT_BINARY": Binary.url.path]) { $1 }
    try shell.run()
    shell.waitUntilExit()
    XCTAssertEqual(shell.terminationStatus, 0)
    let again = try json(output.appendingPathComponent("metrics.json"))
    XCTAssertEqual(again["command"] as? String, command)
    XCTAssertEqual(
      try Data(contentsOf: output.appendingPathComponent("predictions.csv")), predictions)
  }

  func testTheReportPageNamesTheFileAndShowsACopyableCommand() throws {
    let folder = try Binary.scratchFolder(self)
    let file = try awkwardData(in: folder)
    let run = try Binary.run(
      ["--data", file.path, "--standardize", "--output", "out", "--quiet"], in: folder)
    XCTAssertEqual(run.status, 0, run.stderr)
    let html = try String(
      contentsOf: folder.appendingPathComponent("out/report.html"), encoding: .utf8)
    XCTAssertTrue(html.contains("<title>Label Spreading on wine&#39;s.csv</title>"), html)
    XCTAssertTrue(html.contains("<h1><bdi>Label Spreading on wine&#39;s.csv</bdi></h1>"))
    XCTAssertFalse(html.contains("my data"), "the data's folder is on the page")
    XCTAssertFalse(html.contains(folder.path), "the data's folder is on the page")
    XCTAssertTrue(
      html.contains(
        "<pre class=\"command\" dir=\"ltr\"><code>report --data &#39;wine&#39;\\&#39;&#39;s.csv"
          + "&#39; --standardize --output out --quiet</code></pre>"), html)
    XCTAssertTrue(
      html.contains(
        "Files are named without their folders: run it where they are. metrics.json has the "
          + "command as typed."))
  }

  func testEveryOtherPageNamesTheFileAndItsJSONHoldsTheCommand() throws {
    let folder = try Binary.scratchFolder(self)
    let file = try awkwardData(in: folder)
    let data = ["--data=\(file.path)", "--standardize"]
    let cases: [(arguments: [String], page: String, json: String?)] = [
      (
        ["curve", "--labeled", "10,20", "--repeats", "1"], "learning_curve.html",
        "learning_curve.json"
      ),
      (
        ["active-learning", "--samples", "120", "--labeled", "20", "--rounds", "1"],
        "active_learning.html", "active_learning.json"
      ),
      (
        ["tune", "--gammas", "0.1,1", "--alphas", "0.2", "--folds", "2"], "tuning.html",
        "tuning.json"
      ),
      (["query", "--count", "3"], "queries.html", nil),
    ]
    for (index, item) in cases.enumerated() {
      let arguments = item.arguments + data + ["--output", "out\(index)", "--quiet"]
      let run = try Binary.run(arguments, in: folder)
      XCTAssertEqual(run.status, 0, "\(arguments): \(run.stderr)")
      let output = folder.appendingPathComponent("out\(index)")
      let html = try String(
        contentsOf: output.appendingPathComponent(item.page), encoding: .utf8)
      XCTAssertFalse(html.contains("my data"), "\(item.page) shows the data's folder")
      XCTAssertTrue(html.contains("wine&#39;s.csv"), "\(item.page) does not name the file")
      let shown =
        (["report"] + item.arguments).joined(separator: " ")
        + " &#39;--data=wine&#39;\\&#39;&#39;s.csv&#39; --standardize --output out\(index) --quiet"
      XCTAssertTrue(html.contains("<code>\(shown)</code>"), "\(item.page): \(shown)")
      if let name = item.json {
        let members = try json(output.appendingPathComponent(name))
        XCTAssertEqual(
          members["command"] as? String,
          (["report"] + item.arguments).joined(separator: " ")
            + " '--data=\(folder.path)/my data/wine'\\''s.csv' --standardize --output out\(index)"
            + " --quiet", name)
      }
    }
  }
}
