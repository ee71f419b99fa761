import Foundation
import XCTest

#if canImport(Glibc)
import Glibc
#endif

/// The output folder only ever touches the files the tool wrote (issue 18, items 1, 3, 5, 6 and
/// the lock of item 12).
final class OutputFolderTests: XCTestCase {
  private var scratch: URL!

  override func setUpWithError() throws {
    scratch = try Binary.scratchFolder(self)
  }

  private let small = ["--quiet", "--samples", "100", "--labeled", "10"]

  private static let toolNames: Set<String> = [
    "report.html", "confusion_matrix.png", "uncertain_digits.png", "residuals.png",
    "metrics.json", "predictions.csv", ".report-manifest",
    "confusion_matrix.svg", "uncertain_digits.svg", "residuals.svg",
  ]

  /// Item 1: entries whose names start like the tool's own are kept, through a run that also
  /// drops an earlier run's figures.
  func testEntriesNamedLikeTheToolsAreKept() throws {
    let out = scratch.appendingPathComponent("out")
    for name in [
      "report.md", "report.notes.txt", ".report", "metrics.json.bak", "predictions.2023.csv",
      "report/thesis.tex", "report/deep/notes.txt", "residuals/keep.txt",
    ] {
      try FolderTest.put("user \(name)\n", name, in: out)
    }
    let user = FolderTest.entries(out)
    for arguments in [small, small + ["--format", "svg"], small] {
      let run = try FolderTest.run(arguments + ["--output", "out"], in: scratch)
      XCTAssertEqual(run.status, 0, run.stderr)
      XCTAssertEqual(
        FolderTest.entries(out) { Self.toolNames.contains($0) }, user, "after \(arguments)")
    }
    // The svg figures of the second run are gone again; the pngs are back.
    XCTAssertFalse(FileManager.default.fileExists(atPath: out.path + "/residuals.svg"))
    XCTAssertTrue(FileManager.default.fileExists(atPath: out.path + "/residuals.png"))
  }

  /// Item 1: the input data are never replaced, and a folder holding them is refused until it is
  /// the tool's own.
  func testInputDataInTheFolder() throws {
    let csv =
      "a,b,target\n" + (0..<30).map { "\($0 % 7),\($0 % 5),\($0 % 2)" }.joined(separator: "\n")
      + "\n"
    try FolderTest.put(csv, "out/report.csv", in: scratch)
    let refused = try FolderTest.run(
      ["--quiet", "--labeled", "10", "--data", "out/report.csv", "--output", "out"], in: scratch)
    XCTAssertEqual(refused.status, 64, refused.stderr)
    XCTAssertTrue(refused.stderr.contains("input data"), refused.stderr)
    XCTAssertEqual(FolderTest.names(scratch.appendingPathComponent("out")), ["report.csv"])

    // In the tool's own folder (a manifest from an earlier run) the input is read and kept.
    XCTAssertEqual(try FolderTest.run(["--quiet", "--output", "kept"], in: scratch).status, 0)
    try FolderTest.put(csv, "kept/data.csv", in: scratch)
    let inOwn = try FolderTest.run(
      ["--quiet", "--labeled", "10", "--data", "kept/data.csv", "--output", "kept"], in: scratch)
    XCTAssertEqual(inOwn.status, 0, inOwn.stderr)
    XCTAssertEqual(
      try String(contentsOf: scratch.appendingPathComponent("kept/data.csv"), encoding: .utf8), csv)

    // An input carrying one of the tool's own names is not replaced by the output.
    try FolderTest.put(csv, "kept/metrics.json", in: scratch)
    let clash = try FolderTest.run(
      ["--quiet", "--labeled", "10", "--data", "kept/metrics.json", "--output", "kept"], in: scratch
    )
    XCTAssertEqual(clash.status, 64, clash.stderr)
    XCTAssertEqual(
      try String(contentsOf: scratch.appendingPathComponent("kept/metrics.json"), encoding: .utf8),
      csv)
  }

