#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Tick positions and labels for a linear axis, after matplotlib's `MaxNLocator` (with the
/// `AutoLocator` steps 1, 2, 2.5, 5, 10 x 10^k) and `ScalarFormatter`.
enum TickLocator {
  /// The steps, within one decade, that a tick interval may take.
  static let niceSteps: [Double] = [1, 2, 2.5, 5, 10]

  /// How many intervals fit on an axis, as matplotlib's `Axis.get_tick_space` estimates it
  /// for `nbins='auto'`: the axis length in points over `factor` times the label font size
  /// (factor 3 for an x axis, 2 for a y axis), clipped to 1...9.
  static func binCount(axisLength pixels: Double, fontSize: Double, factor: Double) -> Int {
    let lengthPoints = pixels * 72 / Layout.dpi
    let fontPoints = fontSize * 72 / Layout.dpi
    let space = (lengthPoints / (fontPoints * factor)).rounded(.down)
    guard space.isFinite else { return 9 }
    return Int(max(1, min(9, space)))
  }

  /// The ticks that lie within `vmin...vmax`, at most `bins + 1` of them; with `integer`
  /// only whole numbers (`MaxNLocator(integer=True)`), for counts.
  static func ticks(vmin: Double, vmax: Double, bins: Int, integer: Bool = false) -> [Double] {
    let (low, high) = nonsingular(vmin, vmax, expander: 1e-13, tiny: 1e-14)
    let tolerance = 1e-10 * (high - low)
    return rawTicks(vmin: low, vmax: high, bins: max(1, bins), integer: integer).filter {
      $0 >= low - tolerance && $0 <= high + tolerance
    }
  }

  /// `MaxNLocator._raw_ticks`: the smallest nice step that gives at most `bins` intervals
  /// over the range, falling back to smaller steps until at least two ticks are inside.
  ///
  /// With `integer`, steps above 1 that are not whole are left out, and while the range
  /// holds at least two whole numbers no step is below 1 (matplotlib 3.11's code).
  static func rawTicks(vmin: Double, vmax: Double, bins: Int, integer: Bool = false) -> [Double] {
    let (scale, offset) = scaleRange(vmin, vmax, bins: bins)
    let low = vmin - offset
    let high = vmax - offset
    // The "staircase": a decade below and one step above the nice steps.
    var staircase = niceSteps.dropLast().map { $0 * 0.1 }
    staircase += niceSteps
    staircase.append(10 * niceSteps[1])
    var steps = staircase.map { $0 * scale }
    if integer {
      steps = steps.filter { $0 < 1 || abs($0 - $0.rounded()) < 0.001 }
    }
    let rawStep = (high - low) / Double(bins)
    let firstLarge = steps.firstIndex { $0 >= rawStep } ?? steps.count - 1
    var ticks: [Double] = []
    for candidate in steps[...firstLarge].reversed() {
      var step = candidate
      if integer && high.rounded(.down) - low.rounded(.up) >= 1 {
        step = max(1, step)
      }
      let bestMin = pythonFloorDivide(low, step) * step
      let edge = EdgeInteger(step: step, offset: offset)
      let first = edge.lessOrEqual(low - bestMin)
      let last = edge.greaterOrEqual(high - bestMin)
      ticks = stride(from: first, through: last, by: 1).map { $0 * step + bestMin }
      let inside = ticks.filter { $0 <= high && $0 >= low }.count
      if inside >= 2 { break }
    }
    return ticks.map { $0 + offset }
  }

  /// `ticker.scale_range`: the power of ten of one bin, and an offset for ranges far from 0.
  static func scaleRange(_ vmin: Double, _ vmax: Double, bins: Int) -> (Double, Double) {
    let span = abs(vmax - vmin)
    let mean = (vmax + vmin) / 2
    var offset = 0.0
    if abs(mean) / span >= 100 {
      offset = copysign(pow(10, pythonFloorDivide(log10(abs(mean)), 1)), mean)
    }
    let scale = pow(10, pythonFloorDivide(log10(span / Double(bins)), 1))
    return (scale, offset)
  }

