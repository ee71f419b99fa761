import Foundation
import XCTest

/// Progress on a terminal.
///
/// `report curve` (issue 17) counts its fits, never one fit's iterations; `report` shows each long phase (issue 14): reading, neighbours, iterations,
/// "What this means", writing, each with done of total, percent, elapsed and time left, and
/// clears the line before it prints. Nothing when stderr is not a terminal. The run's stderr is a pseudo-terminal made by `script`; the hook
/// `REPORT_TEST_PROGRESS_AT_ONCE` draws every update without waiting a second.
final class ProgressTests: XCTestCase {
  private func environment() -> [String: String] {
    var environment = ProcessInfo.processInfo.environment
    environment["SWIFT_BACKTRACE"] = "enable=no"
    environment["REPORT_TEST_PROGRESS_AT_ONCE"] = "1"
    environment["CI"] = nil
    return environment
  }

  private let arguments = [
    "curve", "--labeled", "10,20", "--repeats", "2", "--output", "out", "--quiet",
  ]

  /// Runs `report arguments` on a new pseudo-terminal through util-linux's `script`;
  /// returns what the terminal received.
  private func runOnTerminal(in folder: URL, _ arguments: [String]? = nil) throws -> (
    status: Int32, terminal: String
  ) {
    let arguments = arguments ?? self.arguments
    let script = URL(fileURLWithPath: "/usr/bin/script")
    guard FileManager.default.isExecutableFile(atPath: script.path) else {
      throw XCTSkip("util-linux's script is not installed")
    }
    let command = ([Binary.url.path] + arguments).map { "'\($0)'" }.joined(separator: " ")
    let process = Process()
    process.executableURL = script
    process.arguments = ["--quiet", "--return", "--command", command, "/dev/null"]
    process.currentDirectoryURL = folder
    var environment = environment()
    environment["SHELL"] = "/bin/sh"
    process.environment = environment
    let out = Pipe()
    process.standardOutput = out
    process.standardError = FileHandle.nullDevice
    process.standardInput = FileHandle.nullDevice
    try process.run()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
  }

  func testCurveCountsFitsOnATerminal() throws {
    let folder = try Binary.scratchFolder(self)
    let (status, terminal) = try runOnTerminal(in: folder)
    XCTAssertEqual(status, 0, terminal)
    // 2 counts x 2 seeds x 3 models.
    XCTAssertTrue(terminal.contains("learning curve: 1 of 12 fits ("), terminal)
    XCTAssertTrue(terminal.contains("learning curve: 12 of 12 fits (100%)"), terminal)
    XCTAssertFalse(terminal.contains("iteration"), terminal)
    XCTAssertFalse(terminal.contains("of 180"), terminal)
  }

  /// A CSV of 400 rows, a few labeled, for `report --data`.
  private func writeData(in folder: URL) throws {
    var text = "a,b,target\n"
    for row in 0..<400 {
      let group = row % 3
      text += "\(group * 3 + (row * 37 % 100)),\(row * 53 % 100),\(row % 20 == 0 ? group : -1)\n"
    }
    try text.write(to: folder.appendingPathComponent("data.csv"), atomically: true, encoding: .utf8)
  }

  func testReportShowsEveryPhaseWithItsTimeLeftAndClearsTheLine() throws {
    let folder = try Binary.scratchFolder(self)
    try writeData(in: folder)
    let (status, terminal) = try runOnTerminal(
      in: folder,
      ["--data", "data.csv", "--kernel", "knn", "--neighbors", "5", "--output", "out"])
    XCTAssertEqual(status, 0, terminal)
    let clear = "\r\u{1B}[K"
    for expected in [
      clear + "reading data.csv, 0:00 elapsed",
      clear + "reading data.csv: 0.0 of ", " kB (100%), 0:0",
      clear + "finding the neighbours: ", " of 400 rows (", "400 of 400 rows (100%)",
      clear + "iterating: 1 of at most 20 (5%), change ", " left",
      clear + "What this means, figures and predictions.csv, 0:0",
      clear + "writing the files, 0:0",
      // Cleared before the summary, and before the warnings.
      clear + "Label Spreading model: 20 labeled & 380 unlabeled points (400 total)",
      clear + "report: warning: ",
    ] {
      XCTAssertTrue(terminal.contains(expected), "\(expected) in \(terminal.debugDescription)")
    }
    XCTAssertTrue(terminal.contains(" elapsed, about "), terminal.debugDescription)
    // Nothing is drawn after the summary starts.
    let summary = try XCTUnwrap(terminal.range(of: "Label Spreading model:"))
    XCTAssertFalse(terminal[summary.upperBound...].contains("\u{1B}[K"), terminal.debugDescription)
  }

  /// `report curve` and `report tune` show the reading of a CSV too, then their fits.
  func testCurveAndTuneShowReadingTheData() throws {
    let folder = try Binary.scratchFolder(self)
    var text = "a,b,target\n"
    for row in 0..<300 { text += "\(row % 3 * 3 + row * 37 % 100),\(row * 53 % 100),\(row % 3)\n" }
    try text.write(to: folder.appendingPathComponent("full.csv"), atomically: true, encoding: .utf8)
    for (command, fits) in [
      (["curve", "--labeled", "20,40", "--repeats", "1"], "learning curve: 6 of 6 fits (100%)"),
      (["tune", "--folds", "2"], "fitting: 1 of "),
    ] {
      let (status, terminal) = try runOnTerminal(
        in: folder, command + ["--data", "full.csv", "--output", "out", "--quiet"])
      XCTAssertEqual(status, 0, terminal)
      for expected in ["\r\u{1B}[Kreading full.csv: ", " kB (100%)", fits] {
        XCTAssertTrue(terminal.contains(expected), "\(command) \(expected) in \(terminal)")
      }
    }
  }

  func testReportDrawsNothingOnAPipe() throws {
    let folder = try Binary.scratchFolder(self)
    try writeData(in: folder)
    let process = Process()
    process.executableURL = Binary.url
    process.arguments = ["--data", "data.csv", "--kernel", "knn", "--output", "out"]
    process.currentDirectoryURL = folder
    process.environment = environment()
    let err = Pipe()
    process.standardError = err
    process.standardOutput = FileHandle.nullDevice
    try process.run()
    let data = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    XCTAssertEqual(process.terminationStatus, 0)
    let text = String(decoding: data, as: UTF8.self)
    XCTAssertFalse(text.contains("\u{1B}[K") || text.contains("elapsed"), text)
  }

  func testNoProgressWhenStderrIsAPipe() throws {
    let folder = try Binary.scratchFolder(self)
    let process = Process()
    process.executableURL = Binary.url
    process.arguments = arguments
    process.currentDirectoryURL = folder
    process.environment = environment()
    let err = Pipe()
    process.standardError = err
    process.standardOutput = FileHandle.nullDevice
    try process.run()
    let data = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    XCTAssertEqual(process.terminationStatus, 0)
    let text = String(decoding: data, as: UTF8.self)
    XCTAssertFalse(text.contains("fits") || text.contains("elapsed"), text)
  }
}