  /// Item 6: `/`, `.`, `..`, the home folder and a folder holding it are refused with 64, and
  /// nothing is written.
  func testFoldersThatAreNotTheToolsAreRefused() throws {
    let project = scratch.appendingPathComponent("project")
    try FolderTest.put("# my notes\n", "report.md", in: project)
    let home = scratch.appendingPathComponent("home")
    try FolderTest.put("dotfile\n", ".profile", in: home)
    let before = FolderTest.entries(scratch)
    for (output, fragment) in [
      (".", "current folder"), ("..", "holding"), ("/", "root folder"),
      (home.path, "home folder"), (scratch.path, "home folder"),
    ] {
      let run = try FolderTest.run(
        small + ["--output", output], in: project, environment: ["HOME": home.path])
      XCTAssertEqual(run.status, 64, "\(output): \(run.stderr)")
      XCTAssertTrue(run.stderr.contains(fragment), "\(output): \(run.stderr)")
      XCTAssertEqual(run.stderr.split(separator: "\n").count, 1, run.stderr)
      XCTAssertEqual(FolderTest.entries(scratch), before, output)
    }
  }

  /// Item 3: a file saved into the folder while a run writes is kept.
  func testFileSavedDuringARunIsKept() throws {
    let out = scratch.appendingPathComponent("out")
    XCTAssertEqual(try FolderTest.run(small + ["--output", "out"], in: scratch).status, 0)
    let hold = scratch.appendingPathComponent("hold").path
    let process = try FolderTest.start(
      small + ["--output", "out"], in: scratch, environment: ["REPORT_TEST_HOLD": "commit:\(hold)"])
    XCTAssertTrue(
      FolderTest.waitFor(hold, seconds: 60, while: process), "the run never reached its commit")
    try FolderTest.put("saved mid-run\n", "notes.txt", in: out)
    try FolderTest.put("saved mid-run\n", "figures/extra.txt", in: out)
    unlink(hold)
    process.waitUntilExit()
    XCTAssertEqual(process.terminationStatus, 0)
    XCTAssertEqual(
      try String(contentsOf: out.appendingPathComponent("notes.txt"), encoding: .utf8),
      "saved mid-run\n")
    XCTAssertTrue(FileManager.default.fileExists(atPath: out.path + "/figures/extra.txt"))
  }

  /// Item 5: the folder keeps its inode, permissions, setgid bit, owner and group.
  func testTheFolderKeepsItsIdentity() throws {
    let out = scratch.appendingPathComponent("out")
    XCTAssertEqual(mkdir(out.path, 0o700), 0)
    XCTAssertEqual(chmod(out.path, 0o2750), 0)
    let owner: uid_t = geteuid() == 0 ? 4242 : geteuid()
    let group: gid_t = geteuid() == 0 ? 4343 : getegid()
    XCTAssertEqual(chown(out.path, owner, group), 0)
    var before = stat()
    XCTAssertEqual(lstat(out.path, &before), 0)
    for _ in 0..<2 {
      let run = try FolderTest.run(small + ["--output", "out"], in: scratch)
      XCTAssertEqual(run.status, 0, run.stderr)
      var after = stat()
      XCTAssertEqual(lstat(out.path, &after), 0)
      XCTAssertEqual(after.st_ino, before.st_ino, "the folder was replaced")
      XCTAssertEqual(after.st_mode, before.st_mode)
      XCTAssertEqual(after.st_uid, owner)
      XCTAssertEqual(after.st_gid, group)
    }
    XCTAssertEqual(
      FolderTest.names(scratch), ["out"], "nothing is left beside the folder (lock, staging)")
    // Files of the setgid folder carry its group.
    var file = stat()
    XCTAssertEqual(lstat(out.path + "/report.html", &file), 0)
    XCTAssertEqual(file.st_gid, group)
  }