  /// `transforms.nonsingular`: widens an empty or vanishing interval.
  static func nonsingular(
    _ vmin: Double, _ vmax: Double, expander: Double, tiny: Double
  ) -> (Double, Double) {
    let widened = LinearNormalization(vmin: min(vmin, vmax), vmax: max(vmin, vmax))
      .nonsingular(expander: expander, tiny: tiny)
    return (widened.vmin, widened.vmax)
  }

  /// Labels for `ticks`, as `ScalarFormatter` writes them without an offset: the fewest
  /// decimals (`%1.<n>f`) that show every tick to within 1/1000 of the tick range, and
  /// matplotlib's minus sign.
  static func labels(for ticks: [Double]) -> [String] {
    guard let low = ticks.min(), let high = ticks.max() else { return [] }
    let largest = max(abs(low), abs(high))
    if largest >= 1e6 || (largest < 1e-4 && largest > 0) {
      // matplotlib would move a power of ten to the axis end; a compact "%g" reads as well.
      return ticks.map { withUnicodeMinus(cFormat("%g", abs($0) < 1e-300 ? 0 : $0)) }
    }
    var range = high - low
    if range == 0 { range = largest }
    if range == 0 { range = 1 }
    let magnitude = Int(log10(range).rounded(.down))
    var decimals = max(0, 3 - magnitude)
    let threshold = 1e-3 * pow(10, Double(magnitude))
    while decimals >= 0 {
      let factor = pow(10, Double(decimals))
      let worst = ticks.map { abs($0 - ($0 * factor).rounded(.toNearestOrEven) / factor) }.max()!
      if worst < threshold {
        decimals -= 1
      } else {
        break
      }
    }
    decimals += 1
    return ticks.map { tick in
      let value = abs(tick) < 1e-8 ? 0 : tick
      return withUnicodeMinus(cFormat("%1.\(decimals)f", value))
    }
  }

  /// Python's `x // y` for floats.
  static func pythonFloorDivide(_ x: Double, _ y: Double) -> Double {
    pythonDivmod(x, y).quotient
  }

  /// Python's `divmod(x, y)` for floats: the floored quotient and a remainder with the
  /// sign of `y`.
  static func pythonDivmod(_ x: Double, _ y: Double) -> (quotient: Double, remainder: Double) {
    var remainder = fmod(x, y)
    var quotient = (x - remainder) / y
    if remainder != 0 {
      if (y < 0) != (remainder < 0) {
        remainder += y
        quotient -= 1
      }
    } else {
      remainder = copysign(0, y)
    }
    if quotient != 0 {
      var floored = quotient.rounded(.down)
      if quotient - floored > 0.5 { floored += 1 }
      quotient = floored
    } else {
      quotient = copysign(0, x / y)
    }
    return (quotient, remainder)
  }

  /// `ticker._Edge_integer`: integer multiples of a step, tolerant of rounding error.
  struct EdgeInteger {
    var step: Double
    var offset: Double

    init(step: Double, offset: Double) {
      self.step = step
      self.offset = abs(offset)
    }

    private func closeTo(_ ms: Double, _ edge: Double) -> Bool {
      var tolerance = 1e-10
      if offset > 0 {
        let digits = log10(offset / step)
        tolerance = min(0.4999, max(1e-10, pow(10, digits - 12)))
      }
      return abs(ms - edge) < tolerance
    }

    /// The largest n with n * step <= x.
    func lessOrEqual(_ x: Double) -> Double {
      let (quotient, remainder) = TickLocator.pythonDivmod(x, step)
      return closeTo(remainder / step, 1) ? quotient + 1 : quotient
    }

    /// The smallest n with n * step >= x.
    func greaterOrEqual(_ x: Double) -> Double {
      let (quotient, remainder) = TickLocator.pythonDivmod(x, step)
      return closeTo(remainder / step, 0) ? quotient : quotient + 1
    }
  }
}
