import Dispatch
import Foundation
import Learning
import Reporting

#if canImport(Glibc)
import Glibc
#endif

/// Wall-clock milliseconds of each phase, for the footer and `metrics.json`.
final class Stopwatch: @unchecked Sendable {
  private let start = DispatchTime.now().uptimeNanoseconds
  private(set) var phases: [(String, Double)] = []

  func measure<T>(_ name: String, _ body: () throws -> T) rethrows -> T {
    let begin = DispatchTime.now().uptimeNanoseconds
    defer {
      phases.append((name, Double(DispatchTime.now().uptimeNanoseconds - begin) / 1e6))
    }
    return try body()
  }

  var totalMilliseconds: Double { Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6 }

  /// The phases so far and the total, in milliseconds, for `metrics.json` and the other JSON
  /// files.
  func timings() -> [(String, Double)] {
    phases + [("total", totalMilliseconds)]
  }

  /// `timings` as the page's footer shows them (`fit` → `3.1 ms`).
  static func footer(_ timings: [(String, Double)]) -> [KeyValue] {
    timings.map { KeyValue(key: $0.0, value: String(format: "%.1f ms", $0.1)) }
  }
}

/// Progress of a long fit on stderr, only when stderr is a terminal and the fit runs over a second.
///
/// `REPORT_TEST_PROGRESS_AT_ONCE=1` (a test hook) draws every update from the start, so that
/// a test on a pseudo-terminal sees it without a slow run; it does not make a pipe a terminal.
final class ProgressDisplay: @unchecked Sendable {
  private let lock = NSLock()
  private let start = DispatchTime.now().uptimeNanoseconds
  private var lastDraw: UInt64 = 0
  private var drawn = false
  private let atOnce = ProcessInfo.processInfo.environment["REPORT_TEST_PROGRESS_AT_ONCE"] == "1"

  static func forTerminal() -> ProgressDisplay? {
    isatty(STDERR_FILENO) == 1 && ProcessInfo.processInfo.environment["CI"] == nil
      ? ProgressDisplay() : nil
  }

  var report: @Sendable (FitProgress) -> Void {
    { [self] event in self.show(event) }
  }

  private func show(_ event: FitProgress) {
    switch event {
    case .graphRows(let done, let total):
      draw("building the graph: \(min(done, total)) of \(total) rows")
    case .iteration(let iteration, let residual):
      draw("iteration \(iteration): change \(String(format: "%.3g", residual))")
    }
  }

  /// Progress of a run of many fits (the learning curve): `fit 12 of 180`.
  func fits(_ done: Int, of total: Int) {
    draw("fit \(min(done, total)) of \(total)")
  }

  private func draw(_ text: String) {
    let now = DispatchTime.now().uptimeNanoseconds
    lock.lock()
    defer { lock.unlock() }
    guard atOnce || (now - start > 1_000_000_000 && now - lastDraw > 100_000_000) else { return }
    lastDraw = now
    StandardStreams.writeError("\r\u{1B}[K\(text)")
    drawn = true
  }

  func finish() {
    lock.lock()
    defer { lock.unlock() }
    if drawn { StandardStreams.writeError("\r\u{1B}[K") }
  }
}
