import Foundation
import XCTest

#if canImport(Glibc)
import Glibc
#endif

/// Every mistake ends with one clear line, a documented exit code, and the previous report intact.
final class FailureTests: XCTestCase {
  private var folder: URL!
  private var before: [String: Data] = [:]

  override func setUpWithError() throws {
    folder = try Binary.scratchFolder(self)
    let first = try Binary.run(["--quiet"], in: folder)
    XCTAssertEqual(first.status, 0, first.stderr)
    before = Binary.snapshot(folder.appendingPathComponent("output"))
    XCTAssertFalse(before.isEmpty)
  }

  /// Runs `arguments`, expects `status` and a single stderr line containing `fragments`.
  private func expectFailure(
    _ arguments: [String], status: Int32, _ fragments: String..., file: StaticString = #filePath,
    line: UInt = #line
  ) throws {
    let run = try Binary.run(arguments, in: folder)
    XCTAssertEqual(run.status, status, "\(arguments): \(run.stderr)", file: file, line: line)
    let lines = run.stderr.split(separator: "\n")
    XCTAssertEqual(lines.count, 1, "\(arguments): \(run.stderr)", file: file, line: line)
    for fragment in fragments {
      XCTAssertTrue(
        run.stderr.contains(fragment), "\(arguments): \(run.stderr) lacks \(fragment)",
        file: file, line: line)
    }
    XCTAssertEqual(
      Binary.snapshot(folder.appendingPathComponent("output")), before,
      "\(arguments) changed the previous report", file: file, line: line)
    let leftovers =
      try FileManager.default.contentsOfDirectory(atPath: folder.path).filter {
        $0.contains("staging") || $0.hasSuffix(".lock")
      }
      + FileManager.default.contentsOfDirectory(atPath: folder.path + "/output").filter {
        $0.hasSuffix(".report-partial")
      }
    XCTAssertEqual(leftovers, [], file: file, line: line)
  }

  private func writeCSV(_ name: String, _ text: String) throws -> String {
    let url = folder.appendingPathComponent(name)
    try text.write(to: url, atomically: true, encoding: .utf8)
    return url.path
  }

  func testBadOptionsExit64() throws {
    try expectFailure(["--gamma", "0"], status: 64, "--gamma")
    try expectFailure(["--gamma", "inf"], status: 64, "inf")
    try expectFailure(["--gamma", "nan"], status: 64, "nan")
    try expectFailure(["--gamma", "0x10"], status: 64, "0x10")
    try expectFailure(["--gamma", "1e-400"], status: 64, "1e-400")
    try expectFailure(["--gamma", "1e400"], status: 64, "1e400")
    try expectFailure(["--alpha", "1"], status: 64, "--alpha")
    try expectFailure(["--alpha", "0"], status: 64, "--alpha")
    try expectFailure(["--model", "propagation", "--alpha", "0.5"], status: 64, "--alpha")
    try expectFailure(["--max-iter", "0"], status: 64, "--max-iter")
    try expectFailure(["--tol", "-1"], status: 64, "--tol")
    try expectFailure(["--kernel", "knn", "--neighbors", "0"], status: 64, "--neighbors")
    try expectFailure(["--kernel", "knn", "--neighbors", "341"], status: 64, "--neighbors", "340")
    try expectFailure(["--model", "bogus"], status: 64, "bogus", "spreading", "propagation")
    try expectFailure(["--kernel", "bogus"], status: 64, "bogus", "rbf", "knn")
    try expectFailure(["--format", "gif"], status: 64, "gif", "png", "svg", "pdf")
    try expectFailure(["--seed", "-1"], status: 64, "--seed")
    try expectFailure(["--seed", "4294967296"], status: 64, "--seed")
    try expectFailure(["--samples", "5000"], status: 64, "--samples", "1797")
    try expectFailure(["--labeled", "340"], status: 64, "--labeled")
    try expectFailure(["--scale", "100"], status: 64, "--scale")
    try expectFailure(["--uncertain", "0"], status: 64, "--uncertain")
    try expectFailure(["--no-such-option"], status: 64, "--no-such-option")
  }

  func testBadDataExit65Or66() throws {
    try expectFailure(["--data", "missing.csv"], status: 66, "missing.csv")
    try expectFailure(["--data", folder.path], status: 66, folder.path)
    let ragged = try writeCSV("ragged.csv", "a,b,target\n1,2,0\n3,1\n")
    try expectFailure(["--data", ragged], status: 65, "ragged.csv:3:")
    let text = try writeCSV("text.csv", "a,b,target\n1,2,0\n3,abc,1\n")
    try expectFailure(["--data", text], status: 65, "text.csv:3:3", "abc")
    let fraction = try writeCSV("fraction.csv", "a,target\n1,0\n2,2.5\n")
    try expectFailure(["--data", fraction], status: 65, "fraction.csv:3:", "2.5")
    let unlabeled = try writeCSV("unlabeled.csv", "a,target\n1,-1\n2,-1\n")
    try expectFailure(["--data", unlabeled], status: 65, "unlabeled.csv")
    let noTarget = try writeCSV("notarget.csv", "a,b\n1,2\n")
    try expectFailure(
      ["--data", noTarget, "--target-column", "class"], status: 65, "class", "a, b")
  }

  func testOutputThatIsAFileExits73() throws {
    let path = try writeCSV("plain-file", "not a folder\n")
    let run = try Binary.run(["--output", path], in: folder)
    XCTAssertEqual(run.status, 73, run.stderr)
    XCTAssertTrue(run.stderr.contains(path), run.stderr)
    XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), "not a folder\n")
  }

  func testSecondRunIntoALockedFolderExits75() throws {
    // The lock is the output folder's own (flock on it): nothing is left beside it.
    let lock = open(folder.appendingPathComponent("output").path, O_RDONLY | O_DIRECTORY)
    XCTAssertGreaterThanOrEqual(lock, 0)
    defer { close(lock) }
    XCTAssertEqual(flock(lock, LOCK_EX | LOCK_NB), 0)
    try expectFailure([], status: 75, "another report run")
    flock(lock, LOCK_UN)
    XCTAssertEqual(try Binary.run(["--quiet"], in: folder).status, 0)
  }

  func testWriteFailureHalfWayLeavesThePreviousReport() throws {
    // A 16 kB file-size limit lets metrics.json through but not the figures.
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/sh")
    process.arguments = ["-c", "ulimit -f 32; exec \"$0\" --quiet", Binary.url.path]
    process.currentDirectoryURL = folder
    let err = Pipe()
    process.standardError = err
    try process.run()
    let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    XCTAssertEqual(process.terminationReason, .exit, message)
    XCTAssertEqual(process.terminationStatus, 74, message)
    XCTAssertTrue(message.contains("File too large"), message)
    XCTAssertEqual(Binary.snapshot(folder.appendingPathComponent("output")), before)
  }

  func testRunsIntoDifferentFoldersDoNotInterfere() throws {
    let first = try Binary.run(["--output", "a", "--quiet", "--seed", "3"], in: folder)
    let second = try Binary.run(["--output", "b", "--quiet", "--seed", "3"], in: folder)
    XCTAssertEqual(first.status, 0)
    XCTAssertEqual(second.status, 0)
    let a = Binary.snapshot(folder.appendingPathComponent("a"))["predictions.csv"]
    XCTAssertNotNil(a)
    XCTAssertEqual(a, Binary.snapshot(folder.appendingPathComponent("b"))["predictions.csv"])
  }
}
