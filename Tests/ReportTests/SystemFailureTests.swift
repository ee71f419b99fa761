import Foundation
import XCTest

#if canImport(Glibc)
import Glibc
#endif

/// Issue 18, items 7, 8 and 12: every failure of the system is an exit code and at most one
/// line on stderr, never a signal or a hang.
final class SystemFailureTests: XCTestCase {
  private var scratch: URL!
  private let small = "--quiet --samples 100 --labeled 10"

  override func setUpWithError() throws {
    scratch = try Binary.scratchFolder(self)
    XCTAssertEqual(chmod(scratch.path, 0o777), 0)
  }

  /// Runs `script` in bash (`$R` is the program) with a time limit; the exit status (a
  /// signal shows as 128 + its number) and what reached stderr when it went to a pipe.
  private func bash(_ script: String, seconds: Int = 60) throws -> (status: Int32, stderr: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/bash")
    process.arguments = ["-c", "R=\"$0\"; " + script, Binary.url.path]
    process.currentDirectoryURL = scratch
    var environment = ProcessInfo.processInfo.environment
    environment["SWIFT_BACKTRACE"] = "enable=no"
    process.environment = environment
    let err = Pipe()
    process.standardError = err
    process.standardOutput = FileHandle.nullDevice
    try process.run()
    let deadline = DispatchTime.now() + .seconds(seconds)
    let done = DispatchSemaphore(value: 0)
    DispatchQueue.global().async {
      process.waitUntilExit()
      done.signal()
    }
    if done.wait(timeout: deadline) == .timedOut {
      kill(-process.processIdentifier, SIGKILL)
      process.terminate()
      XCTFail("`\(script)` did not end within \(seconds) s")
      return (-1, "")
    }
    let text = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    return (process.terminationStatus, text)
  }

  /// Item 7: stderr on a full device, closed, or a pipe whose reader has gone.
  func testUnwritableStderrKeepsTheExitCode() throws {
    for (redirect, name) in [("2>/dev/full", "full"), ("2>&-", "closed")] {
      XCTAssertEqual(try bash("\"$R\" --gamma 0 \(redirect); echo $? >&2").stderr, "64\n", name)
      XCTAssertEqual(
        try bash("\"$R\" \(small) --output \(name) \(redirect) >/dev/full; echo $? >&2").stderr,
        "0\n", name)
    }
    // The reader of stderr exits before the program writes its message.
    let piped = try bash(
      "{ sleep 0.3; \"$R\" --gamma 0 2>&1 >/dev/null; echo $? >rc; } | true; cat rc >&2")
    XCTAssertEqual(piped.stderr, "64\n")
  }

  /// Item 8: without `/proc` the program still reads its arguments and runs.
  func testRunsWithoutProc() throws {
    guard geteuid() == 0 else { throw XCTSkip("needs root for a mount namespace") }
    try skipUnderAddressSanitizer("its runtime reads /proc before the program starts")
    let run = try bash(
      "unshare -m bash -c 'mount -t tmpfs none /proc && exec \"$0\" \(small) --output noproc' \"$R\""
    )
    XCTAssertEqual(run.status, 0, run.stderr)
    XCTAssertTrue(FileManager.default.fileExists(atPath: scratch.path + "/noproc/report.html"))
    XCTAssertFalse(FileManager.default.fileExists(atPath: scratch.path + "/output"))
  }

  /// Item 8: when threads cannot be created the run ends with 71 and one line, not a hang.
  func testNoThreadsIsExit71() throws {
    guard geteuid() == 0 else { throw XCTSkip("needs root to act as another user") }
    try skipUnderAddressSanitizer("its shadow memory cannot be mapped under a memory limit")
    guard try bash("id -u reportrace || useradd -M -r -s /usr/sbin/nologin reportrace").status == 0,
      let account = getpwnam("reportrace")
    else { throw XCTSkip("cannot create a user") }
    let id = account.pointee.pw_uid
    for limit in [1, 2] {
      let run = try bash(
        "setpriv --reuid=\(id) --regid=\(id) --clear-groups bash -c "
          + "'ulimit -u \(limit); exec \"$0\" \(small) --output threads' \"$R\"", seconds: 30)
      XCTAssertEqual(run.status, 71, run.stderr)
      XCTAssertEqual(run.stderr.split(separator: "\n").count, 1, run.stderr)
      XCTAssertTrue(run.stderr.contains("threads"), run.stderr)
    }
    let memory = try bash("ulimit -v 100000; exec \"$R\" \(small) --output memory")
    XCTAssertEqual(memory.status, 71, memory.stderr)
    XCTAssertEqual(memory.stderr.split(separator: "\n").count, 1, memory.stderr)
  }

