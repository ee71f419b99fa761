import Dispatch
import Foundation
import Learning
import Reporting

#if canImport(Glibc)
import Glibc
#endif

/// Wall-clock milliseconds of each phase, for the footer and `metrics.json`.
///
/// A phase may be measured on another thread while an enclosing one runs (the
/// predictions' text is made beside the figures); phases are listed in the order they end.
final class Stopwatch: @unchecked Sendable {
  private let start = DispatchTime.now().uptimeNanoseconds
  private let lock = NSLock()
  private var ended: [(String, Double)] = []

  var phases: [(String, Double)] { lock.withLock { ended } }

  func measure<T>(_ name: String, _ body: () throws -> T) rethrows -> T {
    let begin = DispatchTime.now().uptimeNanoseconds
    defer {
      let milliseconds = Double(DispatchTime.now().uptimeNanoseconds - begin) / 1e6
      lock.withLock { ended.append((name, milliseconds)) }
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

/// Progress of a long run on stderr, only when stderr is a terminal and the run lasts a second.
///
/// One line, redrawn in place, with the phase, done of total, the percentage, the time
/// the phase has taken and an estimate of the time it has left (`ProgressLine`,
/// `ProgressEstimate`). A phase without a known size shows its elapsed time only.
///
/// `REPORT_TEST_PROGRESS_AT_ONCE=1` (a test hook) draws every update from the start, so that
/// a test on a pseudo-terminal sees it without a slow run; it does not make a pipe a terminal.
final class ProgressDisplay: @unchecked Sendable {
  private struct Phase {
    let name: String
    var total: Int?
    var unit: ProgressLine.Unit
    let upperBound: Bool
    let started: UInt64
    /// When the estimate's clock started: the phase's start, or when its size became known.
    var measuredFrom: UInt64
    /// When `done` last moved: the time left counts down from there between updates.
    var lastUpdate: UInt64
    var done = 0
    var detail: String?
    var estimate = ProgressEstimate()
  }

  private let lock = NSLock()
  private let start = DispatchTime.now().uptimeNanoseconds
  private var lastDraw: UInt64 = 0
  private var drawn = false
  private var phase: Phase?
  private var timer: DispatchSourceTimer?
  private let atOnce = ProcessInfo.processInfo.environment["REPORT_TEST_PROGRESS_AT_ONCE"] == "1"
  private let width: Int
  /// What `FitProgress.graphRows` counts, named for the kernel (`finding the neighbours`).
  var graphPhase = "building the graph"
  /// The model's `max_iter`: the iterations' line counts towards it, and its time left is a most.
  var maxIterations: Int?

  private init(width: Int) { self.width = width }

  static func forTerminal() -> ProgressDisplay? {
    guard isatty(STDERR_FILENO) == 1, ProcessInfo.processInfo.environment["CI"] == nil else {
      return nil
    }
    var size = winsize()
    let columns = ioctl(STDERR_FILENO, UInt(TIOCGWINSZ), &size) == 0 ? Int(size.ws_col) : 0
    return ProgressDisplay(width: columns > 20 ? columns - 1 : 200)
  }

  var report: @Sendable (FitProgress) -> Void {
    { [self] event in self.show(event) }
  }

  /// Starts the phase of reading the file at `path`; the callback takes (bytes read, bytes in
  /// the file) from `DataSet.loadCSV`.
  func reading(_ path: String) -> @Sendable (Int, Int) -> Void {
    let name = "reading " + (path.split(separator: "/").last.map(String.init) ?? path)
    begin(name)
    return { [self] done, total in
      self.update(name, done: done, total: total, unit: .bytes)
    }
  }

  private func show(_ event: FitProgress) {
    switch event {
    case .graphRows(let done, let total):
      update(graphPhase, done: done, total: total, unit: .count("rows"))
    case .iteration(let iteration, let residual):
      update(
        "iterating", done: iteration, total: maxIterations, upperBound: true,
        detail: "change \(String(format: "%.3g", residual))")
    }
  }

  /// Progress of a run of many fits (the learning curve, tuning): `12 of 180 fits`.
  func fits(_ done: Int, of total: Int, phase: String = "fitting") {
    update(phase, done: done, total: total, unit: .count("fits"))
  }

  /// Starts a phase whose size is not known (its line shows the time it has taken).
  func begin(_ name: String) {
    update(name, done: 0, total: nil)
  }

  /// Moves phase `name` to `done` of `total`, starting it if it is not the current one.
  ///
  /// Counts reported out of order by worker threads never move the line back.
  func update(
    _ name: String, done: Int, total: Int?, unit: ProgressLine.Unit = .count(""),
    upperBound: Bool = false, detail: String? = nil
  ) {
    let now = DispatchTime.now().uptimeNanoseconds
    lock.lock()
    defer { lock.unlock() }
    if phase?.name != name {
      phase = Phase(
        name: name, total: total, unit: unit, upperBound: upperBound, started: now,
        measuredFrom: now, lastUpdate: now)
      lastDraw = 0
      startTimer()
    }
    guard var current = phase else { return }
    if total != current.total {
      // The size became known (a file's bytes once the reader takes over): the same phase and
      // elapsed time, but the rate counts from now (the reader's first pass counts no bytes).
      current.total = total
      current.unit = unit
      current.estimate = ProgressEstimate()
      current.measuredFrom = now
      current.done = 0
    }
    if done >= current.done {
      current.done = done
      current.lastUpdate = now
      current.detail = detail
      current.estimate.record(
        elapsed: seconds(since: current.measuredFrom, now), done: Double(done))
    }
    phase = current
    drawLocked(now)
  }

  private func seconds(since time: UInt64, _ now: UInt64) -> Double {
    Double(now &- time) / 1e9
  }

  /// Redraws the line every quarter second, so that a phase without events still shows time.
  private func startTimer() {
    guard timer == nil else { return }
    let timer = DispatchSource.makeTimerSource(queue: .global(qos: .utility))
    timer.schedule(deadline: .now() + .milliseconds(250), repeating: .milliseconds(250))
    timer.setEventHandler { [weak self] in self?.tick() }
    timer.resume()
    self.timer = timer
  }

  private func tick() {
    lock.lock()
    defer { lock.unlock() }
    drawLocked(DispatchTime.now().uptimeNanoseconds, fromTimer: true)
  }

  private func drawLocked(_ now: UInt64, fromTimer: Bool = false) {
    guard let phase else { return }
    let interval: UInt64 = fromTimer ? 200_000_000 : 100_000_000
    guard atOnce || (now - start > 1_000_000_000 && now &- lastDraw > interval) else { return }
    lastDraw = now
    let total = phase.total.map(Double.init)
    var text = ProgressLine.text(
      phase: phase.name, done: phase.done, total: phase.total, unit: phase.unit,
      elapsed: seconds(since: phase.started, now),
      remaining: total.flatMap { phase.estimate.remaining(done: Double(phase.done), total: $0) }
        // Never 0:00 left while the phase runs on.
        .map { $0 > 0 ? max(1e-3, $0 - seconds(since: phase.lastUpdate, now)) : 0 },
      upperBound: phase.upperBound, detail: phase.detail)
    if text.count > width { text = String(text.prefix(width)) }
    StandardStreams.writeError("\r\u{1B}[K\(text)")
    drawn = true
  }

  /// Clears the line before other output; a later `update` starts a new phase.
  func finish() {
    lock.lock()
    defer { lock.unlock() }
    timer?.cancel()
    timer = nil
    phase = nil
    if drawn { StandardStreams.writeError("\r\u{1B}[K") }
    drawn = false
  }

  deinit { timer?.cancel() }
}
