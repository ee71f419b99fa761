import Foundation
import XCTest

#if canImport(Glibc)
import Glibc
#endif

/// Item 4: in a sticky, world-writable parent (like `/tmp`), another user swapping folders and
/// symbolic links beside the output folder cannot make a run delete anything.
final class OutputFolderRaceTests: XCTestCase {
  private static let user = "reportrace"

  private func shell(_ command: String) throws -> Int32 {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/sh")
    process.arguments = ["-c", command]
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    return process.terminationStatus
  }

  func testAnotherUserCannotRedirectDeletes() throws {
    guard geteuid() == 0 else { throw XCTSkip("needs root to act as a second user") }
    guard try shell("id -u \(Self.user) || useradd -M -r -s /usr/sbin/nologin \(Self.user)") == 0,
      let account = getpwnam(Self.user)
    else { throw XCTSkip("cannot create the user \(Self.user)") }
    let scratch = try Binary.scratchFolder(self)
    // Files only root may touch, which the attacker points the tool at.
    let victim = scratch.appendingPathComponent("victim")
    for index in 0..<200 { try FolderTest.put("secret \(index)\n", "file\(index)", in: victim) }
    XCTAssertEqual(chmod(victim.path, 0o700), 0)
    let sticky = scratch.appendingPathComponent("tmp")
    XCTAssertEqual(mkdir(sticky.path, 0o777), 0)
    XCTAssertEqual(chmod(sticky.path, 0o1777), 0)
    XCTAssertEqual(chmod(scratch.path, 0o755), 0)

    // The attacker keeps swapping a folder full of entries and a link to the victim under
    // every name the tool has used beside its output folder.
    let script = """
      cd "$1" || exit 1
      mkdir -p d && i=0; while [ $i -lt 50 ]; do : > d/f$i; i=$((i+1)); done
      ln -s "$2" l
      while :; do
        for n in .out.staging-1 .out.lock out.previous-1; do
          mv -T d "$n" 2>/dev/null; mv -T "$n" d 2>/dev/null
          mv -T l "$n" 2>/dev/null; mv -T "$n" l 2>/dev/null
        done
      done
      """
    let attacker = Process()
    attacker.executableURL = URL(fileURLWithPath: "/usr/bin/setpriv")
    attacker.arguments = [
      "--reuid=\(account.pointee.pw_uid)", "--regid=\(account.pointee.pw_gid)", "--clear-groups",
      "/bin/sh", "-c", script, "attacker", sticky.path, victim.path,
    ]
    attacker.standardOutput = FileHandle.nullDevice
    attacker.standardError = FileHandle.nullDevice
    try attacker.run()
    defer {
      attacker.terminate()
      attacker.waitUntilExit()
    }
    let before = FolderTest.entries(victim)
    for _ in 0..<6 {
      let run = try FolderTest.run(
        ["--quiet", "--samples", "100", "--labeled", "10", "--output", "out"], in: sticky)
      XCTAssertEqual(run.status, 0, run.stderr)
    }
    XCTAssertTrue(attacker.isRunning, "the attacker stopped early")
    XCTAssertEqual(FolderTest.entries(victim), before, "the run deleted files it did not write")
  }
}