  /// Item 12: a FIFO or a device as the data is refused at once with 66.
  func testNonRegularInputIsRefused() throws {
    XCTAssertEqual(mkfifo(scratch.path + "/fifo.csv", 0o644), 0)
    for input in ["fifo.csv", "/dev/zero", "/dev/null"] {
      let run = try bash("exec \"$R\" --data \(input) --output out", seconds: 20)
      XCTAssertEqual(run.status, 66, "\(input): \(run.stderr)")
      XCTAssertTrue(run.stderr.contains("not a regular file"), run.stderr)
    }
  }

  /// Item 12: a file with more rows than the cap is refused before it is parsed, within a
  /// memory limit that parsing it would exceed.
  func testTooManyRowsIsRefusedBeforeParsing() throws {
    try skipUnderAddressSanitizer("its shadow memory cannot be mapped under a memory limit")
    var text = (0..<20).map { "c\($0)" }.joined(separator: ",") + ",target\n"
    let row = (0..<20).map { String($0 % 10) }.joined(separator: ",") + ",1\n"
    text += String(repeating: row, count: 1_000_001)
    try Data(text.utf8).write(to: scratch.appendingPathComponent("big.csv"))
    let run = try bash("ulimit -v 300000; exec \"$R\" --data big.csv --output out")
    XCTAssertEqual(run.status, 65, run.stderr)
    XCTAssertTrue(run.stderr.contains("1000000 rows"), run.stderr)
  }
}

/// Issue 18, item 12: class names that are spreadsheet formulas reach `predictions.csv` inert.
final class FormulaInjectionTests: XCTestCase {
  func testClassNamesAreNotFormulasInPredictions() throws {
    let scratch = try Binary.scratchFolder(self)
    var text = "a,b,target\n"
    let names = ["\"=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\"", "@SUM(1)", "+cmd"]
    for row in 0..<30 { text += "\(row % 7),\(row % 3),\(names[row % 3])\n" }
    try Data(text.utf8).write(to: scratch.appendingPathComponent("data.csv"))
    let run = try Binary.run(
      ["--quiet", "--data", "data.csv", "--labeled", "12", "--output", "out"], in: scratch)
    XCTAssertEqual(run.status, 0, run.stderr)
    let csv = try String(
      contentsOf: scratch.appendingPathComponent("out/predictions.csv"), encoding: .utf8)
    for line in csv.split(separator: "\r\n").dropFirst() {
      for cell in line.split(separator: ",", omittingEmptySubsequences: false) {
        let value = cell.hasPrefix("\"") ? String(cell.dropFirst()) : String(cell)
        XCTAssertFalse(
          value.hasPrefix("=") || value.hasPrefix("@") || value.hasPrefix("+"), String(line))
      }
    }
    XCTAssertTrue(csv.contains("'@SUM(1)"), csv)
  }
}

/// Skips a test that runs the program without `/proc` or under `ulimit -v` in an
/// AddressSanitizer build.
///
/// The sanitizer's runtime reads `/proc` and maps terabytes of shadow memory before `main`, so
/// such a program cannot start at all there; these tests run in the plain build. The test
/// bundle and the program it runs are built together, so the bundle's own runtime tells.
private func skipUnderAddressSanitizer(_ why: String) throws {
  if dlsym(UnsafeMutableRawPointer(bitPattern: 0), "__asan_init") != nil {
    throw XCTSkip("not under AddressSanitizer: \(why)")
  }
}