  /// Item 6: an output folder that is a mount point works (it used to fail with 74).
  func testAMountPointWorks() throws {
    guard geteuid() == 0 else { throw XCTSkip("mounting needs root") }
    let out = scratch.appendingPathComponent("mounted")
    XCTAssertEqual(mkdir(out.path, 0o755), 0)
    let mount = Process()
    mount.executableURL = URL(fileURLWithPath: "/bin/mount")
    mount.arguments = ["-t", "tmpfs", "-o", "size=16m", "tmpfs", out.path]
    try mount.run()
    mount.waitUntilExit()
    guard mount.terminationStatus == 0 else { throw XCTSkip("cannot mount a tmpfs here") }
    defer {
      let umount = Process()
      umount.executableURL = URL(fileURLWithPath: "/bin/umount")
      umount.arguments = [out.path]
      try? umount.run()
      umount.waitUntilExit()
    }
    try FolderTest.put("mine\n", "notes.txt", in: out)
    for _ in 0..<2 {
      let run = try FolderTest.run(small + ["--output", "mounted"], in: scratch)
      XCTAssertEqual(run.status, 0, run.stderr)
    }
    XCTAssertTrue(FileManager.default.fileExists(atPath: out.path + "/report.html"))
    XCTAssertTrue(FileManager.default.fileExists(atPath: out.path + "/notes.txt"))
  }

  /// Item 12: a run that fails before anything is in place leaves nothing behind (no folder it
  /// created, no lock file for a name it never wrote), and a lock held on the folder stops a
  /// second run with 75.
  func testAFailedRunLeavesNothingAndTheLockIsTheFolders() throws {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/sh")
    process.arguments =
      ["-c", "ulimit -f 8; exec \"$0\" \"$@\"", Binary.url.path] + small + ["--output", "fresh"]
    process.currentDirectoryURL = scratch
    process.standardError = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    XCTAssertEqual(process.terminationStatus, 74)
    XCTAssertEqual(FolderTest.names(scratch), [], "the failed run left entries behind")

    XCTAssertEqual(try FolderTest.run(small + ["--output", "out"], in: scratch).status, 0)
    let folder = open(scratch.appendingPathComponent("out").path, O_RDONLY | O_DIRECTORY)
    XCTAssertGreaterThanOrEqual(folder, 0)
    defer { close(folder) }
    XCTAssertEqual(flock(folder, LOCK_EX | LOCK_NB), 0)
    let locked = try FolderTest.run(small + ["--output", "out"], in: scratch)
    XCTAssertEqual(locked.status, 75, locked.stderr)
    flock(folder, LOCK_UN)
    XCTAssertEqual(FolderTest.names(scratch), ["out"])
  }

  /// Item 12: Ctrl-C (or SIGTERM) during a run removes its partial files at once, and a folder
  /// the run created, instead of leaving them for the next run.
  func testAnInterruptedRunCleansUp() throws {
    let kept = scratch.appendingPathComponent("kept")
    try FolderTest.put("mine\n", "mine.txt", in: kept)
    for (output, signalNumber) in [("fresh", SIGINT), ("kept", SIGTERM)] {
      let hold = scratch.path + "/hold-\(output)"
      let process = try FolderTest.start(
        small + ["--output", output], in: scratch,
        environment: ["REPORT_TEST_HOLD": "commit:\(hold)"])
      XCTAssertTrue(FolderTest.waitFor(hold, seconds: 60, while: process), "no commit reached")
      XCTAssertTrue(
        FolderTest.names(scratch.appendingPathComponent(output)).contains {
          $0.hasSuffix(".report-partial")
        })
      kill(process.processIdentifier, signalNumber)
      process.waitUntilExit()
      XCTAssertEqual(process.terminationReason, .uncaughtSignal)
      unlink(hold)
    }
    XCTAssertEqual(FolderTest.names(scratch), ["kept"])
    XCTAssertEqual(FolderTest.names(kept), ["mine.txt"])
  }
}
