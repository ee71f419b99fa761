import Foundation

/// How long a phase has left, from how much of it is done after how long.
///
/// The rate (units per second) is smoothed: the first estimate is the phase's
/// average `done / elapsed`; each later one, at least `window` seconds after the
/// previous one, mixes the rate over that stretch in with weight `smoothing`,
/// so that one slow or fast stretch (a busy neighbour on a shared machine, a
/// part that finished early) moves the estimate by a share instead of making it
/// jump. The time left is then `(total - done) / rate`.
public struct ProgressEstimate: Sendable, Equatable {
  /// The weight of the newest stretch's rate, in 0...1 (1: no smoothing).
  public let smoothing: Double
  /// The shortest stretch, in seconds, whose rate is mixed in; shorter ones wait.
  public let window: Double
  /// Units per second, once known.
  public private(set) var rate: Double?
  private var last: (elapsed: Double, done: Double)?

  public init(smoothing: Double = 0.3, window: Double = 0.5) {
    self.smoothing = min(max(smoothing, 0), 1)
    self.window = max(window, 0)
  }

  /// Records that `done` units were done `elapsed` seconds into the phase.
  public mutating func record(elapsed: Double, done: Double) {
    guard elapsed.isFinite, done.isFinite, elapsed > 0, done >= 0 else { return }
    guard let last else {
      if done > 0 {
        rate = done / elapsed
        self.last = (elapsed, done)
      }
      return
    }
    let stretch = elapsed - last.elapsed
    guard stretch >= window, done >= last.done else { return }
    let recent = (done - last.done) / stretch
    rate = rate.map { smoothing * recent + (1 - smoothing) * $0 } ?? recent
    self.last = (elapsed, done)
  }

  /// Seconds left until `done` reaches `total` at the smoothed rate; 0 when done, nil while
  /// nothing is known (nothing done yet, or no progress since).
  public func remaining(done: Double, total: Double) -> Double? {
    if done >= total { return 0 }
    guard let rate, rate > 0 else { return nil }
    return (total - done) / rate
  }

  public static func == (lhs: ProgressEstimate, rhs: ProgressEstimate) -> Bool {
    lhs.smoothing == rhs.smoothing && lhs.window == rhs.window && lhs.rate == rhs.rate
      && lhs.last?.elapsed == rhs.last?.elapsed && lhs.last?.done == rhs.last?.done
  }
}

/// The terminal's one progress line: phase, done of total, percent, elapsed, time left.
public enum ProgressLine {
  /// What the counts are: plain numbers (`12,345 of 100,000 rows`) or bytes (`3.4 of 275.0 MB`).
  public enum Unit: Sendable, Equatable {
    case count(String)
    case bytes
  }

  /// `phase: done of total unit (percent), elapsed, about remaining left`, then `detail`.
  ///
  /// - Parameters:
  ///   - total: nil when the phase has no known size: then only the elapsed time is shown.
  ///   - upperBound: `total` is a most, not a count to come (the iterations' `max_iter`):
  ///     it reads `of at most`, and the time left `at most`.
  public static func text(
    phase: String, done: Int, total: Int?, unit: Unit = .count(""), elapsed: Double,
    remaining: Double?, upperBound: Bool = false, detail: String? = nil
  ) -> String {
    var line = phase
    if let total {
      let shown = min(max(done, 0), max(total, 0))
      let of = upperBound ? "of at most" : "of"
      switch unit {
      case .count(let name):
        line += ": \(grouped(shown)) \(of) \(grouped(total))" + (name.isEmpty ? "" : " \(name)")
      case .bytes:
        line += ": \(bytes(shown, scaleOf: total)) \(of) \(NumberFormatting.fileSize(total))"
      }
      let percent = total > 0 ? Int((Double(shown) * 100 / Double(total)).rounded(.down)) : 100
      line += " (\(percent)%)"
    }
    if let detail { line += ", \(detail)" }
    line += ", \(duration(elapsed, roundingUp: false)) elapsed"
    if total != nil, let remaining {
      line += ", \(upperBound ? "at most" : "about") \(duration(remaining)) left"
    }
    return line
  }

  /// Seconds as a clock reads them: `0:07`, `12:30`, `1:02:03`; a time left is rounded up (never
  /// `0:00` left while something remains), a time elapsed down.
  public static func duration(_ seconds: Double, roundingUp: Bool = true) -> String {
    guard seconds.isFinite, seconds < 1e9 else { return "--:--" }
    let whole = Int(max(seconds, 0).rounded(roundingUp ? .up : .down))
    let (hours, minutes, rest) = (whole / 3600, whole / 60 % 60, whole % 60)
    let twoDigits = { (value: Int) in value < 10 ? "0\(value)" : "\(value)" }
    return hours > 0
      ? "\(hours):\(twoDigits(minutes)):\(twoDigits(rest))" : "\(minutes):\(twoDigits(rest))"
  }

  /// `1234567` as `1,234,567`.
  static func grouped(_ value: Int) -> String {
    let digits = String(value.magnitude)
    var result = ""
    for (offset, character) in digits.enumerated() {
      if offset > 0, (digits.count - offset) % 3 == 0 { result.append(",") }
      result.append(character)
    }
    return value < 0 ? "-" + result : result
  }

  /// `bytes` in the unit `NumberFormatting.fileSize` picks for `total`, without the unit name.
  static func bytes(_ bytes: Int, scaleOf total: Int) -> String {
    guard total >= 1000 else { return "\(bytes)" }
    var scale = 1000.0
    var size = Double(total) / 1000
    while size >= 999.95, scale < 1e12 {
      size /= 1000
      scale *= 1000
    }
    return String(format: "%.1f", locale: nil, Double(bytes) / scale)
  }
}
