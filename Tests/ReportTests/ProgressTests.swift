import Foundation
import XCTest

/// Progress of `report curve` on a terminal (issue 17).
///
/// It shows "fit k of N", never one fit's iterations, and nothing when stderr is not a
/// terminal. The run's stderr is a pseudo-terminal made by `script`; the hook
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
  private func runOnTerminal(in folder: URL) throws -> (status: Int32, terminal: String) {
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
    XCTAssertTrue(terminal.contains("fit 1 of 12"), terminal)
    XCTAssertTrue(terminal.contains("fit 12 of 12"), terminal)
    XCTAssertFalse(terminal.contains("iteration"), terminal)
    XCTAssertFalse(terminal.contains("of 180"), terminal)
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
    XCTAssertFalse(String(decoding: data, as: UTF8.self).contains("fit "))
  }
}
