import Foundation
import XCTest

#if canImport(Glibc)
import Glibc
#endif

/// Issue 18, item 2 and the acceptance's kill test: runs killed with SIGKILL at 200 random
/// instants, spread over the whole run including the commit, never lose or change a user's
/// entry, and the tool's files are always whole files (of the old or the new run).
///
/// Four folders are worked on at once (50 kills each): a run spends most of its time waiting,
/// and the test stays near twenty seconds.
final class OutputKillTests: XCTestCase {
  private static let arguments = [
    "--quiet", "--samples", "100", "--labeled", "10", "--output", "out",
  ]
  private static let toolFiles = [
    "report.html", "confusion_matrix.png", "uncertain_digits.png", "residuals.png",
    "metrics.json", "predictions.csv", ".report-manifest",
  ]
  /// Stretches the commit (8 ms after each rename), so that random kills land inside it.
  private static let environment = ["REPORT_TEST_COMMIT_PAUSE_US": "8000"]

  private static func isTools(_ name: String) -> Bool {
    toolFiles.contains(name) || name.hasSuffix(".report-partial")
  }

  func testKilledAtAnyInstantLosesNothing() throws {
    let scratch = try Binary.scratchFolder(self)
    let lanes = 4
    var users: [[String: String]] = []
    for lane in 0..<lanes {
      let folder = scratch.appendingPathComponent("lane\(lane)")
      let out = folder.appendingPathComponent("out")
      // The user's entries: files (some named like the tool's), folders, symbolic links.
      try FolderTest.put("my notes\n", "notes.txt", in: out)
      try FolderTest.put("draft\n", "report.md", in: out)
      try FolderTest.put("chapter\n", "thesis/chapter1.tex", in: out)
      for index in 0..<40 { try FolderTest.put("\(index)\n", "data/run\(index)/v.txt", in: out) }
      try FolderTest.put("old\n", "residuals/old.txt", in: out)
      XCTAssertEqual(symlink("notes.txt", out.path + "/link-to-notes"), 0)
      XCTAssertEqual(symlink("/nonexistent", out.path + "/dangling"), 0)
      users.append(FolderTest.entries(out, excluding: Self.isTools))
      // A complete run first, so that the old run's files exist.
      let first = try FolderTest.run(Self.arguments, in: folder, environment: Self.environment)
      XCTAssertEqual(first.status, 0, first.stderr)
    }
    let results = LaneResults()
    let expected = users
    DispatchQueue.concurrentPerform(iterations: lanes) { lane in
      let folder = scratch.appendingPathComponent("lane\(lane)")
      let out = folder.appendingPathComponent("out")
      // A complete run, timed while the other lanes run theirs, so that the kills spread
      // over a whole run as long as the runs take with four at a time.
      let start = Date()
      _ = try? FolderTest.run(Self.arguments, in: folder, environment: Self.environment)
      let duration = Date().timeIntervalSince(start) * 1.2
      var inodes = Self.currentInodes(out)
      for kill in 0..<50 {
        guard
          let process = try? FolderTest.start(
            Self.arguments, in: folder, environment: Self.environment)
        else {
          results.fail("lane \(lane): cannot start the run")
          return
        }
        usleep(UInt32(Double.random(in: 0...duration) * 1e6))
        Glibc.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        let label = "lane \(lane), kill \(kill)"
        if process.terminationReason == .exit { results.count(completed: true) }
        if FolderTest.entries(out, excluding: Self.isTools) != expected[lane] {
          results.fail("\(label): a user entry changed")
        }
        for problem in Self.problems(out) { results.fail("\(label): \(problem)") }
        let now = Self.currentInodes(out)
        let changed = Self.toolFiles.filter { now[$0] != inodes[$0] }.count
        if changed > 0, changed < Self.toolFiles.count { results.count(completed: false) }
        inodes = now
      }
    }
    for failure in results.failures.prefix(20) { XCTFail(failure) }
    print(
      "kill test: 200 kills, \(results.insideCommit) inside a commit, "
        + "\(results.completed) after the run had ended")

    // The next complete run cleans up after the killed ones and still keeps everything.
    for lane in 0..<lanes {
      let folder = scratch.appendingPathComponent("lane\(lane)")
      let out = folder.appendingPathComponent("out")
      XCTAssertEqual(try FolderTest.run(Self.arguments, in: folder).status, 0)
      XCTAssertEqual(FolderTest.entries(out, excluding: Self.isTools), users[lane])
      XCTAssertEqual(Self.problems(out), [])
      XCTAssertEqual(FolderTest.names(out).filter { $0.hasSuffix(".report-partial") }, [])
    }
    XCTAssertGreaterThan(results.insideCommit, 0, "no kill landed inside a commit")
    XCTAssertLessThan(results.completed, 150, "most kills must land inside a run")
  }

  private static func currentInodes(_ out: URL) -> [String: UInt64] {
    var result: [String: UInt64] = [:]
    for name in toolFiles {
      var status = stat()
      if lstat(out.path + "/" + name, &status) == 0 { result[name] = UInt64(status.st_ino) }
    }
    return result
  }

  /// What is wrong with the tool's files: each must be present and whole.
  private static func problems(_ out: URL) -> [String] {
    var problems: [String] = []
    for name in toolFiles {
      guard let data = FileManager.default.contents(atPath: out.path + "/" + name) else {
        problems.append("\(name) is missing")
        continue
      }
      let bytes = [UInt8](data)
      let text = String(decoding: bytes, as: UTF8.self)
      let whole: Bool
      switch name {
      case let png where png.hasSuffix(".png"):
        whole = Array(bytes.suffix(8)) == [0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82]
      case "metrics.json":
        whole = (try? JSONSerialization.jsonObject(with: data)) != nil
      case "report.html":
        whole = text.hasSuffix("</html>\n")
      case "predictions.csv":
        whole = bytes.filter { $0 == 0x0A }.count == 101
      default:
        whole = text.hasPrefix("report output manifest 1\n") && text.hasSuffix("\n")
      }
      if !whole { problems.append("\(name) is not whole") }
    }
    return problems
  }
}

/// What the lanes found, collected under a lock and checked on the test's thread.
private final class LaneResults: @unchecked Sendable {
  private let lock = NSLock()
  private(set) var failures: [String] = []
  private(set) var completed = 0
  private(set) var insideCommit = 0

  func fail(_ message: String) {
    lock.lock()
    failures.append(message)
    lock.unlock()
  }

  func count(completed whole: Bool) {
    lock.lock()
    if whole { completed += 1 } else { insideCommit += 1 }
    lock.unlock()
  }
}
