import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Fault-injection points for the tests of the output folder, driven by the environment; a
/// normal run sets neither variable and pays one lookup.
///
/// - `REPORT_TEST_HOLD=STAGE:PATH`: at `STAGE` (`commit`: every file written and flushed,
///   nothing in place yet) the run creates `PATH` and waits until it is deleted, so a test can
///   act on the folder at that instant.
/// - `REPORT_TEST_COMMIT_PAUSE_US=N`: sleep N microseconds after each rename or removal of the
///   commit, so that a test's random kills can land inside it.
enum OutputTestHooks {
  static func hold(_ stage: String) {
    guard let value = ProcessInfo.processInfo.environment["REPORT_TEST_HOLD"],
      value.hasPrefix(stage + ":")
    else { return }
    let path = String(value.dropFirst(stage.count + 1))
    let descriptor = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0o644)
    if descriptor >= 0 { close(descriptor) }
    var status = stat()
    for _ in 0..<6000 where stat(path, &status) == 0 { usleep(10_000) }
  }

  static func pause() {
    guard let value = ProcessInfo.processInfo.environment["REPORT_TEST_COMMIT_PAUSE_US"],
      let microseconds = UInt32(value)
    else { return }
    usleep(microseconds)
  }
}
